"""Tests for pipeline.catalog.po_read: parsing and errors with their lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import catalog_language, parse_po, read_po
from pipeline.catalog.po_write import format_po
from pipeline.errors import CatalogError
from po_helpers import HEADER, strip_lines

HERE = Path(__file__).resolve().parent
BAD = HERE / "pofile" / "bad"


# --------------------------------------------------------------------------- parsing


SIMPLE = """\
# Translator line
#
#.  Extracted with two spaces
#: a.md:1 b.md:2
#: c.md:3
#, fuzzy, python-format
#| msgctxt "old ctx"
#| msgid "old "
#| "text"
msgctxt "ctx"
msgid ""
"Hello\\t\\"world\\"\\n"
"second \\\\ line"
msgstr "Bonjour"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "un fichier"
msgstr[1] "%d fichiers"

#~| msgid "gone before"
#~ msgid "gone"
#~ msgstr "parti"
"""


def test_parse_all_fields() -> None:
    catalog = parse_po(SIMPLE, "x.po")
    assert catalog.header is None
    first, plural, gone = catalog.messages
    assert first.translator_comments == ("Translator line", "")
    assert first.extracted_comments == (" Extracted with two spaces",)
    assert first.references == ("a.md:1", "b.md:2", "c.md:3")
    assert first.flags == ("fuzzy", "python-format")
    assert first.previous_msgctxt == "old ctx"
    assert first.previous_msgid == "old text"
    assert first.msgctxt == "ctx"
    assert first.msgid == 'Hello\t"world"\nsecond \\ line'
    assert first.msgstr == "Bonjour"
    assert first.line == 11
    assert plural.msgid_plural == "%d files"
    assert plural.msgstr_plural == ("un fichier", "%d fichiers")
    assert plural.line == 16
    assert gone.obsolete and gone.previous_msgid == "gone before" and gone.msgstr == "parti"
    assert gone.line == 22


def test_parse_escapes_octal_hex_and_c_escapes() -> None:
    text = 'msgid "a\\101\\x42\\303\\251\\a\\b\\f\\v\\r"\nmsgstr ""\n'
    (msg,) = parse_po(text, "e.po").messages
    assert msg.msgid == "aABé\a\b\f\v\r"


def test_bom_and_crlf_accepted() -> None:
    text = "\ufeff" + SIMPLE.replace("\n", "\r\n")
    assert strip_lines(parse_po(text, "x.po")) == strip_lines(parse_po(SIMPLE, "x.po"))


def test_header_and_language() -> None:
    text = format_po(Catalog(header=HEADER, messages=[Message("a", "b")]))
    catalog = parse_po(text, "h.po")
    assert catalog.header is not None and catalog.header.msgid == ""
    assert catalog_language(catalog) == "fr"
    assert catalog_language(Catalog(header=None)) is None
    assert [m.msgid for m in catalog.messages] == ["a"]


def test_read_po_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid "a"\nmsgstr "b"\n\nmsgid "c\xff"\nmsgstr ""\n')
    with pytest.raises(CatalogError) as info:
        read_po(path, display="locale/bad.po")
    assert info.value.line == 4
    assert info.value.path == "locale/bad.po"
    assert "UTF-8" in info.value.message


def test_read_po_ok(tmp_path: Path) -> None:
    path = tmp_path / "ok.po"
    path.write_bytes(SIMPLE.encode())
    catalog = read_po(path)
    assert catalog.path == str(path)
    assert len(catalog.messages) == 3


# --------------------------------------------------------------------------- bad files


BAD_FILES = sorted(BAD.glob("*.po"))
EXPECT_RE = re.compile(r"^# expect: (\d+): (.+)$")


def test_bad_files_present() -> None:
    assert len(BAD_FILES) >= 12


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.name for p in BAD_FILES])
def test_bad_file_raises_with_line(bad: Path) -> None:
    first = bad.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = EXPECT_RE.match(first)
    assert match, f"{bad.name}: first line must be '# expect: LINE: fragment'"
    with pytest.raises(CatalogError) as info:
        read_po(bad, display=bad.name)
    assert info.value.path == bad.name
    assert info.value.line == int(match.group(1)), str(info.value)
    assert match.group(2).lower() in info.value.message.lower(), str(info.value)


def _outcome(text: str) -> object:
    try:
        return parse_po(text, "x.po").messages
    except CatalogError as exc:
        return str(exc)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet='ab "\\ntx0é', max_size=12),
    st.text(alphabet='ab "\\ntx0é', max_size=12),
    st.sampled_from(["", "#~ "]),
)
def test_a_keyword_before_one_space_reads_as_before_any_blank(
    source: str, translation: str, prefix: str
) -> None:
    """``msgid "…"`` and ``msgstr "…"`` (one space: the lines of nearly every file, read
    without the keyword pattern) give the entry, or the fault, that the same lines with
    another blank between keyword and string give."""
    body = f'{prefix}msgid "{source}"\n{prefix}msgstr "{translation}"\n'
    tabbed = body.replace('msgid "', 'msgid\t"').replace('msgstr "', 'msgstr\t"')
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    assert _outcome(header + body) == _outcome(header + tabbed)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet='ab "\\ntx0é', max_size=8), min_size=1, max_size=4))
def test_a_string_continued_on_plain_lines_reads_as_an_obsolete_one(chunks: list[str]) -> None:
    """The continuation lines of a live msgid and msgstr (read in the parser's loop when
    they hold no quote or escape) give the text, or the fault, that the same lines give in
    an obsolete (``#~``) entry, read one line at a time."""
    lines = "".join(f'"{chunk}"\n' for chunk in chunks)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    entry = f'msgid "k"\n{lines}msgstr "t"\n{lines}'
    live = _outcome(header + entry)
    obsolete = _outcome(header + "".join(f"#~ {line}\n" for line in entry.splitlines()))
    if isinstance(live, str):
        assert live == obsolete
    else:
        assert isinstance(obsolete, list)
        assert [(m.msgid, m.msgstr, m.line) for m in live] == [
            (m.msgid, m.msgstr, m.line) for m in obsolete
        ]


def test_every_field_lands_in_its_place() -> None:
    """The reader builds a message from positional values: each in Message's own field."""
    text = (
        "# tr\n#. ex\n#: r.rst:1\n#, f1\n"
        '#| msgctxt "pc"\n#| msgid "pi"\n#| msgid_plural "pp"\n'
        'msgctxt "c"\nmsgid "i"\nmsgid_plural "p"\nmsgstr[0] "s0"\nmsgstr[1] "s1"\n\n'
        '#~ msgid "o"\n#~ msgstr "os"\n'
    )
    full, gone = parse_po(text, "x.po").messages
    assert full == Message(
        msgid="i",
        msgctxt="c",
        msgid_plural="p",
        msgstr_plural=("s0", "s1"),
        translator_comments=("tr",),
        extracted_comments=("ex",),
        references=("r.rst:1",),
        flags=("f1",),
        previous_msgctxt="pc",
        previous_msgid="pi",
        previous_msgid_plural="pp",
        line=9,
    )
    assert gone == Message(msgid="o", msgstr="os", obsolete=True, line=14)
