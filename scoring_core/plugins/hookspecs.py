"""The hooks a product-group plugin implements (pluggy marker name ``ocop``).

Every hook returns a list; the manager collects the lists of all plugins.  Built-in features
(the core's facts and rule templates, the seven product groups) register through these same
hooks and the same entry-point group, exactly like a third-party plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from scoring_core.plugins.golden import GoldenCase
    from scoring_core.rules.fact_rules import FactRule, RuleTemplate
    from scoring_core.rules.facts import FactSpec, Implication
    from scoring_core.sheets.model import Sheet
    from scoring_core.sheets.sources import SheetSource

PROJECT = "ocop"
ENTRY_POINT_GROUP = "ocop.plugins"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def ocop_facts() -> list[FactSpec]:
    """Product facts this plugin's rules read, for the shared fact catalogue."""


@hookspec
def ocop_implications() -> list[Implication]:
    """Implications between catalogue facts (one fact's value follows from others), declared once."""


@hookspec
def ocop_rule_templates() -> list[RuleTemplate]:
    """Rule templates that sheets may refer to by name."""


@hookspec
def ocop_sheets() -> list[SheetSource]:
    """Official sheets this plugin ships, as raw data with where each came from."""


@hookspec
def ocop_rules(sheet: Sheet) -> list[FactRule]:
    """Python fact rules of this plugin for one of its own sheets."""


@hookspec
def ocop_golden_cases() -> list[GoldenCase]:
    """Golden cases (inputs and expected results) for this plugin's sheets."""
