"""Two texts' placeables compared: what a translation lost, added or changed.

The comparison is order-free (a translator may reorder a sentence): the fixed placeables of
each kind are compared as multisets, counted markup by number. Every issue names the
placeable that differs.
"""

from __future__ import annotations

from collections import Counter

from pipeline.checks.placeables.model import Change, Dialect, Placeable, Placeables
from pipeline.model import Issue, Severity

_EDGE_SPACE = " \t\n"


def compare(dialect: Dialect, source: str, translation: str, *, weak: bool = False) -> list[Issue]:
    """Differences in markup between ``source`` and ``translation`` read as ``dialect``.
    ``weak`` also reports differences that are not faults (at info severity)."""
    read = dialect.markup or dialect.read  # (the prose is not compared)
    src = read(source)
    dst = read(translation)
    issues: list[Issue] = []
    if src.items != dst.items:
        for kind in dialect.kinds:
            issues.extend(_compare_kind(dialect, kind, src, dst, translation))
    issues.extend(_counted(dialect, src, dst, weak))
    if not weak:
        issues = [issue for issue in issues if issue.severity is not Severity.INFO]
    if dst.faults:  # only the translation's own faults are reported
        for fault in sorted(Counter(dst.faults) - Counter(src.faults)):
            issues.append(Issue(f"the translation's markup does not parse: {fault}"))
    if dialect.edges:
        issues.extend(_line_issues(src, dst, source, translation))
        issues.extend(_edge_issues(source, translation))
    return issues


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _counted(dialect: Dialect, src: Placeables, dst: Placeables, weak: bool) -> list[Issue]:
    issues: list[Issue] = []
    if src.counts == dst.counts:
        return issues
    for counted in dialect.counted:
        if counted.weak and not weak:
            continue
        have, got = src.count(counted.kind), dst.count(counted.kind)
        if have != got:
            issues.append(
                Issue(
                    f"the source has {_count(have, counted.singular, counted.plural)}, "
                    f"the translation {_count(got, counted.singular, counted.plural)}",
                    expected=str(have),
                    detected=str(got),
                    severity=Severity.INFO if counted.weak else None,
                )
            )
    return issues


def _line_issues(src: Placeables, dst: Placeables, source: str, translation: str) -> list[Issue]:
    if src.count("hardbreak") != dst.count("hardbreak"):
        return []
    have = source.strip(_EDGE_SPACE).count("\n")
    got = translation.strip(_EDGE_SPACE).count("\n")
    if have == got:
        return []
    return [
        Issue(
            f"the source has {_count(have, 'line break', 'line breaks')}, "
            f"the translation {_count(got, 'line break', 'line breaks')}",
            expected=str(have),
            detected=str(got),
        )
    ]


def _compare_kind(
    dialect: Dialect, kind: str, src: Placeables, dst: Placeables, text: str
) -> list[Issue]:
    source = [item for item in src.items if item.fixed and item.kind == kind]
    translation = [item for item in dst.items if item.fixed and item.kind == kind]
    if [item.key for item in source] == [item.key for item in translation]:
        return []  # the same items in the same order: nothing missing, nothing extra
    have = Counter(item.key for item in source)
    got = Counter(item.key for item in translation)
    shown: dict[str, Placeable] = {}
    for item in (*translation, *source):
        shown.setdefault(item.key, item)
    raw: dict[str, str] = {}
    for item in translation:
        raw.setdefault(item.key, item.raw)
    missing, extra = have - got, got - have
    grade = dialect.grade

    def graded(gone: str | None, came: str | None, others: Counter[str]) -> Severity | None:
        if grade is None:
            return None
        changes = sum(missing.values()) + sum(extra.values())
        return grade(Change(kind, gone, came, src, dst, tuple(sorted(others)), changes))

    if dialect.pair_changes and sum(missing.values()) == 1 == sum(extra.values()):
        (gone,), (came,) = missing, extra
        at = text.find(raw[came])
        return [
            Issue(
                f"{kind} {_show(shown[gone])} became {_show(shown[came])}",
                column=at + 1 if at >= 0 else None,
                expected=gone,
                detected=came,
                severity=graded(gone, came, Counter()),
            )
        ]
    issues: list[Issue] = []
    for key in sorted(missing):
        times = f" ({missing[key]} of {have[key]})" if have[key] > 1 else ""
        issues.append(
            Issue(
                f"{kind} {_show(shown[key])} of the source is missing in the translation{times}",
                expected=key,
                severity=graded(key, None, extra),
            )
        )
    for key in sorted(extra):
        why = "is not in the source" if have[key] == 0 else "occurs more often than in the source"
        at = text.find(raw[key])
        issues.append(
            Issue(
                f"{kind} {_show(shown[key])} {why}",
                column=at + 1 if at >= 0 else None,
                detected=key,
                severity=graded(None, key, missing),
            )
        )
    return _merged(kind, issues)


_WHY = {
    Severity.WARNING: "likely on purpose (an example translated, code added or left out)",
    Severity.INFO: "in formatting only",
}


def _merged(kind: str, issues: list[Issue]) -> list[Issue]:
    """One issue for the several differences of one kind a dialect grades below a fault
    (a translated example changes all its literals at once), naming each of them."""
    kept = [issue for issue in issues if issue.severity is None]
    for severity, why in _WHY.items():
        group = [issue for issue in issues if issue.severity is severity]
        if len(group) == 1:
            kept.extend(group)
        elif group:
            parts = "; ".join(issue.message.removeprefix(f"{kind} ") for issue in group)
            kept.append(
                Issue(
                    f"{len(group)} differences of {kind}s, {why}: {parts}",
                    column=next((i.column for i in group if i.column), None),
                    severity=severity,
                )
            )
    return kept


def _show(item: Placeable) -> str:
    """How a message names a placeable: code in backticks, a tag as written, others quoted."""
    if item.kind == "inline code":
        fence = "``" if "`" in item.key else "`"
        return f"{fence}{item.key}{fence}"
    if item.kind in ("HTML tag", "footnote reference"):
        return item.raw if item.kind == "footnote reference" else item.key
    if item.kind in ("link target", "image source"):
        return repr(item.key)
    return f"`{item.raw}`" if "`" not in item.raw else item.raw


def _edge_issues(source: str, translation: str) -> list[Issue]:
    issues: list[Issue] = []
    lead_src = source[: len(source) - len(source.lstrip(_EDGE_SPACE))]
    lead_dst = translation[: len(translation) - len(translation.lstrip(_EDGE_SPACE))]
    if source.strip(_EDGE_SPACE) and lead_src != lead_dst:
        issues.append(
            Issue(
                f"the source starts with {_describe(lead_src)}, the translation with "
                f"{_describe(lead_dst)}",
                column=1,
                expected=lead_src,
                detected=lead_dst,
            )
        )
    trail_src = source[len(source.rstrip(_EDGE_SPACE)) :]
    trail_dst = translation[len(translation.rstrip(_EDGE_SPACE)) :]
    if source.strip(_EDGE_SPACE) and trail_src != trail_dst:
        issues.append(
            Issue(
                f"the source ends with {_describe(trail_src)}, the translation with "
                f"{_describe(trail_dst)}",
                column=len(translation) - len(trail_dst) + 1,
                expected=trail_src,
                detected=trail_dst,
            )
        )
    return issues


def _describe(space: str) -> str:
    return f"whitespace {space!r}" if space else "no whitespace"
