"""``language-mismatch`` measured on real data, per language and severity.

Run: ``.venv/bin/python benchmarks/language_quality.py [--only glossary,pydocs,planted]
[--per-language N] [--json OUT] [--show]``

Three measurements, each printed as a table:

* **glossary**: the CNCF glossary (``../shared/data/real/cncf-glossary``, 16 languages) is
  copied to a temporary folder and checked with ``pipeline check --format json`` (in this
  process, through :func:`pipeline.cli.main`). Each of its ``labels.jsonl`` lines was read
  by a person: a ``fault…`` label is *found* when a ``language-mismatch`` finding is on its
  line; a ``clean`` label is *flagged* when one is. Findings on lines the labels do not
  name were read for this benchmark and judged in ``benchmarks/data/glossary-reviewed.jsonl``
  (same format); a finding on a line neither file names is counted as *unread* (and as not
  real in the precision). The copy is checked as it is (``--regions as-is``, the
  default); ``--regions rename`` renames the region-coded folders (``pt-br``, ``zh-cn``,
  ``zh-tw``) ``pt_BR``, ``zh_CN``, ``zh_TW`` and lists the languages in ``pipeline.toml``,
  as a version that does not read region-coded folders needs (paths are mapped back).
* **pydocs**: the 481 catalogues of the French Python docs
  (``../shared/data/real/python-docs-fr``), checked the same way: language findings per
  severity, and whether ``library/lzma.po:154`` (English left in a msgstr) is found.
* **planted**: real passages of ten languages (:mod:`language_corpora`: glossary pages with
  their aligned English source, Python-docs msgstrs with their msgid, ``docs-fr-pairs``,
  the PO files Django and Sphinx ship) get one sentence of 40 characters or more of another
  of the ten languages inserted at a sentence boundary (start, middle or end); each planted
  passage and the same passage untouched are judged exactly as a page unit or a msgstr is
  in a check (:mod:`pipeline.checks.language_unit`, candidates: the ten languages). A plant
  is *found* when a finding covers the inserted sentence (or the whole passage is flagged in
  the inserted language); an untouched passage is *flagged* when it gets any finding.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

import language_corpora as corpora  # noqa: E402

from pipeline.checks.detector import BatchJudge, JudgeSpec  # noqa: E402
from pipeline.checks.language_unit import Found, Unit, judge_unit, plan  # noqa: E402
from pipeline.cli import main as pipeline_main  # noqa: E402

REVIEWED = HERE / "data" / "glossary-reviewed.jsonl"
PLANT_LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "ja", "zh", "ko", "ru")
REGIONS = {"pt-br": "pt_BR", "zh-cn": "zh_CN", "zh-tw": "zh_TW"}
TARGETS = {
    "glossary_found_pct": 95.0,
    "glossary_clean_flagged_pct": 5.0,
    "glossary_error_precision_pct": 90.0,
    "pydocs_errors": 5,
    "planted_found_pct": 95.0,
    "untouched_flagged_pct": 0.5,
}


def _check_json(site: Path) -> list[dict[str, Any]]:
    """``pipeline check --format json`` of ``site`` (no cache), its findings."""
    out = site / "report.json"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = pipeline_main(
            ["-C", str(site), "-q", "check", "--no-cache", "--format", "json", "--output", str(out)]
        )
    if status not in (0, 1):
        raise SystemExit(f"pipeline check failed on {site} (status {status})")
    findings: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return findings


def _language(path: str) -> str:
    return path.split("/")[1] if path.startswith("content/") else "?"


def glossary(regions: str) -> dict[str, Any]:
    """The labelled glossary, checked: found, flagged and precision per language."""
    source = corpora.GLOSSARY
    if not (source / "labels.jsonl").is_file():
        return {"skipped": f"{source} not found"}
    labels = [json.loads(line) for line in (source / "labels.jsonl").open(encoding="utf-8")]
    reviewed = (
        [json.loads(line) for line in REVIEWED.open(encoding="utf-8")] if REVIEWED.is_file() else []
    )
    verdicts = {(r["path"], int(r["line"])): r["verdict"] for r in [*reviewed, *labels]}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(source / "content", site / "content")
        back: dict[str, str] = {}
        if regions == "rename":
            folders = sorted(p.name for p in (site / "content").iterdir() if p.is_dir())
            for folder, code in REGIONS.items():
                if (site / "content" / folder).is_dir():
                    (site / "content" / folder).rename(site / "content" / code)
                    back[f"content/{code}/"] = f"content/{folder}/"
            names = [REGIONS.get(f, f) for f in folders if f != "en"]
            (site / "pipeline.toml").write_text(
                "languages = [" + ", ".join(f'"{n}"' for n in names) + "]\n", encoding="utf-8"
            )
        start = time.perf_counter()
        findings = _check_json(site)
        seconds = time.perf_counter() - start
    mine = []
    for finding in findings:
        if finding["rule"] != "language-mismatch":
            continue
        path = finding["path"]
        for new, old in back.items():
            path = path.replace(new, old)
        mine.append({**finding, "path": path})
    at: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for finding in mine:
        at[(finding["path"], finding["line"])].append(finding)
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    missed: list[dict[str, Any]] = []
    flagged: list[dict[str, Any]] = []
    for label in labels:
        lang = _language(label["path"])
        hit = at.get((label["path"], int(label["line"])), [])
        if label["verdict"].startswith("fault"):
            rows[lang]["faults"] += 1
            rows[lang]["found"] += bool(hit)
            if not hit:
                missed.append(label)
        elif label["verdict"] == "clean":
            rows[lang]["clean"] += 1
            rows[lang]["clean flagged"] += bool(hit)
            if hit:
                flagged.append({**label, "severity": [f["severity"] for f in hit]})
            rows[lang]["clean at error"] += any(f["severity"] == "error" for f in hit)
    unread: list[dict[str, Any]] = []
    for finding in mine:
        lang = _language(finding["path"])
        severity = finding["severity"]
        rows[lang][severity] += 1
        verdict = verdicts.get((finding["path"], finding["line"]))
        if verdict is None:
            unread.append(finding)
            rows[lang][f"{severity} unread"] += 1
        elif verdict.startswith("fault"):
            rows[lang][f"{severity} real"] += 1
    total: Counter[str] = Counter()
    for row in rows.values():
        total.update(row)
    return {
        "rows": {k: dict(v) for k, v in sorted(rows.items())},
        "total": dict(total),
        "missed": missed,
        "flagged": flagged,
        "unread": unread,
        "findings": mine,
        "seconds": seconds,
        "regions": regions,
    }


def pydocs() -> dict[str, Any]:
    """The French Python docs, checked: language findings per severity, lzma.po:154."""
    folder = corpora.PYDOCS / "locale"
    if not folder.is_dir():
        return {"skipped": f"{folder} not found"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(folder, site / "locale")
        (site / "pipeline.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
        start = time.perf_counter()
        findings = _check_json(site)
        seconds = time.perf_counter() - start
    mine = [f for f in findings if f["rule"] == "language-mismatch"]
    return {
        "severities": dict(Counter(f["severity"] for f in mine)),
        "lzma_154": any(f["path"].endswith("/library/lzma.po") and f["line"] == 154 for f in mine),
        "findings": mine,
        "catalogues": sum(1 for _ in folder.rglob("*.po")),
        "seconds": seconds,
    }


_BOUNDARY = re.compile(r"(?<=[^\W\d_]{3}[.!?])\s+(?=[^\W\d_a-z])|(?<=[。！？])")
_ENDS = re.compile(r"[.!?。！？]\s*$")


def _joined(before: str, sentence: str, after: str) -> tuple[str, int]:
    """``before + sentence + after`` with the spaces a writer would put; the offset of the
    sentence."""

    def sep(a: str, b: str) -> str:
        if not a or not b:
            return ""
        return "" if a[-1] in "。！？" and not b[0].isascii() else " "

    head = before + sep(before, sentence)
    return head + sentence + sep(sentence, after) + after, len(head)


def _hosts(passages: list[corpora.Passage], count: int, seed: str) -> list[corpora.Passage]:
    """Up to ``count`` passages of 60 characters or more, drawn across their corpora."""
    pools: dict[str, list[corpora.Passage]] = defaultdict(list)
    for passage in passages:
        if len(passage.text) >= 60 and "\n" not in passage.text:
            pools[passage.origin.split(":")[0]].append(passage)
    rng = random.Random(seed)
    for pool in pools.values():
        rng.shuffle(pool)
    out: list[corpora.Passage] = []
    names = sorted(pools)
    while len(out) < count and any(pools.values()):
        for name in names:
            if pools[name] and len(out) < count:
                out.append(pools[name].pop())
    return out


def _judged(units: list[Unit], languages: Sequence[str]) -> list[list[Found]]:
    """Every unit judged as a check judges it (one batch judge over ``languages``)."""
    spec = JudgeSpec(tuple(sorted(languages)), ())
    judge = BatchJudge(spec)
    plans = [plan(u) for u in units]
    judge.prefetch(sorted({q for p in plans for q in p.queries}))
    return [list(judge_unit(p, judge)) for p in plans]


def planted(per_language: int) -> dict[str, Any]:
    """Planted-sentence recall and untouched false flags, per host language."""
    grouped = corpora.by_language(corpora.all_passages())
    missing = [lang for lang in PLANT_LANGUAGES if lang not in grouped]
    sentences = {lang: corpora.plain_sentences(grouped.get(lang, [])) for lang in PLANT_LANGUAGES}
    rng = random.Random(12)
    cases: list[tuple[str, str, corpora.Passage, str, int]] = []
    untouched: list[Unit] = []
    planted_units: list[Unit] = []
    for host in PLANT_LANGUAGES:
        others = [lang for lang in PLANT_LANGUAGES if lang != host and sentences[lang]]
        for index, passage in enumerate(_hosts(grouped.get(host, []), per_language, host)):
            other = others[index % len(others)]
            sentence = rng.choice(sentences[other])
            cuts = [m.end() for m in _BOUNDARY.finditer(passage.text)]
            if _ENDS.search(passage.text):
                cuts.append(len(passage.text))
            cut = rng.choice([0, *cuts])
            text, offset = _joined(
                passage.text[:cut].rstrip(), sentence, passage.text[cut:].lstrip()
            )
            source_language = "en" if passage.source is not None else None
            planted_units.append(Unit(text, host, passage.source, source_language))
            untouched.append(Unit(passage.text, host, passage.source, source_language))
            cases.append((host, other, passage, sentence, offset))
    start = time.perf_counter()
    results = _judged(planted_units + untouched, PLANT_LANGUAGES)
    seconds = time.perf_counter() - start
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    flags: list[dict[str, Any]] = []
    for index, ((host, other, passage, sentence, offset), found) in enumerate(
        zip(cases, results[: len(cases)], strict=True)
    ):
        end = offset + len(sentence)
        hit = [
            f
            for f in found
            if (f.offset is not None and offset <= f.offset < end)
            or (f.offset is None and f.verdict.detected == other)
        ]
        row = rows[host]
        row["planted"] += 1
        row["found"] += bool(hit)
        row["found at error"] += any(f.verdict.severity.value == "error" for f in hit)
        rows[f"inserted {other}"]["planted"] += 1
        rows[f"inserted {other}"]["found"] += bool(hit)
        if not hit:
            misses.append(
                {
                    "host": host,
                    "inserted": other,
                    "sentence": sentence,
                    "origin": passage.origin,
                    "text": planted_units[index].text,
                    "found": [(f.offset, f.verdict.detected, f.excerpt[:80]) for f in found],
                }
            )
    for (host, _, passage, _, _), found in zip(cases, results[len(cases) :], strict=True):
        rows[host]["untouched"] += 1
        rows[host]["untouched flagged"] += bool(found)
        rows[host]["untouched at error"] += any(f.verdict.severity.value == "error" for f in found)
        for f in found:
            flags.append(
                {
                    "host": host,
                    "origin": passage.origin,
                    "severity": f.verdict.severity.value,
                    "detected": f.verdict.detected,
                    "excerpt": f.excerpt[:200],
                }
            )
    total: Counter[str] = Counter()
    for name, row in rows.items():
        if not name.startswith("inserted"):
            total.update(row)
    return {
        "rows": {k: dict(v) for k, v in rows.items()},
        "total": dict(total),
        "misses": misses,
        "flags": flags,
        "missing_languages": missing,
        "seconds": seconds,
    }


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}" if whole else "-"


def _glossary_table(result: dict[str, Any]) -> str:
    head = (
        "| language | fault labels | found | clean labels | flagged | at error "
        "| error | error real | warning | warning real | info | info real | unread |"
    )
    lines = [head, "|" + " --- |" * 13]
    for lang, row in [*result["rows"].items(), ("all", result["total"])]:
        unread = sum(row.get(f"{s} unread", 0) for s in ("error", "warning", "info"))
        lines.append(
            f"| {lang} | {row.get('faults', 0)} | {row.get('found', 0)} | {row.get('clean', 0)} "
            f"| {row.get('clean flagged', 0)} | {row.get('clean at error', 0)} "
            f"| {row.get('error', 0)} | {row.get('error real', 0)} "
            f"| {row.get('warning', 0)} | {row.get('warning real', 0)} "
            f"| {row.get('info', 0)} | {row.get('info real', 0)} | {unread} |"
        )
    return "\n".join(lines)


def _planted_table(result: dict[str, Any]) -> str:
    lines = [
        "| host language | planted | found % | found at error % | untouched | flagged % "
        "| at error % |",
        "|" + " --- |" * 7,
    ]
    rows = result["rows"]
    for lang in [*PLANT_LANGUAGES, "all"]:
        row = result["total"] if lang == "all" else rows.get(lang)
        if not row:
            continue
        lines.append(
            f"| {lang} | {row['planted']} | {_pct(row['found'], row['planted'])} "
            f"| {_pct(row['found at error'], row['planted'])} | {row['untouched']} "
            f"| {_pct(row['untouched flagged'], row['untouched'])} "
            f"| {_pct(row['untouched at error'], row['untouched'])} |"
        )
    inserted = [
        f"{name.split()[1]} {_pct(row['found'], row['planted'])} %"
        for name, row in sorted(rows.items())
        if name.startswith("inserted")
    ]
    lines.append("")
    lines.append("found, by inserted language: " + ", ".join(inserted))
    return "\n".join(lines)


def _verdicts(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if "glossary" in result and "total" in result["glossary"]:
        total = result["glossary"]["total"]
        found = _pct(total.get("found", 0), total.get("faults", 0))
        flagged = _pct(total.get("clean flagged", 0), total.get("clean", 0))
        errors = total.get("error", 0)
        precision = _pct(total.get("error real", 0), errors)
        out.append(
            f"glossary: {total.get('found', 0)}/{total.get('faults', 0)} fault labels found "
            f"({found} %, target >= 95); {total.get('clean flagged', 0)}/"
            f"{total.get('clean', 0)} clean labels flagged ({flagged} %, target <= 5), "
            f"{total.get('clean at error', 0)} at error (target 0); error-level precision "
            f"{total.get('error real', 0)}/{errors} = {precision} % (target >= 90; "
            f"{total.get('error unread', 0)} error findings unread)"
        )
    if "pydocs" in result and "severities" in result["pydocs"]:
        py = result["pydocs"]
        out.append(
            f"pydocs: {py['catalogues']} catalogues, language-mismatch {py['severities']} "
            f"(errors target <= 5); library/lzma.po:154 "
            f"{'found' if py['lzma_154'] else 'MISSED'}"
        )
    if "planted" in result and "total" in result["planted"]:
        total = result["planted"]["total"]
        out.append(
            f"planted: {total['found']}/{total['planted']} found "
            f"({_pct(total['found'], total['planted'])} %, target >= 95); untouched "
            f"{total['untouched flagged']}/{total['untouched']} flagged "
            f"({_pct(total['untouched flagged'], total['untouched'])} %, target <= 0.5)"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="glossary,pydocs,planted", help="measurements to run")
    parser.add_argument("--per-language", type=int, default=200, help="planted hosts per language")
    parser.add_argument(
        "--regions",
        choices=("rename", "as-is"),
        default="as-is",
        help="rename the glossary's region-coded folders (pt-br, ...) in the copy",
    )
    parser.add_argument("--show", action="store_true", help="print every finding to read")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    result: dict[str, Any] = {}
    if "glossary" in wanted:
        result["glossary"] = glossary(args.regions)
        if "rows" in result["glossary"]:
            print(f"## CNCF glossary (regions: {args.regions})\n")
            print(_glossary_table(result["glossary"]))
            print()
            for label in result["glossary"]["missed"]:
                print(f"missed: {label['path']}:{label['line']}: {label['text'][:80]}")
            for label in result["glossary"]["flagged"]:
                print(
                    f"clean flagged: {label['path']}:{label['line']}: {label['severity']} "
                    f"{label['text'][:80]}"
                )
            for finding in result["glossary"]["unread"]:
                print(
                    f"unread: {finding['severity']} {finding['path']}:{finding['line']}: "
                    f"{(finding.get('translation') or '')[:80]}"
                )
            print()
    if "pydocs" in wanted:
        result["pydocs"] = pydocs()
        if "severities" in result["pydocs"] and args.show:
            for f in result["pydocs"]["findings"]:
                print(f"pydocs: {f['severity']} {f['path']}:{f['line']}: {f['message']}")
    if "planted" in wanted:
        result["planted"] = planted(args.per_language)
        print("## Planted sentences\n")
        print(_planted_table(result["planted"]))
        print()
        if args.show:
            for miss in result["planted"]["misses"]:
                print(f"miss: {miss['host']}<-{miss['inserted']} {miss['sentence'][:100]}")
            for flag in result["planted"]["flags"]:
                print(
                    f"flag: {flag['host']} {flag['severity']} ->{flag['detected']} "
                    f"{flag['origin']}: {flag['excerpt'][:100]}"
                )
    for line in _verdicts(result):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
