"""The rule registry: every check rule pipeline reports, with the text shown to people about it.

The one place a rule is registered: reports, the policy, suppressions and the configuration
schema all read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pipeline.model import Severity


@dataclass(frozen=True, slots=True)
class RuleOption:
    """A setting a rule takes in its ``[check.<rule>]`` table of ``pipeline.toml``."""

    name: str
    """The key (``allow``)."""
    kind: str
    """``bool``, ``string`` or ``strings`` (a list of strings)."""
    help: str
    """One line for a person."""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule is about, for reports and documentation."""

    id: str
    """Rule id as findings and suppressions spell it (``language-mismatch``)."""
    default_severity: Severity
    """Severity a finding of this rule has unless the configuration changes it."""
    summary: str
    """One line saying what the rule finds."""
    help: str
    """A few sentences: why it matters and how to fix or silence it."""
    options: tuple[RuleOption, ...] = ()
    """Settings of its ``[check.<rule>]`` table."""
    language_options: tuple[RuleOption, ...] = ()
    """Settings that may also be given per language, in ``[check.<rule>.<lang>]``."""
    example: str = ""
    """A fault this rule finds and how it is reported, for ``pipeline rules RULE``."""

    @property
    def name(self) -> str:
        """The id in PascalCase (``LanguageMismatch``), as SARIF wants a rule name."""
        return "".join(part[:1].upper() + part[1:] for part in self.id.split("-"))


DIALECTS: Mapping[str, str] = MappingProxyType(
    {
        "markdown": "Markdown (CommonMark with the segmenter's extensions)",
        "rst": "reStructuredText with Sphinx's roles",
        "html": "HTML templates: tags must survive",
        "plain": "text of source code: no markup",
    }
)
"""The markup dialects a catalogue can be read in, as ``pipeline.toml`` names them
(``[[check.overrides]]`` ``dialect = "rst"``); the readers are ``checks/placeables``."""


def _registry(*rules: RuleInfo) -> Mapping[str, RuleInfo]:
    return MappingProxyType({rule.id: rule for rule in rules})


