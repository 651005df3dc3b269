"""Language codes and locale data, from Babel's CLDR data."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural


def normalize(code: str) -> str:
    """Gettext spelling of a language code (``pt-BR`` -> ``pt_BR``)."""
    return code.replace("-", "_")


@cache
def is_known(code: str) -> bool:
    """True when CLDR knows the language code."""
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
