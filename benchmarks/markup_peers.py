"""Markup and placeholder checks side by side with their peers, on one planted corpus.

The corpus (:mod:`planted_markup`) is built from the python-docs-fr catalogues in
``../shared``: the same entries untouched (``clean``) and with one fault each (``planted``).
On both sides run ``pipeline check`` (rules ``markup-mismatch`` and
``placeholder-mismatch``), translate-toolkit's ``pofilter`` (its ``printf``,
``pythonbraceformat``, ``variables``, ``urls`` and ``xmltags`` tests, from
``benchmarks/.peers-venv``) and GNU ``msgfmt --check``. A planted entry is *found* by a tool
when the tool reports anything on it; every report on a clean entry is a false finding.

Targets: every planted fault that pofilter or msgfmt finds, we find; fewer false findings
than pofilter on the clean entries.

Usage::

    .venv/bin/python benchmarks/markup_peers.py [--per-kind N] [--seed S] [--write-results]
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import planted_markup  # noqa: E402
from planted_markup import KINDS  # noqa: E402
from results_file import write_section  # noqa: E402

from pipeline.catalog.po_read import read_po  # noqa: E402

PEERS_VENV = HERE / ".peers-venv"
POFILTER_TESTS = ("printf", "pythonbraceformat", "variables", "urls", "xmltags")
OUR_RULES = ("markup-mismatch", "placeholder-mismatch")
PREFIX = "locale/fr/LC_MESSAGES/"
SECTION = "## Markup and placeholders vs peers (planted python-docs-fr corpus)"

Flagged = dict[str, dict[int, int]]
"""Catalogue (relative to ``LC_MESSAGES``) -> msgid line of an entry a tool reported on ->
how many reports."""


def entry_lines(path: Path) -> list[int]:
    """The msgid lines of a catalogue's entries, in order."""
    return sorted(m.line for m in read_po(path).messages)


def owner(lines: list[int], line: int) -> int | None:
    """The entry a reported line belongs to (the last entry starting at or before it)."""
    at = bisect.bisect_right(lines, line)
    return lines[at - 1] if at else None


def _add(flagged: Flagged, name: str, line: int | None) -> None:
    if line is not None:
        per_file = flagged.setdefault(name, {})
        per_file[line] = per_file.get(line, 0) + 1


def run_ours(root: Path) -> tuple[Flagged, float]:
    out = root / "ours.json"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(root), "check", "--no-cache", "-q",
         "--fail-on", "never", "--format", "json", "--output", str(out)],
        check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    flagged: Flagged = {}
    for finding in json.loads(out.read_text("utf-8"))["findings"]:
        if finding["rule"] in OUR_RULES and finding["severity"] != "info":
            _add(flagged, finding["path"].removeprefix(PREFIX), finding["line"])
    return flagged, seconds


def run_msgfmt(folder: Path) -> tuple[Flagged, float]:
    flagged: Flagged = {}
    started = time.perf_counter()
    for path in sorted(folder.rglob("*.po")):
        lines = entry_lines(path)
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        for report in done.stderr.splitlines():
            match = re.match(re.escape(str(path)) + r":(\d+): ", report)
            if match:
                _add(
                    flagged, path.relative_to(folder).as_posix(), owner(lines, int(match.group(1)))
                )
    return flagged, time.perf_counter() - started


