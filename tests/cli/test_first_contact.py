"""Issue 14, "first contact": every complaint of a new user, reproduced through the CLI.

Each test here failed on the commit before the fix and passes after it: the quiet levels,
colour, did-you-mean, the ``pipeline:`` prefix, columns, ``check --help``, ``status`` on a
broken catalogue, gettext's Plural-Forms, ``PO-Revision-Date``, CJK soft line breaks and one
finding per fault.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPO, copy_site
from pipeline.cli import main

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NBSP = "\u00a0"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), *args], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "CLICOLOR_FORCE", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The shipped site with its catalogues (it has exactly one fault: the INCB page)."""
    root = copy_site(tmp_path / "site", with_locale=True)
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    return root


def json_findings(root: Path, *args: str) -> list[dict[str, object]]:
    status, out, err = run(root, "check", "--format", "json", "--fail-on", "never", *args)
    assert status == 0, err
    findings: list[dict[str, object]] = json.loads(out)["findings"]
    return findings


# -- quiet levels, colour ------------------------------------------------------------------


def test_quiet_prints_the_diagnostics_without_the_summary(shipped: Path) -> None:
    status, out, _ = run(shipped, "check")
    assert status == 1 and "1 error, 0 warnings" in out
    status, quiet, _ = run(shipped, "-q", "check")
    assert status == 1
    assert "content/en/incb.md:10" in quiet
    assert "1 error" not in quiet and quiet != out


