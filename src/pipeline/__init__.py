"""pipeline: a multilingual content pipeline and translation checker."""

__version__ = "0.2.0"
"""The version, written here only (the package metadata reads it; releases are tagged
``v`` + this)."""

__repository__ = "https://github.com/idpc/pipeline"
"""Where the tool's repository is: the pre-commit hook and the composite GitHub Action that
``pipeline init`` writes point at it (pinned by the release tag)."""
