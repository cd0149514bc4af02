"""Bindings true to the official wording: quotes held to the text, numeric boundaries, and findings 1-9 of issue 9."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.engine import RulesEngine
from scoring_core.rules.templates import CORE_TEMPLATES_BY_NAME
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.wording import ELISION, excerpt, normalise, quoted

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "ocop" / "sheets"


@cache
def sheets() -> dict[str, Sheet]:
    out = {}
    for path in sorted((REPO / "plugins").glob("*/ocop_*/sheets/*.json")):
        sheet = Sheet.model_validate(json.loads(path.read_text("utf-8")))
        out[sheet.sheet_id] = sheet
    return out


@cache
def official() -> dict[str, dict[str, Any]]:
    index = json.loads((SHARED / "index.json").read_text("utf-8"))
    return {e["sheet_id"]: json.loads((SHARED / e["file"]).read_text("utf-8")) for e in index["sheets"]}


def official_label(sheet_id: str, criterion: str, case: int | None, n: int) -> str:
    crit = next(
        c for p in official()[sheet_id]["parts"] for g in p["groups"] for c in g["criteria"] if c["id"] == criterion
    )
    options = (
        crit["options"] if not crit["branches"] else next(b["options"] for b in crit["branches"] if b["case"] == case)
    )
    return next(o["label_vi"] for o in options if o["n"] == n)


@cache
def scorer() -> Scorer:
    return Scorer(OcopPlugins(), RulesEngine())


def holding(sheet_id: str, criterion: str, facts: dict[str, Any], case: int | None = None) -> list[int]:
    """The options whose bound condition holds on these facts (sheet bindings only)."""
    [binding] = [b for b in sheets()[sheet_id].rules if b.criterion == criterion and b.case == case]
    build = CORE_TEMPLATES_BY_NAME[binding.template].build
    return [int(n) for n, bound in binding.options.items() if build(bound.when).holds(facts)]


def line(sheet_id: str, facts: dict[str, Any], criterion: str, judgements: dict | None = None):
    request = ScoreRequest.parse(
        {
            "product": {"id": "w", "name": "w"},
            "sheet": sheet_id,
            "regime": sheet_id.split("/")[0],
            "facts": facts,
            "judgements": judgements or {},
        }
    )
    evaluation = scorer().score(request)
    return next(x for x in evaluation.breakdown if x.criterion == criterion), evaluation


# --- quotes ----------------------------------------------------------------------------------------
def test_quote_matching_normalises_whitespace_only() -> None:
    label = "Có  sử dụng\n từ 50% đến dưới 75% lao động"
    assert quoted("từ 50% đến dưới 75%", label)
    assert quoted("Có sử dụng [...] lao động", label)
    assert not quoted("lao động [...] Có sử dụng", label)  # stretches in the label's order
    assert not quoted("từ 50% đến 75%", label)
    assert not quoted("có sử dụng", label)  # case is kept
    long = "Có A, " + "b " * 150 + "(rất dài, rất nhiều chữ) và có C."
    assert quoted(excerpt(long), long) and len(excerpt(long)) <= 240


def test_every_binding_quotes_its_options_wording() -> None:
    """Every bound option of every plugin sheet quotes its label, and the official label where shared is present."""
    count = 0
    for sheet_id, sheet in sheets().items():
        for binding in sheet.rules:
            criterion = sheet.criteria_by_id[binding.criterion]
            for n, bound in binding.options.items():
                option = criterion.option(binding.case, int(n))
                assert option is not None
                assert quoted(bound.quote, option.label_vi), (sheet_id, binding.criterion, n, bound.quote)
                if SHARED.is_dir():
                    label = official_label(sheet_id, binding.criterion, binding.case, int(n))
                    assert quoted(bound.quote, label), (sheet_id, binding.criterion, n)
                count += 1
    assert count > 2000


def test_every_rule_the_engine_runs_carries_a_quote_found_in_its_option() -> None:
    """Template rules and the plugins' Python rules (tourism cases, herbal licences) alike."""
    origins = set()
    for entry in scorer().plugins.sheets():
        if entry.sheet is None:
            continue
        for rule in entry.rules:
            option = entry.sheet.criteria_by_id[rule.criterion].option(rule.case, rule.option)
            assert rule.quote and quoted(rule.quote, option.label_vi), (entry.sheet_id, rule.name)
            origins.add(rule.origin)
    assert {"plugin:rural_tourism", "plugin:herbal"} <= origins


