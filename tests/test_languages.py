"""Language codes in the spellings sites use, mapped to gettext's and to BCP 47."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline import languages
from pipeline.catalog.header import language_header

# (as a site spells it, gettext's locale name, BCP 47)
CODES = [
    ("fr", "fr", "fr"),
    ("pt-br", "pt_BR", "pt-BR"),
    ("PT-BR", "pt_BR", "pt-BR"),
    ("pt_BR", "pt_BR", "pt-BR"),
    ("zh-cn", "zh_CN", "zh-CN"),
    ("zh-tw", "zh_TW", "zh-TW"),
    ("zh-Hant", "zh_Hant", "zh-Hant"),
    ("zh-hans", "zh_Hans", "zh-Hans"),
    ("sr-Latn", "sr@latin", "sr-Latn"),
    ("sr@latin", "sr@latin", "sr-Latn"),
    ("sr-Cyrl", "sr", "sr-Cyrl"),
    ("uz-Cyrl", "uz@cyrillic", "uz-Cyrl"),
    ("be-Latn", "be@latin", "be-Latn"),
    ("sr-Latn-RS", "sr_RS@latin", "sr-Latn-RS"),
    ("es-419", "es_419", "es-419"),
    ("ca@valencia", "ca@valencia", "ca-x-valencia"),
]


@pytest.mark.parametrize(("code", "gettext", "tag"), CODES, ids=[c[0] for c in CODES])
def test_spellings(code: str, gettext: str, tag: str) -> None:
    assert languages.is_known(code)
    assert languages.gettext_name(code) == gettext
    assert languages.bcp47(code) == tag
    assert languages.same(code, gettext)
    assert languages.same(code, tag)


def test_the_gettext_names_are_the_ones_debian_installs() -> None:
    """Debian's /usr/share/locale holds catalogues under gettext's own spelling of these."""
    installed = Path("/usr/share/locale")
    if not installed.is_dir():
        pytest.skip("no /usr/share/locale")
    for code in ("sr-Latn", "zh-Hant", "pt-br", "zh-tw", "uz-Cyrl", "be-Latn"):
        assert (installed / languages.gettext_name(code)).is_dir(), code


@pytest.mark.parametrize("code", ["images", "docs", "api", "x", "en-US-u-ca", ""])
def test_folder_names_that_are_not_languages(code: str) -> None:
    assert not languages.is_known(code)


def test_different_languages_differ() -> None:
    assert not languages.same("pt-br", "pt")
    assert not languages.same("zh-cn", "zh-tw")
    assert not languages.same("sr-Latn", "sr")
    assert languages.same("zh-Hans-CN", "zh-cn")  # the language's own script is implied
    assert languages.base("zh-Hant-TW") == "zh"


def test_locale_data_for_any_spelling() -> None:
    assert languages.english_name("pt-br") == "Portuguese (Brazil)"
    assert languages.plural_forms("sr@latin") == languages.plural_forms("sr-Latn")
    assert languages.direction("ur") == "rtl"
    assert languages.nplurals("PT-BR") == languages.nplurals("pt_BR")


@pytest.mark.parametrize("code", ["pt-br", "zh-cn", "zh-tw", "zh-Hant", "sr-Latn", "es-419"])
def test_msgfmt_accepts_the_header_of_a_new_catalogue(code: str, tmp_path: Path) -> None:
    header = language_header(None, code, "test", None)
    assert f"Language: {languages.gettext_name(code)}\n" in header.msgstr
    po = tmp_path / "x.po"
    body = "".join(f'"{line}\\n"\n' for line in header.msgstr.rstrip("\n").split("\n"))
    po.write_text(f'msgid ""\nmsgstr ""\n{body}\nmsgid "One"\nmsgstr "Un"\n', "utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
