"""Browser tests: the built sites in Chromium (Playwright), served on 127.0.0.1."""
