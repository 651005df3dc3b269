"""``pipeline compile``: every PO catalogue -> its ``.mo`` file, as ``msgfmt`` would write it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.catalog import store
from pipeline.catalog.mo import format_mo
from pipeline.config import Config
from pipeline.fsio import remove_file, write_if_changed


def run_compile(
    config: Config, only: Sequence[Path] | None = None, *, into: Path | None = None
) -> list[str]:
    """Write ``locale/<lang>/LC_MESSAGES/<domain>.mo`` next to each PO of the target languages
    (or of the PO files ``only``, as ``serve`` does after one changed); with ``into``, at the
    same place under that folder (a build to a folder outside a read-only site).

    Every PO is read before anything is written. A file is written only when its bytes
    change; a catalogue with nothing to compile (msgfmt writes no file then) has its stale
    ``.mo`` removed. Returns the site-relative paths written (or removed), sorted.
    """
    compiled: list[tuple[Path, bytes]] = []
    if only is None:
        paths = [p for lang in config.languages for _, p in store.language_catalogs(config, lang)]
    else:
        paths = [p for p in only if p.is_file()]
    for path in paths:
        target = path.with_suffix(".mo")
        if into is not None:
            target = into / config.display(target)
        compiled.append((target, format_mo(store.load(config, path))))
    changed: list[str] = []
    for target, data in compiled:
        display = config.display(target)
        if data:
            if write_if_changed(target, data, display):
                changed.append(display)
        elif target.is_file():
            remove_file(target, display)
            changed.append(display)
    return sorted(changed)