def test_a_sheet_whose_quote_is_not_in_the_wording_is_unavailable() -> None:
    from scoring_core.plugins.hookspecs import hookimpl
    from scoring_core.sheets.sources import SheetSource

    data = json.loads((REPO / "plugins/food/ocop_food/sheets/2026-07.json").read_text("utf-8"))
    data["sheet_id"], data["sheet_no"] = "2026/97", 97
    data["rules"][0]["options"]["1"]["quote"] = "Sử dụng 100% nguyên liệu của tỉnh"

    class Bad:
        @hookimpl
        def ocop_sheets(self) -> list[SheetSource]:
            return [SheetSource(data=data, origin="test:bad-quote")]

    plugins = OcopPlugins(allow={"core"}, block=set(), extra={"bad_quote": Bad()})
    entry = plugins.sheet("2026", "2026/97")
    assert entry is not None and not entry.available
    assert "quote 'Sử dụng 100% nguyên liệu của tỉnh' is not in the option's wording" in (entry.reason or "")


def test_the_breakdown_line_shows_the_words_that_fired() -> None:
    got, _ = line("2026/07", {"local_labour_commune_pct": 60}, "A3.3")
    assert got.source.kind == "rule" and got.option == 2
    assert got.source.quote == "Có sử dụng từ 50% đến 75% lao động là người trên địa bàn cấp xã"


# --- numeric boundaries taken from the wording ---------------------------------------------------
_BAND_FACT = {
    "raw_material_origin": lambda when: "raw_material_province_pct",
    "commune_produce_share": lambda when: "produce_commune_pct",
    "local_labour_share": lambda when: f"local_labour_{when['scope']}_pct",
    "linkage_contract": lambda when: f"linkage_contract_{when['basis']}_pct",
}


def wording_interval(text: str) -> tuple[float, bool, float, bool] | None:
    """(low, low included, high, high included) a label states, read from the words alone."""
    t = normalise(text).lower().replace("≥", ">=")
    if m := re.search(r"từ (\d+) ?% đến dưới (\d+) ?%", t):
        return float(m[1]), True, float(m[2]), False
    if m := re.search(r"từ (\d+) ?% đến (\d+) ?%", t):
        return float(m[1]), True, float(m[2]), True
    if m := re.search(r">= ?(\d+) ?%", t):
        return float(m[1]), True, 100.0, True
    if m := re.search(r"trên (\d+) ?%", t):
        return float(m[1]), False, 100.0, True
    if m := re.search(r"dưới (\d+) ?%", t):
        some = "nhưng" in t  # "Có sử dụng ..., nhưng có tỷ lệ dưới 50%": some, but under 50%
        return 0.0, not some, float(m[1]), False
    if t.startswith("không có liên kết"):
        return 0.0, True, 0.0, True
    return None


def _inside(value: float, interval: tuple[float, bool, float, bool]) -> bool:
    low, low_in, high, high_in = interval
    return (value > low or (low_in and value == low)) and (value < high or (high_in and value == high))


def numeric_bindings() -> list[tuple[str, str, str, Any, str, str]]:
    out = []
    for sheet_id, sheet in sheets().items():
        for binding in sheet.rules:
            if binding.template in _BAND_FACT:
                label = {o.n: o.label_vi for o in sheet.criteria_by_id[binding.criterion].options_of(binding.case)}
                for n, bound in binding.options.items():
                    if isinstance(bound.when, dict):
                        out.append((sheet_id, binding.criterion, n, bound.when, binding.template, label[int(n)]))
    return out


def test_every_numeric_binding_holds_exactly_on_its_worded_interval() -> None:
    """49.99 / 50 / 74.99 / 75 for "từ 50% đến dưới 75%", and so on for every band of every sheet.

    Where the wording of two options meets at one value ("từ 50% đến 75%" then "≥ 75%"), the value goes
    to the higher option (the reading every sheet shares); everything else is as printed.
    """
    checked = 0
    for sheet_id, cid, n, when, template, label in numeric_bindings():
        interval = wording_interval(label)
        assert interval is not None, (sheet_id, cid, n, label)
        others = [
            wording_interval(o.label_vi)
            for o in sheets()[sheet_id].criteria_by_id[cid].options_of(None)
            if o.n != int(n) and o.effect is None
        ]
        low, low_in, high, high_in = interval
        if high_in and any(o and o[0] == high and o[1] and o[0] > low for o in others):
            interval = (low, low_in, high, False)
        name = _BAND_FACT[template](when)
        extra: dict[str, Any] = {}
        if template == "raw_material_origin":
            extra["raw_material_all_imported_or_unknown"] = False
        if template == "linkage_contract":
            extra["linkage_contract_months"] = 12 if "12 tháng" in label else 0
        cond = CORE_TEMPLATES_BY_NAME[template].build(when)
        for bound in (interval[0], interval[2]):
            for value in (bound - 0.01, bound, bound + 0.01):
                if 0 <= value <= 100:
                    facts = {name: value, **extra}
                    assert cond.holds(facts) == _inside(value, interval), (sheet_id, cid, n, label, value)
                    checked += 1
    assert checked > 1000


