"""Speed and memory on the real corpora and on the 10,000-page site (issue 16): every target is
a ratio of two figures measured side by side in this run, interleaved, best of ``--rounds``.

Usage::

    .venv/bin/python benchmarks/real_corpora.py [--write-results] [--rounds 3] [--src DIR]
        [--parts pofilter,glossary,same,site10k,extract,merge] [--site10k DIR]

- ``pofilter``: ``check --no-cache`` on all catalogues of ``../shared/data/real/python-docs-fr``
  with the default jobs and with ``-j 1``, against translate-toolkit's ``pofilter`` on the
  same folder (targets: 3x and 2x faster);
- ``glossary``: ``check --no-cache`` on ``../shared/data/real/cncf-glossary``, default jobs
  and ``-j 1``: time and the peak PSS of the whole process tree (targets: under 500 MB; the
  default no slower than ``-j 1``);
- ``same``: the findings of ``-j 1``, the default and ``--executor dask://`` (a Dask
  ``LocalCluster`` of two worker processes started here) on both corpora, compared;
- ``site10k``: the 10,000-page site (``corpus.py``'s, or ``--site10k``, copied): cold check
  (default jobs, empty cache) against markdown-it-py's bare parse of the same pages plus
  ``pofilter`` on the site's catalogues (target: at most 3x); peak PSS of ``check`` and
  ``build`` (under 500 MB); re-check after editing one page against ``git status`` on the
  same tree (at most 10x), in one process (``--no-daemon``) and with the site's daemon up
  (``pipeline daemon start``: the target's figure), whose memory and last report (against
  one process's) are recorded;
- ``extract`` and ``merge``: ``run.py``'s extraction over 100 pages against markdown-it-py's
  bare parse (at most 1.5x) and ``update`` against ``msgmerge --previous`` (no slower).

``--src`` measures another checkout's ``src`` (main's, for the figure beside ours); the ``src``
measured is compiled to bytecode first, as pip compiles the peers' packages. Copies
of the corpora are made in a temporary folder; nothing under ``../shared`` is written.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REAL = REPO.parent / "shared" / "data" / "real"
SECTION = "## Real corpora, side by side (issue 16)"
PARTS = ("pofilter", "glossary", "same", "site10k", "extract", "merge")


def _setup_src(argv: Sequence[str]) -> Path:
    src = REPO / "src"
    if "--src" in argv:
        src = Path(argv[list(argv).index("--src") + 1]).resolve()
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(src))
    # Its modules compiled to bytecode first, as pip compiles the peers' installed packages
    # (an editable install or a checkout is not; where PYTHONDONTWRITEBYTECODE is set, every
    # run would compile every module again): neither side pays for compiling on each run.
    compileall.compile_dir(str(src), quiet=1)
    return src


SRC = _setup_src(sys.argv)

import corpus  # noqa: E402
import run as bench  # noqa: E402
from results_file import write_section  # noqa: E402

bench.SRC = SRC
sys.path.insert(0, str(SRC))  # before run.py's own src, for the in-process extraction


def ours(root: Path, *args: str, report: Path | None = None) -> bench.Run:
    """One ``pipeline`` command on ``root`` from ``SRC``, findings as JSON in ``report``."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    argv = [bench.PYTHON, "-m", "pipeline", "-C", str(root), "-q", *args]
    if report is not None:
        argv += ["--format", "json", "--fail-on", "never", "--output", str(report)]
    return bench.timed(argv, env=env)


def interleaved(rounds: int, runs: dict[str, Callable[[], bench.Run]]) -> dict[str, bench.Run]:
    """Each of ``runs`` once a round, in turn; per name the fastest run, with the highest
    memory peak of its rounds (the conservative figure)."""
    best: dict[str, bench.Run] = {}
    peak: dict[str, float] = {}
    for _ in range(rounds):
        for name, fn in runs.items():
            run = fn()
            if not run.ok:
                best[name] = run
                continue
            peak[name] = max(peak.get(name, 0.0), run.tree_mb, run.rss_mb)
            if name not in best or (best[name].ok and run.seconds < best[name].seconds):
                best[name] = run
    for name, run in best.items():
        if run.ok:
            run.tree_mb = run.rss_mb = peak[name]
    return best


def _figure(run: bench.Run) -> dict[str, Any]:
    """The run's record; a failed run has no peak, so no verdict is drawn from it."""
    if not run.ok:
        return run.to_json()
    return run.to_json() | {"peak_mb": round(max(run.tree_mb, run.rss_mb), 1)}


