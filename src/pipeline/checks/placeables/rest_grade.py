"""How serious a difference of reStructuredText placeables is: a broken literal or role
target is a fault; a rewritten example is likely deliberate (a warning); code markup around a
word that is kept, or a link localised to the translation's language, is formatting only
(info, reported when asked)."""

from __future__ import annotations

import difflib
import re
from collections import Counter

from pipeline.checks.placeables.model import Change
from pipeline.model import Severity

LITERAL, ROLE, ROLE_LITERAL, LINK, REFERENCE, SUBSTITUTION, FOOTNOTE, CITATION = (
    "literal",
    "role target",
    "literal role",
    "link target",
    "reference",
    "substitution",
    "footnote reference",
    "citation reference",
)
TARGET, URL = "inline target", "URL"


def url_key(url: str) -> str:
    """A URL as compared: scheme and host in lower case (they are case-insensitive)."""
    match = re.match(r"([A-Za-z][\w.+-]*:(?://)?)([^/?#]*)(.*)$", url, re.DOTALL)
    if match is None:
        return url
    return match.group(1).lower() + match.group(2).lower() + match.group(3)


_LANGUAGE = re.compile(r"[a-z]{2}(?:[-_][A-Za-z]{2})?")
_ENGLISH = re.compile(r"en(?:[-_][A-Za-z]{2})?")


def _swapped_language(one: list[str], other: list[str]) -> bool:
    """Two lists of parts (host labels, path segments) where an English one (``en``,
    ``en-us``) became another language code (``fr``) before anything else changed."""
    changed = [(a, b) for a, b in zip(one, other, strict=False) if a != b]
    swapped = [
        (a, b)
        for a, b in changed
        if (_ENGLISH.fullmatch(a) and _LANGUAGE.fullmatch(b))
        or (_ENGLISH.fullmatch(b) and _LANGUAGE.fullmatch(a))
    ]
    # the language part swapped; the rest may differ (a translated page's own address)
    return bool(swapped) and (len(one) == len(other) or changed[0] in swapped)


def _localised(one: str, other: str) -> bool:
    """Two URLs of one site, the translation's pointing to its language's version
    (``en.wikipedia.org/wiki/X`` and ``fr.wikipedia.org/wiki/Y``, ``/en/`` and ``/fr/``),
    or the same address with or without ``www.``: a link localised by its translator."""
    host = re.compile(r"[a-z][\w.+-]*://([^/?#]*)")
    first, second = host.match(one), host.match(other)
    if first is None or second is None:
        return False
    a, b = first.group(1).removeprefix("www."), second.group(1).removeprefix("www.")
    if a == b and one.replace(first.group(1), a, 1) == other.replace(second.group(1), b, 1):
        return True  # with or without "www."
    if a != b:
        return _swapped_language(a.split("."), b.split("."))
    return _swapped_language(re.split(r"[/.]", one), re.split(r"[/.]", other))


_TYPOGRAPHIC = frozenset({"nbsp", "thinsp", "shy", "zwsp", "--", "---", "ellipsis"})
"""Substitutions that only set a space or a dash: a translation may do without them."""


def _code(key: str) -> str:
    """A literal's content as compared for grading: whitespace, quote style and the quotes
    around a whole string value aside."""
    code = re.sub(r"\s+", "", key).replace('"', "'")
    if len(code) > 2 and code[0] == code[-1] == "'" and "'" not in code[1:-1]:
        return code[1:-1]
    return code


def _inner(kind: str, key: str) -> str:
    return key.split("`", 1)[1][:-1] if kind == ROLE_LITERAL else key


_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(r"[^\W\d]\w*")


def _typographic(old: str, new: str) -> bool:
    """Code changed by typography only (``'a'`` became ``’a’``, ``...`` became ``…``):
    a word processor's correction that breaks the code."""
    fixed = new.translate(_TYPOGRAPHY).replace("…", "...")
    return fixed != new and _code(fixed) == _code(old)


def _occurrences(code: str, text: str) -> int:
    """How often ``code`` (a quoted string's value, for a string) stands as a token in
    ``text``, whitespace aside: a literal dropped leaves one occurrence fewer."""
    needle = " ".join(code.split())
    if len(needle) > 2 and needle[0] == needle[-1] and needle[0] in "'\"":
        needle = needle[1:-1]
    if not needle:
        return 0
    return _standing(needle, " ".join(text.split()))


def _standing(needle: str, text: str) -> int:
    """How many times ``needle`` (not empty) occurs in ``text`` with no word character
    (``\\w``: alphanumeric or ``_``) just before or after it, counted left to right without
    overlap: what ``re.findall(rf"(?<!\\w){re.escape(needle)}(?!\\w)", text)`` counts, without
    compiling a pattern for each needle (each literal of each entry has its own)."""
    count, size, at = 0, len(needle), text.find(needle)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + size] if at + size < len(text) else " "
        if before.isalnum() or before == "_" or after.isalnum() or after == "_":
            at = text.find(needle, at + 1)
        else:
            count += 1
            at = text.find(needle, at + size)
    return count


_WORD = re.compile(r"[a-z]+")
_ALPHA = re.compile(r"[A-Za-z]+")


