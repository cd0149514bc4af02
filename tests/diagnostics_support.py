"""A test plugin for the diagnostics: facts, one implication, overlapping rules and a knock-out of each kind.

Sheet 2026/95 (``sheet_builders.feature_sheet``) with these rules:

    A1.1  1: diag_local_pct < 50   3: diag_local_pct >= 50   4 (eliminate): diag_all_imported
    B5.1  2: diag_all_imported = false (reads the implied fact)
    C6.1  2: diag_cert             3 (stop): diag_stop
    C6.2  1: sustainable_technology = false (template)   2: = true (template)   1: diag_local_pct >= 50 (plugin)

and the implication diag_local_pct > 0 => diag_all_imported = false.  A1.2 and B5.2 have no rule.
"""

from __future__ import annotations

from typing import Any

from sheet_builders import feature_sheet

from scoring_core.plugins.hookspecs import hookimpl
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.conditions import fact
from scoring_core.rules.fact_rules import FactRule
from scoring_core.rules.facts import FactSpec, Implication
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.sources import SheetSource

SHEET = "2026/95"
TITLES = {
    "A1.1": "Nguồn nguyên liệu",
    "A1.2": "Đóng gói, bao bì sản phẩm",
    "B5.1": "Câu chuyện sản phẩm",
    "B5.2": "Màu sắc",
    "C6.1": "Công bố chất lượng",
    "C6.2": "Sử dụng công nghệ theo hướng bền vững",
}


def sheet_data() -> dict[str, Any]:
    data = feature_sheet("2026", 95, sector="diagtest")
    for part in data["parts"]:
        for group in part["groups"]:
            for c in group["criteria"]:
                c["title_vi"] = TITLES[c["id"]]
    data["rules"] = [
        {
            "criterion": "C6.2",
            "template": "sustainable_technology",
            "options": {"1": {"when": False, "quote": "phương án 1"}, "2": {"when": True, "quote": "phương án 2"}},
        }
    ]
    return data


class DiagPlugin:
    """Facts, an implication, one sheet and its Python rules."""

    @hookimpl
    def ocop_facts(self) -> list[FactSpec]:
        return [
            FactSpec(
                name="diag_local_pct",
                type="number",
                minimum=0,
                maximum=100,
                meaning_vi="Tỷ lệ nguyên liệu địa phương",
                meaning_en="local share",
            ),
            FactSpec(
                name="diag_all_imported", type="boolean", meaning_vi="Toàn bộ nhập khẩu", meaning_en="all imported"
            ),
            FactSpec(name="diag_cert", type="boolean", meaning_vi="Có chứng nhận", meaning_en="certified"),
            FactSpec(name="diag_stop", type="boolean", meaning_vi="Không có giấy phép", meaning_en="no licence"),
        ]

    @hookimpl
    def ocop_implications(self) -> list[Implication]:
        return [
            Implication(
                name="diag_local_not_all_imported",
                when=fact("diag_local_pct", "gt", 0),
                then="diag_all_imported",
                value=False,
                meaning_vi="Có nguyên liệu địa phương thì không phải toàn bộ nhập khẩu",
                meaning_en="local raw material means not all imported",
            )
        ]

    @hookimpl
    def ocop_sheets(self) -> list[SheetSource]:
        return [SheetSource(origin="diagtest:95", data=sheet_data())]

    @hookimpl
    def ocop_rules(self, sheet: Sheet) -> list[FactRule]:
        def rule(criterion: str, option: int, when: Any) -> FactRule:
            return FactRule(
                name=f"{criterion}#0/{option}:diagtest",
                criterion=criterion,
                option=option,
                when=when,
                origin="plugin:diagtest",
            )

        return [
            rule("A1.1", 1, fact("diag_local_pct", "lt", 50)),
            rule("A1.1", 3, fact("diag_local_pct", "gte", 50)),
            rule("A1.1", 4, fact("diag_all_imported", "eq", True)),
            rule("B5.1", 2, fact("diag_all_imported", "eq", False)),
            rule("C6.1", 2, fact("diag_cert", "eq", True)),
            rule("C6.1", 3, fact("diag_stop", "eq", True)),
            rule("C6.2", 1, fact("diag_local_pct", "gte", 50)),
        ]


def diag_plugins() -> OcopPlugins:
    """The core and the diagnostics test plugin only."""
    return OcopPlugins(allow={"core"}, block=set(), extra={"diagtest": DiagPlugin()})


def diag_product(facts: dict[str, Any], judgements: dict[str, Any] | None = None) -> dict[str, Any]:
    """A product file on sheet 2026/95."""
    return {
        "product": {"id": "D-1", "name": "Sản phẩm thử"},
        "sheet": SHEET,
        "regime": "2026",
        "evaluated_on": "2026-08-01",
        "facts": facts,
        "judgements": judgements or {},
        "judged_by": "Hội đồng",
    }
