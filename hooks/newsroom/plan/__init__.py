"""Plan stage: the audience filter, then every page and file the site will hold."""
