"""Imports go one way, down the stack of apps, and no module imports itself back.

Each app may import only the apps listed before it in STACK (and itself). config is the
wiring: it names apps in settings and URL includes, as strings, and imports none. Every
import counts, the ones inside functions too: a function-level import that hides a circle
is a circle. There is no list of exceptions.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STACK = [
    "core",
    "accounts",
    "notifications",
    "internships",
    "interviews",
    "conversations",
    "mentors",
    "documents",
    "agenda",
    "reminders",
    "allocation",
    "privacy",
    "office",
    "api",
    "seed",
]
WIRING = "config"
OURS = {*STACK, WIRING}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """Every module of ours this file imports, anywhere in it: `from a import b` counts as
    a.b when b is a module, else as a."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if is_module(sub) else target)
    return {module for module in found if module.split(".")[0] in OURS}


def our_modules() -> dict[str, set[str]]:
    graph = {}
    for top in sorted(OURS):
        for path in sorted((ROOT / top).rglob("*.py")):
            graph[module_name(path)] = imported_modules(path)
    return graph


GRAPH = our_modules()


def test_the_stack_names_every_app_of_the_project():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(STACK)


@pytest.mark.parametrize("app", [WIRING, *STACK])
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set() if app == WIRING else set(STACK[: STACK.index(app) + 1])
    allowed.add(app)
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.split(".")[0] == app
        for target in targets
        if target.split(".")[0] not in allowed
    )
    assert upward == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that reach one another."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in graph.get(node, ()):
                        groups.append(sorted(group))
    return groups


def test_no_modules_import_each_other_in_a_circle():
    assert strongly_connected(GRAPH) == []


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_a_function_level_import_counts(tmp_path, monkeypatch):
    source = tmp_path / "core" / "hidden.py"
    source.parent.mkdir()
    source.write_text("def f():\n    from office import stats\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "office").mkdir()
    (tmp_path / "office" / "stats.py").write_text("")

    assert imported_modules(source) == {"office.stats"}
