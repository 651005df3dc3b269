"""In-memory gettext catalogue: a header entry and messages, in file order."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Message:
    """One PO entry. Field names follow GNU gettext's terms."""

    msgid: str
    """Source text (``""`` for the header entry)."""
    msgstr: str = ""
    """Translation of a non-plural entry."""
    msgctxt: str | None = None
    """Disambiguating context, or None."""
    msgid_plural: str | None = None
    """Plural source text, or None for a non-plural entry."""
    msgstr_plural: tuple[str, ...] = ()
    """Plural translations, index = plural form (only when ``msgid_plural`` is set)."""
    translator_comments: tuple[str, ...] = ()
    """``# `` lines, without the marker."""
    extracted_comments: tuple[str, ...] = ()
    """``#.`` lines, without the marker."""
    references: tuple[str, ...] = ()
    """``#:`` tokens (``content/en/incb.md:9``)."""
    flags: tuple[str, ...] = ()
    """``#,`` flags in file order (``fuzzy``, ``python-format``, ...)."""
    previous_msgctxt: str | None = None
    """``#| msgctxt``: context of the entry before the source changed."""
    previous_msgid: str | None = None
    """``#| msgid``: source text before it changed."""
    previous_msgid_plural: str | None = None
    """``#| msgid_plural``."""
    obsolete: bool = False
    """``#~`` entry: its source text is gone."""
    line: int = 0
    """1-based line of the entry's ``msgid`` keyword in the file it was read from (0: not read)."""

    @property
    def key(self) -> tuple[str | None, str]:
        """Identity of the entry in a catalogue: context and msgid."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """True when every translation string is non-empty and the entry is not fuzzy."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return self.msgstr != ""

    @property
    def has_translation(self) -> bool:
        """True when any translation string is non-empty (fuzzy included)."""
        if self.msgid_plural is not None:
            return any(self.msgstr_plural)
        return self.msgstr != ""

    @property
    def translations(self) -> tuple[str, ...]:
        """The translation strings (one, or one per plural form)."""
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    def source_of(self, form: int) -> str:
        """The source text plural form ``form`` translates (``msgid`` for form 0)."""
        return self.msgid_plural if form and self.msgid_plural is not None else self.msgid

    def with_flag(self, flag: str, present: bool = True) -> Message:
        flags = tuple(f for f in self.flags if f != flag)
        if present:
            flags = (flag, *flags) if flag == "fuzzy" else (*flags, flag)
        return replace(self, flags=flags)


@dataclass(slots=True)
class Catalog:
    """A PO or POT file: its header entry and its messages in file order."""

    header: Message | None
    """The entry with an empty msgid (its msgstr holds ``Name: value`` lines), or None."""
    messages: list[Message] = field(default_factory=list)
    """Every other entry, obsolete ones included, in file order."""
    path: str | None = None
    """File it was read from, for messages."""

    def header_fields(self) -> dict[str, str]:
        """The header's ``Name: value`` pairs, in order."""
        fields: dict[str, str] = {}
        if self.header is None:
            return fields
        for raw in self.header.msgstr.split("\n"):
            name, sep, value = raw.partition(":")
            if sep:
                fields[name.strip()] = value.strip()
        return fields

    def live(self) -> list[Message]:
        """Non-obsolete messages."""
        return [m for m in self.messages if not m.obsolete]

    def translated(self) -> list[Message]:
        """Live, non-fuzzy entries with a translation."""
        return [m for m in self.messages if not m.obsolete and m.translated]


def format_header(fields: dict[str, str]) -> str:
    """Header msgstr text from ``Name: value`` pairs (each line ends with ``\\n``)."""
    return "".join(f"{name}: {value}\n" for name, value in fields.items())
