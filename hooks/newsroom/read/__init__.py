"""Read stage: source files -> validated content model, every problem collected."""
