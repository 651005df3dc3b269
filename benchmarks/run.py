"""Benchmark suite: pipeline stages at several sizes, and peers side by side in the same run.

Usage::

    .venv/bin/python benchmarks/run.py [--quick] [--write-results] [--budget SECONDS]
                                        [--sizes 10,100,1000,10000] [--no-peers]

Every measurement of the command line runs in a fresh subprocess; its peak memory is the
child's maximum resident set size (``ru_maxrss`` from ``wait4``, the same figure
``getrusage(RUSAGE_CHILDREN)`` gives for one child; for a process pool it is the largest
single process, not the sum). Peers (po4a, mdpo's md2po, GNU msgmerge, translate-toolkit's
pofilter, dennis, langdetect) run on the very same inputs; a peer that is not installed is
skipped with a note. Peers other than GNU gettext and po4a live in ``benchmarks/.peers-venv``
(see :data:`PEERS_VENV`).

Output: a Markdown report on standard output, JSON in ``benchmarks/out/results.json``, and
with ``--write-results`` the Markdown in ``benchmarks/RESULTS.md``.

The full run keeps to a time budget (default 840 s): sizes go in increasing order and a
measurement whose time, extrapolated from the previous size, would not fit in what is left is
skipped with a note (its extrapolated time is reported instead).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
if (REPO / "src").is_dir():
    sys.path.insert(0, str(REPO / "src"))

import corpus  # noqa: E402

SRC = REPO / "src"
"""The pipeline source the commands run from (``real_corpora.py --src`` points it elsewhere)."""
PEERS_VENV = HERE / ".peers-venv"
KEPT_SECTIONS = ("## Markup and placeholders vs peers", "## Real corpora, side by side")
"""Sections of RESULTS.md written by other benchmarks (``markup_peers.py``,
``real_corpora.py``), kept as they are."""
OUT = HERE / "out"
PYTHON = sys.executable

FULL_SIZES = (10, 100, 1000, 10000)
QUICK_SIZES = (3, 6)
STAGES = ("extract", "update", "check", "build")
TARGETS = {
    "check_cold_10000_s": 60.0,
    "recheck_touched_s": 2.0,
    "peak_rss_10000_mb": 500.0,
    "extract_vs_parse_ratio": 1.5,
    "pofilter_speedup": 2.0,
}


# --------------------------------------------------------------------------- running


@dataclass(slots=True)
class Run:
    """One timed subprocess."""

    argv: list[str]
    seconds: float = 0.0
    rss_mb: float = 0.0
    """Peak memory: the larger of the child's own peak RSS and the sampled peak of the whole
    process tree (PSS summed over the child and its descendants, e.g. pool workers)."""
    tree_mb: float = 0.0
    """Sampled peak of the process tree alone (every 50 ms; 0 when /proc is unavailable)."""
    status: int = 0
    stderr: str = ""
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return self.skipped is None

    def to_json(self) -> dict[str, Any]:
        return {
            "argv": " ".join(self.argv),
            "seconds": round(self.seconds, 4),
            "rss_mb": round(self.rss_mb, 1),
            "tree_mb": round(self.tree_mb, 1),
            "status": self.status,
            "skipped": self.skipped,
        }


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None
"""GNU time (Debian package ``time``): its ``%M`` is the child's own peak RSS. Without it the
peak comes from ``wait4`` and includes this harness's memory, which the child inherits until
it calls exec (vfork), so small programs look as big as the harness."""


def _tree_kb(root: int) -> int:
    """PSS (else RSS) in kB summed over ``root`` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
        except OSError:
            match = None
        if match is None:
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", text, re.MULTILINE)
        if match:
            total += int(match.group(1))
    return total


class _Sampler:
    """Polls the memory of a process tree in a thread until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import threading

        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        if Path("/proc").is_dir():
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, ValueError, IndexError):
                self.peak_kb = max(self.peak_kb, _tree_kb(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.peak_kb / 1024


def timed(
    argv: Sequence[str],
    *,
    ok: Sequence[int] = (0,),
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
) -> Run:
    """Run ``argv`` in a fresh process: wall time, peak RSS of the child, status."""
    run = Run(list(map(str, argv)))
    if shutil.which(run.argv[0]) is None:
        run.skipped = f"not installed ({run.argv[0]})"
        return run
    with tempfile.TemporaryDirectory() as scratch:
        rss_file = Path(scratch) / "rss"
        command = run.argv
        if GNU_TIME is not None:
            command = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *run.argv]
        with (
            open(Path(scratch) / "stderr", "w+b") as err,
            open(stdout if stdout is not None else os.devnull, "wb") as out,
        ):
            start = time.perf_counter()
            proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
            sampler = _Sampler(proc.pid)
            _, status, usage = os.wait4(proc.pid, 0)
            run.seconds = time.perf_counter() - start
            run.tree_mb = sampler.stop()
            proc.returncode = run.status = os.waitstatus_to_exitcode(status)
            err.seek(0)
            run.stderr = err.read().decode("utf-8", "replace")
        run.rss_mb = usage.ru_maxrss / 1024
        if GNU_TIME is not None:
            found = re.findall(r"^(\d+)\s*$", rss_file.read_text(), re.MULTILINE)
            if found:
                run.rss_mb = int(found[-1]) / 1024
        run.rss_mb = max(run.rss_mb, run.tree_mb)
    if run.status not in ok:
        tail = run.stderr.strip().splitlines()[-1:] or [""]
        if "No module named" in run.stderr:
            run.skipped = f"command not available yet: {tail[0]}"
        else:
            run.skipped = f"failed with status {run.status}: {tail[0][:200]}"
    return run


def pipeline(root: Path, *args: str, ok: Sequence[int] = (0,), stdout: Path | None = None) -> Run:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return timed(
        [PYTHON, "-m", "pipeline", "-C", str(root), "-q", *args], ok=ok, env=env, stdout=stdout
    )


def peer_bin(name: str) -> str | None:
    """A peer's executable: in the peers venv, else on PATH, else None."""
    candidate = PEERS_VENV / "bin" / name
    if candidate.is_file():
        return str(candidate)
    return shutil.which(name)


