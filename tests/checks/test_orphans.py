"""orphan-page and its did-you-mean."""

from __future__ import annotations

import pytest

from pipeline.checks.orphans import closest_source, orphan_pages
from pipeline.content.site import Site
from pipeline.model import Page

SOURCES = [
    "auto-scaling",
    "container",
    "cloud-native-apps",
    "microservices-architecture",
    "transport-layer-security",
    "distributed-systems",
    "tightly-coupled-architecture",
    "docs/intro",
    "docs/install",
    "service",
]


def page(lang: str, name: str) -> Page:
    return Page(f"content/{lang}/{name}.md", lang, name, "", {}, ())


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("autoscaling", "auto-scaling"),
        ("containers", "container"),
        ("cloud native apps", "cloud-native-apps"),
        ("cloud_native_apps", "cloud-native-apps"),
        ("microservices", "microservices-architecture"),
        ("tls", "transport-layer-security"),
        ("distributed_system", "distributed-systems"),
        ("tightly-coupled-architectures", "tightly-coupled-architecture"),
        ("docs/intro-old", "docs/intro"),
        ("glossary", None),
        ("s", None),
    ],
)
def test_did_you_mean(name: str, hint: str | None) -> None:
    sources = {n: page("en", n) for n in SOURCES}
    found = closest_source(name, sources)
    assert (found.name if found else None) == hint


def test_only_translated_pages_without_source() -> None:
    site = Site(
        "en",
        ("fr", "de"),
        {
            "en": tuple(page("en", n) for n in SOURCES),
            "fr": (page("fr", "container"), page("fr", "containers")),
            "de": (page("de", "autoscaling"),),
        },
        (),
    )
    found = [(c.finding.location.path, c.finding.message) for c in orphan_pages(site)]
    assert found == [
        (
            "content/fr/containers.md",
            "no 'en' page named 'containers' for this page to translate "
            "(did you mean content/en/container.md?)",
        ),
        (
            "content/de/autoscaling.md",
            "no 'en' page named 'autoscaling' for this page to translate "
            "(did you mean content/en/auto-scaling.md?)",
        ),
    ]
