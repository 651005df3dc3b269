"""A copy of the shipped site with faults planted the way people make them (for the
dashboard, ``status`` and browser tests), and the figures an independent reader expects."""

from __future__ import annotations

from pathlib import Path

from helpers import french_site
from pipeline.config import Config

NEW_PARAGRAPH = (
    "In 2024 the General Assembly adopted its first resolution on drug policy and human "
    "rights, a milestone that IDPC members had called for over many sessions."
)
"""Added to the English UNGA page after the catalogues were last updated."""

REWORDED = "that promotes and protects human rights worldwide."
"""The HRC description's new ending."""

PASTED_ENGLISH = (
    "The WHO directs and coordinates international health within the UN system, and its "
    "expert committee reviews substances for their scheduling."
)
"""English a translator pasted into the French catalogue of the WHO page."""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def planted_site(root: Path) -> Config:
    """The shipped site, French imported, then:

    - a writer added a paragraph to ``content/en/unga.md`` and reworded the HRC page's
      description, and nobody ran ``extract``/``update`` (3 outdated units, the UNGA and
      HRC catalogues outdated);
    - a translator emptied two French entries of ``treaty-bodies`` to redo them
      (untranslated), and ``update`` left the CND description fuzzy;
    - English pasted into the WHO page's French paragraph (a ``language-mismatch`` error
      on a French catalogue);
    - a French list item of the index lost its link (``markup-mismatch``);
    - and the shipped fault: French in the English INCB page.
    """
    config = french_site(root)
    fr = root / "locale" / "fr" / "LC_MESSAGES"
    unga = root / "content" / "en" / "unga.md"
    unga.write_text(unga.read_text("utf-8") + "\n" + NEW_PARAGRAPH + "\n", "utf-8")
    _edit(
        root / "content" / "en" / "hrc.md",
        "responsible for promoting and protecting human rights around the world.",
        REWORDED,
    )
    treaty = fr / "treaty-bodies.po"
    text = treaty.read_text("utf-8")
    blocks = text.split("\n\n")
    # Entries 2 and 3 (description, paragraph): keep the msgid, empty the msgstr.
    for index in (2, 3):
        head, _, _ = blocks[index].partition("\nmsgstr ")
        blocks[index] = head + '\nmsgstr ""'
    treaty.write_text("\n\n".join(blocks), "utf-8")
    _edit(fr / "cnd.po", "#. description\n", "#. description\n#, fuzzy\n")
    who = fr / "who.po"
    text = who.read_text("utf-8")
    blocks = text.split("\n\n")
    head, _, _ = blocks[3].partition("\nmsgstr ")
    blocks[3] = head + f'\nmsgstr "{PASTED_ENGLISH}"'
    who.write_text("\n\n".join(blocks), "utf-8")
    _edit(
        fr / "index.po",
        'msgstr "[Conseil des droits de l’homme (CDH)](hrc/)"',
        'msgstr "Conseil des droits de l’homme (CDH)"',
    )
    return config
