"""The tool as a site's repository gets it: the wheel, the composite GitHub Action and the
pre-commit hook, each used from a temporary site repository that does not contain the tool,
pinned by the release tag."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from helpers import REPO, copy_site
from pipeline import __repository__, __version__
from pipeline.tasks.init import TAG, action_ref

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]


def _tool_release(target: Path) -> Path:
    """A clean clone of the tool (the files git would commit), committed and tagged with
    this version's tag, as a site's workflow or hook would fetch it."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=target, check=True)
    subprocess.run([*GIT, "commit", "-qm", "release"], cwd=target, check=True)
    subprocess.run([*GIT, "tag", TAG], cwd=target, check=True)
    return target


def _site_repo(target: Path) -> Path:
    """A site repository: the shipped site's pages and glossary, no tool."""
    copy_site(target)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=target, check=True)
    subprocess.run([*GIT, "commit", "-qm", "site"], cwd=target, check=True)
    return target


def test_the_version_is_written_in_one_place() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert project["urls"]["Repository"] == __repository__
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert re.search(rf"^## \[?{re.escape(__version__)}\]?", changelog, re.MULTILINE)
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"rev: {TAG}" in readme and f"uses: {action_ref()}" in readme
    assert f"@{TAG}" in readme and __repository__ in readme
    action = (REPO / "action.yml").read_text("utf-8")
    assert f"uses: {action_ref()}" in action


def test_the_wheel_holds_the_package_and_its_data(tmp_path: Path) -> None:
    clone = _tool_release(tmp_path / "tool")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(clone)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == f"pipeline-{__version__}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/py.typed" in names
    assert "pipeline/cli/__init__.py" in names
    sources = {
        p.relative_to(REPO / "src").as_posix() for p in (REPO / "src" / "pipeline").rglob("*.py")
    }
    assert sources <= set(names)
    entry_points = zipfile.ZipFile(wheel).read(f"pipeline-{__version__}.dist-info/entry_points.txt")
    assert b"pipeline = pipeline.__main__:run" in entry_points


def _runner_python(folder: Path) -> Path:
    """A fresh venv standing for the runner's Python: the tool's dependencies are found
    through a .pth file (so the test downloads nothing), the tool itself is not there."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    purelib = sysconfig.get_paths()["purelib"]
    python = folder / "bin" / "python"
    theirs = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(theirs) / "dependencies.pth").write_text(purelib + "\n", "utf-8")
    return python


def _expand(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        return values[match.group(1).strip()]

    return re.sub(r"\$\{\{([^}]*)\}\}", one, text)


def test_the_composite_action_runs_its_steps_from_a_site_repository(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    tool = _tool_release(tmp_path / "action")
    site = _site_repo(tmp_path / "site")
    python = _runner_python(tmp_path / "runner")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    inputs = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    values = {**inputs, "runner.temp": str(runner_temp)}
    env = {
        **os.environ,
        "GITHUB_ACTION_PATH": str(tool),
        "RUNNER_TEMP": str(runner_temp),
        "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
        "PIP_NO_INDEX": "",
    }
    env.pop("VIRTUAL_ENV", None)
    uses = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    assert [u.split("@")[0] for u in uses] == [
        "actions/setup-python",
        "github/codeql-action/upload-sarif",
    ]
    statuses = []
    outputs = []
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        if "if" in step:
            name, value = re.fullmatch(r"inputs\.([\w-]+) == '(\w+)'", step["if"]).groups()
            if inputs[f"inputs.{name}"] != value:
                continue
        assert step["shell"] == "bash"
        step_env = {**env, **{k: _expand(str(v), values) for k, v in step.get("env", {}).items()}}
        folder = site / _expand(step.get("working-directory", "."), values)
        done = subprocess.run(
            ["bash", "-e", "-c", _expand(step["run"], values)],
            cwd=folder,
            env=step_env,
            capture_output=True,
            text=True,
        )
        statuses.append(done.returncode)
        outputs.append(done.stdout)
        assert done.returncode in (0, 1), done.stderr
    install, annotate, sarif, fail = statuses
    assert (install, annotate, sarif) == (0, 0, 0)
    assert fail == 1  # the shipped site's one error fails the last step
    assert "::error file=content/en/incb.md,line=10" in outputs[1]
    report = (runner_temp / "pipeline.sarif").read_text("utf-8")
    assert '"ruleId": "language-mismatch"' in report
    assert outputs[3].startswith("content/en/incb.md:10: error language-mismatch")
    assert not (site / "pipeline.sarif").exists()  # nothing written into the site


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
def test_the_pre_commit_hook_runs_from_a_site_repository_by_tag(tmp_path: Path) -> None:
    tool = _tool_release(tmp_path / "tool")
    site = _site_repo(tmp_path / "site")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run(
        [str(pre_commit), "try-repo", str(tool), "pipeline-check", "--ref", TAG, "--all-files"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "Traceback" not in done.stdout, done.stdout
    # The shipped site has one fault: the hook fails and shows it.
    assert done.returncode == 1, done.stdout + done.stderr
    assert "content/en/incb.md:10: error language-mismatch" in done.stdout
    assert "1 error, 0 warnings" in done.stdout
    # Fixed, the hook passes.
    page = site / "content" / "en" / "incb.md"
    lines = page.read_text("utf-8").split("\n")
    lines[9] = "<!-- pipeline-ignore language-mismatch -->\n\n" + lines[9]
    page.write_text("\n".join(lines), "utf-8")
    again = subprocess.run(
        [str(pre_commit), "try-repo", str(tool), "pipeline-check", "--ref", TAG, "--all-files"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_make_targets_compile_the_package_first() -> None:
    """``make run``, ``make test`` and ``make bench`` compile the package's modules to
    bytecode first (pip does not compile an editable install): a run with
    PYTHONDONTWRITEBYTECODE set, as in many containers, then compiles none of them, where
    each start would otherwise spend 0.15-0.2 s compiling every module."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "pytest", "bench"):
        assert re.search(rf"^{target}:.*\bbytecode\b", makefile, re.MULTILINE), target
    # (-o: the installation is taken as it is, never redone from a test)
    make = ["make", "-C", str(REPO), "-o", ".venv/.installed", "bytecode"]
    subprocess.run(make, check=True, capture_output=True)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    started = subprocess.run(
        [sys.executable, "-v", "-c", "import pipeline.cli, pipeline.engine.check_site"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = [line for line in started.stderr.splitlines() if line.startswith("# code object")]
    ours = [line for line in loaded if f"{os.sep}pipeline{os.sep}" in line]
    assert len(ours) > 100
    assert [line for line in ours if "__pycache__" not in line] == []
