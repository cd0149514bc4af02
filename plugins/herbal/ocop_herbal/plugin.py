"""The herbal plugin: its sheets and golden cases, plus licences as knock-outs."""

from __future__ import annotations

from scoring_core.plugins import FactRule, FactSpec, Sheet, SheetDataPlugin, hookimpl

from .licences import LICENCE_FACTS, licence_rules


class HerbalPlugin(SheetDataPlugin):
    """Sheets as data, plus the rules that stop an evaluation when a cosmetic or medical-device licence is missing."""

    @hookimpl
    def ocop_facts(self) -> list[FactSpec]:
        """The licences herbal products must hold."""
        return list(LICENCE_FACTS)

    @hookimpl
    def ocop_rules(self, sheet: Sheet) -> list[FactRule]:
        """The licence knock-outs of this sheet."""
        return licence_rules(sheet)
