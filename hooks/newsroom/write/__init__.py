"""Write stage: pure serialisers from the plan to bytes (feeds, ICS, JSON-LD, robots.txt)."""
