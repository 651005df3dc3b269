"""Placeables: the markup of a msgid or msgstr that a translation must carry, read by the
dialect of its catalogue (one module per dialect) into one record, and compared."""

from pipeline.checks.placeables.compare import compare
from pipeline.checks.placeables.markdown import MARKDOWN
from pipeline.checks.placeables.model import Counted, Dialect, Placeable, Placeables
from pipeline.checks.placeables.rest import REST

__all__ = ["MARKDOWN", "REST", "Counted", "Dialect", "Placeable", "Placeables", "compare"]
