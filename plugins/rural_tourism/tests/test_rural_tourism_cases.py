"""The rural tourism plugin's own rules: the provider picks the case of C8/C9, documents pick the option."""

import pytest
from ocop_rural_tourism.cases import PROVIDER_LABELS

from scoring_core.plugins import OcopPlugins, RulesEngine, Scorer, ScoreRequest

LICENSED = {"tourism_business_registered": True, "tourism_business_conditions_met": True}


@pytest.fixture(scope="module")
def scorer():
    return Scorer(OcopPlugins(allow={"core", "rural_tourism"}, block=set()), RulesEngine())


def lines(scorer, sheet, facts, judgements=None):
    request = ScoreRequest.parse(
        {
            "product": {"id": "t", "name": "t"},
            "sheet": sheet,
            "regime": sheet.split("/")[0],
            "facts": facts,
            "judgements": judgements or {},
        }
    )
    return {x.criterion: x for x in scorer.score(request).breakdown}


def derived(scorer, sheet, facts, criterion):
    line = lines(scorer, sheet, facts)[criterion]
    if line.source.kind != "rule":
        return None
    assert line.source.origin == "plugin:rural_tourism"
    return (line.case, line.option)


@pytest.mark.parametrize(
    ("facts", "want"),
    [
        ({"tourism_provider": "community", **LICENSED, "tourism_standard_facility": False}, (1, 1)),
        ({"tourism_provider": "community", **LICENSED, "tourism_standard_facility": True}, (1, 2)),
        (
            {
                "tourism_provider": "site",
                **LICENSED,
                "tourism_standard_facility": False,
                "tourism_site_recognised": False,
            },
            (2, 1),
        ),
        (
            {
                "tourism_provider": "site",
                **LICENSED,
                "tourism_standard_facility": False,
                "tourism_site_recognised": True,
            },
            (2, 2),
        ),
        ({"tourism_provider": "site", **LICENSED, "tourism_standard_facility": True}, (2, 2)),
        ({"tourism_provider": "community", **LICENSED}, None),  # the standard facility is not stated: the council
        (
            {
                "tourism_provider": "site",
                "tourism_business_registered": True,
                "tourism_business_conditions_met": False,
                "tourism_standard_facility": False,
                "tourism_site_recognised": False,
            },
            None,
        ),
        ({**LICENSED, "tourism_standard_facility": True}, None),  # no provider, no case
    ],
)
def test_2026_business_conditions(scorer, facts, want):
    assert derived(scorer, "2026/26", facts, "C8") == want


@pytest.mark.parametrize(
    ("facts", "want"),
    [
        (
            {"tourism_provider": "community", "tourism_safety_conditions_met": True, "tourism_staff_training": False},
            (1, 1),
        ),
        (
            {"tourism_provider": "community", "tourism_safety_conditions_met": True, "tourism_staff_training": True},
            (1, 2),
        ),
        ({"tourism_provider": "site", "tourism_safety_conditions_met": True, "tourism_staff_training": False}, (2, 1)),
        ({"tourism_provider": "site", "tourism_safety_conditions_met": True, "tourism_staff_training": True}, (2, 2)),
        ({"tourism_provider": "site", "tourism_safety_conditions_met": False, "tourism_staff_training": True}, None),
    ],
)
def test_2026_safety(scorer, facts, want):
    assert derived(scorer, "2026/26", facts, "C9") == want


@pytest.mark.parametrize(
    ("facts", "want"),
    [
        # "Dưới 50%" is below 50, 0% included, as on every other sheet (finding 7)
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 0}, (1, 1)),
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 30}, (1, 1)),
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 49.99}, (1, 1)),
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 50}, (1, 2)),
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 74.99}, (1, 2)),
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 75}, None),  # "trên 75%": not worded
        ({"tourism_provider": "community", "tourism_certified_facilities_pct": 76}, (1, 3)),
        (
            {"tourism_provider": "site", "tourism_business_registered": True, "tourism_business_conditions_met": False},
            (2, 1),
        ),
        ({"tourism_provider": "site", **LICENSED, "tourism_standard_facility": False}, (2, 2)),
        # "... và được công nhận cơ sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch" (finding 3)
        ({"tourism_provider": "site", **LICENSED, "tourism_standard_facility": True}, (2, 3)),
        ({"tourism_provider": "site", **LICENSED}, None),  # recognition not stated: the council
        ({"tourism_provider": "site", "tourism_certified_facilities_pct": 90}, None),  # a share is for communities
    ],
)
def test_148_business_conditions(scorer, facts, want):
    assert derived(scorer, "148/26", facts, "C8") == want


@pytest.mark.parametrize(
    ("facts", "want"),
    [
        ({"tourism_provider": "community", "tourism_safe_facilities_pct": 60}, None),
        ({"tourism_provider": "community", "tourism_safe_facilities_pct": 75}, (1, 1)),
        ({"tourism_provider": "community", "tourism_safe_facilities_pct": 100}, (1, 2)),
        ({"tourism_provider": "site", "tourism_safety_conditions_met": True, "tourism_staff_training": True}, (2, 2)),
    ],
)
def test_148_safety(scorer, facts, want):
    assert derived(scorer, "148/26", facts, "C9") == want


def test_a_judgement_of_the_other_case_without_a_reason_does_not_override(scorer):
    facts = {"tourism_provider": "community", "tourism_safety_conditions_met": True, "tourism_staff_training": True}
    line = lines(scorer, "2026/26", facts, {"C9": {"case": 2, "option": 2}})["C9"]
    assert (line.case, line.option, line.source.kind) == (1, 2, "rule")
    assert line.conflict is not None and line.conflict.winner == "rule"