def findings(report: Path) -> list[dict[str, Any]]:
    data = json.loads(report.read_text("utf-8"))
    return list(data["findings"])


def _copy(source: Path, work: Path, name: str) -> Path:
    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def pofilter_part(work: Path, rounds: int) -> dict[str, Any]:
    root = _copy(REAL / "python-docs-fr", work, "python-docs-fr")
    catalogs = sorted((root / "locale").rglob("*.po"))
    pofilter = bench.peer_bin("pofilter")
    out = work / "pofilter-out"
    runs: dict[str, Callable[[], bench.Run]] = {
        "ours_default": lambda: ours(root, "check", "--no-cache", report=work / "pdf-default.json"),
        "ours_j1": lambda: ours(
            root, "check", "--no-cache", "-j", "1", report=work / "pdf-j1.json"
        ),
    }
    if pofilter is not None:

        def peer() -> bench.Run:
            shutil.rmtree(out, ignore_errors=True)
            argv = [pofilter, "--language=fr", "--progress=none", "-i", str(root / "locale")]
            return bench.timed([*argv, "-o", str(out)])

        runs = {"pofilter": peer, **runs}
    best = interleaved(rounds, runs)
    result: dict[str, Any] = {"catalogues": len(catalogs)}
    result |= {name: _figure(run) for name, run in best.items()}
    if "pofilter" in best and best["pofilter"].ok:
        peer_s = best["pofilter"].seconds
        for name in ("ours_default", "ours_j1"):
            if best[name].ok:
                result[f"speedup_{name}"] = bench.ratio(peer_s, best[name].seconds)
    else:
        result["pofilter"] = {"skipped": "not installed (pip install translate-toolkit)"}
    return result


def glossary_part(work: Path, rounds: int) -> dict[str, Any]:
    root = _copy(REAL / "cncf-glossary", work, "cncf-glossary")
    times: dict[str, list[float]] = {"ours_default": [], "ours_j1": []}

    def timed(name: str, *args: str) -> bench.Run:
        run = ours(root, "check", "--no-cache", *args, report=work / f"cncf-{name}.json")
        if run.ok:
            times[name].append(run.seconds)
        return run

    best = interleaved(
        rounds,
        {
            "ours_default": lambda: timed("ours_default"),
            "ours_j1": lambda: timed("ours_j1", "-j", "1"),
        },
    )
    result = {name: _figure(run) for name, run in best.items()}
    result["round_seconds"] = {name: [round(t, 3) for t in found] for name, found in times.items()}
    if all(run.ok for run in best.values()):
        result["default_over_j1"] = bench.ratio(
            best["ours_default"].seconds, best["ours_j1"].seconds
        )
        # How much -j 1's own rounds differ (slowest over fastest): a default that runs
        # the very same one-process check reads either side of 1 by that much.
        j1 = times["ours_j1"]
        result["j1_noise"] = bench.ratio(max(j1), min(j1)) if len(j1) > 1 else None
    return result


