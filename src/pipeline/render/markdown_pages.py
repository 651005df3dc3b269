"""Localised Markdown pages: a source page with each unit's translation spliced in (pure).

Only the source spans of the translated units change; everything else (front matter keys,
comments and quoting, list numbering, tables, code, HTML, footnotes) is copied byte for
byte. The generated page carries a marker comment as the first line of its body naming the
catalogue it came from and hashes of the source page and of the generated content, so that
hand edits and stale pages can be told apart from what the pipeline would write.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

from pipeline.catalog.model import Catalog
from pipeline.content.marker import marker_line, text_hash
from pipeline.model import Page, Segment, UnitKind
from pipeline.segment.frontmatter import front_matter_format

_UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s>]))(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\n]*\]:")
_NEWLINE_WITH_BREAK = re.compile(r"(?: {2,}|\\)?\n[ \t]*")
_YAML_PLAIN_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def catalog_translations(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr of the entries a generated page uses: live, translated, not fuzzy,
    without context or plural forms."""
    return {
        m.msgid: m.msgstr
        for m in catalog.messages
        if not m.obsolete and m.translated and m.msgctxt is None and m.msgid_plural is None
    }


def localize_page(
    page: Page, translations: Mapping[str, str], *, lang: str, catalog_path: str
) -> str:
    """The source page with each translated unit spliced in at its source span, and the marker.

    ``translations`` maps source texts (msgids) to translations; units without one keep
    the source text, so an untranslated page equals its source apart from the marker line.
    ``lang`` is the target language (kept for callers' symmetry; the text does not depend on
    it beyond the translations).
    """
    del lang
    text = page.text
    edits: list[tuple[int, int, str]] = []
    last_end = -1
    for segment in sorted(page.segments, key=lambda s: (s.start, s.end)):
        if segment.start < 0 or segment.end < segment.start or segment.start < last_end:
            continue
        translation = translations.get(segment.text)
        if translation is None or translation == segment.text:
            continue
        edits.append((segment.start, segment.end, _replacement(text, segment, translation)))
        last_end = segment.end
    offset = _body_offset(text, page.body_line)
    head = _splice(text, [e for e in edits if e[0] < offset], 0, min(offset, len(text)))
    tail = _splice(text, [e for e in edits if e[0] >= offset], offset, len(text))
    marker = marker_line(catalog_path, text_hash(page.text), text_hash(head + tail))
    if offset > len(text):  # front matter closes on the last line, without a newline
        return head + "\n" + marker
    return head + marker + tail


def _splice(text: str, edits: list[tuple[int, int, str]], begin: int, end: int) -> str:
    """``text[begin:end]`` with the edits (sorted, inside the range) applied."""
    pieces: list[str] = []
    position = begin
    for start, stop, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = stop
    pieces.append(text[position:end])
    return "".join(pieces)


def _body_offset(text: str, body_line: int) -> int:
    """Offset of the start of 1-based line ``body_line``."""
    offset = 0
    for _ in range(body_line - 1):
        newline = text.find("\n", offset)
        if newline < 0:
            return len(text) + 1
        offset = newline + 1
    return offset


def _replacement(text: str, segment: Segment, translation: str) -> str:
    raw = text[segment.start : segment.end]
    if segment.block < 0 or segment.kind in (UnitKind.TITLE, UnitKind.DESCRIPTION):
        if front_matter_format(text) in ("toml", "json"):
            return _json_string(translation)
        return _yaml_scalar(raw, translation)
    if segment.kind in (UnitKind.HTML_ALT, UnitKind.HTML_TITLE):
        one_line = html.escape(_NEWLINE_WITH_BREAK.sub(" ", translation).strip(), quote=True)
        quoted = segment.start > 0 and text[segment.start - 1] in "\"'"
        return one_line if quoted else f'"{one_line}"'
    if segment.kind is UnitKind.TABLE_CELL:
        one_line = _NEWLINE_WITH_BREAK.sub(" ", translation).strip()
        return _UNESCAPED_PIPE.sub(lambda m: m.group(1) + "\\|", one_line)
    if segment.kind in (UnitKind.IMAGE_TITLE, UnitKind.LINK_TITLE):
        one_line = _NEWLINE_WITH_BREAK.sub(" ", translation).strip()
        opener = text[segment.start - 1] if segment.start > 0 else '"'
        closer = {"(": ")"}.get(opener, opener)
        for quote in {opener, closer}:
            if quote in "\"')(":
                one_line = re.sub(rf"(?<!\\){re.escape(quote)}", "\\" + quote, one_line)
        return one_line
    if segment.kind is UnitKind.IMAGE_ALT or (segment.kind is UnitKind.HEADING and "\n" not in raw):
        return _NEWLINE_WITH_BREAK.sub(" ", translation).strip()
    line_start = text.rfind("\n", 0, segment.start) + 1
    prefix = _continuation_prefix(text[line_start : segment.start])
    return ("\n" + prefix).join(translation.split("\n"))


def _continuation_prefix(lead: str) -> str:
    """What a continuation line needs in front of it, given the first line's lead-in:
    block quote markers are repeated, list markers and footnote labels become spaces."""
    lead = _FOOTNOTE_LABEL.sub(lambda m: " " * len(m.group()), lead)
    return _LIST_MARKER.sub(lambda m: " " * len(m.group()), lead)


def _json_string(value: str) -> str:
    """``value`` as a string both JSON and TOML read (one line; control characters and DEL
    escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _yaml_scalar(raw: str, translation: str) -> str:
    """The translation written in place of a front-matter scalar's source text ``raw``."""
    core = raw.rstrip()
    trailing = raw[len(core) :]
    quoted = core[:1] in ("'", '"') or core[:1] in ("|", ">")
    if not quoted and _plain_ok(translation):
        return translation + trailing
    return yaml_double_quoted(translation) + trailing


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    if _YAML_PLAIN_UNSAFE.search(value):
        return False
    import yaml  # imported here: a check run imports this module but reads no YAML

    try:
        loaded = yaml.safe_load(f"key: {value}\n")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("key") == value


def yaml_double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (one line, escapes for what needs them)."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif char in "\u2028\u2029\ufeff":
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
