"""Catalogue merge: golden scenarios (checked against GNU msgmerge), single cases, properties.

Each folder under ``merge/`` holds ``before.po`` (the old translation), ``new.pot``
(the new template) and ``after.po`` (our merge, golden; PIPELINE_REGEN_GOLDEN=1
rewrites it).  The same inputs go through ``msgmerge --previous`` and both results
must put the same entries in the same state (translated, fuzzy, untranslated,
obsolete) with the same translations and previous msgids.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import check_golden
from pipeline.catalog.merge import MergeResult, merge
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po, read_po
from pipeline.catalog.po_write import format_po

HERE = Path(__file__).parent / "merge"
SCENARIOS = sorted(p.parent for p in HERE.glob("*/new.pot"))
MSGMERGE = shutil.which("msgmerge")
needs_msgmerge = pytest.mark.skipif(MSGMERGE is None, reason="GNU msgmerge is not installed")

NOT_BYTE_IDENTICAL = {
    # msgmerge keeps only msgstr[0] when a plural entry becomes singular; we keep the
    # other forms as translator comments so that no translation is ever lost.
    "plural",
}
"""Scenarios whose output legitimately differs from msgmerge's byte-wise (see comments)."""

COUNTS = {
    # scenario: (kept, fuzzy, new, obsolete)
    "context": (3, 2, 0, 0),
    "deleted": (1, 0, 0, 3),
    "edited-paragraph": (1, 2, 0, 0),
    "header-date": (1, 0, 0, 0),
    "moved": (3, 0, 0, 0),
    "new-entry": (1, 0, 2, 1),
    "plural": (3, 1, 1, 0),
    "revived-obsolete": (3, 1, 0, 1),
    "translator-comment": (2, 1, 0, 0),
    "untouched": (3, 0, 0, 1),
}

