"""Reading glossary files: the site's glossary, the format by file name, bad bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REPO
from pipeline.errors import ConfigError
from pipeline.glossary.load import DEFAULT_GLOSSARY, find_glossary, load_glossary
from pipeline.glossary.model import Glossary

DATA = Path(__file__).resolve().parent / "data"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_csv_loads() -> None:
    shipped = load_glossary(REPO / "glossary.csv", "glossary.csv")
    assert shipped.source_lang == "en"
    assert len(shipped.entries) == 50
    by_term = {entry.term: entry for entry in shipped.entries}
    incb = by_term["INCB"]
    assert incb.renderings("fr") == ("OICS",)
    assert incb.renderings("fr_CA") == ("OICS",)
    assert incb.renderings("de") == ()
    assert not incb.dnt
    assert by_term["IDPC"].dnt
    assert by_term["IDPC"].note == "International Drug Policy Consortium"
    assert by_term["IDPC"].renderings("fr") == ("IDPC",)
    assert by_term["2030 Agenda"].line == 2
    assert by_term["member states"].line == 51


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("g.tbx", (DATA / "glossary-v3.tbx").read_text(encoding="utf-8")),
        ("g.xml", (DATA / "glossary-v3.tbx").read_text(encoding="utf-8")),
        # another suffix: TBX when the text starts with "<", CSV otherwise
        (
            "terms",
            '\n  <tbx xml:lang="en"><conceptEntry><langSec xml:lang="en"><term>WHO</term>'
            "</langSec></conceptEntry></tbx>",
        ),
        ("terms", "en,fr\nWHO,OMS\n"),
        ("g.CSV", "en,fr\nWHO,OMS\n"),
    ],
)
def test_format_by_file_name(tmp_path: Path, name: str, text: str) -> None:
    glossary = load_glossary(write(tmp_path, name, text), name)
    assert glossary.source_lang == "en"
    assert glossary.path == name
    assert "WHO" in [entry.term for entry in glossary.entries]


def test_csv_suffix_is_never_tbx(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="neither a known language code"):
        load_glossary(write(tmp_path, "g.csv", '<martif xml:lang="en"/>\n'), "g.csv")


def test_glossary_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(b"en,fr\nINCB,\xe9\n")
    with pytest.raises(ConfigError, match="UTF-8") as caught:
        load_glossary(path, "g.csv")
    assert caught.value.line == 2


def test_missing_glossary(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_glossary(tmp_path / "none.csv", "none.csv")


def test_csv_comments_blank_rows_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "\ufeffen,fr,note\n# comment,x,y\n\nINCB,OICS,board\n")
    glossary = load_glossary(path, "g.csv")
    assert [(e.term, e.line, e.note) for e in glossary.entries] == [("INCB", 4, "board")]


# --------------------------------------------------------------------------- the site's glossary


def test_site_glossary_default_name(tmp_path: Path) -> None:
    assert find_glossary(tmp_path, None, "pipeline.toml") is None
    write(tmp_path, DEFAULT_GLOSSARY, "en,fr\nINCB,OICS\n")
    glossary = find_glossary(tmp_path, None, "pipeline.toml")
    assert isinstance(glossary, Glossary)
    assert glossary.path == "glossary.csv"
    assert [entry.term for entry in glossary.entries] == ["INCB"]


def test_site_glossary_configured(tmp_path: Path) -> None:
    write(tmp_path, DEFAULT_GLOSSARY, "en,fr\nINCB,OICS\n")
    (tmp_path / "terms").mkdir()
    write(tmp_path / "terms", "g.tbx", (DATA / "glossary-v3.tbx").read_text(encoding="utf-8"))
    glossary = find_glossary(tmp_path, "terms/g.tbx", "pipeline.toml")
    assert glossary is not None
    assert glossary.path == "terms/g.tbx"
    assert [entry.term for entry in glossary.entries] == ["World Health Organization", "WHO"]


def test_site_glossary_configured_but_absent(tmp_path: Path) -> None:
    write(tmp_path, DEFAULT_GLOSSARY, "en,fr\nINCB,OICS\n")
    with pytest.raises(ConfigError) as caught:
        find_glossary(tmp_path, "terms.csv", "pipeline.toml")
    assert str(caught.value) == "pipeline.toml: glossary file 'terms.csv' does not exist"


def test_site_glossary_errors_name_the_glossary(tmp_path: Path) -> None:
    write(tmp_path, DEFAULT_GLOSSARY, "en,fr\nINCB,OICS\nINCB,OICS\n")
    with pytest.raises(ConfigError) as caught:
        find_glossary(tmp_path, None, "pipeline.toml")
    assert (caught.value.path, caught.value.line) == ("glossary.csv", 3)
