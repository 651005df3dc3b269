"""``benchmarks/RESULTS.md`` shared by several benchmarks: each writes its own section."""

from __future__ import annotations

from pathlib import Path


def write_section(section: str, text: str, results_file: Path) -> None:
    """Replace (or append) the section headed ``section`` with ``text``; other sections stay."""
    old = results_file.read_text("utf-8") if results_file.exists() else "# Benchmark results\n"
    start = old.find(section)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(section))
        new = old[:start] + text + (old[end + 1 :] if end >= 0 else "")
    results_file.write_text(new.rstrip("\n") + "\n", encoding="utf-8")
