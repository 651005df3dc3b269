from __future__ import annotations

from pipeline.checks.publish import link_targets, refusal_reasons


def test_link_targets_sees_unsafe_schemes() -> None:
    assert link_targets("[a](javascript:x) ![b](data:x) <https://e.x>") == [
        "javascript:x",
        "data:x",
        "https://e.x",
    ]


def test_refusal_reasons() -> None:
    source = "A [link](https://e.x/a) and `code`."
    assert refusal_reasons(source, "Un [lien](https://e.x/a) et `code`.", {}) == []
    assert refusal_reasons(source, "Un lien et `code`.", {})
    assert refusal_reasons(source, "Un [lien](https://e.x/a) et `code`. &lt;script&gt;", {})
    localized = "Un [lien](https://e.y/a) et `code`."
    assert refusal_reasons(source, localized, {})
    assert refusal_reasons(source, localized, {"https://e.x/": "https://e.y/"}) == []
