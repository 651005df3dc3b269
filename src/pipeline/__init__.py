"""pipeline: a multilingual content pipeline and translation checker."""

__version__ = "0.1.0"
