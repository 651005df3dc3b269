"""Update a translated catalogue from a new template, like GNU ``msgmerge --previous``.

The result lists the template's entries in the template's order, each with the
translation found for it in the old catalogue, then the old entries nothing
matched any more, as obsolete (``#~``) entries, in the old catalogue's order.

How an old translation is found for a template entry (GNU gettext 0.21's rules):

* an old entry, live or obsolete, with the same context and msgid is an exact
  match: its translation, translator comments, ``fuzzy`` flag and previous msgid
  are kept (the previous msgid only while the entry stays fuzzy);
* otherwise the most similar old entry with a translation is a fuzzy match: the
  result is ``fuzzy`` and its ``#|`` lines name the old source text.  Similarity
  is gettext's ``fstrcmp`` (``2 * common / total`` bytes of the two msgids, which
  is rapidfuzz's ``ratio``), above 0.6, with gettext's small bonus for an entry
  without context or with the same context, its rule that a candidate must share
  a 4-character sequence with the msgid (for msgids of 4 characters or more) and
  its tie-breaks;
* otherwise the entry is new and untranslated.

Where this deliberately differs from msgmerge:

* fuzzy matching only considers old entries that no template entry matched
  exactly, and old entries with the very same msgid (a context change);
  msgmerge searches all of them, so a new paragraph resembling one that still
  exists gets its translation as a suggestion.  Searching only the unused
  entries is what makes 20,000 entries merge in a fraction of a second;
* a PO without a header gets the template's header (msgmerge writes none), and
  the header is otherwise kept as it is except for ``POT-Creation-Date`` (and
  ``Language`` when ``lang`` is given): msgmerge also takes
  ``Report-Msgid-Bugs-To`` from the template, guesses ``Language`` from
  ``Language-Team`` and puts known fields in its own order;
* no non-empty translation is dropped: obsolete entries whose first plural form
  alone is empty are kept, and when a plural entry becomes singular the other
  forms are kept as translator comments (``msgstr[1] "..."``);
* flags the old entry has that are not format, range, wrap or syntax-check flags
  are kept (msgmerge forgets flags it does not know); the template's flags are
  all taken; msgmerge's extra ``fuzzy`` when a format flag appears and the
  translation fails ``msgfmt -c`` is not reproduced;
* entries of the template that are obsolete, and later duplicates of a template
  entry, are ignored; a new entry never takes the template's msgstr or ``fuzzy``;
* a fuzzy match whose previous msgid (``#|``, and context and plural) is the
  template entry's very msgid is not fuzzy: the source went back to the text the
  translation was made for, so an edit undone restores the catalogue exactly
  (msgmerge leaves ``#, fuzzy`` with ``#| msgid`` equal to the msgid); and an
  unused fuzzy suggestion whose ``#| msgid`` is a template entry of the result
  holding the very same translation is dropped instead of made obsolete (it
  duplicates that entry; msgmerge keeps it). Undoing the split of a paragraph thus
  restores the catalogue too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from pipeline.catalog.model import Catalog, Message
from pipeline.catalog.plural import declared_nplurals

FUZZY_THRESHOLD = 0.6
"""A fuzzy match must be more similar than this (gettext's ``FUZZY_THRESHOLD``)."""

_BONUS = 0.00001
"""Added to the similarity of a candidate without context or with the same context."""

_CUTOFF = FUZZY_THRESHOLD * 100 - 0.01
"""rapidfuzz score below which nothing can qualify (a little low: rounding)."""

_NEAR = 0.01
"""Candidates within this rapidfuzz score of the best are weighed exactly."""

_GRAM = 4
"""gettext's fuzzy index uses 4-character sequences."""

_SHORT_FACTOR = 2 / FUZZY_THRESHOLD - 1
"""A msgid of ``l`` bytes (under 4 characters) is compared with msgids of
``ceil(l / f)`` to ``floor(l * f)`` bytes."""

_DEFAULT_NPLURALS = 2
"""gettext's plural count when the header has no usable ``Plural-Forms``."""

_KNOWN_FIELDS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
"""Header fields msgmerge knows, in the order it writes them (others follow)."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged catalogue and what happened to its entries."""

    catalog: Catalog
    """Template entries with their translations, then obsolete entries."""
    kept: int
    """Template entries that found an old entry with the same context and msgid."""
    fuzzy: int
    """Template entries that took the translation of a similar old entry (now fuzzy)."""
    new: int
    """Template entries with no old translation (untranslated)."""
    obsolete: int
    """Obsolete entries in the result: old ones still unmatched and newly unused ones."""


def merge(po: Catalog, pot: Catalog, *, lang: str | None = None) -> MergeResult:
    """Merge the translations of ``po`` into the entries of the template ``pot``.

    ``lang``, when given, is written to the header's ``Language`` field (msgmerge's
    ``--lang``).  Pure and deterministic; ``merge(merge(po, pot).catalog, pot)``
    gives the same catalogue again.
    """
    header = _merge_header(po.header, pot.header, lang)
    nplurals = _plural_count(header)
    olds = po.messages
    exact = _exact_index(olds)

    refs: list[Message] = []
    seen: set[tuple[str | None, str]] = set()
    for ref in pot.messages:
        if not ref.obsolete and ref.key not in seen:
            seen.add(ref.key)
            refs.append(ref)

    found = [exact.get(ref.key) for ref in refs]
    used = {i for i in found if i is not None}
    index = _FuzzyIndex(olds, used)

    messages: list[Message] = []
    kept = fuzzy = new = 0
    for ref, match in zip(refs, found, strict=True):
        if match is not None:
            messages.append(_merged(olds[match], ref, False, nplurals))
            kept += 1
            continue
        similar = index.best(ref.msgctxt, ref.msgid)
        if similar is not None:
            used.add(similar)
            messages.append(_merged(olds[similar], ref, True, nplurals))
            fuzzy += 1
        else:
            messages.append(_untranslated(ref, nplurals))
            new += 1

    live = {m.key: m for m in messages}
    obsolete = [
        _obsoleted(old)
        for i, old in enumerate(olds)
        if i not in used and old.has_translation and not _redundant(old, live)
    ]
    messages.extend(obsolete)
    catalog = Catalog(header=header, messages=messages, path=po.path)
    return MergeResult(catalog, kept=kept, fuzzy=fuzzy, new=new, obsolete=len(obsolete))


# --------------------------------------------------------------------------- matching


def _exact_index(olds: list[Message]) -> dict[tuple[str | None, str], int]:
    """Key -> position of the old entry an exact match takes (the first live one)."""
    index: dict[tuple[str | None, str], int] = {}
    for i, old in enumerate(olds):
        there = index.get(old.key)
        if there is None or (olds[there].obsolete and not old.obsolete):
            index[old.key] = i
    return index


def _first_form(msg: Message) -> str:
    """``msgstr``, or ``msgstr[0]`` of a plural entry (what gettext tests for "translated")."""
    if msg.msgid_plural is not None:
        return msg.msgstr_plural[0] if msg.msgstr_plural else ""
    return msg.msgstr


def _grams(text: str) -> set[str]:
    return {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}


class _FuzzyIndex:
    """The old entries a fuzzy match may take, searched as gettext's fuzzy index does."""

    def __init__(self, olds: list[Message], taken: set[int]) -> None:
        candidates = [(i, m) for i, m in enumerate(olds) if i not in taken and _first_form(m) != ""]
        self._positions = [i for i, _ in candidates]
        self._contexts = [m.msgctxt for _, m in candidates]
        self._texts = [m.msgid for _, m in candidates]
        self._encoded = [m.msgid.encode("utf-8") for _, m in candidates]
        self._grams: dict[int, set[str]] = {}
        self._same: dict[str, list[tuple[int, str | None]]] = {}
        """msgid -> (position, context) of every old translated entry, taken ones too."""
        for i, m in enumerate(olds):
            if _first_form(m) != "":
                self._same.setdefault(m.msgid, []).append((i, m.msgctxt))

    def best(self, msgctxt: str | None, msgid: str) -> int | None:
        """Position in the old catalogue of the best fuzzy match, or None.

        An old entry with the same msgid (only the context differs) is a perfect
        candidate even when another template entry took it: it is the one msgmerge
        would choose (preferring one without context, then the first).
        """
        same = self._same.get(msgid)
        if same:
            for position, context in same:
                if context is None or context == msgctxt:
                    return position
            return same[0][0]
        if not self._encoded:
            return None
        query = msgid.encode("utf-8")
        hit = process.extractOne(query, self._encoded, scorer=fuzz.ratio, score_cutoff=_CUTOFF)
        if hit is None:
            return None
        near = process.extract(
            query, self._encoded, scorer=fuzz.ratio, score_cutoff=hit[1] - _NEAR, limit=None
        )
        tried = {k for _, _, k in near}
        choice = self._choose(msgctxt, msgid, query, sorted(tried))
        if choice is None:
            # Every close candidate lacks a common 4-gram: look further down.
            rest = process.extract(
                query, self._encoded, scorer=fuzz.ratio, score_cutoff=_CUTOFF, limit=None
            )
            choice = self._choose(
                msgctxt, msgid, query, sorted(k for _, _, k in rest if k not in tried)
            )
        return None if choice is None else self._positions[choice]

    def _choose(self, msgctxt: str | None, msgid: str, query: bytes, ks: list[int]) -> int | None:
        """The winner among candidates ``ks`` (ascending), by gettext's rules, or None."""
        short = len(msgid) < _GRAM
        lmin = math.ceil(len(query) / _SHORT_FACTOR)
        lmax = int(len(query) * _SHORT_FACTOR)
        query_grams = [msgid[i : i + _GRAM] for i in range(len(msgid) - _GRAM + 1)]
        best: tuple[float, int, int] | None = None
        winner: int | None = None
        for k in ks:
            other = self._encoded[k]
            if short:
                if not lmin <= len(other) <= lmax:
                    continue
                order = -len(other)
            else:
                grams = self._grams.get(k)
                if grams is None:
                    grams = self._grams[k] = _grams(self._texts[k])
                order = sum(1 for g in query_grams if g in grams)
                if order == 0:
                    continue
            total = len(query) + len(other)
            weight = (total - Indel.distance(query, other)) / total
            context = self._contexts[k]
            if context is None or context == msgctxt:
                weight += _BONUS
            if not weight > FUZZY_THRESHOLD:
                continue
            rank = (weight, order, -k)
            if best is None or rank > best:
                best, winner = rank, k
        return winner


# --------------------------------------------------------------------------- entries


def _merged(old: Message, ref: Message, force_fuzzy: bool, nplurals: int) -> Message:
    """``ref`` with the translation of ``old`` (msgmerge's ``message_merge``)."""
    fuzzy = old.fuzzy or force_fuzzy or old.msgid_plural != ref.msgid_plural
    comments = old.translator_comments
    msgstr = ""
    forms: tuple[str, ...] = ()
    if ref.msgid_plural is None:
        if old.msgid_plural is None:
            msgstr = old.msgstr
        else:
            msgstr = _first_form(old)
            folded = tuple(
                f"msgstr[{i}] {_quoted(form)}"
                for i, form in enumerate(old.msgstr_plural)
                if i > 0 and form and form != msgstr
            )
            comments += tuple(c for c in folded if c not in comments)
    elif old.msgid_plural is None:
        forms = (old.msgstr,) * nplurals
    else:
        forms = old.msgstr_plural
    translated = (forms[0] if forms else msgstr) != ""
    fuzzy = fuzzy and translated
    previous: tuple[str | None, str | None, str | None] = (None, None, None)
    if fuzzy:
        if old.fuzzy:
            previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
        else:
            previous = (old.msgctxt, old.msgid, old.msgid_plural)
        if force_fuzzy and previous == (ref.msgctxt, ref.msgid, ref.msgid_plural):
            # The source went back to the text this translation was made for (an edit
            # undone): the translation is exact again. msgmerge leaves it fuzzy.
            fuzzy = False
            previous = (None, None, None)
    return Message(
        msgid=ref.msgid,
        msgstr=msgstr,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        msgstr_plural=forms,
        translator_comments=comments,
        extracted_comments=ref.extracted_comments,
        references=ref.references,
        flags=_merged_flags(old.flags, ref.flags, fuzzy),
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
    )


def _untranslated(ref: Message, nplurals: int) -> Message:
    """A template entry nothing in the old catalogue translates."""
    plural = ref.msgid_plural is not None
    return replace(
        ref,
        msgstr="",
        msgstr_plural=("",) * nplurals if plural else (),
        flags=tuple(f for f in ref.flags if f != "fuzzy"),
        previous_msgctxt=None,
        previous_msgid=None,
        previous_msgid_plural=None,
        line=0,
    )


def _redundant(old: Message, live: dict[tuple[str | None, str], Message]) -> bool:
    """True for a fuzzy suggestion whose source is a live entry again, with its translation.

    Such an entry (``#| msgid`` names a template entry that has the very same
    translation and translator comments) holds nothing that is not in that entry.
    """
    if not old.fuzzy or old.previous_msgid is None:
        return False
    current = live.get((old.previous_msgctxt, old.previous_msgid))
    return (
        current is not None
        and current.msgid_plural == old.msgid_plural
        and current.msgstr == old.msgstr
        and current.msgstr_plural == old.msgstr_plural
        and set(old.translator_comments) <= set(current.translator_comments)
    )


def _obsoleted(old: Message) -> Message:
    """An old entry nothing matches: kept as ``#~`` without references or ``#.`` comments."""
    return replace(old, obsolete=True, references=(), extracted_comments=(), line=0)


def _ref_owned(flag: str) -> bool:
    """Flags msgmerge takes from the template only: format, range, wrap, syntax checks."""
    return (
        flag in ("wrap", "no-wrap")
        or flag.endswith("-format")
        or flag.endswith("-check")
        or flag.startswith("range:")
    )


def _merged_flags(old: tuple[str, ...], ref: tuple[str, ...], fuzzy: bool) -> tuple[str, ...]:
    flags = ["fuzzy"] if fuzzy else []
    for flag in (*ref, *(f for f in old if not _ref_owned(f))):
        if flag != "fuzzy" and flag not in flags:
            flags.append(flag)
    return tuple(flags)


def _quoted(text: str) -> str:
    """``text`` as a C string literal, on one line (for a translator comment)."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


# --------------------------------------------------------------------------- header


def _merge_header(po: Message | None, pot: Message | None, lang: str | None) -> Message | None:
    """The PO's header with the template's ``POT-Creation-Date`` (the template's if none)."""
    base = po if po is not None else pot
    if base is None:
        return None
    text = base.msgstr
    if po is not None and pot is not None:
        date = _field_rest(pot.msgstr, "POT-Creation-Date")
        if date is not None:
            text = _put_field(text, "POT-Creation-Date", date)
    if lang is not None:
        text = _put_field(text, "Language", f" {lang}")
    return replace(base, msgstr=text, line=0)


def _field_name(line: str) -> str | None:
    """The known field a header line sets (matched without case, as msgmerge does)."""
    lowered = line.lower()
    for name in _KNOWN_FIELDS:
        if lowered.startswith(name.lower() + ":"):
            return name
    return None


def _field_rest(text: str, name: str) -> str | None:
    """What follows ``Name:`` on the header line setting ``name``, or None."""
    for line in text.split("\n"):
        if _field_name(line) == name:
            return line[len(name) + 1 :]
    return None


def _put_field(text: str, name: str, rest: str) -> str:
    """Set header field ``name``: replace its line, or insert it where msgmerge puts it."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _field_name(line) == name:
            lines[i] = f"{name}:{rest}"
            return "\n".join(lines)
    earlier = _KNOWN_FIELDS[: _KNOWN_FIELDS.index(name)]
    at = 0
    for i, line in enumerate(lines):
        if _field_name(line) in earlier:
            at = i + 1
    lines.insert(at, f"{name}:{rest}")
    return "\n".join(lines)


def _plural_count(header: Message | None) -> int:
    """``nplurals`` of the header's ``Plural-Forms`` (2 when absent or unusable)."""
    if header is None:
        return _DEFAULT_NPLURALS
    for line in header.msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "plural-forms":
            count = declared_nplurals(value)
            if count is not None:
                return count
    return _DEFAULT_NPLURALS