def same_part(work: Path) -> dict[str, Any]:
    """Findings of -j 1, the default and Dask on both corpora (reuses the reports of the
    timed runs when they are there)."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return {"skipped": "dask[distributed] is not installed"}
    result: dict[str, Any] = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:  # type: ignore[no-untyped-call]
        address = cluster.scheduler_address
        for name, source in (("pdf", "python-docs-fr"), ("cncf", "cncf-glossary")):
            root = work / source
            if not root.is_dir():
                root = _copy(REAL / source, work, source)
            reports = {}
            for mode, args in (
                ("j1", ("-j", "1")),
                ("default", ()),
                ("dask", ("--executor", address)),
            ):
                report = work / f"{name}-{mode}.json"
                if mode == "dask" or not report.exists():
                    run = ours(root, "check", "--no-cache", *args, report=report)
                    if not run.ok:
                        return {"skipped": f"{name} {mode}: {run.skipped}"}
                reports[mode] = findings(report)
            base = reports["j1"]
            result[name] = {
                "findings": len(base),
                **{f"{mode}_same": found == base for mode, found in reports.items()},
            }
    return result


def _git(root: Path, *args: str) -> bench.Run:
    return bench.timed(["git", "-C", str(root), "-c", "gc.auto=0", *args])


def _bare_parse(root: Path) -> bench.Run:
    """markdown-it-py's bare parse of every page of the site, in a fresh process."""
    code = (
        "import sys, pathlib\n"
        "from pipeline.segment.parser import markdown_parser\n"
        "parse = markdown_parser().parse\n"
        "for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.md')):\n"
        "    parse(path.read_text('utf-8'))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return bench.timed([bench.PYTHON, "-c", code, str(root / "content")], env=env)


def site10k_part(work: Path, rounds: int, pristine: Path | None) -> dict[str, Any]:
    if pristine is None:
        root = work / "site10k"
        shutil.rmtree(root, ignore_errors=True)
        corpus.generate_site(root, pages=10_000)
        env = dict(os.environ, PYTHONPATH=str(SRC))
        for stage in ("extract", "update"):
            subprocess.run([bench.PYTHON, "-m", "pipeline", "-C", str(root), "-q", stage], env=env)
    else:
        root = _copy(pristine, work, "site10k")
    shutil.rmtree(root / ".pipeline-cache", ignore_errors=True)
    result: dict[str, Any] = {"pages": sum(1 for _ in (root / "content").rglob("*.md"))}
    cold = interleaved(
        1,
        {
            "parse": lambda: _bare_parse(root),
            # From an empty cache, which it fills for the re-check below.
            "check_cold": lambda: ours(root, "check", report=work / "10k.json"),
        },
    )
    pofilter = bench.peer_bin("pofilter")
    if pofilter is not None:
        out = work / "pofilter-10k"
        shutil.rmtree(out, ignore_errors=True)
        cold["pofilter"] = bench.timed(
            [pofilter, "--progress=none", "-i", str(root / "locale"), "-o", str(out)]
        )
    result |= {name: _figure(run) for name, run in cold.items()}
    if all(run.ok for run in cold.values()) and "pofilter" in cold:
        floor = cold["parse"].seconds + cold["pofilter"].seconds
        result["cold_over_parse_plus_pofilter"] = bench.ratio(cold["check_cold"].seconds, floor)
    # The re-check: the cache filled, one page edited, the check again vs git status.
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "site")):
        _git(root, "-c", "user.name=b", "-c", "user.email=b@b", *args)
    pages = sorted((root / "content" / "fr").rglob("*.md"))
    page = pages[min(len(pages) - 1, len(pages) // 2)]
    status: list[bench.Run] = []
    result |= _recheck(work, root, page, rounds, status, "one_shot", "--no-daemon")
    # The same with the site's daemon up (`pipeline daemon start`): `check` hands it the
    # run, and it re-checks the edited page alone.
    start = ours(root, "daemon", "start")
    result["daemon_start"] = _figure(start)
    if start.ok:
        pid = _daemon_pid(root)
        result |= _recheck(work, root, page, rounds, status, "daemon")
        # (the daemon's PSS now: the kernel keeps no peak of it)
        result["daemon_pss_mb"] = bench._tree_kb(pid) / 1024 if pid is not None else None
        ours(root, "daemon", "stop")
        # The daemon's last report is the one a check in one process writes.
        ours(root, "check", "--no-daemon", report=work / "10k-recheck-one-shot.json")
        result["daemon_same_report"] = (work / "10k-recheck-daemon.json").read_bytes() == (
            work / "10k-recheck-one-shot.json"
        ).read_bytes()
    best_status = min(status, key=lambda r: r.seconds)
    result["git_status"] = _figure(best_status)
    for how in ("one_shot", "daemon"):
        entry = result.get(f"recheck_{how}")
        if entry is not None and not entry.get("skipped"):
            seconds = entry["seconds"]
            result[f"recheck_{how}_over_git_status"] = bench.ratio(seconds, best_status.seconds)
    # The target's figure: the re-check as a user with the daemon up gets it.
    best = "daemon" if "recheck_daemon" in result else "one_shot"
    result["recheck"] = result[f"recheck_{best}"]
    result["recheck_over_git_status"] = result.get(f"recheck_{best}_over_git_status")
    # build refuses a site holding a catalogue that does not parse (the generator plants
    # one): those catalogues, named by the cold check, are set aside for the build only.
    invalid = sorted(
        {f["path"] for f in findings(work / "10k.json") if f["rule"] == "catalog-invalid"}
    )
    for path in invalid:
        (root / path).unlink(missing_ok=True)
    result["build_without_invalid_catalogues"] = invalid
    build = ours(root, "build")
    result["build"] = _figure(build)
    return result


def _recheck(
    work: Path, root: Path, page: Path, rounds: int, status: list[bench.Run], how: str, *extra: str
) -> dict[str, Any]:
    """Rounds of: one sentence added to ``page``, ``git status``, ``check``; the best check
    (``status`` gets every ``git status``)."""
    runs = []
    for n in range(rounds):
        with page.open("a", encoding="utf-8") as handle:
            handle.write(f"\nUne phrase de plus, numéro {how} {n}.\n")
        time.sleep(0.01)
        status.append(_git(root, "status", "--porcelain"))
        runs.append(ours(root, "check", *extra, report=work / f"10k-recheck-{how}.json"))
    return {f"recheck_{how}": _figure(min(runs, key=lambda r: r.seconds))}


def _daemon_pid(root: Path) -> int | None:
    """The pid ``pipeline daemon status`` names."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    argv = [bench.PYTHON, "-m", "pipeline", "-C", str(root), "daemon", "status"]
    said = subprocess.run(argv, env=env, capture_output=True, text=True).stdout
    found = re.search(r"\(pid (\d+)", said)
    return int(found.group(1)) if found else None


def extract_part(work: Path) -> dict[str, Any]:
    found = bench.extraction(work, quick=False, peers=False)
    return {"100 pages": found.get("100 pages", {}).get("in_process", {})}


def merge_part(work: Path) -> dict[str, Any]:
    return bench.merge(work, quick=False, peers=True)


def _f(value: Any, digits: int = 2) -> str:
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return "–" if value is None else str(value)


def _run_cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    if entry.get("skipped"):
        return f"skipped: {entry['skipped']}"
    return f"{entry['seconds']:.2f} s / {entry['peak_mb']:.0f} MB"


def _verdict(value: float | None, target: float, *, at_least: bool) -> str:
    if value is None:
        return "not measured"
    met = value >= target if at_least else value <= target
    return "met" if met else "MISSED"


def _rows(results: dict[str, Any]) -> list[tuple[str, float | None, float, bool]]:
    """(target, figure, target value, whether the figure must be at least the target)."""
    pdf = results.get("pofilter", {})
    gl = results.get("glossary", {})
    site = results.get("site10k", {})
    extract = results.get("extract", {}).get("100 pages", {})
    merge = results.get("merge", {}).get("msgmerge", {})
    noise = max(1.0, gl.get("j1_noise") or 1.0)
    return [
        ("pofilter / check, default jobs (python-docs-fr) >= 3", pdf.get("speedup_ours_default"), 3, True),  # noqa: E501
        ("pofilter / check -j 1 (python-docs-fr) >= 2", pdf.get("speedup_ours_j1"), 2, True),
        ("glossary check, default jobs, peak PSS MB < 500", gl.get("ours_default", {}).get("peak_mb"), 500, False),  # noqa: E501
        ("glossary check -j 1, peak PSS MB < 500", gl.get("ours_j1", {}).get("peak_mb"), 500, False),  # noqa: E501
        ("glossary check, default / -j 1 time <= 1 + -j 1's own spread (see below)", gl.get("default_over_j1"), noise, False),  # noqa: E501
        ("10k check, peak PSS MB < 500", site.get("check_cold", {}).get("peak_mb"), 500, False),
        ("10k build, peak PSS MB < 500", site.get("build", {}).get("peak_mb"), 500, False),
        ("10k re-check after one page / git status <= 10", site.get("recheck_over_git_status"), 10, False),  # noqa: E501
        ("10k cold check / (bare parse + pofilter) <= 3", site.get("cold_over_parse_plus_pofilter"), 3, False),  # noqa: E501
        ("extraction / bare parse, 100 pages <= 1.5", extract.get("ratio_ours_to_parse"), 1.5, False),  # noqa: E501
        ("update / msgmerge --previous <= 1", merge.get("ours_over_peer"), 1, False),
    ]  # fmt: skip


def markdown(results: dict[str, Any], beside: dict[str, Any] | None = None) -> str:
    """The section; ``beside``: another run's results (main's code, measured in the same
    minutes) shown in a column of their own."""
    lines = [SECTION, ""]
    lines.append(
        f"Date: {results['date']}. Code measured: `{results['src']}`. Rounds: "
        f"{results['rounds']} (interleaved; best time, highest memory peak). Load average at "
        f"start {results['load'][0]}, at end {results['load'][1]}. Cells: wall seconds / peak "
        "PSS of the process tree."
    )
    if beside is not None:
        lines += [
            "",
            f"Beside it: `{beside['src']}` (main), run at the same time ({beside['date']}).",
            "",
            "| target | figure | verdict | main's figure |",
            "| --- | --- | --- | --- |",
        ]
    else:
        lines += ["", "| target | figure | verdict |", "| --- | --- | --- |"]
    theirs = {label: value for label, value, _, _ in _rows(beside)} if beside else {}
    for label, value, target, at_least in _rows(results):
        row = f"| {label} | {_f(value)} | {_verdict(value, target, at_least=at_least)} |"
        lines.append(row + (f" {_f(theirs.get(label))} |" if beside is not None else ""))
    same = results.get("same", {})
    for name in ("pdf", "cncf"):
        case = same.get(name)
        if case:
            verdict = "met" if all(v for k, v in case.items() if k.endswith("_same")) else "MISSED"
            lines.append(
                f"| same findings -j 1 / default / dask ({name}, {case['findings']}) | "
                f"default {case['default_same']}, dask {case['dask_same']} | {verdict} |"
                + (" |" if beside is not None else "")
            )
    if same.get("skipped"):
        lines.append(f"| same findings | skipped: {same['skipped']} | not measured |")
    pdf = results.get("pofilter", {})
    gl = results.get("glossary", {})
    site = results.get("site10k", {})
    if gl.get("round_seconds"):
        lines += [
            "",
            "Glossary rounds (s): default "
            + ", ".join(map(str, gl["round_seconds"]["ours_default"]))
            + "; -j 1 "
            + ", ".join(map(str, gl["round_seconds"]["ours_j1"]))
            + f". -j 1's own spread (slowest / fastest): {_f(gl.get('j1_noise'), 3)}; the "
            "default runs the glossary in one process, the same run as -j 1.",
        ]
    lines += ["", "| run | python-docs-fr | cncf-glossary |", "| --- | --- | --- |"]
    for name in ("pofilter", "ours_default", "ours_j1"):
        lines.append(f"| {name} | {_run_cell(pdf.get(name))} | {_run_cell(gl.get(name))} |")
    if site:
        lines += ["", "| 10,000-page site | figure |", "| --- | --- |"]
        names = ("check_cold", "parse", "pofilter", "recheck_one_shot", "recheck_daemon")
        for name in (*names, "git_status", "build"):
            lines.append(f"| {name} | {_run_cell(site.get(name))} |")
        if "recheck_one_shot_over_git_status" in site:
            lines.append(
                "| re-check in one process (`--no-daemon`) / git status | "
                f"{_f(site['recheck_one_shot_over_git_status'])} |"
            )
        if "daemon_pss_mb" in site:
            lines.append(
                f"| daemon's memory after the re-checks (PSS) | {_f(site['daemon_pss_mb'])} MB |"
            )
            lines.append(f"| daemon's report = one process's | {site.get('daemon_same_report')} |")
    return "\n".join(lines) + "\n"


def _run_parts(work: Path, parts: list[str], args: Any, results: dict[str, Any]) -> None:
    for part in parts:
        begin = time.perf_counter()
        if part == "pofilter":
            results[part] = pofilter_part(work, args.rounds)
        elif part == "glossary":
            results[part] = glossary_part(work, args.rounds)
        elif part == "same":
            results[part] = same_part(work)
        elif part == "site10k":
            results[part] = site10k_part(work, args.rounds, args.site10k)
        elif part == "extract":
            results[part] = extract_part(work)
        elif part == "merge":
            results[part] = merge_part(work)
        print(f"{part}: {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    if args.reports is not None:  # the findings of every run, to compare two codes' runs
        args.reports.mkdir(parents=True, exist_ok=True)
        for report in work.glob("*.json"):
            shutil.copy(report, args.reports / report.name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", type=Path, default=REPO / "src")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--site10k", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=HERE / "out" / "real_corpora.json")
    parser.add_argument(
        "--merge", type=Path, nargs="*", default=[], help="other runs' JSON to merge into this"
    )
    parser.add_argument("--beside", type=Path, help="main's run (JSON), shown beside")
    parser.add_argument("--reports", type=Path, help="keep the runs' JSON reports here")
    parser.add_argument("--render-only", action="store_true", help="no run: the JSON given")
    args = parser.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "src": str(args.src),
        "rounds": args.rounds,
    }
    if args.render_only:
        results = {}
    else:
        start_load = [f"{x:.2f}" for x in os.getloadavg()]
        # (git may still be packing the 10,000-page tree's objects in the background)
        with tempfile.TemporaryDirectory(
            prefix="real-corpora-", ignore_cleanup_errors=True
        ) as scratch:
            _run_parts(Path(scratch), parts, args, results)
        results["load"] = [start_load, [f"{x:.2f}" for x in os.getloadavg()]]
    for other in args.merge:
        results = json.loads(other.read_text("utf-8")) | results
    beside = json.loads(args.beside.read_text("utf-8")) if args.beside else None
    if not args.render_only:
        args.json.parent.mkdir(exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
    text = markdown(results, beside)
    print(text)
    if args.write_results:
        write_section(SECTION, text, HERE / "RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
