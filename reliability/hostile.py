"""Hostile and malformed inputs: every command over each, in a child with resource limits.

Inputs are the files of ``tests/bad/`` (each says what it expects on a line
``expect: COMMAND LINE: fragment`` or ``expect: pass``) and inputs generated at run
time (huge files, deep nesting, symlinks leaving the site, unreadable files, FIFOs).

Each command runs in a forked child of a small *fork server* (a separate Python
process that has imported pipeline but never run anything, so no library thread
exists when it forks). The child gets ``RLIMIT_AS`` and ``RLIMIT_CPU``, the server
enforces a wall-clock timeout and reports the exit status, stderr, time and peak
memory. A run is good when it exits 0 or 1, or exits 2 with exactly one stderr line
``path[:line]: message`` naming the input; never a traceback, a signal or a timeout;
and nothing changes outside the site root.

Unreadable files: tests run as root, for whom ``chmod 000`` stops nothing. The child
then drops to the ``nobody`` user (the site is handed to it first), so the file is
really unreadable; without root, ``chmod 000`` is enough.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pwd
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reliability.sites import run_ok, scratch

REPO = Path(__file__).resolve().parent.parent
BAD_DIR = REPO / "tests" / "bad"
COMMANDS = ("extract", "update", "import fr", "check", "build", "compile", "status")
MEMORY_LIMIT = 1536 * 1024 * 1024
"""RLIMIT_AS of a child: 1.5 GB."""
CPU_LIMIT = 60
"""RLIMIT_CPU of a child, seconds."""
WALL_LIMIT = 90.0
"""Wall-clock limit of a child, seconds."""
EXPECT = re.compile(
    rb"expect: (?:(pass)|(\w+) (\d+|-): (.*?))(?: -->)?[ \t]*(?:\r|$)", re.MULTILINE
)
ERROR_LINE = re.compile(r"^pipeline: (?P<path>[^\n:]+?)(?::(?P<line>\d+))?: (?P<message>[^\n]+)\n$")

PLACES = {
    ".po": "locale/fr/LC_MESSAGES/index.po",
    ".pot": "locale/index.pot",
    ".md": "content/en/index.md",
    ".toml": "pipeline.toml",
}


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class BadInput:
    """One hostile input and what it must cause."""

    name: str
    """File name in tests/bad/, or ``gen-...`` for a generated input."""
    place: str
    """Site-relative path the input is about (the path error messages must name)."""
    install: Callable[[Path, Path], None] = field(compare=False, repr=False)
    """Put the input into the site (site root, folder outside the site)."""
    command: str | None = None
    """The command that must fail with exit 2 (None: every command may pass)."""
    line: int | None = None
    """The line that failure must name."""
    fragment: str = ""
    """Text that failure's message must contain."""
    unreadable: bool = False
    """The child must run as an unprivileged user (the input is chmod 000)."""
    big: bool = False
    """Slow to make or to run: only in the long run, except its expected command."""


def place_of(name: str) -> str:
    if name.startswith("md-fr-"):
        return "content/fr/index.md"
    suffix = "." + name.rsplit(".", 1)[-1]
    return PLACES[suffix]


def _fresh(site: Path, place: str) -> Path:
    """``site / place`` with its folder made and any file there removed."""
    path = site / place
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return path


def _copy_into(source: Path, place: str) -> Callable[[Path, Path], None]:
    return _writer(place, source.read_bytes)


def corpus_files() -> list[BadInput]:
    """The committed inputs of tests/bad/."""
    found = []
    for path in sorted(BAD_DIR.glob("*.*")):
        data = path.read_bytes()
        match = EXPECT.search(data)
        if match is None:
            raise ValueError(f"{path.name} has no 'expect:' line")
        place = place_of(path.name)
        if match.group(1):
            found.append(BadInput(path.name, place, _copy_into(path, place)))
        else:
            line = None if match.group(3) == b"-" else int(match.group(3))
            command = match.group(2).decode()
            found.append(
                BadInput(
                    path.name,
                    place,
                    _copy_into(path, place),
                    command="import fr" if command == "import" else command,
                    line=line,
                    fragment=match.group(4).decode("utf-8"),
                )
            )
    return found


PO_HEAD = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)


def _writer(place: str, make: Callable[[], bytes]) -> Callable[[Path, Path], None]:
    def install(site: Path, outside: Path) -> None:
        del outside
        _fresh(site, place).write_bytes(make())

    return install


def huge_size() -> int:
    """50 MB in the long run; 10 MB in ``make test`` (same code paths, a fifth of the time)."""
    return (50 if os.environ.get("PIPELINE_RELIABILITY") == "long" else 10) * 1024 * 1024