def test_a_recognised_site_judged_option_3_is_not_overridden_by_option_2(scorer):
    """Finding 3: option 2 fired for a recognised site and overrode a correct judgement of option 3."""
    facts = {"tourism_provider": "site", **LICENSED, "tourism_standard_facility": True}
    line = lines(scorer, "148/26", facts, {"C8": {"case": 2, "option": 3}})["C8"]
    assert (line.case, line.option, line.conflict) == (2, 3, None)
    assert line.source.quote and "đạt tiêu chuẩn phục vụ khách du lịch" in line.source.quote


@pytest.mark.parametrize("sheet", ["148/26", "2026/26", "1048/26"])
@pytest.mark.parametrize(
    ("title", "facts", "want"),
    [
        ("liên kết vùng", {"tourism_tour_links": "none"}, None),
        ("liên kết vùng", {"tourism_tour_links": "province"}, 1),
        ("liên kết vùng", {"tourism_tour_links": "national"}, 2),
        ("liên kết vùng", {"tourism_tour_links": "international"}, 3),
        ("tổ chức quảng bá", {"tourism_sales_organisation": "none"}, None),
        ("tổ chức quảng bá", {"tourism_sales_organisation": "person"}, 1),
        ("tổ chức quảng bá", {"tourism_sales_organisation": "department"}, 1),
        ("tổ chức quảng bá", {"tourism_sales_organisation": "department_it"}, 2),
    ],
)
def test_tours_and_sales_organisation_are_derived_on_every_regime(scorer, sheet, title, facts, want):
    entry = scorer.plugins.sheet(sheet.split("/")[0], sheet)
    [criterion] = [c for _, _, c in entry.sheet.criteria() if title in c.title_vi.casefold()]
    line = lines(scorer, sheet, facts)[criterion.id]
    assert (line.option if line.source.kind == "rule" else None) == want, (sheet, criterion.id, facts)


@pytest.mark.parametrize("sheet", ["148/26", "2026/26", "1048/26"])
@pytest.mark.parametrize(
    ("title", "facts", "want"),
    [
        ("nông thôn mới", {"tourism_new_rural_commune": True}, 2),
        ("nông thôn mới", {"tourism_new_rural_commune": False}, 1),
        ("nhân viên", {"tourism_trained_staff_pct": 49.99}, 1),
        ("nhân viên", {"tourism_trained_staff_pct": 0}, 1),
        ("nhân viên", {"tourism_trained_staff_pct": 50}, 2),
        ("nhân viên", {"tourism_trained_staff_pct": 75}, 2),  # "từ 50 - 75%": 75 included
        ("nhân viên", {"tourism_trained_staff_pct": 75.01, "tourism_foreign_language_staff": True}, 3),
        ("nhân viên", {"tourism_trained_staff_pct": 90, "tourism_foreign_language_staff": False}, None),
        ("chuỗi giá trị trong quảng bá", {"tourism_promotion_agents": 0}, None),
        ("chuỗi giá trị trong quảng bá", {"tourism_promotion_agents": 1}, 1),
        (
            "chuỗi giá trị trong quảng bá",
            {"tourism_promotion_agents": 2, "tourism_promotion_agents_in_and_out_of_province": True},
            1,
        ),
        (
            "chuỗi giá trị trong quảng bá",
            {"tourism_promotion_agents": 3, "tourism_promotion_agents_in_and_out_of_province": True},
            2,
        ),
        (
            "chuỗi giá trị trong quảng bá",
            {"tourism_promotion_agents": 4, "tourism_promotion_agents_in_and_out_of_province": True},
            2,
        ),
        (
            "chuỗi giá trị trong quảng bá",
            {"tourism_promotion_agents": 5, "tourism_promotion_agents_in_and_out_of_province": True},
            3,
        ),
        (
            "chuỗi giá trị trong quảng bá",
            {"tourism_promotion_agents": 8, "tourism_promotion_agents_in_and_out_of_province": False},
            1,
        ),
    ],
)
def test_factual_single_case_criteria_are_derived_on_every_regime(scorer, sheet, title, facts, want):
    """Finding 9: the new-rural commune, trained staff with a foreign language, the number of promotion agents."""
    entry = scorer.plugins.sheet(sheet.split("/")[0], sheet)
    [criterion] = [c for _, _, c in entry.sheet.criteria() if title in c.title_vi.casefold() and not c.branches]
    line = lines(scorer, sheet, facts)[criterion.id]
    got = line.option if line.source.kind == "rule" else None
    assert got == want, (sheet, criterion.id, facts)
    if want is not None:
        assert line.source.quote and line.source.origin == "plugin:rural_tourism"


def test_every_rule_picks_the_case_whose_label_names_the_provider(scorer):
    seen = set()
    for entry in scorer.plugins.sheets():
        for rule in entry.rules:
            if rule.origin != "plugin:rural_tourism" or rule.case is None:
                continue
            provider = next(c.value for c in rule.when.all if getattr(c, "fact", None) == "tourism_provider")
            branch = next(b for b in entry.sheet.criteria_by_id[rule.criterion].branches if b.case == rule.case)
            assert any(word in branch.label_vi.casefold() for word in PROVIDER_LABELS[provider]), rule.name
            seen.add((entry.sheet_id, rule.criterion))
    assert seen == {("148/26", "C8"), ("148/26", "C9"), ("2026/26", "C8"), ("2026/26", "C9")}
