"""The author-facing package: ``scoring_core.plugins`` is all a plugin imports, and the 0.1 paths still work.

Every name of its ``__all__`` is the object of the module it comes from; the seven built-in plugins, the
examples and the scaffold's output import from the core through it alone; the old flat paths
(``scoring_core.plugin_kit``...) warn and hand back the very same modules.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import scoring_core
import scoring_core.plugins
from scoring_core._moved import MOVED
from scoring_core.plugins import scaffold

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_SOURCES = sorted(
    p
    for folder in ("plugins", "examples/third_party_plugin", "examples/broken_plugins")
    for p in (ROOT / folder).rglob("*.py")
    if "build" not in p.parts
)


def _core_imports(source: str) -> list[tuple[str, list[str]]]:
    """(module, names) of every import of the core in a module's source, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "scoring_core":
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.split(".")[0] == "scoring_core"]
    return found


def test_every_name_of_the_author_package_is_the_object_of_its_home_module():
    surface = scoring_core.plugins
    assert len(surface.__all__) == len(set(surface.__all__))
    for name in surface.__all__:
        value = getattr(surface, name)  # the lazy ones too
        if isinstance(value, type) or inspect.isfunction(value):
            assert getattr(importlib.import_module(value.__module__), name) is value, name
    with pytest.raises(AttributeError, match="no_such_name"):
        surface.no_such_name  # noqa: B018


def test_loading_a_plugin_loads_neither_the_scoring_pipeline_nor_durable_rules():
    code = (
        "import sys, ocop_food, ocop_herbal, ocop_rural_tourism; "
        "print(sorted(m for m in sys.modules if m.startswith(('scoring_core.scoring', 'durable'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout


@pytest.mark.parametrize("path", PLUGIN_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugins_and_examples_import_the_core_only_through_the_author_package(path):
    for module, names in _core_imports(path.read_text("utf-8")):
        assert module == "scoring_core.plugins", f"{module} ({names})"
        assert set(names) <= set(scoring_core.plugins.__all__), names


def test_the_scaffold_writes_code_that_imports_only_the_author_package():
    files = scaffold.plugin_files("demo", "2026", 901)
    python = {path: text for path, text in files.items() if path.endswith(".py")}
    assert len(python) == 2
    for path, text in python.items():
        imports = _core_imports(text)
        assert imports and all(module == "scoring_core.plugins" for module, _ in imports), (path, imports)
        assert all(set(names) <= set(scoring_core.plugins.__all__) for _, names in imports), (path, imports)


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_flat_path_warns_and_is_the_new_module(old, new):
    old_path, new_path = f"scoring_core.{old}", f"scoring_core.{new}"
    module = importlib.import_module(new_path)
    sys.modules.pop(old_path, None)  # an earlier import would hide the warning
    try:
        with pytest.warns(DeprecationWarning, match=rf"{old_path} moved to {new_path}; the old path goes in 0\.3"):
            moved = importlib.import_module(old_path)
        assert moved is module
        assert module.__spec__ is not None and module.__spec__.name == new_path  # its own spec, kept
        public = [n for n in vars(module) if n.isidentifier() and not n.startswith("_")]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # once imported, the old path resolves silently
            namespace: dict[str, object] = {}
            exec(f"from {old_path} import {', '.join(public)}", namespace)
        assert all(namespace[n] is getattr(module, n) for n in public)
    finally:
        sys.modules.pop(old_path, None)
        if hasattr(scoring_core, old):
            delattr(scoring_core, old)
