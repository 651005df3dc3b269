"""Synthetic but realistic Hugo-style sites and catalogues for benchmarks and tests.

Text comes from ``<repo>/../shared/data/docs-fr-pairs.jsonl`` (aligned English/French units
of the Python documentation) when present, else from generated pseudo-sentences. Everything
is deterministic for a seed.

Usage::

    python benchmarks/corpus.py OUT --pages 100 [--seed 0] [--no-catalogs]

API: :func:`generate_site` (pages + catalogues with planted faults), :func:`generate_pages`
and :func:`fill_catalogs` (the same in two steps, so that a benchmark can time ``extract``
and ``update`` in between), :func:`generate_big_page`, :func:`generate_page_set`,
:func:`generate_merge_case`, :func:`generate_catalog_set`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
SHARED_PAIRS = REPO.parent / "shared" / "data" / "docs-fr-pairs.jsonl"

GENERATED_EPOCH = 1764547200
"""2025-12-01 00:00 UTC: the date generated catalogues carry when SOURCE_DATE_EPOCH is unset."""

NNBSP = "\u202f"

# Planted fault kinds -> the rule that must report them.
FAULT_RULES: dict[str, str] = {
    "french-on-english-page": "language-mismatch",
    "english-on-french-page": "language-mismatch",
    "english-in-msgstr": "language-mismatch",
    "german-in-msgstr": "language-mismatch",
    "dropped-link": "markup-mismatch",
    "missing-nbsp": "typography",
    "unchanged-msgstr": "unchanged-translation",
    "missing-page": "missing-page",
    "dropped-block": "structure-mismatch",
    "glossary-term": "glossary",
    "duplicate-entry": "catalog-invalid",
}
"""Every planted fault kind and the rule id that must report it."""

PAGE_FAULTS = (
    "french-on-english-page",
    "english-on-french-page",
    "missing-page",
    "dropped-block",
    "glossary-term",
)
CATALOG_FAULTS = (
    "english-in-msgstr",
    "german-in-msgstr",
    "dropped-link",
    "missing-nbsp",
    "unchanged-msgstr",
    "duplicate-entry",
)

GERMAN = (
    "Die Konfiguration wird beim Start des Programms aus der Datei gelesen und geprüft.",
    "Wenn der Parameter fehlt, verwendet die Funktion den voreingestellten Wert.",
    "Bitte überprüfen Sie die Einstellungen, bevor Sie die Änderungen speichern.",
    "Diese Methode gibt eine Liste aller Elemente zurück, die der Bedingung entsprechen.",
    "Der Server antwortet mit einer Fehlermeldung, wenn die Anfrage ungültig ist.",
    "Weitere Informationen finden Sie in der Dokumentation des jeweiligen Moduls.",
    "Die Daten werden zwischengespeichert, damit der nächste Zugriff schneller ist.",
    "Jeder Benutzer kann seine eigenen Einstellungen in der Oberfläche ändern.",
)
ENGLISH_FILLER = (
    "This paragraph was pasted from the English page and never translated by anyone.",
    "The following section explains how the configuration file is read at start-up.",
    "Please check the settings carefully before you save any of the changes you made.",
    "When the parameter is missing, the function falls back to its default value.",
    "The server answers with an error message whenever the request is not valid.",
    "Further information can be found in the documentation of each of the modules.",
)
GLOSSARY_TERM = ("Widget Board", "Conseil des widgets")
GLOSSARY_EN = "The Widget Board reviews every proposed change before the next release."
GLOSSARY_FR_OK = (
    f"Le {GLOSSARY_TERM[1]} examine chaque modification proposée avant la prochaine version."
)
GLOSSARY_FR_BAD = "Le comité examine chaque modification proposée avant la prochaine version."

_EN_WORDS = [
    "the",
    "system",
    "reads",
    "every",
    "file",
    "and",
    "checks",
    "the",
    "value",
    "before",
    "it",
    "writes",
    "a",
    "new",
    "version",
    "of",
    "the",
    "report",
    "when",
    "a",
    "user",
    "asks",
    "for",
    "it",
    "with",
    "an",
    "option",
    "that",
    "changes",
    "how",
    "the",
    "program",
    "works",
    "on",
    "each",
    "page",
    "of",
    "the",
    "site",
    "and",
    "then",
    "returns",
    "a",
    "list",
    "of",
    "results",
    "to",
    "the",
    "caller",
    "who",
    "can",
    "use",
    "them",
]
_FR_WORDS = [
    "le",
    "système",
    "lit",
    "chaque",
    "fichier",
    "et",
    "vérifie",
    "la",
    "valeur",
    "avant",
    "d'écrire",
    "une",
    "nouvelle",
    "version",
    "du",
    "rapport",
    "lorsque",
    "un",
    "utilisateur",
    "le",
    "demande",
    "avec",
    "une",
    "option",
    "qui",
    "change",
    "la",
    "façon",
    "dont",
    "le",
    "programme",
    "fonctionne",
    "sur",
    "chaque",
    "page",
    "du",
    "site",
    "puis",
    "renvoie",
    "une",
    "liste",
    "de",
    "résultats",
    "à",
    "l'appelant",
    "qui",
    "peut",
    "les",
    "utiliser",
]


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned unit."""

    en: str
    fr: str


