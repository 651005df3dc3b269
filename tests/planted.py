"""A copy of the shipped site with faults planted the way people make them (for the
dashboard, ``status`` and browser tests), and the figures an independent reader expects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from helpers import french_site
from pipeline.catalog import store
from pipeline.catalog.model import Message
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


def _catalogue(config: Config, path: Path, change: Callable[[int, Message], Message]) -> None:
    """Load a PO file, change its entries (by index, header left out), save it."""
    catalog = store.load(config, path)
    catalog.messages = [change(i, m) for i, m in enumerate(catalog.messages)]
    store.save(config, path, catalog)


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
    # The catalogue edits are saved the way a PO editor saves them (gettext's layout), so
    # that only the two edited pages leave their catalogues behind.
    _catalogue(
        config, fr / "treaty-bodies.po", lambda i, m: replace(m, msgstr="") if i in (1, 2) else m
    )
    _catalogue(config, fr / "cnd.po", lambda i, m: m.with_flag("fuzzy") if i == 1 else m)
    _catalogue(
        config, fr / "who.po", lambda i, m: replace(m, msgstr=PASTED_ENGLISH) if i == 2 else m
    )
    _catalogue(
        config,
        fr / "index.po",
        lambda i, m: (
            replace(m, msgstr="Conseil des droits de l’homme (CDH)")
            if m.msgstr == "[Conseil des droits de l’homme (CDH)](hrc/)"
            else m
        ),
    )
    return config
