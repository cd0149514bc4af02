"""The rural tourism plugin: its sheets and golden cases, its own facts, and the two-case rules."""

from __future__ import annotations

from scoring_core.plugins import FactRule, FactSpec, Sheet, SheetDataPlugin, hookimpl

from .cases import case_rules
from .facts import TOURISM_FACTS


class RuralTourismPlugin(SheetDataPlugin):
    """Sheets as data, plus the rules that pick community or site and the option within it."""

    @hookimpl
    def ocop_facts(self) -> list[FactSpec]:
        """Who provides the service, and its licences and safety records."""
        return list(TOURISM_FACTS)

    @hookimpl
    def ocop_rules(self, sheet: Sheet) -> list[FactRule]:
        """The two-case rules of this sheet (none for sheets whose cases are not labelled)."""
        return case_rules(sheet)
