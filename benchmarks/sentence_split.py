"""Which sentence segmenter: candidates measured on the task the check gives them.

Run: ``.venv/bin/python benchmarks/sentence_split.py [--per-language N] [--lingua]``

Real passages of 13 languages (:mod:`language_corpora`) get one sentence of another
language inserted at a sentence boundary (the start, after a full stop followed by a capital
or after a Japanese/Chinese full stop, or the end), as ``language_quality.py`` plants them.
A segmenter *isolates* the plant when one of its sentences is exactly the inserted sentence
(spaces aside): only then can the sentence be judged on its own. Candidates not installed
are skipped with a note: sentencex (the one the check uses), pysbd, blingfire and ICU's
sentence BreakIterator through PyICU (``pip install pysbd blingfire PyICU``; PyICU builds
against the system's libicu). ``--lingua`` also measures lingua's mixed-language detection
(``detect_multiple_languages_of``): how often it names the inserted sentence's language over
at least 80 % of it.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import language_corpora as corpora  # noqa: E402

LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "ja", "zh", "ko", "ru", "tr", "vi", "hi")
_BOUNDARY = re.compile(r"(?<=[^\W\d_]{3}[.!?])\s+(?=[^\W\d_a-z])|(?<=[。！？])")
_ENDS = re.compile(r"[.!?。！？]\s*$")

Splitter = Callable[[str, str], list[str]]


def _cases(per_language: int) -> list[tuple[str, str, str, str]]:
    """(host language, inserted language, planted text, inserted sentence)."""
    grouped = corpora.by_language(corpora.all_passages())
    sentences = {lang: corpora.plain_sentences(grouped.get(lang, [])) for lang in LANGUAGES}
    rng = random.Random(1)
    cases = []
    for host in LANGUAGES:
        hosts = [p.text for p in grouped.get(host, []) if len(p.text) >= 60]
        others = [lang for lang in LANGUAGES if lang != host and sentences[lang]]
        for index, text in enumerate(corpora.sample(hosts, per_language, "h" + host)):
            other = others[index % len(others)]
            sentence = rng.choice(sentences[other])
            cuts = [m.end() for m in _BOUNDARY.finditer(text)]
            if _ENDS.search(text):
                cuts.append(len(text))
            cut = rng.choice([0, *cuts])
            before, after = text[:cut].rstrip(), text[cut:].lstrip()

            def sep(a: str, b: str) -> str:
                if not a or not b:
                    return ""
                return "" if a[-1] in "。！？" and not b[0].isascii() else " "

            planted = before + sep(before, sentence) + sentence + sep(sentence, after) + after
            cases.append((host, other, planted, sentence))
    return cases


def _splitters() -> dict[str, Splitter | str]:
    found: dict[str, Splitter | str] = {}
    if importlib.util.find_spec("sentencex"):
        from sentencex import segment

        found["sentencex"] = lambda text, lang: list(segment(lang, text))
    else:
        found["sentencex"] = "not installed"
    if importlib.util.find_spec("pysbd"):
        import pysbd

        segmenters: dict[str, object] = {}

        def pysbd_split(text: str, lang: str) -> list[str]:
            code = lang if lang in pysbd.languages.LANGUAGE_CODES else "en"
            if code not in segmenters:
                segmenters[code] = pysbd.Segmenter(language=code, clean=False)
            return list(segmenters[code].segment(text))  # type: ignore[attr-defined]

        found["pysbd"] = pysbd_split
    else:
        found["pysbd"] = "not installed"
    if importlib.util.find_spec("blingfire"):
        import blingfire

        found["blingfire"] = lambda text, lang: blingfire.text_to_sentences(text).split("\n")
    else:
        found["blingfire"] = "not installed"
    if importlib.util.find_spec("icu"):
        import icu

        def icu_split(text: str, lang: str) -> list[str]:
            iterator = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
            iterator.setText(text)
            out, start = [], iterator.first()
            for end in iterator:
                out.append(text[start:end])
                start = end
            return out

        found["ICU (PyICU)"] = icu_split
    else:
        found["ICU (PyICU)"] = "not installed"
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-language", type=int, default=150)
    parser.add_argument("--lingua", action="store_true", help="also measure lingua's mixed mode")
    args = parser.parse_args(argv)
    cases = _cases(args.per_language)
    print(f"{len(cases)} planted passages, {len(LANGUAGES)} host languages\n")
    print("| segmenter | isolated % | texts/s | " + " | ".join(LANGUAGES) + " |")
    print("|" + " --- |" * (3 + len(LANGUAGES)))
    for name, split in _splitters().items():
        if isinstance(split, str):
            print(f"| {name} | {split} |")
            continue
        hits: dict[str, int] = dict.fromkeys(LANGUAGES, 0)
        totals: dict[str, int] = dict.fromkeys(LANGUAGES, 0)
        start = time.perf_counter()
        for host, _other, text, sentence in cases:
            parts = [p.strip() for p in split(text, host)]
            hits[host] += sentence.strip() in parts
            totals[host] += 1
        rate = len(cases) / (time.perf_counter() - start)
        share = 100.0 * sum(hits.values()) / len(cases)
        cells = " | ".join(f"{100.0 * hits[h] / totals[h]:.0f}" for h in LANGUAGES)
        print(f"| {name} | {share:.1f} | {rate:,.0f} | {cells} |")
    if args.lingua:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        chosen = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
        detector = LanguageDetectorBuilder.from_languages(*chosen).build()
        sub = cases[::5]
        hit = 0
        start = time.perf_counter()
        for _host, other, text, sentence in sub:
            begin = text.find(sentence)
            end = begin + len(sentence)
            for part in detector.detect_multiple_languages_of(text):
                overlap = min(end, part.end_index) - max(begin, part.start_index)
                if part.language.iso_code_639_1.name.lower() == other and (
                    overlap >= 0.8 * len(sentence)
                ):
                    hit += 1
                    break
        rate = len(sub) / (time.perf_counter() - start)
        print(
            f"\nlingua detect_multiple_languages_of: the inserted sentence's language over 80 % "
            f"of it in {100.0 * hit / len(sub):.1f} % of {len(sub)} passages, {rate:,.0f} texts/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