def _huge_po() -> bytes:
    words = b"mot " * (huge_size() // 4)
    return (PO_HEAD + 'msgid "Welcome"\nmsgstr "').encode() + words + b'"\n'


def _huge_po_one_line() -> bytes:
    return b"# " + b"x" * huge_size() + b"\n"


def _million_paragraph() -> bytes:
    return b"# Welcome\n\n" + (b"word " * 200_000) + b"\n"


def _million_word() -> bytes:
    return b"# Welcome\n\n" + b"x" * 1_000_000 + b"\n"


def _nested_lists() -> bytes:
    return b"# Welcome\n\n" + b"- " * 10_000 + b"item\n"


def _nested_ordered_lists() -> bytes:
    return b"# Welcome\n\n" + b"1. " * 10_000 + b"item\n"


def _staircase_lists() -> bytes:
    """1,000 levels of indented items (10,000 would be a 100 MB file: quadratic in size)."""
    return b"# Welcome\n\n" + b"".join(b"  " * i + b"- item\n" for i in range(1_000))


def _nested_html() -> bytes:
    return b"# Welcome\n\n<div>\n\n" + b"<div>" * 10_000 + b"x" + b"</div>" * 10_000 + b"\n"


def _nested_quotes() -> bytes:
    return b"# Welcome\n\n" + b"> " * 10_000 + b"deep\n"


def _nested_brackets() -> bytes:
    return b"# Welcome\n\n" + b"[" * 10_000 + b"x" + b"](u)" * 10_000 + b"\n"


def _nested_emphasis() -> bytes:
    return b"# Welcome\n\n" + b"*" * 10_000 + b"x" + b"*" * 10_000 + b"\n"


def _alias_bomb() -> bytes:
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        refs = ", ".join(f"*a{i - 1}" for _ in range(9))
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines += ["title: *a11", "---", "", "# Welcome", ""]
    return "\n".join(lines).encode()


def _deep_yaml() -> bytes:
    return b"---\ntitle: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n\n# Welcome\n"


def _symlink(place: str, target: Callable[[Path, Path], Path]) -> Callable[[Path, Path], None]:
    def install(site: Path, outside: Path) -> None:
        link = site / place
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        else:
            with contextlib.suppress(FileNotFoundError):
                link.unlink()
        link.symlink_to(target(site, outside))

    return install


def _outside_file(name: str, data: bytes) -> Callable[[Path, Path], Path]:
    def make(site: Path, outside: Path) -> Path:
        del site
        path = outside / name
        path.write_bytes(data)
        return path

    return make


def _outside_dir(site: Path, outside: Path) -> Path:
    del site
    folder = outside / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "index.md").write_text("# Elsewhere\n\nOutside the site.\n")
    return folder


def _unreadable(place: str) -> Callable[[Path, Path], None]:
    def install(site: Path, outside: Path) -> None:
        del outside
        path = site / place
        if not path.exists():
            path.write_text('languages = ["fr"]\n' if place == PLACES[".toml"] else "")
        path.chmod(0)

    return install


def _fifo(place: str) -> Callable[[Path, Path], None]:
    def install(site: Path, outside: Path) -> None:
        del outside
        os.mkfifo(_fresh(site, place))

    return install


def _directory(place: str) -> Callable[[Path, Path], None]:
    def install(site: Path, outside: Path) -> None:
        del outside
        (_fresh(site, place) / "inner").mkdir(parents=True)

    return install


