"""What a translation keeps from its source, and when that is prose."""

from __future__ import annotations

import pytest

from pipeline.langid import shared
from pipeline.langid.shared import blank, is_prose, kept_runs, name_like, running_words, whole


def test_names_shared_with_the_source_are_blanked() -> None:
    source = "(Contributed by Raymond Hettinger; :issue:`1696199`.)"
    translation = "(Contribution par Raymond Hettinger; :issue:`1696199`.)"
    runs = kept_runs(translation, source)
    assert any(translation[r.start : r.end].startswith("Raymond Hettinger") for r in runs)
    assert all(not r.prose for r in runs)
    assert "Raymond" not in blank(translation, runs)
    assert blank(translation, runs).startswith("(Contribution par")
    assert len(blank(translation, runs)) == len(translation)


def test_a_copied_sentence_is_prose_and_stays_evidence() -> None:
    source = (
        "mTLS is a security protocol. mTLS ensures that no unauthorized party can listen "
        "in on or impersonate legitimate requests."
    )
    translation = (
        "mTLS, yetkisiz tarafların meşru istekleri dinleyememesini sağlar. mTLS ensures "
        "that no unauthorized party can listen in on or impersonate legitimate requests."
    )
    runs = kept_runs(translation, source)
    prose = [r for r in runs if r.prose]
    assert prose and "ensures that no unauthorized" in translation[prose[0].start : prose[0].end]
    assert "ensures that" in blank(translation, runs)


def test_short_common_words_are_not_terms() -> None:
    # "the" and "of the" shared with an English source are evidence of English, not terms.
    runs = kept_runs("Le nom of the fichier", "The name of the file")
    assert not any("Le nom of the fichier"[r.start : r.end] == "of the" for r in runs)


def test_titles_in_quotes_or_emphasis_are_never_prose() -> None:
    text = "*Interactively testing remote servers using the Python language*"
    assert whole(text).prose is False
    assert whole("This function returns the value of the object it is given.").prose
    assert not whole("Blue Green Deployment").prose


def test_prose_needs_running_words_between_list_marks() -> None:
    assert running_words("TLS ensures that no party") == 4
    assert is_prose("ensures that no unauthorized party can listen")
    assert not is_prose("English language, help needed, good first issue")
    assert not is_prose("Problem it addresses")


def test_name_like() -> None:
    assert name_like("Chaos Engineering") and name_like("Kubernetes")
    assert name_like("Generating Pseudo-random Floating-Point Values")
    assert not name_like("Auto scaling") and not name_like("Technology (기술)")
    assert not name_like("One Two Three Four Five Six")


def test_a_long_source_gives_the_runs_of_a_short_one() -> None:
    """A whole page as the source (indexed once, shared by its units) and a msgid (only
    the shared words looked for) find the same runs."""
    translation = "Voir Raymond Hettinger et :func:`os.path.join` pour les ctypes, ctypes"
    source = "See Raymond Hettinger and :func:`os.path.join` for ctypes."
    page = " ".join([source, *(f"word{n} filler" for n in range(300))])
    short = kept_runs(translation, source)
    assert [translation[r.start : r.end] for r in short] == [
        "Raymond Hettinger",
        "ctypes",
        "ctypes",
    ]  # func, os, path, join: short lower-case words, no term
    assert kept_runs(translation, page) == short


def test_no_word_in_common_no_run() -> None:
    assert kept_runs("Bonjour à tous", "Hello everyone") == []
    assert kept_runs("", "Hello") == []
    assert kept_runs("Hello", "") == []


def test_runs_shorter_than_prose_are_not_read_as_prose(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run of fewer than PROSE_WORDS words (a name, a term) is never prose: its text is
    not read again; a copied sentence still is, and stays evidence."""
    read: list[str] = []

    def reading(text: str) -> bool:
        read.append(text)
        return is_prose(text)

    monkeypatch.setattr(shared, "is_prose", reading)
    translation = "Voir Raymond Hettinger et Guido van Rossum, puis the parser reads every token"
    source = "See Raymond Hettinger and Guido van Rossum; the parser reads every token."
    runs = kept_runs(translation, source)
    assert [(translation[r.start : r.end], r.prose) for r in runs] == [
        ("Raymond Hettinger", False),
        ("Guido van Rossum", False),
        ("the parser reads every token", True),
    ]
    assert read == ["the parser reads every token"]
