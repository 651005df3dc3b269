"""A resident process's memory of its last site check (``pipeline daemon``).

A check in a process that stays up (the daemon) keeps what it worked out: the files it
read, with their sizes and times, each file's findings, and the findings folded and
sorted. The next check stats the files it knows; when only some of them were edited (none
added, removed or renamed, the configuration and glossary unchanged), it checks those
alone and refolds only their findings' groups: the report is the one a full check would
write, byte for byte. Anything else is a full check, which this memory then follows.
"""

from __future__ import annotations


class ResidentCheck:
    """What the last check of a resident process left (nothing before its first)."""

    def __init__(self) -> None:
        self.runs = 0
        """Checks run in this process."""
        self.incremental = 0
        """Of those, the ones that worked on the edited files alone."""
