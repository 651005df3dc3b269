"""A check's findings folded and sorted, kept so that a few files' new findings can replace
their old ones without folding and sorting every finding again (a resident check).

The findings come in *segments* (the site-wide findings, each page's, each catalogue's, the
outdated catalogues'), in the check's order. Folding happens inside groups
(:func:`~pipeline.checks.dedup.fold_group`), so a changed segment refolds only the groups
its old and new findings are in; and since the report is ordered by path first, only the
paths those groups' findings are at are sorted again. The result is what
``sort_findings(fold_repeats(every finding))`` gives, finding for finding.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence

from pipeline.checks.dedup import FileRoles, fold_group, fold_repeats
from pipeline.checks.run import sort_findings
from pipeline.model import Finding

Group = tuple[str, ...]


class Refold:
    """Folded, sorted findings of a run, by segment, group and path."""

    def __init__(self, segments: Sequence[tuple[str, Sequence[Finding]]], roles: FileRoles) -> None:
        self.roles = roles
        """What each file is, for folding (the same until files are added or removed)."""
        self._order = {name: index for index, (name, _) in enumerate(segments)}
        self._parts: dict[str, dict[Group, list[Finding]]] = {}
        self._members: dict[Group, set[str]] = {}
        self._folded: dict[Group, list[Finding]] = {}
        self._at: dict[str, set[Group]] = {}
        self._by_path: dict[str, list[Finding]] = {}
        self._paths: list[str] = []
        for name, findings in segments:
            self._split(name, findings)
        for group in self._members:
            self._fold(group)
        self._sort(set(self._at))

    def replace(self, segments: Mapping[str, Sequence[Finding]]) -> None:
        """Put each named segment's new findings in place of its old ones (every name is a
        segment given at the start)."""
        touched: set[Group] = set()
        for name, findings in segments.items():
            for group in self._parts.pop(name, {}):
                self._members[group].discard(name)
                touched.add(group)
            touched.update(self._split(name, findings))
        paths: set[str] = set()
        for group in touched:
            paths.update(f.location.path for f in self._folded.get(group, ()))
            self._fold(group)
            paths.update(f.location.path for f in self._folded.get(group, ()))
        self._sort(paths)

    def findings(self) -> list[Finding]:
        """Every finding, folded and sorted (``sort_findings(fold_repeats(...))``)."""
        by_path = self._by_path
        return [finding for path in self._paths for finding in by_path[path]]

    def _split(self, name: str, findings: Iterable[Finding]) -> set[Group]:
        parts: dict[Group, list[Finding]] = {}
        roles = self.roles
        for finding in findings:
            parts.setdefault(fold_group(finding, roles), []).append(finding)
        self._parts[name] = parts
        for group in parts:
            self._members.setdefault(group, set()).add(name)
        return set(parts)

    def _fold(self, group: Group) -> None:
        """Fold one group's findings, taken in the segments' order (the order the pairing
        of a catalogue's repeats with a page's findings follows)."""
        old = self._folded.pop(group, [])
        for finding in old:
            self._at[finding.location.path].discard(group)
        members = sorted(self._members.get(group, ()), key=self._order.__getitem__)
        findings = [f for name in members for f in self._parts[name][group]]
        if not findings:
            self._members.pop(group, None)
            return
        folded = fold_repeats(findings, self.roles)
        self._folded[group] = folded
        for finding in folded:
            self._at.setdefault(finding.location.path, set()).add(group)

    def _sort(self, paths: Iterable[str]) -> None:
        for path in paths:
            groups = self._at.get(path)
            if groups:
                here = (f for g in groups for f in self._folded[g] if f.location.path == path)
                if path not in self._by_path:
                    bisect.insort(self._paths, path)
                self._by_path[path] = sort_findings(here)
                continue
            self._at.pop(path, None)
            if self._by_path.pop(path, None) is not None:
                del self._paths[bisect.bisect_left(self._paths, path)]