@dataclass(slots=True)
class CorpusInfo:
    """What a generated site holds, for benchmarks and tests."""

    root: str
    """The site root."""
    pages: int
    """Pages requested per language."""
    langs: tuple[str, ...]
    """Source language first, then the target languages."""
    seed: int
    """Random seed."""
    text_source: str = ""
    """``docs-fr-pairs`` or ``pseudo``."""
    page_files: dict[str, int] = field(default_factory=dict)
    """Page files written per language."""
    bytes: dict[str, int] = field(default_factory=dict)
    """Bytes of page files per language."""
    units: int = 0
    """Translation units written into the source pages (before de-duplication)."""
    catalogs: int = 0
    """PO files filled."""
    entries: int = 0
    """Live PO entries over all PO files."""
    translated: int = 0
    """Entries with a translation and no fuzzy flag."""
    fuzzy: int = 0
    """Entries marked fuzzy."""
    untranslated: int = 0
    """Entries left empty."""
    obsolete: int = 0
    """Obsolete (``#~``) entries added."""
    catalog_bytes: int = 0
    """Bytes of the PO files after filling."""
    faults: dict[str, int] = field(default_factory=dict)
    """Planted faults per kind (see :data:`FAULT_RULES`)."""
    rules: dict[str, int] = field(default_factory=dict)
    """Planted faults per rule id, with the fuzzy and empty entries of valid catalogues
    (lower bounds: the real text may hold more, e.g. short units detected as English)."""
    fault_paths: dict[str, list[str]] = field(default_factory=dict)
    """Site-relative files each fault kind was planted in."""

    @property
    def source_bytes(self) -> int:
        return self.bytes.get(self.langs[0], 0)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["langs"] = list(self.langs)
        return data


@dataclass(slots=True)
class _Plan:
    """What :func:`generate_pages` decided, for :func:`fill_catalogs`."""

    info: CorpusInfo
    translations: dict[str, dict[str, str]]
    """Per page name: source unit text -> French unit text."""
    catalog_faults: dict[str, int]
    fuzzy: float
    translated: float
    obsolete: float


# --------------------------------------------------------------------------- text


def _rest_to_markdown(text: str) -> str:
    text = re.sub(r":[\w:.-]+:`[~!]?([^`<]+?)(?: <[^>]+>)?`", r"``\1``", text)
    text = re.sub(r"(?<!`)`([^`<]+?) <(https?://[^>]+)>`__?", r"[\1](\2)", text)
    text = re.sub(r"(?<!`)`([^`]+?)`__?(?![\w`])", r"\1", text)
    text = re.sub(r"``([^`]+)``", r"`\1`", text)
    text = re.sub(r"\s*::$", ":", text)
    return re.sub(r"  +", " ", text)


def _markup(text: str) -> tuple[list[str], int, list[str]]:
    return (
        sorted(re.findall(r"`[^`]*`", text)),
        text.count("*"),
        sorted(re.findall(r"\]\(([^)]*)\)", text)),
    )


def _usable(en: str, fr: str) -> bool:
    if not en or not fr or en == fr or len(en) < 3:
        return False
    if any(c in en + fr for c in '\n|{}\\<>#"_'):
        return False
    if re.match(r"^\s|^[>\-*+=\d]|^\.\.|^:", en) or re.match(r"^\s|^[>\-*+=\d]|^\.\.|^:", fr):
        return False
    if en.count("`") % 2 or fr.count("`") % 2:
        return False
    return _markup(en) == _markup(fr)


