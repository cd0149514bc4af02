"""Broken on purpose: a plugin named ``core`` that declares no facts and no rule templates.

Were it taken for the core's own plugin, the shared fact catalogue would be empty and no sheet could
bind a rule; the manager refuses it by name instead.
"""

from scoring_core.plugins import FactSpec, hookimpl


@hookimpl
def ocop_facts() -> list[FactSpec]:
    """No facts at all."""
    return []
