"""What a ``pipeline check`` forwarded to ``pipeline daemon`` costs the client.

On a copy of the shipped site (or ``--site DIR``, e.g. a generated 10,000-page site, used
as it is), made a git repository, a daemon is started; then, each ``--runs`` times:

- ``python -c pass``: the interpreter's own start (the floor of any Python client);
- ``pipeline check`` forwarded to the daemon: wall time, and the daemon's time for the
  check (its ``busy`` counter, from ``pipeline daemon status``'s data); the client's own
  cost is the difference (start, imports, request, answer, printing);
- ``pipeline check --no-daemon``: the same check in a fresh process (fewer runs);
- ``git status`` on the same tree: the yardstick of issue 16 (a re-check within 10x).

Twice: with the bytecode of the client's modules compiled (as a wheel installs them) and
without (``PYTHONDONTWRITEBYTECODE=1`` and an editable install, as in this repository's
venv). Then ``python -X importtime`` of one forwarded check: what the client imports.
Figures are printed; nothing is asserted.

    .venv/bin/python benchmarks/daemon_client.py [--runs 30] [--site DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIPELINE = [sys.executable, "-m", "pipeline"]
SCRIPT = Path(sys.executable).parent / "pipeline"


def _site(folder: Path) -> Path:
    root = folder / "site"
    root.mkdir()
    for name in ("content", "locale"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    for name in ("glossary.csv", "pipeline.toml"):
        shutil.copy(REPO / name, root / name)
    (root / ".gitignore").write_text(".pipeline-cache/\n")
    git = ["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "site"], check=True)
    return root


def _times(command: Sequence[str], runs: int, cwd: Path, env: dict[str, str]) -> list[float]:
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=False)
        seconds.append(time.perf_counter() - began)
    return seconds


def _busy(root: Path) -> float:
    sys.path.insert(0, str(REPO / "src"))
    from pipeline.cli.daemon_places import ask_status, places

    answer = ask_status(places(root).socket)
    assert answer is not None, "the daemon is gone"
    return float(answer["busy"])


def _ms(values: Sequence[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {1000 * statistics.median(values):6.1f} ms, p90 {1000 * p90:6.1f} ms"


def _measure(root: Path, runs: int, env: dict[str, str], label: str) -> None:
    print(f"\n{label}")
    floor = _times([sys.executable, "-c", "pass"], runs, root, env)
    print(f"  python -c pass                 {_ms(floor)}")
    _times([str(SCRIPT), "check"], 2, root, env)  # the daemon's and the disk's caches
    before = _busy(root)
    forwarded = _times([str(SCRIPT), "check"], runs, root, env)
    daemon = (_busy(root) - before) / runs
    own = [value - daemon for value in forwarded]
    print(f"  pipeline check (forwarded)     {_ms(forwarded)}")
    print(f"    of which the daemon's check  mean {1000 * daemon:6.1f} ms")
    print(f"    the client's own cost        {_ms(own)}")
    local = _times([str(SCRIPT), "check", "--no-daemon"], max(3, runs // 6), root, env)
    print(f"  pipeline check --no-daemon     {_ms(local)}")
    git = _times(["git", "status", "--short"], runs, root, env)
    print(f"  git status                     {_ms(git)}")
    ratio = statistics.median(forwarded) / statistics.median(git)
    print(f"  forwarded / git status: {ratio:.1f}x (issue 16: at most 10x)")
    print(
        f"  --no-daemon / forwarded: {statistics.median(local) / statistics.median(forwarded):.1f}x"
    )


def _importtime(root: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(SCRIPT), "check"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    top = [(int(row[1]), row[2].rstrip()) for row in rows[1:] if not row[2].startswith("  ")]
    print("\npython -X importtime of a forwarded check (top-level imports, cumulative us):")
    for micros, name in top:
        print(f"  {micros:6d}  {name.strip()}")
    print(f"  {sum(m for m, _ in top):6d}  in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--site", type=Path, help="an existing site (used as it is)")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pdb", dir="/tmp"))
    root = options.site.resolve() if options.site else _site(folder)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    subprocess.run([*PIPELINE, "-C", str(root), "daemon", "start"], env=env, check=True)
    try:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
        _measure(root, options.runs, env, "without bytecode (PYTHONDONTWRITEBYTECODE=1):")
        env.pop("PYTHONDONTWRITEBYTECODE")
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")  # written by the first runs
        _measure(root, options.runs, env, "with bytecode (as a wheel's install compiles it):")
        _importtime(root, env)
        status = subprocess.run(
            [sys.executable, "-c", _STATUS, str(root)], env=env, capture_output=True, text=True
        )
        print(f"\ndaemon: {status.stdout.strip()}")
    finally:
        subprocess.run([*PIPELINE, "-C", str(root), "daemon", "stop"], env=env, check=False)
        shutil.rmtree(folder, ignore_errors=True)


_STATUS = """
import json, sys
from pathlib import Path
from pipeline.cli.daemon_places import ask_status, places
answer = ask_status(places(Path(sys.argv[1])).socket)
print(json.dumps({k: answer[k] for k in ("served", "declined", "runs", "incremental")}))
"""

if __name__ == "__main__":
    main()
