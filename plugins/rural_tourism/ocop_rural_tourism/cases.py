"""The two cases of rural tourism criteria: community services or a single site, chosen by a fact.

Sheets 148/26 and 2026/26 score business conditions (C8) and safety (C9) in one of two cases,
"Trường hợp 1: (Dịch vụ du lịch do) cộng đồng (cung cấp)" or "Trường hợp 2: Điểm dịch vụ du
lịch / Dịch vụ du lịch do tổ chức, cá nhân cung cấp".  The fact ``tourism_provider`` picks the
case; the option within it is derived only where the sheet's wording rests on documents (business
registration, eligibility certificates, recognition, safety conditions, training records).  Each
option's condition excludes the options above it, so a missing fact leaves the criterion to the
council rather than settling it low.  Amenities (C15) are left to the council: their top options
rest on guests' ratings.  Sheet 1048/26 is left alone: its cases carry no label saying who
provides the service (and its A3.2 cases mean organisation vs household, not community vs site).
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring_core.plugins import All, Any_, Compare, Criterion, FactRule, Op, Sheet, all_of, any_of, fact

from .facts import (
    CERTIFIED_PCT,
    CONDITIONS_MET,
    PROVIDER,
    REGISTERED,
    SAFE_PCT,
    SAFETY_MET,
    SITE_RECOGNISED,
    STAFF_TRAINING,
    STANDARD_FACILITY,
)

Cond = Compare | All | Any_
PLUGIN = "rural_tourism"

#: What a branch label says for each provider (lower case): the case is found from the sheet's own words.
PROVIDER_LABELS: dict[str, tuple[str, ...]] = {
    "community": ("cộng đồng",),
    "site": ("điểm dịch vụ du lịch", "tổ chức, cá nhân"),
}


def _yes(name: str) -> Compare:
    return fact(name, "eq", True)


def _no(name: str) -> Compare:
    return fact(name, "eq", False)


def _share(name: str, low: tuple[Op, float] | None, high: tuple[Op, float] | None) -> Cond:
    parts = [fact(name, *bound) for bound in (low, high) if bound is not None]
    return parts[0] if len(parts) == 1 else all_of(*parts)


@dataclass(frozen=True)
class CaseRules:
    """One two-case criterion: a phrase of its title (a guard) and, per provider, option -> condition."""

    title: str
    options: dict[str, dict[int, Cond]]


def _licensed(*more: Cond) -> All:
    return all_of(_yes(REGISTERED), _yes(CONDITIONS_MET), *more)


def _safety(trained: bool) -> All:
    return all_of(_yes(SAFETY_MET), _yes(STAFF_TRAINING) if trained else _no(STAFF_TRAINING))


CASE_RULES: dict[tuple[str, str], CaseRules] = {
    # 2026/26 C8: (1) "đáp ứng đủ yêu cầu về đăng ký kinh doanh và điều kiện kinh doanh"; (2) "... và có cơ
    # sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch theo Luật Du lịch" (a site: "... và
    # được công nhận điểm du lịch hoặc có cơ sở ... đạt tiêu chuẩn ...").
    ("2026", "C8"): CaseRules(
        "điều kiện kinh doanh",
        {
            "community": {1: _licensed(_no(STANDARD_FACILITY)), 2: _licensed(_yes(STANDARD_FACILITY))},
            "site": {
                1: _licensed(_no(STANDARD_FACILITY), _no(SITE_RECOGNISED)),
                2: _licensed(any_of(_yes(STANDARD_FACILITY), _yes(SITE_RECOGNISED))),
            },
        },
    ),
    # 2026/26 C9: (1) "đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng cháy và chữa cháy, bảo vệ môi
    # trường, an toàn thực phẩm"; (2) "... và có thực hiện hướng dẫn, tập huấn thường xuyên/định kỳ cho nhân viên".
    ("2026", "C9"): CaseRules(
        "an ninh trật tự",
        {
            "community": {1: _safety(False), 2: _safety(True)},
            "site": {1: _safety(False), 2: _safety(True)},
        },
    ),
    # 148/26 C8, community: "Dưới 50%" / "từ 50% đến dưới 75%" / "trên 75%" of the service facilities
    # certified eligible (0% and exactly 75% are not worded: left to the council); site: (1) "Có đăng ký kinh
    # doanh dịch vụ du lịch"; (2) "Có đăng ký kinh doanh và đáp ứng đủ điều kiện kinh doanh".
    ("148", "C8"): CaseRules(
        "điều kiện kinh doanh",
        {
            "community": {
                1: _share(CERTIFIED_PCT, ("gt", 0), ("lt", 50)),
                2: _share(CERTIFIED_PCT, ("gte", 50), ("lt", 75)),
                3: _share(CERTIFIED_PCT, ("gt", 75), None),
            },
            "site": {
                1: all_of(_yes(REGISTERED), _no(CONDITIONS_MET)),
                2: all_of(_yes(REGISTERED), _yes(CONDITIONS_MET)),
            },
        },
    ),
    # 148/26 C9, community: "Có ít nhất 75%" / "Có 100% số cơ sở kinh doanh dịch vụ đáp ứng điều kiện về an
    # ninh, trật tự, ..."; site: as 2026 C9 (conditions met, and staff trained regularly).
    ("148", "C9"): CaseRules(
        "an ninh trật tự",
        {
            "community": {1: _share(SAFE_PCT, ("gte", 75), ("lt", 100)), 2: _share(SAFE_PCT, ("gte", 100), None)},
            "site": {1: _safety(False), 2: _safety(True)},
        },
    ),
}


def case_of(criterion: Criterion, provider: str) -> int | None:
    """The case whose label names this provider, when exactly one does."""
    words = PROVIDER_LABELS[provider]
    cases = [b.case for b in criterion.branches or [] if any(w in b.label_vi.casefold() for w in words)]
    return cases[0] if len(cases) == 1 else None


def case_rules(sheet: Sheet) -> list[FactRule]:
    """The plugin's rules for one sheet: provider -> case, documents -> option."""
    rules: list[FactRule] = []
    for (regime, cid), spec in CASE_RULES.items():
        criterion = sheet.criteria_by_id.get(cid)
        if sheet.regime != regime or criterion is None or spec.title not in criterion.title_vi.casefold():
            continue
        cases = {provider: case_of(criterion, provider) for provider in spec.options}
        if None in cases.values() or len(set(cases.values())) != len(cases):
            continue
        for provider, options in spec.options.items():
            case = cases[provider]
            for n, when in options.items():
                if criterion.option(case, n) is None:
                    continue
                rules.append(
                    FactRule(
                        name=f"{cid}#{case}/{n}:{PLUGIN}",
                        criterion=cid,
                        case=case,
                        option=n,
                        when=all_of(fact(PROVIDER, "eq", provider), when),
                        origin=f"plugin:{PLUGIN}",
                    )
                )
    return rules
