"""Real passages per language, for the language benchmarks (planted sentences, splitters).

Every passage comes from a real corpus and keeps where it came from:

* the CNCF glossary (``../shared/data/real/cncf-glossary``): paragraphs, list items, table
  cells and block quotes of the pages of its 16 languages, with the aligned English unit
  as their source where the page has an English counterpart; units a person labelled as
  faults, and units identical to an English unit, are left out;
* the French Python docs (``../shared/data/real/python-docs-fr``): translated msgstrs with
  their msgid (a msgstr equal to its msgid is left out);
* ``../shared/data/docs-fr-pairs.jsonl``: the English and French sides of aligned units;
* the PO files Django and Sphinx ship in their PyPI packages (when installed: ``pip install
  '.[bench]'``), for more languages: msgstrs with their msgid.

Nothing here judges anything; it only reads.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import util
from pathlib import Path

from pipeline.catalog.align import align
from pipeline.catalog.po_read import parse_po
from pipeline.content.pages import parse_page
from pipeline.langid.detection import normalise_code
from pipeline.model import Page, UnitKind

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
GLOSSARY = SHARED / "real" / "cncf-glossary"
PYDOCS = SHARED / "real" / "python-docs-fr"
PAIRS = SHARED / "docs-fr-pairs.jsonl"

_PROSE_KINDS = {UnitKind.PARAGRAPH, UnitKind.LIST_ITEM, UnitKind.TABLE_CELL, UnitKind.BLOCKQUOTE}
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")
_INNER_END = re.compile(r"[.!?]\s|[。！？]|\.\.\.|…")
_MARKUP = re.compile(r"[`*_\[\]<>{}|#:]|https?://")


@dataclass(frozen=True, slots=True)
class Passage:
    """One real passage of a corpus."""

    lang: str
    """Its language (ISO 639-1)."""
    text: str
    """The text as the corpus has it (inline markup kept)."""
    source: str | None
    """The English text it translates, where the corpus pairs it with one."""
    origin: str
    """Where it comes from (``glossary:content/fr/pod.md:7``, ``django:...po:12``)."""
    kind: str
    """``page`` (a unit of a Markdown page) or ``catalogue`` (a msgstr)."""


def _page(root: Path, path: Path) -> Page:
    display = path.relative_to(root).as_posix()
    folder = display.split("/")[1]
    name = display.split("/", 2)[2].rsplit(".", 1)[0]
    return parse_page(path.read_text(encoding="utf-8"), display, folder, name)


def _labelled(root: Path) -> set[tuple[str, int]]:
    labels = root / "labels.jsonl"
    if not labels.is_file():
        return set()
    found: set[tuple[str, int]] = set()
    for line in labels.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["verdict"] != "clean":
            found.add((record["path"], int(record["line"])))
    return found


def glossary_passages(root: Path = GLOSSARY) -> list[Passage]:
    """Prose units of every page of the glossary (labelled faults and copies of English
    units left out), with the aligned English unit as source where there is one."""
    content = root / "content"
    if not content.is_dir():
        return []
    faults = _labelled(root)
    english: dict[str, Page] = {}
    for path in sorted((content / "en").rglob("*.md")):
        page = _page(root, path)
        english[page.name] = page
    english_texts = {s.text for p in english.values() for s in p.segments}
    out: list[Passage] = []
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        lang = normalise_code(folder.name)
        for path in sorted(folder.rglob("*.md")):
            page = _page(root, path)
            sources: dict[int, str] = {}
            counterpart = english.get(page.name)
            if lang != "en" and counterpart is not None:
                for pair in align(counterpart, page).pairs:
                    sources[pair.target.line] = pair.source.text
            for segment in page.segments:
                if segment.kind not in _PROSE_KINDS or (page.path, segment.line) in faults:
                    continue
                if lang != "en" and segment.text in english_texts:
                    continue
                out.append(
                    Passage(
                        lang,
                        segment.text,
                        sources.get(segment.line),
                        f"glossary:{page.path}:{segment.line}",
                        "page",
                    )
                )
    return out


def _catalogue_passages(path: Path, display: str, lang: str) -> Iterator[Passage]:
    try:
        catalog = parse_po(path.read_text(encoding="utf-8"), display)
    except (UnicodeDecodeError, Exception):
        return
    for message in catalog.translated():
        if message.msgid_plural is not None or message.msgstr == message.msgid:
            continue
        yield Passage(lang, message.msgstr, message.msgid, f"{display}:{message.line}", "catalogue")


def python_docs_passages(root: Path = PYDOCS) -> list[Passage]:
    """Translated msgstrs of the French Python docs, with their msgid."""
    folder = root / "locale" / "fr" / "LC_MESSAGES"
    out: list[Passage] = []
    for path in sorted(folder.rglob("*.po")):
        display = "python-docs-fr:" + path.relative_to(folder).as_posix()
        out.extend(_catalogue_passages(path, display, "fr"))
    return out


def pairs_passages(path: Path = PAIRS) -> list[Passage]:
    """Both sides of every aligned unit of ``docs-fr-pairs.jsonl``."""
    if not path.is_file():
        return []
    out: list[Passage] = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        unit = json.loads(line)
        out.append(Passage("en", unit["en"], None, f"pairs:{index}:en", "catalogue"))
        out.append(Passage("fr", unit["fr"], unit["en"], f"pairs:{index}:fr", "catalogue"))
    return out


def package_passages(package: str) -> list[Passage]:
    """msgstrs of the PO files a Python package ships (``django``, ``sphinx``), when it is
    installed; regional variants (``pt_BR``, ``zh_Hans``) count as their language."""
    spec = util.find_spec(package)
    if spec is None or spec.origin is None:
        return []
    base = Path(spec.origin).parent
    out: list[Passage] = []
    for path in sorted(base.rglob("*.po")):
        parts = path.relative_to(base).parts
        if "locale" not in parts:
            continue
        tag = parts[parts.index("locale") + 1]
        lang = normalise_code(tag.split("@")[0])
        if lang == "en":
            continue
        display = f"{package}:" + path.relative_to(base).as_posix()
        out.extend(_catalogue_passages(path, display, lang))
    return out


def all_passages() -> list[Passage]:
    """Every passage of every corpus found on this machine."""
    return [
        *glossary_passages(),
        *python_docs_passages(),
        *pairs_passages(),
        *package_passages("django"),
        *package_passages("sphinx"),
    ]


def by_language(passages: list[Passage]) -> dict[str, list[Passage]]:
    """The passages grouped by language."""
    grouped: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        grouped[passage.lang].append(passage)
    return dict(grouped)


def plain_sentences(passages: list[Passage], least: int = 40, most: int = 220) -> list[str]:
    """Texts of one sentence without markup (ends with one sentence mark, none inside),
    ``least``..``most`` characters: what a benchmark inserts into other passages."""
    out: list[str] = []
    for passage in passages:
        text = " ".join(passage.text.split())
        if not least <= len(text) <= most or _MARKUP.search(text):
            continue
        body = text.rstrip()[:-1]
        if not _SENTENCE_END.search(text) or _INNER_END.search(body):
            continue
        out.append(text)
    return sorted(set(out))


def sample(items: list[str], count: int, seed: str) -> list[str]:
    """Up to ``count`` items, drawn the same way every run."""
    rng = random.Random(seed)
    chosen = list(items)
    rng.shuffle(chosen)
    return chosen[:count]
