"""The cleaner, the letter count, the cues' code mask, the sentence masks and the words of a
source against the implementations they replaced (kept here as the reference), on the aligned corpus
``../shared/data/docs-fr-pairs.jsonl``, on every msgstr and msgid of the real python-docs-fr
catalogues (read only), and on random strings of the characters the patterns are about."""

from __future__ import annotations

import html
import json
import random
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.langid import clean, cues, scripts, sentences, shared
from pipeline.langid.clean import (
    _AUTOLINK,
    _CAMEL,
    _CAPS_WORD,
    _DIGIT,
    _DIGIT_TOKEN,
    _DOTTED_WORD,
    _DUNDER,
    _EMAIL,
    _EMPHASIS,
    _FENCED,
    _HEADING_ATTRS,
    _HTML_COMMENT,
    _HTML_TAG,
    _HUGO_SHORTCODE,
    _IDENTIFIER,
    _IMAGE,
    _LINK,
    _LOWER_UPPER,
    _PLACEHOLDER,
    _REF_LINK,
    _REST_LINK,
    _REST_ROLE,
    _REST_ROLE_LEFTOVER,
    _REST_ROLE_TITLED,
    _REST_SUBST,
    _SHORT_EMPHASIS,
    _UNDERSCORE_EMPHASIS,
    MAX_CHARS,
    _strip_acronym,
    _strip_identifier,
    _strip_short_emphasis,
    _terms_pattern,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
PAIRS = DATA / "docs-fr-pairs.jsonl"
PYTHON_DOCS = DATA / "real" / "python-docs-fr"

# The reference: clean.py, cues.py and sentences.py before the speed change (main b20cd31);
# the patterns that did not change are imported above.
_OLD_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1_{0,2}", re.S)
_OLD_WS = re.compile(r"\s+")
_OLD_CUE_CODE = re.compile(r"(?::[\w.+-]+(?::[\w.+-]+)*:)?(`+)(?:(?!\1).)+?\1_{0,2}", re.S)
_OLD_MASK_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


def _old_detectable(text: str, terms: tuple[str, ...]) -> str:
    out = text[:MAX_CHARS]
    if "```" in out or "~~~" in out:
        out = _FENCED.sub(" ", out)
    if "<!--" in out:
        out = _HTML_COMMENT.sub(" ", out)
    if "{{" in out:
        out = _HUGO_SHORTCODE.sub(" ", out)
    if "{#" in out or "{." in out:
        out = _HEADING_ATTRS.sub(" ", out)
    if "`" in out:
        if ":" in out:
            out = _REST_ROLE_TITLED.sub(r" \1 ", out)
            out = _REST_ROLE.sub(" ", out)
        out = _REST_LINK.sub(r" \1 ", out)
        out = _OLD_CODE_SPAN.sub(" ", out)
    if "[" in out:
        out = _IMAGE.sub(r" \1 ", out)
        out = _LINK.sub(r" \1 ", out)
        out = _REF_LINK.sub(r" \1 ", out)
    if "<" in out:
        out = _AUTOLINK.sub(" ", out)
        out = _HTML_TAG.sub(" ", out)
    if "&" in out:
        out = html.unescape(out)
        out = _HTML_TAG.sub(" ", out)
    if "://" in out or "www." in out:
        out = clean._URL.sub(" ", out)
    if "@" in out:
        out = _EMAIL.sub(" ", out)
    if "%" in out or "{" in out:
        out = _PLACEHOLDER.sub(" ", out)
    if "|" in out or "]_" in out:
        out = _REST_SUBST.sub(" ", out)
    if ":" in out:
        out = _REST_ROLE_LEFTOVER.sub(" ", out)
    pattern = _terms_pattern(terms)
    if pattern is not None:
        out = pattern.sub(" ", out)
    if "_" in out:
        out = _DUNDER.sub(" ", out)
    if "*" in out or "_" in out:
        out = _SHORT_EMPHASIS.sub(_strip_short_emphasis, out)
    if "_" in out:
        out = _UNDERSCORE_EMPHASIS.sub(r"\2", out)
    if "_" in out or "()" in out or _DOTTED_WORD.search(out):
        out = _IDENTIFIER.sub(_strip_identifier, out)
    if _LOWER_UPPER.search(out):
        out = _CAMEL.sub(" ", out)
    if _DIGIT.search(out):
        out = _DIGIT_TOKEN.sub(" ", out)
    out = _CAPS_WORD.sub(_strip_acronym, out)
    if "*" in out or "_" in out or "~" in out:
        out = _EMPHASIS.sub("", out)
    return _OLD_WS.sub(" ", out).strip()


def _old_letter_count(text: str) -> int:
    return sum(map(str.isalpha, text))


def _old_script_counts(text: str) -> dict[str, int]:
    if not text or max(text) < "\u0250":
        letters = sum(map(str.isalpha, text))
        return {"latin": letters} if letters else {}
    return scripts.script_counts(text)  # the branch that did not change


def _old_measure(text: str) -> scripts.Size:
    if text.isascii():
        return scripts.measure(text)  # the branch that did not change
    if not scripts._DENSE_CHAR.search(text):
        return scripts.Size(scripts._COUNTED_WORD.findall(text).count(""), 0)
    return scripts.measure(text)  # the dense branch, which did not change


def _old_masked(text: str) -> str:
    pattern = sentences._mask_of(text)
    if pattern is None:
        return text
    new_code = r"(`+)(?!\1).+?\1"
    assert ("`" in text) == (new_code in pattern.pattern)
    old = re.compile(pattern.pattern.replace(new_code, _OLD_MASK_CODE.pattern), re.S)
    return old.sub(lambda m: "x" * len(m.group(0)), text)


def _assert_same(texts: list[str]) -> int:
    """Compare old and new on every text; the number of texts the cleaner changed."""
    changed = 0
    for text in texts:
        cleaned = _old_detectable(text, ())
        assert clean.detectable_text(text) == cleaned, text
        assert clean.letter_count(text) == _old_letter_count(text), text
        assert clean.letter_count(cleaned) == _old_letter_count(cleaned), text
        assert scripts.script_counts(cleaned) == _old_script_counts(cleaned), text
        assert cues._CODE.sub("X", text) == _OLD_CUE_CODE.sub("X", text), text
        assert sentences._masked(text) == _old_masked(text), text
        assert shared.tokens(text) == shared._TOKEN.findall(text), text
        assert scripts.measure(text) == _old_measure(text), text
        assert scripts.measure(cleaned) == _old_measure(cleaned), text
        changed += cleaned != " ".join(text.split())
    return changed


@cache
def _python_docs_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(PYTHON_DOCS.rglob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr:
                texts.extend([entry.msgstr, entry.msgid])
    return texts


@pytest.mark.skipif(not PAIRS.is_file(), reason="../shared/data/docs-fr-pairs.jsonl is absent")
def test_cleaning_matches_the_reference_on_the_aligned_corpus() -> None:
    texts: list[str] = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        texts.extend([pair["fr"], pair["en"]])
    assert len(texts) >= 15_000
    assert _assert_same(texts) > 5_000


@pytest.mark.skipif(not PYTHON_DOCS.is_dir(), reason="../shared/data/real is absent")
def test_cleaning_matches_the_reference_on_every_python_docs_fr_message() -> None:
    texts = _python_docs_texts()
    assert len(texts) >= 50_000
    assert _assert_same(texts) > 10_000


# Random strings of the characters the changed patterns and guards turn on: backticks and
# roles, reST links, capitals inside words, every kind of white space, Latin-1 letters and
# others, digits.
_ALPHABET = [
    *"`:_<>-.' aAbZé\u00e9\u00ff\u0153\u2019Ǆ\u00aaxyzT1\n\t\u00a0\u2003\u3000\x1c",
    "os.path",
]


def test_cleaning_matches_the_reference_on_random_strings() -> None:
    rng = random.Random(16)
    texts = ["".join(rng.choices(_ALPHABET, k=rng.randint(0, 24))) for _ in range(20_000)]
    assert _assert_same(texts) > 1_000


def test_letter_count_matches_the_reference_on_every_latin1_character() -> None:
    every = "".join(map(chr, range(256)))
    assert clean.letter_count(every) == _old_letter_count(every)
    assert all(clean.letter_count(c) == c.isalpha() for c in every + "\u0153\u4e2d\u2019")


@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_the_words_of_ascii_text_match_the_pattern(text: str) -> None:
    assert shared.tokens(text) == shared._TOKEN.findall(text)


_LATIN1 = st.text(st.characters(max_codepoint=255), max_size=30)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_LATIN1, st.text(alphabet="aZÉé ª²µß_1-.Ǆ\u00a0", max_size=20)))
def test_the_acronym_guard_never_hides_a_match(text: str) -> None:
    """Where the bytes of a Latin-1 text's classes show no run of capitals, the pattern
    finds none either (other texts are always searched)."""
    found = clean._CAPS_WORD.search(text) is not None
    if all(ord(char) < 256 for char in text):
        assert clean._may_hold_acronyms(text) == found
    else:
        assert clean._may_hold_acronyms(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=";:；：—–-x \u00a0\n", max_size=12))
def test_clause_marks_are_found_as_the_pattern_finds_them(text: str) -> None:
    assert sentences._clause_mark(text) == (sentences._CLAUSE_MARK.search(text) is not None)


@settings(max_examples=5000, deadline=None)
@given(st.one_of(_LATIN1, st.text(alphabet="bcxyaeé'’-ª²µ_1 ÉZ", max_size=20)))
def test_words_are_counted_as_the_pattern_counts_them(text: str) -> None:
    assert scripts.measure(text) == _old_measure(text)