RULES: Mapping[str, RuleInfo] = _registry(
    RuleInfo(
        "language-mismatch",
        Severity.ERROR,
        "A passage is not in the language of its page or catalogue.",
        "The language detector found that a translation unit is written in another language "
        "than the one expected, for instance English text left in a French page or pasted into "
        "a French msgstr. Translate the passage. If the foreign text is intended (a quotation, "
        "a product name), mark the unit with its language ({lang=xx}) or suppress the rule "
        "for that unit.",
        options=(
            RuleOption("ignore", "strings", "names that are not text (besides the glossary's)"),
            RuleOption("info", "bool", "report weak (short-text) findings at info (default true)"),
        ),
        example=(
            "content/fr/cnd.md, a French page:\n"
            "    La CND se réunit chaque année à Vienne.\n"
            "    The Commission meets every year in Vienna.\n"
            "reported as:\n"
            "    content/fr/cnd.md:12: error language-mismatch: passage is in 'en', not 'fr' as"
            " expected (confidence 0.99)"
        ),
    ),
    RuleInfo(
        "untranslated",
        Severity.WARNING,
        "A message has no translation yet.",
        "The catalogue entry has an empty msgstr, so the localised page falls back to the "
        "source text. Translate the entry in the PO file; the next update carries the "
        "translation into the page.",
        example=(
            "locale/fr/LC_MESSAGES/cnd.po:\n"
            '    msgid "The Commission meets every year in Vienna."\n'
            '    msgstr ""\n'
            "reported as:\n"
            "    locale/fr/LC_MESSAGES/cnd.po:31: warning untranslated: message is not translated"
        ),
    ),
    RuleInfo(
        "unchanged-translation",
        Severity.WARNING,
        "A translation is identical to its source text.",
        "The msgstr repeats the msgid word for word, which usually means the text was copied "
        "and never translated. Translate it. Text that is the same in both languages (code, "
        "names, numbers) is fine: suppress the rule for that unit.",
        options=(RuleOption("allow", "strings", "texts that may stay as their source"),),
        example=(
            "locale/fr/LC_MESSAGES/cnd.po:\n"
            '    msgid "The Commission meets every year in Vienna."\n'
            '    msgstr "The Commission meets every year in Vienna."\n'
            "reported as:\n"
            "    locale/fr/LC_MESSAGES/cnd.po:31: warning unchanged-translation: translation is"
            " identical to the source text"
        ),
    ),
    RuleInfo(
        "fuzzy",
        Severity.WARNING,
        "A translation is marked fuzzy and needs review.",
        "The entry carries the fuzzy flag, set when the source text changed or when a "
        "translation was guessed from a similar message. Fuzzy translations are not used in "
        "the rendered pages. Check the translation against the new source, correct it and "
        "remove the fuzzy flag.",
        example=(
            "locale/fr/LC_MESSAGES/cnd.po:\n"
            "    #, fuzzy\n"
            '    #| msgid "The Commission meets every year."\n'
            '    msgid "The Commission meets every year in Vienna."\n'
            '    msgstr "La Commission se réunit chaque année."\n'
            "reported as:\n"
            "    locale/fr/LC_MESSAGES/cnd.po:31: warning fuzzy: translation is marked fuzzy and"
            " needs review (source was: 'The Commission meets every year.')"
        ),
    ),
    RuleInfo(
        "missing-page",
        Severity.WARNING,
        "A page of the source language has no counterpart in a target language.",
        "Every page under content/<source language>/ should exist in each configured target "
        "language. Run the update step to create the localised page from the catalogue, or "
        "add the page by hand.",
        example=(
            "content/en/cnd.md exists, content/fr/cnd.md does not, and"
            " locale/fr/LC_MESSAGES/cnd.po\n"
            "has no translation yet; reported once (the catalogue's untranslated entries"
            " included):\n"
            "    content/en/cnd.md:1: warning missing-page: no 'fr' page and no translated 'fr'"
            " catalogue for this page"
        ),
    ),
    RuleInfo(
        "orphan-page",
        Severity.WARNING,
        "A translated page has no source page.",
        "A page of a target language has no page of the same name in the source language, "
        "so nothing keeps it in step with the source: the source page was renamed, moved or "
        "deleted, or the translation was saved under another name. Rename the translated "
        "page to its source page's name (the message suggests a close one), or delete it.",
    ),
    RuleInfo(
        "catalog-outdated",
        Severity.WARNING,
        "A template or catalogue is behind its source pages.",
        "The source page changed since the template and catalogues were last brought up to "
        "date, so translators do not see the new or changed text and the translations of "
        "the page are silently out of date. Run 'pipeline extract && pipeline update' and "
        "commit the catalogues with the page.",
    ),
    RuleInfo(
        "markup-mismatch",
        Severity.ERROR,
        "A translation lost, added or altered inline markup of its source.",
        "Links, inline code, emphasis, images, HTML tags and placeholders must survive "
        "translation: a broken link target or an unbalanced emphasis breaks the rendered page. "
        "The markup is read in the dialect of the catalogue (Markdown, reStructuredText, HTML "
        "templates), so a role target or a literal must survive but a role's display text may "
        "be translated. Make the translation carry the same markup as the source; only the "
        "text around and inside it is translated.",
        options=(
            RuleOption(
                "formatting",
                "bool",
                "also report, at info, changes of formatting only that the dialect allows "
                "(reST: emphasis counts, code markup around a kept word, localised links)",
            ),
        ),
        example=(
            "locale/fr/LC_MESSAGES/index.po:\n"
            '    msgid "See the [CND page](cnd/) for details."\n'
            '    msgstr "Voir la page de la CND pour plus de détails."\n'
            "reported as:\n"
            "    locale/fr/LC_MESSAGES/index.po:40: error markup-mismatch: link target 'cnd/' of"
            " the source is missing in the translation"
        ),
    ),
    RuleInfo(
        "placeholder-mismatch",
        Severity.ERROR,
        "A translation's format placeholders do not match its source's.",
        "An entry flagged c-format, python-format, python-brace-format (or another format "
        "gettext knows) is handed to a formatting function at run time: a placeholder that is "
        "dropped, renamed, retyped or added in a translation makes the program fail or print "
        "the wrong value. GNU msgfmt --check rejects the same entries. Give each plural form "
        "the placeholders of its source, or add a no-<format> flag if the text is not a format "
        "string.",
        example=(
            "locale/fr/LC_MESSAGES/app.po:\n"
            "    #, python-format\n"
            '    msgid "%(count)d pages checked"\n'
            '    msgstr "%(nombre)d pages vérifiées"\n'
            "reported as:\n"
            "    locale/fr/LC_MESSAGES/app.po:12: error placeholder-mismatch: `%(count)d` became"
            " `%(nombre)d` in msgstr"
        ),
    ),
    RuleInfo(
        "glossary",
        Severity.WARNING,
        "A glossary term is not translated the agreed way.",
        "The source text uses a term that the project glossary translates in a fixed way, and "
        "the translation does not contain the agreed rendering. Use the glossary term, or "
        "update the glossary if the agreed translation has changed.",
        example=(
            'glossary.csv says "Human Rights Council" is "Conseil des droits de l\'homme" in'
            " French;\n"
            '    msgid "The Human Rights Council meets in Geneva."\n'
            '    msgstr "Le Conseil des droits humains se réunit à Genève."\n'
            "reported as:\n"
            '    locale/fr/LC_MESSAGES/hrc.po:25: warning glossary: glossary: "Human Rights'
            ' Council" should be translated as "Conseil des droits de l\'homme"'
        ),
    ),
    RuleInfo(
        "typography",
        Severity.WARNING,
        "A translation breaks the typographic rules of its language.",
        "Each language has its own conventions, such as a narrow no-break space before : ; ! ? "
        "and guillemets in French, or the quotation marks of the target language. Fix the "
        "punctuation and spacing as the message suggests.",
        options=(RuleOption("quotes", "bool", "check quotation marks (default: not for en)"),),
        language_options=(
            RuleOption("nbsp_before", "string", "characters that need a no-break space before"),
            RuleOption("nbsp_after", "string", "characters that need a no-break space after"),
            RuleOption("quotes", "bool", "check quotation marks in this language"),
        ),
        example=(
            "content/fr/cnd.md, a French page (a plain space before the colon):\n"
            "    La CND est le principal organe : voir\n"
            "reported as (line and column of the colon):\n"
            "    content/fr/cnd.md:10:32: warning typography: a no-break space is needed before"
            " ':' (found a plain space)"
        ),
    ),
    RuleInfo(
        "catalog-invalid",
        Severity.ERROR,
        "A catalogue file is malformed or inconsistent.",
        "The PO or POT file cannot be used as it is: a syntax error, a bad header, a "
        "duplicate entry, or format directives that do not match. GNU msgfmt --check reports "
        "the same problems. Correct the file; the message gives the line. A catalogue that "
        "cannot be read at all (permissions, a symbolic link that leads nowhere, an I/O "
        "error) is reported here too, with the system's reason.",
        example=(
            "locale/fr/LC_MESSAGES/cnd.po:\n"
            '    msgid "The Commission meets every year.\n'
            "reported as:\n"
            "    locale/fr/LC_MESSAGES/cnd.po:31: error catalog-invalid: unterminated string"
        ),
    ),
    RuleInfo(
        "page-unreadable",
        Severity.ERROR,
        "A page cannot be read.",
        "The page file exists but cannot be read: its permissions forbid it, it is a symbolic "
        "link that leads nowhere or in a loop, or the disk reports an error. Nothing on the "
        "page was checked, so the run is incomplete: the check exits with status 2 unless "
        "--keep-going is given. Fix the file's permissions or the link.",
        example=(
            "content/fr/cnd.md, a symbolic link to a page that was moved away:\n"
            "reported as:\n"
            "    content/fr/cnd.md:1: error page-unreadable: cannot read: the symbolic link "
            "leads nowhere (No such file or directory)"
        ),
    ),
    RuleInfo(
        "structure-mismatch",
        Severity.WARNING,
        "A localised page's block structure differs from its source page.",
        "The localised page has a different sequence of headings, paragraphs, lists or tables "
        "than the source page, so a block was dropped, added or moved. Bring the page back in "
        "line with the source, or regenerate it from the catalogue.",
        example=(
            "content/en/cnd.md has a list of 3 items where content/fr/cnd.md has 2:\n"
            "    content/fr/cnd.md:14: warning structure-mismatch: the source has a list of 3"
            " items (content/en/cnd.md:14) where this page has a list of 2 items"
        ),
    ),
    RuleInfo(
        "unused-suppression",
        Severity.WARNING,
        "A suppression no longer matches any finding.",
        "A pipeline-ignore comment or a suppression in the configuration names a rule that "
        "does not fire there any more, usually because the text was fixed. Remove the stale "
        "suppression so that it cannot hide a future problem.",
        example=(
            "content/fr/cnd.md:\n"
            "    <!-- pipeline-ignore typography -->\n"
            "    Un paragraphe sans faute de typographie.\n"
            "reported as:\n"
            "    content/fr/cnd.md:12: warning unused-suppression: suppression of 'typography'"
            " matches no finding; remove it"
        ),
    ),
    RuleInfo(
        "generated-page",
        Severity.WARNING,
        "A generated localised page was edited by hand or is out of date.",
        "Localised pages are produced from the source page and the catalogue; this one no "
        "longer matches what the update step would write. Hand edits are lost on the next "
        "update: move the change into the PO file (or the source page) and run the update "
        "again.",
        example=(
            "content/fr/cnd.md was written by 'pipeline build --pages' and then edited by hand:\n"
            "    content/fr/cnd.md:1: warning generated-page: page was edited by hand since it"
            " was generated from locale/fr/LC_MESSAGES/cnd.po; the next build overwrites the"
            " edit: make the change in the catalogue or the source page instead"
        ),
    ),
)
"""Every rule pipeline knows, by id, in documentation order."""
