"""Link localisation: ``[build] localized_links`` prefixes applied to link targets (pure)."""

from __future__ import annotations

from collections.abc import Mapping


def localize_target(target: str, links: Mapping[str, str]) -> str:
    """``target`` with its longest configured prefix replaced by the localised one."""
    best = ""
    for prefix in links:
        if target.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return links[best] + target[len(best) :] if best else target
