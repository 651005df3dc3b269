"""The environment variables, read in one place."""

from __future__ import annotations

import pytest

from pipeline.config import read_environment
from pipeline.errors import ConfigError


def test_defaults() -> None:
    environment = read_environment({})
    assert environment.date is None
    assert environment.parallel_min_bytes is None
    assert not (environment.ci or environment.no_color or environment.force_color)


def test_values() -> None:
    environment = read_environment(
        {
            "SOURCE_DATE_EPOCH": "1767323040",
            "PIPELINE_PARALLEL_MIN_BYTES": "0",
            "CI": "true",
            "NO_COLOR": "1",
            "TERM": "dumb",
        }
    )
    assert environment.date == "2026-01-02 03:04+0000"
    assert environment.parallel_min_bytes == 0
    assert environment.ci and environment.no_color and environment.dumb_terminal


def test_bad_source_date_epoch() -> None:
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH must be an integer"):
        read_environment({"SOURCE_DATE_EPOCH": "yesterday"})
