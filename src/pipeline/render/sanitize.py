"""The HTML allow-list every rendered fragment goes through (nh3, i.e. ammonia).

Kept: the elements CommonMark, tables, footnotes and ``{attrs}`` produce, plus the few the
build wraps fragments in. Dropped with their content: script, style, iframe, object, embed,
form and other active or foreign content. Dropped: every attribute not listed (so every event
handler), comments, and URLs whose scheme is not http, https or mailto (``javascript:``,
``data:``, ``vbscript:`` ...; relative URLs are kept).
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3

__all__ = ["ALLOWED_TAGS", "canonical", "is_safe", "sanitize"]

_KEPT = (
    "a abbr article b bdi bdo blockquote br caption cite code dd del dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark nav ol p pre q rp "
    "rt ruby s samp section small span strong sub sup table tbody td tfoot th thead "
    "time tr u ul var wbr"
)
ALLOWED_TAGS: frozenset[str] = frozenset(_KEPT.split())
"""Elements kept (their unlisted attributes are dropped)."""

_DROPPED = (
    "script style iframe object embed form template noscript svg math textarea select "
    "button frame frameset applet noembed noframes xmp title"
)
_DROPPED_WITH_CONTENT = frozenset(_DROPPED.split())

_CLASSED = ("a", "code", "div", "hr", "li", "nav", "ol", "p", "pre", "section", "span", "sup")
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title", "id"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "time": {"datetime"},
    "bdo": {"dir"},
}
for _tag in _CLASSED:
    _ATTRIBUTES.setdefault(_tag, set()).add("class")

_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """``html`` with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        strip_comments=True,
        link_rel=None,
        url_schemes=set(_SCHEMES),
    )


class _Events(HTMLParser):
    """Start tags (attributes sorted), end tags and text, entities resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = sorted(f"{name}={value or ''}" for name, value in attrs)
        self.events.append(("start", tag, *shown))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.events.append(("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.events.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("decl", data))


_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


def canonical(html: str) -> tuple[tuple[str, ...], ...]:
    """The tags, attributes and text of ``html`` as events, equal for equal markup."""
    parser = _Events()
    parser.feed(html)
    parser.close()
    return tuple(parser.events)


def is_safe(html: str) -> bool:
    """True when the sanitizer would leave every tag, attribute and text of ``html`` as it is."""
    return canonical(html) == canonical(sanitize(html))
