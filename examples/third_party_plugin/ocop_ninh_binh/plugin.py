"""Ninh Bình's amendment: sheet 2026/07 version 2, and the province's rule for the copied-product knock-out.

Version 2 keeps every criterion, option and point of version 1 (the food plugin's) and adds two
notes: raw material "in the province" counts the province's territory after the 2025 merger, and
the knock-out "Phát hiện giống hệt sản phẩm của nhà sản xuất khác, chỉ thay đổi tên sản phẩm, nhà
sản xuất" (A2.1, option 5) rests on a written finding of a competent body, which this plugin reads
as its own fact ``ninh_binh_duplicate_finding``.
"""

from __future__ import annotations

from scoring_core.plugins import FactRule, FactSpec, Sheet, SheetDataPlugin, fact, hookimpl

PLUGIN = "ninh_binh"
SHEET_ID = "2026/07"
CRITERION, OPTION = "A2.1", 5

DUPLICATE_FINDING = FactSpec(
    name="ninh_binh_duplicate_finding",
    type="boolean",
    meaning_vi="Cơ quan có thẩm quyền của tỉnh Ninh Bình đã kết luận bằng văn bản rằng sản phẩm giống hệt sản phẩm "
    "của nhà sản xuất khác, chỉ thay đổi tên sản phẩm, nhà sản xuất",
    meaning_en="A competent body of Ninh Bình province found in writing that the product is identical to another "
    "producer's, with only the product or producer name changed",
)


class NinhBinhPlugin(SheetDataPlugin):
    """The amended sheet as data, plus the province's fact and rule."""

    @hookimpl
    def ocop_facts(self) -> list[FactSpec]:
        """The province's own fact."""
        return [DUPLICATE_FINDING]

    @hookimpl
    def ocop_rules(self, sheet: Sheet) -> list[FactRule]:
        """A2.1 option 5 (eliminated) when the province found the product to be a copy."""
        criterion = sheet.criteria_by_id.get(CRITERION)
        option = criterion.option(None, OPTION) if criterion else None
        if sheet.sheet_id != SHEET_ID or option is None or option.effect != "eliminate":
            return []
        return [
            FactRule(
                name=f"{CRITERION}#0/{OPTION}:{PLUGIN}",
                criterion=CRITERION,
                option=OPTION,
                when=fact(DUPLICATE_FINDING.name, "eq", True),
                origin=f"plugin:{PLUGIN}",
            )
        ]