def best_of(times: int, fn: Callable[[], Run]) -> Run:
    """The fastest of ``times`` runs (a failed or skipped run stops the series)."""
    best: Run | None = None
    for _ in range(times):
        run = fn()
        if not run.ok:
            return run
        if best is None or run.seconds < best.seconds:
            best = run
        if run.seconds > 5:  # long runs vary little: once is enough
            break
    assert best is not None
    return best


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if a > 0 and b > 0 else None


def mb(size: int) -> float:
    return size / 1_000_000


# --------------------------------------------------------------------------- budget


@dataclass(slots=True)
class Budget:
    """Seconds left for the run, and a log of what was skipped for lack of time."""

    seconds: float
    start: float = field(default_factory=time.perf_counter)
    notes: list[str] = field(default_factory=list)

    def left(self) -> float:
        return self.seconds - (time.perf_counter() - self.start)

    def allows(self, what: str, predicted: float) -> bool:
        if predicted <= self.left():
            return True
        self.notes.append(
            f"{what}: skipped, predicted {predicted:.0f} s > {max(self.left(), 0):.0f} s left"
        )
        return False


# --------------------------------------------------------------------------- machine


def _first_line(argv: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else None


def _pip_version(package: str) -> str | None:
    python = PEERS_VENV / "bin" / "python"
    if not python.is_file():
        return None
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    return _first_line([str(python), "-c", code])


def machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    memory = None
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        match = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory = round(int(match.group(1)) / 1024 / 1024, 1) if match else None
    import importlib.metadata as meta

    def ours(name: str) -> str | None:
        try:
            return meta.version(name)
        except meta.PackageNotFoundError:
            return None

    loadavg = Path("/proc/loadavg")
    load = loadavg.read_text().split()[:3] if loadavg.is_file() else None
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_at_start": load,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            "pipeline": ours("pipeline"),
            "markdown-it-py": ours("markdown-it-py"),
            "langdetect": ours("langdetect"),
            "lingua-language-detector": ours("lingua-language-detector"),
            "msgmerge": _first_line(["msgmerge", "--version"]),
            "po4a": _first_line(["po4a-updatepo", "--version"]),
            "mdpo": _pip_version("mdpo"),
            "translate-toolkit": _pip_version("translate-toolkit"),
            "dennis": _pip_version("dennis"),
        },
    }


# --------------------------------------------------------------------------- scaling


def _clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".pipeline-cache", ignore_errors=True)


