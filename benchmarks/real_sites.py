"""The two real corpora of ``../shared/data/real/``, checked as they are, against counts
made independently of pipeline's code.

Run: ``.venv/bin/python benchmarks/real_sites.py [--json OUT]``

- CNCF glossary (Hugo, ``content/<lang>/``, 16 languages, no configuration): per target
  language, the English pages (``*.md``, sub-folders included) without a page of the same
  path in that language, counted by walking the folders here, against ``check``'s
  ``missing-page`` findings; translated pages without an English page of the same path
  against ``orphan-page``; ``update`` then creates ``locale/<gettext name>/`` with
  ``Language:`` headers that ``msgfmt --check`` accepts.
- French Python documentation (481 catalogues under ``locale/fr/LC_MESSAGES/``, no pages,
  no configuration): ``untranslated`` findings per catalogue against
  ``msgfmt --statistics``.

Both run on copies in a temporary folder; nothing under ``../shared`` is written.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"
CNCF = REAL / "cncf-glossary" / "content"
PYDOCS = REAL / "python-docs-fr" / "locale"
sys.path.insert(0, str(ROOT / "src"))

ISSUE_MISSING = {
    "fr": 20,
    "es": 10,
    "it": 27,
    "de": 74,
    "ja": 16,
    "zh-cn": 20,
    "bn": 8,
    "ko": 70,
    "pt-br": 32,
    "ru": 45,
    "tr": 37,
    "ur": 79,
    "vi": 58,
    "zh-tw": 50,
    "hi": 37,
}
"""The missing pages per language the issue states."""


def independent_cncf(content: Path) -> dict[str, Any]:
    """Missing and orphan pages counted by walking the folders (no pipeline code)."""

    def files(lang: str, pattern: str) -> set[str]:
        folder = content / lang
        return {p.relative_to(folder).as_posix() for p in folder.rglob(pattern) if p.is_file()}

    english = files("en", "*.md")
    langs = sorted(p.name for p in content.iterdir() if p.is_dir() and p.name != "en")
    return {
        "languages": langs,
        "missing": {lang: len(english - files(lang, "*.md")) for lang in langs},
        "orphans": sorted(
            f"content/{lang}/{name}" for lang in langs for name in files(lang, "*.md") - english
        ),
        "unmatched_files": sorted(
            f"content/{lang}/{name}" for lang in langs for name in files(lang, "*") - english
        ),
    }


def _main(argv: list[str]) -> tuple[int, str, str]:
    from pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def check_json(root: Path) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    status, out, err = _main(["-C", str(root), "check", "--format", "json", "--fail-on", "never"])
    if status != 0:
        raise SystemExit(f"check failed ({status}): {err}")
    return json.loads(out)["findings"], time.perf_counter() - started


def measure_cncf(work: Path) -> dict[str, Any]:
    root = work / "cncf"
    shutil.copytree(CNCF, root / "content")
    expected = independent_cncf(root / "content")
    findings, seconds = check_json(root)
    missing = Counter(f["expected"] for f in findings if f["rule"] == "missing-page")
    orphans = sorted(f["path"] for f in findings if f["rule"] == "orphan-page")
    checked = Counter(f["path"].split("/")[1] for f in findings if f["rule"] != "missing-page")
    assert _main(["-C", str(root), "-q", "extract"])[0] == 0
    assert _main(["-C", str(root), "-q", "update"])[0] == 0
    created = {}
    for folder in sorted((root / "locale").iterdir()):
        if not (folder / "LC_MESSAGES").is_dir():
            continue  # a template folder (locale/contribute/_index.pot), not a language
        pos = sorted((folder / "LC_MESSAGES").rglob("*.po"))
        headers = {re.search(r'"Language: ([^\\"]*)', p.read_text("utf-8")).group(1) for p in pos}  # type: ignore[union-attr]
        accepted = all(
            subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(p)]).returncode == 0
            for p in pos
        )
        created[folder.name] = {
            "catalogues": len(pos),
            "Language": sorted(headers),
            "msgfmt --check": accepted,
        }
    heading_ids = [f for f in findings if "{#" in json.dumps(f, ensure_ascii=False)]
    return {
        "seconds": round(seconds, 1),
        "findings": len(findings),
        "by_rule": dict(sorted(Counter(f["rule"] for f in findings).items())),
        "languages_with_findings": sorted(checked),
        "missing_pages": {lang: missing.get(lang, 0) for lang in expected["languages"]},
        "missing_pages_independent": expected["missing"],
        "missing_pages_issue": ISSUE_MISSING,
        "orphan_pages": len(orphans),
        "orphan_pages_independent": len(expected["orphans"]),
        "orphans_equal": orphans == expected["orphans"],
        "translated_files_without_english_file": len(expected["unmatched_files"]),
        "not_pages": sorted(set(expected["unmatched_files"]) - set(expected["orphans"])),
        "created_locale_folders": created,
        "findings_on_heading_ids": len(heading_ids),
    }


def msgfmt_untranslated(po: Path) -> int:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    found = re.search(r"(\d+) untranslated", result.stderr)
    return int(found.group(1)) if found else 0


def measure_pydocs(work: Path) -> dict[str, Any]:
    root = work / "pydocs"
    shutil.copytree(PYDOCS, root / "locale")
    findings, seconds = check_json(root)
    ours = Counter(f["path"] for f in findings if f["rule"] == "untranslated")
    pos = sorted((root / "locale").rglob("*.po"))
    theirs = {p.relative_to(root).as_posix(): msgfmt_untranslated(p) for p in pos}
    differ = [path for path, n in theirs.items() if ours.get(path, 0) != n]
    return {
        "seconds": round(seconds, 1),
        "catalogues": len(pos),
        "catalogues_with_findings": len({f["path"] for f in findings}),
        "by_rule": dict(sorted(Counter(f["rule"] for f in findings).items())),
        "untranslated": sum(ours.values()),
        "untranslated_msgfmt": sum(theirs.values()),
        "catalogues_that_differ": differ,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"no corpora at {REAL}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        figures = {
            "cncf-glossary": measure_cncf(Path(folder)),
            "python-docs-fr": measure_pydocs(Path(folder)),
        }
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
