"""Hostile translations: none reaches the built fragment, each is reported with file:line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import html5lib
import pytest

from pipeline.catalog import store
from pipeline.catalog.model import Catalog, Message
from pipeline.config import load_config
from pipeline.tasks.build import run_build

CORPUS = Path(__file__).resolve().parent / "hostile"
CASES = sorted(CORPUS.glob("*.txt"))

SOURCE = "A paragraph with a [link](https://example.org/a) and `code` here."
PAGE = f'---\ntitle: "Hostile"\n---\n\n# Hostile\n\n{SOURCE}\n'
FALLBACK = (
    '<p lang="en">A paragraph with a <a href="https://example.org/a">link</a> and '
    "<code>code</code> here.</p>"
)
_ACTIVE = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "meta",
           "base", "link", "frame", "frameset", "input", "button", "template"}  # fmt: skip
_BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def _site(root: Path, translation: str) -> Path:
    (root / "content" / "en").mkdir(parents=True)
    (root / "content" / "en" / "p.md").write_text(PAGE, encoding="utf-8")
    (root / "pipeline.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
    config = load_config(root)
    header = Message("", "Language: fr\nContent-Type: text/plain; charset=UTF-8\n")
    messages = [Message("Hostile", "Hostile"), Message(SOURCE, translation)]
    store.save(config, store.po_path(config, "fr", "p"), Catalog(header, messages))
    return root


def _walk(element: Any) -> list[Any]:
    found = [element]
    for child in element:
        found.extend(_walk(child))
    return found


def _assert_inert(fragment: str) -> None:
    assert "<script" not in fragment.lower()
    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    for element in _walk(tree):
        if not isinstance(element.tag, str):
            continue
        assert element.tag.lower() not in _ACTIVE, element.tag
        for name, value in element.attrib.items():
            assert not re.match(r"on\w+", name, re.IGNORECASE), name
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                cleaned = re.sub(r"[\x00-\x20]+", "", value).lower()
                assert not _BAD_SCHEME.match(cleaned), value
    assert not re.search(r"\son\w+\s*=", fragment, re.IGNORECASE)
    html5lib.HTMLParser(strict=True).parseFragment(fragment)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_translation_is_refused_and_reported(tmp_path: Path, case: Path) -> None:
    translation = case.read_text("utf-8")
    site = _site(tmp_path, translation)
    result = run_build(load_config(site), preview=True)
    for lang in ("en", "fr"):
        _assert_inert((site / "build" / lang / "p.html").read_text("utf-8"))
    document = (site / "build" / "preview" / "fr" / "p.html").read_text("utf-8")
    _assert_inert(document.split("<main>\n", 1)[1].split("</main>", 1)[0])
    fragment = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert FALLBACK in fragment
    po = site / "locale" / "fr" / "LC_MESSAGES" / "p.po"
    entry = next(m for m in store.load(load_config(site), po).messages if m.msgid == SOURCE)
    assert po.read_text("utf-8").splitlines()[entry.line - 1].startswith("msgid ")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.rule == "markup-mismatch"
    assert str(problem.location) == f"locale/fr/LC_MESSAGES/p.po:{entry.line}"
    assert problem.translation == translation
    assert problem.source == SOURCE


def test_faithful_translation_is_published(tmp_path: Path) -> None:
    translation = "Un paragraphe avec un [lien](https://example.org/a) et `code` ici."
    site = _site(tmp_path, translation)
    result = run_build(load_config(site))
    assert result.problems == ()
    fragment = (site / "build" / "fr" / "p.html").read_text("utf-8")
    assert '<p>Un paragraphe avec un <a href="https://example.org/a">lien</a>' in fragment