HEADER = (
    "Project-Id-Version: test 1.0\n"
    "Report-Msgid-Bugs-To: \n"
    "POT-Creation-Date: 2024-01-01 10:00+0000\n"
    "PO-Revision-Date: 2024-01-02 11:00+0000\n"
    "Last-Translator: \n"
    "Language-Team: French\n"
    "Language: fr\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)
POT_HEADER = (
    "Project-Id-Version: test 1.0\n"
    "Report-Msgid-Bugs-To: \n"
    "POT-Creation-Date: 2024-03-01 09:30+0000\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
)


def _merge_files(scenario: Path) -> MergeResult:
    return merge(read_po(scenario / "before.po"), read_po(scenario / "new.pot"))


def _msgmerge(po_text: str, pot_text: str, tmp_path: Path) -> str:
    assert MSGMERGE is not None
    (tmp_path / "old.po").write_text(po_text, "utf-8")
    (tmp_path / "new.pot").write_text(pot_text, "utf-8")
    subprocess.run(
        [MSGMERGE, "--previous", "-q", "old.po", "new.pot", "-o", "out.po"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    return (tmp_path / "out.po").read_text("utf-8")


State = tuple[str, tuple[str, ...], tuple[str | None, str | None, str | None]]


def _states(catalog: Catalog) -> dict[tuple[bool, str | None, str], State]:
    """(obsolete, msgctxt, msgid) -> (state, translation, previous msgctxt/msgid/plural)."""
    states: dict[tuple[bool, str | None, str], State] = {}
    for msg in catalog.messages:
        if msg.obsolete:
            state = "obsolete"
        elif msg.fuzzy:
            state = "fuzzy"
        else:
            state = "translated" if msg.translated else "untranslated"
        translation = msg.msgstr_plural if msg.msgid_plural is not None else (msg.msgstr,)
        previous = (msg.previous_msgctxt, msg.previous_msgid, msg.previous_msgid_plural)
        states[(msg.obsolete, msg.msgctxt, msg.msgid)] = (state, translation, previous)
    return states


def _agree(po: Catalog, pot: Catalog, tmp_path: Path) -> Catalog:
    """Merge in-memory catalogues; check msgmerge classifies every entry the same way."""
    ours = parse_po(format_po(merge(po, pot).catalog), "ours.po")
    theirs = parse_po(_msgmerge(format_po(po), format_po(pot), tmp_path), "out.po")
    assert _states(ours) == _states(theirs)
    return ours


def _po(*messages: Message, header: str = HEADER) -> Catalog:
    return Catalog(Message(msgid="", msgstr=header), list(messages))


def _pot(*messages: Message) -> Catalog:
    return Catalog(Message(msgid="", msgstr=POT_HEADER), list(messages))


def _live(catalog: Catalog) -> dict[tuple[str | None, str], Message]:
    return {m.key: m for m in catalog.messages if not m.obsolete}


# --------------------------------------------------------------------------- golden


def test_scenarios_present() -> None:
    assert {s.name for s in SCENARIOS} == set(COUNTS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_golden(scenario: Path) -> None:
    check_golden(scenario / "after.po", format_po(_merge_files(scenario).catalog))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_counts(scenario: Path) -> None:
    result = _merge_files(scenario)
    assert (result.kept, result.fuzzy, result.new, result.obsolete) == COUNTS[scenario.name]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_merging_again_changes_nothing(scenario: Path) -> None:
    after = (scenario / "after.po").read_text("utf-8")
    again = merge(parse_po(after, "after.po"), read_po(scenario / "new.pot"))
    assert format_po(again.catalog) == after
    assert again.fuzzy == again.new == 0


@needs_msgmerge
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_agrees_with_msgmerge(scenario: Path, tmp_path: Path) -> None:
    before = (scenario / "before.po").read_text("utf-8")
    theirs_text = _msgmerge(before, (scenario / "new.pot").read_text("utf-8"), tmp_path)
    ours_text = format_po(_merge_files(scenario).catalog)
    ours, theirs = parse_po(ours_text, "ours.po"), parse_po(theirs_text, "out.po")
    assert _states(ours) == _states(theirs)
    assert ours.header_fields() == theirs.header_fields()
    if scenario.name not in NOT_BYTE_IDENTICAL:
        assert ours_text == theirs_text


def test_untouched_scenario_is_unchanged() -> None:
    scenario = HERE / "untouched"
    before = (scenario / "before.po").read_text("utf-8")
    assert format_po(_merge_files(scenario).catalog) == before


# --------------------------------------------------------------------------- single cases


def test_exact_match_keeps_translation_and_takes_template_source_data() -> None:
    old = Message(
        msgid="Hello",
        msgstr="Bonjour",
        translator_comments=("mine",),
        extracted_comments=("old",),
        references=("a.md:1",),
        line=7,
    )
    new = Message(msgid="Hello", extracted_comments=("heading",), references=("b.md:2",))
    result = merge(_po(old), _pot(new))
    assert result.catalog.messages == [
        Message(
            msgid="Hello",
            msgstr="Bonjour",
            translator_comments=("mine",),
            extracted_comments=("heading",),
            references=("b.md:2",),
        )
    ]
    assert (result.kept, result.fuzzy, result.new, result.obsolete) == (1, 0, 0, 0)


def test_fuzzy_match_records_previous_source() -> None:
    old = Message(msgid="Read the manual first.", msgstr="Lisez d’abord le manuel.")
    new = Message(msgid="Read the manual first!")
    (msg,) = merge(_po(old), _pot(new)).catalog.messages
    assert msg.fuzzy
    assert msg.msgstr == "Lisez d’abord le manuel."
    assert msg.previous_msgid == "Read the manual first."
    assert msg.previous_msgctxt is None


def test_previous_source_of_a_fuzzy_entry_is_kept_and_dropped_once_not_fuzzy() -> None:
    fuzzy = Message(
        msgid="Read the manual.",
        msgstr="Lisez le manuel.",
        flags=("fuzzy",),
        previous_msgid="Read the manual now.",
    )
    stale = Message(msgid="Done.", msgstr="Fini.", previous_msgid="Done!")
    out = _live(
        merge(
            _po(fuzzy, stale), _pot(Message(msgid="Read the manual!"), Message(msgid="Done."))
        ).catalog
    )
    assert out[(None, "Read the manual!")].previous_msgid == "Read the manual now."
    assert out[(None, "Done.")].previous_msgid is None
    assert not out[(None, "Done.")].fuzzy


@needs_msgmerge
def test_fuzzy_entry_without_previous_gives_none(tmp_path: Path) -> None:
    old = Message(msgid="Some text to translate.", msgstr="Du texte.", flags=("fuzzy",))
    ours = _agree(_po(old), _pot(Message(msgid="Some text to translate!")), tmp_path)
    (msg,) = ours.messages
    assert msg.fuzzy and msg.previous_msgid is None


@needs_msgmerge
def test_no_common_four_characters_no_fuzzy_match(tmp_path: Path) -> None:
    # "Edit" and "Exit" are 75 % similar but share no 4-character sequence.
    ours = _agree(
        _po(Message(msgid="Exit", msgstr="Quitter")), _pot(Message(msgid="Edit")), tmp_path
    )
    assert [(m.msgid, m.obsolete, m.msgstr) for m in ours.messages] == [
        ("Edit", False, ""),
        ("Exit", True, "Quitter"),
    ]


@needs_msgmerge
def test_short_msgids_match_by_length_only(tmp_path: Path) -> None:
    olds = (Message(msgid="Yes!", msgstr="Oui !"), Message(msgid="Nope", msgstr="Non"))
    ours = _agree(_po(*olds), _pot(Message(msgid="Yes"), Message(msgid="No")), tmp_path)
    live = _live(ours)
    assert live[(None, "Yes")].msgstr == "Oui !" and live[(None, "Yes")].fuzzy
    assert live[(None, "No")].msgstr == "Non" and live[(None, "No")].fuzzy


@needs_msgmerge
def test_candidate_without_context_wins_a_tie(tmp_path: Path) -> None:
    olds = (
        Message(msgid="Download the file A", msgstr="ctx", msgctxt="menu"),
        Message(msgid="Download the file B", msgstr="plain"),
    )
    ours = _agree(_po(*olds), _pot(Message(msgid="Download the file C")), tmp_path)
    assert _live(ours)[(None, "Download the file C")].msgstr == "plain"


@needs_msgmerge
def test_best_match_wins_and_one_old_entry_serves_several(tmp_path: Path) -> None:
    olds = (
        Message(msgid="The quick brown fox jumps over the dog.", msgstr="renard"),
        Message(msgid="Completely unrelated words here.", msgstr="autre"),
    )
    pot = _pot(
        Message(msgid="The quick brown fox jumps over the cat."),
        Message(msgid="The quick brown fox leaps over the dog."),
        Message(msgid="Nothing alike at all, really not."),
    )
    live = _live(_agree(_po(*olds), pot, tmp_path))
    assert live[(None, "The quick brown fox jumps over the cat.")].msgstr == "renard"
    assert live[(None, "The quick brown fox leaps over the dog.")].msgstr == "renard"
    assert live[(None, "Nothing alike at all, really not.")].msgstr == ""


@needs_msgmerge
def test_context_change_of_an_entry_still_used(tmp_path: Path) -> None:
    old = Message(msgid="Open", msgstr="Ouvrir")
    pot = _pot(Message(msgid="Open"), Message(msgid="Open", msgctxt="menu"))
    live = _live(_agree(_po(old), pot, tmp_path))
    assert live[("menu", "Open")].fuzzy and live[("menu", "Open")].msgstr == "Ouvrir"


def test_near_duplicate_of_an_entry_still_used_is_not_suggested() -> None:
    # Deliberate difference from msgmerge (see pipeline.catalog.merge): only old
    # entries no template entry matched exactly are searched.
    old = Message(msgid="Install the package.", msgstr="Installez le paquet.")
    pot = _pot(Message(msgid="Install the package."), Message(msgid="Install the packages."))
    live = _live(merge(_po(old), pot).catalog)
    assert live[(None, "Install the packages.")].msgstr == ""


def test_untranslated_entries_no_longer_used_are_dropped() -> None:
    olds = (Message(msgid="Gone, never translated"), Message(msgid="Gone", msgstr="Parti"))
    result = merge(_po(*olds), _pot())
    assert [(m.msgid, m.obsolete) for m in result.catalog.messages] == [("Gone", True)]
    assert result.obsolete == 1


def test_obsolete_entries_keep_comments_flags_and_previous_but_not_source_data() -> None:
    old = Message(
        msgid="Old text",
        msgstr="Vieux texte",
        translator_comments=("note",),
        extracted_comments=("paragraph",),
        references=("a.md:3",),
        flags=("fuzzy",),
        previous_msgid="Older text",
        line=12,
    )
    (msg,) = merge(_po(old), _pot()).catalog.messages
    assert msg == replace(old, obsolete=True, extracted_comments=(), references=(), line=0)


def test_obsolete_order_follows_the_old_catalogue() -> None:
    olds = (
        Message(msgid="first", msgstr="1"),
        Message(msgid="gone before", msgstr="0", obsolete=True),
        Message(msgid="second", msgstr="2"),
    )
    result = merge(_po(*olds), _pot(Message(msgid="new thing")))
    assert [m.msgid for m in result.catalog.messages] == [
        "new thing",
        "first",
        "gone before",
        "second",
    ]


def test_plural_translation_with_empty_first_form_is_never_dropped() -> None:
    old = Message(msgid="a", msgid_plural="as", msgstr_plural=("", "des a"))
    (msg,) = merge(_po(old), _pot()).catalog.messages
    assert msg.obsolete and msg.msgstr_plural == ("", "des a")


def test_new_plural_entry_gets_nplurals_empty_forms() -> None:
    header = HEADER.replace("nplurals=2; plural=(n > 1);", "nplurals=4; plural=n%4;")
    new = Message(msgid="one", msgid_plural="many", msgstr_plural=("", ""))
    (msg,) = merge(_po(header=header), _pot(new)).catalog.messages
    assert msg.msgstr_plural == ("", "", "", "")


def test_singular_to_plural_copies_the_translation() -> None:
    header = HEADER.replace("nplurals=2; plural=(n > 1);", "nplurals=3; plural=n%3;")
    old = Message(msgid="A file", msgstr="Un fichier")
    new = Message(msgid="A file", msgid_plural="Files", msgstr_plural=("", ""))
    (msg,) = merge(_po(old, header=header), _pot(new)).catalog.messages
    assert msg.fuzzy and msg.msgstr_plural == ("Un fichier",) * 3
    assert msg.previous_msgid == "A file" and msg.previous_msgid_plural is None


def test_plural_to_singular_keeps_other_forms_as_comments() -> None:
    old = Message(
        msgid="A file",
        msgid_plural="%d files",
        msgstr_plural=("Un fichier", '%d "fichiers"\n'),
        translator_comments=("x",),
    )
    (msg,) = merge(_po(old), _pot(Message(msgid="A file"))).catalog.messages
    assert msg.fuzzy and msg.msgstr == "Un fichier" and msg.msgstr_plural == ()
    assert msg.translator_comments == ("x", 'msgstr[1] "%d \\"fichiers\\"\\n"')
    assert msg.previous_msgid_plural == "%d files"


def test_flags_format_from_template_others_from_old_entry() -> None:
    old = Message(
        msgid="Hello %s",
        msgstr="Bonjour %s",
        flags=("fuzzy", "python-format", "no-wrap", "reviewed"),
    )
    new = Message(msgid="Hello %s", flags=("c-format",))
    (msg,) = merge(_po(old), _pot(new)).catalog.messages
    assert msg.flags == ("fuzzy", "c-format", "reviewed")


def test_new_entry_loses_template_translation_and_fuzzy() -> None:
    new = Message(msgid="Fresh", msgstr="stale", flags=("fuzzy", "c-format"), line=4)
    (msg,) = merge(_po(), _pot(new)).catalog.messages
    assert msg == Message(msgid="Fresh", flags=("c-format",))


def test_duplicate_and_obsolete_template_entries_are_ignored() -> None:
    pot = _pot(
        Message(msgid="Twice", references=("a.md:1",)),
        Message(msgid="Twice", references=("b.md:1",)),
        Message(msgid="Dead", obsolete=True),
    )
    result = merge(_po(), pot)
    assert [(m.msgid, m.references) for m in result.catalog.messages] == [("Twice", ("a.md:1",))]
    assert result.new == 1


def test_header_takes_only_the_template_date() -> None:
    po = _po(header=HEADER + "X-Custom: kept\n")
    header = merge(po, _pot()).catalog.header
    assert header is not None
    assert header.msgstr == (HEADER + "X-Custom: kept\n").replace(
        "2024-01-01 10:00+0000", "2024-03-01 09:30+0000"
    )


def test_header_date_inserted_where_msgmerge_puts_it() -> None:
    text = "Project-Id-Version: x\nLanguage: fr\n"
    header = merge(_po(header=text), _pot()).catalog.header
    assert header is not None
    assert header.msgstr == (
        "Project-Id-Version: x\nPOT-Creation-Date: 2024-03-01 09:30+0000\nLanguage: fr\n"
    )


def test_header_kept_when_template_has_no_date_or_no_header() -> None:
    po = _po(Message(msgid="a", msgstr="b"))
    undated = Catalog(Message(msgid="", msgstr="Project-Id-Version: y\n"), [])
    assert merge(po, undated).catalog.header == po.header
    assert merge(po, Catalog(None, [])).catalog.header == po.header


def test_po_without_header_takes_the_template_header() -> None:
    # msgmerge writes no header at all in this case.
    pot = _pot(Message(msgid="a"))
    assert merge(Catalog(None, []), pot).catalog.header == pot.header
    assert merge(Catalog(None, []), Catalog(None, [])).catalog.header is None


def test_lang_sets_the_language_field() -> None:
    header = merge(_po(), _pot(), lang="de").catalog.header
    assert header is not None and "Language: de\n" in header.msgstr
    assert "Language: fr" not in header.msgstr
    plain = "Project-Id-Version: x\nLanguage-Team: German\nMIME-Version: 1.0\n"
    header = merge(_po(header=plain), Catalog(None, []), lang="de").catalog.header
    assert header is not None
    assert header.msgstr == (
        "Project-Id-Version: x\nLanguage-Team: German\nLanguage: de\nMIME-Version: 1.0\n"
    )


def test_untranslated_entry_is_never_fuzzy() -> None:
    old = Message(msgid="Blank", flags=("fuzzy",), previous_msgid="Blank!")
    (msg,) = merge(_po(old), _pot(Message(msgid="Blank"))).catalog.messages
    assert msg == Message(msgid="Blank")


# --------------------------------------------------------------------------- properties

WORDS = ("alpha", "beta", "gamma", "page", "site", "the", "of", "a", "build", "text")
_sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
_context = st.none() | st.sampled_from(("menu", "button"))


@st.composite
def _old_entry(draw: st.DrawFn) -> Message:
    msgid = draw(_sentence)
    fuzzy = draw(st.booleans())
    flags = ("fuzzy",) if fuzzy else ()
    previous = draw(st.none() | _sentence) if fuzzy else None
    translation = st.just("") | _sentence.map(str.upper)
    if draw(st.booleans()):
        return Message(
            msgid=msgid,
            msgctxt=draw(_context),
            msgid_plural=msgid + " s",
            msgstr_plural=tuple(draw(st.lists(translation, min_size=2, max_size=3))),
            flags=flags,
            previous_msgid=previous,
            obsolete=draw(st.booleans()),
        )
    return Message(
        msgid=msgid,
        msgctxt=draw(_context),
        msgstr=draw(translation),
        translator_comments=tuple(draw(st.lists(_sentence, max_size=1))),
        flags=flags,
        previous_msgid=previous,
        obsolete=draw(st.booleans()),
    )


@st.composite
def _template_entry(draw: st.DrawFn) -> Message:
    plural = draw(st.booleans())
    msgid = draw(_sentence)
    return Message(
        msgid=msgid,
        msgctxt=draw(_context),
        msgid_plural=msgid + " s" if plural else None,
        msgstr_plural=("", "") if plural else (),
        references=(f"p.md:{draw(st.integers(1, 99))}",),
    )


def _unique(messages: list[Message]) -> list[Message]:
    return list({m.key: m for m in messages}.values())


@st.composite
def _catalogues(draw: st.DrawFn) -> tuple[Catalog, Catalog]:
    olds = _unique(draw(st.lists(_old_entry(), max_size=12)))
    kept = [
        Message(msgid=m.msgid, msgctxt=m.msgctxt, msgid_plural=m.msgid_plural)
        for m in olds
        if draw(st.booleans())
    ]
    fresh = draw(st.lists(_template_entry(), max_size=8))
    order = draw(st.permutations(_unique(kept + fresh)))
    nplurals = draw(st.integers(1, 3))
    header = HEADER.replace("nplurals=2", f"nplurals={nplurals}")
    return _po(*olds, header=header), _pot(*order)


def _translations(msg: Message) -> list[str]:
    forms = msg.msgstr_plural if msg.msgid_plural is not None else (msg.msgstr,)
    return [form for form in forms if form]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_catalogues())
def test_property_no_translation_lost_and_idempotent(pair: tuple[Catalog, Catalog]) -> None:
    po, pot = pair
    result = merge(po, pot)
    out = result.catalog
    kept_text = {t for m in out.messages for t in _translations(m)}
    comments = " ".join(c for m in out.messages for c in m.translator_comments)
    for old in po.messages:
        for text in _translations(old):
            assert text in kept_text or f'"{text}"' in comments, (old, out.messages)
    live = [m for m in out.messages if not m.obsolete]
    assert [m.key for m in live] == [m.key for m in pot.messages]
    assert result.kept + result.fuzzy + result.new == len(live)
    assert result.obsolete == len(out.messages) - len(live)
    assert merge(po, pot) == result
    again = merge(out, pot)
    assert again.catalog == out
    assert (again.kept, again.fuzzy, again.new) == (len(live), 0, 0)
