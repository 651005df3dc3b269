"""A planted-fault corpus built from the python-docs-fr catalogues, for the markup and
placeholder rules and their peers (translate-toolkit's pofilter, ``msgfmt --check``).

Entries are chosen by what they hold, never by what a checker says of them: a catalogue
entry is eligible for a kind of fault when its msgid and msgstr carry the same construct
(the same role target, the same literal, the same link target) as a plain regular
expression counts them. Each kind gets its own catalogue twice, in ``clean/`` (the entries
as the translators wrote them, or, for format placeholders, turned into the application
messages people write: the literal of both texts replaced by ``%(name)s``, ``{0}`` or
``%d``) and in ``planted/`` (the same entries with one fault each, planted the way people
make them: a typo in a role target, a literal left out, a mistyped URL, a placeholder
dropped, renumbered, or missing in a plural form).

Usage::

    .venv/bin/python benchmarks/planted_markup.py OUT_DIR [--per-kind N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if (REPO / "src").is_dir() and str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from pipeline.catalog.model import Catalog, Message  # noqa: E402
from pipeline.catalog.po_read import read_po  # noqa: E402
from pipeline.catalog.po_write import format_po  # noqa: E402

DOCS = REPO.parent / "shared" / "data" / "real" / "python-docs-fr" / "locale" / "fr" / "LC_MESSAGES"
KINDS = (
    "role-target",
    "literal-dropped",
    "link-target",
    "python-format-dropped",
    "brace-renamed",
    "plural-placeholder",
)
"""The kinds of planted fault, one catalogue each."""

HEADER = (
    "Project-Id-Version: planted\n"
    "Language: fr\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)
_ROLE = re.compile(
    r":(?!(?:term|dfn|guilabel|menuselection|abbr|kbd|sup|sub|emphasis|strong):)"
    r"([a-z]+(?::[a-z]+)?):`(~?[A-Za-z_][\w.]*[A-Za-z_])`"
)
"""A cross-reference role: its target must survive (text roles such as ``:dfn:`` aside)."""
_LITERAL = re.compile(r"``([A-Za-z_][\w.]*)``")
_LINK = re.compile(r"`[^`<>]+ <(https?://[^>\s]+)>`__?")
_ANY_MARKUP = re.compile(r"``[^`]+``|:[\w:]+:`[^`]+`|`[^`]+`_|\|[^|\s]+\||%|\{|\}")


@dataclass(frozen=True, slots=True)
class Planted:
    """One entry of the corpus."""

    kind: str
    """The kind of fault planted."""
    path: str
    """The catalogue it comes from, relative to ``LC_MESSAGES`` (``library/os.po``)."""
    key: tuple[str | None, str]
    """The entry's (msgctxt, msgid) in that catalogue, as the translators wrote it."""
    clean: Message
    """The entry untouched (or turned into a format message)."""
    planted: Message
    """The entry with its fault."""
    what: str
    """The placeable the fault is about, for reports."""


def _markup(text: str) -> Counter[str]:
    return Counter(_ANY_MARKUP.findall(text))


def _typo(word: str, rng: random.Random) -> str:
    """A typo as people make them: two neighbouring letters swapped, or one left out."""
    letters = [i for i in range(1, len(word) - 1) if word[i].isalpha() and word[i + 1].isalpha()]
    if not letters:
        return word + "s"
    at = rng.choice(letters)
    if rng.random() < 0.5 and word[at] != word[at + 1]:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word[:at] + word[at + 1 :]


def _eligible(messages: list[Message], pattern: re.Pattern[str]) -> Iterator[tuple[Message, str]]:
    for message in messages:
        if message.msgid_plural is not None or message.fuzzy or not message.msgstr:
            continue
        if message.msgstr == message.msgid or _markup(message.msgid) != _markup(message.msgstr):
            continue  # its markup already differs: not a clean place to plant a fault
        found = [m.group(0) for m in pattern.finditer(message.msgid)]
        found = [f for f in found if message.msgid.count(f) == 1 == message.msgstr.count(f)]
        if found:
            yield message, found[0]


