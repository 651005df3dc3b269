"""Plural-Forms: parse a catalogue header's value and evaluate its expression.

``nplurals=2; plural=(n > 1);`` becomes a count and a function of n. The C expression is
compiled by the standard library (:func:`gettext.c2py`, which checks gettext's grammar and
never evaluates arbitrary code); n is handed to the compiled function as an unsigned 64-bit
integer, so ``n - 1`` wraps around at n = 0 as in GNU gettext. Also here: the count a header
declares, read leniently as ``msgmerge`` reads it, and the value to suggest for a language.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable

from pipeline import languages

__all__ = [
    "GETTEXT_PLURAL_FORMS",
    "MAX_FORMS",
    "MAX_LENGTH",
    "PluralExpressionError",
    "compile_plural",
    "declared_nplurals",
    "gettext_plural_forms",
    "parse_plural_forms",
    "standard_plural_forms",
]

MAX_FORMS = 64
"""The largest ``nplurals`` accepted."""
MAX_LENGTH = 1000
"""The longest plural expression accepted (``gettext.c2py``'s own limit)."""

_PLURAL_FORMS = re.compile(
    r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", re.DOTALL | re.IGNORECASE
)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_SPACE = re.compile(r"\s")
_MASK64 = (1 << 64) - 1

_TWO = "nplurals=2; plural=(n != 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
GETTEXT_PLURAL_FORMS: dict[str, str] = {
    "ja": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    **dict.fromkeys(
        ("en", "de", "nl", "sv", "da", "no", "nb", "nn", "fo", "es", "pt", "it", "bg", "el"),
        _TWO,
    ),
    **dict.fromkeys(("fi", "et", "he", "eo", "hu", "tr", "ca"), _TWO),
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), _EAST_SLAVIC),
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}
"""GNU gettext's own table of ``Plural-Forms`` (``msginit``'s, from the manual's node
"Plural forms"), by language or language_TERRITORY. ``msginit`` takes these before any
CLDR rule; they are what Poedit and most translation teams write (French: two forms,
where CLDR adds a third for n = 1000000...)."""


class PluralExpressionError(ValueError):
    """A plural expression that gettext's grammar does not accept, or that cannot be evaluated."""


def parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    """``nplurals=2; plural=(n > 1);`` -> (2, a function of n). Raises PluralExpressionError."""
    match = _PLURAL_FORMS.fullmatch(value)
    if match is None:
        raise PluralExpressionError("expected 'nplurals=N; plural=EXPRESSION;'")
    nplurals = int(match.group(1))
    if not 1 <= nplurals <= MAX_FORMS:
        raise PluralExpressionError(f"nplurals must be between 1 and {MAX_FORMS}")
    return nplurals, compile_plural(match.group(2))


def compile_plural(expression: str) -> Callable[[int], int]:
    """Compile gettext's C subset (``?:``, ``||``, ``&&``, comparisons, arithmetic, ``!``,
    parentheses, ``n``) into a function of n, with :func:`gettext.c2py`.

    Arithmetic on n is unsigned 64-bit, as in gettext; the function raises
    PluralExpressionError where gettext's evaluation fails (division by zero)."""
    if len(expression) > MAX_LENGTH:
        raise PluralExpressionError(f"expression too long (over {MAX_LENGTH} characters)")
    if not expression.strip():
        raise PluralExpressionError("empty expression")
    try:
        # c2py's tokenizer takes only spaces and tabs as blanks.
        function = gettext.c2py(_SPACE.sub(" ", expression))
    except (ValueError, SyntaxError, RecursionError, MemoryError) as exc:
        raise PluralExpressionError(_reason(str(exc), expression)) from None

    def evaluate(n: int) -> int:
        try:
            return int(function(_Unsigned(n & _MASK64))) & _MASK64
        except ZeroDivisionError:
            raise PluralExpressionError("division by zero") from None
        except (RecursionError, OverflowError, MemoryError) as exc:
            raise PluralExpressionError(f"cannot be evaluated ({type(exc).__name__})") from None

    return evaluate


def _reason(complaint: str, expression: str) -> str:
    """What is wrong with ``expression``, from ``gettext.c2py``'s complaint."""
    for prefix in ("invalid token in plural form: ", "unexpected token in plural form: "):
        if complaint.startswith(prefix):
            return f"unexpected {complaint.removeprefix(prefix)!r}"
    if complaint == "unexpected end of plural form":
        return "unexpected end of expression"
    if complaint == "unbalanced parenthesis in plural form":
        if expression.count("(") > expression.count(")"):
            return "unexpected end of expression: ')' missing"
        return "unbalanced parentheses"
    if complaint == "plural form expression is too complex":
        return "expression nested too deeply"
    return complaint or "not a plural expression"


def declared_nplurals(value: str) -> int | None:
    """The ``nplurals`` a ``Plural-Forms`` value declares, or None when it has none above 0.

    Lenient, as msgmerge is: the expression is not looked at."""
    match = _NPLURALS.search(value)
    if match is None or int(match.group(1)) <= 0:
        return None
    return int(match.group(1))


def gettext_plural_forms(lang: str) -> str | None:
    """``msginit``'s ``Plural-Forms`` for a language (by language_TERRITORY, then by
    language), or None when GNU gettext's table does not have it."""
    code = languages.normalize(lang)
    for key in (code, code.split("_", 1)[0]):
        if key in GETTEXT_PLURAL_FORMS:
            return GETTEXT_PLURAL_FORMS[key]
    return None


def standard_plural_forms(lang: str, source: str = "gettext") -> str:
    """The ``Plural-Forms`` value of a new catalogue, and the one to suggest: GNU gettext's
    (``msginit``'s) where its table has the language, else CLDR's (Babel's); with
    ``source="cldr"``, CLDR's always."""
    if source == "gettext":
        known = gettext_plural_forms(lang)
        if known is not None:
            return known
    return languages.plural_forms(languages.normalize(lang))


class _Unsigned(int):
    """n as gettext's evaluator sees it: an unsigned 64-bit integer whose sums, differences,
    products, quotients and remainders wrap modulo 2**64 (and stay unsigned).

    Only operations with n in them wrap: ``c2py`` evaluates constants, comparisons and
    ``!`` in Python, and its ``&&``/``||`` give an operand, not 0 or 1."""

    __slots__ = ()

    def __add__(self, other: int) -> _Unsigned:
        return _Unsigned((int(self) + other) & _MASK64)

    def __radd__(self, other: int) -> _Unsigned:
        return _Unsigned((other + int(self)) & _MASK64)

    def __sub__(self, other: int) -> _Unsigned:
        return _Unsigned((int(self) - other) & _MASK64)

    def __rsub__(self, other: int) -> _Unsigned:
        return _Unsigned((other - int(self)) & _MASK64)

    def __mul__(self, other: int) -> _Unsigned:
        return _Unsigned((int(self) * other) & _MASK64)

    def __rmul__(self, other: int) -> _Unsigned:
        return _Unsigned((other * int(self)) & _MASK64)

    def __floordiv__(self, other: int) -> _Unsigned:
        return _Unsigned(int(self) // (other & _MASK64))

    def __rfloordiv__(self, other: int) -> _Unsigned:
        return _Unsigned((other & _MASK64) // int(self))

    def __mod__(self, other: int) -> _Unsigned:
        return _Unsigned(int(self) % (other & _MASK64))

    def __rmod__(self, other: int) -> _Unsigned:
        return _Unsigned((other & _MASK64) % int(self))
