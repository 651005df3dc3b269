"""Random source edits between ``extract``/``update`` runs, and the no-data-loss invariants.

A site is a few English pages, each a heading and paragraphs. An edit inserts,
deletes, rewords, reorders, splits or merges paragraphs, or renames a page. After
each edit, ``extract`` and ``update`` run in-process and these must hold:

* no loss: every non-empty translation ever written to the French catalogues is
  still in ``locale/fr`` (live, fuzzy or obsolete; a renamed page's PO of its old
  name is left in place);
* unchanged units: an entry whose domain and msgid are in the templates before and
  after the edit keeps its translation, not fuzzy; after a rename, an entry of the
  old page keeps its translation in the new page's catalogue;
* revert: undoing the edit right after its run restores every catalogue file byte
  for byte, except where msgmerge's rules make it impossible (see
  :func:`check_revert`: obsolete entries, or fuzzy suggestions split or merged);
  files left behind are only orphan PO files of vanished domains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po
from pipeline.catalog.po_write import format_po
from reliability.sites import (
    fill_translations,
    init_site,
    read_catalog,
    run_ok,
    translations,
    tree_bytes,
    write_pages,
)

WORDS = [
    "the",
    "committee",
    "reviews",
    "annual",
    "reports",
    "from",
    "member",
    "states",
    "on",
    "drug",
    "policy",
    "and",
    "human",
    "rights",
    "the",
    "board",
    "publishes",
    "guidance",
    "while",
    "civil",
    "society",
    "groups",
    "submit",
    "evidence",
    "about",
    "harm",
    "reduction",
    "services",
    "prisons",
    "health",
    "access",
    "funding",
    "data",
    "youth",
    "women",
    "indigenous",
    "communities",
    "treatment",
    "prevention",
]
KINDS = ("insert", "delete", "reword", "reorder", "split", "merge", "rename")

Model = dict[str, tuple[str, list[str]]]
"""Page name -> (title, paragraphs)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One source edit; integers are reduced modulo what exists when it is applied."""

    kind: str
    """One of :data:`KINDS`."""
    page: int
    """Which page (modulo the page count)."""
    a: int
    """First position (paragraph, or word for a reword)."""
    b: int
    """Second position (paragraph to swap with, word chosen)."""
    text: str
    """Text of an inserted paragraph."""
    revert: bool
    """Undo the edit right after its run and check that the catalogues come back."""
    translate: bool
    """Afterwards, translate every untranslated entry (a translator's pass)."""


@dataclass(slots=True)
class Stats:
    """What the sequences exercised."""

    sequences: int = 0
    edits: int = 0
    runs: int = 0
    translations_checked: int = 0
    unchanged_checked: int = 0
    reverts_exact: int = 0
    reverts_live: int = 0
    reverts_suggestions: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def sentence(words: list[int]) -> str:
    text = " ".join(WORDS[w % len(WORDS)] for w in words)
    return text[:1].upper() + text[1:] + "."


sentences = st.lists(st.integers(0, len(WORDS) - 1), min_size=4, max_size=10).map(sentence)
paragraphs = st.lists(sentences, min_size=1, max_size=3).map(" ".join)
models = st.lists(st.lists(paragraphs, min_size=0, max_size=5), min_size=1, max_size=3).map(
    lambda pages: {f"p{i}": (f"Page number {i}", list(ps)) for i, ps in enumerate(pages)}
)
edits = st.builds(
    Edit,
    kind=st.sampled_from(KINDS),
    page=st.integers(0, 7),
    a=st.integers(0, 15),
    b=st.integers(0, 15),
    text=paragraphs,
    revert=st.booleans(),
    translate=st.booleans(),
)
sequences = st.tuples(models, st.lists(edits, min_size=1, max_size=6))


def render(model: Model) -> dict[str, str]:
    return {
        name: f"# {title}\n\n" + "".join(f"{p}\n\n" for p in paras)
        for name, (title, paras) in model.items()
    }


def apply(model: Model, edit: Edit, fresh_name: str) -> Model:
    """The model after ``edit`` (a new dict; ``model`` is not changed)."""
    out: Model = {name: (title, list(paras)) for name, (title, paras) in model.items()}
    names = sorted(out)
    name = names[edit.page % len(names)]
    title, paras = out[name]
    n = len(paras)
    if edit.kind == "insert":
        paras.insert(edit.a % (n + 1), edit.text)
    elif edit.kind == "delete" and n:
        del paras[edit.a % n]
    elif edit.kind == "reword" and n:
        i = edit.a % n
        words = paras[i].split(" ")
        k = edit.b % len(words)
        replacement = WORDS[(edit.a * 7 + edit.b) % len(WORDS)]
        words[k] = replacement if words[k] != replacement else replacement + "s"
        paras[i] = " ".join(words)
    elif edit.kind == "reorder" and n >= 2:
        i, j = edit.a % n, edit.b % n
        paras[i], paras[j] = paras[j], paras[i]
    elif edit.kind == "split" and n:
        i = edit.a % n
        parts = paras[i].split(". ")
        if len(parts) >= 2:
            cut = 1 + edit.b % (len(parts) - 1)
            paras[i : i + 1] = [". ".join(parts[:cut]) + ".", ". ".join(parts[cut:])]
    elif edit.kind == "merge" and n >= 2:
        i = edit.a % (n - 1)
        paras[i : i + 2] = [paras[i] + " " + paras[i + 1]]
    elif edit.kind == "rename":
        del out[name]
        out[fresh_name] = (title, paras)
        return out
    out[name] = (title, paras)
    return out


# --------------------------------------------------------------------------- invariants


def templates(site: Path) -> dict[str, set[str]]:
    """Domain -> msgids of its POT."""
    base = site / "locale"
    found: dict[str, set[str]] = {}
    if not base.is_dir():
        return found
    for path in sorted(base.glob("**/*.pot")):
        if "LC_MESSAGES" in path.parts:
            continue
        domain = path.relative_to(base).with_suffix("").as_posix()
        found[domain] = {m.msgid for m in read_catalog(path).messages if not m.obsolete}
    return found


def translated_units(site: Path) -> dict[tuple[str, str], str]:
    """(domain, msgid) -> msgstr of every live, translated, non-fuzzy French entry."""
    base = site / "locale" / "fr" / "LC_MESSAGES"
    units: dict[tuple[str, str], str] = {}
    if not base.is_dir():
        return units
    for path in sorted(base.rglob("*.po")):
        domain = path.relative_to(base).with_suffix("").as_posix()
        for msg in read_catalog(path).messages:
            if msg.translated and msg.msgid_plural is None:
                units[(domain, msg.msgid)] = msg.msgstr
    return units


def check_no_loss(site: Path, ever: set[str], stats: Stats) -> None:
    present = translations(site)
    lost = sorted(ever - present)
    stats.translations_checked += len(ever)
    if lost:
        raise AssertionError(f"translations lost: {lost[:5]} ({len(lost)} in all)")


def check_unchanged(
    before: dict[tuple[str, str], str],
    pots_before: dict[str, set[str]],
    site: Path,
    stats: Stats,
    renamed: dict[str, str] | None = None,
) -> None:
    """``renamed`` maps the old domain of a renamed page to its new one."""
    after = translated_units(site)
    pots_after = templates(site)
    for (domain, msgid), msgstr in before.items():
        now = (renamed or {}).get(domain, domain)
        if msgid not in pots_before.get(domain, set()) or msgid not in pots_after.get(now, set()):
            continue
        stats.unchanged_checked += 1
        got = after.get((now, msgid))
        if got != msgstr:
            raise AssertionError(
                f"unchanged unit {domain}:{msgid!r} lost its translation {msgstr!r}: now {got!r}"
            )


def _live_text(data: bytes) -> str:
    catalog = read_catalog_bytes(data)
    live = Catalog(header=catalog.header, messages=[m for m in catalog.messages if not m.obsolete])
    return format_po(live)


def read_catalog_bytes(data: bytes) -> Catalog:
    return parse_po(data.decode("utf-8"), "catalogue")


def _has_suggestions(catalog: Catalog) -> bool:
    return any(m.fuzzy and m.previous_msgid is not None for m in catalog.messages)


def _reviewed_restored(before: Catalog, after: Catalog) -> bool:
    """Every live, translated, non-fuzzy entry of ``before`` is in ``after`` unchanged."""
    now = {m.key: m for m in after.messages if not m.obsolete}
    for old in before.messages:
        if old.translated:
            new = now.get(old.key)
            if new is None or not new.translated or new.msgstr != old.msgstr:
                return False
    return True


def _only_suggestions_differ(before: Catalog, after: Catalog) -> bool:
    """Same live entries in the same order, reviewed ones unchanged; an untranslated entry
    may have become a fuzzy suggestion."""
    old_live = [m for m in before.messages if not m.obsolete]
    new_live = [m for m in after.messages if not m.obsolete]
    if [m.key for m in old_live] != [m.key for m in new_live]:
        return False
    for old, new in zip(old_live, new_live, strict=True):
        if old.has_translation and _entry(old) != _entry(new):
            return False
        if not old.has_translation and new.has_translation and not new.fuzzy:
            return False
    return True


def _obsolete_text(catalog: Catalog) -> str:
    return format_po(Catalog(None, [m for m in catalog.messages if m.obsolete]))


def _entry(msg: Message) -> tuple[object, ...]:
    return (msg.msgstr, msg.msgstr_plural, msg.fuzzy, msg.previous_msgid, msg.translator_comments)


def check_revert(before: dict[str, bytes], after: dict[str, bytes], stats: Stats) -> None:
    """Catalogue files after an edit and its undo, compared with those before the edit.

    Byte for byte, except where msgmerge's rules make it impossible:

    * an untranslated entry keeps no memory of having had no suggestion: the undo may
      offer it a fuzzy suggestion (as when the undone edit merged it with a
      translated paragraph, which the merged entry took its suggestion from);
    * the catalogue held obsolete entries: an edit may take a fuzzy suggestion from
      one, and its undo leaves that suggestion obsolete under its new msgid; or the
      undo offers one as a suggestion to an untranslated entry (msgmerge fuzzy-matches
      every unused entry, and an untranslated entry keeps no memory that it had none);
      then the live entries must be the same, every translated one unchanged;
    * the catalogue held fuzzy suggestions (``#, fuzzy`` with ``#|``): splitting or
      merging such an entry spreads its suggestion over several entries, and which
      one the undo keeps as obsolete cannot be told apart from a deletion's undo;
      then every reviewed (non-fuzzy) translation must be restored exactly (and the
      no-loss check keeps every suggestion's text).
    """
    pots = {rel[len("locale/") : -len(".pot")] for rel in after if rel.endswith(".pot")}
    kind = "exact"
    for rel, data in before.items():
        if rel not in after:
            raise AssertionError(f"revert: {rel} disappeared")
        if after[rel] == data:
            continue
        old, new = read_catalog_bytes(data), read_catalog_bytes(after[rel])
        had_obsolete = any(m.obsolete for m in old.messages)
        same_obsolete = _obsolete_text(old) == _obsolete_text(new)
        if (
            rel.endswith(".po")
            and (had_obsolete or same_obsolete)
            and _only_suggestions_differ(old, new)
        ):
            kind = "live" if kind == "exact" else kind
            continue
        if rel.endswith(".po") and _has_suggestions(old) and _reviewed_restored(old, new):
            kind = "suggestions"
            continue
        raise AssertionError(
            f"revert: {rel} not restored:\n--- before\n{data.decode()}\n"
            f"--- after\n{after[rel].decode()}"
        )
    for rel in after.keys() - before.keys():
        domain = rel.split("/LC_MESSAGES/", 1)[-1].removesuffix(".po")
        if not rel.endswith(".po") or domain in pots:
            raise AssertionError(f"revert: {rel} left behind")
    if kind == "exact":
        stats.reverts_exact += 1
    elif kind == "live":
        stats.reverts_live += 1
    else:
        stats.reverts_suggestions += 1


def _renamed(before: Model, after: Model) -> dict[str, str]:
    """Old domain -> new domain when the edit renamed a page."""
    gone = [name for name in before if name not in after]
    fresh = [name for name in after if name not in before]
    return {gone[0]: fresh[0]} if len(gone) == 1 and len(fresh) == 1 else {}


def run_sequence(model: Model, steps: list[Edit], site: Path, stats: Stats) -> None:
    """Build the site, translate it, then apply ``steps`` checking the invariants."""
    init_site(site)
    write_pages(site, render(model))
    run_ok(site, "extract")
    run_ok(site, "update")
    stats.runs += 2
    ever = set(fill_translations(site))
    check_no_loss(site, ever, stats)
    counter = len(model)
    for step in steps:
        stats.edits += 1
        stats.kinds[step.kind] = stats.kinds.get(step.kind, 0) + 1
        before_files = tree_bytes(site)
        before_units = translated_units(site)
        pots_before = templates(site)
        counter += 1
        changed = apply(model, step, f"p{counter}")
        write_pages(site, render(changed))
        run_ok(site, "extract")
        run_ok(site, "update")
        stats.runs += 2
        check_no_loss(site, ever, stats)
        renamed = _renamed(model, changed)
        check_unchanged(before_units, pots_before, site, stats, renamed)
        if step.revert:
            write_pages(site, render(model))
            run_ok(site, "extract")
            run_ok(site, "update")
            stats.runs += 2
            check_revert(before_files, tree_bytes(site), stats)
            check_no_loss(site, ever, stats)
        else:
            model = changed
        if step.translate:
            ever.update(fill_translations(site))
            check_no_loss(site, ever, stats)
    stats.sequences += 1