def _role(message: Message, construct: str, rng: random.Random) -> tuple[Message, str]:
    match = _ROLE.fullmatch(construct)
    assert match is not None
    target = match.group(2)
    head, _, last = target.rpartition(".")
    changed = f"{head}.{_typo(last, rng)}" if head else _typo(target, rng)
    new = construct.replace(f"`{target}`", f"`{changed}`")
    return replace(message, msgstr=message.msgstr.replace(construct, new)), construct


def _literal(message: Message, construct: str, rng: random.Random) -> tuple[Message, str]:
    text = message.msgstr.replace(construct, "", 1)
    return replace(message, msgstr=" ".join(text.split(" ")).replace("  ", " ")), construct


def _link(message: Message, construct: str, rng: random.Random) -> tuple[Message, str]:
    match = _LINK.fullmatch(construct)
    assert match is not None
    url = match.group(1)
    start = url.find("//") + 2
    path_at = url.find("/", start)
    if path_at < 0 or path_at >= len(url) - 2:
        host = url[start : path_at if path_at >= 0 else len(url)]
        label = host.removeprefix("www.").split(".")[0]
        changed = url.replace(label, _typo(label, rng), 1)
    else:
        tail = url[path_at + 1 :]
        changed = url[: path_at + 1] + _typo(tail, rng)
    new = construct.replace(url, changed)
    return replace(message, msgstr=message.msgstr.replace(construct, new)), construct


def _format(flag: str, placeholder: Callable[[str], str]) -> Callable[[Message, str], Message]:
    def turn(message: Message, construct: str) -> Message:
        name = _LITERAL.fullmatch(construct)
        assert name is not None
        value = placeholder(name.group(1).rsplit(".", 1)[-1])
        return replace(
            message,
            msgid=message.msgid.replace(construct, value),
            msgstr=message.msgstr.replace(construct, value),
            flags=(flag,),
        )

    return turn


def _python_dropped(message: Message, construct: str, rng: random.Random) -> tuple[Message, str]:
    clean = _format("python-format", lambda name: f"%({name})s")(message, construct)
    name = _LITERAL.fullmatch(construct)
    assert name is not None
    value = f"%({name.group(1).rsplit('.', 1)[-1]})s"
    text = clean.msgstr.replace(value, "", 1)
    return replace(clean, msgstr=" ".join(text.split())), value


def _brace_renamed(message: Message, construct: str, rng: random.Random) -> tuple[Message, str]:
    clean = _format("python-brace-format", lambda name: "{0}")(message, construct)
    return replace(clean, msgstr=clean.msgstr.replace("{0}", "{1}", 1)), "{0}"


def _plural(message: Message, construct: str, rng: random.Random) -> tuple[Message, str]:
    clean = _plural_clean(message, construct)
    forms = (clean.msgstr_plural[0], " ".join(clean.msgstr_plural[1].replace("%d", "").split()))
    return replace(clean, msgstr_plural=forms), "%d"


def _plural_clean(message: Message, construct: str) -> Message:
    single = _format("c-format", lambda name: "%d")(message, construct)
    return replace(
        single,
        msgid_plural=single.msgid,
        msgstr="",
        msgstr_plural=(single.msgstr, single.msgstr),
    )


_PLANT: dict[
    str, tuple[re.Pattern[str], Callable[[Message, str, random.Random], tuple[Message, str]]]
]
_PLANT = {
    "role-target": (_ROLE, _role),
    "literal-dropped": (_LITERAL, _literal),
    "link-target": (_LINK, _link),
    "python-format-dropped": (_LITERAL, _python_dropped),
    "brace-renamed": (_LITERAL, _brace_renamed),
    "plural-placeholder": (_LITERAL, _plural),
}


def _clean(kind: str, message: Message, construct: str) -> Message:
    if kind == "python-format-dropped":
        return _format("python-format", lambda name: f"%({name})s")(message, construct)
    if kind == "brace-renamed":
        return _format("python-brace-format", lambda name: "{0}")(message, construct)
    if kind == "plural-placeholder":
        return _plural_clean(message, construct)
    return message


