"""One finding per fault: the findings of a run with the repeats of one fault folded into one.

The rules look at each file on its own, so one fault can be found several times:

1. **A page and the catalogue imported from it.** ``import`` copies a hand-written page's
   passages into the catalogue, so a typography, glossary, language or unchanged-text fault
   of the page is also in the catalogue entry. It is reported once, on the page (the file a
   person edits; the next ``import --overwrite`` carries the fix over), with the catalogue
   entry's place in :attr:`Finding.related`.
2. **One passage, several rules saying the same.** A passage left in the source language is
   both ``language-mismatch`` and ``unchanged-translation`` (or ``untranslated``): one
   finding, the most severe (the registry's order breaks ties), naming the other rules.
3. **A missing page.** ``missing-page`` stands for the page's whole catalogue: the
   ``untranslated`` findings of that catalogue are folded into it (the catalogue's place in
   :attr:`Finding.related`).

Pure: the caller says which files are pages and catalogues of which language and domain.
Run after grading and suppressions (a silenced or disabled rule folds nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from pipeline.model import Finding, Location
from pipeline.rules import RULES

__all__ = ["FileRoles", "fold_group", "fold_repeats"]

PASSAGE_RULES = frozenset({"language-mismatch", "unchanged-translation", "untranslated"})
"""Rules that all say "this passage is not translated" when they meet on one passage."""

_RULE_ORDER = {rule: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True, slots=True)
class FileRoles:
    """What each file of the run is, for folding."""

    pages: Mapping[str, tuple[str, str]]
    """Hand-written translated pages: path -> (language, gettext domain)."""
    catalogs: Mapping[str, tuple[str, str]]
    """Catalogues: path -> (language, domain)."""
    sources: Mapping[str, str]
    """Source pages: path -> domain."""


def fold_repeats(findings: Iterable[Finding], roles: FileRoles) -> list[Finding]:
    """``findings`` with each fault reported once (see the module's description); the order
    is not kept (the caller sorts)."""
    folded = _fold_missing_pages(list(findings), roles)
    folded = _fold_imported(folded, roles)
    return _fold_passages(folded)


def fold_group(finding: Finding, roles: FileRoles) -> tuple[str, ...]:
    """The group of findings ``finding`` can fold with: every fold happens inside one
    group, so :func:`fold_repeats` of a run's findings is the union of its results on each
    group's findings (kept in the run's order). A page or catalogue of one language and
    domain, with the ``missing-page`` findings of that language on the domain's source
    pages, is one group; any other file is a group of its own."""
    path = finding.location.path
    role = roles.pages.get(path) or roles.catalogs.get(path)
    if role is not None:
        return ("domain", *role)
    domain = roles.sources.get(path)
    if domain is not None and finding.rule == "missing-page" and finding.expected:
        return ("domain", finding.expected, domain)
    return ("file", path)


def _text(finding: Finding) -> str:
    return finding.translation or finding.source or ""


def _with_related(finding: Finding, places: Iterable[Location]) -> Finding:
    related = tuple(dict.fromkeys((*finding.related, *places)))
    return replace(finding, related=related) if related != finding.related else finding


def _fold_imported(findings: list[Finding], roles: FileRoles) -> list[Finding]:
    """A catalogue finding that repeats a finding of a page of the same language and domain
    (same rule, text, expected and detected values) goes into the page's finding."""
    on_pages: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        role = roles.pages.get(finding.location.path)
        if role is not None:
            on_pages[(*role, *_fault(finding))].append(index)
    merged: dict[int, list[Location]] = defaultdict(list)
    dropped: set[int] = set()
    taken: dict[tuple[object, ...], int] = defaultdict(int)
    for index, finding in enumerate(findings):
        role = roles.catalogs.get(finding.location.path)
        if role is None:
            continue
        key = (*role, *_fault(finding))
        candidates = on_pages.get(key, [])
        # The n-th repeat in the catalogue pairs with the n-th on the pages.
        if taken[key] < len(candidates):
            merged[candidates[taken[key]]].append(finding.location)
            taken[key] += 1
            dropped.add(index)
    return [
        _with_related(finding, merged.get(index, ()))
        for index, finding in enumerate(findings)
        if index not in dropped
    ]


def _fault(finding: Finding) -> tuple[object, ...]:
    return (finding.rule, _text(finding), finding.expected, finding.detected)


def _fold_passages(findings: list[Finding]) -> list[Finding]:
    """Findings of :data:`PASSAGE_RULES` on one passage (place and text) become the most
    severe of them, which names the others."""
    groups: dict[tuple[str, int, str], list[Finding]] = defaultdict(list)
    rest: list[Finding] = []
    for finding in findings:
        if finding.rule in PASSAGE_RULES and _text(finding):
            where = finding.location
            groups[(where.path, where.line, _text(finding))].append(finding)
        else:
            rest.append(finding)
    for group in groups.values():
        rules = {f.rule for f in group}
        if len(rules) == 1:
            rest.extend(group)
            continue
        ranked = sorted(group, key=lambda f: (-f.severity.rank, _RULE_ORDER.get(f.rule, 99)))
        keeper = ranked[0]
        others = sorted(rules - {keeper.rule}, key=lambda r: _RULE_ORDER.get(r, 99))
        places = [loc for f in group for loc in f.related]
        rest.append(
            _with_related(
                replace(keeper, message=f"{keeper.message} (also {', '.join(others)})"), places
            )
        )
    return rest


def _fold_missing_pages(findings: list[Finding], roles: FileRoles) -> list[Finding]:
    """The ``untranslated`` findings of a catalogue whose every page is missing in its
    language go into the pages' ``missing-page`` findings."""
    missing: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        domain = roles.sources.get(finding.location.path)
        if finding.rule == "missing-page" and domain is not None and finding.expected:
            missing[(finding.expected, domain)].append(index)
    if not missing:
        return findings
    pages_of: dict[str, int] = defaultdict(int)
    for domain in roles.sources.values():
        pages_of[domain] += 1
    absorbed: dict[str, list[int]] = {}
    for path, (lang, domain) in roles.catalogs.items():
        owners = missing.get((lang, domain), [])
        if owners and len(owners) == pages_of[domain]:
            absorbed[path] = owners
    if not absorbed:
        return findings
    related: dict[int, list[Location]] = defaultdict(list)
    kept: list[tuple[int, Finding]] = []
    for index, finding in enumerate(findings):
        absorbing = absorbed.get(finding.location.path)
        if absorbing is not None and finding.rule == "untranslated":
            for owner in absorbing:
                related[owner].append(Location(finding.location.path, 1))
            continue
        kept.append((index, finding))
    return [_with_related(finding, related.get(index, ())) for index, finding in kept]
