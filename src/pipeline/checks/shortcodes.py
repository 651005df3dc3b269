"""Hugo shortcodes a translation must keep (pure), for ``markup-mismatch``.

A shortcode is a placeholder: its name, whether it is an opening, closing or self-closing
tag, and its non-translatable parameters must be the source's, order-free (a translator
may move a shortcode in a sentence). A renamed shortcode is one of the source's missing
and one that is not in the source; a paired shortcode whose closing tag was dropped is
"not closed". A catalogue entry's shortcodes are placeables of the Markdown dialect
(:mod:`pipeline.checks.placeables.markdown`); :func:`placed_shortcode_issues` compares a
hand-written page's shortcodes with its source page's, page-wide, with their lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pipeline.model import Issue
from pipeline.segment.shortcodes import Placed


def _open_names(placed: Sequence[Placed]) -> dict[str, list[Placed]]:
    """Opening tags without their closing tag, by name (tags paired as nested)."""
    stacks: dict[str, list[Placed]] = {}
    for item in placed:
        code = item.shortcode
        if code.self_closing:
            continue
        if code.closing:
            stack = stacks.get(code.name)
            if stack:
                stack.pop()
        else:
            stacks.setdefault(code.name, []).append(item)
    return stacks


def placed_shortcode_issues(
    source: Sequence[Placed], translation: Sequence[Placed]
) -> list[tuple[int | None, Issue]]:
    """(line in the translation or None, issue) for each shortcode of ``source`` that
    ``translation`` lacks and each it has more of."""
    have = Counter(item.shortcode.key for item in source)
    got = Counter(item.shortcode.key for item in translation)
    if have == got:
        return []
    paired = {item.shortcode.name for item in source if item.shortcode.closing}
    unclosed = _open_names(translation)
    first_line: dict[str, int] = {}
    for item in translation:
        first_line.setdefault(item.shortcode.key, item.line)
    found: list[tuple[int | None, Issue]] = []
    for key in sorted(have - got):
        missing = (have - got)[key]
        times = f" ({missing} of {have[key]})" if have[key] > 1 else ""
        name = next(i.shortcode for i in source if i.shortcode.key == key)
        if name.closing and name.name in paired and unclosed.get(name.name):
            opener = unclosed[name.name][-1]
            message = (
                f"shortcode {opener.shortcode.key} is not closed: {key} of the source is "
                f"missing in the translation{times}"
            )
            found.append((opener.line, Issue(message, expected=key)))
            continue
        found.append(
            (
                None,
                Issue(
                    f"shortcode {key} of the source is missing in the translation{times}",
                    expected=key,
                ),
            )
        )
    for key in sorted(got - have):
        extra = "is not in the source" if have[key] == 0 else "occurs more often than in the source"
        found.append((first_line.get(key), Issue(f"shortcode {key} {extra}", detected=key)))
    return found
