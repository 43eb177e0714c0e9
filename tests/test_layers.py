"""The package's shape: imports flow one way through the layers, no module imports itself back, no module is long.

Imports are read from the source (every `import`, also those inside functions
and under TYPE_CHECKING), so a lazy import cannot hide a cycle or a layer
crossed the wrong way.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The layers, lowest first. A module may import its own package and anything in a lower layer;
#: packages sharing a layer stay independent of each other (search and analysis both read records).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("zwgk", "errors", "settings"),  # leaves: the version, the user-facing error, the settings
    ("model",),  # parsed dataclasses, records, filters, text folding
    ("vocabulary",),  # SKOS concepts and how text is matched to them
    ("ingest",),  # files → model
    ("graph",),  # model → RDF, the store, SPARQL
    ("search", "analysis"),  # indexes and analyses over the records
    ("presentation",),  # terminal tables, charts, the report
    ("workspace",),  # the library API that keeps graph and indexes in sync
    ("server",),  # the HTTP server (SPARQL protocol, search API, web page): a thin layer over the workspace
    ("commands",),  # the CLI's command groups over the workspace (`zwgk serve` starts the server)
    ("cli",),  # assembles the typer app from commands/
)

#: Modules allowed past MAX_LINES for now, and why.
LONG_ALLOWED: dict[str, str] = {}
MAX_LINES = 400

#: Imports against the layers known and being moved (remove each entry when its move is merged).
KNOWN: dict[str, str] = {}

_SKIP = {"tests", "bench", "examples", "build", ".venv", ".types", ".git"}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if _SKIP & set(rel.parts[:-1]) or any(p.endswith(".egg-info") for p in rel.parts):
            continue
        parts = ["zwgk", *rel.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The zwgk modules `name` imports (a package's __init__ when a name is not a module of it)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target not in MODULES:
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & MODULES.keys()
            out.update(subs)
            if len(subs) < len(node.names):
                out.add(target)
    out.discard(name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _rank() -> dict[str, int]:
    return {package: i for i, group in enumerate(LAYERS) for package in group}


def test_every_package_has_a_layer():
    rank = _rank()
    missing = sorted({_layer_of(m) for m in MODULES} - rank.keys())
    assert not missing, f"add these to LAYERS in {Path(__file__).name}: {missing}"


def test_imports_follow_the_layers():
    rank = _rank()
    wrong = []
    for name, targets in GRAPH.items():
        if name in KNOWN:
            continue
        mine = _layer_of(name)
        for target in sorted(targets):
            theirs = _layer_of(target)
            if theirs != mine and rank.get(theirs, -1) >= rank.get(mine, -1):
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_itself_back():
    cycles = [c for c in _cycles() if not set(c) & KNOWN.keys()]
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_the_cycle_finder_finds_cycles(monkeypatch):
    monkeypatch.setitem(GRAPH, "zwgk.model.text", GRAPH["zwgk.model.text"] | {"zwgk.model.plan"})
    monkeypatch.setitem(GRAPH, "zwgk.model.plan", GRAPH["zwgk.model.plan"] | {"zwgk.model.text"})
    assert ["zwgk.model.plan", "zwgk.model.text"] in _cycles()


def test_the_walk_sees_lazy_imports():
    # search/dense.py imports its errors inside a method; the walk must see it
    assert "zwgk.search.errors" in GRAPH["zwgk.search.dense"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_long(name):
    path = MODULES[name]
    rel = path.relative_to(ROOT).as_posix()
    if rel in LONG_ALLOWED:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{rel} has {lines} lines (at most {MAX_LINES}): split it by job"


def test_known_exceptions_are_still_needed():
    for name in KNOWN:
        assert name in MODULES, f"{name} is gone: remove it from KNOWN"
    for rel in LONG_ALLOWED:
        assert (ROOT / rel).exists(), f"{rel} is gone: remove it from LONG_ALLOWED"