def generated() -> list[BadInput]:
    """Inputs made at run time (too big to commit, or not files at all)."""
    po, pot, page, conf = (PLACES[".po"], PLACES[".pot"], PLACES[".md"], PLACES[".toml"])
    valid_po = (PO_HEAD + 'msgid "Welcome"\nmsgstr "Bienvenue"\n').encode()
    return [
        BadInput("gen-po-50mb-line", po, _writer(po, _huge_po), big=True),
        BadInput("gen-po-50mb-comment-line", po, _writer(po, _huge_po_one_line), big=True),
        BadInput("gen-md-million-char-paragraph", page, _writer(page, _million_paragraph)),
        BadInput("gen-md-million-char-word", page, _writer(page, _million_word)),
        BadInput("gen-md-10000-nested-lists", page, _writer(page, _nested_lists)),
        BadInput("gen-md-10000-nested-ordered", page, _writer(page, _nested_ordered_lists)),
        BadInput("gen-md-1000-staircase-lists", page, _writer(page, _staircase_lists)),
        BadInput("gen-md-10000-nested-html", page, _writer(page, _nested_html)),
        BadInput("gen-md-10000-nested-quotes", page, _writer(page, _nested_quotes)),
        BadInput("gen-md-10000-nested-links", page, _writer(page, _nested_brackets)),
        BadInput("gen-md-10000-nested-emphasis", page, _writer(page, _nested_emphasis)),
        BadInput(
            "gen-md-yaml-alias-bomb", page, _writer(page, _alias_bomb), "extract", 3, "aliases"
        ),
        BadInput(
            "gen-md-yaml-10000-nested",
            page,
            _writer(page, _deep_yaml),
            "extract",
            2,
            "nested too deeply",
        ),
        BadInput("gen-md-empty", page, _writer(page, lambda: b"")),
        BadInput("gen-po-empty", po, _writer(po, lambda: b"")),
        BadInput(
            "gen-symlink-page-outside",
            "content/en/evil.md",
            _symlink("content/en/evil.md", _outside_file("evil.md", b"# Secret\n\nText.\n")),
            "extract",
            None,
            "outside the site",
        ),
        BadInput(
            "gen-symlink-po-outside",
            po,
            _symlink(po, _outside_file("index.po", valid_po)),
        ),
        BadInput(
            "gen-symlink-locale-outside",
            "locale",
            _symlink("locale", lambda site, outside: outside),
        ),
        BadInput(
            "gen-symlink-lang-dir-outside",
            "content/en",
            _symlink("content/en", _outside_dir),
        ),
        BadInput(
            "gen-symlink-config-outside",
            conf,
            _symlink(conf, _outside_file("pipeline.toml", b'languages = ["fr"]\n')),
        ),
        BadInput(
            "gen-symlink-loop",
            "content/en/loop.md",
            _symlink("content/en/loop.md", lambda site, outside: site / "content/en/loop.md"),
        ),
        BadInput(
            "gen-unreadable-page", page, _unreadable(page), "extract", None, "cannot read", True
        ),
        BadInput("gen-unreadable-po", po, _unreadable(po), "update", None, "cannot read", True),
        BadInput(
            "gen-unreadable-config", conf, _unreadable(conf), "extract", None, "cannot read", True
        ),
        BadInput("gen-unreadable-pot", pot, _unreadable(pot), "update", None, "cannot read", True),
        BadInput("gen-fifo-page", "content/en/fifo.md", _fifo("content/en/fifo.md")),
        BadInput("gen-fifo-po", po, _fifo(po)),
        BadInput("gen-fifo-config", conf, _fifo(conf)),
        BadInput("gen-directory-as-page", page, _directory(page)),
        BadInput("gen-directory-as-po", po, _directory(po)),
        BadInput("gen-directory-as-config", conf, _directory(conf)),
    ]


def all_inputs() -> list[BadInput]:
    return corpus_files() + generated()


# --------------------------------------------------------------------------- sites


def make_site(site: Path) -> None:
    """The small site every input goes into: an English and a French page, catalogues."""

    (site / "content" / "en").mkdir(parents=True)
    (site / "content" / "fr").mkdir(parents=True)
    (site / "content" / "en" / "index.md").write_text("# Welcome\n\nHello world.\n")
    (site / "content" / "fr" / "index.md").write_text("# Bienvenue\n\nBonjour le monde.\n")
    run_ok(site, "extract")
    run_ok(site, "update")


