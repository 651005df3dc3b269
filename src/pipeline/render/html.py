"""A page as a localised HTML fragment: one ``<article lang dir>`` element (pure).

A translated fragment keeps the source page's structure (markdown-it's token stream) and
swaps each unit's inline content for its translation. A unit without a published
translation keeps its source text and its element says so with ``lang`` (and ``dir`` when
the direction differs), so that screen readers switch voice. The body goes through the
sanitizer (:mod:`pipeline.render.sanitize`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

from pipeline import languages
from pipeline.model import Page, Segment, UnitKind
from pipeline.render.links import localize_target
from pipeline.render.sanitize import sanitize
from pipeline.segment.cjk import remove_cjk_breaks
from pipeline.segment.markdown import UnitToken, unit_tokens
from pipeline.segment.parser import markdown_parser

__all__ = ["RenderedPage", "bcp47", "render_page", "wrap_fragment"]

_ALIGN = re.compile(r"^\s*text-align\s*:\s*(left|right|center)\s*;?\s*$")


def bcp47(code: str) -> str:
    """BCP 47 spelling of a language code in any spelling (``pt_BR``, ``pt-br`` ->
    ``pt-BR``)."""
    return languages.bcp47(code)


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page rendered in one language."""

    html: str
    """The fragment: ``<article lang dir>...</article>`` and a final newline."""
    units: int
    """Body units of the page."""
    translated: int
    """Body units shown translated (all of them for a page rendered as it is)."""


def wrap_fragment(body: str, lang: str, notice: tuple[str, str] | None = None) -> str:
    """``<article>`` around sanitized ``body``; ``notice`` is (text, its language)."""
    tag = bcp47(lang)
    direction = languages.direction(lang)
    parts = [f'<article lang="{tag}" dir="{direction}">\n']
    if notice is not None:
        text, notice_lang = notice
        attrs = ' class="translation-notice"'
        if notice_lang != lang:
            attrs += _lang_attrs(notice_lang, lang)
        parts.append(f"<p{attrs}>{html.escape(text, quote=False)}</p>\n")
    parts.append(sanitize(body).strip("\n"))
    parts.append("\n</article>\n")
    return "".join(parts)


def _lang_attrs(lang: str, context: str) -> str:
    attrs = f' lang="{bcp47(lang)}"'
    if languages.direction(lang) != languages.direction(context):
        attrs += f' dir="{languages.direction(lang)}"'
    return attrs


def render_page(
    page: Page,
    lang: str,
    *,
    source_language: str,
    translations: Mapping[Segment, str] | None = None,
    links: Mapping[str, str] | None = None,
    notice: tuple[str, str] | None = None,
) -> RenderedPage:
    """Render ``page`` as a fragment in ``lang``.

    With ``translations`` None the page is rendered as it is (a source page, or a
    hand-written page of ``lang``). Otherwise ``page`` is the source page and each body unit
    found in ``translations`` shows that (already vetted) text; the others fall back to the
    source text marked with ``lang=source_language``. ``links`` rewrites link-target
    prefixes to their localised form. ``notice`` adds a partly-translated notice.
    """
    md = markdown_parser()
    env: dict[str, Any] = {}
    tokens, units = unit_tokens(page.text, page.path, env)
    translated = len(units)
    if translations is not None:
        translated = _translate(tokens, units, translations, env, lang, source_language)
    _fix_tokens(tokens, links or {})
    body = md.renderer.render(tokens, md.options, env)
    return RenderedPage(wrap_fragment(body, lang, notice), len(units), translated)


