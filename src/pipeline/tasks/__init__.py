"""The commands' work: load, transform, write; each returns a summary record for the CLI."""
