"""Binary ``.mo`` catalogues, byte for byte as GNU gettext 0.21's ``msgfmt`` writes them.

The layout follows gettext's ``write-mo.c`` (little-endian, revision 0, no system-dependent
strings, alignment 1): a 28-byte header, the table of original strings, the table of
translations, the hash table, then the strings themselves, each followed by a NUL.

``msgfmt`` without ``--use-fuzzy`` keeps the header (even when fuzzy) and every translated,
non-fuzzy, non-obsolete entry; an entry whose first translation string is empty is left out.
The header loses its ``POT-Creation-Date`` field (gettext's "reproducible builds" rule).
Entries are sorted by the bytes of ``msgctxt EOT msgid``; plural entries store
``msgid NUL msgid_plural`` and their forms joined by NUL.
"""

from __future__ import annotations

import struct

from pipeline.catalog.model import Catalog, Message

__all__ = ["format_mo", "hash_string", "hash_table_size", "mo_entries"]

MAGIC = 0x950412DE
_HEADER_SIZE = 28
_EOT = b"\x04"


def hash_string(data: bytes) -> int:
    """gettext's ``hash_string`` (hashpjw) over ``data``, truncated to 32 bits."""
    value = 0
    for byte in data:
        value = ((value << 4) + byte) & 0xFFFFFFFFFFFFFFFF
        high = value & (0xF << 28)
        if high:
            value ^= high >> 24
            value ^= high
    return value & 0xFFFFFFFF


def _is_prime(candidate: int) -> bool:
    """gnulib's ``is_prime`` (meant for odd numbers >= 10: it calls 1 prime and 3 not)."""
    divisor = 3
    square = divisor * divisor
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def _next_prime(seed: int) -> int:
    seed |= 1
    while not _is_prime(seed):
        seed += 2
    return seed


def hash_table_size(count: int) -> int:
    """Size of msgfmt's hash table for ``count`` strings: next prime >= 4/3 count, at least 3."""
    size = _next_prime(count * 4 // 3)
    return 3 if size <= 2 else size


def _kept(message: Message, is_header: bool) -> bool:
    if message.obsolete:
        return False
    first = message.msgstr_plural[0] if message.msgid_plural is not None else message.msgstr
    if message.msgid_plural is not None and not message.msgstr_plural:
        first = ""
    if first == "":
        return False
    return is_header or not message.fuzzy


def _without_creation_date(header: str) -> str:
    """msgfmt deletes the ``POT-Creation-Date:`` line of the header."""
    lines = header.split("\n")
    kept = [line for line in lines if not line.startswith("POT-Creation-Date:")]
    return "\n".join(kept)


def mo_entries(catalog: Catalog) -> list[tuple[bytes, bytes]]:
    """The (original, translation) byte strings msgfmt stores, sorted, without trailing NULs."""
    entries: list[tuple[bytes, bytes, bytes]] = []
    messages: list[tuple[Message, bool]] = []
    if catalog.header is not None:
        messages.append((catalog.header, True))
    messages.extend((m, m.msgid == "" and m.msgctxt is None) for m in catalog.messages)
    for message, is_header in messages:
        if not _kept(message, is_header):
            continue
        original = message.msgid.encode("utf-8")
        if message.msgctxt is not None:
            original = message.msgctxt.encode("utf-8") + _EOT + original
        if message.msgid_plural is not None:
            key = original
            original += b"\x00" + message.msgid_plural.encode("utf-8")
            translation = b"\x00".join(s.encode("utf-8") for s in message.msgstr_plural)
        else:
            key = original
            text = message.msgstr
            if is_header:
                text = _without_creation_date(text)
            translation = text.encode("utf-8")
        entries.append((key, original, translation))
    entries.sort(key=lambda entry: entry[0])
    return [(original, translation) for _, original, translation in entries]


def format_mo(catalog: Catalog) -> bytes:
    """The ``.mo`` file msgfmt writes for ``catalog`` (empty bytes when nothing is kept)."""
    pairs = mo_entries(catalog)
    count = len(pairs)
    if count == 0:
        return b""
    size = hash_table_size(count)
    orig_offset = _HEADER_SIZE
    trans_offset = orig_offset + 8 * count
    hash_offset = trans_offset + 8 * count
    offset = hash_offset + 4 * size
    originals: list[tuple[int, int]] = []
    for original, _ in pairs:
        originals.append((len(original), offset))
        offset += len(original) + 1
    translations: list[tuple[int, int]] = []
    for _, translation in pairs:
        translations.append((len(translation), offset))
        offset += len(translation) + 1
    table = [0] * size
    for index, (original, _) in enumerate(pairs):
        value = hash_string(original.split(b"\x00", 1)[0])
        slot = value % size
        if table[slot]:
            step = 1 + value % (size - 2)
            while table[slot]:
                slot = slot - (size - step) if slot >= size - step else slot + step
        table[slot] = index + 1
    out = bytearray(
        struct.pack("<7I", MAGIC, 0, count, orig_offset, trans_offset, size, hash_offset)
    )
    for length, start in originals:
        out += struct.pack("<2I", length, start)
    for length, start in translations:
        out += struct.pack("<2I", length, start)
    out += struct.pack(f"<{size}I", *table)
    for original, _ in pairs:
        out += original + b"\x00"
    for _, translation in pairs:
        out += translation + b"\x00"
    return bytes(out)