def _translate(
    tokens: list[Token],
    units: list[UnitToken],
    translations: Mapping[Segment, str],
    env: dict[str, Any],
    lang: str,
    source: str,
) -> int:
    md = markdown_parser()
    position = {id(token): index for index, token in enumerate(tokens)}
    done = 0
    fallback_inline: list[Token] = []
    for unit in units:
        text = translations.get(unit.segment)
        declared = unit.segment.lang is not None
        if unit.attribute is not None:
            if text is not None:
                unit.token.content = _set_attribute(
                    unit.token.content, unit.attribute, unit.segment.text, text
                )
                done += 1
            continue
        if unit.child < 0:
            if text is not None:
                old = unit.token.children or []
                new = md.parseInline(text, env)[0].children or []
                _keep_footnote_ids(old, new)
                unit.token.children = new
                unit.token.content = text
                done += 1
            elif not declared:
                fallback_inline.append(unit.token)
            continue
        child = (unit.token.children or [])[unit.child]
        kind = unit.segment.kind
        if text is not None:
            done += 1
            if kind is UnitKind.IMAGE_ALT:
                child.children = md.parseInline(text, env)[0].children or []
                child.content = text
            else:
                child.attrSet("title", text)
        elif kind is UnitKind.IMAGE_ALT and not declared:
            child.attrSet("lang", bcp47(source))
            if languages.direction(source) != languages.direction(lang):
                child.attrSet("dir", languages.direction(source))
    for inline in fallback_inline:
        _mark_fallback(tokens, position[id(inline)], source, lang)
    return done


def _set_attribute(content: str, name: str, source: str, translation: str) -> str:
    """Raw HTML ``content`` with the value of every ``name`` attribute whose text is
    ``source`` replaced by ``translation`` (escaped)."""
    pattern = re.compile(rf"""(\s{re.escape(name)}\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.I)

    def swap(match: re.Match[str]) -> str:
        raw = match.group(2)
        value = raw[1:-1] if raw[:1] in "\"'" else raw
        if html.unescape(value) != source:
            return match.group(0)
        return f'{match.group(1)}"{html.escape(translation, quote=True)}"'

    return pattern.sub(swap, content)


def _mark_fallback(tokens: list[Token], index: int, source: str, lang: str) -> None:
    """Say that the inline token at ``index`` is in the source language."""
    opener = tokens[index - 1] if index > 0 else None
    direction = languages.direction(source)
    other_direction = direction != languages.direction(lang)
    if opener is not None and opener.nesting == 1 and not opener.hidden:
        if opener.attrGet("lang") is None:
            opener.attrSet("lang", bcp47(source))
            if other_direction:
                opener.attrSet("dir", direction)
        return
    inline = tokens[index]
    attrs = _lang_attrs(source, lang)
    start = Token("html_inline", "", 0, content=f"<span{attrs}>")
    end = Token("html_inline", "", 0, content="</span>")
    inline.children = [start, *(inline.children or []), end]


def _keep_footnote_ids(old: list[Token], new: list[Token]) -> None:
    """Give the translation's footnote references the ids the source's had (by label)."""
    metas: dict[str, list[dict[Any, Any]]] = {}
    for token in old:
        if token.type == "footnote_ref":
            metas.setdefault(str(token.meta.get("label")), []).append(token.meta)
    for token in new:
        if token.type == "footnote_ref":
            known = metas.get(str(token.meta.get("label")))
            if known:
                token.meta = known.pop(0)


def _fix_tokens(tokens: list[Token], links: Mapping[str, str]) -> None:
    """Table alignment as ``align`` (no ``style``), localised link targets, no soft line
    breaks between CJK characters."""
    for token in tokens:
        if token.type == "inline" and token.children:
            remove_cjk_breaks(token.children)
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            attrs: dict[str, str | int | float] = {}
            for name, value in token.attrs.items():
                match = _ALIGN.match(str(value)) if name == "style" else None
                if match:
                    attrs["align"] = match.group(1)
                elif name != "style":
                    attrs[name] = value
            token.attrs = attrs
        if links and token.children:
            _localize_links(token.children, links)


def _localize_links(children: list[Token], links: Mapping[str, str]) -> None:
    for child in children:
        if child.type == "link_open":
            href = child.attrGet("href")
            if isinstance(href, str):
                child.attrSet("href", localize_target(href, links))
        if child.children:
            _localize_links(child.children, links)
