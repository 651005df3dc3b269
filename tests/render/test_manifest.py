"""The manifest's bytes: one ``json.dumps`` of the document (indent 2, keys sorted), also
when ``serve``'s writer makes it again from the pages' JSON it kept."""

from __future__ import annotations

import json
from dataclasses import replace

from pipeline.render.coverage import Counts
from pipeline.render.manifest import ManifestWriter, PageLanguage, format_manifest

INDEXES = {"en": "index/en.html", "fr": "index/fr.html"}


def _records(names: list[str]) -> list[PageLanguage]:
    records: list[PageLanguage] = []
    for number, name in enumerate(names):
        counts = Counts(translated=number, untranslated=2, translated_words=7 * number)
        records.append(
            PageLanguage(
                name,
                "en",
                f"en/{name}.html",
                f"Title {name}",
                "source",
                Counts(translated=number + 2),
                number + 2,
            )
        )
        records.append(
            PageLanguage(
                name,
                "fr",
                f"fr/{name}.html",
                f"Titre « {name} »\u2028",
                "catalogue",
                counts,
                number,
                notice=number % 2 == 0,
            )
        )
    return records


def _canonical(data: bytes) -> bytes:
    document = json.loads(data)
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def test_the_manifest_is_one_json_dumps_of_the_document() -> None:
    data = format_manifest("en", ["en", "fr"], INDEXES, _records(["b", "a", "c"]))
    assert data == _canonical(data)
    document = json.loads(data)
    assert [p["page"] for p in document["pages"]] == ["a", "b", "c"]
    assert document["pages"][2]["languages"]["fr"]["units"]["translated"] == 2
    empty = format_manifest("en", ["en", "fr"], INDEXES, [])
    assert empty == _canonical(empty) and json.loads(empty)["pages"] == []


def test_the_writer_gives_the_bytes_of_a_fresh_manifest_after_each_change() -> None:
    writer = ManifestWriter()
    records = _records(["a", "b", "c", "d"])
    assert writer.format("en", ["en", "fr"], INDEXES, records) == format_manifest(
        "en", ["en", "fr"], INDEXES, records
    )
    changes = [
        # a count and a title changed, a page skipped, a page added, a page removed, none
        [
            replace(r, counts=Counts(fuzzy=3)) if r.page == "b" and r.lang == "fr" else r
            for r in records
        ],
        [replace(r, title="Nouveau") if r.page == "c" and r.lang == "fr" else r for r in records],
        [
            replace(r, path=None, status="skipped") if r.page == "a" and r.lang == "fr" else r
            for r in records
        ],
        records + _records(["aa"]),
        [r for r in records if r.page != "d"],
        [],
        records,
    ]
    for changed in changes:
        got = writer.format("en", ["en", "fr"], INDEXES, changed)
        assert got == format_manifest("en", ["en", "fr"], INDEXES, changed)
        assert got == _canonical(got)
