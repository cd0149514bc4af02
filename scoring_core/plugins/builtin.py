"""The core's own plugin: the shared fact catalogue and rule templates, registered like any plugin."""

from __future__ import annotations

from scoring_core.plugins.hookspecs import hookimpl
from scoring_core.rules.catalogue import CORE_FACTS, CORE_IMPLICATIONS
from scoring_core.rules.fact_rules import RuleTemplate
from scoring_core.rules.facts import FactSpec, Implication
from scoring_core.rules.templates import CORE_TEMPLATES


@hookimpl
def ocop_facts() -> list[FactSpec]:
    """The facts the core's rule templates read."""
    return list(CORE_FACTS)


@hookimpl
def ocop_implications() -> list[Implication]:
    """The implications between the core's facts."""
    return list(CORE_IMPLICATIONS)


@hookimpl
def ocop_rule_templates() -> list[RuleTemplate]:
    """The rule templates written once in the core."""
    return list(CORE_TEMPLATES)
