"""Reduce a unit's text to the natural-language words a language detector should see.

Code, markup, addresses, numbers, acronyms, placeholders and known terms carry no
evidence of the language a passage is written in (or, worse, evidence of the wrong
one: ``:keyword:`finally``` is English on a French page). They are removed before
detection; what remains is plain prose with single spaces.

Patterns that look behind them (``(?<!\\w)``) match their first character before they look:
``__(?<!\\w__)`` rather than ``(?<!\\w)__``. The matches are the same, and the regular
expression engine then scans for that character instead of asking at every character of a
text what precedes it (several times faster on prose).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

_FENCED = re.compile(r"(?ms)^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)")
"""Fenced code blocks (the closing fence is optional at the end of the text)."""

_HUGO_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
"""Hugo shortcodes: ``{{< ref "x" >}}``, ``{{% note %}}``."""

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

_HEADING_ATTRS = re.compile(r"\{[#.][^{}\n]*\}")
"""Hugo/Markdown heading attributes: ``{#creating-an-issue}``, ``{.class}``."""

_REST_ROLE_TITLED = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:`([^`<>]*?[^\W\d_][^`<>]*?)\s*<[^`<>]+>`")
"""reST roles with an explicit title (``:ref:`the tutorial <tut-intro>```): the title is
prose a writer or translator wrote, so it is kept."""

_REST_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:`[^`]*`(?:_{1,2})?")
"""reST roles with their content: ``:keyword:`try```, ``:py:func:`open```."""

_REST_LINK = re.compile(r"`([^`<>]+?)\s*<[^`<>]+>`_{1,2}")
"""reST hyperlinks: ``Python <https://python.org>`_``; the link text is kept."""

_CODE_SPAN = re.compile(r"(`+)(?!\1).+?\1_{0,2}", re.S)
"""Inline code (Markdown ``x``, reST ````x```` and interpreted text ```x```). Only its first
character is asked whether the closing backticks start there: the shortest match stops at
the first place they do (the same matches as asking at every character)."""

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
"""Markdown images: the alt text is kept, the URL and title dropped."""

_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
"""Markdown inline links: the link text is kept."""

_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
"""Markdown reference links ``[text][ref]``: the link text is kept."""

_AUTOLINK = re.compile(r"<(?:[a-zA-Z][\w+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
"""Markdown autolinks ``<https://x>`` and ``<a@b.c>``."""

_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>")
"""HTML start, end and empty tags, attributes included."""

_URL = re.compile(r"(?:\b[a-zA-Z][\w+.-]*://|\bwww\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
"""Bare URLs."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

_PLACEHOLDER = re.compile(
    r"%(?:\([^)\s]*\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]"
    r"|\{[\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}"
    r"|\$\{[^}]*\}"
)
"""printf-style (``%s``, ``%(name)s``, ``%-5.2f``), ``str.format`` (``{0}``, ``{name!r}``)
and ``${name}`` placeholders."""

_REST_SUBST = re.compile(r"\|[\w .-]+\|_{0,2}|\[(?:#\w*|\d+|\*)\]_")
"""reST substitutions ``|name|`` and footnote references ``[1]_``, ``[#]_``."""

_DUNDER = re.compile(r"__(?<!\w__)[A-Za-z]\w*?__(?!\w)")
"""Python special names (``__init__``), before ``__strong__`` emphasis is read."""

_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)(_{1,2})(?=\S)(.+?)(?<=\S)\1(?!\w)")
"""``_emphasis_`` and ``__strong__``: the text is kept."""

_IDENTIFIER = re.compile(
    r"(?<![\w.])(?:"
    r"[A-Za-z_]\w*\(\)"  # open()
    r"|\w*[A-Za-z0-9]_\w*|_\w+"  # snake_case, _private
    r"|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?(?=[^\w.]|\.(?!\w)|$)"  # os.path.join
    r")"
)
"""Code identifiers written outside code spans."""

_CAMEL = re.compile(r"(?<![\w'’])(?=[^\Wa-z]*+[a-z][^\WA-Z]*+[A-Z])\w+")
"""Words with a capital after a lower-case letter (``DocTestParser``, ``iPhone``): code or
brand names, not words of a language. (The look-ahead finds the first lower-case letter, then
a capital before the word ends, without going back: the whole word is the match, as with
``\\w*[a-z]\\w*?[A-Z]\\w*``, in one pass.)"""

_DIGIT_TOKEN = re.compile(r"(?<!\S)\S*\d\S*")
"""Tokens holding a digit: numbers, versions, sizes, ``x86``, ``h1`` (tried from a token's
start only: a match always starts there, and trying every character of a long token scans
the rest of it each time)."""

_CAPS_WORD = re.compile(r"[^\W\d_a-z](?<![^\W\d_][^\W\d_a-z])[^\W\d_a-z]+(?![^\W\d_])")
"""A run of two or more letters with no ASCII lower-case one: the acronyms among them go
(the callback tells upper-case ``ÉTAT`` from lower-case ``été``). Its first letter is
matched before what precedes it is looked at: the scan then stops only at such letters."""

_SHORT_EMPHASIS = re.compile(
    r"\*(?<![\w*\\]\*)(?=[^\s*])([^*\n]{1,60}?)(?<=[^\s*\\])\*(?![\w*])"
    r"|_(?<![\w\\]_)(?=[^\s_])([^_\n]{1,60}?)(?<=[^\s_\\])_(?!\w)"
)
"""Single-marker emphasis (``*word*``, ``_word_``). Short spans of up to
:data:`_SHORT_EMPHASIS_WORDS` words are dropped: italics mark foreign words, titles of
works, parameter and interface names, none of which is evidence of the passage's language.
"""

_SHORT_EMPHASIS_WORDS = 3

_EMPHASIS = re.compile(r"[*_~](?<!\w[*_~])[*_~]*|[*_~]+(?!\w)")
"""Markdown/reST emphasis markers at word boundaries."""

_REST_ROLE_LEFTOVER = re.compile(r":(?<!\w:)[\w.+-]+:(?=\s|$)")

_DOTTED_WORD = re.compile(r"\.[A-Za-z_]")
"""What a dotted identifier needs (``os.path``): the guard of :data:`_IDENTIFIER`."""

_LOWER_UPPER = re.compile(r"[a-z][^\WA-Z]*+[A-Z]")
"""What :data:`_CAMEL` needs (a lower-case letter, then a capital in the same word): its
guard (possessive: no going back over the letters between)."""

_INNER_CAPITAL = re.compile(r"[A-Z](?<=[^\WA-Z][A-Z])")
"""An ASCII capital after a letter, a digit or ``_`` other than a capital: what every match
of :data:`_LOWER_UPPER` ends with (found by scanning for capitals alone, most of which
start a word: a cheap guard of the guard)."""

_DIGIT = re.compile(r"\d")

_LETTER = re.compile(r"[^\W\d_]")

_CAPS_CLASSES = bytes(
    ord("a") if "a" <= chr(code) <= "z" else ord("L") if _LETTER.match(chr(code)) else ord(" ")
    for code in range(256)
)
"""Each Latin-1 character's class for :data:`_CAPS_RUN`: ``a`` for ``a``-``z``, ``L`` for
another letter (as :data:`_CAPS_WORD` reads letters), a space for the rest."""

_CAPS_RUN = re.compile(rb"L(?<![aL]L)L+(?![aL])")
"""What every match of :data:`_CAPS_WORD` is, in those classes: a run of two letters or
more, none of them ``a``-``z``, between characters that are not letters."""


def _may_hold_acronyms(text: str) -> bool:
    """False when :data:`_CAPS_WORD` cannot match in ``text``: a Latin-1 text is turned
    into its characters' classes and searched as bytes (in C, and several times faster than
    reading its letters with Unicode's tables); other texts may."""
    try:
        encoded = text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return _CAPS_RUN.search(encoded.translate(_CAPS_CLASSES)) is not None


@lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _strip_identifier(match: re.Match[str]) -> str:
    token = match.group(0)
    if "_" in token or token.endswith("()"):
        return " "
    # Dotted names need a part of two or more characters: "os.path" goes, "e.g" stays.
    parts = token.split(".")
    return " " if any(len(p) >= 2 for p in parts) else token


def _strip_short_emphasis(match: re.Match[str]) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    return " " if len(inner.split()) <= _SHORT_EMPHASIS_WORDS else f" {inner} "


def _strip_acronym(match: re.Match[str]) -> str:
    token = match.group(0)
    # All-caps words of two or more letters go; single capitals ("A", "I") stay.
    if token.isupper() and sum(1 for ch in token if ch.isalpha()) >= 2:
        return " "
    return token


MAX_CHARS = 4000
"""Characters of a passage that language detection looks at."""


CLEANED = 16384
"""Cleaned texts a process keeps (a check cleans a text when it plans its questions, and
again when it detects it: the second time is a look-up)."""


def detectable_text(text: str, ignore_terms: Iterable[str] = ()) -> str:
    """Return the natural-language part of ``text``, whitespace collapsed.

    Removes fenced and inline code, reST roles and literals, Markdown link targets and
    image URLs (link text and alt text are kept), bare URLs, e-mail addresses, HTML tags
    (their text is kept, attributes dropped), numbers and other tokens holding digits,
    all-caps acronyms of two or more letters, placeholders, emphasis markers and the
    ``ignore_terms`` (matched case-sensitively as whole words).
    """
    return _detectable(text, tuple(ignore_terms))


@lru_cache(maxsize=CLEANED)
def _detectable(text: str, terms: tuple[str, ...]) -> str:
    # A language shows in its first few thousand characters; judging more costs time and
    # memory that grow with the longest word (a million-character word took minutes).
    out = text[:MAX_CHARS]
    # Each pattern runs only when the characters it needs are there (most prose has no
    # code, links or markup): the same result, several times faster.
    if "```" in out or "~~~" in out:
        out = _FENCED.sub(" ", out)
    if "<!--" in out:
        out = _HTML_COMMENT.sub(" ", out)
    if "{{" in out:
        out = _HUGO_SHORTCODE.sub(" ", out)
    if "{#" in out or "{." in out:
        out = _HEADING_ATTRS.sub(" ", out)
    if "`" in out:
        # A role holds ``:` `` (a titled one ``>` `` too), a reST link ``>`_``.
        if ":`" in out:
            if ">`" in out:
                out = _REST_ROLE_TITLED.sub(r" \1 ", out)
            out = _REST_ROLE.sub(" ", out)
        if ">`_" in out:
            out = _REST_LINK.sub(r" \1 ", out)
        out = _CODE_SPAN.sub(" ", out)
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
        out = _URL.sub(" ", out)
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
    if _INNER_CAPITAL.search(out) and _LOWER_UPPER.search(out):
        out = _CAMEL.sub(" ", out)
    if _DIGIT.search(out):
        out = _DIGIT_TOKEN.sub(" ", out)
    if _may_hold_acronyms(out):
        out = _CAPS_WORD.sub(_strip_acronym, out)
    if "*" in out or "_" in out or "~" in out:
        out = _EMPHASIS.sub("", out)
    # str.split() cuts at the characters ``\s`` matches (both are str.isspace()): the
    # same as collapsing runs of them to one space and stripping the ends.
    return " ".join(out.split())


_NOT_LATIN1_LETTERS = bytes(code for code in range(256) if not chr(code).isalpha())
"""The characters of Latin-1 (one byte each) that are not letters."""


def letter_count(text: str) -> int:
    """Number of alphabetic characters in ``text``."""
    try:
        # Most texts are Latin-1: their letters are the bytes left when the others are
        # deleted, counted in C (the same count as asking each character).
        encoded = text.encode("latin-1")
    except UnicodeEncodeError:
        return sum(map(str.isalpha, text))
    return len(encoded.translate(None, _NOT_LATIN1_LETTERS))
