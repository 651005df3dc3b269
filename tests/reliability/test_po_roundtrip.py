"""PO read -> write is the identity: on real samples and on generated catalogues."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reliability.profiles import profile

from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po
from pipeline.catalog.po_write import format_po

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "data" / "po-samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.po")) if SAMPLES.is_dir() else []
MSGCAT = shutil.which("msgcat")


@pytest.mark.skipif(not SAMPLE_FILES, reason=f"{SAMPLES} is absent")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_samples_round_trip(path: Path) -> None:
    text = path.read_text("utf-8")
    assert format_po(parse_po(text, path.name)) == text


# Characters that stress escaping, wrapping and widths: escapes, quotes, spaces,
# punctuation, Latin, CJK (double width), Arabic, Hebrew, Devanagari, combining marks,
# emoji (with ZWJ), zero-width and line-separator characters.
ALPHABET = st.sampled_from(
    list("abc xyz ABC 019 ,.;:!?-_/()[]{}%$#@&*+=<>'\"\\\n\t\a\b\f\v\r")
    + list("éèçœßøÅ漢字かなカナ한국مرحباשלוםनमस्ते\u0301\u200b\u200d\u2028\u00a0👍🏽👨‍👩‍👧")
)
texts = st.text(ALPHABET, max_size=200)
words = st.text(st.sampled_from(list("abcdefghij éà漢")), min_size=1, max_size=12)
long_texts = st.lists(words, min_size=20, max_size=60).map(" ".join)
strings = st.one_of(texts, long_texts)
flags = st.lists(
    st.sampled_from(["fuzzy", "c-format", "python-format", "no-wrap", "no-c-format"]),
    unique=True,
    max_size=3,
)


@st.composite
def messages(draw: st.DrawFn, obsolete: bool) -> Message:
    plural = draw(st.booleans())
    msgid = draw(strings.filter(bool))
    fuzzy_prev = draw(st.booleans())
    return Message(
        msgid=msgid,
        msgstr="" if plural else draw(strings),
        msgctxt=draw(st.none() | strings),
        msgid_plural=draw(strings) if plural else None,
        msgstr_plural=tuple(draw(st.lists(strings, min_size=2, max_size=4))) if plural else (),
        translator_comments=tuple(draw(st.lists(st.text("abc é漢 #:", max_size=20), max_size=2))),
        extracted_comments=() if obsolete else tuple(draw(st.lists(words, max_size=2))),
        references=()
        if obsolete
        else tuple(
            draw(
                st.lists(
                    st.from_regex(r"content/en/[a-z]{1,30}\.md:[1-9][0-9]{0,3}", fullmatch=True),
                    max_size=8,
                )
            )
        ),
        flags=tuple(draw(flags)),
        previous_msgid=draw(strings.filter(bool)) if fuzzy_prev else None,
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    header = Message(
        msgid="",
        msgstr="Language: fr\nContent-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\n",
        translator_comments=("Header comment",),
    )
    live = draw(st.lists(messages(False), max_size=6, unique_by=lambda m: m.key))
    # gettext refuses two entries with one key, even a live and an obsolete one.
    keys = {m.key for m in live}
    dead = draw(
        st.lists(
            messages(True).filter(lambda m: m.key not in keys),
            max_size=3,
            unique_by=lambda m: m.key,
        )
    )
    return Catalog(header=header, messages=[*live, *dead])


def _essentials(catalog: Catalog) -> list[tuple[object, ...]]:
    return [
        (m.msgctxt, m.msgid, m.msgid_plural, m.msgstr, m.msgstr_plural, m.obsolete)
        for m in catalog.messages
    ]


@profile(short=150, long=5000)
@given(catalogs(), st.sampled_from([79, 40, 0]))
def test_generated_catalogues_round_trip(catalog: Catalog, width: int) -> None:
    text = format_po(catalog, width=width)
    parsed = parse_po(text, "generated.po")
    assert format_po(parsed, width=width) == text
    # What was written is what was read (obsolete entries without translation are dropped).
    written = [
        m
        for m in catalog.messages
        if not m.obsolete or (m.msgstr_plural[0] if m.msgid_plural is not None else m.msgstr)
    ]
    ordered = [m for m in written if not m.obsolete] + [m for m in written if m.obsolete]
    assert _essentials(parsed) == _essentials(Catalog(None, ordered))


@pytest.mark.skipif(MSGCAT is None, reason="GNU msgcat is not installed")
@profile(short=15, long=300)
@given(catalogs().filter(lambda c: any(not m.obsolete for m in c.messages)))
def test_generated_catalogues_match_msgcat(catalog: Catalog) -> None:
    """msgcat rewrites our output unchanged: it is laid out exactly as gettext writes it."""
    text = format_po(catalog)
    assert MSGCAT is not None
    done = subprocess.run(
        [MSGCAT, "-"], input=text.encode(), capture_output=True, check=False, timeout=30
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode() == text