def _french_typography(text: str) -> str:
    """No-break spaces where French wants them (outside code), so that only planted faults
    are reported."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        part = re.sub(r"[ \u00a0]+([;:!?»])", NNBSP + r"\1", parts[i])
        part = re.sub(r"(?<=[^\s\u202f\u00a0(\[])([;!?]|:(?!//))(?=\s|$)", NNBSP + r"\1", part)
        parts[i] = re.sub(r"«[ \u00a0]+", "«" + NNBSP, part)
    return "`".join(parts)


def load_pairs(path: Path | None = None) -> list[Pair]:
    """Aligned units from the shared data set (empty when it is absent)."""
    path = SHARED_PAIRS if path is None else path
    if not path.is_file():
        return []
    pairs: list[Pair] = []
    seen: set[str] = set()
    for raw in path.read_text("utf-8").splitlines():
        row = json.loads(raw)
        en = _rest_to_markdown(str(row.get("en", "")).strip())
        fr = _rest_to_markdown(str(row.get("fr", "")).strip())
        if en in seen or not _usable(en, fr):
            continue
        seen.add(en)
        pairs.append(Pair(en, _french_typography(fr)))
    return pairs


def _pseudo_pairs(rng: random.Random, count: int) -> list[Pair]:
    pairs = []
    for i in range(count):
        n = rng.randint(3, 24)
        start = rng.randrange(len(_EN_WORDS))
        en = " ".join(_EN_WORDS[(start + k) % len(_EN_WORDS)] for k in range(n))
        fr = " ".join(_FR_WORDS[(start + k) % len(_FR_WORDS)] for k in range(n + n // 5))
        end = "." if n > 8 else ""
        pairs.append(Pair(f"{en.capitalize()} {i}{end}", f"{fr.capitalize()} {i}{end}"))
    return pairs


class _Text:
    """Draws short (headings, cells) and long (paragraphs) pairs, round-robin after a shuffle."""

    def __init__(self, rng: random.Random, pairs: list[Pair]) -> None:
        self.source = "docs-fr-pairs" if pairs else "pseudo"
        if not pairs:
            pairs = _pseudo_pairs(rng, 4000)
        self.short = [p for p in pairs if len(p.en) <= 60 and "`" not in p.en]
        self.long = [p for p in pairs if len(p.en) > 60]
        if not self.short or not self.long:
            self.short = self.long = pairs
        rng.shuffle(self.short)
        rng.shuffle(self.long)
        self._s = rng.randrange(len(self.short))
        self._l = rng.randrange(len(self.long))

    def title(self) -> Pair:
        self._s = (self._s + 1) % len(self.short)
        p = self.short[self._s]
        return Pair(p.en.rstrip(".:"), p.fr.rstrip(".:" + NNBSP))

    def sentence(self) -> Pair:
        self._l = (self._l + 1) % len(self.long)
        return self.long[self._l]

    def paragraph(self, rng: random.Random) -> Pair:
        parts = [self.sentence() for _ in range(rng.randint(1, 3))]
        return Pair(" ".join(p.en for p in parts), " ".join(p.fr for p in parts))


# --------------------------------------------------------------------------- pages


@dataclass(slots=True)
class _PageDraft:
    blocks: list[tuple[str, str]] = field(default_factory=list)
    """(English block, French block) in order."""
    units: list[Pair] = field(default_factory=list)
    """Every translation unit, front matter included."""
    paragraphs: list[int] = field(default_factory=list)
    """Indices of plain paragraph blocks."""

    def unit(self, pair: Pair) -> Pair:
        self.units.append(pair)
        return pair


def _front_matter(title: Pair, description: Pair, weight: int) -> tuple[str, str]:
    def fm(t: str, d: str) -> str:
        dumps = json.dumps
        return (
            f"---\ntitle: {dumps(t, ensure_ascii=False)}\n"
            f"description: {dumps(d, ensure_ascii=False)}\nweight: {weight}\n---\n"
        )

    return fm(title.en, description.en), fm(title.fr, description.fr)


def _draft_page(rng: random.Random, text: _Text, index: int, pages: int) -> _PageDraft:
    draft = _PageDraft()
    title = draft.unit(text.title())
    description = draft.unit(text.sentence())
    draft.blocks.append(_front_matter(title, description, (index + 1) * 10))
    draft.blocks.append((f"# {title.en}", f"# {title.fr}"))
    first = draft.unit(text.paragraph(rng))
    draft.paragraphs.append(len(draft.blocks))
    draft.blocks.append((first.en, first.fr))
    for section in range(rng.randint(2, 4)):
        heading = draft.unit(text.title())
        draft.blocks.append((f"## {heading.en}", f"## {heading.fr}"))
        for _ in range(rng.randint(1, 2)):
            para = draft.unit(text.paragraph(rng))
            draft.paragraphs.append(len(draft.blocks))
            draft.blocks.append((para.en, para.fr))
        kind = (index + section) % 6
        if kind == 0:
            items = [draft.unit(text.title()) for _ in range(rng.randint(3, 5))]
            draft.blocks.append(
                ("\n".join(f"- {i.en}" for i in items), "\n".join(f"- {i.fr}" for i in items))
            )
        elif kind == 1:
            head = [draft.unit(text.title()) for _ in range(2)]
            rows = [[draft.unit(text.title()) for _ in range(2)] for _ in range(3)]

            def table(lang: str, head: list[Pair] = head, rows: list[list[Pair]] = rows) -> str:
                def cells(row: list[Pair]) -> str:
                    return "| " + " | ".join(getattr(c, lang) for c in row) + " |"

                return "\n".join([cells(head), "| --- | --- |", *(cells(r) for r in rows)])

            draft.blocks.append((table("en"), table("fr")))
        elif kind == 2:
            code = (
                "```python\n"
                f"def handler_{index}_{section}(request):\n"
                "    value = request.get('value', 0)\n"
                "    return {'status': 'ok', 'value': value * 2}\n"
                "```"
            )
            draft.blocks.append((code, code))
        elif kind == 3:
            alt = draft.unit(text.title())
            tip = draft.unit(text.title())
            src = f"/images/figure-{index:05d}-{section}.png"
            draft.blocks.append(
                (f'![{alt.en}]({src} "{tip.en}")', f'![{alt.fr}]({src} "{tip.fr}")')
            )
        elif kind == 4:
            sentence = text.sentence()
            label = text.title()
            target = f"/pages/page-{(index + section + 1) % max(pages, 1):05d}/"
            link = draft.unit(
                Pair(
                    f"{sentence.en} See [{label.en}]({target}).",
                    f"{sentence.fr} Voir [{label.fr}]({target}).",
                )
            )
            draft.paragraphs.append(len(draft.blocks))
            draft.blocks.append((link.en, link.fr))
        else:
            quote = draft.unit(text.sentence())
            draft.blocks.append((f"> {quote.en}", f"> {quote.fr}"))
    return draft


def _join(blocks: list[str]) -> str:
    return blocks[0] + "\n" + "\n\n".join(blocks[1:]) + "\n"


def _choose(rng: random.Random, population: int, counts: dict[str, int]) -> dict[str, list[int]]:
    """Distinct page indices per fault kind (as many as fit)."""
    order = list(range(population))
    rng.shuffle(order)
    chosen: dict[str, list[int]] = {}
    at = 0
    for kind, count in counts.items():
        take = min(count, max(0, len(order) - at))
        chosen[kind] = sorted(order[at : at + take])
        at += take
    return chosen


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def page_name(index: int) -> str:
    return f"page-{index:05d}"


def generate_pages(
    root: Path,
    *,
    pages: int,
    langs: Sequence[str] = ("en", "fr"),
    seed: int = 0,
    translated: float = 0.8,
    fuzzy: float = 0.05,
    obsolete: float = 0.05,
    faults: int = 2,
    invalid: bool = True,
    pairs: list[Pair] | None = None,
) -> _Plan:
    """Write ``pipeline.toml``, ``glossary.csv`` and the pages; plan the catalogues."""
    if not langs or langs[0] != "en":
        raise ValueError("the source language must be 'en' (the text is English/French)")
    rng = random.Random(seed)
    text = _Text(rng, load_pairs() if pairs is None else pairs)
    root.mkdir(parents=True, exist_ok=True)
    targets = list(langs[1:])
    _write(
        root / "pipeline.toml",
        f'project = "Benchmark site"\nsource_language = "en"\nlanguages = {json.dumps(targets)}\n'
        '\n[check]\nglossary = "glossary.csv"\n',
    )
    _write(root / "glossary.csv", f"en,fr,type,note\n{GLOSSARY_TERM[0]},{GLOSSARY_TERM[1]},term,\n")
    page_counts = {k: faults for k in PAGE_FAULTS} if "fr" in targets else {}
    if pages < 2:
        page_counts = {}
    chosen = _choose(rng, pages, page_counts)
    info = CorpusInfo(str(root), pages, tuple(langs), seed, text_source=text.source)
    translations: dict[str, dict[str, str]] = {}
    for lang in langs:
        info.page_files[lang] = 0
        info.bytes[lang] = 0
    for index in range(pages):
        name = page_name(index)
        draft = _draft_page(rng, text, index, pages)
        en_blocks = [b[0] for b in draft.blocks]
        fr_blocks = [b[1] for b in draft.blocks]
        mapping = {u.en: u.fr for u in draft.units}
        if index in chosen.get("glossary-term", ()):
            where = draft.paragraphs[-1] + 1
            en_blocks.insert(where, GLOSSARY_EN)
            fr_blocks.insert(where, GLOSSARY_FR_BAD)
            mapping[GLOSSARY_EN] = GLOSSARY_FR_BAD
            info.units += 1
        if index in chosen.get("french-on-english-page", ()):
            at = draft.paragraphs[0]
            en_blocks[at] = fr_blocks[at]
            mapping.pop(draft.blocks[at][0], None)
        fr_written = list(fr_blocks)
        if index in chosen.get("english-on-french-page", ()):
            at = draft.paragraphs[-1]
            fr_written[at] = en_blocks[at]
        if index in chosen.get("dropped-block", ()):
            del fr_written[draft.paragraphs[len(draft.paragraphs) // 2]]
        translations[name] = mapping
        info.units += len(draft.units)
        info.bytes["en"] += _write(root / "content" / "en" / f"{name}.md", _join(en_blocks))
        info.page_files["en"] += 1
        if "fr" in targets and index not in chosen.get("missing-page", ()):
            info.bytes["fr"] += _write(root / "content" / "fr" / f"{name}.md", _join(fr_written))
            info.page_files["fr"] += 1
    for kind, indices in chosen.items():
        info.faults[kind] = len(indices)
        lang_dir = "en" if kind == "french-on-english-page" else "fr"
        info.fault_paths[kind] = [f"content/{lang_dir}/{page_name(i)}.md" for i in indices]
    kinds = [k for k in CATALOG_FAULTS if invalid or k != "duplicate-entry"]
    catalog_faults = {k: faults for k in kinds} if "fr" in targets else {}
    return _Plan(info, translations, catalog_faults, fuzzy, translated, obsolete)


# --------------------------------------------------------------------------- catalogues


def _drop_links(text: str) -> str:
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def fill_catalogs(root: Path, plan: _Plan) -> CorpusInfo:
    """Fill ``locale/fr/LC_MESSAGES/*.po`` (written by ``extract`` + ``update``) from the plan.

    A ``translated`` share gets the aligned French, a ``fuzzy`` share gets it with the fuzzy
    flag, the rest stays empty; ``obsolete`` share of obsolete entries is appended; catalogue
    faults are planted into translated entries.
    """
    from dataclasses import replace

    from pipeline.catalog.model import Message
    from pipeline.catalog.po_read import read_po
    from pipeline.catalog.po_write import format_po

    info = plan.info
    rng = random.Random(info.seed * 7919 + 17)
    folder = root / "locale" / "fr" / "LC_MESSAGES"
    if "fr" not in info.langs[1:] or not folder.is_dir():
        return info
    files = sorted(folder.glob("*.po"))
    candidates: dict[str, list[tuple[int, int]]] = {k: [] for k in plan.catalog_faults}
    catalogs = []
    extra_pairs = _Text(rng, load_pairs() or _pseudo_pairs(rng, 500))
    missing = {Path(p).stem for p in info.fault_paths.get("missing-page", [])}
    for file_index, path in enumerate(files):
        catalog = read_po(path, path.name)
        # A missing page must not have a translated catalogue either (else it is not missing).
        mapping = {} if path.stem in missing else plan.translations.get(path.stem, {})
        messages = []
        for message in catalog.messages:
            if message.obsolete:
                messages.append(message)
                continue
            french = mapping.get(message.msgid)
            draw = rng.random()
            if french is None or draw >= plan.translated + plan.fuzzy:
                messages.append(replace(message, msgstr="", flags=()))
                info.untranslated += 1
                continue
            new = replace(message, msgstr=french, flags=())
            if draw >= plan.translated:
                new = new.with_flag("fuzzy")
                info.fuzzy += 1
            else:
                info.translated += 1
                slot = (file_index, len(messages))
                msgid = message.msgid
                plain = not re.search(r"[`*\[]", msgid)
                wanted = {
                    "dropped-link": "](" in msgid,
                    "english-in-msgstr": plain and len(msgid) > 40,
                    "german-in-msgstr": plain and len(msgid) > 40,
                    "missing-nbsp": "[" not in msgid,
                    "unchanged-msgstr": "[" not in msgid and len(msgid) > 20,
                }
                if msgid != GLOSSARY_EN:
                    for kind, ok in wanted.items():
                        if ok and kind in candidates:
                            candidates[kind].append(slot)
            messages.append(new)
        for _ in range(round(plan.obsolete * len(messages))):
            pair = extra_pairs.sentence()
            messages.append(Message(msgid=pair.en, msgstr=pair.fr, obsolete=True))
            info.obsolete += 1
        info.entries += sum(1 for m in messages if not m.obsolete)
        catalogs.append((path, catalog, messages))
    used: set[tuple[int, int]] = set()
    duplicates: list[int] = []
    order = sorted(plan.catalog_faults.items(), key=lambda item: item[0] != "duplicate-entry")
    for kind, count in order:
        if kind == "duplicate-entry":
            pool = [(i, 0) for i in range(len(catalogs))]
        else:
            pool = candidates.get(kind, [])
        pool = [slot for slot in pool if slot not in used and slot[0] not in duplicates]
        picked = sorted(rng.sample(pool, min(count, len(pool))))
        info.faults[kind] = len(picked)
        info.fault_paths[kind] = sorted(
            {f"locale/fr/LC_MESSAGES/{catalogs[f][0].name}" for f, _ in picked}
        )
        for number, (f, m) in enumerate(picked):
            used.add((f, m))
            messages = catalogs[f][2]
            msg = messages[m]
            if kind == "duplicate-entry":
                duplicates.append(f)
                continue
            if kind == "english-in-msgstr":
                msgstr = ENGLISH_FILLER[number % len(ENGLISH_FILLER)]
            elif kind == "german-in-msgstr":
                msgstr = GERMAN[number % len(GERMAN)]
            elif kind == "dropped-link":
                msgstr = _drop_links(msg.msgstr)
            elif kind == "missing-nbsp":
                msgstr = "Remarque : " + msg.msgstr
            else:
                msgstr = msg.msgid
            messages[m] = replace(msg, msgstr=msgstr)
    for index, (path, catalog, messages) in enumerate(catalogs):
        catalog.messages = messages
        text = format_po(catalog)
        if index in duplicates:
            live = [m for m in messages if not m.obsolete and m.msgid]
            if live:
                text += "\n" + format_po(type(catalog)(header=None, messages=[live[0]]))
        info.catalog_bytes += _write(path, text)
        info.catalogs += 1
    info.rules = {}
    for kind, count in info.faults.items():
        if count:
            rule = FAULT_RULES[kind]
            info.rules[rule] = info.rules.get(rule, 0) + count
    # Entries of catalogues made invalid are not reported one by one.
    valid = [c[2] for i, c in enumerate(catalogs) if i not in duplicates]
    fuzzy_count = sum(1 for ms in valid for m in ms if m.fuzzy and not m.obsolete)
    # A missing page's untranslated entries are part of its one missing-page finding.
    reported = [
        c[2] for i, c in enumerate(catalogs) if i not in duplicates and c[0].stem not in missing
    ]
    empty_count = sum(1 for ms in reported for m in ms if not m.msgstr and not m.obsolete)
    if fuzzy_count:
        info.rules["fuzzy"] = fuzzy_count
    if empty_count:
        info.rules["untranslated"] = empty_count
    return info


def run_cli(root: Path, *argv: str) -> int:
    """``pipeline -C root -q ARGV`` in this process (output discarded)."""
    import io

    from pipeline.cli import main

    sink = io.StringIO()
    return main(["-C", str(root), "-q", *argv], stdout=sink, stderr=sink)


def generate_site(
    root: Path,
    *,
    pages: int,
    langs: Sequence[str] = ("en", "fr"),
    seed: int = 0,
    translated: float = 0.8,
    fuzzy: float = 0.05,
    obsolete: float = 0.05,
    faults: int = 2,
    invalid: bool = True,
    catalogs: bool = True,
) -> CorpusInfo:
    """Write a site of ``pages`` pages per language with catalogues and planted faults.

    ``faults`` is the number of faults planted per kind (:data:`FAULT_RULES`), as far as the
    site is large enough; ``invalid=False`` plants no catalogue syntax error (so that
    ``build`` and ``compile`` succeed). With ``catalogs`` the site's ``pipeline extract``
    and ``update`` are run in this process and the French catalogues are filled.
    """
    plan = generate_pages(
        root,
        pages=pages,
        langs=langs,
        seed=seed,
        translated=translated,
        fuzzy=fuzzy,
        obsolete=obsolete,
        faults=faults,
        invalid=invalid,
    )
    if not catalogs:
        return plan.info
    # The same site from the same seed, whatever the minute: update dates the catalogues it
    # writes (PO-Revision-Date) from SOURCE_DATE_EPOCH when set, else from the clock.
    epoch = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(GENERATED_EPOCH)}
    with mock.patch.dict(os.environ, epoch):
        for argv in (("extract",), ("update",)):
            status = run_cli(root, *argv)
            if status != 0:
                raise RuntimeError(f"pipeline {argv[0]} failed with status {status}")
    return fill_catalogs(root, plan)


# --------------------------------------------------------------------------- single inputs


def _markdown_body(rng: random.Random, text: _Text, target: int, index: int) -> str:
    """English Markdown of about ``target`` bytes (front matter included)."""
    draft = _draft_page(rng, text, index, 1000)
    parts = [b[0] for b in draft.blocks]
    size = sum(len(p.encode()) + 2 for p in parts)
    section = 0
    while size < target:
        section += 1
        more = _draft_page(rng, text, index * 1000 + section, 1000)
        for block in more.blocks[2:]:
            parts.append(block[0])
            size += len(block[0].encode()) + 2
    return _join(parts)


def generate_big_page(path: Path, *, size: int = 1_000_000, seed: int = 0) -> int:
    """One English page of about ``size`` bytes; returns the bytes written."""
    rng = random.Random(seed)
    return _write(path, _markdown_body(rng, _Text(rng, load_pairs()), size, 0))


def generate_page_set(
    folder: Path, *, size: int = 1_000_000, count: int = 100, seed: int = 0
) -> int:
    """``count`` English pages totalling about ``size`` bytes; returns the bytes written."""
    rng = random.Random(seed)
    text = _Text(rng, load_pairs())
    return sum(
        _write(folder / f"{page_name(i)}.md", _markdown_body(rng, text, size // count, i))
        for i in range(count)
    )


@dataclass(frozen=True, slots=True)
class MergeCase:
    """Inputs of the merge benchmark."""

    po: Path
    """The translated PO file (old sources)."""
    pot: Path
    """The new template."""
    entries: int
    """Entries in the PO file."""
    changed: int
    """Sources changed in the template."""


def _variant(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    if len(words) > 3:
        at = rng.randrange(1, len(words))
        words.insert(at, rng.choice(("also", "now", "usually", "always", "then")))
        return " ".join(words)
    return text + " (updated)"


def generate_merge_case(
    folder: Path, *, entries: int = 19_000, changed: int = 1_100, seed: int = 0
) -> MergeCase:
    """A French PO of ``entries`` translated entries and a POT where ``changed`` sources
    changed slightly (a word inserted), as after an edit of the English pages."""
    from pipeline.catalog.header import template_header
    from pipeline.catalog.model import Catalog, Message, format_header
    from pipeline.catalog.po_write import format_po

    rng = random.Random(seed)
    pairs = load_pairs() or _pseudo_pairs(rng, 4000)
    msgs: list[Message] = []
    seen: set[str] = set()
    round_ = 0
    while len(msgs) < entries:
        for number, pair in enumerate(pairs):
            if len(msgs) >= entries:
                break
            en = pair.en if round_ == 0 else f"{pair.en} ({round_})"
            if en in seen:
                continue
            seen.add(en)
            fr = pair.fr if round_ == 0 else f"{pair.fr} ({round_})"
            ref = f"content/en/page-{len(msgs) // 40:05d}.md:{(number % 40) * 3 + 1}"
            msgs.append(Message(msgid=en, msgstr=fr, references=(ref,)))
        round_ += 1
    header = template_header("Benchmark", "2024-01-01 00:00+0000")
    pot_header = header
    fields = {
        "Project-Id-Version": "Benchmark",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2024-01-01 00:00+0000",
        "PO-Revision-Date": "2024-01-02 00:00+0000",
        "Last-Translator": "Bench <bench@example.org>",
        "Language-Team": "French",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    po_header = Message(msgid="", msgstr=format_header(fields))
    changed_at = set(rng.sample(range(len(msgs)), min(changed, len(msgs))))
    new_sources = []
    for i, m in enumerate(msgs):
        msgid = _variant(rng, m.msgid) if i in changed_at else m.msgid
        while i in changed_at and msgid in seen:
            msgid += " (2)"
        new_sources.append(Message(msgid=msgid, references=m.references))
    folder.mkdir(parents=True, exist_ok=True)
    po = folder / "site.po"
    pot = folder / "site.pot"
    _write(po, format_po(Catalog(header=po_header, messages=msgs)))
    _write(pot, format_po(Catalog(header=pot_header, messages=new_sources)))
    return MergeCase(po, pot, len(msgs), len(changed_at))


@dataclass(frozen=True, slots=True)
class CatalogSet:
    """A folder of French PO files like a documentation translation project."""

    root: Path
    """Site root (``pipeline.toml`` and ``locale/fr/LC_MESSAGES/*.po``)."""
    folder: Path
    """The folder holding the PO files."""
    files: int
    entries: int
    bytes: int


def generate_catalog_set(
    root: Path,
    *,
    files: int = 480,
    min_bytes: int = 8_000_000,
    min_entries: int = 25_000,
    seed: int = 0,
) -> CatalogSet:
    """PO files (``root/locale/fr/LC_MESSAGES/*.po``) of at least ``min_bytes`` bytes and
    ``min_entries`` entries: 90 % translated, 5 % fuzzy, 5 % empty, a few planted faults."""
    from pipeline.catalog.model import Catalog, Message, format_header
    from pipeline.catalog.po_write import format_po

    rng = random.Random(seed)
    pairs = load_pairs() or _pseudo_pairs(rng, 4000)
    per_file = max(1, -(-min_entries // files))
    folder = root / "locale" / "fr" / "LC_MESSAGES"
    _write(
        root / "pipeline.toml",
        'project = "Catalogue set"\nsource_language = "en"\nlanguages = ["fr"]\n',
    )
    fields = {
        "Project-Id-Version": "Catalogue set",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2024-01-01 00:00+0000",
        "PO-Revision-Date": "2024-01-02 00:00+0000",
        "Last-Translator": "Bench <bench@example.org>",
        "Language-Team": "French",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    header = Message(msgid="", msgstr=format_header(fields))
    total_bytes = 0
    total_entries = 0
    cursor = 0
    index = 0
    while index < files or total_bytes < min_bytes or total_entries < min_entries:
        msgs = []
        seen: set[str] = set()
        for n in range(per_file):
            pair = pairs[cursor % len(pairs)]
            cursor += 1
            if pair.en in seen:
                continue
            seen.add(pair.en)
            draw = rng.random()
            refs = tuple(f"library/module{index:03d}.rst:{n * 7 + k + 1}" for k in range(2))
            if draw < 0.9:
                msg = Message(msgid=pair.en, msgstr=pair.fr, references=refs)
                if draw < 0.002:
                    msg = Message(msgid=pair.en, msgstr=rng.choice(GERMAN), references=refs)
            elif draw < 0.95:
                msg = Message(msgid=pair.en, msgstr=pair.fr, references=refs, flags=("fuzzy",))
            else:
                msg = Message(msgid=pair.en, msgstr="", references=refs)
            msgs.append(msg)
        name = f"module{index:03d}.po"
        total_bytes += _write(folder / name, format_po(Catalog(header=header, messages=msgs)))
        total_entries += len(msgs)
        index += 1
    return CatalogSet(root, folder, index, total_entries, total_bytes)


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic benchmark site.")
    parser.add_argument("out", type=Path, help="site root to create")
    parser.add_argument("--pages", type=int, default=100, help="pages per language")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", type=int, default=2, help="faults planted per kind")
    parser.add_argument("--translated", type=float, default=0.8)
    parser.add_argument("--fuzzy", type=float, default=0.05)
    parser.add_argument("--obsolete", type=float, default=0.05)
    parser.add_argument(
        "--no-catalogs", action="store_true", help="write the pages only (no extract/update)"
    )
    args = parser.parse_args(argv)
    info = generate_site(
        args.out,
        pages=args.pages,
        seed=args.seed,
        faults=args.faults,
        translated=args.translated,
        fuzzy=args.fuzzy,
        obsolete=args.obsolete,
        catalogs=not args.no_catalogs,
    )
    sys.stdout.write(json.dumps(info.to_json(), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