def test_below_fifty_percent_reads_the_same_everywhere() -> None:
    """Finding 7: "dưới 50%" includes 0% wherever the wording does not say "some, but" ("nhưng")."""
    for sheet_id, cid, _n, when, template, label in numeric_bindings():
        text = normalise(label).lower()
        if re.search(r"(?<!đến )dưới 50%", text):
            facts = {_BAND_FACT[template](when): 0, "raw_material_all_imported_or_unknown": False}
            expected = "nhưng" not in text
            assert CORE_TEMPLATES_BY_NAME[template].build(when).holds(facts) == expected, (sheet_id, cid, label)


# --- findings 1-9 of issue 9 -----------------------------------------------------------------------
@pytest.mark.parametrize(("sheet_id", "criterion", "option"), [("2026/19", "C6", 5), ("1048/20", "C6", 5)])
def test_finding_1_a_cosmetic_with_its_notification_receipt_is_not_stopped(sheet_id, criterion, option) -> None:
    facts = {"quality_declaration": "declared", "cosmetic_notification_receipt": True}
    got, evaluation = line(sheet_id, facts, criterion)
    assert got.option != option and not evaluation.knockouts
    facts = {"quality_declaration": "none", "cosmetic_notification_receipt": True}
    got, evaluation = line(sheet_id, facts, criterion)
    assert (got.option, got.points) == (1, 0) and not evaluation.knockouts  # "Không có hồ sơ ...": 0, no stop
    got, evaluation = line(sheet_id, {"cosmetic_notification_receipt": False}, criterion)
    assert (got.option, got.source.origin) == (option, "plugin:herbal")
    assert got.source.quote == "Không có Phiếu công bố sản phẩm mỹ phẩm theo quy định"


def test_finding_1_a_medical_device_is_stopped_by_its_own_receipt_only() -> None:
    got, evaluation = line("1048/21", {"quality_declaration": "none", "medical_device_standard_receipt": True}, "C6")
    assert got.source.kind != "rule" and not evaluation.knockouts
    got, _ = line("1048/21", {"medical_device_standard_receipt": False}, "C6")
    assert got.option == 4 and "Phiếu tiếp nhận hồ sơ công bố tiêu chuẩn áp dụng" in got.source.quote


def test_finding_2_quality_management_on_non_food_sheets_needs_no_food_safety_certificate() -> None:
    iso = {"quality_management_certification": "national"}
    assert holding("148/21", "C8", {**iso, "export_dossier": False}) == [4]
    assert holding("148/21", "C8", {**iso, "export_dossier": True}) == [5]
    assert holding("148/21", "C8", {"export_eligibility": True}) == []  # food-safety export is not the dossier
    assert holding("2026/21", "C8", iso) == [2]
    assert holding(
        "2026/21", "C8", {"quality_management_certification": "international", "export_eligibility": True}
    ) == [3]
    for sheet_id in ("148/18", "148/19", "148/20"):
        assert holding(sheet_id, "C12", {**iso, "export_eligibility": False}) == [4], sheet_id
    for sheet_id in ("2026/19", "2026/20"):
        assert holding(sheet_id, "C12", iso) == [2], sheet_id
    # 1048 herbal sheets print a stop for the production certificate: the levels need it held or exempt
    assert holding("1048/20", "C12", {**iso, "export_dossier": False, "facility_certificate_status": "held"}) == [5]
    assert holding("1048/20", "C12", {"export_dossier": True, "facility_certificate_status": "not_required"}) == [6]
    assert holding("1048/21", "C12", {"export_dossier": True, "facility_certificate_status": "held"}) == [5]


def test_finding_2_a_handicraft_with_iso_9001_passes_its_4_star_gate() -> None:
    got, evaluation = line("148/21", {"quality_management_certification": "national", "export_dossier": False}, "C8")
    assert (got.option, got.points) == (4, 3)
    assert not [g for g in evaluation.failed_gates if g.criterion == "C8" and g.star <= 4]


def test_finding_3_is_in_the_rural_tourism_plugin_tests() -> None:
    rules = [r for r in scorer().plugins.sheet("148", "148/26").rules if r.criterion == "C8" and r.case == 2]
    assert sorted(r.option for r in rules) == [1, 2, 3]


