"""Plugins: the one package plugin authors import from, with hookspecs, manager, kit, golden cases, scaffold.

A product-group plugin (and its tests) needs nothing but ``from scoring_core.plugins import ...``:
the hook marker and the kit, fact rules and the condition helpers, the fact catalogue's spec, the
sheet model, golden cases, and what a test needs to score a product.  The modules behind these names
(``scoring_core.rules.conditions``, ``scoring_core.sheets.model``...) may move; this list stays.

The package also holds the hookspecs, the manager and its typed facade, the pytest plugin
(``scoring_core.plugins.testing``), the scaffold and the core's own built-in plugin.  The names a
plugin's tests score with (``Scorer``, ``ScoreRequest``, ``Evaluation`` one layer up, and ``RulesEngine``)
are imported on first use, so loading a plugin loads neither the scoring pipeline nor durable_rules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scoring_core.plugins.golden import Expected, ExpectedCriterion, GoldenCase, package_golden_cases
from scoring_core.plugins.hookspecs import ENTRY_POINT_GROUP, hookimpl
from scoring_core.plugins.kit import SheetDataPlugin
from scoring_core.plugins.manager import OcopPlugins, PluginInfo, SheetEntry
from scoring_core.rules.conditions import All, Any_, Compare, Condition, FactValue, Op, all_of, any_of, between, fact
from scoring_core.rules.fact_rules import FactRule, RuleTemplate
from scoring_core.rules.facts import FactSpec, Implication
from scoring_core.sheets.model import Branch, Criterion, Group, Option, Part, RuleBinding, Sheet
from scoring_core.sheets.sources import SheetSource, package_sheets
from scoring_core.sheets.wording import excerpt, normalise, quoted

if TYPE_CHECKING:
    from scoring_core.rules.engine import RulesEngine
    from scoring_core.scoring.evaluation import Evaluation
    from scoring_core.scoring.pipeline import Scorer
    from scoring_core.scoring.request import ScoreRequest

__all__ = [
    "ENTRY_POINT_GROUP",
    "All",
    "Any_",
    "Branch",
    "Compare",
    "Condition",
    "Criterion",
    "Evaluation",
    "Expected",
    "ExpectedCriterion",
    "FactRule",
    "FactSpec",
    "FactValue",
    "GoldenCase",
    "Group",
    "Implication",
    "OcopPlugins",
    "Op",
    "Option",
    "Part",
    "PluginInfo",
    "RuleBinding",
    "RuleTemplate",
    "RulesEngine",
    "ScoreRequest",
    "Scorer",
    "Sheet",
    "SheetDataPlugin",
    "SheetEntry",
    "SheetSource",
    "all_of",
    "any_of",
    "between",
    "excerpt",
    "fact",
    "hookimpl",
    "normalise",
    "package_golden_cases",
    "package_sheets",
    "quoted",
]

#: What a plugin's tests use to score a product: the scoring layer (above this one) and the durable_rules
#: engine, imported when first asked for.
_LAZY = {
    "RulesEngine": "scoring_core.rules.engine",
    "Evaluation": "scoring_core.scoring.evaluation",
    "Scorer": "scoring_core.scoring.pipeline",
    "ScoreRequest": "scoring_core.scoring.request",
}


def __getattr__(name: str) -> Any:
    """``Scorer``, ``ScoreRequest``, ``Evaluation`` and ``RulesEngine``, imported on first use."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
