"""The long reliability run (``make reliability``): figures for the promises.

    .venv/bin/python reliability/run.py            # >= 10,000 sequences, >= 1,000 kills,
                                                   # >= 500 failed writes, >= 500 stops
    .venv/bin/python reliability/run.py --quick    # a few minutes, same code paths

1. Edit sequences (Hypothesis, in-process ``extract``/``update``): no translation lost,
   unchanged units keep their translation, undoing an edit restores the catalogues.
2. Kill points: ``python -m pipeline update|extract|build`` killed with SIGKILL at
   seeded random points; every output old or new, the next run completes.
3. Every hostile input (tests/bad/ and generated) through every command, each in a
   child with RLIMIT_AS 1.5 GB, RLIMIT_CPU 60 s and a 90 s wall limit.
4. Faults of real machines over extract, update, import, build and check: writes failed at
   random points (ENOSPC, EDQUOT, EACCES; :mod:`reliability.faults`), runs stopped at random
   points by SIGINT, SIGTERM or SIGHUP (:mod:`reliability.interrupts`), read-only trees
   (:mod:`reliability.readonly`) and unreadable files (:mod:`reliability.unreadable`).

Prints a table; exits 1 when anything crashed or lost data.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for entry in (str(REPO / "src"), str(REPO)):
    if entry not in sys.path:
        sys.path.insert(0, entry)


def _sequences_worker(job: tuple[int, int]) -> dict[str, Any]:
    """Run ``count`` edit sequences with Hypothesis seed ``seed``; never raises."""
    count, seed_value = job
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from reliability.edits import Edit, Model, Stats, run_sequence, sequences
    from reliability.sites import scratch

    stats = Stats()
    failures: list[str] = []
    lost = 0

    @seed(seed_value)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(sequences)
    def prop(case: tuple[Model, list[Edit]]) -> None:
        nonlocal lost
        model, steps = case
        try:
            with scratch() as site:
                run_sequence(model, steps, site, stats)
        except Exception as exc:
            if "lost" in str(exc):
                lost += 1
            if len(failures) < 5:
                failures.append(f"{type(exc).__name__}: {str(exc)[:6000]}\n  case: {case!r}")
            else:
                failures.append(type(exc).__name__)

    prop()
    return {"stats": asdict(stats), "failures": failures, "lost": lost}


def _kills_worker(job: tuple[str, int, int]) -> dict[str, Any]:
    """``count`` kill points of ``command``; never raises."""
    command, count, seed_value = job
    from reliability.crash import delays, kill_once, prepare
    from reliability.sites import scratch

    survived = killed = temps = 0
    failures: list[str] = []
    slow = command == "build"
    with scratch("pipeline-kill-") as work:
        case = prepare(
            work, command, pages=15 if slow else 60, paras=12 if slow else 20, seed=seed_value
        )
        for delay in delays(case.duration, count, seed_value + 1):
            try:
                result = kill_once(case, delay)
            except Exception as exc:
                failures.append(f"{command} @ {delay:.3f}s: {exc}")
                continue
            survived += 1
            killed += result.killed
            temps += result.temps
    return {
        "command": command,
        "tried": count,
        "survived": survived,
        "killed": killed,
        "temps": temps,
        "failures": failures,
        "duration": case.duration,
    }


FAULT_SIZES = {"build": (12, 6), "check": (12, 6)}
"""Pages and paragraphs of the sites of failed writes (default: 30 pages of 8)."""

STOP_SIZES = {"build": (12, 6), "check": (40, 5)}
"""Pages and paragraphs of the sites of stopped runs (check: enough for workers)."""


def _faults_worker(job: tuple[str, int, int]) -> dict[str, Any]:
    """``count`` failed writes of ``command``; never raises."""
    command, count, seed_value = job
    from reliability.crash import prepare
    from reliability.faults import FaultTally, fault_trials
    from reliability.sites import scratch

    pages, paras = FAULT_SIZES.get(command, (30, 8))
    try:
        with scratch("pipeline-fault-") as work:
            case = prepare(work, command, pages=pages, paras=paras, seed=seed_value, timed=False)
            return asdict(fault_trials(case, count, seed_value + 1))
    except Exception:
        tally = FaultTally(command, problems=[f"{command}: {traceback.format_exc()}"])
        tally.tracebacks = 1
        return asdict(tally)


def _stops_worker(job: tuple[str, int, int, bool]) -> dict[str, Any]:
    """``count`` stopped runs of ``command`` (with workers when asked); never raises."""
    command, count, seed_value, workers = job
    from reliability.crash import prepare
    from reliability.interrupts import StopTally, stop_trials
    from reliability.sites import scratch

    pages, paras = STOP_SIZES.get(command, (30, 8))
    try:
        with scratch("pipeline-stop-") as work:
            case = prepare(work, command, pages=pages, paras=paras, seed=seed_value)
            return asdict(stop_trials(case, count, seed_value + 1, workers=workers))
    except Exception:
        tally = StopTally(command, problems=[f"{command}: {traceback.format_exc()}"])
        tally.tracebacks = 1
        return asdict(tally)


def _readonly_worker(job: tuple[int, int]) -> dict[str, Any]:
    rounds, seed_value = job
    from reliability import readonly
    from reliability.sites import scratch

    if readonly.method() is None:
        return {"runs": 0, "problems": [], "skipped": True, "method": None}
    runs, problems = 0, []
    for number in range(rounds):
        with scratch("pipeline-ro-") as work:
            try:
                made, found = readonly.read_only_round(work, seed_value + number)
            except Exception:
                made, found = 0, [traceback.format_exc()]
        runs += made
        problems += found
    return {"runs": runs, "problems": problems, "skipped": False, "method": readonly.method()}


def _unreadable_worker(job: tuple[int, int]) -> dict[str, Any]:
    rounds, seed_value = job
    from reliability.sites import scratch
    from reliability.unreadable import unreadable_round

    files = runs = 0
    problems: list[str] = []
    for number in range(rounds):
        with scratch("pipeline-unread-") as work:
            try:
                planted, made, found = unreadable_round(work, seed_value + number)
            except Exception:
                planted, made, found = 0, 0, [traceback.format_exc()]
        files += planted
        runs += made
        problems += found
    return {"rounds": rounds, "files": files, "runs": runs, "problems": problems}


FAULT_COMMANDS = ("extract", "update", "import", "build", "check")


def _split(total: int, parts: int) -> list[int]:
    share = [total // parts] * parts
    for i in range(total - sum(share)):
        share[i] += 1
    return [n for n in share if n]


def _machine_faults(args: argparse.Namespace, context: Any) -> dict[str, Any]:
    """Section 4: failed writes, stopped runs, read-only trees, unreadable files."""
    report: dict[str, Any] = {}
    per_writes = _split(args.failed_writes, len(FAULT_COMMANDS))
    per_stops = _split(args.stops, len(FAULT_COMMANDS))
    fault_jobs = [
        (command, n, args.seed + 1000 * i + 7 * k)
        for i, (command, count) in enumerate(zip(FAULT_COMMANDS, per_writes, strict=False))
        for k, n in enumerate(_split(count, args.workers))
    ]
    stop_jobs = [
        (command, n, args.seed + 2000 * i + 11 * k, command in ("check", "extract") and k % 2 == 1)
        for i, (command, count) in enumerate(zip(FAULT_COMMANDS, per_stops, strict=False))
        for k, n in enumerate(_split(count, 2 * args.workers))
    ]
    ro_parts = _split(args.readonly_rounds, args.workers)
    un_parts = _split(args.unreadable_rounds, args.workers)
    ro_jobs = [(n, args.seed + 3000 + 100 * k) for k, n in enumerate(ro_parts)]
    un_jobs = [(n, args.seed + 4000 + 1000 * k) for k, n in enumerate(un_parts)]
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        faults = pool.map(_faults_worker, fault_jobs)
        readonly = pool.map(_readonly_worker, ro_jobs)
        unreadable = pool.map(_unreadable_worker, un_jobs)
        report["faults"] = list(faults)
        report["readonly"] = list(readonly)
        report["unreadable"] = list(unreadable)
    # Stopped runs are timed: one at a time per core, nothing else running beside them.
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        report["stops"] = list(pool.map(_stops_worker, stop_jobs))
    return report


def _hostile(workers: int) -> dict[str, Any]:
    from reliability.hostile import COMMANDS, Tally, all_inputs, command_exists, fork_server
    from reliability.sites import scratch

    commands = tuple(c for c in COMMANDS if command_exists(c.split()[0]))
    inputs = all_inputs()
    tallies = [Tally() for _ in range(workers)]

    def lane(index: int) -> None:
        with fork_server() as server, scratch("pipeline-bad-") as work:
            for bad in inputs[index::workers]:
                try:
                    from reliability.hostile import try_input

                    try_input(server, bad, work, commands, tallies[index])
                except Exception:
                    tallies[index].crashes += 1
                    tallies[index].problems.append(f"{bad.name}: {traceback.format_exc()}")

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lane, range(workers)))
    total = Tally()
    for tally in tallies:
        total.inputs += tally.inputs
        total.runs += tally.runs
        total.crashes += tally.crashes
        total.problems += tally.problems
        total.slowest = max(total.slowest, tally.slowest)
        total.biggest = max(total.biggest, tally.biggest)
    return {**asdict(total), "commands": list(commands)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sequences", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--failed-writes", type=int, default=550)
    parser.add_argument(
        "--stops",
        type=int,
        default=600,
        help="runs really stopped by a signal (tried up to twice as many times)",
    )
    parser.add_argument("--readonly-rounds", type=int, default=10)
    parser.add_argument("--unreadable-rounds", type=int, default=100)
    parser.add_argument(
        "--quick", action="store_true", help="100 sequences, 20 kill points, 25 faults of each"
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=["edits", "kills", "bad", "machine"]
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sequences, args.kills = 100, 20
        args.failed_writes, args.stops, args.readonly_rounds, args.unreadable_rounds = 25, 25, 1, 5
    else:
        os.environ["PIPELINE_RELIABILITY"] = "long"  # full-size generated inputs (50 MB)
    from reliability.crash import build_available

    context = multiprocessing.get_context("spawn")
    started = time.monotonic()
    timings: dict[str, float] = {}
    report: dict[str, Any] = {}

    if "edits" not in args.skip:
        t = time.monotonic()
        share = [args.sequences // args.workers] * args.workers
        share[0] += args.sequences - sum(share)
        with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
            jobs_e = [(n, args.seed + i) for i, n in enumerate(share)]
            parts = list(pool.map(_sequences_worker, jobs_e))
        report["edits"] = parts
        timings["edits"] = time.monotonic() - t
        print(f"edit sequences done in {timings['edits']:.0f}s", file=sys.stderr, flush=True)

    if "kills" not in args.skip:
        t = time.monotonic()
        build = build_available()
        plan = (
            {"update": 0.6, "extract": 0.3, "build": 0.1}
            if build
            else {"update": 0.65, "extract": 0.35}
        )
        jobs: list[tuple[str, int, int]] = []
        for command, part in plan.items():
            count = max(2, round(args.kills * part))
            per = [count // args.workers] * args.workers
            per[0] += count - sum(per)
            jobs += [(command, n, args.seed + 100 * i) for i, n in enumerate(per) if n]
        # Not multiprocessing.Pool: its daemonic workers may not start the children
        # pipeline's own process pool needs.
        with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
            report["kills"] = list(pool.map(_kills_worker, jobs))
        report["build_available"] = build
        timings["kills"] = time.monotonic() - t
        print(f"kill points done in {timings['kills']:.0f}s", file=sys.stderr, flush=True)

    if "machine" not in args.skip:
        t = time.monotonic()
        report["machine"] = _machine_faults(args, context)
        timings["machine faults"] = time.monotonic() - t
        done = timings["machine faults"]
        print(f"machine faults done in {done:.0f}s", file=sys.stderr, flush=True)

    if "bad" not in args.skip:
        t = time.monotonic()
        report["bad"] = _hostile(args.workers)
        timings["bad"] = time.monotonic() - t
        print(f"hostile inputs done in {timings['bad']:.0f}s", file=sys.stderr, flush=True)

    return _print_table(report, timings, time.monotonic() - started)


def _sum(items: list[dict[str, Any]], key: str) -> int:
    return sum(int(item[key]) for item in items)


def _counts(items: list[dict[str, Any]], key: str) -> str:
    total: dict[str, int] = {}
    for item in items:
        for name, n in item[key].items():
            total[name] = total.get(name, 0) + n
    return ", ".join(f"{name} {n}" for name, n in sorted(total.items()))


def _machine_rows(machine: dict[str, Any]) -> tuple[list[tuple[str, str]], int, int, list[str]]:
    """Table rows of section 4, with (failures, translations lost, problems)."""
    faults, stops = machine["faults"], machine["stops"]
    ro, un = machine["readonly"], machine["unreadable"]
    problems = [p for part in faults + stops + ro + un for p in part["problems"]]
    per = {c: sum(f["trials"] for f in faults if f["command"] == c) for c in FAULT_COMMANDS}
    stopped = {c: sum(s["interrupted"] for s in stops if s["command"] == c) for c in FAULT_COMMANDS}
    half = _sum(faults, "half_written") + _sum(stops, "half_written")
    locks = _sum(faults, "locks_left") + _sum(stops, "locks_left")
    temps = _sum(faults, "temps_left") + _sum(stops, "temps_left")
    tracebacks = _sum(faults, "tracebacks") + _sum(stops, "tracebacks")
    rows = [
        (
            "writes failed at random points",
            f"{_sum(faults, 'trials'):,} ({', '.join(f'{c} {n}' for c, n in per.items())}; "
            f"{_counts(faults, 'by_error')})",
        ),
        (
            "  a file of the site: exit 2 naming it",
            f"{_sum(faults, 'file_failures'):,} (disk-full ones say so)",
        ),
        ("  the cache only: run completed without it", f"{_sum(faults, 'cache_failures'):,}"),
        (
            "runs stopped at random points",
            f"{_sum(stops, 'interrupted'):,} of {_sum(stops, 'trials'):,} tried "
            f"({', '.join(f'{c} {n}' for c, n in stopped.items())}; "
            f"{_counts(stops, 'by_signal')}; the others had ended)",
        ),
        ("  stopped with worker processes running", f"{_sum(stops, 'with_workers'):,}"),
        (
            "  slowest stop (signal -> every process gone, pipes closed)",
            f"{max((s['slowest'] for s in stops), default=0.0):.2f}s "
            f"({_sum(stops, 'over_limit')} over 2 s)",
        ),
        ("  processes left behind", f"{_sum(stops, 'orphans')}"),
    ]
    if ro and not ro[0]["skipped"]:
        rows.append(
            (
                "read-only tree runs",
                f"{_sum(ro, 'runs')} (via {ro[0]['method']}; check, status, build --output "
                "worked; extract, update, import exit 2 naming the file; nothing written)",
            )
        )
    else:
        rows.append(("read-only tree runs", "skipped: no read-only mount nor other user here"))
    rows += [
        (
            "unreadable files planted",
            f"{_sum(un, 'files')} in {_sum(un, 'rounds')} sites ({_sum(un, 'runs')} checks, "
            "with and without --keep-going)",
        ),
        ("half-written files (failed writes, stops)", str(half)),
        ("temporary files left", str(temps)),
        ("stale lock files", str(locks)),
        ("tracebacks", str(tracebacks)),
    ]
    return rows, len(problems), _sum(faults, "lost"), problems


def _print_table(report: dict[str, Any], timings: dict[str, float], total: float) -> int:
    rows: list[tuple[str, str]] = []
    crashes = lost = 0
    problems: list[str] = []
    if "edits" in report:
        parts = report["edits"]
        stats = [p["stats"] for p in parts]
        failures = [f for p in parts for f in p["failures"]]
        lost += sum(p["lost"] for p in parts)
        crashes += len(failures)
        problems += failures[:10]
        rows += [
            ("edit sequences tried", f"{sum(s['sequences'] for s in stats) + len(failures):,}"),
            ("  edits applied", f"{sum(s['edits'] for s in stats):,}"),
            ("  extract/update runs", f"{sum(s['runs'] for s in stats):,}"),
            ("translations checked", f"{sum(s['translations_checked'] for s in stats):,}"),
            ("  unchanged units checked", f"{sum(s['unchanged_checked'] for s in stats):,}"),
            ("  reverts restored byte for byte", f"{sum(s['reverts_exact'] for s in stats):,}"),
            (
                "  reverts restored but for fuzzy suggestions",
                f"{sum(s['reverts_live'] for s in stats):,}",
            ),
            (
                "  reverts restoring reviewed entries only",
                f"{sum(s['reverts_suggestions'] for s in stats):,}",
            ),
            ("  sequences failing an invariant", f"{len(failures):,}"),
        ]
    if "kills" in report:
        kills = report["kills"]
        by: dict[str, list[int]] = {}
        for k in kills:
            acc = by.setdefault(k["command"], [0, 0, 0, 0])
            acc[0] += k["tried"]
            acc[1] += k["survived"]
            acc[2] += k["killed"]
            acc[3] += k["temps"]
            problems += k["failures"][:5]
            crashes += len(k["failures"])
        rows.append(
            (
                "kill points survived",
                f"{sum(v[1] for v in by.values()):,} of {sum(v[0] for v in by.values()):,}",
            )
        )
        for command, (tried, survived, killed, temps) in sorted(by.items()):
            rows.append(
                (
                    f"  {command}",
                    f"{survived}/{tried} ({killed} mid-run, "
                    f"{tried - killed} after it ended; {temps} temp files left)",
                )
            )
        if not report.get("build_available"):
            rows.append(("  build", "skipped: pipeline build does not exist yet"))
    if "machine" in report:
        machine_rows, failures, machine_lost, machine_problems = _machine_rows(report["machine"])
        rows += machine_rows
        crashes += failures
        lost += machine_lost
        problems += machine_problems[:200]
    if "bad" in report:
        bad = report["bad"]
        crashes += bad["crashes"]
        problems += bad["problems"]
        seconds, label = bad["slowest"]
        rss, big = bad["biggest"]
        rows += [
            (
                "bad inputs tried",
                f"{bad['inputs']} ({bad['runs']} command runs: {', '.join(bad['commands'])})",
            ),
            ("slowest bad input", f"{label}: {seconds:.1f}s"),
            ("most memory", f"{big}: {rss / 1024:.0f} MB"),
        ]
    rows += [("crashes", str(crashes)), ("data lost", str(lost))]
    rows += [(f"time: {k}", f"{v:.0f}s") for k, v in timings.items()]
    rows.append(("time: total", f"{total:.0f}s"))
    width = max(len(k) for k, _ in rows)
    print(f"{'figure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 40}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if problems:
        print("\nproblems:")
        for problem in problems:
            print(f"- {problem}")
    return 1 if crashes or lost else 0


if __name__ == "__main__":
    sys.exit(main())
