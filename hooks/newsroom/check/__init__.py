"""Check stage: rules across files (links, navigation) on the validated content."""
