"""The parts import each other one way only: no cycle between them, imports inside functions counted too.

A part is a top-level package (extractors, rules, reports, benchmarks) or a direct child of `jiangxin/`
(a subpackage or a module). The README's layout section says what each part may import; this test holds
the code to it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("jiangxin", "extractors", "rules", "reports", "benchmarks")

# what each part may import of the project besides itself, as the README's layout section says; the web
# pages, the command line and the benchmarks are the top and may import any part
CORE, STORE, WORKSPACE = "jiangxin.core", "jiangxin.store", "jiangxin.workspace"
MAY_IMPORT: dict[str, set[str]] = {
    CORE: set(),
    "extractors": {CORE},
    STORE: {CORE, "jiangxin"},
    WORKSPACE: {CORE, "extractors", STORE},
    "rules": {CORE, STORE, WORKSPACE},
    "jiangxin.review": {CORE, "extractors", STORE, WORKSPACE, "rules"},
    "reports": {CORE, "extractors", STORE, WORKSPACE, "rules", "jiangxin.review"},
    "jiangxin.examples": {CORE, "extractors", STORE, WORKSPACE, "rules", "jiangxin.review", "reports"},
    "jiangxin.workers": {CORE, "extractors"},
    "jiangxin.inbox": {CORE, "extractors", STORE, WORKSPACE, "jiangxin.workers", "reports"},
    "jiangxin.watch": {CORE, STORE, WORKSPACE, "jiangxin.inbox"},
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def part_of(module: str) -> str:
    """The part a module belongs to: `jiangxin.x` for anything under jiangxin/x, else its top package."""
    pieces = module.split(".")
    return ".".join(pieces[:2]) if pieces[0] == "jiangxin" and len(pieces) > 1 else pieces[0]


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every project module `path` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target:
                out.add(target)
    return out


def part_graph() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for target in _imported(name, path, modules):
            if part_of(target) != part_of(name):
                edges[part_of(name)].add(part_of(target))
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one part (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_parts() -> None:
    assert cycles(part_graph()) == []


@pytest.mark.parametrize("part", sorted(MAY_IMPORT))
def test_lower_parts_import_only_what_they_may(part: str) -> None:
    imports = part_graph().get(part, set())
    assert imports <= MAY_IMPORT[part], sorted(imports - MAY_IMPORT[part])


def test_the_check_sees_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    """The graph counts an import inside a function as an edge, so a cycle hidden there is found."""
    edges = part_graph()
    edges[CORE] = {"extractors"}
    assert ["extractors", CORE] in cycles(edges)
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from extractors import classify\n", encoding="utf-8")
    known = {"extractors": module, "extractors.classify": module}
    assert _imported("jiangxin.core.m", module, known) == {"extractors", "extractors.classify"}
