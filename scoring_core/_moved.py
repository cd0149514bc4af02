"""Old flat module paths (``scoring_core.plugin_kit``...) kept importable for one release, with a warning.

The core was split into layer packages in 0.2; a plugin written against 0.1 still imports, and is told
where each module went. Remove in 0.3.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

MOVED: dict[str, str] = {
    "model": "sheets.model",
    "sheet_checks": "sheets.checks",
    "regimes": "sheets.regimes",
    "sources": "sheets.sources",
    "conditions": "rules.conditions",
    "facts": "rules.facts",
    "fact_rules": "rules.fact_rules",
    "builtin_facts": "rules.catalogue",
    "builtin_templates": "rules.templates",
    "request": "scoring.request",
    "evaluation": "scoring.evaluation",
    "ranking": "scoring.ranking",
    "scorer": "scoring.pipeline",
    "hookspecs": "plugins.hookspecs",
    "plugin_kit": "plugins.kit",
    "golden": "plugins.golden",
    "builtin": "plugins.builtin",
    "testing": "plugins.testing",
    "scaffold": "plugins.scaffold",
    "council": "councils.council",
    "council_book": "councils.book",
    "recognitions": "councils.recognitions",
    "contests": "councils.contests",
}


class _MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``scoring_core.<old>`` and hands back the module at its new path."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        prefix, _, old = fullname.partition(".")
        if prefix != "scoring_core" or old not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = "scoring_core." + MOVED[spec.name.partition(".")[2]]
        warnings.warn(f"{spec.name} moved to {new}; the old path goes in 0.3", DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        spec.loader_state = module.__spec__  # the import system overwrites ``__spec__``; exec_module puts it back
        return module

    def exec_module(self, module: ModuleType) -> None:
        """The module is the new one, already executed: only its own spec is put back."""
        moved = module.__spec__
        if moved is not None and isinstance(moved.loader_state, importlib.machinery.ModuleSpec):
            module.__spec__ = moved.loader_state


def install() -> None:
    """Put the finder on ``sys.meta_path`` once."""
    if not any(isinstance(f, _MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.append(_MovedModuleFinder())
