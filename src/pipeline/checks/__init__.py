"""Checks: one module per family of rules; each yields findings and never prints."""
