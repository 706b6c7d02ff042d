"""The house keeps its shape: stages import one way, no import circles, a small package root,
and content keys that cover every module of the package wherever it sits."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

import outreach
from outreach.paths import PACKAGE
from outreach.planning import tools

LAYERS = [
    "errors",
    "paths",
    "names",
    "output",
    "i18n",
    "kit",
    "render",
    "pages",
    "checks",
    "planning",
    "printing",
    "commands",
    "serving",
    "importing",
    "cli",
]
"""The stages, lowest first: a module may import only from its own stage and the ones before it
(ARCHITECTURE.md draws the same order)."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules `name` imports, at the top or inside a function alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = (
                ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                if node.level
                else node.module or ""
            )
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules and module != name}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    assert len(modules) > 60 and "outreach.commands.build" in modules  # the walk found the package
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else "outreach"


def test_no_module_imports_itself_back_through_others(graph):
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = path[path.index(module) :] + [module]
            pytest.fail("import circle: " + " -> ".join(cycle))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_stages_import_only_the_stages_below_them(graph):
    stages = {_stage(module) for module in graph} - {"outreach", "__main__"}
    assert stages == set(LAYERS), "a new stage: give it its place in LAYERS and in ARCHITECTURE.md"
    upward = sorted(
        f"{module} imports {imported}"
        for module, imported_set in graph.items()
        if _stage(module) in LAYERS
        for imported in imported_set
        if LAYERS.index(_stage(imported)) > LAYERS.index(_stage(module))
    )
    assert upward == []


def test_the_package_root_holds_few_modules_and_every_stage_a_folder():
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 6, root
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} >= {
        "cli",
        "commands",
        "kit",
        "i18n",
        "pages",
        "render",
        "planning",
        "checks",
        "importing",
    }


def test_no_import_hides_behind_type_checking_below_the_public_api():
    hiding = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "TYPE_CHECKING" in p.read_text(encoding="utf-8") and p != PACKAGE / "__init__.py"
    ]
    assert hiding == []


def test_the_public_api_names_what_it_exports():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    literal = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    assert isinstance(literal, ast.List) and all(isinstance(e, ast.Constant) for e in literal.elts)
    for name in outreach.__all__:
        assert getattr(outreach, name) is not None


def test_the_content_keys_hash_every_module_of_the_package(tmp_path, monkeypatch):
    assert PACKAGE == Path(outreach.__file__).resolve().parent
    copy = tmp_path / "outreach"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "_builtin"))
    modules = sorted(copy.rglob("*.py"))
    assert {p.parent.name for p in modules} >= {"outreach", "cli", "commands", "kit", "render", "planning", "importing"}
    before = tools.code_digest(copy)
    for module in modules:
        source = module.read_bytes()
        module.write_bytes(source + b"\n# changed\n")
        assert tools.code_digest(copy) != before, f"changing {module.relative_to(copy)} does not change the key"
        module.write_bytes(source)
    assert tools.code_digest(copy) == before

    # the fingerprint every content key starts from is made from the whole package
    tools.tool_fingerprint.cache_clear()
    monkeypatch.setattr(tools, "PACKAGE", copy)
    first = tools.tool_fingerprint()
    (copy / "render" / "fit.py").write_text("# a new way to fit\n", encoding="utf-8")
    tools.tool_fingerprint.cache_clear()
    assert tools.tool_fingerprint() != first
    tools.tool_fingerprint.cache_clear()
