"""Pages -> translation units (pure; no disk access)."""

from pipeline.segment.markdown import segment_page

__all__ = ["segment_page"]
