"""Where a language's pages live: the ``layout`` setting, its presets and its patterns (pure).

A pattern is a site-relative path with two placeholders: ``{lang}`` (the language as the site
names it: a folder, or a part of a file name) and ``{path}`` (the page's name: its path
inside the language's tree, ``/`` separated). When the pattern ends with ``{path}`` the page
file is ``{path}.md`` or ``{path}.markdown``; otherwise the pattern spells the extension
(``content/{path}.{lang}.md``). A second pattern may say where the source language's pages
are when they are not where the translations are (``docs/{path}`` for Docusaurus and
VitePress, ``content/{path}.md`` beside ``content/{path}.fr.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PAGE_SUFFIXES = (".md", ".markdown")
"""Extensions of a page file when the pattern does not spell one."""

_PLACEHOLDER = re.compile(r"\{(lang|path)\}")


@dataclass(frozen=True, slots=True)
class Preset:
    """A named layout."""

    pages: str
    """Pattern of every language's pages."""
    source: str | None
    """Pattern of the source language's pages too (besides ``pages``), or None."""
    generator: str
    """The site generator that keeps pages so, for the documentation."""


PRESETS: dict[str, Preset] = {
    "hugo": Preset("content/{lang}/{path}", None, "Hugo, one folder per language"),
    "hugo-suffix": Preset(
        "content/{path}.{lang}.md", "content/{path}.md", "Hugo, translation by file name"
    ),
    "mkdocs-suffix": Preset(
        "docs/{path}.{lang}.md", "docs/{path}.md", "mkdocs-static-i18n, suffix structure"
    ),
    "fastapi": Preset("docs/{lang}/docs/{path}", None, "MkDocs as FastAPI's documentation"),
    "docusaurus": Preset(
        "i18n/{lang}/docusaurus-plugin-content-docs/current/{path}", "docs/{path}", "Docusaurus"
    ),
    "vitepress": Preset("docs/{lang}/{path}", "docs/{path}", "VitePress"),
}
"""The layouts of the generators pipeline knows, by name."""


class LayoutError(ValueError):
    """A pattern that cannot be a layout (the message says why)."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One layout pattern, compiled."""

    text: str
    """The pattern as written (``content/{lang}/{path}``)."""

    @property
    def has_lang(self) -> bool:
        return "{lang}" in self.text

    @property
    def implicit_suffix(self) -> bool:
        """True when the pattern ends with ``{path}`` (the extension is ``.md`` or
        ``.markdown``)."""
        return self.text.endswith("{path}")

    def prefix(self, lang: str | None = None) -> str:
        """The folder to walk for this pattern's files (``content/fr``), ``""`` for the root:
        the literal part before the first placeholder left once ``{lang}`` is filled in,
        cut at its last ``/``."""
        text = self.text.replace("{lang}", lang) if lang is not None else self.text
        head = text.split("{", 1)[0]
        return head.rsplit("/", 1)[0] if "/" in head else ""

    def regex(self, lang: str | None = None) -> re.Pattern[str]:
        """A regular expression over site-relative paths; group ``path`` is the page name,
        group ``lang`` the language (when ``lang`` is not given)."""
        return _compile(self.text, lang)

    def match(self, relative: str, lang: str | None = None) -> tuple[str, str | None] | None:
        """(page name, language) when the site-relative path ``relative`` fits the pattern."""
        found = self.regex(lang).fullmatch(relative)
        if found is None:
            return None
        groups = found.groupdict()
        return groups["path"], groups.get("lang", lang)

    def path_of(self, name: str, lang: str, suffix: str = ".md") -> str:
        """The site-relative path of page ``name`` of ``lang`` (``suffix`` is the extension
        when the pattern does not spell one)."""
        text = self.text.replace("{lang}", lang).replace("{path}", name)
        return text + suffix if self.implicit_suffix else text

    def lang_folder_level(self) -> str | None:
        """The folder whose sub-folders are languages (``content`` for
        ``content/{lang}/{path}``), or None when ``{lang}`` is not a whole folder name."""
        match = re.fullmatch(r"(.*?)\{lang\}/.*", self.text)
        if match is None or "{" in match.group(1):
            return None
        head = match.group(1)
        if head and not head.endswith("/"):
            return None
        return head.rstrip("/")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a site's pages are."""

    pages: Pattern
    """Every language's pages (the source language's included)."""
    source: Pattern | None = None
    """The source language's pages too, where they are not in ``pages``' place."""
    name: str | None = None
    """The preset's name, or None for patterns given in ``pipeline.toml``."""

    @property
    def description(self) -> str:
        """For messages: the preset's name or the patterns."""
        shown = self.pages.text + (f" (sources: {self.source.text})" if self.source else "")
        return f"{self.name}: {shown}" if self.name else shown


def check_pattern(text: str, *, source: bool) -> Pattern:
    """A pattern checked: ``{path}`` once; ``{lang}`` at most once (never in a ``source``
    pattern, always in a pages pattern); a path inside the site."""
    names = _PLACEHOLDER.findall(text)
    if names.count("path") != 1:
        raise LayoutError("must hold '{path}' once")
    if source and "lang" in names:
        raise LayoutError("names the source language's pages: it takes no '{lang}'")
    if not source and names.count("lang") != 1:
        raise LayoutError("must hold '{lang}' once")
    stray = re.sub(_PLACEHOLDER, "", text)
    if "{" in stray or "}" in stray:
        raise LayoutError("knows only the placeholders '{lang}' and '{path}'")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text) or ".." in text.split("/"):
        raise LayoutError("must be a path inside the site")
    if "{lang}{path}" in text or "{path}{lang}" in text:
        raise LayoutError("needs a separator between '{lang}' and '{path}'")
    return Pattern(text)


def preset_layout(name: str) -> Layout:
    """The layout of a preset (the name must be one of :data:`PRESETS`)."""
    preset = PRESETS[name]
    source = Pattern(preset.source) if preset.source else None
    return Layout(Pattern(preset.pages), source, name)


def folder_layout(content_dir: str) -> Layout:
    """``<content_dir>/{lang}/{path}`` (the ``content_dir`` setting)."""
    if content_dir == "content":
        return preset_layout("hugo")
    return Layout(Pattern(f"{content_dir}/{{lang}}/{{path}}"))


@lru_cache(maxsize=256)
def _compile(text: str, lang: str | None) -> re.Pattern[str]:
    out: list[str] = []
    for index, part in enumerate(_PLACEHOLDER.split(text)):
        if index % 2 == 0:
            out.append(re.escape(part))
        elif part == "lang":
            out.append(re.escape(lang) if lang is not None else r"(?P<lang>[^/.]+)")
        else:
            out.append(r"(?P<path>(?:[^/]+/)*?[^/]+?)")
    if text.endswith("{path}"):
        out.append(r"\.(?:md|markdown)")
    return re.compile("".join(out))
