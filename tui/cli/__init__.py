"""The headless command line: ``gigs list``, ``gigs sources``… (no Textual imports)."""
