"""No import cycles inside `pipeline/`: data flows one way, so any module can be imported (and understood) alone.

Every `import` counts, at module level, inside functions and under TYPE_CHECKING alike: a cycle hidden in a
function is still a cycle of the design, and moving an import into a function must not make this test pass.
Importing `a.b.c` also runs the `__init__` of `a.b` (unless the importer is inside `a.b`, whose `__init__` is
already running), so a package that re-exports its modules takes part in their cycles.

A few cycles are older than this test and sit in modules other work is changing now; they are listed in
`KNOWN_CYCLES` with the edge to cut. The list may only shrink: a new cycle, a known one that grows, or a known
one that is gone (remove its entry) fails the test.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KNOWN_CYCLES: dict[frozenset[str], str] = {
    frozenset({"pipeline.einvoice.export", "pipeline.store.export"}): "each imports the other in a function",
    frozenset({"pipeline.store.save_batch", "pipeline.store.sql"}): "the chunked save in progress: each "
    "imports the other",
}


def module_files(package_dir: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (Alembic migrations are scripts, not modules)."""
    base = package_dir.parent
    out: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(base).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _targets(name: str, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> set[str]:
    """The package's modules an import statement runs: the deepest module named, and the packages above it."""
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = name if modules[name].name == "__init__.py" else name.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        named = [f"{base}.{alias.name}" for alias in node.names]
    out: set[str] = set()
    for dotted in named:
        parts = dotted.split(".")
        for k in range(len(parts), 1, -1):  # `from a.b import c`: the module a.b.c if it is one, else a.b
            target = ".".join(parts[:k])
            if target in modules:
                out.add(target)
                # the packages on the way run first, except the importer's own (already running)
                out.update(
                    pkg
                    for j in range(2, k)
                    if (pkg := ".".join(parts[:j])) in modules and not (name + ".").startswith(pkg + ".")
                )
                break
    out.discard(name)
    return out


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    modules = module_files(package_dir)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= _targets(name, node, modules)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan): each is one or more import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def _describe(component: frozenset[str], graph: dict[str, set[str]]) -> str:
    edges = [f"{a} -> {b}" for a in sorted(component) for b in sorted(graph[a] & component)]
    return "; ".join(edges)


def test_no_new_import_cycles_in_pipeline() -> None:
    graph = import_graph(ROOT / "pipeline")
    assert len(graph) > 100 and "pipeline.vlm.merge" in graph["pipeline.vlm.stage"]  # the graph was read
    found = cycles(graph)
    new = [c for c in found if not any(c <= known for known in KNOWN_CYCLES)]
    assert not new, "import cycles: " + " | ".join(_describe(c, graph) for c in new)
    gone = [known for known in KNOWN_CYCLES if not any(c & known for c in found)]
    assert not gone, f"no longer cycles, remove them from KNOWN_CYCLES: {[sorted(k) for k in gone]}"


def test_the_cycles_this_work_broke_stay_broken() -> None:
    graph = import_graph(ROOT / "pipeline")
    found = cycles(graph)
    for module in (
        "pipeline.vlm.stage",
        "pipeline.vlm.merge",
        "pipeline.vlm.prompt",
        "pipeline.review.examples",
    ):
        assert not any(module in c for c in found), module
    # rules -> grounding -> formats -> rules: the rules no longer reach the grounding rule at all
    assert "pipeline.validate.grounding" not in graph["pipeline.validate.rules"]
    assert "pipeline.validate.rules" not in graph["pipeline.validate.page_index"]


def test_the_check_sees_cycles_through_functions_and_packages(tmp_path: Path) -> None:
    """The checker itself, on a package written here: a cycle hidden in a function and one through a package's
    __init__ are both found; a one-way package is clean."""
    pkg = tmp_path / "app"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from app import b\n",
        "b.py": "def f():\n    from app.a import x\n",
        "c.py": "from app.sub.d import y\n",
        "sub/__init__.py": "from app.sub.e import z\n",
        "sub/d.py": "",
        "sub/e.py": "from . import f\nfrom ..c import w\n",
        "sub/f.py": "from app.sub import d\n",
    }
    for rel, text in files.items():
        (pkg / rel).write_text(text)
    graph = import_graph(pkg)
    assert graph["app.sub.e"] == {"app.sub.f", "app.c"}
    assert graph["app.sub.f"] == {"app.sub.d"}  # its own package's __init__ is already running
    assert sorted(sorted(c) for c in cycles(graph)) == [
        ["app.a", "app.b"],
        ["app.c", "app.sub", "app.sub.e"],
    ]
    (pkg / "b.py").write_text("")
    (pkg / "sub" / "e.py").write_text("from . import f\n")
    assert cycles(import_graph(pkg)) == []
