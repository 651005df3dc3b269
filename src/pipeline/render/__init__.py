"""Localised HTML: fragments per page and language, indexes, manifest, preview documents."""
