"""``language-mismatch`` at the sentence: an English sentence inside a translated paragraph
or msgstr is reported at its own line and column, in text, JSON and SARIF."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pipeline.cli import main

EN = """---
title: "Mutual TLS"
---

# Mutual TLS

Microservices talk over a network, and like your wifi network, that communication can be
attacked. mTLS ensures that no unauthorized party can listen in on or impersonate
legitimate requests.
"""

TR = """---
title: "Karşılıklı TLS"
---

# Karşılıklı TLS

Mikroservisler bir ağ üzerinden iletişim kurar ve tıpkı kablosuz ağınız gibi bu iletişim
de saldırıya uğrayabilir. mTLS, yetkisiz tarafların meşru istekleri dinleyememesini sağlar.
mTLS ensures that no unauthorized party can listen in on or impersonate legitimate requests.
"""

HEADER = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""

PO = (
    HEADER
    + """
#: content/en/p.md:7
msgid ""
"The function returns the value of the object. It never raises an exception "
"when the object is missing."
msgstr ""
"La fonction renvoie la valeur de l'objet demandé par l'appelant, après avoir "
"vérifié un par un chacun de ses arguments. "
"It never raises an exception when the object is missing."
"""
)


def _site(tmp_path: Path) -> Path:
    files = {
        "content/en/mtls.md": EN,
        "content/tr/mtls.md": TR,
        "locale/fr/LC_MESSAGES/p.po": PO,
        "pipeline.toml": 'languages = ["fr", "tr"]\n',
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _run(root: Path, fmt: str) -> str:
    out = io.StringIO()
    status = main(["-C", str(root), "check", "--no-cache", "--format", fmt], stdout=out)
    assert status == 1
    return out.getvalue()


def _language(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"] == "language-mismatch"]


def test_sentence_in_a_page_and_in_a_msgstr_at_line_and_column(tmp_path: Path) -> None:
    root = _site(tmp_path)
    findings = _language(json.loads(_run(root, "json"))["findings"])
    by_path = {f["path"]: f for f in findings}
    assert set(by_path) == {"content/tr/mtls.md", "locale/fr/LC_MESSAGES/p.po"}
    page = by_path["content/tr/mtls.md"]
    assert (page["line"], page["column"]) == (9, 1)
    assert page["severity"] == "error" and page["detected"] == "en" and page["expected"] == "tr"
    assert page["translation"].startswith("mTLS ensures that no unauthorized party")
    assert page["message"].startswith("sentence is in 'en', not 'tr'")
    catalog = by_path["locale/fr/LC_MESSAGES/p.po"]
    assert (catalog["line"], catalog["column"]) == (14, 2)
    assert catalog["translation"] == "It never raises an exception when the object is missing."
    assert catalog["source"].startswith("The function returns")


def test_text_and_sarif_carry_the_column(tmp_path: Path) -> None:
    root = _site(tmp_path)
    text = _run(root, "text")
    assert "content/tr/mtls.md:9:1: error language-mismatch: sentence is in 'en'" in text
    assert "locale/fr/LC_MESSAGES/p.po:14:2: error language-mismatch" in text
    sarif = json.loads(_run(root, "sarif"))
    regions = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["locations"][0][
            "physicalLocation"
        ]["region"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "language-mismatch"
    }
    assert regions["content/tr/mtls.md"] == {"startLine": 9, "startColumn": 1}
    assert regions["locale/fr/LC_MESSAGES/p.po"] == {"startLine": 14, "startColumn": 2}


def test_untouched_paragraphs_are_clean(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "content/tr/mtls.md").write_text(
        TR.replace(
            "mTLS ensures that no unauthorized party can listen in on or impersonate "
            "legitimate requests.\n",
            "",
        ),
        encoding="utf-8",
    )
    (root / "locale/fr/LC_MESSAGES/p.po").write_text(
        PO.replace(
            "It never raises an exception when the object is missing.",
            "Elle ne lève jamais d'exception quand l'objet manque.",
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    main(["-C", str(root), "check", "--no-cache", "--format", "json"], stdout=out)
    assert _language(json.loads(out.getvalue())["findings"]) == []
