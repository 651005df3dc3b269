"""``placeholder-mismatch``: a translation whose format placeholders would fail at run time.

Entries flagged ``c-format``, ``python-format``, ``python-brace-format`` (and the other
formats of :data:`pipeline.checks.placeables.formats.FORMATS`) are compared as
``msgfmt --check`` compares them, per plural form: the source of a plural entry is its
``msgid_plural``; a form the catalogue's ``Plural-Forms`` uses for five numbers or more
(of 0 to 1000) must carry every placeholder, a rarer one (French ``msgstr[0]``, English
``msgstr[0]``: "one file") may leave one out. ``no-X-format`` flags are honoured. Every
issue names the placeholder that differs.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.catalog.model import Message
from pipeline.catalog.plural import PluralExpressionError, parse_plural_forms
from pipeline.checks.placeables.formats import FormatKind, FormatSpec, formats_of
from pipeline.model import Issue

Often = Callable[[int, int], bool]
"""``often(j, forms)``: whether plural form ``j`` of an entry with ``forms`` forms is used
for many numbers (then it must carry every placeholder). msgfmt knows it only when the
entry has the header's number of forms."""

_SAMPLE = range(1001)


def plural_often(plural_forms: str | None) -> Often | None:
    """msgfmt's plural distribution: form ``j`` is *often* used when ``Plural-Forms`` maps
    five or more of the numbers 0 to 1000 to it. None when there is no valid expression
    (every plural form is then checked relaxed, as msgfmt does)."""
    if not plural_forms:
        return None
    try:
        nplurals, evaluate = parse_plural_forms(plural_forms)
        counts = [0] * nplurals
        for n in _SAMPLE:
            form = evaluate(n)
            if 0 <= form < nplurals:
                counts[form] += 1
    except (PluralExpressionError, ArithmeticError, ValueError):
        return None
    return lambda form, forms: forms == nplurals and form < nplurals and counts[form] >= 5


def placeholder_issues(message: Message, often: Often | None) -> list[Issue]:
    """The placeholder faults of a translated entry, for each format its flags name."""
    issues: list[Issue] = []
    for kind in formats_of(message.flags):
        issues.extend(_format_issues(kind, message, often))
    return issues


def _format_issues(kind: FormatKind, message: Message, often: Often | None) -> list[Issue]:
    plural = message.msgid_plural is not None
    source_label = "msgid_plural" if plural else "msgid"
    source_text = message.msgid_plural if message.msgid_plural is not None else message.msgid
    source = kind.parse(source_text)
    if isinstance(source, str):
        return []  # msgfmt checks translations only against a valid source
    issues: list[Issue] = []
    forms = message.translations
    for index, text in enumerate(forms):
        label = f"msgstr[{index}]" if plural else "msgstr"
        translation = kind.parse(text)
        if isinstance(translation, str):
            issues.append(
                Issue(
                    f"{label} is not a valid {kind.title} format string, unlike the "
                    f"{source_label}: {translation}"
                )
            )
            continue
        strict = not plural or len(forms) < 2 or (often is not None and often(index, len(forms)))
        if kind.relaxed == "nothing":
            strict = True
        if source.simple and not translation.simple:
            issues.append(
                Issue(
                    f"{label} uses a '%L' flag or a two-digit argument, the {source_label} "
                    "does not (a simple Qt format string)"
                )
            )
        if strict or kind.relaxed != "anything":
            issues.extend(compare_specs(kind, source, translation, label, strict=strict))
    return issues


def compare_specs(
    kind: FormatKind, source: FormatSpec, translation: FormatSpec, label: str, *, strict: bool
) -> list[Issue]:
    """msgfmt's comparison of two format strings' placeholders; ``label`` names the
    translation (``msgstr[1]``). ``strict``: the translation must have every placeholder."""
    if source.named and translation.positional:
        return [_shape(source, translation, label, "named", "positional")]
    if source.positional and translation.named:
        return [_shape(source, translation, label, "positional", "named")]
    issues = _compare_named(source, translation, label, strict)
    issues.extend(_compare_positional(kind, source, translation, label, strict))
    return issues


def _shape(source: FormatSpec, translation: FormatSpec, label: str, one: str, other: str) -> Issue:
    ours = ", ".join(f"`{raw}`" for raw in _raws(source))
    theirs = ", ".join(f"`{raw}`" for raw in _raws(translation))
    return Issue(
        f"the source's placeholders are {one} ({ours}), those of {label} are {other} ({theirs})",
        expected=ours,
        detected=theirs,
    )


def _raws(spec: FormatSpec) -> list[str]:
    return [raw for _, raw in spec.positional] + [raw for _, _, raw in spec.named]


def _compare_named(
    source: FormatSpec, translation: FormatSpec, label: str, strict: bool
) -> list[Issue]:
    have, got = source.names(), translation.names()
    gone, came = sorted(set(have) - set(got)), sorted(set(got) - set(have))
    if strict and len(gone) == 1 == len(came):
        old, new = have[gone[0]][1], got[came[0]][1]
        return [Issue(f"`{old}` became `{new}` in {label}", expected=old, detected=new)]
    issues: list[Issue] = []
    for name in gone if strict else ():
        issues.append(Issue(f"`{have[name][1]}` missing in {label}", expected=have[name][1]))
    for name in came:
        issues.append(
            Issue(f"`{got[name][1]}` in {label} is not in the source", detected=got[name][1])
        )
    for name in sorted(set(have) & set(got)):
        if have[name][0] != got[name][0]:
            issues.append(
                Issue(
                    f"`{have[name][1]}` became `{got[name][1]}` in {label} "
                    f"({have[name][0]} expected, {got[name][0]} given)",
                    expected=have[name][1],
                    detected=got[name][1],
                )
            )
    return issues


def _compare_positional(
    kind: FormatKind, source: FormatSpec, translation: FormatSpec, label: str, strict: bool
) -> list[Issue]:
    have, got = source.positional, translation.positional
    if not have and not got:
        return []
    # Python's positional arguments form one tuple: their number must always match.
    exact = strict or kind.flag == "python-format"
    if (len(have) != len(got)) if exact else (len(got) > len(have)):
        missing = [f"`{raw}`" for _, raw in have[len(got) :]]
        extra = [f"`{raw}`" for _, raw in got[len(have) :]]
        what = (
            f"{', '.join(missing)} missing in {label}"
            if missing
            else f"{', '.join(extra)} in {label} is not in the source"
        )
        return [
            Issue(
                f"{what} ({len(have)} placeholders in the source, {len(got)} in {label})",
                expected=str(len(have)),
                detected=str(len(got)),
            )
        ]
    issues: list[Issue] = []
    for number, ((want, old), (given, new)) in enumerate(zip(have, got, strict=False), start=1):
        if want != given:
            issues.append(
                Issue(
                    f"argument {number}: `{old}` became `{new}` in {label} "
                    f"({want} expected, {given} given)",
                    expected=old,
                    detected=new,
                )
            )
    return issues
