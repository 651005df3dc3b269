"""The rules as ``pipeline rules`` shows them: a list, or one rule explained (like
``ruff rule``), from the rule registry."""

from __future__ import annotations

import textwrap

from pipeline.config.toml_source import did_you_mean
from pipeline.errors import ConfigError
from pipeline.rules import RULES, RuleOption

WIDTH = 79


def rule_list() -> str:
    """One line per rule: id, default severity, summary."""
    width = max(len(rule) for rule in RULES)
    return "".join(
        f"{rule.id.ljust(width)}  {rule.default_severity.value:<7}  {rule.summary}\n"
        for rule in RULES.values()
    )


def _options(title: str, options: tuple[RuleOption, ...]) -> list[str]:
    if not options:
        return []
    lines = ["", title]
    for option in options:
        lines.append(f"  {option.name} ({option.kind}): {option.help}")
    return lines


def explain_rule(rule_id: str) -> str:
    """A rule's description, default severity, options and example; an unknown id is an
    error with a did-you-mean."""
    rule = RULES.get(rule_id)
    if rule is None:
        raise ConfigError(f"unknown rule '{rule_id}'{did_you_mean(rule_id, RULES)}")
    lines = [rule.id, "", rule.summary, "", f"Default severity: {rule.default_severity.value}"]
    lines += ["", *textwrap.wrap(rule.help, WIDTH)]
    how = (
        f'Change its level in pipeline.toml: [check.rules] {rule.id} = "off" (or info, '
        f"warning, error). Silence it in one place: <!-- pipeline-ignore {rule.id} --> "
        f"before a block of a page, a '#, ignore-{rule.id}' flag on a PO entry."
    )
    lines += ["", *textwrap.wrap(how, WIDTH, break_on_hyphens=False)]
    lines += _options(f"Options ([check.{rule.id}] in pipeline.toml):", rule.options)
    lines += _options(f"Options per language ([check.{rule.id}.<lang>]):", rule.language_options)
    if not rule.options and not rule.language_options:
        lines += ["", "Options: none."]
    if rule.example:
        lines += ["", "Example:"] + [f"  {line}" for line in rule.example.split("\n")]
    return "\n".join(lines) + "\n"
