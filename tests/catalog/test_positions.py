"""Where a character of a translation is in its PO file."""

from __future__ import annotations

from pipeline.catalog.po_read import parse_po
from pipeline.catalog.positions import translation_position

PO = r"""msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

#: a.rst:1
msgid "One. Two."
msgstr ""
"Première phrase, \"citée\". "
"This sentence is English."

msgid "cat"
msgid_plural "cats"
msgstr[0] "chat"
msgstr[1] "chats. Many cats."
"""


def test_a_character_of_a_multiline_msgstr() -> None:
    catalog = parse_po(PO, "x.po")
    message = catalog.messages[0]
    offset = message.msgstr.index("This")
    assert translation_position(PO.split("\n"), message, 0, offset) == (8, 2)
    # Escapes count as one character of the translation.
    quote = message.msgstr.index("citée")
    assert translation_position(PO.split("\n"), message, 0, quote) == (7, 21)


def test_plural_forms() -> None:
    catalog = parse_po(PO, "x.po")
    message = catalog.messages[1]
    offset = message.msgstr_plural[1].index("Many")
    assert translation_position(PO.split("\n"), message, 1, offset) == (13, 19)


def test_out_of_range_is_none() -> None:
    catalog = parse_po(PO, "x.po")
    message = catalog.messages[0]
    assert translation_position(PO.split("\n"), message, 0, 10_000) is None
    assert translation_position([], message, 0, 0) is None