@pytest.mark.parametrize("sheet_id", ["148/01", "148/05", "1048/01", "1048/05", "1048/15"])
def test_finding_4_an_exempt_producer_is_not_stopped_a_non_compliant_one_is(sheet_id) -> None:
    criterion = next(b.criterion for b in sheets()[sheet_id].rules if b.template == "quality_assurance")
    stop = next(
        int(n)
        for b in sheets()[sheet_id].rules
        if b.criterion == criterion
        for n, bound in b.options.items()
        if bound.when == "no_certificate"
    )
    assert holding(sheet_id, criterion, {"facility_certificate_status": "not_required"}) == []
    assert holding(sheet_id, criterion, {"facility_certificate": False}) == []
    assert holding(sheet_id, criterion, {"facility_certificate_status": "missing"}) == [stop]


def test_finding_5_a_cooperative_rated_above_kha_meets_kha() -> None:
    coop = {"legal_form": "cooperative"}
    for sheet_id, sheet in sheets().items():
        for b in sheet.rules:
            if b.template != "profit_growth" or sheet.status != "complete":
                continue
            top = next(int(n) for n, o in b.options.items() if "good" in o.when)
            for rating in ("good", "excellent"):
                assert holding(sheet_id, b.criterion, {**coop, "cooperative_rating": rating}) == [top], sheet_id
            assert (
                holding(sheet_id, b.criterion, {**coop, "cooperative_rating": "weak", "profit_growth_years": 0}) == []
            )


def test_finding_6_a_provincial_share_above_0_derives_a1_without_the_import_fact() -> None:
    seen = 0
    for sheet_id, sheet in sheets().items():
        for b in sheet.rules:
            if b.template == "raw_material_origin" and any(
                o.when == "all_imported_or_unknown" for o in b.options.values()
            ):
                assert len(holding(sheet_id, b.criterion, {"raw_material_province_pct": 60})) == 1, sheet_id
                assert holding(sheet_id, b.criterion, {"raw_material_province_pct": 0}) == [], sheet_id
                seen += 1
    assert seen >= 30


def test_finding_8_food_quality_management_needs_the_certificate_held_or_exempt() -> None:
    iso = {"quality_management_certification": "national"}
    for sheet_id, cid in (("2026/07", "C9"), ("2026/01", "C10"), ("2026/14", "C9")):
        assert holding(sheet_id, cid, {**iso, "facility_certificate_status": "held"}) == [2], sheet_id
        assert holding(sheet_id, cid, {**iso, "facility_certificate_status": "not_required"}) == [2], sheet_id
        assert holding(sheet_id, cid, {**iso, "facility_certificate": True}) == [2], sheet_id
        assert holding(sheet_id, cid, {**iso, "facility_certificate_status": "missing"}) == [], sheet_id
        assert holding(sheet_id, cid, iso) == [], sheet_id  # the duty not stated: the council


def test_finding_9_vietgap_and_organic_are_derived_from_the_area_certification() -> None:
    vn = {"raw_material_area_certification": "national", "facility_certificate_status": "held"}
    assert holding("148/01", "C10", {**vn, "quality_management_certification": "none"}) == [4]
    assert holding(
        "148/01", "C10", {**vn, "quality_management_certification": "international", "export_eligibility": True}
    ) == [5]
    for sheet_id in ("1048/01", "1048/02", "1048/04"):
        assert holding(sheet_id, "C10", {**vn, "export_eligibility": False}) == [5], sheet_id
        assert holding(sheet_id, "C10", {**vn, "export_eligibility": True}) == [6], sheet_id
    assert holding(
        "1048/04",
        "C10",
        {
            "quality_management_certification": "national",
            "facility_certificate_status": "held",
            "export_eligibility": False,
        },
    ) == [5]
    assert (
        holding(
            "1048/01",
            "C10",
            {
                "quality_management_certification": "national",
                "facility_certificate_status": "held",
                "export_eligibility": False,
            },
        )
        == []
    )


def test_finding_9_a_periodic_test_not_required_scores_the_maximum_where_the_title_says_so() -> None:
    assert holding("148/21", "C7", {"periodic_test_result": "not_required"}) == [3]
    assert holding("148/05", "C8.b", {"periodic_test_result": "not_required"}) == []
    assert ELISION.strip() == "[...]"


