"""``pipeline check`` through the CLI: every rule with planted positives and clean negatives,
read back from the JSON report; suppressions, baselines, exit statuses, the shipped site."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import copy_site
from pipeline.cli import main

NB = "\u00a0"
GLOSSARY_HRC = "en,fr,type,note\nHuman Rights Council,Conseil des droits de l’homme,term,\n"

EN_PAGE = """---
title: "Cooperation with partners"
---

# Cooperation with partners

The network works with its partners to improve drug policies around the world.

- Regional meetings are organised every year.
- Members share research and advocacy materials.
"""

FR_PAGE = """---
title: "Coopération avec les partenaires"
---

# Coopération avec les partenaires

Le réseau travaille avec ses partenaires pour améliorer les politiques en matière de drogues
dans le monde.

- Des réunions régionales sont organisées chaque année.
- Les membres partagent des travaux de recherche et des supports de plaidoyer.
"""

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


TEMPLATE = """msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"X-Generator: pipeline\\n"
"""


def po(*entries: str, header: str = HEADER) -> str:
    return header + "".join("\n" + e.strip("\n") + "\n" for e in entries)


def entry(msgid: str, msgstr: str, *, flags: str = "", comment: str = "") -> str:
    lines = []
    if comment:
        lines.append(comment)
    if flags:
        lines.append(f"#, {flags}")
    lines.append(f'msgid "{msgid}"')
    lines.append(f'msgstr "{msgstr}"')
    return "\n".join(lines)


def site(tmp_path: Path, files: dict[str, str], *, pages: bool = True) -> Path:
    base = (
        {"content/en/p.md": EN_PAGE, "content/fr/p.md": FR_PAGE}
        if pages
        else {"content/en/p.md": EN_PAGE}
    )
    (tmp_path / "content" / "fr").mkdir(parents=True)
    for name, text in {**base, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def check(root: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["-C", str(root), "check", "--format", "json", *args], stdout=out, stderr=err)
    if status == 2:
        return status, [], err.getvalue()
    return status, json.loads(out.getvalue())["findings"], err.getvalue()


def rules_at(findings: list[dict[str, Any]], rule: str) -> list[tuple[str, int]]:
    """Where ``rule`` found something: its own findings and those of another rule on the
    same passage that it was folded into (the message ends "(also <rule>, ...)")."""
    return [(f["path"], f["line"]) for f in findings if rule in _rules_of(f)]


def _rules_of(finding: dict[str, Any]) -> set[str]:
    folded = re.search(r"\(also ([^()]*)\)$", finding["message"])
    return {finding["rule"], *(folded.group(1).split(", ") if folded else ())}


PO_PATH = "locale/fr/LC_MESSAGES/p.po"
SENTENCE = "The network works with its partners to improve drug policies around the world."
FR_SENTENCE = (
    "Le réseau travaille avec ses partenaires pour améliorer les politiques en matière de "
    "drogues dans le monde."
)
FR_PARA = FR_SENTENCE.replace("drogues ", "drogues\n")

# (id, files, rule, expected (path, line) list)
POSITIVES: list[tuple[str, dict[str, str], str, list[tuple[str, int]]]] = [
    (
        "french-on-english-page",
        {"content/en/p.md": EN_PAGE.replace(SENTENCE, FR_SENTENCE)},
        "language-mismatch",
        [("content/en/p.md", 7)],
    ),
    (
        "english-on-french-page",
        {"content/fr/p.md": FR_PAGE.replace(FR_PARA, SENTENCE.replace("network", "organisation"))},
        "language-mismatch",
        [("content/fr/p.md", 7)],
    ),
    (
        "spanish-on-english-page",
        {
            "content/en/p.md": EN_PAGE.replace(
                SENTENCE,
                "La red colabora con sus socios para mejorar las políticas de drogas en "
                "todo el mundo y promover la reducción de daños.",
            )
        },
        "language-mismatch",
        [("content/en/p.md", 7)],
    ),
    (
        "german-msgstr",
        {
            PO_PATH: po(
                entry(
                    SENTENCE,
                    "Das Netzwerk arbeitet mit seinen Partnern zusammen, um die "
                    "Drogenpolitik weltweit zu verbessern.",
                )
            )
        },
        "language-mismatch",
        [(PO_PATH, 10)],
    ),
    ("empty-msgstr", {PO_PATH: po(entry(SENTENCE, ""))}, "untranslated", [(PO_PATH, 10)]),
    (
        "empty-msgstr-with-context",
        {PO_PATH: po(f'msgctxt "menu"\nmsgid "{SENTENCE}"\nmsgstr ""')},
        "untranslated",
        [(PO_PATH, 11)],
    ),
    (
        "empty-plural-form",
        {
            PO_PATH: po(
                'msgid "One meeting"\nmsgid_plural "%d meetings"\nmsgstr[0] "Une réunion"\n'
                'msgstr[1] ""'
            )
        },
        "untranslated",
        [(PO_PATH, 10)],
    ),
    (
        "identical-passage-on-page",
        {
            "content/fr/p.md": FR_PAGE.replace(
                "- Des réunions régionales sont organisées chaque année.",
                "- Regional meetings are organised every year.",
            )
        },
        # Unchanged and in the source language: one finding, the most severe, which names
        # the other rule ("(also unchanged-translation)", checks/dedup.py).
        "language-mismatch",
        [("content/fr/p.md", 10)],
    ),
    (
        "unchanged-sentence",
        {PO_PATH: po(entry(SENTENCE, SENTENCE))},
        "unchanged-translation",
        [(PO_PATH, 10)],
    ),
    (
        "unchanged-heading",
        {PO_PATH: po(entry("Cooperation with partners", "Cooperation with partners"))},
        "unchanged-translation",
        [(PO_PATH, 10)],
    ),
    (
        "unchanged-two",
        {
            PO_PATH: po(
                entry("Regional meetings", "Regional meetings"),
                entry("Members share research", "Members share research"),
            )
        },
        "unchanged-translation",
        [(PO_PATH, 10), (PO_PATH, 13)],
    ),
    (
        "fuzzy-one",
        {PO_PATH: po(entry(SENTENCE, FR_SENTENCE, flags="fuzzy"))},
        "fuzzy",
        [(PO_PATH, 11)],
    ),
    (
        "fuzzy-previous",
        {
            PO_PATH: po(
                '#, fuzzy\n#| msgid "Old text"\nmsgid "New text here"\nmsgstr "Ancien texte"'
            )
        },
        "fuzzy",
        [(PO_PATH, 12)],
    ),
    (
        "fuzzy-two",
        {
            PO_PATH: po(
                entry("Alpha text", "Texte alpha", flags="fuzzy"),
                entry("Beta text", "Texte bêta", flags="fuzzy"),
            )
        },
        "fuzzy",
        [(PO_PATH, 11), (PO_PATH, 15)],
    ),
    (
        "missing-page",
        {"content/en/q.md": "# Another page\n\nMore text about the network.\n"},
        "missing-page",
        [("content/en/q.md", 1)],
    ),
    (
        "missing-two",
        {"content/en/q.md": "# Q page\n\nText.\n", "content/en/r.md": "# R page\n\nText.\n"},
        "missing-page",
        [("content/en/q.md", 1), ("content/en/r.md", 1)],
    ),
    (
        "missing-nested",
        {"content/en/docs/s.md": "# S page\n\nText.\n"},
        "missing-page",
        [("content/en/docs/s.md", 1)],
    ),
    (
        "orphan-page",
        {"content/fr/q.md": "# Page Q\n\nUne page sans source.\n"},
        "orphan-page",
        [("content/fr/q.md", 1)],
    ),
    (
        "orphan-renamed-source",
        {"content/fr/pp.md": FR_PAGE},
        "orphan-page",
        [("content/fr/pp.md", 1)],
    ),
    (
        "orphan-nested",
        {
            "content/en/docs/s.md": "# S page\n\nText.\n",
            "content/fr/docs/s.md": "# Page S\n\nTexte.\n",
            "content/fr/docs/old/s.md": "# Page S\n\nTexte.\n",
        },
        "orphan-page",
        [("content/fr/docs/old/s.md", 1)],
    ),
    (
        "outdated-catalogue",
        {PO_PATH: po(entry(SENTENCE, FR_SENTENCE))},
        "catalog-outdated",
        [(PO_PATH, 1)],
    ),
    (
        "outdated-template",
        {"locale/p.pot": po(entry("Cooperation with partners", ""), header=TEMPLATE)},
        "catalog-outdated",
        [("locale/p.pot", 1)],
    ),
    (
        "template-of-a-gone-page",
        {"locale/gone.pot": po(entry("Gone", ""), header=TEMPLATE)},
        "catalog-outdated",
        [("locale/gone.pot", 1)],
    ),
    (
        "dropped-link",
        {PO_PATH: po(entry("Read the [report](https://example.org/r).", "Lisez le rapport."))},
        "markup-mismatch",
        [(PO_PATH, 10)],
    ),
    (
        "changed-code",
        {PO_PATH: po(entry("Run `pipeline check` now.", "Lancez `pipeline verifier` maintenant."))},
        "markup-mismatch",
        [(PO_PATH, 10), (PO_PATH, 10)],
    ),
    (
        "lost-emphasis",
        {PO_PATH: po(entry("This is **very** important.", "C’est très important."))},
        "markup-mismatch",
        [(PO_PATH, 10)],
    ),
    (
        "rst-role-target-changed",
        {
            PO_PATH: po(
                entry(
                    "Call :func:`len` on the list.",
                    "Appelez :func:`lens` sur la liste.",
                    comment="#: library/functions.rst:12",
                )
            )
        },
        "markup-mismatch",
        [(PO_PATH, 11)],
    ),
    (
        "python-format-dropped",
        {
            PO_PATH: po(
                entry(
                    "%(count)d partners work with %(name)s.",
                    "Des partenaires travaillent avec %(name)s.",
                    flags="python-format",
                )
            )
        },
        "placeholder-mismatch",
        [(PO_PATH, 11)],
    ),
    (
        "brace-renamed",
        {
            PO_PATH: po(
                entry(
                    "Hello {name}, welcome.",
                    "Bonjour {nom}, bienvenue.",
                    flags="python-brace-format",
                )
            )
        },
        "placeholder-mismatch",
        [(PO_PATH, 11)],
    ),
    (
        "plural-form-missing-placeholder",
        {
            PO_PATH: po(
                '#, c-format\nmsgid "%d meeting"\nmsgid_plural "%d meetings"\n'
                'msgstr[0] "%d réunion"\nmsgstr[1] "des réunions"'
            )
        },
        "placeholder-mismatch",
        [(PO_PATH, 11)],
    ),
    (
        "glossary-term",
        {
            "glossary.csv": GLOSSARY_HRC,
            PO_PATH: po(
                entry(
                    "The Human Rights Council meets in Geneva.",
                    "Le Conseil des droits humains se réunit à Genève.",
                )
            ),
        },
        "glossary",
        [(PO_PATH, 10)],
    ),
    (
        "glossary-dnt",
        {
            "glossary.csv": "en,fr,type,note\nIDPC,IDPC,dnt,\n",
            PO_PATH: po(
                entry("IDPC works with partners.", "Le consortium travaille avec ses partenaires.")
            ),
        },
        "glossary",
        [(PO_PATH, 10)],
    ),
    (
        "glossary-acronym",
        {
            "glossary.csv": "en,fr,type,note\nUNODC,ONUDC,term,\n",
            PO_PATH: po(entry("UNODC publishes a report.", "L’UNODC publie un rapport.")),
        },
        "glossary",
        [(PO_PATH, 10)],
    ),
    (
        "typography-colon",
        {PO_PATH: po(entry("Note: read this.", "Remarque : lisez ceci."))},
        "typography",
        [(PO_PATH, 10)],
    ),
    (
        "typography-question",
        {PO_PATH: po(entry("Why now?", "Pourquoi maintenant?"))},
        "typography",
        [(PO_PATH, 10)],
    ),
    (
        "typography-guillemets",
        {"content/fr/p.md": FR_PAGE.replace("dans le monde.", "dans le « monde ».")},
        "typography",
        # The paragraph's second line, where the guillemets are (with their columns).
        [("content/fr/p.md", 8), ("content/fr/p.md", 8)],
    ),
    (
        "wrong-language-header",
        {
            PO_PATH: po(
                entry("Text", "Texte"), header=HEADER.replace("Language: fr", "Language: de")
            )
        },
        "catalog-invalid",
        [(PO_PATH, 1), (PO_PATH, 1)],
    ),
    (
        "unterminated",
        {PO_PATH: po('msgid "Text"\nmsgstr "Texte')},
        "catalog-invalid",
        [(PO_PATH, 11)],
    ),
    (
        "duplicate",
        {PO_PATH: po(entry("Text", "Texte"), entry("Text", "Texte encore"))},
        "catalog-invalid",
        [(PO_PATH, 13)],
    ),
    (
        "missing-paragraph",
        {"content/fr/p.md": FR_PAGE.replace(FR_PARA + "\n\n", "")},
        "structure-mismatch",
        [("content/fr/p.md", 7)],
    ),
    (
        "extra-heading",
        {"content/fr/p.md": FR_PAGE + "\n## Partie ajoutée\n"},
        "structure-mismatch",
        [("content/fr/p.md", 13)],
    ),
    (
        "fewer-items",
        {
            "content/fr/p.md": FR_PAGE.replace(
                "- Les membres partagent des travaux de recherche et des supports de plaidoyer.\n",
                "",
            )
        },
        "structure-mismatch",
        [("content/fr/p.md", 10)],
    ),
]

NEGATIVES: list[tuple[str, dict[str, str], str]] = [
    (
        "declared-block-language",
        {"content/en/p.md": EN_PAGE.replace(SENTENCE, "{lang=fr}\n" + FR_SENTENCE)},
        "language-mismatch",
    ),
    (
        "declared-span",
        {
            "content/en/p.md": EN_PAGE.replace(
                SENTENCE, SENTENCE + ' Its motto is <span lang="fr">' + FR_SENTENCE + "</span>"
            )
        },
        "language-mismatch",
    ),
    ("clean-site", {}, "language-mismatch"),
    (
        "short-code-and-acronyms",
        {PO_PATH: po(entry("`--jobs`", "`--jobs`"), entry("UNODC", "ONUDC"), entry("OK", "OK"))},
        "language-mismatch",
    ),
    ("translated", {PO_PATH: po(entry(SENTENCE, FR_SENTENCE))}, "untranslated"),
    ("obsolete-empty", {PO_PATH: po('#~ msgid "Gone"\n#~ msgstr "Parti"')}, "untranslated"),
    (
        "acronym-identical-on-page",
        {"content/en/p.md": EN_PAGE + "\nUNODC\n", "content/fr/p.md": FR_PAGE + "\nUNODC\n"},
        "untranslated",
    ),
    (
        "unchanged-number-acronym-url",
        {
            PO_PATH: po(
                entry("2030", "2030"),
                entry("UNAIDS", "UNAIDS"),
                entry("https://example.org/", "https://example.org/"),
            )
        },
        "unchanged-translation",
    ),
    (
        "unchanged-allowed",
        {
            "pipeline.toml": "[check.unchanged-translation]\n"
            'allow = ["Harm Reduction International"]\n',
            PO_PATH: po(entry("Harm Reduction International", "Harm Reduction International")),
        },
        "unchanged-translation",
    ),
    ("unchanged-translated", {PO_PATH: po(entry(SENTENCE, FR_SENTENCE))}, "unchanged-translation"),
    ("not-fuzzy", {PO_PATH: po(entry(SENTENCE, FR_SENTENCE))}, "fuzzy"),
    ("obsolete-fuzzy", {PO_PATH: po('#, fuzzy\n#~ msgid "Gone"\n#~ msgstr "Parti"')}, "fuzzy"),
    (
        "python-format-not-fuzzy",
        {PO_PATH: po(entry("%s pages", "%s pages", flags="python-format"))},
        "fuzzy",
    ),
    ("page-exists", {}, "missing-page"),
    (
        "catalogue-instead-of-page",
        {
            "content/en/q.md": "# Another page\n",
            "locale/fr/LC_MESSAGES/q.po": po(entry("Another page", "Une autre page")),
        },
        "missing-page",
    ),
    (
        "nested-page-exists",
        {"content/en/docs/s.md": "# S page\n", "content/fr/docs/s.md": "# Page S\n"},
        "missing-page",
    ),
    (
        "same-markup",
        {
            PO_PATH: po(
                entry(
                    "Read the [report](https://example.org/r).",
                    "Lisez le [rapport](https://example.org/r).",
                )
            )
        },
        "markup-mismatch",
    ),
    (
        "reordered-links",
        {PO_PATH: po(entry("See [A](a/) and [B](b/).", "Voir [B](b/) et [A](a/)."))},
        "markup-mismatch",
    ),
    (
        "same-code",
        {PO_PATH: po(entry("Run `pipeline check` now.", "Lancez `pipeline check` maintenant."))},
        "markup-mismatch",
    ),
    (
        "rst-display-text-translated",
        {
            PO_PATH: po(
                entry(
                    "Read a :term:`file object <file object>` with *care*.",
                    "Lisez un :term:`objet fichier <file object>` avec soin.",
                    comment="#: library/io.rst:40",
                )
            )
        },
        "markup-mismatch",
    ),
    (
        "python-format-reordered",
        {
            PO_PATH: po(
                entry(
                    "%(count)d partners work with %(name)s.",
                    "%(name)s travaille avec %(count)d partenaires.",
                    flags="python-format",
                )
            )
        },
        "placeholder-mismatch",
    ),
    (
        "no-python-format-honoured",
        {
            PO_PATH: po(
                entry(
                    "Use %(name)s in templates.",
                    "Utilisez un nom dans les modèles.",
                    flags="python-format, no-python-format",
                )
            )
        },
        "placeholder-mismatch",
    ),
    (
        "plural-form-for-one-may-drop",
        {
            PO_PATH: po(
                '#, c-format\nmsgid "One meeting"\nmsgid_plural "%d meetings"\n'
                'msgstr[0] "Une réunion"\nmsgstr[1] "%d réunions"'
            )
        },
        "placeholder-mismatch",
    ),
    (
        "glossary-honoured",
        {
            "glossary.csv": GLOSSARY_HRC,
            PO_PATH: po(
                entry(
                    "The Human Rights Council meets in Geneva.",
                    "Le Conseil des droits de l’homme se réunit à Genève.",
                )
            ),
        },
        "glossary",
    ),
    (
        "glossary-term-absent",
        {
            "glossary.csv": "en,fr,type,note\nUNODC,ONUDC,term,\n",
            PO_PATH: po(entry(SENTENCE, FR_SENTENCE)),
        },
        "glossary",
    ),
    ("glossary-none", {PO_PATH: po(entry("UNODC publishes.", "L’UNODC publie."))}, "glossary"),
    (
        "typography-correct",
        {
            PO_PATH: po(
                entry("Note: read this.", f"Remarque{NB}: lisez ceci."),
                entry("Why now?", f"Pourquoi maintenant{NB}?"),
            )
        },
        "typography",
    ),
    (
        "typography-url-time",
        {
            PO_PATH: po(
                entry("See https://example.org at 10:30.", "Voir https://example.org à 10:30.")
            )
        },
        "typography",
    ),
    (
        "typography-english",
        {"content/en/p.md": EN_PAGE + "\nNote: fine in English!\n"},
        "typography",
    ),
    ("valid-catalogue", {PO_PATH: po(entry(SENTENCE, FR_SENTENCE))}, "catalog-invalid"),
    (
        "classic-french-plural",
        {
            PO_PATH: po(
                'msgid "One"\nmsgid_plural "%d many"\nmsgstr[0] "Un"\nmsgstr[1] "%d plusieurs"'
            )
        },
        "catalog-invalid",
    ),
    ("no-catalogue", {}, "catalog-invalid"),
    ("every-page-has-a-source", {}, "orphan-page"),
    (
        "not-a-page",
        {"content/fr/.gitkeep": "", "content/fr/notes.txt": "Notes\n"},
        "orphan-page",
    ),
    (
        "nested-translation-of-a-source",
        {"content/en/docs/s.md": "# S page\n", "content/fr/docs/s.md": "# Page S\n"},
        "orphan-page",
    ),
    ("no-catalogues", {}, "catalog-outdated"),
    (
        "catalogue-of-no-page",  # update leaves an orphan catalogue as it is
        {"locale/fr/LC_MESSAGES/old.po": po(entry("Old text", "Ancien texte"))},
        "catalog-outdated",
    ),
    (
        "template-not-written-by-extract",  # extract removes only its own templates
        {"locale/other.pot": po(entry("Other", ""), header=HEADER.replace("fr", ""))},
        "catalog-outdated",
    ),
    ("same-structure", {}, "structure-mismatch"),
    (
        "reworded-same-structure",
        {"content/fr/p.md": FR_PAGE.replace("Le réseau travaille", "Notre réseau œuvre")},
        "structure-mismatch",
    ),
    (
        "generated-page-without-source",
        {"content/fr/extra.md": "# Page en plus\n"},
        "structure-mismatch",
    ),
]


@pytest.mark.parametrize(
    ("files", "rule", "expected"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_rule_finds_planted_fault(
    tmp_path: Path, files: dict[str, str], rule: str, expected: list[tuple[str, int]]
) -> None:
    status, findings, err = check(site(tmp_path, files), "--fail-on", "never")
    assert status == 0, err
    assert rules_at(findings, rule) == expected, findings


@pytest.mark.parametrize(
    ("files", "rule"), [n[1:] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES]
)
def test_rule_stays_quiet_on_clean_input(tmp_path: Path, files: dict[str, str], rule: str) -> None:
    status, findings, err = check(site(tmp_path, files), "--fail-on", "never")
    assert status == 0, err
    assert rules_at(findings, rule) == [], findings


def test_every_rule_has_three_positives_and_three_negatives() -> None:
    from pipeline.rules import RULES

    for rule in RULES:
        if rule in ("unused-suppression", "generated-page", "page-unreadable"):
            continue  # page-unreadable: tests/cli/test_unreadable.py (links, permissions)
        assert sum(p[2] == rule for p in POSITIVES) >= 3, rule
        assert sum(n[2] == rule for n in NEGATIVES) >= 3, rule


def test_language_finding_states_expected_detected_confidence(tmp_path: Path) -> None:
    files = {"content/en/p.md": EN_PAGE.replace(SENTENCE, FR_SENTENCE)}
    status, findings, _ = check(site(tmp_path, files))
    assert status == 1
    (finding,) = [f for f in findings if f["rule"] == "language-mismatch"]
    assert (finding["expected"], finding["detected"], finding["severity"]) == ("en", "fr", "error")
    assert 0.5 < finding["confidence"] <= 1.0


def test_markdown_suppression_and_unused_one(tmp_path: Path) -> None:
    page = EN_PAGE.replace(
        SENTENCE, "<!-- pipeline-ignore language-mismatch -->\n" + FR_SENTENCE
    ).replace("- Regional", "<!-- pipeline-ignore typography -->\n\n- Regional")
    status, findings, _ = check(site(tmp_path, {"content/en/p.md": page}))
    assert rules_at(findings, "language-mismatch") == []
    assert [f["rule"] for f in findings] == ["unused-suppression"]
    assert "typography" in findings[0]["message"]
    assert status == 0


def test_po_suppressions(tmp_path: Path) -> None:
    files = {
        PO_PATH: po(
            # English prose left in a French msgstr: unchanged, and in the wrong language.
            entry(
                SENTENCE,
                SENTENCE,
                flags="ignore-unchanged-translation, ignore-language-mismatch",
            ),
            entry("Why now?", "Pourquoi maintenant?", comment="# pipeline-ignore: typography"),
        )
    }
    status, findings, _ = check(site(tmp_path, files))
    # (The planted catalogue is not what 'update' writes: catalog-outdated is not asked.)
    assert [f for f in findings if f["rule"] != "catalog-outdated"] == [] and status == 0


def test_rule_severity_and_override_from_config(tmp_path: Path) -> None:
    files = {
        "pipeline.toml": '[check.rules]\nfuzzy = "error"\ncatalog-outdated = "off"\n'
        '\n[[check.overrides]]\npaths = ["locale/fr/*/p.po"]\nrules = { typography = "off" }\n',
        PO_PATH: po(
            entry("Alpha text", "Texte alpha", flags="fuzzy"),
            entry("Why now?", "Pourquoi maintenant?"),
        ),
    }
    status, findings, _ = check(site(tmp_path, files))
    assert [(f["rule"], f["severity"]) for f in findings] == [("fuzzy", "error")]
    assert status == 1


def test_baseline_accepts_old_faults_and_catches_new_ones(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            PO_PATH: po(
                entry(SENTENCE, "Das Netzwerk arbeitet weltweit mit seinen Partnern zusammen.")
            )
        },
    )
    baseline = tmp_path / "baseline.json"
    assert check(root)[0] == 1
    assert main(["-q", "-C", str(root), "check", "--write-baseline", str(baseline)]) == 0
    assert check(root, "--baseline", str(baseline))[0] == 0
    (root / "content/en/p.md").write_text(EN_PAGE.replace(SENTENCE, FR_SENTENCE), "utf-8")
    status, findings, _ = check(root, "--baseline", str(baseline))
    assert status == 1
    assert rules_at(findings, "language-mismatch") == [("content/en/p.md", 7)]


@pytest.mark.parametrize(
    ("args", "files", "fragment"),
    [
        (["no/such/path"], {}, "no/such/path: no such file or folder"),
        (
            [],
            {"pipeline.toml": '[check.rules]\nlanguage-mismatsh = "off"\n'},
            "unknown rule 'language-mismatsh' (did you mean 'language-mismatch'?)",
        ),
        (["--lang", "xx"], {}, "'xx' is not a language of this site"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, args: list[str], files: dict[str, str], fragment: str
) -> None:
    root = site(tmp_path, files)
    err = io.StringIO()
    assert main(["-C", str(root), "check", *args], stdout=io.StringIO(), stderr=err) == 2
    assert fragment in err.getvalue()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["-C", str(site(tmp_path, {})), "check", "--format", "yaml"], stderr=err) == 2
    assert "invalid choice 'yaml'" in err.getvalue()


def test_fail_on_levels(tmp_path: Path) -> None:
    root = site(tmp_path, {PO_PATH: po(entry("Alpha text", "Texte alpha", flags="fuzzy"))})
    assert check(root)[0] == 0
    assert check(root, "--fail-on", "warning")[0] == 1
    assert check(root, "--fail-on", "never")[0] == 0


def test_paths_and_lang_narrow_the_report(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "content/en/p.md": EN_PAGE.replace(SENTENCE, FR_SENTENCE),
            PO_PATH: po(entry("Alpha text", "Texte alpha", flags="fuzzy")),
        },
    )
    _, findings, _ = check(root, str(root / "locale"))
    assert {f["path"] for f in findings} == {PO_PATH}
    _, findings, _ = check(root, "--lang", "fr")
    assert {f["path"] for f in findings} == {PO_PATH}


def test_output_file_and_text_format(tmp_path: Path) -> None:
    root = site(tmp_path, {"content/en/p.md": EN_PAGE.replace(SENTENCE, FR_SENTENCE)})
    report = tmp_path / "report.txt"
    out = io.StringIO()
    status = main(["-C", str(root), "check", "--output", str(report)], stdout=out)
    assert status == 1 and out.getvalue() == ""
    text = report.read_text("utf-8")
    assert "content/en/p.md:7: error language-mismatch:" in text


def test_shipped_site_reports_exactly_the_incb_fault(tmp_path: Path) -> None:
    root = copy_site(tmp_path, with_locale=True)
    (root / "pipeline.toml").write_text(
        (Path(__file__).resolve().parents[2] / "pipeline.toml").read_text("utf-8"), "utf-8"
    )
    status, findings, err = check(root)
    assert status == 1, err
    serious = [f for f in findings if f["severity"] in ("error", "warning")]
    assert [(f["rule"], f["path"], f["line"], f["expected"], f["detected"]) for f in serious] == [
        ("language-mismatch", "content/en/incb.md", 10, "en", "fr")
    ]
