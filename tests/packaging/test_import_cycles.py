"""No import circles anywhere in the tree.

The module import graph is built from the source with ``ast``, without importing anything: every ``import``
and ``from ... import`` statement counts, wherever it stands (module level, inside a function, under
``if TYPE_CHECKING:``), since a circle that only type checking closes is still one module needing the other
both ways. Relative imports are resolved against the importing module's package. ``from package import
name`` is an edge to ``package.name`` when that is a module of the tree, else to ``package`` itself (its
``__init__``). Importing ``a.b.c`` is an edge to ``a.b.c`` only: the parent packages' ``__init__`` modules run
first, but a package importing its own submodules is how packages are built, not a circle.

Each strongly connected component of more than one module (or a module importing itself) is one circle; the
failure names every component with one shortest cycle through it.
"""

from __future__ import annotations

import ast
import collections
from collections.abc import Iterator, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SKIPPED_FOLDERS = frozenset({".venv", ".git", ".demo", "node_modules", "__pycache__"})

Graph = Mapping[str, frozenset[str]]


def _top_level_packages(root: Path) -> list[Path]:
    """Every folder of the repository root that is a Python package (has an ``__init__.py``)."""
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and path.name not in SKIPPED_FOLDERS and (path / "__init__.py").is_file()
    )


def _module_files(root: Path) -> dict[str, Path]:
    """Module name -> file, for every module of every top-level package and every top-level ``.py`` file."""
    modules: dict[str, Path] = {}
    for package in _top_level_packages(root):
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(root)
            if SKIPPED_FOLDERS & set(relative.parts):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    for path in sorted(root.glob("*.py")):
        modules.setdefault(path.stem, path)
    return modules


def _is_package(name: str, files: Mapping[str, Path]) -> bool:
    return files[name].name == "__init__.py"


def _absolute(module: str, level: int, target: str | None, files: Mapping[str, Path]) -> str:
    """The absolute name a (possibly relative) ``from`` import names."""
    if level == 0:
        return target or ""
    package = module.split(".") if _is_package(module, files) else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, *([target] if target else [])])


def _deepest_module(name: str, files: Mapping[str, Path]) -> str | None:
    """``name`` if it is a module of the tree, else its nearest parent that is; None when outside the tree."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in files:
            return candidate
        parts.pop()
    return None


def _imports(module: str, tree: ast.AST, files: Mapping[str, Path]) -> Iterator[str]:
    """The modules of the tree that ``module`` imports, anywhere in its source."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found = _deepest_module(alias.name, files)
                if found is not None:
                    yield found
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node.level, node.module, files)
            for alias in node.names:
                found = _deepest_module(f"{base}.{alias.name}", files) if alias.name != "*" else None
                found = found or _deepest_module(base, files)
                if found is not None:
                    yield found


def import_graph(root: Path = REPO_ROOT) -> dict[str, frozenset[str]]:
    """Every module of the tree and the modules of the tree it imports."""
    files = _module_files(root)
    graph: dict[str, frozenset[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_bytes(), filename=str(path))
        graph[module] = frozenset(_imports(module, tree, files))
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph is a few hundred modules deep at most)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def shortest_cycle(graph: Graph, members: list[str]) -> list[str]:
    """One shortest cycle through the first member of a component (breadth-first, inside the component)."""
    inside = set(members)
    start = members[0]
    previous: dict[str, str] = {}
    queue = collections.deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph[node] & inside):
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return [start, start]


def circles(graph: Graph) -> list[str]:
    """Each import circle as ``a -> b -> a``, one line per strongly connected component (empty when there
    are none)."""
    found = []
    for component in strongly_connected(graph):
        if len(component) > 1 or component[0] in graph[component[0]]:
            cycle = shortest_cycle(graph, component)
            line = " -> ".join(cycle)
            if len(component) > len(cycle) - 1:  # more modules are caught in it than the path shows
                line += f"  (one of the circles among {', '.join(component)})"
            found.append(line)
    return sorted(found)


def test_the_tree_has_no_import_circles() -> None:
    found = circles(import_graph())
    assert not found, "import circles (each line: one circle, shortest path shown):\n" + "\n".join(found)


def test_the_graph_sees_function_level_relative_and_type_checking_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("def f() -> None:\n    from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..c import thing\n"
    )
    (package / "c.py").write_text("from . import a\nimport os\n")
    (package / "d.py").write_text("from .sub.b import name\n")

    graph = import_graph(tmp_path)

    assert graph["pkg.a"] == {"pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg.c"}
    assert graph["pkg.c"] == {"pkg.a"}
    assert graph["pkg.d"] == {"pkg.sub.b"}
    assert circles(graph) == ["pkg.a -> pkg.sub.b -> pkg.c -> pkg.a"]


def test_a_module_importing_its_own_package_init_that_imports_it_back_is_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg.inner import VALUE\n")
    (package / "inner.py").write_text("from pkg import OTHER\nVALUE = 1\n")

    assert circles(import_graph(tmp_path)) == ["pkg -> pkg.inner -> pkg"]
