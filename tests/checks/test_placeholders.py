"""placeholder-mismatch: format placeholders by flag, per plural form, with GNU
``msgfmt --check`` as the oracle on generated catalogues."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import read_po
from pipeline.catalog.po_write import format_po
from pipeline.checks.placeables.formats import FORMATS, parse_c, parse_python_brace
from pipeline.checks.placeholders import placeholder_issues, plural_often

FRENCH = "nplurals=2; plural=(n > 1);"
OFTEN = plural_often(FRENCH)


def issues(message: Message, plural_forms: str = FRENCH) -> list[str]:
    return [issue.message for issue in placeholder_issues(message, plural_often(plural_forms))]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            Message(
                "%(count)d files in %(name)s", "fichiers dans %(name)s", flags=("python-format",)
            ),
            ["`%(count)d` missing in msgstr"],
        ),
        (
            Message("Hello {name}", "Bonjour {nom}", flags=("python-brace-format",)),
            ["`{name}` became `{nom}` in msgstr"],
        ),
        (
            Message("{0} of {1}", "{0} sur {2}", flags=("python-brace-format",)),
            ["`{1}` became `{2}` in msgstr"],
        ),
        (
            Message("%s has %d items", "%d éléments dans %s", flags=("c-format",)),
            [
                "argument 1: `%s` became `%d` in msgstr (string expected, int given)",
                "argument 2: `%d` became `%s` in msgstr (int expected, string given)",
            ],
        ),
        (
            Message(
                "%d file",
                msgid_plural="%d files",
                msgstr_plural=("%d fichier", "des fichiers"),
                flags=("c-format",),
            ),
            ["`%d` missing in msgstr[1] (1 placeholders in the source, 0 in msgstr[1])"],
        ),
        (
            Message(
                "%(count)d file",
                msgid_plural="%(count)d files",
                msgstr_plural=("%(count)d fichier", "des fichiers"),
                flags=("python-format",),
            ),
            ["`%(count)d` missing in msgstr[1]"],
        ),
        (
            Message("%(a)s", "%s", flags=("python-format",)),
            [
                "the source's placeholders are named (`%(a)s`), those of msgstr are "
                "positional (`%s`)"
            ],
        ),
        (Message("%d%%", "%d %", flags=("python-format",)), None),  # msgstr not valid
    ],
)
def test_faults_name_the_placeholder(message: Message, expected: list[str] | None) -> None:
    found = issues(message)
    if expected is None:
        assert len(found) == 1 and "is not a valid Python format string" in found[0]
    else:
        assert found == expected


@pytest.mark.parametrize(
    "message",
    [
        Message("%(a)s and %(b)s", "%(b)s et %(a)s", flags=("python-format",)),
        Message("%s %d", "%2$d %1$s", flags=("c-format",)),
        Message("{0} {name!r}", "{name!r} {0}", flags=("python-brace-format",)),
        Message("Use %(name)s", "Utilisez un nom", flags=("python-format", "no-python-format")),
        Message("100% sure", "sûr à 100 %"),  # no flag: not a format string
        # French msgstr[0] serves 0 and 1 only: it may leave the number out
        Message(
            "%d file",
            msgid_plural="%d files",
            msgstr_plural=("un fichier", "%d fichiers"),
            flags=("c-format",),
        ),
        Message("%(x)s %", "%(x)s", flags=("python-format",)),  # invalid source: unchecked
    ],
)
def test_correct_translations_pass(message: Message) -> None:
    assert issues(message) == []


def test_english_plural_one_form_is_relaxed_and_russian_forms_strict() -> None:
    english = "nplurals=2; plural=(n != 1);"
    message = Message(
        "%d file",
        msgid_plural="%d files",
        msgstr_plural=("one file", "%d files"),
        flags=("c-format",),
    )
    assert issues(message, english) == []
    russian = (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    )
    three = Message(
        "%d file",
        msgid_plural="%d files",
        msgstr_plural=("%d файл", "файла", "%d файлов"),
        flags=("c-format",),
    )
    assert issues(three, russian) == [
        "`%d` missing in msgstr[1] (1 placeholders in the source, 0 in msgstr[1])"
    ]


def test_readers() -> None:
    spec = parse_c("%s %5.2f %*d %%")
    assert not isinstance(spec, str)
    assert [kind for kind, _ in spec.positional] == ["string", "double", "int", "int"]
    brace = parse_python_brace("{a.b[0]} {n:>5} {{x}} {0:{w}}")
    assert not isinstance(brace, str)
    assert [name for name, _, _ in brace.named] == ["0:{w}", "a.b[0]", "n:>5"]
    assert isinstance(parse_python_brace("{n!r}"), str)  # gettext's reader has no !r


# --- msgfmt as the oracle ------------------------------------------------------------

PIECES = {
    "c-format": ["%d", "%s", "%i", "%u", "%ld", "%lu", "%5.2f", "%c", "%x", "%%", "%1$s",
                 "%2$d", "%*d", "%zu", "%p", "%"],
    "python-format": ["%d", "%s", "%r", "%(n)d", "%(name)s", "%(n)s", "%5.2f", "%%", "%c",
                      "%x", "%*d", "%", "%(a)r"],
    "python-brace-format": ["{0}", "{1}", "{name}", "{n}", "{}", "{n!r}", "{n:>5}", "{a.b}",
                            "{a[0]}", "{{", "}}", "{", "}", "{n:{w}}"],
    "qt-format": ["%1", "%2", "%L1", "%3"],
}  # fmt: skip
PLURALS = (
    "nplurals=2; plural=(n > 1);",
    "nplurals=2; plural=(n != 1);",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
)


def _text(rng: random.Random, flag: str) -> str:
    words = [
        rng.choice(["a", "word", "b"]) if rng.random() < 0.4 else rng.choice(PIECES[flag])
        for _ in range(rng.randint(1, 4))
    ]
    return " ".join(words)


def _mutate(rng: random.Random, flag: str, text: str) -> str:
    parts = text.split(" ")
    roll = rng.random()
    if roll < 0.25 and parts:
        parts.pop(rng.randrange(len(parts)))
    elif roll < 0.5:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(PIECES[flag]))
    elif roll < 0.7:
        rng.shuffle(parts)
    elif roll < 0.85 and parts:
        parts[rng.randrange(len(parts))] = rng.choice(PIECES[flag])
    return " ".join(parts) or "x"


def _generated(seed: int, count: int, nplurals: int) -> list[Message]:
    rng = random.Random(seed)
    messages = []
    for index in range(count):
        flag = rng.choice(list(PIECES))
        source = _text(rng, flag)
        context = f"c{index}"
        if rng.random() < 0.3:
            plural = _mutate(rng, flag, source) if rng.random() < 0.3 else source
            forms = tuple(
                _mutate(rng, flag, plural) if rng.random() < 0.5 else plural
                for _ in range(nplurals)
            )
            messages.append(
                Message(source, msgctxt=context, msgid_plural=plural, msgstr_plural=forms,
                        flags=(flag,))
            )  # fmt: skip
        else:
            text = _mutate(rng, flag, source) if rng.random() < 0.7 else source
            messages.append(Message(source, text, msgctxt=context, flags=(flag,)))
    return messages


@pytest.mark.parametrize("plural_forms", PLURALS, ids=["fr", "en", "ru"])
def test_msgfmt_agrees_on_generated_catalogues(tmp_path: Path, plural_forms: str) -> None:
    nplurals = int(re.search(r"nplurals=(\d)", plural_forms).group(1))  # type: ignore[union-attr]
    messages = _generated(len(plural_forms), 1500, nplurals)
    header = Message(
        "",
        f"Language: fr\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: {plural_forms}\n",
    )
    path = tmp_path / "generated.po"
    path.write_text(format_po(Catalog(header, messages)), encoding="utf-8")
    read = read_po(path)
    starts = sorted(m.line for m in read.messages)
    done = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    theirs: set[int] = set()
    for line in done.stderr.splitlines():
        match = re.match(re.escape(str(path)) + r":(\d+): ", line)
        if match and int(match.group(1)) >= starts[0]:  # header warnings aside
            number = int(match.group(1))
            theirs.add(max(start for start in starts if start <= number))
    often = plural_often(plural_forms)
    ours = {m.line for m in read.messages if placeholder_issues(m, often)}
    assert theirs, "msgfmt found nothing: the generated cases test nothing"
    assert ours == theirs, (sorted(ours - theirs)[:10], sorted(theirs - ours)[:10])


def test_every_checked_flag_is_one_msgfmt_knows() -> None:
    assert set(FORMATS) == {
        "c-format",
        "objc-format",
        "python-format",
        "python-brace-format",
        "qt-format",
    }