def test_purely_factual_wording_is_derived_accounting_energy_declaration() -> None:
    """Documents held and ranks the wording states outright (issue 9, "derived, or say why not")."""
    assert holding("1048/05", "A3.5", {"accounting": "on_demand"}) == [1]
    assert holding("1048/05", "A3.5", {"accounting": "regular"}) == [2]
    assert holding("1048/05", "A3.5", {"accounting": "system"}) == [3]
    assert holding("1048/26", "A3.5", {"accounting": "none"}) == []  # its lowest option says "có kế toán khi ..."
    assert holding("1048/26", "A3.5", {"accounting": "system"}) == [2]
    assert holding("148/05", "A3.đ", {"accounting": "on_demand"}) == []  # "theo quy định": the producer's duty
    assert holding("148/05", "A3.đ", {"accounting": "regular"}) == [2]
    energy, tech = "sustainable_energy", "sustainable_technology"
    assert holding("1048/05", "A1.6", {energy: True}) == [2]
    assert holding("1048/05", "A1.6", {energy: False, tech: True}) == [2]
    assert holding("1048/05", "A1.6", {energy: False, tech: False}) == [1]
    assert holding("1048/05", "A1.6", {energy: False}) == []
    assert holding("1048/05", "C8.1", {"quality_declaration": "declared_incomplete"}) == [2]
    assert holding("1048/05", "C8.1", {"quality_declaration": "standard_only"}) == [3]
    assert holding("1048/05", "C8.1", {"quality_declaration": "national_standard"}) == [4]
    assert holding("148/05", "C8.a", {"quality_declaration": "declared_incomplete"}) == []


def test_quality_control_documents_below_the_certifications_are_derived() -> None:
    """The lower rungs ("Không có hoạt động kiểm soát ...", "Có kế hoạch kiểm soát ...", "Có ghi hồ sơ lô sản
    xuất") are documents held; each rules out the certified rungs above it on its sheet."""
    held = {"facility_certificate_status": "held", "quality_management_certification": "none"}
    plan = "quality_control_plan"
    assert holding("148/05", "C9", {**held, plan: "none"}) == [1]
    assert holding("148/05", "C9", {**held, plan: "plan"}) == [2]
    assert holding("148/05", "C9", {**held, plan: "plan_with_traceability"}) == [3]
    assert holding("148/05", "C9", {**held, plan: "activities_only"}) == []
    iso = {**held, "quality_management_certification": "national"}
    assert holding("148/05", "C9", {**iso, plan: "plan_with_traceability"}) == [4]  # the certification is higher
    assert holding("148/05", "C9", {plan: "plan"}) == []  # the stop's duty not stated: the council
    no_export = {**held, "export_eligibility": False}
    assert holding("1048/05", "C9", {**no_export, plan: "none", "batch_records": False}) == [1]
    assert holding("1048/05", "C9", {**no_export, plan: "plan", "batch_records": False}) == [2]
    assert holding("1048/05", "C9", {**no_export, plan: "activities_only", "batch_records": True}) == [3]
    assert holding("1048/05", "C9", {**no_export, plan: "plan", "batch_records": True}) == [4]
    assert holding("1048/05", "C9", {**held, plan: "plan", "batch_records": True, "export_eligibility": True}) == [6]
    assert holding("2026/23", "C8", {plan: "plan_with_traceability"}) == [3]
    assert holding("148/23", "C8", {"quality_management_certification": "national", plan: "plan"}) == [4]


def test_the_herbal_standards_dossier_is_derived_rung_by_rung() -> None:
    """Herbal C6 "Có hồ sơ công bố tiêu chuẩn sản phẩm; tiêu chuẩn nguyên liệu/tiêu chuẩn bao bì; ...": documents."""
    declared = {"quality_declaration": "declared"}
    raw, pack, test = "raw_material_standard", "packaging_standard", "independent_test_report"
    assert holding("1048/20", "C6", {"quality_declaration": "none"}) == [1]
    assert holding("1048/20", "C6", {**declared, raw: False, pack: False}) == [2]
    assert holding("1048/20", "C6", {**declared, raw: False, pack: True, test: True}) == [3]  # "nguyên liệu/bao bì"
    assert holding("1048/20", "C6", {**declared, raw: True, pack: True, test: False}) == [3]
    assert holding("1048/20", "C6", {**declared, raw: True, pack: True, test: True}) == [4]
    assert holding("2026/20", "C6", {**declared, raw: True, test: False}) == [2]
    assert holding("2026/20", "C6", {**declared, raw: False, test: True}) == [1]
    assert holding("2026/20", "C6", {"quality_declaration": "standard_only"}) == [4]  # the stop
    assert holding("1048/22", "C6", {**declared, raw: False, pack: False}) == []  # no rung is worded for it
    assert holding("1048/22", "C6", {**declared, raw: True, pack: True, test: False}) == [2]
