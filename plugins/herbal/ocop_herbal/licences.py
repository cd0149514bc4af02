"""Herbal licences as knock-outs: a sheet option "Không có <licence> theo quy định" holds when the licence is missing.

Cosmetics (1048/20, 2026/19: "Không có Phiếu công bố sản phẩm mỹ phẩm theo quy định") and medical
devices (1048/21: "Không có Phiếu tiếp nhận hồ sơ công bố tiêu chuẩn áp dụng theo quy định") stop
the evaluation without their licence.  The importer bound these options to the core's generic
``quality_declaration``; this plugin adds the licence itself as a fact, so a dossier that states
the licence is missing stops the evaluation whatever else it declares.  Options are found by
their wording, so an amended sheet version that keeps the wording keeps the rule.  Generic
declarations ("Phiếu công bố sản phẩm", "hồ sơ công bố tiêu chuẩn") and the production
eligibility certificate stay with the core's facts (``quality_declaration``, ``facility_certificate``).
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring_core.plugins import FactRule, FactSpec, Sheet, excerpt, fact

PLUGIN = "herbal"


@dataclass(frozen=True)
class Licence:
    """A licence a herbal product must hold, and the wording of the knock-out option that asks for it."""

    fact: FactSpec
    wording: str  # lower case; an option with an effect whose label contains it is the knock-out


LICENCES: list[Licence] = [
    Licence(
        FactSpec(
            name="cosmetic_notification_receipt",
            type="boolean",
            meaning_vi="Có Phiếu công bố sản phẩm mỹ phẩm đã được cơ quan quản lý nhà nước có thẩm quyền (Cục Quản "
            "lý Dược hoặc Sở Y tế) cấp số tiếp nhận theo quy định, còn hiệu lực",
            meaning_en="Holds a cosmetic product notification (Phiếu công bố sản phẩm mỹ phẩm) with a receipt "
            "number from the competent authority (Drug Administration or provincial Health "
            "Department), still valid",
        ),
        "phiếu công bố sản phẩm mỹ phẩm",
    ),
    Licence(
        FactSpec(
            name="medical_device_standard_receipt",
            type="boolean",
            meaning_vi="Có Phiếu tiếp nhận hồ sơ công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế theo quy định",
            meaning_en="Holds the receipt of the declaration of applicable standards for the medical device "
            "(Phiếu tiếp nhận hồ sơ công bố tiêu chuẩn áp dụng)",
        ),
        "phiếu tiếp nhận hồ sơ công bố tiêu chuẩn áp dụng",
    ),
]

LICENCE_FACTS: list[FactSpec] = [licence.fact for licence in LICENCES]


def licence_rules(sheet: Sheet) -> list[FactRule]:
    """One rule per knock-out option of the sheet that asks for a licence: it holds when the licence is missing."""
    rules = []
    for _, _, criterion in sheet.criteria():
        for case in criterion.cases:
            for option in criterion.options_of(case):
                label = option.label_vi.casefold()
                for licence in LICENCES:
                    if option.effect is not None and licence.wording in label:
                        rules.append(
                            FactRule(
                                name=f"{criterion.id}#{case or 0}/{option.n}:{PLUGIN}",
                                criterion=criterion.id,
                                case=case,
                                option=option.n,
                                when=fact(licence.fact.name, "eq", False),
                                origin=f"plugin:{PLUGIN}",
                                quote=excerpt(option.label_vi),
                            )
                        )
    return rules
