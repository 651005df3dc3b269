"""``orphan-page``: a translated page whose source page does not exist (pure).

Only the pages' names and paths are read. A did-you-mean names the source page whose name
is closest (``autoscaling`` for ``auto-scaling``, ``cloud native apps`` for
``cloud-native-apps``, ``containers`` for ``container``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping

from pipeline.checks.candidate import Candidate, make
from pipeline.content.site import Site
from pipeline.model import Location, Page

_SEPARATORS = re.compile(r"[\s_.-]+")

CLOSE_ENOUGH = 0.8
"""Similarity (difflib's ratio of the names, separators and case ignored) from which a
source page is suggested."""


def _folded(name: str) -> str:
    """A page name with case, separators (space, ``_``, ``-``, ``.``) and a final plural
    ``s`` of each word ignored."""
    words = [w.lower() for w in _SEPARATORS.split(name.replace("/", " / ")) if w]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def closest_source(name: str, sources: Mapping[str, Page]) -> Page | None:
    """The source page whose name is closest to ``name``, if one is close enough."""
    folded = {_folded(source): source for source in sorted(sources)}
    mine = _folded(name)
    if mine in folded:
        return sources[folded[mine]]
    # Same folder first: a page is rarely moved and renamed at once.
    head = name.rsplit("/", 1)[0] if "/" in name else ""
    near = [f for f, s in folded.items() if (s.rsplit("/", 1)[0] if "/" in s else "") == head]
    for pool in (near, list(folded)):
        hint = difflib.get_close_matches(mine, pool, n=1, cutoff=CLOSE_ENOUGH)
        if hint:
            return sources[folded[hint[0]]]
    words = mine.split()
    # An acronym of a source page's name (tls: transport-layer-security), or its first
    # words (microservices: microservices-architecture), when only one page fits.
    fits = [
        f
        for f in near
        if (len(words) == 1 and len(mine) > 1 and mine == "".join(w[0] for w in f.split()))
        or (len(f.split()) > len(words) and f.split()[: len(words)] == words)
    ]
    return sources[folded[fits[0]]] if len(fits) == 1 else None


def orphan_pages(site: Site) -> Iterator[Candidate]:
    """A page of a target language with no source page of the same name."""
    sources = {p.name: p for p in site.pages.get(site.source_language, ())}
    for lang in site.languages:
        for page in site.pages.get(lang, ()):
            if page.name in sources:
                continue
            close = closest_source(page.name, sources)
            hint = f" (did you mean {close.path}?)" if close is not None else ""
            yield make(
                "orphan-page",
                Location(page.path, 1),
                f"no '{site.source_language}' page named '{page.name}' for this page to "
                f"translate{hint}",
                expected=close.path if close is not None else None,
            )
