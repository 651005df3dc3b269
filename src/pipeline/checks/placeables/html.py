"""The HTML-template dialect (``*.html``, Jinja and other templates) and the plain-text one
(messages from source code): the tags of a template must survive, attributes a translator
may change aside; a message of source code has no markup (its format placeholders are
checked by its flags, in :mod:`pipeline.checks.placeables.formats`)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.checks.placeables.markdown import TAG, tag_key
from pipeline.checks.placeables.model import Dialect, Placeable, Placeables

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


@lru_cache(maxsize=8192)
def read_html(text: str) -> Placeables:
    """The tags of an HTML fragment; the text between them is prose."""
    if "<" not in text:
        return Placeables(prose=text)
    items: list[Placeable] = []
    for match in _TAG.finditer(text):
        key = tag_key(match.group())
        if key is not None:
            items.append(Placeable(TAG, key, match.group()))
    return Placeables(items=tuple(items), prose=_TAG.sub(" ", text))


def read_plain(text: str) -> Placeables:
    """Plain text: no markup, all prose."""
    return Placeables(prose=text)


HTML = Dialect("html", read_html, kinds=(TAG,))
"""HTML templates."""
PLAIN = Dialect("plain", read_plain)
"""Messages of source code: no markup."""