@pytest.mark.parametrize("flag", ["-qq", "--silent"])
def test_silent_prints_nothing_and_keeps_the_status(shipped: Path, flag: str) -> None:
    assert run(shipped, flag, "check") == (1, "", "")
    assert run(shipped, "check", flag) == (1, "", "")


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    out = io.StringIO()
    assert main(["--version"], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue() == f"pipeline {version('pipeline')}\n"


def test_force_color_colours_a_report_that_is_not_on_a_terminal(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = run(shipped, "check")[1]
    assert not ANSI.search(plain)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run(shipped, "check")[1]
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(run(shipped, "check")[1])


# -- did you mean, usage, the pipeline: prefix --------------------------------------------


def test_a_mistyped_command_gets_a_suggestion(tmp_path: Path) -> None:
    status, out, err = run(tmp_path, "chek")
    assert status == 2 and out == ""
    assert "did you mean 'check'?" in err.splitlines()[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_mistyped_option_gets_a_suggestion_and_the_subcommands_usage(tmp_path: Path) -> None:
    err = _Terminal()
    status = main(["-C", str(tmp_path), "check", "--formt", "json"], stderr=err)
    assert status == 2
    first, *rest = err.getvalue().splitlines()
    assert first.startswith("pipeline check: error:")
    assert "'--formt'" in first and "did you mean '--format'?" in first
    assert rest and rest[0].startswith("usage: pipeline check")
    _, _, piped = run(tmp_path, "check", "--formt", "json")
    assert piped.splitlines() == [first]  # in logs and pipes: the one line


def test_a_mistyped_choice_gets_a_suggestion(tmp_path: Path) -> None:
    status, _, err = run(tmp_path, "check", "--format", "sarf")
    assert status == 2
    assert "did you mean 'sarif'?" in err.splitlines()[0]


def test_a_mistyped_rule_id_gets_a_suggestion(tmp_path: Path) -> None:
    status, _, err = run(tmp_path, "check", "--explain", "typograhy")
    assert status == 2
    assert "did you mean 'typography'?" in err.splitlines()[0]


def test_tool_errors_are_prefixed_and_an_unknown_language_lists_the_sites(shipped: Path) -> None:
    status, out, err = run(shipped, "check", "--lang", "xx")
    assert status == 2 and out == ""
    assert err.startswith("pipeline: ")
    assert len(err.splitlines()) == 1
    assert "en, fr" in err


def test_a_bad_catalogue_error_is_prefixed(shipped: Path) -> None:
    po = shipped / "locale" / "fr" / "LC_MESSAGES" / "cnd.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "unterminated\n', "utf-8")
    status, _, err = run(shipped, "update")
    assert status == 2
    assert re.match(r"pipeline: locale/fr/LC_MESSAGES/cnd\.po:\d+: ", err)


# -- columns, help, rules ------------------------------------------------------------------


def test_text_reports_give_the_column_when_it_is_known(shipped: Path) -> None:
    page = shipped / "content" / "fr" / "cnd.md"
    lines = page.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("La CND est"))
    lines[number] = "La CND est le principal organe : voir"
    page.write_text("\n".join(lines), "utf-8")
    out = run(shipped, "check")[1]
    column = lines[number].index(":") + 1  # the mark that lacks its no-break space
    assert f"content/fr/cnd.md:{number + 1}:{column}: warning typography:" in out


def test_check_help_lists_the_rules_and_the_exit_codes() -> None:
    out = io.StringIO()
    assert main(["check", "--help"], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    from pipeline.rules import RULES

    for rule in RULES:
        assert re.search(rf"^\s+{re.escape(rule)}\s", text, re.MULTILINE), rule
    assert re.search(r"^\s+0\s", text, re.MULTILINE)
    assert re.search(r"^\s+1\s", text, re.MULTILINE)
    assert re.search(r"^\s+2\s", text, re.MULTILINE)


@pytest.mark.parametrize("command", ["compile", "status"])
def test_compile_and_status_describe_themselves(command: str) -> None:
    out = io.StringIO()
    assert main([command, "--help"], stdout=out, stderr=io.StringIO()) == 0
    usage, description = out.getvalue().split("\n\n")[:2]
    assert usage.startswith(f"usage: pipeline {command}")
    assert len(description.split()) > 5


@pytest.mark.parametrize("argv", [["rules", "typography"], ["check", "--explain", "typography"]])
def test_a_rule_is_explained_like_ruff_rule(tmp_path: Path, argv: list[str]) -> None:
    status, out, err = run(tmp_path, *argv)
    assert status == 0, err
    assert out.startswith("typography")
    assert "Default severity: warning" in out
    assert "nbsp_before" in out  # its options
    assert "Example" in out


def test_rules_lists_every_rule(tmp_path: Path) -> None:
    from pipeline.rules import RULES

    status, out, _ = run(tmp_path, "rules")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines() if line.strip()] == list(RULES)


# -- status --------------------------------------------------------------------------------


def test_status_on_a_catalogue_that_does_not_parse_exits_2_naming_file_and_line(
    shipped: Path,
) -> None:
    po = shipped / "locale" / "fr" / "LC_MESSAGES" / "who.po"
    text = po.read_text("utf-8").split("\n")
    text.insert(20, 'msgid "broken')
    po.write_text("\n".join(text), "utf-8")
    status, out, err = run(shipped, "status")
    assert status == 2
    assert re.match(r"pipeline: locale/fr/LC_MESSAGES/who\.po:21: ", err), err
    assert "unreadable" not in out


# -- catalogue conventions -----------------------------------------------------------------


def test_new_french_catalogues_get_gettexts_plural_forms(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    assert run(root, "extract")[0] == 0
    assert run(root, "update")[0] == 0
    text = (root / "locale" / "fr" / "LC_MESSAGES" / "cnd.po").read_text("utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text


def test_cldr_plural_forms_remain_available_by_a_setting(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    (root / "pipeline.toml").write_text('plural_forms = "cldr"\n', "utf-8")
    assert run(root, "extract")[0] == 0
    assert run(root, "update")[0] == 0
    text = (root / "locale" / "fr" / "LC_MESSAGES" / "cnd.po").read_text("utf-8")
    assert "nplurals=3" in text
    assert run(root, "check", str(root / "locale"))[0] == 0  # CLDR's forms are accepted


def test_imported_catalogues_pass_msgfmt_check_without_warnings(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    assert run(root, "extract")[0] == 0
    status, _, err = run(root, "import", "fr")
    assert status == 0, err
    for po in sorted((root / "locale" / "fr" / "LC_MESSAGES").glob("*.po")):
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr


def test_import_sets_the_revision_date_when_translations_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_site(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(root, "extract")[0] == 0
    assert run(root, "import", "fr")[0] == 0
    po = root / "locale" / "fr" / "LC_MESSAGES" / "cnd.po"
    assert '"PO-Revision-Date: 2023-11-14 22:13+0000\\n"' in po.read_text("utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    before = po.read_bytes()
    assert run(root, "import", "fr")[0] == 0
    assert po.read_bytes() == before  # nothing changed: the date stays
    page = root / "content" / "fr" / "cnd.md"
    page.write_text(page.read_text("utf-8").replace("La CND est", "La CND reste"), "utf-8")
    assert run(root, "import", "fr", "--overwrite")[0] == 0
    assert '"PO-Revision-Date: 2027-01-15 08:00+0000\\n"' in po.read_text("utf-8")


JA_SOURCE = """---
title: "Members"
---

The members meet every year in Vienna.
They discuss drug policy.
"""

JA_PAGE = """---
title: "会員"
---

会員は毎年ウィーンで会合を開きます。
会員は薬物政策について議論します。
"""


def _ja_site(root: Path) -> Path:
    for name, text in {
        "content/en/members.md": JA_SOURCE,
        "content/ja/members.md": JA_PAGE,
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def test_cjk_soft_line_breaks_are_removed_in_msgids_msgstrs_and_fragments(tmp_path: Path) -> None:
    root = _ja_site(tmp_path)
    (root / "content" / "en" / "members.md").write_text(JA_PAGE, "utf-8")
    assert run(root, "extract")[0] == 0
    pot = (root / "locale" / "members.pot").read_text("utf-8")
    assert "開きます。会員は" in pot and "開きます。 会員は" not in pot


def test_cjk_soft_line_breaks_in_imported_translations_and_built_pages(tmp_path: Path) -> None:
    root = _ja_site(tmp_path)
    assert run(root, "extract")[0] == 0
    assert run(root, "import", "ja")[0] == 0
    po = (root / "locale" / "ja" / "LC_MESSAGES" / "members.po").read_text("utf-8")
    assert "開きます。会員は" in po and "開きます。 会員は" not in po
    assert run(root, "build")[0] == 0
    fragment = (root / "build" / "ja" / "members.html").read_text("utf-8")
    assert "開きます。会員は" in fragment
    english = (root / "build" / "en" / "members.html").read_text("utf-8")
    assert "Vienna.\nThey" in english or "Vienna. They" in english


# -- one finding per fault -----------------------------------------------------------------


def test_a_fault_on_an_imported_page_is_reported_once_on_the_page(shipped: Path) -> None:
    page = shipped / "content" / "fr" / "cnd.md"
    lines = page.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("La CND est"))
    lines[number] = lines[number] + " : voir"
    page.write_text("\n".join(lines), "utf-8")
    assert run(shipped, "import", "fr", "--overwrite")[0] == 0
    typography = [f for f in json_findings(shipped) if f["rule"] == "typography"]
    assert len(typography) == 1, typography
    assert typography[0]["path"] == "content/fr/cnd.md"
    related = typography[0]["related"]
    assert isinstance(related, list) and related[0]["path"] == "locale/fr/LC_MESSAGES/cnd.po"
    text = run(shipped, "check")[1]
    assert "locale/fr/LC_MESSAGES/cnd.po:" in text  # the other place is shown


def test_a_page_left_in_the_source_language_gives_one_finding_per_passage(shipped: Path) -> None:
    shutil.copy(shipped / "content" / "en" / "cnd.md", shipped / "content" / "fr" / "cnd.md")
    found = [f for f in json_findings(shipped) if f["path"] == "content/fr/cnd.md"]
    lines = [f["line"] for f in found]
    assert len(lines) == len(set(lines)), found
    assert any(f["rule"] == "language-mismatch" for f in found)


def test_a_new_page_is_one_missing_page_finding(shipped: Path) -> None:
    (shipped / "content" / "en" / "newbody.md").write_text(
        '---\ntitle: "A new page"\n---\n\n# New body\n\n'
        "The new body meets every year in Vienna to discuss drug policy.\n\n"
        "- one item of the list\n- another item of the list\n",
        "utf-8",
    )
    assert run(shipped, "extract")[0] == 0
    assert run(shipped, "update")[0] == 0
    found = json_findings(shipped)
    assert [f["rule"] for f in found if "newbody" in str(f["path"])] == ["missing-page"]
    assert not [f for f in found if f["rule"] == "untranslated"]
    missing = next(f for f in found if f["rule"] == "missing-page")
    assert missing["related"][0]["path"] == "locale/fr/LC_MESSAGES/newbody.po"  # type: ignore[index]
    # Asked about the catalogue alone, the finding still shows.
    only = json_findings(shipped, str(shipped / "locale/fr/LC_MESSAGES/newbody.po"))
    assert [f["rule"] for f in only] == ["missing-page"]


def test_the_shipped_site_still_reports_exactly_the_incb_fault(shipped: Path) -> None:
    status, out, _ = run(shipped, "check")
    assert status == 1
    assert out.endswith("1 error, 0 warnings, 0 info (language-mismatch: 1)\n")
    assert out.count("content/en/incb.md:10") == 1
