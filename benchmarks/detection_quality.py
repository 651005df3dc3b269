"""Quality and speed of the language-mismatch decision, per length bucket and detector.

Run: ``.venv/bin/python benchmarks/detection_quality.py [--limit N] [--half even|odd]
[--only NAME] [--json OUT]``

``--half even`` keeps the even lines (the half the weights and thresholds of
:mod:`pipeline.langid` were tuned on), ``--half odd`` the held-out half.

Reads ``<repo>/../shared/data/docs-fr-pairs.jsonl`` (aligned English/French units of the
Python documentation, reST inline markup). Every unit is judged twice with candidates
``["en", "fr"]`` (and the any-language pass): on a page of its own language (a flag is a
FALSE FLAG) and on a page of the other language (a flag is a CATCH). Units whose text is,
after cleaning, too short to judge count as not flagged: they cost catches, not false flags.
Buckets are by the length of the raw unit in characters.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "docs-fr-pairs.jsonl"
sys.path.insert(0, str(ROOT / "src"))

from pipeline.checks.detector import BatchJudge, JudgeSpec  # noqa: E402
from pipeline.checks.language_unit import Unit, judge_unit, plan  # noqa: E402
from pipeline.langid.combined import CombinedDetector  # noqa: E402
from pipeline.langid.langdetect_backend import LangdetectDetector  # noqa: E402
from pipeline.langid.lingua_backend import LinguaDetector  # noqa: E402
from pipeline.langid.py3langid_backend import Py3langidDetector, packaged_model  # noqa: E402
from pipeline.langid.verdict import judge_many  # noqa: E402

BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("<20", 0, 20),
    ("20-49", 20, 50),
    ("50-149", 50, 150),
    ("150+", 150, 10**9),
)
CANDIDATES = ("en", "fr")
TARGETS = {"<20": (1.0, None), "20-49": (0.5, 90.0), "50-149": (0.5, 99.0), "150+": (0.5, 99.0)}


class UnitCheck:
    """The check's own decision on a unit with no source: the passage and its sentences
    (:mod:`pipeline.checks.language_unit`), over the combined detector."""

    name = "check"

    def flags(self, texts: Sequence[str], expected: str) -> int:
        """How many of ``texts`` get a finding when expected in ``expected``."""
        judge = BatchJudge(JudgeSpec(CANDIDATES, ()))
        plans = [plan(Unit(t, expected)) for t in texts]
        judge.prefetch(sorted({q for p in plans for q in p.queries}))
        return sum(1 for p in plans if any(True for _ in judge_unit(p, judge)))


def configurations() -> dict[str, Any]:
    model = packaged_model()
    found: dict[str, Any] = {"langdetect": LangdetectDetector(), "lingua": LinguaDetector()}
    if model is not None:
        found["py3langid"] = Py3langidDetector(model)
    found["combined"] = CombinedDetector(py3langid=model)
    found["check (default)"] = UnitCheck()
    return found


def load(limit: int | None, half: str | None = None) -> list[tuple[str, str]]:
    """(language, text) for every unit's English and French side (``half``: even or odd
    lines only)."""
    texts: list[tuple[str, str]] = []
    with DATA.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            if half is not None and i % 2 != (0 if half == "even" else 1):
                continue
            unit = json.loads(line)
            texts.append(("en", unit["en"]))
            texts.append(("fr", unit["fr"]))
    return texts


def measure(detector: Any, texts: Sequence[tuple[str, str]]) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    for name, lo, hi in BUCKETS:
        group = [(lang, t) for lang, t in texts if lo <= len(t) < hi]
        false_flags = catches = judged = 0
        elapsed = 0.0
        for lang in CANDIDATES:
            mine = [t for lg, t in group if lg == lang]
            for expected in CANDIDATES:
                start = time.perf_counter()
                if isinstance(detector, UnitCheck):
                    flags = detector.flags(mine, expected)
                else:
                    verdicts = judge_many(mine, expected, CANDIDATES, detector)
                    flags = sum(1 for v in verdicts if v is not None and v.wrong)
                elapsed += time.perf_counter() - start
                judged += len(mine)
                if expected == lang:
                    false_flags += flags
                else:
                    catches += flags
        n = len(group)
        results[name] = {
            "n": n,
            "false_flags_pct": 100.0 * false_flags / n if n else 0.0,
            "catches_pct": 100.0 * catches / n if n else 0.0,
            "units_per_s": judged / elapsed if elapsed else 0.0,
        }
    return results


def table(all_results: dict[str, dict[str, dict[str, float]]]) -> str:
    names = list(all_results)
    head = "| bucket | n | " + " | ".join(
        f"{c}: false flags % | {c}: catches % | {c}: units/s" for c in names
    )
    lines = [head + " |", "|" + " --- |" * (2 + 3 * len(names))]
    for bucket, _, _ in BUCKETS:
        n = int(all_results[names[0]][bucket]["n"])
        cells = [bucket, str(n)]
        for c in names:
            r = all_results[c][bucket]
            cells += [
                f"{r['false_flags_pct']:.2f}",
                f"{r['catches_pct']:.1f}",
                f"{r['units_per_s']:,.0f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="read only the first N units")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument(
        "--half", choices=("even", "odd"), default=None, help="only the even or odd lines"
    )
    parser.add_argument(
        "--only", action="append", default=None, help="run only this configuration (repeatable)"
    )
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return 0
    texts = load(args.limit, args.half)
    found = configurations()
    found["combined"].preload(CANDIDATES)
    all_results: dict[str, dict[str, dict[str, float]]] = {}
    for name, detector in found.items():
        if args.only and name.split()[0] not in args.only:
            continue
        all_results[name] = measure(detector, texts)
    half = f" ({args.half} lines)" if args.half else ""
    print(
        f"{len(texts) // 2} units{half}, {len(texts)} texts, "
        "each judged expected en and expected fr"
    )
    print()
    print(table(all_results))
    print()
    default = all_results.get("check (default)")
    if default:
        for bucket, (ff_max, ca_min) in TARGETS.items():
            r = default[bucket]
            ok = r["false_flags_pct"] <= ff_max and (ca_min is None or r["catches_pct"] >= ca_min)
            goal = f"false flags <= {ff_max}%" + (f", catches >= {ca_min}%" if ca_min else "")
            print(f"default {bucket}: {'meets' if ok else 'MISSES'} target ({goal})")
        judged = 2 * sum(int(r["n"]) for r in default.values())
        seconds = sum(2 * r["n"] / r["units_per_s"] for r in default.values() if r["units_per_s"])
        print(f"default throughput: {judged / seconds:,.0f} texts/s over all buckets")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    if args.json:
        payload = {"units": len(texts) // 2, "results": all_results, "peak_rss_mb": peak}
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