def _word_translated(old: str, new: str) -> bool:
    """In code of several tokens (a tuple, a call, an expression), a plain word became
    another plain word: a placeholder name translated (``(type, value, traceback)`` became
    ``(type, valeur, traceback)``), not a broken identifier."""
    before, after = Counter(_TOKEN.findall(old)), Counter(_TOKEN.findall(new))
    removed, added = list((before - after).elements()), list((after - before).elements())
    return (
        len(_TOKEN.findall(old)) > 1
        and len(removed) == 1 == len(added)
        and bool(_WORD.fullmatch(removed[0]) and _ALPHA.fullmatch(added[0]))
    )


def _mistyped(code: str, text: str) -> bool:
    """``code`` is one identifier that differs a little from a word of ``text``."""
    if not _TOKEN.fullmatch(code) or len(code) < 5:
        return False
    return any(
        word != code and difflib.SequenceMatcher(None, word, code).ratio() >= 0.85
        for word in set(_TOKEN.findall(text))
        if abs(len(word) - len(code)) <= 2
    )


def _translated(old: str, new: str) -> bool:
    """The new code has letters of the translation's script the old one has not (``mot``
    for ``word`` cannot be told, ``chaîne`` for ``string`` can)."""
    return any(ch.isalpha() and ord(ch) > 127 and ch not in old for ch in new)


def _near(old: str, new: str) -> bool:
    """A near miss rather than a rewrite: the same words with other punctuation
    (``'set()'`` became ``set()``), or one word changed a little (a typo, a neighbouring
    identifier: ``__len__`` became ``__int__``) rather than translated."""
    gone = Counter(_TOKEN.findall(old))
    came = Counter(_TOKEN.findall(new))
    removed, added = list((gone - came).elements()), list((came - gone).elements())
    if not removed and not added:
        return True
    if len(removed) != 1 or len(added) != 1:
        return False
    one, other = removed[0], added[0]
    if _inflected(one, other):
        return False  # "protocol" became "protocole", ".pycs" became ".pyc": a translation
    return difflib.SequenceMatcher(None, one, other, autojunk=False).ratio() >= 0.7


def _inflected(one: str, other: str) -> bool:
    """The same word with a translation's ending (``protocol``, ``protocole``)."""
    short, long = sorted((one, other), key=len)
    return long.startswith(short) and long[len(short) :] in ("e", "s", "es") and len(short) > 2


def grade(change: Change) -> Severity | None:
    """How serious a difference is in reStructuredText (see :attr:`Dialect.grade`)."""
    kind, gone, came = change.kind, change.gone, change.came
    if kind in (LITERAL, ROLE_LITERAL):
        return _grade_code(change)
    if kind in (LINK, URL):
        one = gone if gone is not None else came
        others = [came] if gone is not None and came is not None else list(change.others)
        if one is not None and any(_localised(one, other) for other in others):
            return Severity.INFO
        return Severity.WARNING if gone is None and not change.others else None
    if kind == SUBSTITUTION and (gone or came or "") in _TYPOGRAPHIC:
        return Severity.INFO
    if kind == ROLE and gone is None and not change.others:
        return Severity.WARNING  # a reference the translator added
    if kind == ROLE and gone is not None and came is not None and _shortened(gone, came):
        return Severity.WARNING  # "~netrc.netrc" became "netrc": Sphinx may still find it
    return None


def _shortened(gone: str, came: str) -> bool:
    """``:class:`~netrc.netrc``` became ``:class:`netrc```: the same role and the last part
    of the target, which Sphinx resolves in the current module or class if it can."""
    role, _, old = gone.partition("`")
    new_role, _, new = came.partition("`")
    return role == new_role and old != new and old.endswith("." + new)


def _grade_code(change: Change) -> Severity | None:
    """Code: a fault when it is broken (a typo, typographic quotes, a neighbouring
    identifier) or dropped; a warning when it was rewritten (an example translated, code
    added); info when only its code markup changed."""
    kind, gone, came = change.kind, change.gone, change.came
    if gone is not None and came is not None:
        old, new = _inner(kind, gone), _inner(kind, came)
        if _typographic(old, new):
            return None
        if _code(old) == _code(new):
            return Severity.INFO
        if _translated(old, new) or not _near(old, new) or _word_translated(old, new):
            return Severity.WARNING
        return None
    key = gone if gone is not None else came
    assert key is not None
    code = _inner(kind, key)
    here, there = change.source.text, change.translation.text
    if (
        _occurrences(code, there) >= _occurrences(code, here)
        if gone is not None
        else (_occurrences(code, there) <= _occurrences(code, here))
    ):
        return Severity.INFO  # the code is still there, without (or with new) code markup
    if gone is not None and not change.others and _occurrences(code, there) > 0:
        return Severity.WARNING  # said fewer times: a repetition left out in a paraphrase
    others = [_inner(kind, other) for other in change.others]
    if any(_typographic(o, code) if gone is None else _typographic(code, o) for o in others):
        return None
    if gone is None and not others:
        # Code the translator added: a typo of a word of the source ("shutil" written
        # ``shutils``) is a fault, a word of the source set as code is formatting.
        if code.casefold() in here.casefold():
            return Severity.INFO
        return None if _mistyped(code, here) else Severity.WARNING
    if change.changes > 2:
        return Severity.WARNING  # examples rewritten
    if not others:
        # Code dropped; a lone lowercase word ("guard", "root") was translated as a term,
        # a boolean as an adjective ("renvoie vrai").
        if re.fullmatch(r"[a-z]+(?:-[a-z]+)*|True|False", code):
            return Severity.WARNING
        return None
    pairs = [(code, o) if gone is not None else (o, code) for o in others]
    if any(_near(a, b) and not _translated(a, b) for a, b in pairs):
        return None
    return Severity.WARNING