def run_pofilter(folder: Path, work: Path) -> tuple[Flagged, float] | None:
    pofilter = PEERS_VENV / "bin" / "pofilter"
    if not pofilter.exists():
        return None
    out = work / f"pofilter-{folder.parent.parent.parent.name}"
    tests = [arg for test in POFILTER_TESTS for arg in ("-t", test)]
    started = time.perf_counter()
    subprocess.run(
        [str(pofilter), "--language=fr", "--progress=none", *tests, "-i", str(folder),
         "-o", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    flagged: Flagged = {}
    for result in sorted(out.rglob("*.po")):
        name = result.relative_to(out).as_posix()
        by_key = {(m.msgctxt, m.msgid): m.line for m in read_po(folder / name).messages}
        for message in read_po(result).messages:
            hits = [c for c in message.translator_comments if "(pofilter)" in c]
            for _ in hits or [""]:
                _add(flagged, name, by_key.get((message.msgctxt, message.msgid)))
    return flagged, seconds


def planted_lines(
    folder: Path, keys: dict[str, dict[str, set[tuple[str | None, str]]]]
) -> dict[str, dict[str, set[int]]]:
    """Kind -> catalogue -> msgid lines of its planted entries, in the files of ``folder``."""
    found: dict[str, dict[str, set[int]]] = {kind: {} for kind in KINDS}
    for name, kinds in keys.items():
        lines = {m.key: m.line for m in read_po(folder / name).messages}
        for kind, entries in kinds.items():
            found[kind][name] = {lines[key] for key in entries}
    return found


def _score(flagged: Flagged, planted: dict[str, dict[str, set[int]]]) -> dict[str, object]:
    everywhere = {(name, line) for name, lines in flagged.items() for line in lines}
    in_planted = {
        (name, line) for kind in planted.values() for name, lines in kind.items() for line in lines
    }
    found = {
        kind: sorted(f"{n}:{line}" for n, lines in files.items() for line in lines
                     if (n, line) in everywhere)
        for kind, files in planted.items()
    }  # fmt: skip
    others = everywhere - in_planted
    return {
        "found": found,
        "other_entries": len(others),
        "other_findings": sum(flagged[n][line] for n, line in others),
    }


def measure(per_kind: int, seed: int) -> dict[str, object]:
    """Build the corpus, run the three tools on both sides, and compare."""
    with tempfile.TemporaryDirectory(prefix="markup-peers-") as name:
        work = Path(name)
        catalogs = planted_markup.docs_catalogs()
        corpus = planted_markup.plant(catalogs, per_kind, seed)
        keys = planted_markup.write_whole(corpus, catalogs, work)
        total = sum(len(c.messages) for c in catalogs.values())
        results: dict[str, dict[str, object]] = {}
        for side in ("clean", "planted"):
            folder = work / side / PREFIX
            planted = planted_lines(folder, keys)
            tools = {
                "pipeline check": run_ours(work / side),
                "pofilter": run_pofilter(folder, work),
                "msgfmt --check": run_msgfmt(folder),
            }
            for tool, outcome in tools.items():
                row = results.setdefault(tool, {})
                if outcome is None:
                    row["skipped"] = "not installed"
                    continue
                flagged, seconds = outcome
                row[side] = _score(flagged, planted) | {"seconds": round(seconds, 2)}
    ours = results["pipeline check"]["planted"]
    assert isinstance(ours, dict)
    missed_by_us: dict[str, list[str]] = {}
    for tool in ("pofilter", "msgfmt --check"):
        theirs = results[tool].get("planted")
        if isinstance(theirs, dict):
            for kind in KINDS:
                lost = sorted(set(theirs["found"][kind]) - set(ours["found"][kind]))
                if lost:
                    missed_by_us[f"{tool}: {kind}"] = lost
    return {
        "per_kind": per_kind,
        "seed": seed,
        "catalogues": len(catalogs),
        "entries": total,
        "planted": {kind: sum(1 for p in corpus if p.kind == kind) for kind in KINDS},
        "tools": results,
        "found_by_a_peer_but_not_us": missed_by_us,
    }


def markdown(result: dict[str, object]) -> str:
    planted = result["planted"]
    tools = result["tools"]
    assert isinstance(planted, dict) and isinstance(tools, dict)
    head = [
        "tool", *KINDS, "planted found", "untouched twins flagged",
        "other entries flagged", "findings on other entries", "s",
    ]  # fmt: skip
    lines = [
        SECTION,
        "",
        f"Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. All {result['catalogues']} "
        f"catalogues ({result['entries']} entries), {result['per_kind']} entries per kind "
        f"drawn with seed {result['seed']} (entries whose msgid and msgstr carry the same "
        "markup; `benchmarks/planted_markup.py`), once untouched and once with one planted "
        "fault each (format kinds: the entry turned into a `python-format`, "
        "`python-brace-format` or plural `c-format` message on both sides). Cells: planted "
        "entries found / planted. *Untouched twins flagged*: the same entries without their "
        "fault. *Other entries*: the catalogues' unplanted entries, as the translators wrote "
        "them (ours: `markup-mismatch` and `placeholder-mismatch` at warning and error). *s*: "
        "wall seconds on the planted side (ours: a whole `pipeline check`, language detection "
        "and every other rule included; msgfmt: one run per catalogue).",
        "",
        "| " + " | ".join(head) + " |",
        "| " + " | ".join("---" for _ in head) + " |",
    ]
    total = sum(int(n) for n in planted.values())
    for tool, row in tools.items():
        if "skipped" in row:
            lines.append(f"| {tool} | " + " | ".join("–" for _ in head[1:-1]) + " | skipped |")
            continue
        hit, clean = row["planted"], row["clean"]
        cells = [f"{len(hit['found'][k])} / {planted[k]}" for k in KINDS]
        twins = sum(len(v) for v in clean["found"].values())
        cells += [
            f"{sum(len(v) for v in hit['found'].values())} / {total}",
            str(twins),
            str(hit["other_entries"]),
            str(hit["other_findings"]),
            f"{hit['seconds']:.2f}",
        ]
        lines.append(f"| {tool} | " + " | ".join(cells) + " |")
    lost = result["found_by_a_peer_but_not_us"]
    assert isinstance(lost, dict)
    ours = tools["pipeline check"]["planted"]
    pof = tools.get("pofilter", {})
    verdict_lost = "met" if not lost else f"MISSED: {json.dumps(lost)}"
    if "skipped" in pof:
        fewer = "skipped (pofilter not installed)"
    else:
        theirs = pof["planted"]["other_findings"]
        fewer = "met" if ours["other_findings"] < theirs else "MISSED"
        fewer += f" ({ours['other_findings']} vs {theirs})"
    lines += [
        "",
        f"- Every planted fault a peer finds, we find: {verdict_lost}.",
        f"- Fewer false findings than pofilter on the unplanted entries: {fewer}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not planted_markup.DOCS.is_dir():
        print(f"no corpus: {planted_markup.DOCS} is missing", file=sys.stderr)
        return 2
    result = measure(args.per_kind, args.seed)
    text = markdown(result)
    print(text)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "markup_peers.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    if args.write_results:
        write_section(SECTION, text, HERE / "RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
