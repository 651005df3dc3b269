"""A synthetic bilingual site of any size, for the engine's tests and quick measurements."""

from __future__ import annotations

import random
from pathlib import Path

_WORDS = {
    "en": [
        "the",
        "network",
        "works",
        "with",
        "partners",
        "to",
        "improve",
        "drug",
        "policies",
        "around",
        "world",
        "members",
        "share",
        "research",
        "and",
        "advocacy",
        "materials",
        "regional",
        "meetings",
        "are",
        "organised",
        "every",
        "year",
        "government",
        "health",
        "human",
        "rights",
        "council",
        "report",
        "commission",
        "agency",
        "support",
        "people",
        "communities",
        "through",
        "their",
        "national",
        "strategies",
        "public",
        "access",
        "treatment",
        "harm",
        "reduction",
        "services",
        "civil",
        "society",
        "organisations",
        "must",
        "should",
        "would",
        "have",
        "been",
        "will",
        "this",
        "that",
        "which",
        "about",
        "after",
        "before",
        "between",
        "during",
        "without",
        "against",
        "under",
        "over",
        "because",
        "while",
        "where",
        "when",
    ],
    "fr": [
        "le",
        "réseau",
        "travaille",
        "avec",
        "ses",
        "partenaires",
        "pour",
        "améliorer",
        "les",
        "politiques",
        "en",
        "matière",
        "de",
        "drogues",
        "dans",
        "monde",
        "membres",
        "partagent",
        "des",
        "travaux",
        "recherche",
        "et",
        "supports",
        "plaidoyer",
        "réunions",
        "régionales",
        "sont",
        "organisées",
        "chaque",
        "année",
        "gouvernement",
        "santé",
        "droits",
        "humains",
        "conseil",
        "rapport",
        "commission",
        "agence",
        "soutien",
        "personnes",
        "communautés",
        "grâce",
        "à",
        "leurs",
        "stratégies",
        "nationales",
        "accès",
        "public",
        "traitement",
        "réduction",
        "risques",
        "services",
        "société",
        "civile",
        "organisations",
        "doivent",
        "devraient",
        "ont",
        "été",
        "sera",
        "cette",
        "qui",
        "dont",
        "après",
        "avant",
        "entre",
        "pendant",
        "sans",
        "contre",
        "sous",
        "sur",
        "parce",
        "que",
        "lorsque",
        "où",
        "quand",
    ],
}


def _sentence(rng: random.Random, lang: str, low: int = 8, high: int = 16) -> str:
    words = [rng.choice(_WORDS[lang]) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _page(rng: random.Random, lang: str, seed: int, wrong: bool) -> str:
    local = random.Random(seed)
    title = _sentence(local, lang, 3, 6).rstrip(".")
    parts = [f'---\ntitle: "{title}"\nweight: {seed % 50}\n---\n', f"# {title}\n"]
    for block in range(local.randint(3, 6)):
        if block == 2:
            parts.append("\n".join(f"- {_sentence(local, lang, 4, 8)}" for _ in range(3)) + "\n")
        else:
            parts.append(
                " ".join(_sentence(local, lang) for _ in range(local.randint(1, 3))) + "\n"
            )
    if wrong:
        parts.append(" ".join(_sentence(rng, "en", 12, 16) for _ in range(3)) + "\n")
    return "\n".join(parts)


def generate_site(
    root: Path, pages: int = 100, langs: tuple[str, ...] = ("en", "fr"), seed: int = 0
) -> Path:
    """``pages`` pages per language under ``root/content`` (the first language is the source);
    every 40th translated page has an English paragraph, every 97th translation is missing."""
    rng = random.Random(seed)
    (root / "pipeline.toml").write_text(
        f'project = "Synthetic"\nsource_language = "{langs[0]}"\n', encoding="utf-8"
    )
    for lang in langs:
        folder = root / "content" / lang / "section"
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(pages):
            if lang != langs[0] and number % 97 == 96:
                continue
            wrong = lang != langs[0] and number % 40 == 3
            text = _page(rng, lang, seed * 1_000_003 + number, wrong)
            (folder / f"page-{number:05d}.md").write_text(text, encoding="utf-8")
    return root
