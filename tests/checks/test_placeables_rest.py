"""The reStructuredText / Sphinx dialect: what it reads as placeables, and how the
comparison grades a difference (fault, likely deliberate, formatting only)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.markup import markup_issues
from pipeline.checks.placeables import REST
from pipeline.checks.placeables.rest import read
from pipeline.model import Severity


def messages(source: str, translation: str, *, weak: bool = False) -> list[str]:
    return [issue.message for issue in markup_issues(source, translation, REST, weak=weak)]


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        (
            "Call :func:`len` here.",
            "Appelez :func:`lens` ici.",
            "role target :func:`len` became :func:`lens`",
        ),
        (
            "See :ref:`the guide <tut-guide>`.",
            "Voir :ref:`le guide <tut-gide>`.",
            "role target :ref:`the guide <tut-guide>` became :ref:`le guide <tut-gide>`",
        ),
        (
            "Use ``__len__`` to count.",
            "Utilisez ``__int__`` pour compter.",
            "literal ``__len__`` became ``__int__``",
        ),
        (
            "Read `the docs <https://docs.python.org/3/>`_ first.",
            "Lisez `la doc <https://docs.python.org/2/>`_ d'abord.",
            "link target 'https://docs.python.org/3/' became 'https://docs.python.org/2/'",
        ),
        ("Version |version| is out.", "La version est sortie.", "substitution `|version|`"),
        (
            "A claim [#]_ here.",
            "Une affirmation ici.",
            "footnote reference [#]_ of the source is missing",
        ),
        ("A claim [1]_ here.", "Une affirmation [2]_ ici.", "footnote reference [1]_ became [2]_"),
        (
            "Returns ``'a'`` always.",
            "Renvoie ``’a’`` toujours.",
            "literal ``'a'`` became ``’a’``",
        ),
        (
            ":pep:`479`: *StopIteration handling inside generators*",
            ":pep:`479` : *Gestion de *StopIteration* à l’intérieur des générateurs*",
            "holds a nested '*'",
        ),
        ("A *mistake here.", "Une *erreur ici.", ""),  # the source's own fault is not ours
        ("Some text.", "Un texte *non fermé.", "emphasis start-string '*' without end-string"),
        ("See :term:`file object`.", "Voir le fichier.", "the source has 1 term reference"),
        ("See `Examples`_.", "Voir les exemples.", "the source has 1 named reference"),
    ],
)
def test_planted_differences_are_found(source: str, translation: str, expected: str) -> None:
    found = messages(source, translation)
    if not expected:
        assert found == []
    else:
        assert any(expected in message for message in found), found


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        # role display texts and term targets are translated (Sphinx resolves terms against
        # the translated glossary)
        (
            "Read a :term:`file object <file object>` and a :term:`file object`.",
            "Lisez un :term:`objet fichier <file object>` et un :term:`objet fichier`.",
        ),
        ("Call :func:`~os.path.join`.", "Appelez :func:`os.path.join`."),
        ("Call :func:`os.stat`.", "Appelez :func:`os.stat()`."),
        ("Call :meth:`!close` now.", "Appelez :meth:`!fermer` maintenant."),
        ("Use the *frameworks* you like.", "Utilisez les cadriciels que vous aimez."),
        ("It is **very** fast.", "C'est *très* rapide."),
        ("See `Examples`_ below.", "Voir les `Exemples`_ ci-dessous."),
        (
            "See `the docs <https://en.wikipedia.org/wiki/Currying>`_.",
            "Voir `la page <https://fr.wikipedia.org/wiki/Curryfication>`_.",
        ),
        ('Quoted "*" and (*) are text, as is 2*3*4.', 'Cités "*" et (*) sont du texte, 2*3*4.'),
        (r"An escaped \*star is text.", r"Une \*étoile échappée est du texte."),
        (
            "Click :guilabel:`Open` and press :kbd:`Enter`.",
            "Cliquez sur :guilabel:`Ouvrir` et appuyez sur :kbd:`Entrée`.",
        ),
        ("The :file:`{prefix}/lib` folder.", "Le dossier :file:`{préfixe}/lib`."),
        ("Set ``foo`` now.", "Mettez *foo* maintenant."),  # code markup only: info
        ("It returns ``True``.", "Elle renvoie vrai."),  # a boolean as a word: warning
    ],
)
def test_allowed_changes_are_not_errors(source: str, translation: str) -> None:
    issues = markup_issues(source, translation, REST)
    assert all(issue.severity is not None for issue in issues), issues


def test_formatting_only_changes_are_info_and_only_when_asked() -> None:
    assert markup_issues("Set ``foo`` now.", "Mettez *foo* maintenant.", REST) == []
    issues = markup_issues("Set ``foo`` now.", "Mettez *foo* maintenant.", REST, weak=True)
    assert [issue.severity for issue in issues] == [Severity.INFO, Severity.INFO]
    emphasis = markup_issues("A *framework*.", "Un cadriciel.", REST, weak=True)
    assert [i.message for i in emphasis] == [
        "the source has 1 emphasised span, the translation 0 emphasised spans"
    ]


def test_translated_examples_are_warnings_named_together() -> None:
    issues = markup_issues(
        "Use ``new = old``, then ``new is old`` holds.",
        "Utilisez ``nouveau = ancien``, alors ``nouveau is ancien`` vaut vrai.",
        REST,
    )
    assert [issue.severity for issue in issues] == [Severity.WARNING]
    assert "``new = old``" in issues[0].message and "``nouveau = ancien``" in issues[0].message


def test_the_dialect_reads_placeables_and_prose() -> None:
    found = read("See :ref:`the guide <tut>` and ``x`` at https://python.org.")
    kinds = [(item.kind, item.key, item.fixed) for item in found.items]
    assert ("role target", ":ref:`tut`", True) in kinds
    assert ("role text", "the guide", False) in kinds
    assert ("literal", "x", True) in kinds
    assert ("URL", "https://python.org", True) in kinds
    assert found.prose == "See the guide and at ."


@pytest.mark.parametrize(
    "text",
    [":func:`iter`", ":exc:`RuntimeWarning`", "``x`` and ``y``", "heapq", "%A", "A.M. Kuchling"],
)
def test_texts_without_running_text_have_no_prose(text: str) -> None:
    assert read(text).prose == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`|:[]<>#\\\n.-!~")), max_size=40))
def test_a_text_never_differs_from_itself(text: str) -> None:
    assert markup_issues(text, text, REST, weak=True) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*`|:_[]<>ab \\\x00é-", max_size=40), st.integers(0, 40))
def test_searching_only_where_markup_can_start_finds_the_same_match(text: str, pos: int) -> None:
    """The reader tries its start-string pattern only at the characters a match can begin
    with; the match is the one a plain search finds."""
    from pipeline.checks.placeables import rest

    plain = rest._START_NO_UNDERSCORE.search(text, pos)
    found = rest._search_no_underscore(text, pos)
    assert (found and (found.span(), found.groupdict())) == (
        plain and (plain.span(), plain.groupdict())
    )


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="_ab1é.:-+*`|[]<>\\\x00# ", max_size=40), st.integers(0, 40))
def test_searching_a_text_with_underscores_finds_the_same_match(text: str, pos: int) -> None:
    """In a text holding ``_``, the reader tries its start-string pattern only at the
    characters a match can begin with and in the names that reach an ``_``; the match is
    the one a plain search finds."""
    from pipeline.checks.placeables import rest

    plain = rest._START.search(text, pos)
    found = rest._search_underscore(text, pos)
    assert (found and (found.span(), found.groupdict())) == (
        plain and (plain.span(), plain.groupdict())
    )


@pytest.mark.parametrize(
    "text",
    [
        "see `Python <https://python.org>`_ and sys.path_hooks, os_name_ or name__",
        "a :data:`sys.path_hooks` entry, then ref_ and `phrase`__ [#]_ [1]_ [cite]_",
        "x_y z__ _`target` |sub|_ *a_b* **c_d** ``e_f``",
    ],
)
def test_a_text_with_underscores_reads_as_a_plain_search_reads_it(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.checks.placeables import rest

    found = rest.read.__wrapped__(text)
    monkeypatch.setattr(rest, "_search_underscore", rest._START.search)
    assert found == rest.read.__wrapped__(text)


_PIECES = [
    ":func:`len`", ":ref:`the guide <tut>`", ":term:`x`", ":file:`a/{b}`", ":kbd:`C-x`",
    ":abbr:`A (b)`", ":meth:`!x`", ":mod:`~a.b`", "``x``", "``a\\`b``", "*em*", "**st**",
    "*a *b* c*", "`a <https://x.org>`_", "`a <b_>`_", "`ph`__", "`txt`", "|s|", "|s|_",
    "[#]_", "[1]_", "[cite]_", "_`tgt`", "name_", "anon__", "http://x.org/a", "\\*", "\\`",
    " ", " ", "word", "_", "`", ":", "*", "|", "é", "\n", "(", ")", '"', ".",
]  # fmt: skip
_RST = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_RST, min_size=1, max_size=6))
def test_constructs_read_before_are_read_as_the_first_time(texts: list[str]) -> None:
    """The reader keeps what each construct added (a role in a source is read again in its
    translation): a text read after others holding its constructs reads as it reads alone."""
    from pipeline.checks.placeables import rest

    rest._DONE.clear()
    warm = [rest.read.__wrapped__(text) for text in texts + texts[::-1]]
    alone = []
    for text in texts + texts[::-1]:
        rest._DONE.clear()
        alone.append(rest.read.__wrapped__(text))
    assert warm == alone


def test_a_construct_is_read_once() -> None:
    from pipeline.checks.placeables import rest

    rest._DONE.clear()
    rest.read.__wrapped__("Call :func:`len` on ``x``.")
    assert len(rest._DONE) == 2
    rest.read.__wrapped__("Appelez :func:`len` sur ``x`` *ici*.")
    assert len(rest._DONE) == 3


@settings(max_examples=300, deadline=None)
@given(_RST)
def test_the_markup_reader_reads_all_but_the_prose(text: str) -> None:
    from dataclasses import replace

    from pipeline.checks.placeables import rest

    assert rest.read_markup(text) == replace(read(text), prose="")
