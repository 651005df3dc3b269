"""Hypothesis settings: short for ``make test``, long with ``PIPELINE_RELIABILITY=long``."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def is_long() -> bool:
    return os.environ.get("PIPELINE_RELIABILITY") == "long"


def profile(short: int, long: int) -> settings:
    """Settings running ``short`` examples, or ``long`` ones in the long mode."""
    return settings(
        max_examples=long if is_long() else short,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        derandomize=not is_long(),
        database=None,
        print_blob=True,
    )
