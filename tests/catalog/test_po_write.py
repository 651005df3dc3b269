"""Tests for pipeline.catalog.po_write: msgcat-exact writing, and read-write round trips."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalog import po_write
from pipeline.catalog.linebreak import width_linebreaks
from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.po_read import parse_po
from pipeline.catalog.po_write import format_po, generate_po
from po_helpers import HEADER, strip_lines

HERE = Path(__file__).resolve().parent
REPO = next(p for p in HERE.parents if (p / "pyproject.toml").exists())
SAMPLES = REPO.parent / "shared" / "data" / "po-samples"
MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(
    MSGCAT is None or MSGFMT is None, reason="GNU gettext not installed"
)


def msgcat(text: str, tmp_path: Path) -> str:
    src = tmp_path / "in.po"
    src.write_text(text, encoding="utf-8")
    assert MSGCAT is not None
    done = subprocess.run(
        [MSGCAT, str(src), "-o", "-"], capture_output=True, check=True, env={"LC_ALL": "C.UTF-8"}
    )
    return done.stdout.decode("utf-8")


def msgfmt_check(text: str, tmp_path: Path) -> None:
    src = tmp_path / "check.po"
    src.write_text(text, encoding="utf-8")
    assert MSGFMT is not None
    done = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(src)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- samples


SAMPLE_FILES = sorted(SAMPLES.glob("*.po")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLE_FILES, reason="../shared/data/po-samples not present")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_sample_round_trip_is_byte_identical(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    catalog = parse_po(text, sample.name)
    assert format_po(catalog) == text


def test_large_catalog_round_trip() -> None:
    """20,000 entries (no timing assertion; parsing takes ~0.3 s here)."""
    messages = [
        Message(
            f"A fairly long source sentence number {i} that wraps onto a second line of text.\n",
            f"Une phrase source numéro {i} assez longue qui continue sur une deuxième ligne.\n",
            extracted_comments=("Extracted comment",),
            references=(f"content/en/page.md:{i}", f"content/en/other.md:{i}"),
            flags=("python-format",),
        )
        for i in range(20000)
    ]
    text = format_po(Catalog(header=HEADER, messages=messages))
    catalog = parse_po(text, "big.po")
    assert len(catalog.messages) == 20000
    assert catalog.messages[-1].line == text.count("\n") - 5
    assert format_po(catalog) == text


# --------------------------------------------------------------------------- writing

LONG = (
    "This is a long sentence that certainly will not fit on one line of seventy nine "
    "columns, so gettext wraps it after spaces; it continues for a while.  Two spaces."
)

HAND_MESSAGES = [
    Message("Simple", "Simple", references=("content/en/a.md:1",)),
    Message(LONG, LONG.upper(), extracted_comments=("Paragraph", ""), flags=("fuzzy",)),
    Message('Tabs\tand "quotes" and back\\slashes', 'T\t"q"\\'),
    Message("Line one\nLine two\n", "Ligne un\nLigne deux\n"),
    Message("Ends with newline\n", "Finit\n"),
    Message("\nStarts with newline", "\nCommence"),
    Message("Middle\n\nblank", "Milieu\n\nvide"),
    Message("x" * 120, "y" * 200, translator_comments=("long word",)),
    Message("word " + "z" * 90 + " tail", "mot " + "w" * 75 + " fin"),
    Message("a" * 70 + " \\n" + "b" * 30, "c\\d"),
    Message("Context", "Contexte", msgctxt="menu|file"),
    Message(
        "One file",
        msgid_plural="%d files",
        msgstr_plural=("Un fichier", "%d fichiers"),
        flags=("c-format",),
    ),
    Message(
        "Arabic",
        "مرحبا بالعالم، هذه جملة طويلة جدا مكتوبة باللغة العربية لاختبار التفاف الأسطر في "
        "ملفات الترجمة الخاصة بنظام جنو غيت تكست، وهي تستمر لفترة أطول.",
    ),
    Message(
        "Chinese",
        "这是一个很长的中文句子，用于测试在翻译文件中如何对宽字符进行换行处理，"
        "每个汉字占两个列宽，所以这一行会比较早地被折断。再加一些文字。",
    ),
    Message(
        "Japanese and emoji",
        "日本語のテキスト（括弧付き）と絵文字 👍🏽 🎉 👨‍👩‍👧 🇫🇷🇩🇪 を含む長い文字列です。"
        "さらに続きます、ここでも折り返しが必要になるはずです。",
    ),
    Message(
        "Mixed punctuation (parentheses), [brackets], {braces}, 100% - $5 / 3 ... end!",
        "Ponctuation « guillemets » — tirets – et… points ; deux-points : fin ?",
    ),
    Message(
        "path/to/some/very/long/file/name/that/has/no/spaces/at/all/and/keeps/going/on.md",
        "",
        references=tuple(f"content/en/page-number-{i}.md:{i * 7}" for i in range(12)),
    ),
    Message("Previous", "Précédent", previous_msgid=LONG, previous_msgctxt="old", flags=("fuzzy",)),
    Message("No wrap " + LONG, "Pas " + LONG, flags=("no-wrap",)),
    Message("Flags", "Drapeaux", flags=("python-format", "fuzzy", "no-c-format")),
    Message(
        "Progress: " + "x" * 62 + " %%d %(name)s %(n) d and 100%% done, %(m)+d",
        "Avancement : " + "y" * 60 + "  %%d %(name)s %(n) d et 100%% fini, %(m)+d",
        flags=("python-format",),
    ),
    Message(
        "C " + "w" * 71 + " 50%% %-5d %+d", "C " + "v" * 72 + " %% %-5d %+d", flags=("c-format",)
    ),
    Message("Obsolete " + LONG, "Obsolète " + LONG, obsolete=True, previous_msgid="old obs"),
    Message("Obsolete empty", "", obsolete=True),
]


def hand_catalog() -> Catalog:
    return Catalog(header=HEADER, messages=list(HAND_MESSAGES))


@needs_gettext
def test_hand_catalog_matches_msgcat(tmp_path: Path) -> None:
    text = format_po(hand_catalog())
    assert text == msgcat(text, tmp_path)
    msgfmt_check(text, tmp_path)


@needs_gettext
def test_hand_catalog_narrow_width_matches_msgcat(tmp_path: Path) -> None:
    text = format_po(hand_catalog(), width=40)
    src = tmp_path / "w.po"
    src.write_text(text, encoding="utf-8")
    assert MSGCAT is not None
    out = subprocess.run([MSGCAT, "-w", "40", str(src), "-o", "-"], capture_output=True, check=True)
    assert text == out.stdout.decode("utf-8")


def test_hand_catalog_round_trips() -> None:
    catalog = hand_catalog()
    text = format_po(catalog)
    again = parse_po(text, "hand.po")
    assert format_po(again) == text
    # msgcat drops an obsolete entry without translation and fuzzy on empty msgstr.
    assert "Obsolete empty" not in text
    assert [m.msgid for m in again.messages][-1].startswith("Obsolete ")


def test_generate_po_chunks_join_to_format_po() -> None:
    catalog = hand_catalog()
    assert "".join(generate_po(catalog)) == format_po(catalog)


def test_layout_details() -> None:
    text = format_po(
        Catalog(
            header=None,
            messages=[
                Message("b", "B", obsolete=True),
                Message(
                    "a",
                    "A",
                    flags=("python-format", "fuzzy", "c-format"),
                    references=("./x.md:1", "x.md:1"),
                ),
            ],
        )
    )
    assert text == (
        '#: x.md:1\n#, fuzzy, c-format, python-format\nmsgid "a"\nmsgstr "A"\n\n'
        '#~ msgid "b"\n#~ msgstr "B"\n'
    )


def test_a_long_string_is_broken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A msgid that does not fit on the 'msgid' line has its line breaks computed once (as
    from column 0, after 'msgid ""'), not once more from the 'msgid' line's column."""
    calls: list[int] = []

    def counted(text: str, width: int, startcol: int, blocked: object) -> list[int]:
        calls.append(startcol)
        return width_linebreaks(text, width, startcol, blocked)  # type: ignore[arg-type]

    monkeypatch.setattr(po_write, "width_linebreaks", counted)
    msgid = "A sentence long enough to need three lines of the template, " * 3
    text = format_po(Catalog(header=None, messages=[Message(msgid.strip())]))
    assert text.startswith('msgid ""\n"A sentence long enough')
    assert text.count("\n") == 5
    assert calls == [0]


