from __future__ import annotations

from pipeline.render.links import localize_target


def test_localize_target_uses_longest_prefix() -> None:
    links = {"unga/": "agnu/", "unga/side/": "agnu/annexe/"}
    assert localize_target("unga/side/events", links) == "agnu/annexe/events"
    assert localize_target("unga/", links) == "agnu/"
    assert localize_target("hrc/", links) == "hrc/"
