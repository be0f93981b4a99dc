"""The code's shape holds: imports flow one way between the apps, and no two modules import each other.

``workforce`` ← ``competencies`` ← ``peernet`` ← ``cms``: an app may import from the apps before it, never
from one after it (a model that must point the other way uses a string reference). Within and across the
apps there is no import cycle, counting imports inside functions too, because a cycle hidden in a
function is still two modules that cannot be read one without the other.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("workforce", "competencies", "peernet", "cms")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an imported name belongs to (``a.b.c`` may be a module or a name in ``a.b``)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        found |= {target for target in map(_resolve, names) if target and target != module}
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def test_the_walk_finds_the_project():
    assert len(MODULES) > 100 and sum(len(edges) for edges in GRAPH.values()) > 200


def test_apps_import_only_from_the_apps_before_them():
    wrong = []
    for module, imported in GRAPH.items():
        allowed = LAYERS[: LAYERS.index(module.split(".")[0]) + 1]
        wrong += [f"{module} imports {target}" for target in sorted(imported) if target.split(".")[0] not in allowed]
    assert not wrong, "Imports must flow workforce <- competencies <- peernet <- cms:\n" + "\n".join(wrong)


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other():
    cycles = _cycles(GRAPH)
    assert not cycles, "These modules import each other, directly or round a loop:\n" + "\n".join(
        " <-> ".join(cycle) for cycle in cycles
    )


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
