"""Line-break classes of characters, as libunistring 1.0 (used by GNU gettext 0.21) has them.

``line_break_class`` gives a character's UAX #14 class (AI, XX and SA resolved to AL, CB to
ID), from a few tables of exceptions and the character's general category; ``is_wide`` tells
East Asian wide and full-width characters. The break rules that use these classes are in
:mod:`pipeline.catalog.linebreak`.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "AL",
    "B2",
    "BA",
    "BB",
    "BK",
    "CL",
    "CLASS_OF",
    "CM",
    "CP",
    "CPW",
    "EB",
    "EM",
    "EX",
    "GL",
    "H2",
    "H3",
    "HL",
    "HY",
    "ID",
    "IN",
    "IS",
    "JL",
    "JT",
    "JV",
    "NS",
    "NU",
    "OP",
    "OPW",
    "PO",
    "PR",
    "QU",
    "RI",
    "SP",
    "SY",
    "WJ",
    "ZW",
    "ZWJ",
    "is_wide",
    "line_break_class",
]

# Line-break classes, indexes into the pair table of linebreak.py (libunistring's order).
(WJ, GL, B2, BA, BB, HY, CL, CP, EX, IN, NS, OP, QU, IS, NU, PO, PR, SY) = range(18)
(AL, H2, H3, ID, JL, JV, JT, HL, RI, EB, EM, OPW, CPW) = range(18, 31)
# OPW/CPW: East Asian wide opening/closing punctuation (rule LB30).
# Classes outside the pair table: space, mandatory break, combining mark, zero width space,
# zero width joiner.
SP, BK, CM, ZW, ZWJ = 100, 101, 102, 103, 104

_ASCII_CLASSES = {
    "\t": BA,
    " ": SP,
    "!": EX,
    '"': QU,
    "$": PR,
    "%": PO,
    "'": QU,
    "(": OP,
    ")": CP,
    "+": PR,
    ",": IS,
    "-": HY,
    ".": IS,
    "/": SY,
    ":": IS,
    ";": IS,
    "?": EX,
    "[": OP,
    "\\": PR,
    "]": CP,
    "{": OP,
    "|": BA,
    "}": CL,
}
_LATIN1_CLASSES = {
    0xA0: GL,
    0xA1: OP,
    0xA2: PO,
    0xA3: PR,
    0xA4: PR,
    0xA5: PR,
    0xAB: QU,
    0xAD: BA,
    0xB0: PO,
    0xB1: PR,
    0xB4: BB,
    0xBB: QU,
    0xBF: OP,
}
# General punctuation and other frequent non-letters whose class a category can't tell.
_SPECIAL_CLASSES: dict[int, int] = {
    0x2007: GL,
    0x200B: ZW,
    0x200D: ZWJ,
    0x2010: BA,
    0x2011: GL,
    0x2012: BA,
    0x2013: BA,
    0x2014: B2,
    0x2018: QU,
    0x2019: QU,
    0x201A: OP,
    0x201B: QU,
    0x201C: QU,
    0x201D: QU,
    0x201E: OP,
    0x201F: QU,
    0x2024: IN,
    0x2025: IN,
    0x2026: IN,
    0x2027: BA,
    0x2028: BK,
    0x2029: BK,
    0x202F: GL,
    0x2039: QU,
    0x203A: QU,
    0x203C: NS,
    0x203D: NS,
    0x2044: IS,
    0x2045: OP,
    0x2046: CL,
    0x2047: NS,
    0x2048: NS,
    0x2049: NS,
    0x2056: BA,
    0x2058: BA,
    0x2059: BA,
    0x205A: BA,
    0x205B: BA,
    0x205D: BA,
    0x205E: BA,
    0x205F: BA,
    0x2060: WJ,
    0x2E3A: B2,
    0x2E3B: B2,
    0x3000: BA,
    0x3001: CL,
    0x3002: CL,
    0x3003: ID,
    0x3005: NS,
    0x301C: NS,
    0x303B: NS,
    0x30A0: NS,
    0x30FB: NS,
    0x30FC: NS,
    0x30FD: NS,
    0x30FE: NS,
    0xFE50: CL,
    0xFE52: CL,
    0xFEFF: WJ,
    0xFFFC: ID,
    0xFF01: EX,
    0xFF04: PR,
    0xFF05: PO,
    0xFF0C: CL,
    0xFF0E: CL,
    0xFF1A: NS,
    0xFF1B: NS,
    0xFF1F: EX,
    0xFF61: CL,
    0xFF64: CL,
    0xFF65: NS,
    0x060C: IS,
    0x060D: IS,
    0x061B: EX,
    0x061F: EX,
    0x066A: PO,
    0x066B: NU,
    0x066C: NU,
    0x06D4: EX,
    0x0964: BA,
    0x0965: BA,
    0x0E5A: BA,
    0x0E5B: BA,
    0x1680: BA,
    0x17D4: BA,
    0x17D5: BA,
    0x20A7: PO,
    0x20B6: PO,
    0x20BB: PO,
    0x20BE: PO,
    0x2030: PO,
    0x2031: PO,
    0x2032: PO,
    0x2033: PO,
    0x2034: PO,
    0x2035: PO,
    0x2036: PO,
    0x2037: PO,
    0x2103: PO,
    0x2109: PO,
    0x2116: PR,
    0x2212: PR,
    0x2213: PR,
}
_SMALL_KANA = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｬｭｮｯｰ々〻"
)
_CATEGORY_CLASSES = {
    "Mn": CM,
    "Me": CM,
    "Mc": CM,
    "Cc": CM,
    "Cf": CM,
    "Zs": BA,
    "Zl": BK,
    "Zp": BK,
    "Pd": BA,
    "Ps": OP,
    "Pe": CL,
    "Pi": QU,
    "Pf": QU,
    "Nd": NU,
    "Sc": PR,
}

_EB_RANGES = (
    (0x261D, 0x261D),
    (0x26F9, 0x26F9),
    (0x270A, 0x270D),
    (0x1F385, 0x1F385),
    (0x1F3C2, 0x1F3C4),
    (0x1F3C7, 0x1F3C7),
    (0x1F3CA, 0x1F3CC),
    (0x1F442, 0x1F443),
    (0x1F446, 0x1F450),
    (0x1F466, 0x1F478),
    (0x1F47C, 0x1F47C),
    (0x1F481, 0x1F483),
    (0x1F485, 0x1F487),
    (0x1F48F, 0x1F48F),
    (0x1F491, 0x1F491),
    (0x1F4AA, 0x1F4AA),
    (0x1F574, 0x1F575),
    (0x1F57A, 0x1F57A),
    (0x1F590, 0x1F590),
    (0x1F595, 0x1F596),
    (0x1F645, 0x1F647),
    (0x1F64B, 0x1F64F),
    (0x1F6A3, 0x1F6A3),
    (0x1F6B4, 0x1F6B6),
    (0x1F6C0, 0x1F6C0),
    (0x1F6CC, 0x1F6CC),
    (0x1F90C, 0x1F90C),
    (0x1F90F, 0x1F90F),
    (0x1F918, 0x1F91F),
    (0x1F926, 0x1F926),
    (0x1F930, 0x1F939),
    (0x1F93C, 0x1F93E),
    (0x1F977, 0x1F977),
    (0x1F9B5, 0x1F9B6),
    (0x1F9B8, 0x1F9B9),
    (0x1F9BB, 0x1F9BB),
    (0x1F9CD, 0x1F9CF),
    (0x1F9D1, 0x1F9DD),
    (0x1FAC3, 0x1FAC5),
    (0x1FAF0, 0x1FAF6),
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


# Classes that the category-based guess gets wrong (derived from libunistring 1.0).
_CLASS_EXCEPTIONS = """
2C8:BB 2CC:BB 2DF:BB 34F:GL 35C-362:GL 37E:IS 589:IS 5C6:EX 600-605:AL 609-60B:PO 61D-61E:EX
6DD:AL 70F:AL 7F8:IS 7F9:EX 890-891:AL 8E2:AL 9F2-9F3:PO 9F9:PO C77:BB C84:BB D79:PO E31:AL
E34-E3A:AL E47-E4E:AL EB1:AL EB4-EBC:AL EC8-ECD:AL F01-F04:BB F06-F07:BB F08:GL F09-F0A:BB
F0B:BA F0C:GL F0D-F11:EX F12:GL F14:EX F34:BA F7F:BA F85:BA FBE-FBF:BA FD0-FD1:BB FD2:BA FD3:BB
FD9-FDA:GL 102B-103E:AL 104A-104B:BA 1056-1059:AL 105E-1060:AL 1062-1064:AL 1067-106D:AL
1071-1074:AL 1082-108D:AL 108F:AL 109A-109D:AL 1361:BA 16EB-16ED:BA 1735-1736:BA 17B4-17D3:AL
17D6:NS 17D8:BA 17DA:BA 17DD:AL 1802-1803:EX 1804-1805:BA 1806:BB 1808-1809:EX 180E:GL
1944-1945:EX 1A55-1A5E:AL 1A60-1A7C:AL 1B5A-1B5B:BA 1B5D-1B60:BA 1B7D-1B7E:BA 1C3B-1C3F:BA
1C7E-1C7F:BA 1FFD:BB 2015:AL 2061-2064:AL 20C0:PO 22EF:IN 23E9-23EC:AL 23F1-23F2:ID 25FD-25FE:AL
2600-2603:ID 2618:ID 261A-261C:ID 261E-261F:ID 2639-263B:ID 2648-2653:AL 2668:ID 2693:AL 26A1:AL
26AA-26AB:AL 26BF-26C3:ID 26C6-26C8:ID 26CD:ID 26CE:AL 26CF-26D1:ID 26D3:ID 26D8-26D9:ID 26DC:ID
26DF-26E1:ID 26F1:ID 26F4:ID 26F7-26F8:ID 26FE-2704:ID 2705:AL 2708-2709:ID 2728:AL 274C:AL
274E:AL 2753-2755:AL 2757:AL 275B-2760:QU 2762-2763:EX 2764:ID 2795-2797:AL 27B0:AL 27BF:AL
2B1B-2B1C:AL 2B50:AL 2B55:AL 2CF9:EX 2CFA-2CFC:BA 2CFE:EX 2CFF:BA 2D70:BA 2E00-2E01:QU
2E06-2E08:QU 2E0B:QU 2E0E-2E15:BA 2E18:OP 2E19:BA 2E1A:AL 2E2A-2E2D:BA 2E2E:EX 2E30-2E31:BA
2E33-2E34:BA 2E3C-2E3E:BA 2E41:BA 2E43-2E4A:BA 2E4C:BA 2E4E-2E4F:BA 2E53-2E54:EX 3030:ID
3035:_CM 303C:NS 303F:ID 309B-309E:NS A015:NS A4FE-A4FF:BA A60D:BA A60E:EX A60F:BA A6F3-A6F7:BA
A838:PO A874-A875:BB A876-A877:EX A8CE-A8CF:BA A8FC:BB A92E-A92F:BA A9C7-A9C9:BA A9E5:AL
AA5D-AA5F:BA AA7B-AA7D:AL AAB0:AL AAB2-AAB4:AL AAB7-AAB8:AL AABE-AABF:AL AAC1:AL AAF0-AAF1:BA
ABEB:BA FB29:AL FDFC:PO FE10:IS FE11-FE12:CL FE13-FE14:IS FE15-FE16:EX FE19:IN FE31-FE32:ID
FE54-FE55:NS FE56-FE57:EX FE58:ID FE63:ID FE69:PR FE6A:PO FF0D:ID FF10-FF19:ID FF62:OPW FF66:ID
FF71-FF9D:ID FF9E-FF9F:NS FFA0-FFBE:ID FFC2-FFC7:ID FFCA-FFCF:ID FFD2-FFD7:ID FFDA-FFDC:ID
FFE0:PO FFE1:PR FFE5-FFE6:PR 1F100-1F10C:AL 1F110-1F16C:AL 1F170-1F1AC:AL 1F39C-1F39D:AL
1F3B5-1F3B6:AL 1F3BC:AL 1F4A0:AL 1F4A2:AL 1F4A4:AL 1F4AF:AL 1F4B1-1F4B2:AL 1F500-1F506:AL
1F517-1F524:AL 1F532-1F549:AL 1F5D4-1F5DB:AL 1F5F4-1F5F9:AL 1F650-1F675:AL 1F676-1F678:QU
1F679-1F67B:NS 1F67C-1F67F:AL 1F700-1F773:AL 1F780-1F7D4:AL 1F800-1F80B:AL 1F810-1F847:AL
1F850-1F859:AL 1F860-1F887:AL 1F890-1F8AD:AL 1F900-1F90B:AL 1FA00-1FA53:AL
"""
_CLASS_NAMES = {
    name: index
    for index, name in enumerate(
        (
            *("WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP", "EX", "IN", "NS", "OP", "QU"),
            *("IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID", "JL", "JV", "JT", "HL"),
            *("RI", "EB", "EM", "OPW", "CPW"),
        )
    )
} | {"_SP": SP, "_BK": BK, "_CM": CM, "_ZW": ZW, "_ZWJ": ZWJ}


def _exceptions() -> dict[int, int]:
    """Code point -> class, from :data:`_CLASS_EXCEPTIONS`."""
    table: dict[int, int] = {}
    for token in _CLASS_EXCEPTIONS.split():
        span, name = token.split(":")
        lo, _, hi = span.partition("-")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            table[cp] = _CLASS_NAMES[name]
    return table


_EXCEPTIONS = _exceptions()


def _compute_class(ch: str) -> int:
    """libunistring line-break class of a character (AI/XX/SA resolved to AL, CB to ID)."""
    cls: int | None
    cp = ord(ch)
    if cp < 0x80:
        if ch in _ASCII_CLASSES:
            cls = _ASCII_CLASSES[ch]
        elif cp in (0x0A, 0x0B, 0x0C, 0x0D):
            cls = BK
        elif cp < 0x20 or cp == 0x7F:
            cls = CM
        elif "0" <= ch <= "9":
            cls = NU
        else:
            cls = AL
    elif cp < 0x100:
        cls = _LATIN1_CLASSES.get(cp)
        if cls is None:
            cls = BK if cp == 0x85 else CM if cp < 0xA0 else AL
    elif cp in _EXCEPTIONS:
        cls = _EXCEPTIONS[cp]
    elif cp in _SPECIAL_CLASSES:
        cls = _SPECIAL_CLASSES[cp]
    elif 0xAC00 <= cp <= 0xD7A3:
        cls = H2 if (cp - 0xAC00) % 28 == 0 else H3
    elif 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        cls = JL
    elif 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        cls = JV
    elif 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        cls = JT
    elif 0x1F1E6 <= cp <= 0x1F1FF:
        cls = RI
    elif 0x1F3FB <= cp <= 0x1F3FF:
        cls = EM
    elif _in_ranges(cp, _EB_RANGES):
        cls = EB
    elif 0x05D0 <= cp <= 0x05F2 or 0xFB1D <= cp <= 0xFB4F:
        cls = HL if unicodedata.category(ch) == "Lo" else CM
    elif ch in _SMALL_KANA:
        cls = NS
    else:
        cat = unicodedata.category(ch)
        cls = _CATEGORY_CLASSES.get(cat)
        if cls is None or (cls in (OP, CL, QU, NU, PR) and is_wide(ch)):
            if is_wide(ch) or 0x1F000 <= cp <= 0x1FAFF:
                cls = ID if cls is None or cls == PR else cls
            elif cls is None:
                cls = AL
        if cls == OP and is_wide(ch):
            cls = OPW
        elif cls == CP and is_wide(ch):
            cls = CPW
    return cls


class _Classes(dict[str, int]):
    """Character -> line-break class, each computed on first use."""

    def __missing__(self, ch: str) -> int:
        cls = _compute_class(ch)
        self[ch] = cls
        return cls


CLASS_OF = _Classes()
"""The line-break class of each character: ``CLASS_OF["a"] == AL`` (a cache, filled on use)."""


def line_break_class(ch: str) -> int:
    """libunistring line-break class of a character (AI/XX/SA resolved to AL, CB to ID)."""
    return CLASS_OF[ch]


def is_wide(ch: str) -> bool:
    """True for East Asian wide and full-width characters."""
    return unicodedata.east_asian_width(ch) in ("W", "F")