def snapshot_outside(parent: Path, site: Path) -> dict[str, tuple[str, bytes | str]]:
    """Everything under ``parent`` except the site: files' bytes, links' targets, folders."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for folder, dirs, files in os.walk(parent):
        here = Path(folder)
        if here == site or site in here.parents:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = here / name
            rel = path.relative_to(parent).as_posix()
            if path == site:
                continue
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_file():
                found[rel] = ("file", path.read_bytes())
            else:
                found[rel] = ("other", "")
    return found


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class Outcome:
    """One command run in a child."""

    command: str
    status: int
    """Exit status, or -signal when killed."""
    stderr: str
    seconds: float
    max_rss_kb: int
    timed_out: bool


def _child(argv: list[str], out_path: str, err_path: str, cwd: str, uid: int | None) -> None:
    """In the forked child: limits, user, streams; run the CLI; never return."""
    status = 70
    try:
        os.chdir(cwd)
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        with (
            open(out_path, "w", encoding="utf-8") as out,
            open(err_path, "w", encoding="utf-8") as err,
        ):
            try:
                from pipeline.cli import main

                status = main(argv, stdout=out, stderr=err)
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 2
            except BaseException:
                traceback.print_exc(file=err)
                status = 70
            out.flush()
            err.flush()
    finally:
        os._exit(status)


def run_forked(request: dict[str, object]) -> Outcome:
    """Fork a child for one command (in the fork server)."""
    argv = [str(a) for a in request["argv"]]  # type: ignore[attr-defined]
    scratch = str(request["scratch"])
    out_path, err_path = os.path.join(scratch, "out.txt"), os.path.join(scratch, "err.txt")
    uid = request.get("uid")
    for stale in (out_path, err_path):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stale)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        _child(argv, out_path, err_path, str(request["cwd"]), uid if isinstance(uid, int) else None)
    deadline = start + float(request.get("wall", WALL_LIMIT))  # type: ignore[arg-type]
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.002)
    seconds = time.monotonic() - start
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    try:
        stderr = Path(err_path).read_text("utf-8", "replace")
    except OSError:
        stderr = ""
    return Outcome(
        command=" ".join(argv[3:]),
        status=code,
        stderr=stderr,
        seconds=seconds,
        max_rss_kb=usage.ru_maxrss,
        timed_out=timed_out,
    )


_PROBE = """
import io, json, shutil, sys, sysconfig, tempfile
from pathlib import Path
from pipeline.cli import main
site = Path(tempfile.mkdtemp())
(site / "content" / "en").mkdir(parents=True)
(site / "content" / "fr").mkdir(parents=True)
(site / "content" / "en" / "index.md").write_text("# Welcome\\n\\nHello world.\\n")
(site / "content" / "fr" / "index.md").write_text("# Bienvenue\\n\\nBonjour le monde.\\n")
for command in ("extract", "update", "import fr", "check", "build", "compile", "status"):
    try:
        main(["-q", "-C", str(site), *command.split()], stdout=io.StringIO(), stderr=io.StringIO())
    except BaseException:
        pass
stdlib = sysconfig.get_paths()["stdlib"]
files = {n: getattr(m, "__file__", None) or "" for n, m in list(sys.modules.items())}
names = sorted(n for n, f in files.items() if f.startswith(stdlib) and "site-packages" not in f)
print(json.dumps(names))
shutil.rmtree(site, ignore_errors=True)
"""


def _preload_stdlib() -> None:
    """Import the standard-library modules the commands import lazily.

    An unprivileged child (see ``unreadable``) may not be able to read a standard library
    installed under /root; importing them here, before any fork, is harmless (no thread
    starts) and keeps the child from failing on ``import email.parser``.
    """
    import importlib

    probe = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=False, timeout=300
    )
    try:
        names = json.loads(probe.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return
    for name in names:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def serve() -> None:
    """Fork server loop: one JSON request per stdin line, one JSON outcome per stdout line."""
    import pipeline.cli  # noqa: F401  (imported once, before any fork)

    if os.geteuid() == 0:
        _preload_stdlib()

    # Import what the commands import lazily, so that children start fast.
    for name in ("pipeline.tasks.build", "pipeline.tasks.compile", "pipeline.tasks.status"):
        with contextlib.suppress(ImportError):
            __import__(name)
    for line in sys.stdin:
        outcome = run_forked(json.loads(line))
        sys.stdout.write(json.dumps(asdict(outcome)) + "\n")
        sys.stdout.flush()


class ForkServer:
    """A child Python process that forks the command runs."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO / "src"), str(REPO), *filter(None, [env.get("PYTHONPATH")])]
        )
        env.pop("SOURCE_DATE_EPOCH", None)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "reliability.hostile", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=str(REPO),
        )

    def run(self, request: dict[str, object]) -> Outcome:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        reply = self._process.stdout.readline()
        if not reply:
            raise RuntimeError("the fork server died")
        return Outcome(**json.loads(reply))

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


@contextlib.contextmanager
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer()
    try:
        yield server
    finally:
        server.close()


def command_exists(command: str) -> bool:
    """``build``, ``compile`` and ``status`` are being written: skip them while absent."""
    import importlib.util

    module = {"build": "pipeline.tasks.build", "compile": "pipeline.tasks.compile"}.get(
        command, "pipeline.tasks.status" if command == "status" else None
    )
    return module is None or importlib.util.find_spec(module) is not None


def _nobody() -> int | None:
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return 65534


def _chown_tree(root: Path, uid: int) -> None:
    for folder, dirs, files in os.walk(root):
        os.lchown(folder, uid, uid)
        for name in dirs + files:
            os.lchown(os.path.join(folder, name), uid, uid)


