"""Run ``pipeline`` on a tree it cannot write to.

As root, ``chmod`` stops no write, so the tree is made read-only the way CI and containers
do it: a read-only bind mount (``mount --bind -o ro``), inside a private mount namespace of
the child alone (``unshare --mount``: the mount vanishes with the process, even if the test
dies). Where that is not allowed, the tree loses its write bits and the child runs as the
``nobody`` user (``setpriv``), or, for a non-root user, as itself. :func:`method` says which
works here (None: neither, and the tests skip).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOBODY = 65534

_MOUNT_THEN_RUN = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'


def _works(argv: list[str]) -> bool:
    try:
        done = subprocess.run(argv, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@functools.cache
def method() -> str | None:
    """``mount``, ``nobody`` (root without mounts), ``self`` (not root), or None."""
    if os.geteuid() != 0:
        return "self"
    with tempfile.TemporaryDirectory() as folder:
        probe = f'mount --bind -o ro "{folder}" "{folder}" && ! touch "{folder}/probe"'
        if shutil.which("unshare") and _works(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", probe]
        ):
            return "mount"
    if shutil.which("setpriv") and _works(
        [*_as_nobody(), sys.executable, "-c", "import pipeline.cli"]
    ):
        return "nobody"
    return None


def _as_nobody() -> list[str]:
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def child_env(cache_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = str(cache_home)
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


@contextlib.contextmanager
def _write_bits_removed(tree: Path) -> Iterator[None]:
    modes = {path: path.stat().st_mode for path in [tree, *tree.rglob("*")]}
    for path, mode in modes.items():
        path.chmod(mode & ~0o222)
    try:
        yield
    finally:
        for path, mode in sorted(modes.items(), key=lambda kv: len(kv[0].parts)):
            path.chmod(mode)


def run(
    tree: Path, args: list[str], *, cache_home: Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline -C TREE ARGS`` with ``tree`` read-only for the child."""
    chosen = method()
    if chosen is None:
        raise RuntimeError("no way to make a read-only tree here")
    command = [sys.executable, "-m", "pipeline", "-C", str(tree), *args]
    options = {
        "env": child_env(cache_home),
        "capture_output": True,
        "text": True,
        "timeout": 300,
        "check": False,
        "cwd": cwd,
    }
    if chosen == "mount":
        argv = ["unshare", "--mount", "--propagation", "private", "sh", "-c", _MOUNT_THEN_RUN]
        return subprocess.run([*argv, "sh", str(tree), *command], **options)  # type: ignore[call-overload, no-any-return]
    with _write_bits_removed(tree):
        prefix = _as_nobody() if chosen == "nobody" else []
        return subprocess.run([*prefix, *command], **options)  # type: ignore[call-overload, no-any-return]


# --------------------------------------------------------------------------- harness rounds


def read_only_round(work: Path, seed: int) -> tuple[int, list[str]]:
    """One generated site, read-only: ``check``, ``status`` and ``build --output`` must work
    and write nothing in it; ``extract``, ``update`` and ``import`` (each given work to do)
    must exit 2 naming the file they could not write, having written nothing. Returns
    (runs made, problems)."""
    from reliability.crash import prepare

    problems: list[str] = []
    runs = 0
    for command in ("check", "extract", "update", "import"):
        case = prepare(work / command, command, pages=5, paras=3, seed=seed, timed=False)
        site = case.pristine
        for path in [work, *work.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        before = _tree_state(site)
        cache, out = work / "user-cache", work / f"out-{command}"
        if command == "check":
            out.mkdir(mode=0o777)
            out.chmod(0o777)
            lines = [["check", "--fail-on", "never"], ["status"], ["build", "--output", str(out)]]
        else:
            lines = [COMMAND_LINES[command]]
        for line in lines:
            done = run(site, line, cache_home=cache)
            runs += 1
            problems += _judge_read_only(command, line, done)
        if _tree_state(site) != before:
            problems.append(f"{command}: wrote inside the read-only tree")
    return runs, problems


COMMAND_LINES = {
    "extract": ["-q", "extract"],
    "update": ["-q", "update"],
    "import": ["-q", "import", "fr"],
}


def _judge_read_only(
    command: str, line: list[str], done: subprocess.CompletedProcess[str]
) -> list[str]:
    where = f"read-only {' '.join(line)}"
    if "Traceback" in done.stderr:
        return [f"{where}: traceback: {done.stderr[-1500:]}"]
    if command == "check":
        if done.returncode != 0:
            return [f"{where}: exit {done.returncode}: {done.stderr[-300:]}"]
        return []
    lines = done.stderr.splitlines()
    if done.returncode != 2 or len(lines) != 1:
        return [f"{where}: exit {done.returncode}, stderr {done.stderr[-300:]!r}"]
    _path, _, message = lines[0].removeprefix("pipeline: ").partition(": ")
    if not lines[0].startswith("pipeline: locale/") or not message.startswith("cannot write: "):
        return [f"{where}: does not name the file it could not write: {lines[0]!r}"]
    return []


def _tree_state(root: Path) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found[rel] = path.read_bytes() if path.is_file() else None
    return found
