"""Language codes and locale data, from Babel's CLDR data.

A site names its languages as it likes (``pt-br``, ``zh-CN``, ``sr-Latn``, ``pt_BR``,
``sr@latin``); :func:`parse_tag` reads any of these spellings, case-insensitively, and
:func:`gettext_name`, :func:`bcp47` and :func:`key` give the spellings each consumer wants:

- gettext's locale name for ``locale/<name>/`` and the ``Language`` header: ``pt_BR``,
  ``zh_CN``, ``zh_Hant``, and ``sr@latin`` where glibc and gettext use a modifier for a
  script that is not the language's default (Latin, Cyrillic, Devanagari);
- BCP 47 for HTML ``lang`` attributes: ``pt-BR``, ``zh-Hant``, ``sr-Latn``;
- a key to compare two spellings (``pt-br``): equal keys are the same language.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.plurals import get_plural

_SCRIPT_MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Deva": "devanagari"}
"""Scripts gettext and glibc spell as an ``@modifier`` (``sr@latin``, ``uz@cyrillic``)."""
_MODIFIER_SCRIPTS = {modifier: script for script, modifier in _SCRIPT_MODIFIERS.items()}

_CODE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<territory>[A-Za-z]{2}|\d{3}))?"
    r"(?:@(?P<modifier>[A-Za-z0-9]{1,12}))?"
)


@dataclass(frozen=True, slots=True)
class Tag:
    """A language code read into its parts."""

    language: str
    """ISO 639 code, lower case (``pt``)."""
    script: str | None = None
    """ISO 15924 script, title case (``Latn``), when the code names one."""
    territory: str | None = None
    """Region, upper case (``BR``), when the code names one."""
    modifier: str | None = None
    """A gettext ``@modifier`` that is not a script (``valencia``), lower case."""


@cache
def parse_tag(code: str) -> Tag | None:
    """The parts of a language code in any usual spelling, or None when it is not one.

    ``pt-br``, ``pt_BR`` and ``PT-BR`` give the same tag; ``sr@latin`` and ``sr-Latn`` too.
    """
    match = _CODE.fullmatch(code.strip())
    if match is None:
        return None
    script = match.group("script")
    modifier = match.group("modifier")
    script = script.title() if script else None
    if modifier is not None:
        modifier = modifier.lower()
        if script is None and modifier in _MODIFIER_SCRIPTS:
            script, modifier = _MODIFIER_SCRIPTS[modifier], None
    territory = match.group("territory")
    return Tag(
        match.group("language").lower(), script, territory.upper() if territory else None, modifier
    )


def normalize(code: str) -> str:
    """Babel's spelling of a language code (``pt-br`` -> ``pt_BR``, ``sr@latin`` ->
    ``sr_Latn``); a code that is not one is returned with ``-`` made ``_``."""
    tag = parse_tag(code)
    if tag is None:
        return code.replace("-", "_")
    parts = [tag.language, tag.script, tag.territory]
    return "_".join(part for part in parts if part)


def _likely_script(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language)
    if not likely:
        return None
    parts = str(likely).split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


@cache
def gettext_name(code: str) -> str:
    """gettext's locale name for a language code (``pt-br`` -> ``pt_BR``, ``sr-Latn`` ->
    ``sr@latin``, ``zh-Hant`` -> ``zh_Hant``, ``sr-Cyrl`` -> ``sr``)."""
    tag = parse_tag(code)
    if tag is None:
        return code
    name = tag.language
    modifier = tag.modifier
    if tag.script is not None:
        if tag.script in _SCRIPT_MODIFIERS:
            if tag.script != _likely_script(tag.language):
                modifier = _SCRIPT_MODIFIERS[tag.script]
        else:
            name += f"_{tag.script}"
    if tag.territory is not None:
        name += f"_{tag.territory}"
    if modifier is not None:
        name += f"@{modifier}"
    return name


@cache
def bcp47(code: str) -> str:
    """BCP 47 spelling of a language code, as HTML's ``lang`` wants it (``pt_BR`` ->
    ``pt-BR``, ``sr@latin`` -> ``sr-Latn``)."""
    tag = parse_tag(code)
    if tag is None:
        return code.replace("_", "-")
    parts = [tag.language, tag.script, tag.territory]
    if tag.modifier is not None:
        parts += ["x", tag.modifier]
    return "-".join(part for part in parts if part)


@cache
def key(code: str) -> str:
    """What two spellings of one language have in common (``pt_BR``, ``pt-br`` -> ``pt-br``;
    a script that is the language's default is left out: ``sr-Cyrl`` -> ``sr``)."""
    tag = parse_tag(code)
    if tag is not None and tag.script is not None and tag.script == _likely_script(tag.language):
        tag = Tag(tag.language, None, tag.territory, tag.modifier)
        code = "-".join(part for part in (tag.language, tag.territory) if part)
        if tag.modifier:
            code += f"@{tag.modifier}"
    return bcp47(code).lower()


def same(one: str, other: str) -> bool:
    """True when two codes name the same language (``pt-br`` and ``pt_BR``)."""
    return key(one) == key(other)


def base(code: str) -> str:
    """The language alone, without script or region (``pt-br`` -> ``pt``)."""
    tag = parse_tag(code)
    return tag.language if tag is not None else code.split("_")[0].split("-")[0].lower()


@cache
def is_known(code: str) -> bool:
    """True when CLDR knows the language code."""
    if parse_tag(code) is None:
        return False
    try:
        Locale.parse(normalize(code))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


@cache
def plural_forms(code: str) -> str:
    """The ``Plural-Forms`` header value for a language (``nplurals=2; plural=(n > 1);``)."""
    return str(get_plural(normalize(code)).plural_forms)


@cache
def nplurals(code: str) -> int:
    return int(get_plural(normalize(code)).num_plurals)


@cache
def english_name(code: str) -> str:
    """The language's name in English (``French``)."""
    return str(Locale.parse(normalize(code)).get_display_name("en") or code)


@cache
def native_name(code: str) -> str:
    """The language's name in itself (``français``)."""
    locale = Locale.parse(normalize(code))
    return str(locale.get_display_name(locale) or code)


@cache
def direction(code: str) -> str:
    """``rtl`` or ``ltr``, from CLDR's character order."""
    return "rtl" if Locale.parse(normalize(code)).character_order == "right-to-left" else "ltr"


CONTEXTS = ("uiListOrMenu", "stand-alone")
"""CLDR's display contexts for a language name that can change its capitalisation: in a
menu or list (a language switcher, the heading of a navigation list) and standing alone."""


@cache
def _context_transforms() -> dict[str, dict[str, str]]:
    """CLDR's ``contextTransforms`` for language names, per locale (packaged data: see
    ``tools/cldr_context_transforms.py``)."""
    text = resources.files("pipeline").joinpath("data/cldr-context-transforms.json")
    table: dict[str, dict[str, str]] = json.loads(text.read_text("utf-8"))["languages"]
    return table


def _transform(code: str, context: str) -> str:
    """The transform CLDR gives ``code``'s language names in ``context``, inherited from
    the parent locale (``fr_CA`` from ``fr``); ``no-change`` when none is given."""
    locale = Locale.parse(normalize(code))
    candidates = [str(locale)]
    if locale.script:
        candidates.append(f"{locale.language}_{locale.script}")
    candidates.append(locale.language)
    table = _context_transforms()
    for candidate in candidates:
        if candidate in table:
            return table[candidate].get(context, "no-change")
    return "no-change"


@cache
def native_name_in(code: str, context: str) -> str:
    """The language's name in itself, capitalised as CLDR says for ``context`` (one of
    :data:`CONTEXTS`): ``Français`` in a menu, ``français`` in running text."""
    if context not in CONTEXTS:
        raise ValueError(f"unknown display context {context!r}")
    name = native_name(code)
    if _transform(code, context) != "titlecase-firstword" or not name:
        return name
    first = name[0]
    language = Locale.parse(normalize(code)).language
    upper = "\u0130" if first == "i" and language in ("tr", "az") else first.upper()
    return upper + name[1:]
