"""Kill ``python -m pipeline COMMAND`` at random points; every output must be old or new.

A large generated site is brought to a state where the command has work to do
(``old``); a complete run gives the ``new`` state. Each kill point restores the old
state, starts the command as a child, sends SIGKILL after a seeded random delay,
then checks that every file under the watched folders holds exactly its old or its
new bytes (temporary ``.name.XXXXXXXX.tmp`` files excepted and counted), and that
the next run (which takes the site lock) completes and gives exactly the new state
with no temporary file left.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from reliability.edits import WORDS
from reliability.sites import REPO, fill_translations, init_site, is_temp, run_ok, write_pages

WATCHED = ("locale", "build", "report.txt")
"""Folders (and the check's report) whose files a run writes."""

COMMANDS = {
    "extract": "extract",
    "update": "update",
    "import": "import fr",
    "build": "build",
    "check": "check --fail-on never --output {site}/report.txt",
}
"""The command line of each command the harnesses run (check writes its report)."""


@dataclass(frozen=True, slots=True)
class CrashCase:
    """A site ready for kill points of one command."""

    command: str
    """``extract``, ``update`` or ``build``."""
    pristine: Path
    """The old state, copied to ``site`` before every kill point."""
    site: Path
    """Where the runs happen (always the same path)."""
    old: dict[str, bytes]
    """Watched files before the run."""
    new: dict[str, bytes]
    """Watched files after a complete run."""
    duration: float
    """Seconds a complete run of the child takes (interpreter start included)."""


@dataclass(frozen=True, slots=True)
class KillResult:
    """One kill point."""

    delay: float
    """Seconds between the start of the child and SIGKILL."""
    killed: bool
    """The child was still running when killed (else it had finished)."""
    changed: int
    """Files already in their new state when it died."""
    temps: int
    """Temporary files it left."""


_DATE = re.compile(rb"(PO-Revision-Date|POT-Creation-Date): \d{4}-\d{2}-\d{2} \d{2}:\d{2}[+-]\d{4}")
"""A catalogue's header dates: ``update`` and ``import`` set ``PO-Revision-Date`` to the
minute of the run (no ``SOURCE_DATE_EPOCH`` here), so two runs minutes apart differ there."""


def watched(site: Path) -> dict[str, bytes]:
    """The bytes of every file a run writes, header dates masked (any other difference,
    a truncated file say, still shows)."""
    found: dict[str, bytes] = {}
    for top in WATCHED:
        base = site / top
        if base.is_file():
            found[top] = _DATE.sub(rb"\1: <date>", base.read_bytes())
        elif base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    data = _DATE.sub(rb"\1: <date>", path.read_bytes())
                    found[path.relative_to(site).as_posix()] = data
    return found


def _text(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
        text = " ".join(words)
        out.append(text[:1].upper() + text[1:] + ".")
    return " ".join(out)


def generate_pages(rng: random.Random, pages: int, paras: int) -> dict[str, str]:
    return {
        f"page{i:03d}": f"# Page {i}\n\n"
        + "".join(f"{_text(rng, rng.randint(1, 4))}\n\n" for _ in range(paras))
        for i in range(pages)
    }


def _edit_pages(rng: random.Random, pages: dict[str, str]) -> dict[str, str]:
    """Reword, delete and insert paragraphs in most pages; rename one page."""
    out: dict[str, str] = {}
    for k, (name, text) in enumerate(sorted(pages.items())):
        blocks = text.split("\n\n")
        if k % 4 != 3 and len(blocks) > 3:
            i = rng.randrange(1, len(blocks) - 1)
            blocks[i] = blocks[i].replace(" ", " new ", 1)
            del blocks[rng.randrange(1, len(blocks) - 1)]
            blocks.insert(rng.randrange(1, len(blocks)), _text(rng, 2))
        out[f"{name}-renamed" if k == 0 else name] = "\n\n".join(blocks)
    return out


def child_command(site: Path, command: str) -> list[str]:
    line = COMMANDS.get(command, command).format(site=site).split()
    return [sys.executable, "-m", "pipeline", "-q", "-C", str(site), *line]


def french_pages(pages: dict[str, str]) -> dict[str, str]:
    """Hand-written "translations" of ``pages`` with the same structure (for ``import``),
    worded as :func:`~reliability.sites.fill_translations` words the catalogues'."""
    out: dict[str, str] = {}
    for name, text in pages.items():
        blocks = text.split("\n\n")
        out[name] = "\n\n".join(
            block
            if not block.strip()
            else f"# FR: {block[2:]}"
            if block.startswith("# ")
            else f"FR: {block}"
            for block in blocks
        )
    return out


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(REPO / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def build_available() -> bool:
    """True when ``pipeline build`` exists (its module is being written)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import pipeline.tasks.build, pipeline.tasks.status"],
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0


def _restore(case_pristine: Path, site: Path) -> None:
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(case_pristine, site, symlinks=True)


def prepare(
    work: Path, command: str, *, pages: int, paras: int, seed: int, timed: bool = True
) -> CrashCase:
    """Make the old state of ``command`` in ``work`` and record the new one (and, when
    ``timed``, how long a run of the command takes as a child process)."""
    rng = random.Random(seed)
    pristine = work / "pristine"
    site = work / "site"
    init_site(pristine)
    source = generate_pages(rng, pages, paras)
    write_pages(pristine, source)
    (pristine / "content" / "fr").mkdir(parents=True, exist_ok=True)
    run_ok(pristine, "extract")
    run_ok(pristine, "update")
    fill_translations(pristine)
    if command == "build":
        run_ok(pristine, "build")
    edited = _edit_pages(rng, source)
    write_pages(pristine, edited)
    if command in ("update", "build", "import", "check"):
        run_ok(pristine, "extract")
    if command in ("build", "import", "check"):
        run_ok(pristine, "update")
    if command in ("build", "check"):
        fill_translations(pristine)
    if command == "import":
        write_pages(pristine, french_pages(edited), lang="fr")
    durations = []
    for _ in range(2 if timed else 0):  # the first run warms the caches: take the faster
        _restore(pristine, site)
        old = watched(site)
        start = time.monotonic()
        subprocess.run(child_command(site, command), env=child_env(), check=True)
        durations.append(time.monotonic() - start)
    if not timed:  # the new state from a run in this process (faster, not timed)
        _restore(pristine, site)
        old = watched(site)
        run_ok(site, *COMMANDS[command].format(site=site).split())
    duration = min(durations, default=0.0)
    new = watched(site)
    if new == old:
        raise AssertionError(f"{command} changed nothing: no kill point would be meaningful")
    return CrashCase(command, pristine, site, old, new, duration)


def kill_once(case: CrashCase, delay: float) -> KillResult:
    """One kill point; raises AssertionError when a file is half-written or the rerun fails."""
    _restore(case.pristine, case.site)
    child = subprocess.Popen(
        child_command(case.site, case.command),
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    # The whole group: pipeline's worker processes die with it, as on a power cut.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    status = child.wait()
    killed = status == -signal.SIGKILL
    if not killed and status != 0:
        raise AssertionError(f"{case.command} failed by itself with status {status}")
    state = watched(case.site)
    temps = changed = 0
    for rel, data in state.items():
        if is_temp(rel):
            temps += 1
            continue
        old, new = case.old.get(rel), case.new.get(rel)
        if data != old and data != new:
            kind = "unknown file" if old is None and new is None else "half-written"
            raise AssertionError(
                f"{case.command} killed after {delay:.3f}s: {rel} is {kind} "
                f"({len(data)} bytes; old {len(old or b'')}, new {len(new or b'')})"
            )
        changed += data == new and data != old
    for rel in case.old.keys() & case.new.keys():
        if rel not in state:
            raise AssertionError(f"{case.command} killed after {delay:.3f}s: {rel} vanished")
    # The CLI takes the site lock (which removes the temporary files of the killed run).
    run_ok(case.site, case.command)
    after = watched(case.site)
    if after != case.new:
        wrong = sorted(
            rel for rel in after.keys() | case.new.keys() if after.get(rel) != case.new.get(rel)
        )
        raise AssertionError(f"the run after a kill at {delay:.3f}s differs: {wrong[:5]}")
    return KillResult(delay, killed, changed, temps)


def kill_points(case: CrashCase, count: int, seed: int) -> list[KillResult]:
    """``count`` kill points at seeded random delays over the run's duration."""
    return [kill_once(case, delay) for delay in delays(case.duration, count, seed)]


def delays(duration: float, count: int, seed: int) -> list[float]:
    """Seeded kill delays: half over the whole run, half over its last 40 % (the writes)."""
    rng = random.Random(seed)
    return [
        rng.uniform(0.0, duration * 1.05) if i % 2 else rng.uniform(duration * 0.6, duration)
        for i in range(count)
    ]
