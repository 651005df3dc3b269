"""Header checks of a PO catalogue: Language, Plural-Forms, charset, duplicate fields.

``Plural-Forms`` is evaluated (:mod:`pipeline.catalog.plural`) and compared with CLDR's plural
rules (Babel) for the language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from pipeline import languages
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.plural import (
    PluralExpressionError,
    parse_plural_forms,
    standard_plural_forms,
)
from pipeline.model import Issue

_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)
_UTF8 = ("utf-8", "utf8")
_SAMPLES: tuple[int, ...] = (
    *range(0, 1001),
    10_000,
    100_000,
    1_000_000,
    1_000_001,
    2_000_000,
    10_000_000,
    1_000_000_000,
)
"""The values of n on which a plural expression is compared with CLDR's rules."""


def header_issues(catalog: Catalog, expected_lang: str | None) -> list[tuple[int, Issue]]:
    """Faults of a PO file's header, each with the 1-based line to report.

    ``expected_lang`` is the language of the folder the file is in (``locale/<lang>/...``).
    A POT file (path ending in ``.pot``) has none.
    """
    if catalog.path is not None and catalog.path.endswith(".pot"):
        return []
    header = catalog.header
    if header is None:
        return [(1, Issue("the catalogue has no header entry", expected="a header entry"))]
    line = header.line or 1
    found: list[tuple[int, Issue]] = []
    fields: dict[str, str] = {}
    for raw in header.msgstr.split("\n"):
        name, sep, value = raw.partition(":")
        if not sep:
            continue
        name = name.strip()
        if name in fields:
            found.append((line, Issue(f"the header field {name} appears more than once")))
            continue
        fields[name] = value.strip()
    lang = _language_issues(fields, expected_lang, line, found)
    _content_type_issues(fields, line, found)
    nplurals = _plural_issues(catalog, fields, lang, line, found)
    if nplurals is not None:
        found.extend(_entry_issues(catalog.messages, nplurals, line))
    return found


def _language_issues(
    fields: dict[str, str], expected: str | None, line: int, found: list[tuple[int, Issue]]
) -> str | None:
    """Check ``Language``; return the language code to use for plural rules, or None."""
    value = fields.get("Language", "")
    known_expected = expected if expected and languages.is_known(expected) else None
    if not value:
        found.append(
            (line, Issue("the header has no Language field", expected=expected, detected=None))
        )
        return known_expected
    if not languages.is_known(value):
        found.append(
            (
                line,
                Issue(
                    f"the header's Language {value!r} is not a known language code",
                    expected=expected,
                    detected=value,
                ),
            )
        )
        return known_expected
    if expected and _same_lang(value, expected) is False:
        found.append(
            (
                line,
                Issue(
                    f"the header's Language {value!r} differs from the catalogue's "
                    f"language {expected!r}",
                    expected=expected,
                    detected=value,
                ),
            )
        )
    return value


def _same_lang(one: str, other: str) -> bool:
    return languages.same(one, other)


def _content_type_issues(fields: dict[str, str], line: int, found: list[tuple[int, Issue]]) -> None:
    value = fields.get("Content-Type")
    if value is None:
        found.append(
            (
                line,
                Issue(
                    "the header has no Content-Type field (charset=UTF-8 expected)",
                    expected="text/plain; charset=UTF-8",
                ),
            )
        )
        return
    match = _CHARSET.search(value)
    charset = match.group(1) if match else None
    if charset is None or charset.lower() not in _UTF8:
        shown = f"is {charset!r}" if charset else "is missing"
        found.append(
            (
                line,
                Issue(
                    f"the header's charset {shown}; it must be UTF-8",
                    expected="UTF-8",
                    detected=charset,
                ),
            )
        )


def _plural_issues(
    catalog: Catalog,
    fields: dict[str, str],
    lang: str | None,
    line: int,
    found: list[tuple[int, Issue]],
) -> int | None:
    """Check ``Plural-Forms``; return the number of plural forms entries must have, or None."""
    value = fields.get("Plural-Forms")
    standard = standard_plural_forms(lang) if lang else None
    if value is None:
        if any(m.msgid_plural is not None and not m.obsolete for m in catalog.messages):
            found.append(
                (
                    line,
                    Issue(
                        "the catalogue has plural entries but the header has no Plural-Forms",
                        expected=standard,
                    ),
                )
            )
        return None
    nplurals, malformed, problem = _plural_verdict(value, lang)
    if malformed is not None:
        found.append(
            (line, Issue(f"malformed Plural-Forms: {malformed}", expected=standard, detected=value))
        )
        return None
    if problem is not None:
        found.append((line, Issue(problem, expected=standard, detected=value)))
    return nplurals


@lru_cache(maxsize=256)
def _plural_verdict(value: str, lang: str | None) -> tuple[int, str | None, str | None]:
    """(nplurals, why it is malformed, why it does not fit the language) of a Plural-Forms
    value; evaluated once per distinct value, since every catalogue repeats it."""
    try:
        nplurals, expression = parse_plural_forms(value)
    except PluralExpressionError as exc:
        return 0, str(exc), None
    return nplurals, None, _plural_problem(nplurals, expression, lang)


def _entry_issues(
    messages: list[Message], nplurals: int, header_line: int
) -> list[tuple[int, Issue]]:
    found: list[tuple[int, Issue]] = []
    for message in messages:
        if message.obsolete or message.msgid_plural is None or not message.msgstr_plural:
            continue
        count = len(message.msgstr_plural)
        if count != nplurals:
            found.append(
                (
                    message.line or header_line,
                    Issue(
                        f"the entry has {count} plural translations (msgstr[N]) "
                        f"but the header's Plural-Forms says nplurals={nplurals}",
                        expected=str(nplurals),
                        detected=str(count),
                    ),
                )
            )
    return found


def _plural_problem(
    nplurals: int, expression: Callable[[int], int], lang: str | None
) -> str | None:
    """Why a plural expression does not fit the language, or None when it does."""
    forms: dict[int, int] = {}
    for n in _SAMPLES:
        try:
            form = expression(n)
        except PluralExpressionError as exc:
            return f"Plural-Forms cannot be evaluated for n={n}: {exc}"
        if form >= nplurals:
            return f"Plural-Forms gives form {form} for n={n}, but nplurals={nplurals}"
        forms[n] = form
    distinct = len(set(forms.values()))
    if distinct != nplurals:
        return (
            f"Plural-Forms says nplurals={nplurals} but its expression yields "
            f"{distinct} distinct form{'s' if distinct != 1 else ''}"
        )
    if lang is None:
        return None
    for standard in (standard_plural_forms(lang), languages.plural_forms(lang)):
        standard_n, standard_fn = parse_plural_forms(standard)
        if standard_n == nplurals and all(standard_fn(n) == f for n, f in forms.items()):
            return None
    try:
        rule = Locale.parse(languages.normalize(lang)).plural_form
    except (UnknownLocaleError, ValueError):
        return None
    first_of: dict[int, dict[str, int]] = {}
    for n, form in forms.items():
        category = str(rule(n))
        seen = first_of.setdefault(form, {})
        seen.setdefault(category, n)
        merged = {c: v for c, v in seen.items() if not (c == "many" and "other" in seen)}
        if len(merged) > 1:
            (cat_a, n_a), (cat_b, n_b) = sorted(merged.items(), key=lambda item: item[1])[:2]
            return (
                f"Plural-Forms puts n={n_a} ({cat_a}) and n={n_b} ({cat_b}) in the same form "
                f"{form}, unlike CLDR's plural rules for {lang}"
            )
    return None
