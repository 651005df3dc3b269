"""Gettext catalogues: the in-memory model, PO/POT I/O, extraction and merging."""