def _touch_one_page(root: Path) -> str:
    """Edit one French page (a word changed), as a translator would."""
    pages = sorted((root / "content" / "fr").glob("*.md"))
    page = pages[len(pages) // 2]
    text = page.read_text("utf-8")
    page.write_text(text.replace("\n\n", "\n\nÉdition. ", 1), "utf-8")
    return page.relative_to(root).as_posix()


def loglog_exponent(points: Sequence[tuple[float, float]]) -> float | None:
    """Slope of log(time) against log(size), least squares."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    var = sum((x - mx) ** 2 for x, _ in pts)
    if var == 0:
        return None
    return round(sum((x - mx) * (y - my) for x, y in pts) / var, 3)


def scaling(
    work: Path,
    sizes: Sequence[int],
    budget: Budget,
    stages: Sequence[str] = STAGES,
    with_recheck: bool = True,
) -> dict[str, Any]:
    results: dict[str, Any] = {"sizes": [], "stages": {s: {} for s in STAGES}, "notes": []}
    previous: dict[str, tuple[int, float]] = {}
    check_roots: list[tuple[Path, float]] = []  # the two largest sites whose check ran
    for size in sizes:
        root = work / f"site-{size}"
        shutil.rmtree(root, ignore_errors=True)
        gen_pred = previous["generate"][1] * size / previous["generate"][0] if previous else 0
        stage_pred = sum(
            previous[s][1] * size / previous[s][0] for s in ("extract", "update") if s in previous
        )
        if not budget.allows(f"site of {size} pages", gen_pred * 2 + stage_pred):
            break
        start = time.perf_counter()
        plan = corpus.generate_pages(root, pages=size, seed=size, invalid=False)
        gen_seconds = time.perf_counter() - start
        info = plan.info
        entry: dict[str, Any] = {"pages": size, "source_units": info.units}
        for stage in STAGES:
            if stage not in stages and stage not in ("extract", "update"):
                continue
            if stage in previous:
                prev_size, prev_seconds = previous[stage]
                predicted = prev_seconds * size / prev_size
                if not budget.allows(f"{stage} at {size} pages", predicted):
                    results["stages"][stage][str(size)] = {
                        "skipped": "time budget",
                        "predicted_seconds": round(predicted, 1),
                    }
                    if stage in ("extract", "update"):
                        break
                    continue
            if stage == "check":
                _clear_cache(root)
                run = pipeline(root, "check", "--format", "json", "--fail-on", "never")
            else:
                run = pipeline(root, stage)
            if stage == "update" and run.ok:
                start = time.perf_counter()
                info = corpus.fill_catalogs(root, plan)
                gen_seconds += time.perf_counter() - start
            units, size_bytes = _stage_volume(stage, info, root)
            record = run.to_json()
            if run.ok:
                record |= {
                    "units": units,
                    "bytes": size_bytes,
                    "units_per_s": round(units / run.seconds, 1) if run.seconds else None,
                    "mb_per_s": round(mb(size_bytes) / run.seconds, 3) if run.seconds else None,
                    "ms_per_page": round(run.seconds * 1000 / size, 3),
                }
                previous[stage] = (size, run.seconds)
            results["stages"][stage][str(size)] = record
            if not run.ok and stage in ("extract", "update"):
                break
        previous["generate"] = (size, max(gen_seconds, 0.01))
        entry |= {
            "generate_seconds": round(gen_seconds, 2),
            "entries": info.entries,
            "page_bytes": sum(info.bytes.values()),
            "catalog_bytes": info.catalog_bytes,
        }
        results["sizes"].append(entry)
        check = results["stages"]["check"].get(str(size), {})
        if check.get("skipped") is None and "seconds" in check:
            check_roots.append((root, float(check["seconds"])))
            if len(check_roots) > 2:
                shutil.rmtree(check_roots.pop(0)[0], ignore_errors=True)
        else:
            shutil.rmtree(root, ignore_errors=True)
    for stage in STAGES:
        points = [
            (float(size), float(rec["seconds"]))
            for size, rec in results["stages"][stage].items()
            if rec.get("skipped") is None and "seconds" in rec and int(size) >= 100
        ]
        if len(points) < 2:
            points = [
                (float(size), float(rec["seconds"]))
                for size, rec in results["stages"][stage].items()
                if rec.get("skipped") is None and "seconds" in rec
            ]
        results["stages"][stage]["exponent"] = loglog_exponent(points)
    # Re-check on the largest site that fits in the time left.
    for root, seconds in reversed(check_roots if with_recheck else []):
        results["recheck"] = recheck(root, budget, seconds)
        if not results["recheck"].get("skipped"):
            break
    return results


def _stage_volume(stage: str, info: corpus.CorpusInfo, root: Path) -> tuple[int, int]:
    """(units, bytes) a stage works through."""
    if stage == "extract":
        return info.units, info.source_bytes
    pot_bytes = sum(p.stat().st_size for p in (root / "locale").glob("*.pot"))
    if stage == "update":
        return info.units, pot_bytes + info.catalog_bytes
    # check and build: every page and catalogue of the site
    return info.units + info.entries, sum(info.bytes.values()) + info.catalog_bytes


def recheck(root: Path, budget: Budget, cold_seconds: float) -> dict[str, Any]:
    """Check twice (warm cache), edit one page, check again."""
    out: dict[str, Any] = {"pages": int(root.name.split("-")[-1])}
    predicted = cold_seconds * 3
    if not budget.allows(f"re-check at {out['pages']} pages", predicted):
        out["skipped"] = "time budget"
        return out
    args = ("check", "--format", "json", "--fail-on", "never")
    first = pipeline(root, *args)
    second = pipeline(root, *args)
    touched = _touch_one_page(root)
    third = pipeline(root, *args)
    out |= {
        "warm_1": first.to_json(),
        "warm_2": second.to_json(),
        "touched_page": touched,
        "after_touch": third.to_json(),
        "target_seconds": TARGETS["recheck_touched_s"],
    }
    return out


# --------------------------------------------------------------------------- extraction peers


def _count_msgids(path: Path) -> tuple[int, list[str]]:
    """Entries (header excluded) of a PO/POT file, and their msgids (joined, unescaped)."""
    if not path.is_file():
        return 0, []
    from pipeline.catalog.po_read import parse_po

    try:
        catalog = parse_po(path.read_text("utf-8"), path.name)
    except Exception:  # a peer's file may not parse: count its msgid lines then
        text = path.read_text("utf-8", "replace")
        return max(0, text.count("\nmsgid ") + text.startswith("msgid ") - 1), []
    msgids = [m.msgid for m in catalog.messages if not m.obsolete]
    return len(msgids), msgids


def _inprocess_extraction(pages: Sequence[Path], repeat: int) -> dict[str, Any]:
    """Our extraction vs markdown-it-py's bare parse of the same text, in this process."""
    from pipeline.catalog.extract import extract
    from pipeline.catalog.po_write import format_po
    from pipeline.content.pages import parse_page
    from pipeline.segment.parser import markdown_parser

    texts = [(p, p.read_text("utf-8")) for p in pages]
    parser = markdown_parser()

    def parse_only() -> None:
        for _, text in texts:
            parser.parse(text)

    def ours() -> None:
        parsed = [parse_page(t, f"content/en/{p.name}", "en", p.stem) for p, t in texts]
        for catalog in extract(parsed, project="Benchmark", date=None).values():
            format_po(catalog)

    def seconds(fn: Callable[[], None]) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    parse_only()  # warm-up
    ours()
    # Interleaved rounds, best of each: a change of the machine's load between two
    # series of rounds would otherwise move the ratio.
    rounds = [(seconds(parse_only), seconds(ours)) for _ in range(repeat)]
    parse_s = min(r[0] for r in rounds)
    ours_s = min(r[1] for r in rounds)
    return {
        "markdown_it_parse_s": round(parse_s, 4),
        "ours_extract_s": round(ours_s, 4),
        "ratio_ours_to_parse": ratio(ours_s, parse_s),
        "target_ratio": TARGETS["extract_vs_parse_ratio"],
    }


def extraction(work: Path, quick: bool, peers: bool) -> dict[str, Any]:
    size = 20_000 if quick else 1_000_000
    results: dict[str, Any] = {}
    for label, count in (("one page", 1), ("100 pages", 100)):
        root = work / f"extract-{count}"
        shutil.rmtree(root, ignore_errors=True)
        folder = root / "content" / "en"
        folder.mkdir(parents=True)
        (root / "pipeline.toml").write_text(
            'source_language = "en"\nlanguages = ["fr"]\ndomain = "site"\n', "utf-8"
        )
        if count == 1:
            written = corpus.generate_big_page(folder / "big.md", size=size)
        else:
            written = corpus.generate_page_set(folder, size=size, count=count)
        pages = sorted(folder.glob("*.md"))
        case: dict[str, Any] = {"bytes": written, "pages": len(pages)}
        repeat = 1 if quick else 3
        ours = best_of(repeat, lambda root=root: pipeline(root, "extract"))  # type: ignore[misc]
        ours_units, ours_ids = _count_msgids(root / "locale" / "site.pot")
        case["ours"] = ours.to_json() | {"units": ours_units}
        case["in_process"] = _inprocess_extraction(pages, repeat)
        if peers:
            po4a_out = root / "po4a.pot"
            po4a_argv = ["po4a-updatepo", "-f", "text", "-o", "markdown", "-M", "UTF-8"]
            for page in pages:
                po4a_argv += ["-m", str(page)]
            po4a_argv += ["-p", str(po4a_out)]

            def po4a(po4a_argv: list[str] = po4a_argv, po4a_out: Path = po4a_out) -> Run:
                po4a_out.unlink(missing_ok=True)
                return timed(po4a_argv)

            case["po4a"] = _peer_case(best_of(repeat, po4a), ours, po4a_out, ours_ids)
            md2po = peer_bin("md2po")
            md_out = root / "md2po.po"
            if md2po is None:
                case["md2po"] = {"skipped": "not installed (pip install mdpo in the peers venv)"}
            else:

                def run_md2po(
                    md2po: str = md2po, md_out: Path = md_out, pages: list[Path] = pages
                ) -> Run:
                    md_out.unlink(missing_ok=True)
                    return timed([md2po, *map(str, pages), "-q", "-s", "-p", str(md_out)])

                case["md2po"] = _peer_case(best_of(repeat, run_md2po), ours, md_out, ours_ids)
        results[label] = case
    return results


def _peer_case(run: Run, ours: Run, output: Path, ours_ids: list[str]) -> dict[str, Any]:
    record = run.to_json()
    if not run.ok:
        return record
    units, ids = _count_msgids(output)
    mine = set(ours_ids)
    theirs = set(ids)
    only_ours = sorted(mine - theirs)
    only_theirs = sorted(theirs - mine)
    return record | {
        "units": units,
        "ours_over_peer": ratio(ours.seconds, run.seconds),
        "peer_over_ours": ratio(run.seconds, ours.seconds),
        "common_units": len(mine & theirs),
        "only_ours": len(only_ours),
        "only_peer": len(only_theirs),
        "only_ours_examples": [s[:90] for s in only_ours[:3]],
        "only_peer_examples": [s[:90] for s in only_theirs[:3]],
    }


# --------------------------------------------------------------------------- merge


def merge(work: Path, quick: bool, peers: bool) -> dict[str, Any]:
    entries, changed = (400, 25) if quick else (19_000, 1_100)
    root = work / "merge"
    shutil.rmtree(root, ignore_errors=True)
    case = corpus.generate_merge_case(root / "inputs", entries=entries, changed=changed)
    site = root / "site"
    (site / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (site / "pipeline.toml").write_text(
        'source_language = "en"\nlanguages = ["fr"]\ndomain = "site"\n', "utf-8"
    )
    po = site / "locale" / "fr" / "LC_MESSAGES" / "site.po"
    result: dict[str, Any] = {"entries": case.entries, "changed": case.changed}
    repeat = 1 if quick else 3

    def ours() -> Run:
        shutil.copy(case.pot, site / "locale" / "site.pot")
        shutil.copy(case.po, po)
        return pipeline(site, "update")

    mine = best_of(repeat, ours)
    result["ours"] = mine.to_json() | _fuzzy_summary(po)
    if peers:
        out = root / "msgmerge.po"
        peer = best_of(
            repeat,
            lambda: timed(
                ["msgmerge", "--previous", "-q", "-o", str(out), str(case.po), str(case.pot)]
            ),
        )
        record = peer.to_json()
        if peer.ok:
            record |= _fuzzy_summary(out) | {
                "ours_over_peer": ratio(mine.seconds, peer.seconds),
                "peer_over_ours": ratio(peer.seconds, mine.seconds),
            }
            if mine.ok:
                ours_fuzzy = set(_fuzzy_ids(po))
                peer_fuzzy = set(_fuzzy_ids(out))
                record["fuzzy_agreement"] = {
                    "both": len(ours_fuzzy & peer_fuzzy),
                    "only_ours": len(ours_fuzzy - peer_fuzzy),
                    "only_msgmerge": len(peer_fuzzy - ours_fuzzy),
                }
                record["identical_output"] = po.read_bytes() == out.read_bytes()
        result["msgmerge"] = record
    return result


def _fuzzy_ids(path: Path) -> list[str]:
    from pipeline.catalog.po_read import read_po

    if not path.is_file():
        return []
    return [m.msgid for m in read_po(path).messages if m.fuzzy and not m.obsolete]


def _fuzzy_summary(path: Path) -> dict[str, Any]:
    from pipeline.catalog.po_read import read_po

    if not path.is_file():
        return {}
    messages = read_po(path).messages
    return {
        "fuzzy": sum(1 for m in messages if m.fuzzy and not m.obsolete),
        "obsolete": sum(1 for m in messages if m.obsolete),
        "translated": sum(1 for m in messages if m.translated),
    }


# --------------------------------------------------------------------------- PO checks


def po_checks(work: Path, quick: bool, peers: bool) -> dict[str, Any]:
    root = work / "catalog-set"
    shutil.rmtree(root, ignore_errors=True)
    if quick:
        catset = corpus.generate_catalog_set(root, files=4, min_bytes=20_000, min_entries=120)
    else:
        catset = corpus.generate_catalog_set(root)
    result: dict[str, Any] = {
        "files": catset.files,
        "entries": catset.entries,
        "bytes": catset.bytes,
    }
    report = work / "catalog-set-report.json"
    ours = pipeline(root, "check", "--format", "json", "--fail-on", "never", stdout=report)
    result["ours"] = ours.to_json() | _findings_count(report)
    if not peers:
        return result
    pofilter = peer_bin("pofilter")
    if pofilter is None:
        result["pofilter"] = {"skipped": "not installed (pip install translate-toolkit)"}
    else:
        out = work / "pofilter-out"
        shutil.rmtree(out, ignore_errors=True)
        run = timed(
            [pofilter, "--language=fr", "--progress=none", "-i", str(catset.folder), "-o", str(out)]
        )
        result["pofilter"] = _versus(run, ours) | {"target_speedup": TARGETS["pofilter_speedup"]}
    dennis = peer_bin("dennis-cmd")
    if dennis is None:
        result["dennis"] = {"skipped": "not installed (pip install dennis)"}
    else:
        # dennis exits 1 when it finds errors; 2 is a usage error.
        run = timed([dennis, "lint", str(catset.folder)], ok=(0, 1))
        result["dennis"] = _versus(run, ours)
    return result


def _findings_count(report: Path) -> dict[str, Any]:
    try:
        data = json.loads(report.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    summary = data.get("summary", {}) if isinstance(data, dict) else {}
    return {"findings": summary.get("total"), "by_rule": summary.get("by_rule")}


def _versus(peer: Run, ours: Run) -> dict[str, Any]:
    record = peer.to_json()
    if peer.ok and ours.ok:
        record |= {
            "ours_over_peer": ratio(ours.seconds, peer.seconds),
            "peer_over_ours": ratio(peer.seconds, ours.seconds),
        }
    return record


# --------------------------------------------------------------------------- language detection

_DETECT_CODE = r"""
import json, sys, time
from pathlib import Path
texts = json.loads(Path(sys.argv[1]).read_text("utf-8"))
mode = sys.argv[2]
if mode == "langdetect":
    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
    start = time.perf_counter()
    detect("Ceci est une phrase en français.")
    load = time.perf_counter() - start
    start = time.perf_counter()
    out = []
    for t in texts:
        try:
            out.append(detect(t))
        except Exception:
            out.append(None)
    seconds = time.perf_counter() - start
    fr = sum(1 for x in out if x == "fr")
else:
    from pipeline.langid.verdict import judge_many
    from pipeline.checks.detector import make_judge
    start = time.perf_counter()
    judge_many(["Ceci est une phrase en français."], "fr", ("en", "fr"))
    load = time.perf_counter() - start
    start = time.perf_counter()
    if mode == "ours-batch":
        verdicts = judge_many(texts, "fr", ("en", "fr"))
    else:
        judge = make_judge(candidates=("en", "fr"), ignore_terms=(), options={})
        verdicts = [judge(t, "fr") for t in texts]
    seconds = time.perf_counter() - start
    fr = None
print(json.dumps({"seconds": seconds, "load_seconds": load, "segments": len(texts), "fr": fr}))
"""


def detection(work: Path, quick: bool) -> dict[str, Any]:
    from pipeline.catalog.po_read import read_po

    folder = work / "catalog-set" / "locale" / "fr" / "LC_MESSAGES"
    texts: list[str] = []
    limit = 200 if quick else 3000
    for path in sorted(folder.glob("*.po")):
        texts += [m.msgstr for m in read_po(path).messages if m.msgstr]
        if len(texts) >= limit:
            break
    texts = texts[:limit]
    data = work / "detect-texts.json"
    data.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    result: dict[str, Any] = {"segments": len(texts), "chars": sum(map(len, texts))}
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src")
    for mode in ("langdetect", "ours-batch", "ours-judge"):
        out = work / f"detect-{mode}.json"
        run = timed([PYTHON, "-c", _DETECT_CODE, str(data), mode], env=env, stdout=out)
        record = run.to_json()
        if run.ok:
            inner = json.loads(out.read_text("utf-8"))
            record |= inner | {
                "segments_per_s": round(len(texts) / inner["seconds"], 1)
                if inner["seconds"]
                else None
            }
        result[mode] = record
    plain = result["langdetect"].get("seconds")
    for mode in ("ours-batch", "ours-judge"):
        mine = result[mode].get("seconds")
        if plain and mine:
            result[mode]["ours_over_langdetect"] = ratio(mine, plain)
            result[mode]["langdetect_over_ours"] = ratio(plain, mine)
    return result


# --------------------------------------------------------------------------- report


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _verdict(value: float | None, target: float, lower_is_better: bool = True) -> str:
    if value is None:
        return "not measured"
    met = value <= target if lower_is_better else value >= target
    if met:
        return "met"
    factor = value / target if lower_is_better else target / value
    return f"MISSED ({factor:.1f}x off)"


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    stages = results.get("scaling", {}).get("stages", {})
    cold = stages.get("check", {}).get("10000", {})
    value = cold.get("seconds") if cold.get("skipped") is None else None
    rows.append(
        {
            "target": "check from cold at 10,000 pages < 60 s",
            "value": value,
            "predicted": cold.get("predicted_seconds"),
            "verdict": _verdict(value, TARGETS["check_cold_10000_s"]),
        }
    )
    peak = None
    for stage in STAGES:
        rec = stages.get(stage, {}).get("10000", {})
        if rec.get("skipped") is None and "rss_mb" in rec:
            peak = max(peak or 0.0, float(rec["rss_mb"]))
    rows.append(
        {
            "target": "peak memory at 10,000 pages < 500 MB",
            "value": peak,
            "verdict": _verdict(peak, TARGETS["peak_rss_10000_mb"]),
        }
    )
    touch = results.get("scaling", {}).get("recheck", {}).get("after_touch", {})
    value = touch.get("seconds") if touch and touch.get("skipped") is None else None
    rows.append(
        {
            "target": "re-check after touching one page < 2 s "
            f"(at {results.get('scaling', {}).get('recheck', {}).get('pages')} pages)",
            "value": value,
            "verdict": _verdict(value, TARGETS["recheck_touched_s"]),
        }
    )
    for label, case in results.get("extraction", {}).items():
        value = case.get("in_process", {}).get("ratio_ours_to_parse")
        rows.append(
            {
                "target": f"extraction <= 1.5x markdown-it parse ({label})",
                "value": value,
                "verdict": _verdict(value, TARGETS["extract_vs_parse_ratio"]),
            }
        )
    mm = results.get("merge", {}).get("msgmerge", {})
    value = mm.get("ours_over_peer")
    rows.append(
        {
            "target": "merge no slower than msgmerge --previous (ours/msgmerge <= 1)",
            "value": value,
            "verdict": _verdict(value, 1.0),
        }
    )
    pf = results.get("po_checks", {}).get("pofilter", {})
    value = pf.get("peer_over_ours")
    rows.append(
        {
            "target": "check >= 2x faster than pofilter (pofilter/ours >= 2)",
            "value": value,
            "verdict": _verdict(value, TARGETS["pofilter_speedup"], lower_is_better=False),
        }
    )
    return rows


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Date: {m['date']}. Mode: {'quick' if results['quick'] else 'full'}; "
        f"run time {results['seconds']:.0f} s.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']} "
        f"({m['platform']}). Load average at start {m.get('load_at_start')}, at end "
        f"{m.get('load_at_end')} (other work on the machine slows every figure).",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v) + ".",
        "",
        "## Targets",
        "",
        "| target | value | verdict |",
        "| --- | --- | --- |",
    ]
    for row in results["targets"]:
        value = _fmt(row["value"])
        if row.get("predicted") is not None and row["value"] is None:
            value = f"~{row['predicted']:.0f} (extrapolated)"
        lines.append(f"| {row['target']} | {value} | {row['verdict']} |")
    sc = results.get("scaling", {})
    if sc:
        lines += [
            "",
            "## Stages by size",
            "",
            "Each cell: wall seconds / peak RSS MB / units per s / MB per s / ms per page. "
            "Check runs from a cold cache on a site with planted faults; update includes "
            "creating the PO files.",
            "",
            "| stage | " + " | ".join(f"{s['pages']} pages" for s in sc["sizes"]) + " | exponent |",
            "| --- |" + " --- |" * (len(sc["sizes"]) + 1),
        ]
        for stage in STAGES:
            cells = []
            for s in sc["sizes"]:
                rec = sc["stages"][stage].get(str(s["pages"]), {})
                if not rec:
                    cells.append("–")
                elif rec.get("skipped"):
                    extra = (
                        f" (~{rec['predicted_seconds']:.0f} s)"
                        if "predicted_seconds" in rec
                        else ""
                    )
                    cells.append(f"skipped: {rec['skipped']}{extra}")
                else:
                    cells.append(
                        f"{rec['seconds']:.2f} s / {rec['rss_mb']:.0f} MB / "
                        f"{_fmt(rec.get('units_per_s'), 0)} u/s / {_fmt(rec.get('mb_per_s'))} MB/s"
                        f" / {_fmt(rec.get('ms_per_page'), 1)} ms"
                    )
            exp = _fmt(sc["stages"][stage].get("exponent"))
            lines.append(f"| {stage} | " + " | ".join(cells) + f" | {exp} |")
        lines += [
            "",
            "| pages | source units | PO entries | page bytes | PO bytes | generation s |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for s in sc["sizes"]:
            lines.append(
                f"| {s['pages']} | {s['source_units']} | {s['entries']} | {s['page_bytes']} | "
                f"{s['catalog_bytes']} | {s['generate_seconds']} |"
            )
        rc = sc.get("recheck", {})
        if rc.get("skipped"):
            lines += ["", f"Re-check at {rc['pages']} pages: skipped ({rc['skipped']})."]
        elif rc and any(rc[k].get("skipped") for k in ("warm_1", "warm_2", "after_touch")):
            why = next(
                rc[k]["skipped"] for k in ("warm_1", "warm_2", "after_touch") if rc[k]["skipped"]
            )
            lines += ["", f"Re-check at {rc['pages']} pages: failed ({why})."]
        elif rc:
            lines += [
                "",
                f"Re-check at {rc['pages']} pages: warm {rc['warm_1']['seconds']:.2f} s, "
                f"warm again {rc['warm_2']['seconds']:.2f} s, after editing "
                f"{rc['touched_page']}: {rc['after_touch']['seconds']:.2f} s.",
            ]
    ex = results.get("extraction", {})
    if ex:
        lines += [
            "",
            "## Extraction vs peers (same input)",
            "",
            "| input | tool | seconds | units | ours/peer | peer/ours | common | only ours | "
            "only peer |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for label, case in ex.items():
            name = f"{label}, {case['bytes'] / 1e6:.2f} MB"
            o = case["ours"]
            lines.append(
                f"| {name} | pipeline extract | {_fmt(o.get('seconds'))} | {o.get('units')} "
                "| 1 | 1 | | | |"
            )
            for tool in ("po4a", "md2po"):
                p = case.get(tool)
                if p is None:
                    continue
                if p.get("skipped"):
                    lines.append(f"| {name} | {tool} | skipped: {p['skipped']} | | | | | | |")
                    continue
                lines.append(
                    f"| {name} | {tool} | {_fmt(p['seconds'])} | {p.get('units')} | "
                    f"{_fmt(p.get('ours_over_peer'))} | {_fmt(p.get('peer_over_ours'))} | "
                    f"{p.get('common_units')} | {p.get('only_ours')} | {p.get('only_peer')} |"
                )
            ip = case["in_process"]
            lines.append(
                f"| {name} | in process: markdown-it parse / ours | "
                f"{ip['markdown_it_parse_s']:.3f} / {ip['ours_extract_s']:.3f} | | "
                f"{_fmt(ip['ratio_ours_to_parse'])} (ours/parse) | | | | |"
            )
    mg = results.get("merge", {})
    if mg:
        o = mg["ours"]
        lines += [
            "",
            f"## Merge: {mg['entries']} entries, {mg['changed']} changed sources",
            "",
            "| tool | seconds | peak MB | fuzzy | translated | obsolete | ours/peer | peer/ours |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            f"| pipeline update | {_fmt(o.get('seconds'))} | {_fmt(o.get('rss_mb'), 0)} | "
            f"{o.get('fuzzy')} | {o.get('translated')} | {o.get('obsolete')} | 1 | 1 |",
        ]
        p = mg.get("msgmerge")
        if p:
            lines.append(
                f"| msgmerge --previous | {_fmt(p.get('seconds'))} | {_fmt(p.get('rss_mb'), 0)} | "
                f"{p.get('fuzzy')} | {p.get('translated')} | {p.get('obsolete')} | "
                f"{_fmt(p.get('ours_over_peer'))} | {_fmt(p.get('peer_over_ours'))} |"
            )
            if "fuzzy_agreement" in p:
                fa = p["fuzzy_agreement"]
                lines += [
                    "",
                    f"Fuzzy agreement: {fa['both']} in both, {fa['only_ours']} only ours, "
                    f"{fa['only_msgmerge']} only msgmerge; byte-identical output: "
                    f"{p.get('identical_output')}.",
                ]
    pc = results.get("po_checks", {})
    if pc:
        o = pc["ours"]
        lines += [
            "",
            f"## PO checks: {pc['files']} catalogues, {pc['entries']} entries, "
            f"{pc['bytes'] / 1e6:.1f} MB",
            "",
            "| tool | seconds | peak MB | ours/peer | peer/ours |",
            "| --- | --- | --- | --- | --- |",
            f"| pipeline check (all rules) | {_fmt(o.get('seconds'))} | "
            f"{_fmt(o.get('rss_mb'), 0)} | 1 | 1 |",
        ]
        for tool in ("pofilter", "dennis"):
            p = pc.get(tool)
            if p is None:
                continue
            if p.get("skipped"):
                lines.append(f"| {tool} | skipped: {p['skipped']} | | | |")
            else:
                lines.append(
                    f"| {tool} | {_fmt(p['seconds'])} | {_fmt(p.get('rss_mb'), 0)} | "
                    f"{_fmt(p.get('ours_over_peer'))} | {_fmt(p.get('peer_over_ours'))} |"
                )
        if o.get("by_rule"):
            lines += ["", f"Our findings on the set: {o.get('findings')} ({o['by_rule']})."]
    de = results.get("detection", {})
    if de:
        lines += [
            "",
            f"## Language detection: {de['segments']} French segments, {de['chars']} chars",
            "",
            "| detector | seconds | segments/s | model load s | ours/langdetect |",
            "| --- | --- | --- | --- | --- |",
        ]
        for mode, label in (
            ("langdetect", "langdetect (seeded, one call per segment)"),
            ("ours-batch", "ours: judge_many, one batch"),
            ("ours-judge", "ours: the check's judge, one call per segment"),
        ):
            r = de.get(mode, {})
            if r.get("skipped"):
                lines.append(f"| {label} | skipped: {r['skipped']} | | | |")
                continue
            lines.append(
                f"| {label} | {_fmt(r.get('seconds'))} | {_fmt(r.get('segments_per_s'), 0)} | "
                f"{_fmt(r.get('load_seconds'))} | {_fmt(r.get('ours_over_langdetect'))} |"
            )
    notes = results.get("notes", [])
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (for tests)")
    parser.add_argument("--sizes", help="comma-separated page counts (default 10,100,1000,10000)")
    parser.add_argument("--budget", type=float, help="seconds for the whole run (default 840)")
    parser.add_argument("--no-peers", action="store_true", help="skip the peer comparisons")
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="stages to time by size (extract and update always run: they make the site)",
    )
    parser.add_argument("--no-recheck", action="store_true", help="skip the warm re-check")
    parser.add_argument(
        "--only",
        default="scaling,extraction,merge,po_checks,detection",
        help="comma-separated parts to run",
    )
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=OUT / "results.json", help="JSON output")
    parser.add_argument(
        "--write-results", action="store_true", help="also write benchmarks/RESULTS.md"
    )
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="only print the report of an earlier run"
    )
    args = parser.parse_args(argv)
    if args.render is not None:
        text = markdown(json.loads(args.render.read_text("utf-8")))
        if args.write_results:
            _write_results(text)
        sys.stdout.write(text)
        return 0
    if args.sizes:
        sizes = tuple(int(s) for s in args.sizes.split(","))
    else:
        sizes = QUICK_SIZES if args.quick else FULL_SIZES
    budget = Budget(args.budget if args.budget else (120.0 if args.quick else 840.0))
    parts = set(args.only.split(","))
    peers = not args.no_peers
    scratch = args.work or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"quick": args.quick, "machine": machine(), "notes": []}
    try:
        # Fixed-size comparisons first (they decide targets), then the scaling runs.
        if "extraction" in parts:
            results["extraction"] = extraction(scratch, args.quick, peers)
        if "merge" in parts:
            results["merge"] = merge(scratch, args.quick, peers)
        if "po_checks" in parts:
            results["po_checks"] = po_checks(scratch, args.quick, peers)
            if "detection" in parts:
                results["detection"] = detection(scratch, args.quick)
        if "scaling" in parts:
            results["scaling"] = scaling(
                scratch,
                sizes,
                budget,
                stages=tuple(args.stages.split(",")),
                with_recheck=not args.no_recheck,
            )
    finally:
        if args.work is None:
            shutil.rmtree(scratch, ignore_errors=True)
    results["notes"] += budget.notes
    if Path("/proc/loadavg").is_file():
        results["machine"]["load_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    results["seconds"] = time.perf_counter() - budget.start
    results["targets"] = targets(results)
    text = markdown(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if args.write_results:
        _write_results(text)
    sys.stdout.write(text)
    return 0


def _write_results(text: str) -> None:
    """RESULTS.md with this run's report, keeping the sections other benchmarks write
    (``markup_peers.py``'s)."""
    results = HERE / "RESULTS.md"
    old = results.read_text("utf-8") if results.exists() else ""
    kept = [old[old.find(s) :] for s in KEPT_SECTIONS if s in old]
    kept = [part[: part.find("\n## ", 1) + 1] if "\n## " in part[1:] else part for part in kept]
    results.write_text(
        text.rstrip("\n") + "".join("\n\n" + k.rstrip("\n") for k in kept) + "\n", "utf-8"
    )


if __name__ == "__main__":
    sys.exit(main())
