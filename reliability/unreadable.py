"""Unreadable files planted at random in generated sites, checked with and without
``--keep-going``.

Each round generates a translated site, checks it clean (the reference), then plants one to
three unreadable files the way they happen: a catalogue replaced by a symbolic link whose
target is gone, a page added as such a link, a page linked to itself. Then:

- ``check`` exits 2 with one stderr line per planted file naming it, and still reports
  every finding of every other file (the reference's, exactly: a catalogue that cannot be
  read is never taken for a missing translation);
- ``check --keep-going`` exits 1 and reports each planted file once, by name, with the
  system's reason (``catalog-invalid`` for a catalogue, ``page-unreadable`` for a page).
"""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path
from typing import Any

from pipeline.cli import main
from reliability.crash import generate_pages
from reliability.sites import fill_translations, init_site, run_ok, write_pages


def _check(site: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["-C", str(site), "-j", "1", "--no-cache", "check", "--format", "json", *args]
    status = main(argv, stdout=out, stderr=err)
    findings = json.loads(out.getvalue())["findings"] if out.getvalue() else []
    return status, findings, err.getvalue()


def _site(work: Path, rng: random.Random) -> Path:
    site = work / "site"
    init_site(site)
    pages = generate_pages(rng, rng.randint(3, 8), rng.randint(2, 5))
    write_pages(site, pages)
    (site / "content" / "fr").mkdir(parents=True, exist_ok=True)
    run_ok(site, "extract")
    run_ok(site, "update")
    fill_translations(site)
    return site


def _plant(site: Path, rng: random.Random) -> dict[str, str]:
    """One to three unreadable files: site-relative path -> the rule that must report it."""
    planted: dict[str, str] = {}
    catalogs = sorted((site / "locale" / "fr" / "LC_MESSAGES").glob("*.po"))
    for number in range(rng.randint(1, 3)):
        kind = rng.choice(("catalogue", "page", "loop"))
        if kind == "catalogue" and catalogs:
            victim = catalogs.pop(rng.randrange(len(catalogs)))
            victim.unlink()
            victim.symlink_to(victim.with_name(f"moved-{number}.po"))
            planted[victim.relative_to(site).as_posix()] = "catalog-invalid"
        else:
            lang = rng.choice(("en", "fr"))
            place = site / "content" / lang / f"unreadable-{number}.md"
            place.symlink_to(place if kind == "loop" else place.with_name("gone.md"))
            planted[place.relative_to(site).as_posix()] = "page-unreadable"
    return planted


def unreadable_round(work: Path, seed: int) -> tuple[int, int, list[str]]:
    """One round (see the module's documentation): (files planted, runs, problems)."""
    rng = random.Random(seed)
    site = _site(work, rng)
    _status, reference, _err = _check(site)
    planted = _plant(site, rng)
    problems: list[str] = []
    where = f"round {seed} ({sorted(planted)})"
    status, findings, err = _check(site)
    lines = err.splitlines()
    named = sorted(line.removeprefix("pipeline: ").split(": ", 1)[0] for line in lines)
    prefixed = all(line.startswith("pipeline: ") for line in lines)
    if status != 2 or named != sorted(planted) or not prefixed or "Traceback" in err:
        problems.append(f"{where}: check exit {status}, stderr {err[-400:]!r}")
    others = [f for f in findings if f["path"] not in planted]
    if others != [f for f in reference if f["path"] not in planted]:
        problems.append(f"{where}: the other files' findings changed")
    status, kept, err = _check(site, "--keep-going")
    if status != 1 or err:
        problems.append(f"{where}: --keep-going exit {status}, stderr {err[-400:]!r}")
    for path, rule in planted.items():
        mine = [f for f in kept if f["path"] == path and f["rule"] == rule]
        if len(mine) != 1 or "cannot" not in mine[0]["message"]:
            problems.append(f"{where}: {path} reported {len(mine)} times as {rule}")
    shutil.rmtree(site)
    return len(planted), 2, problems
