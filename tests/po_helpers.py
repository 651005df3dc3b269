"""What the PO reader and writer tests share: a French header and a catalogue comparison."""

from __future__ import annotations

import dataclasses

from pipeline.catalog.model import Catalog, Message

HEADER = Message(
    msgid="",
    msgstr=(
        "Project-Id-Version: test 1.0\n"
        "Language: fr\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Plural-Forms: nplurals=2; plural=(n > 1);\n"
    ),
    translator_comments=("French translation.", "", "Copyright nobody."),
)


def strip_lines(catalog: Catalog) -> Catalog:
    def clean(m: Message | None) -> Message | None:
        return None if m is None else dataclasses.replace(m, line=0)

    return Catalog(
        header=clean(catalog.header),
        messages=[dataclasses.replace(m, line=0) for m in catalog.messages],
    )
