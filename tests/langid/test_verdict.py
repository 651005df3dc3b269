"""Tests for pipeline.langid.verdict (and the backends behind it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.langid.combined import CombinedDetector
from pipeline.langid.langdetect_backend import LangdetectDetector
from pipeline.langid.scripts import writable
from pipeline.langid.verdict import (
    Verdict,
    below_latin_limit,
    default_detector,
    judge,
    judge_many,
    writable_in,
)
from pipeline.model import Severity

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "docs-fr-pairs.jsonl"
SITE = ["en", "fr"]

INCB_FR = (
    "L'OICS est l'organe d'experts indépendant et quasi-judiciaire chargé de surveiller la "
    "mise en œuvre des traités des Nations Unies sur le contrôle des drogues. L'IDPC vise à "
    "accroître la transparence des travaux de l'OICS et encourage le Conseil à adopter une "
    "approche de politiques en matière de drogues fondée sur la santé et les droits."
)
INCB_EN = (
    "The International Narcotics Control Board is the independent and quasi-judicial expert "
    "body that monitors the implementation of the United Nations drug control conventions."
)
SPANISH = (
    "La Junta Internacional de Fiscalización de Estupefacientes es un órgano independiente "
    "encargado de vigilar la aplicación de los tratados de las Naciones Unidas."
)
GERMAN = (
    "Der Internationale Suchtstoffkontrollrat ist ein unabhängiges Gremium, das die "
    "Umsetzung der Drogenkontrollverträge der Vereinten Nationen überwacht."
)


def test_real_fault_french_on_english_page_is_an_error() -> None:
    verdict = judge(INCB_FR, "en", SITE)
    assert verdict is not None
    assert verdict.wrong
    assert verdict.detected == "fr"
    assert verdict.severity is Severity.ERROR
    assert verdict.confidence >= 0.9


def test_french_on_french_page_is_fine() -> None:
    verdict = judge(INCB_FR, "fr", SITE)
    assert verdict is not None
    assert not verdict.wrong
    assert verdict.detected == "fr"


def test_english_on_english_page_is_fine() -> None:
    verdict = judge(INCB_EN, "en", SITE)
    assert verdict is not None
    assert not verdict.wrong


def test_english_on_french_page_is_caught() -> None:
    verdict = judge(INCB_EN, "fr", SITE)
    assert verdict is not None and verdict.wrong and verdict.detected == "en"


@pytest.mark.parametrize(("text", "language"), [(SPANISH, "es"), (GERMAN, "de")])
@pytest.mark.parametrize("expected", ["en", "fr"])
def test_other_languages_are_caught(text: str, language: str, expected: str) -> None:
    verdict = judge(text, expected, SITE)
    assert verdict is not None
    assert verdict.wrong
    assert verdict.detected == language


def test_other_language_caught_with_a_single_site_language() -> None:
    verdict = judge(INCB_FR, "en", ["en"])
    assert verdict is not None and verdict.wrong and verdict.detected == "fr"


@pytest.mark.parametrize("text", ["OK", "Table 1", "Python 3.11", "Source code", "Examples", ""])
@pytest.mark.parametrize("expected", ["en", "fr"])
def test_short_ambiguous_strings_are_not_flagged(text: str, expected: str) -> None:
    verdict = judge(text, expected, SITE)
    assert verdict is None or not verdict.wrong


def test_code_and_markup_do_not_count() -> None:
    text = (
        "Utilisez :func:`open` avec ``encoding='utf-8'`` et :keyword:`with` pour lire le fichier."
    )
    verdict = judge(text, "fr", SITE)
    assert verdict is not None and not verdict.wrong


def test_ignore_terms_remove_names() -> None:
    text = "Monty Python's Flying Circus"
    assert judge(text, "fr", SITE) is not None
    left = judge(text, "fr", SITE, ignore_terms=["Monty Python", "Flying Circus"])
    # Only "'s" is left: one letter, not enough to flag.
    assert left is not None and left.chars == 1 and not left.wrong
    assert judge("Monty Python", "fr", SITE, ignore_terms=["Monty Python"]) is None


def test_nothing_left_gets_no_verdict() -> None:
    assert judge("``PySymtable_Free()``", "en", SITE) is None
    assert judge(":func:`open`", "fr", SITE) is None


def test_french_typography_alone_is_caught() -> None:
    # Only code and a no-break space before ";": French typesetting on an English page.
    text = "``PySymtable_Free()``\u00a0;"
    caught = judge(text, "en", SITE)
    assert caught is not None and caught.wrong and caught.detected == "fr"
    assert caught.severity is Severity.INFO
    fine = judge(text, "fr", SITE)
    assert fine is not None and not fine.wrong


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("See also :meth:`now`, :meth:`fromtimestamp`.", "en"),
        ("Options de performance", "fr"),
        ("Merci à Matthew Dixon Cowles pour l'inspiration originale et les exemples.", "fr"),
        ("If this raises an exception, the exception bubbles up.", "en"),
    ],
)
def test_short_texts_are_caught(text: str, language: str) -> None:
    other = "fr" if language == "en" else "en"
    caught = judge(text, other, SITE)
    assert caught is not None and caught.wrong and caught.detected == language
    fine = judge(text, language, SITE)
    assert fine is not None and not fine.wrong


def test_single_backend_without_cues() -> None:
    detector = CombinedDetector(py3langid=None, use_cues=False)
    caught = judge(INCB_FR, "en", SITE, detector)
    assert caught is not None and caught.wrong and caught.severity is Severity.ERROR
    # No cue evidence: the lone no-break space no longer counts.
    assert judge("``PySymtable_Free()``\u00a0;", "en", SITE, detector) is None


def test_deterministic_within_a_process() -> None:
    texts = [INCB_FR, INCB_EN, SPANISH, "Source code:", "Exemple de code ::"]
    first = judge_many(texts, "en", SITE)
    # A different call order must not change any answer (langdetect is seeded per call).
    judge("Ceci est une autre phrase en français pour changer l'état.", "fr", SITE)
    again = [judge(t, "en", SITE) for t in reversed(texts)][::-1]
    assert first == again


def test_deterministic_across_processes() -> None:
    texts = [INCB_FR, SPANISH, "Wrap a object in a object.", "Renvoie la valeur absolue."]
    here = [judge(t, "en", SITE) for t in texts]
    program = (
        "import json, sys\n"
        "from pipeline.langid.verdict import judge\n"
        "from pipeline.langid.langdetect_backend import LangdetectDetector\n"
        "texts = json.loads(sys.stdin.read())\n"
        "out = []\n"
        "for t in texts:\n"
        "    v = judge(t, 'en', ['en', 'fr'])\n"
        "    d = LangdetectDetector().detect(t, 'en', ['en', 'fr'])\n"
        "    out.append([None if v is None else [v.wrong, v.detected, v.confidence],\n"
        "                None if d is None else [d.language, d.confidence]])\n"
        "print(json.dumps(out))\n"
    )
    env_path = str(ROOT / "src")
    result = subprocess.run(
        [sys.executable, "-c", program],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "random"},
    )
    there = json.loads(result.stdout)
    for verdict, detection, (remote_verdict, remote_detection) in zip(
        here, [LangdetectDetector().detect(t, "en", SITE) for t in texts], there, strict=True
    ):
        mine = None if verdict is None else [verdict.wrong, verdict.detected, verdict.confidence]
        assert mine == remote_verdict
        local = None if detection is None else [detection.language, detection.confidence]
        assert local == remote_detection


def test_detection_fields() -> None:
    found = default_detector().detect(INCB_FR, "en", SITE)
    assert found is not None
    assert found.language == "fr"
    assert found.confidence > 0.9
    assert found.expected_confidence < 0.1
    assert found.chars > 200
    assert default_detector().detect("OK", "en", SITE) is None


@pytest.mark.skipif(not DATA.is_file(), reason="shared data absent")
def test_sample_of_shared_data_meets_precision_target() -> None:
    units = []
    with DATA.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 8 == 0:  # every 8th unit: 1,000 units, all lengths
                units.append(json.loads(line))
    flags = {"short": 0, "long": 0}
    sizes = {"short": 0, "long": 0}
    for lang in SITE:
        texts = [u[lang] for u in units]
        for text, verdict in zip(texts, judge_many(texts, lang, SITE), strict=True):
            size = "short" if len(text) < 20 else "long"
            sizes[size] += 1
            flags[size] += verdict is not None and verdict.wrong
    assert flags["short"] <= 0.01 * sizes["short"]
    assert flags["long"] <= 0.005 * sizes["long"]


@pytest.mark.skipif(not DATA.is_file(), reason="shared data absent")
def test_sample_of_shared_data_meets_catch_target() -> None:
    units = []
    with DATA.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 8 == 1:  # every 8th unit, odd lines (held out from tuning)
                units.append(json.loads(line))
    caught = {"20-49": 0, "50+": 0}
    sizes = {"20-49": 0, "50+": 0}
    for lang in SITE:
        other = "fr" if lang == "en" else "en"
        texts = [u[lang] for u in units if len(u[lang]) >= 20]
        for text, verdict in zip(texts, judge_many(texts, other, SITE), strict=True):
            size = "20-49" if len(text) < 50 else "50+"
            sizes[size] += 1
            caught[size] += verdict is not None and verdict.wrong
    # The targets are 90% and 99% on the whole set; a 1/8 sample gets some slack.
    assert caught["20-49"] >= 0.88 * sizes["20-49"]
    assert caught["50+"] >= 0.985 * sizes["50+"]


@pytest.mark.skipif(not DATA.is_file(), reason="shared data absent")
def test_cascade_gives_the_verdicts_of_every_backend_on_every_text() -> None:
    """lingua asked only where it can tip the verdict, the any-language pass only past
    py3langid's gate: the same flags (and, for flags, the same languages and confidences)
    as asking every backend about every text."""
    units = []
    with DATA.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 20 == 3:
                units.append(json.loads(line))
    texts = [u[lang] for u in units for lang in SITE] + [SPANISH, GERMAN, INCB_FR]
    full = CombinedDetector(cascade=False, broad_gate=None)
    for expected in SITE:
        fast = judge_many(texts, expected, SITE)
        slow = judge_many(texts, expected, SITE, detector=full)
        assert [v is not None and v.wrong for v in fast] == [
            v is not None and v.wrong for v in slow
        ]
        flagged = [(f, s) for f, s in zip(fast, slow, strict=True) if f is not None and f.wrong]
        assert flagged and all(f == s for f, s in flagged)


def _flags(verdicts: list[Verdict | None]) -> list[Verdict | None]:
    return [v if v is not None and v.wrong else None for v in verdicts]


FLAG_TEXTS = [
    INCB_FR,
    INCB_EN,
    SPANISH,
    GERMAN,
    "Options de performance",
    "Source code:",
    "Code source :",
    "`Py_Free()`\u00a0;",
    "+ 12 - 34 = ...",
    "",
    "Plus d'espace tampon disponible",
    "Внесите свои правки и создайте запрос.",
    "如果單一節點每秒可以處理請求",
]


@pytest.mark.parametrize("expected", ["en", "fr"])
def test_wrong_only_gives_the_flags_of_judge_many(expected: str) -> None:
    texts = list(FLAG_TEXTS)
    if DATA.is_file():
        with DATA.open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 40 == 7:
                    unit = json.loads(line)
                    texts += [unit["en"], unit["fr"]]
    for site in (SITE, ["en", "fr", "de", "es", "ja", "ru", "zh"]):
        judged = judge_many(texts, expected, site)
        assert judge_many(texts, expected, site, wrong_only=True) == _flags(judged)
        slow = CombinedDetector(cascade=False, broad_gate=None)
        assert judge_many(texts, expected, site, slow, wrong_only=True) == _flags(
            judge_many(texts, expected, site, slow)
        )
    single = LangdetectDetector()
    assert judge_many(texts, expected, SITE, single, wrong_only=True) == _flags(
        judge_many(texts, expected, SITE, single)
    )


def test_wrong_only_leaves_out_what_cannot_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts whose evidence stays below the least a claim needs are not looked at further."""
    from pipeline.langid import verdict

    texts = [INCB_EN, "The drug control treaties are monitored by the Board."]
    assert judge_many(texts, "en", SITE, wrong_only=True) == [None, None]

    def refused(*args: object) -> None:
        raise AssertionError("a claim worked out for a text that cannot be flagged")

    monkeypatch.setattr(verdict, "_best_claim", refused)
    assert judge_many(texts, "en", SITE, wrong_only=True) == [None, None]
    with pytest.raises(AssertionError):
        judge_many(texts, "en", SITE)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=40))
def test_writable_in_is_writable(text: str) -> None:
    latin = below_latin_limit(text)
    assert latin == all(ord(ch) < 0x250 for ch in text)
    for language in ("en", "fr", "ru", "ja", "zh", "ko", "el", "hi", "ar"):
        assert writable_in(text, language, latin) == writable(text, language), language