def docs_catalogs(root: Path = DOCS) -> dict[str, Catalog]:
    """Every python-docs-fr catalogue by its path relative to ``LC_MESSAGES``."""
    return {
        path.relative_to(root).as_posix(): read_po(path, path.name)
        for path in sorted(root.rglob("*.po"))
    }


def plant(catalogs: dict[str, Catalog], per_kind: int, seed: int) -> list[Planted]:
    """``per_kind`` entries of each kind, drawn with ``seed`` from the eligible ones (an
    entry serves one kind at most)."""
    rng = random.Random(seed)
    # A plural entry needs its catalogue's Plural-Forms (msgfmt refuses one without).
    plural_ok = {name for name, c in catalogs.items() if "Plural-Forms" in c.header_fields()}
    home = {id(m): name for name, catalog in catalogs.items() for m in catalog.messages}
    messages = [m for catalog in catalogs.values() for m in catalog.messages if not m.obsolete]
    used: set[tuple[str, str | None, str]] = set()
    corpus: list[Planted] = []
    for kind in KINDS:
        pattern, planter = _PLANT[kind]
        formatted = kind in ("python-format-dropped", "brace-renamed", "plural-placeholder")
        eligible = [
            (m, c)
            for m, c in _eligible(messages, pattern)
            if (home[id(m)], *m.key) not in used
            # a format message holds no other "%" or brace than its placeholder
            and not (formatted and any(ch in m.msgid + m.msgstr for ch in "%{}"))
            and (kind != "plural-placeholder" or home[id(m)] in plural_ok)
        ]
        for message, construct in rng.sample(eligible, min(per_kind, len(eligible))):
            name = home[id(message)]
            used.add((name, *message.key))
            planted, what = planter(message, construct, rng)
            clean = _clean(kind, message, construct)
            corpus.append(Planted(kind, name, message.key, clean, planted, what))
    return corpus


def _catalog(entries: list[Message]) -> Catalog:
    header = Message(msgid="", msgstr=HEADER)
    return Catalog(header, [replace(m, line=0, translator_comments=()) for m in entries])


def write(corpus: list[Planted], out: Path) -> dict[str, dict[str, Path]]:
    """``out/{clean,planted}/locale/fr/LC_MESSAGES/<kind>.po`` and a ``pipeline.toml``
    in each; returns side -> kind -> file."""
    files: dict[str, dict[str, Path]] = {"clean": {}, "planted": {}}
    for side in files:
        root = out / side
        folder = root / "locale" / "fr" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        (root / "pipeline.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
        for kind in KINDS:
            entries = [getattr(p, side) for p in corpus if p.kind == kind]
            path = folder / f"{kind}.po"
            path.write_text(format_po(_catalog(entries)), encoding="utf-8")
            files[side][kind] = path
    return files


def write_whole(
    corpus: list[Planted], catalogs: dict[str, Catalog], out: Path
) -> dict[str, dict[str, set[tuple[str | None, str]]]]:
    """Every catalogue, whole, under ``out/{clean,planted}/locale/fr/LC_MESSAGES/``: the
    planted entries in their clean or planted form, every other entry as it is. Returns
    catalogue -> kind -> keys of its planted entries."""
    planted: dict[str, dict[tuple[str | None, str], Planted]] = {}
    for entry in corpus:
        planted.setdefault(entry.path, {})[entry.key] = entry
    for side in ("clean", "planted"):
        root = out / side
        (root / "pipeline.toml").parent.mkdir(parents=True, exist_ok=True)
        (root / "pipeline.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
        for name, catalog in catalogs.items():
            here = planted.get(name, {})
            messages = []
            for message in catalog.messages:
                entry = here.get(message.key) if not message.obsolete else None
                messages.append(getattr(entry, side) if entry is not None else message)
            path = root / "locale" / "fr" / "LC_MESSAGES" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(format_po(replace(catalog, messages=messages)), encoding="utf-8")
    keys: dict[str, dict[str, set[tuple[str | None, str]]]] = {}
    for entry in corpus:
        keys.setdefault(entry.path, {}).setdefault(entry.kind, set()).add(entry.clean.key)
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    corpus = plant(docs_catalogs(), args.per_kind, args.seed)
    write(corpus, args.out)
    print(Counter(p.kind for p in corpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