def problems_of(bad: BadInput, outcome: Outcome) -> list[str]:
    """What is wrong with one command's outcome on one input (empty: fine)."""
    where = f"{bad.name}: {outcome.command}"
    if outcome.timed_out:
        return [f"{where}: timed out after {outcome.seconds:.1f}s"]
    if "Traceback" in outcome.stderr:
        return [f"{where}: traceback:\n{outcome.stderr[-3000:]}"]
    if outcome.status < 0:
        return [f"{where}: killed by signal {-outcome.status}"]
    if outcome.status in (0, 1):
        if bad.command == outcome.command:
            return [f"{where}: exit {outcome.status}, expected 2 ({bad.fragment})"]
        return []
    if outcome.status != 2:
        return [f"{where}: exit {outcome.status}: {outcome.stderr[-500:]}"]
    match = ERROR_LINE.match(outcome.stderr)
    if match is None:
        return [
            f"{where}: stderr is not one 'pipeline: path:line: message' line: {outcome.stderr!r}"
        ]
    problems = []
    named = match.group("path")
    # An error names the input, a file under it (a folder input), or, for a
    # configuration input, any file of the site (the configuration decides which).
    if not (
        named == bad.place
        or named.startswith(bad.place + "/")
        or (bad.place == PLACES[".toml"] and not named.startswith("/"))
    ):
        problems.append(f"{where}: names {named!r}, not {bad.place!r}")
    if bad.command == outcome.command:
        if bad.line is not None and match.group("line") != str(bad.line):
            problems.append(f"{where}: line {match.group('line')}, expected {bad.line}")
        if bad.fragment not in match.group("message"):
            problems.append(f"{where}: message {outcome.stderr!r} lacks {bad.fragment!r}")
    return problems


@dataclass(slots=True)
class Tally:
    """Figures of hostile-input runs."""

    inputs: int = 0
    runs: int = 0
    crashes: int = 0
    problems: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    biggest: tuple[int, str] = (0, "")


def try_input(
    server: ForkServer, bad: BadInput, work: Path, commands: tuple[str, ...], tally: Tally
) -> None:
    """Every command of ``commands`` over ``bad``, each on a fresh copy of the site."""
    tally.inputs += 1
    uid = _nobody() if bad.unreadable else None
    if uid is not None:
        # The unprivileged child must reach the site: use a folder every user can enter.
        with scratch("pipeline-bad-") as open_work:
            open_work.chmod(0o755)
            _try_input(server, bad, open_work, commands, tally, uid)
        return
    _try_input(server, bad, work, commands, tally, None)


def _try_input(
    server: ForkServer,
    bad: BadInput,
    work: Path,
    commands: tuple[str, ...],
    tally: Tally,
    uid: int | None,
) -> None:
    base = work / bad.name
    template = base / "template"
    make_site(template)
    for command in commands:
        parent = base / "run"
        if parent.exists():
            _make_writable(parent)
            shutil.rmtree(parent)
        parent.mkdir(parents=True)
        site, outside = parent / "site", parent / "outside"
        shutil.copytree(template, site, symlinks=True)
        outside.mkdir()
        bad.install(site, outside)
        scratch = base / "scratch"
        scratch.mkdir(exist_ok=True)
        if uid is not None:
            for folder in (base, parent, scratch):
                folder.chmod(0o777)
            _chown_tree(site, uid)
        before = snapshot_outside(parent, site)
        outcome = server.run(
            {
                "argv": ["-q", "-C", str(site), *command.split()],
                "cwd": str(parent),
                "scratch": str(scratch),
                "uid": uid,
            }
        )
        tally.runs += 1
        found = problems_of(bad, outcome)
        after = snapshot_outside(parent, site)
        if after != before:
            changed = sorted(
                k for k in after.keys() | before.keys() if after.get(k) != before.get(k)
            )
            found.append(f"{bad.name}: {command}: wrote outside the site: {changed[:5]}")
        if found:
            tally.crashes += 1
            tally.problems.extend(found)
        label = f"{bad.name} ({command})"
        if outcome.seconds > tally.slowest[0]:
            tally.slowest = (outcome.seconds, label)
        if outcome.max_rss_kb > tally.biggest[0]:
            tally.biggest = (outcome.max_rss_kb, label)
    _make_writable(base)
    shutil.rmtree(base, ignore_errors=True)


def _make_writable(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                with contextlib.suppress(OSError):
                    os.chmod(path, 0o644)


def expected_failure_in_process(bad: BadInput, work: Path) -> tuple[int, str]:
    """Run the input's expected command in-process (fast path for the unit tests)."""
    from pipeline.cli import main

    site = work / "site"
    make_site(site)
    (work / "outside").mkdir(exist_ok=True)
    bad.install(site, work / "outside")
    assert bad.command is not None
    err = io.StringIO()
    status = main(["-q", "-C", str(site), *bad.command.split()], stdout=io.StringIO(), stderr=err)
    return status, err.getvalue()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