# --------------------------------------------------------------------------- property

ALPHABET = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyz      ABCXYZ0123456789.,;:!?-()'",
        *("\n", '"', "\\", "\t", "é", "è", "ü", "ß", "—", "…", "«", "»", "中", "文", "ع", "ب"),
    ]
)
TEXT = st.text(ALPHABET, min_size=0, max_size=160)
WORDY = st.lists(st.text(ALPHABET, min_size=1, max_size=25), min_size=1, max_size=12).map(" ".join)
MESSAGES = st.builds(
    Message,
    msgid=st.one_of(TEXT, WORDY).filter(bool),
    msgstr=st.one_of(TEXT, WORDY),
    msgctxt=st.one_of(st.none(), TEXT),
    translator_comments=st.lists(st.text(st.sampled_from("ab cdé"), max_size=10), max_size=2).map(
        tuple
    ),
    references=st.lists(
        st.from_regex(r"content/[a-z]{1,12}\.md:[1-9][0-9]{0,2}", fullmatch=True), max_size=8
    ).map(lambda refs: tuple(dict.fromkeys(refs))),
)


@needs_gettext
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(MESSAGES, min_size=1, max_size=6, unique_by=lambda m: m.key))
def test_property_matches_msgcat_and_round_trips(tmp_path: Path, messages: list[Message]) -> None:
    catalog = Catalog(header=HEADER, messages=messages)
    text = format_po(catalog)
    assert text == msgcat(text, tmp_path)
    assert strip_lines(parse_po(text, "p.po")) == strip_lines(catalog)
