"""The house's structure, checked by walking the source: every module imports only from its
own floor or below, no two modules import each other (directly or in a ring), no module is
over 500 lines and no function over 100."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import REPO

SRC = REPO / "src" / "pipeline"

FLOORS: tuple[tuple[str, ...], ...] = (
    ("pipeline", "pipeline.model", "pipeline.errors", "pipeline.languages", "pipeline.rules"),
    (
        "pipeline.segment",
        "pipeline.langid",
        "pipeline.report",
        "pipeline.fsio",
        "pipeline.config",
        "pipeline.lock",
    ),
    ("pipeline.catalog", "pipeline.content", "pipeline.glossary"),
    ("pipeline.checks", "pipeline.render", "pipeline.engine"),
    ("pipeline.tasks",),
    ("pipeline.cli", "pipeline.serve", "pipeline.__main__", "pipeline.runs", "pipeline.client"),
)
"""Layers, lowest first (the README's "Development" section says the same)."""

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 100


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every ``pipeline`` module ``path`` imports (lazy imports in functions included)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    known = _modules()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            candidates = [f"{module}.{alias.name}" for alias in node.names] + [module]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        for candidate in candidates:
            if candidate in known:
                yield candidate
                break


def floor(module: str) -> int:
    best, found = -1, -1
    for level, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), level
    assert found >= 0, f"{module} is on no floor: add it to FLOORS (and to the README)"
    return found


def _graph() -> dict[str, set[str]]:
    return {name: set(_imports(name, path)) - {name} for name, path in _modules().items()}


def test_every_module_is_on_a_floor() -> None:
    for name in _modules():
        floor(name)


def test_no_module_imports_from_a_higher_floor() -> None:
    upward = [
        f"{importer} (floor {floor(importer)}) imports {imported} (floor {floor(imported)})"
        for importer, imported_set in sorted(_graph().items())
        for imported in sorted(imported_set)
        if floor(imported) > floor(importer)
    ]
    assert upward == []


def _rings(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    rings: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            ring = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                ring.append(top)
                if top == node:
                    break
            if len(ring) > 1:
                rings.append(sorted(ring))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return rings


def test_no_import_cycles() -> None:
    assert _rings(_graph()) == []


def test_the_cycle_finder_finds_a_ring() -> None:
    assert _rings({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_stage_package_imports_a_package_that_imports_it() -> None:
    """Two stages on one floor may use each other's modules only one way round."""
    packages: dict[str, set[str]] = {}
    for importer, imported in _graph().items():
        source = ".".join(importer.split(".")[:2])
        for module in imported:
            target = ".".join(module.split(".")[:2])
            if source != target and importer.count(".") >= 1 and module.count(".") >= 2:
                packages.setdefault(source, set()).add(target)
    assert _rings(packages) == []


@pytest.mark.parametrize("name", sorted(_modules()))
def test_module_and_function_sizes(name: str) -> None:
    path = _modules()[name]
    text = path.read_text("utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{name}: {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{name}.{node.name}: {length} lines"
