"""The core's fact catalogue and rule templates, and the bindings of the generated plugin sheets."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from scoring_core.rules.catalogue import CORE_FACTS
from scoring_core.rules.conditions import All, Any_, Compare
from scoring_core.rules.templates import CORE_TEMPLATES
from scoring_core.sheets.model import Sheet

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "ocop" / "sheets"
FACTS = {f.name: f for f in CORE_FACTS}
TEMPLATES = {t.name: t for t in CORE_TEMPLATES}
MISSING = object()

# Valid parameters covering every variant of every template (together they read all its facts).
EXAMPLES: dict[str, list[Any]] = {
    "raw_material_origin": [
        {"above": 0, "below": 50},
        {"min": 75, "not_all_imported": True},
        "all_imported_or_unknown",
    ],
    "commune_produce_share": [{"min": 50, "below": 75}],
    "raw_material_area_certification": ["none", ["national", "international"]],
    "linkage_contract": [{"basis": "output", "max": 0}, {"basis": "input", "above": 75, "months": {"min": 12}}],
    "environmental_records": ["records", "records_waste", "records_waste_packaging"],
    "sustainable_technology": [True, False],
    "sustainable_energy_or_technology": [True, False],
    "bilingual_label": [True],
    "legal_form": [{"forms": ["household", "farm"]}, {"forms": ["cooperative"], "joint_stock_capital": {"min": 51}}],
    "legal_representative": [{"any_of": ["woman", "ethnic_minority", "disability"]}, {"none_of": ["woman"]}],
    "local_labour_share": [{"scope": "commune", "min": 25, "below": 50}, {"scope": "district", "min": 75}],
    "accounting": [["none", "on_demand"], "regular", ["regular", "system"]],
    "profit_growth": [
        "coop_average_or_profit_1y",
        "coop_good_plus_or_profit_2y",
        "coop_average_else_profit_1y",
        "coop_good_else_profit_2y",
    ],
    "revenue_growth": [{"below": 10}, {"min": 10}],
    "intellectual_property": [
        "application_accepted",
        "registered",
        "registered_origin_sign",
        "registered_origin_sign_no_ip_title",
        "registered_origin_sign_ip_title",
    ],
    "ip_infringement": [True],
    "distribution_area": [
        {"top": "export_or_modern_channel_6_months"},
        {"reach": ["province"], "agents": {"min": 5}, "unless": "international_market"},
    ],
    "distribution_organisation": ["none", ["department", "department_it"]],
    "quality_declaration": ["declared", ["none", "standard_only"]],
    "standards_dossier": [
        "none",
        {"short_of": ["raw_material_standard|packaging_standard"]},
        {"requires": ["raw_material_standard", "independent_test_report"]},
        {"requires": ["raw_material_standard"], "short_of": ["raw_material_standard", "packaging_standard"]},
    ],
    "quality_assurance": [
        "food_safety_certificate",
        "quality_management",
        {"level": "quality_management_no_export", "compliant": True},
        "quality_management_no_export_dossier",
        "area_certified_no_export",
        "area_certified_national",
        "area_or_quality_management_no_export",
        "international_export",
        "export",
        "export_dossier",
        "no_certificate",
        "no_control",
        {"level": "no_control_no_batch", "below": ["export_dossier"], "compliant": True},
        {"level": "control_plan", "below": ["area_certified_national", "international_export"]},
        "control_plan_traceability",
        "control_plan_no_batch",
        {"level": "batch_records_no_plan", "below": ["area_or_quality_management_no_export", "export"]},
        {"level": "control_plan_batch", "below": ["quality_management_no_export"]},
    ],
    "periodic_testing": ["passed_full", ["none", "failed"], ["passed_full", "not_required"]],
    "nutrition_indicators": [{"max": 0}, {"min": 1, "max": 2}, {"above": 2}],
}

BAD: dict[str, list[Any]] = {
    "raw_material_origin": ["all_imported", {"min": "50"}, {"min": 50, "above": 50}, {"below": 101}, {}],
    "commune_produce_share": [{"min": 80, "below": 75}, {"min": 50, "below": 50}, {"minimum": 5}, 50, None],
    "raw_material_area_certification": ["vietgap", [], ["none", "none"], 3],
    "linkage_contract": [{"min": 50}, {"basis": "sales", "min": 50}, {"basis": "output", "months": {"min": 12}}],
    "environmental_records": ["none", True, ["records"]],
    "sustainable_technology": ["yes", 1, None],
    "sustainable_energy_or_technology": ["true", 0, None],
    "accounting": ["yearly", [], ["none", "none"]],
    "bilingual_label": ["true", 1],
    "legal_form": [
        {},
        {"forms": ["company"]},
        {"forms": ["joint_stock_company"], "joint_stock_capital": {"min": 51}},
        {"forms": ["farm", "farm"]},
        {"forms": "farm"},
    ],
    "legal_representative": [{}, {"any_of": []}, {"any_of": ["man"]}, {"any_of": ["woman"], "none_of": ["woman"]}],
    "local_labour_share": [{"min": 50}, {"scope": "province", "min": 50}, {"scope": "commune", "min": 150}],
    "profit_growth": ["good", 2, None],
    "revenue_growth": [{"min": 10, "max": 5}, {"from": 10}],
    "intellectual_property": ["trademark", ["registered"]],
    "ip_infringement": ["true", 0],
    "distribution_area": [
        {},
        {"top": "export_contract", "reach": ["commune"]},
        {"reach": []},
        {"reach": ["abroad"]},
        {"top": "anywhere"},
        {"reach": ["commune"], "agents": {"min": 2.5}},
        {"top": "export_contract", "unless": "export_contract"},
    ],
    "distribution_organisation": ["manager", ["person", "person"]],
    "quality_declaration": ["self_declared", ""],
    "standards_dossier": ["all", {"requires": ["label"]}, {"requires": ["raw_material_standard|"]}, {"with": []}],
    "quality_assurance": [
        "iso",
        {"level": "export", "extra": 1},
        {"level": "no_certificate", "compliant": True},
        {"compliant": True},
        {"level": "export", "compliant": "yes"},
        {"level": "no_control", "below": ["no_control"]},
        {"level": "control_plan", "below": ["export", "export"]},
    ],
    "periodic_testing": ["passed", [1]],
    "nutrition_indicators": [{"above": 1.5}, {"min": -1}, {"max": 2, "min": 3}],
}


def compares(cond: Compare | All | Any_) -> list[Compare]:
    """Every comparison inside a condition."""
    if isinstance(cond, Compare):
        return [cond]
    return [c for sub in (cond.all if isinstance(cond, All) else cond.any) for c in compares(sub)]


def check_types(cond: Compare | All | Any_) -> None:
    for c in compares(cond):
        spec = FACTS.get(c.fact)
        assert spec is not None, f"fact {c.fact} is not in CORE_FACTS"
        values = c.value if isinstance(c.value, list) else [c.value]
        if spec.type == "boolean":
            assert c.op in ("eq", "ne") and all(isinstance(v, bool) for v in values), c
        elif spec.type == "enum":
            assert c.op in ("eq", "ne", "in") and all(v in (spec.values or []) for v in values), c
        else:
            assert c.op in ("eq", "ne", "gt", "gte", "lt", "lte"), c
            for v in values:
                assert isinstance(v, (int, float)) and not isinstance(v, bool), c
                assert spec.minimum is None or v >= spec.minimum, c
                assert spec.maximum is None or v <= spec.maximum, c
                assert spec.type != "integer" or v == int(v), c


# --- templates and catalogue ----------------------------------------------------------------------
def test_every_template_has_examples_and_bad_params() -> None:
    assert set(EXAMPLES) == set(TEMPLATES) == set(BAD)
    assert len(TEMPLATES) == len(CORE_TEMPLATES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_reads_match_the_conditions(name: str) -> None:
    template = TEMPLATES[name]
    read: set[str] = set()
    for params in EXAMPLES[name]:
        cond = template.build(params)
        check_types(cond)
        read |= cond.facts()
    assert read == set(template.reads)
    assert template.reads == sorted(template.reads)
    assert template.meaning_vi and template.meaning_en


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_params_raise_value_error(name: str) -> None:
    for params in BAD[name]:
        with pytest.raises(ValueError, match=name):
            TEMPLATES[name].build(params)


def test_catalogue_is_typed_and_every_fact_is_read() -> None:
    names = [f.name for f in CORE_FACTS]
    assert len(names) == len(set(names))
    assert 25 <= len(names) <= 55
    read = set().union(*(t.reads for t in CORE_TEMPLATES))
    assert read == set(names), f"unused: {set(names) - read}, unknown: {read - set(names)}"
    for spec in CORE_FACTS:
        assert spec.meaning_vi and spec.meaning_en
        assert (spec.type == "enum") == bool(spec.values)
        if spec.unit == "%":
            assert spec.type == "number"


# --- generated sheets ---------------------------------------------------------------------------
@cache
def sheet_files() -> dict[str, tuple[Path, dict[str, Any]]]:
    files = sorted((REPO / "plugins").glob("*/ocop_*/sheets/*.json"))
    out = {}
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        out[data["sheet_id"]] = (path, data)
    return out


def all_bindings() -> list[tuple[str, dict[str, Any]]]:
    return [(sid, b) for sid, (_, data) in sorted(sheet_files().items()) for b in data["rules"]]


def test_all_78_sheets_are_generated_where_expected() -> None:
    files = sheet_files()
    assert len(files) == 78
    for path, data in files.values():
        sector = data["sector"]
        assert path.parent == REPO / "plugins" / sector / f"ocop_{sector}" / "sheets"
        assert path.name == f"{data['regime']}-{data['sheet_no']:02d}.json"
        assert data["version"] == 1 and isinstance(data["rules"], list)
        assert path.read_text("utf-8") == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        Sheet.model_validate(data)  # loads with the core's model


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference data not present")
def test_sheets_are_exactly_the_shared_ones_plus_version_and_rules() -> None:
    index = json.loads((SHARED / "index.json").read_text("utf-8"))
    files = sheet_files()
    for entry in index["sheets"]:
        shared = json.loads((SHARED / entry["file"]).read_text("utf-8"))
        _, data = files[entry["sheet_id"]]
        assert {k: v for k, v in data.items() if k not in ("version", "rules")} == shared


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference data not present")
def test_importer_is_deterministic_and_files_are_up_to_date(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "import_sheets.py"), str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for path, _ in sheet_files().values():
        fresh = tmp_path / path.relative_to(REPO / "plugins")
        assert fresh.read_bytes() == path.read_bytes(), f"{path} is stale: re-run tools/import_sheets.py"


def test_bindings_name_real_criteria_options_and_templates() -> None:
    for sid, binding in all_bindings():
        sheet = Sheet.model_validate(sheet_files()[sid][1])
        crit = sheet.criteria_by_id.get(binding["criterion"])
        assert crit is not None, (sid, binding)
        case = binding.get("case")
        assert case in crit.cases, (sid, binding["criterion"], case)
        template = TEMPLATES[binding["template"]]
        assert binding["options"], (sid, binding)
        for n, bound in binding["options"].items():
            assert set(bound) == {"when", "quote"}, (sid, binding["criterion"], n)
            assert crit.option(case, int(n)) is not None, (sid, binding["criterion"], n)
            cond = template.build(bound["when"])
            check_types(cond)
            assert cond.facts() <= set(template.reads)


def contradictory(facts: dict[str, Any]) -> bool:
    """Facts that cannot all be true (implications the fact catalogue declares, diagnosed as contradictions
    when a product states them): a provincial share above 0 with "all imported or unknown"; the old
    ``facility_certificate`` held with a status saying it is missing."""
    return (
        facts.get("raw_material_all_imported_or_unknown") is True and facts.get("raw_material_province_pct", 0) > 0
    ) or (facts.get("facility_certificate") is True and facts.get("facility_certificate_status") == "missing")


def _candidates(name: str, conds: list[Compare | All | Any_]) -> list[Any]:
    spec = FACTS[name]
    if spec.type == "boolean":
        return [True, False, MISSING]
    if spec.type == "enum":
        return [*(spec.values or []), MISSING]
    consts = {c.value for cond in conds for c in compares(cond) if c.fact == name}
    points = {0, 100} | {spec.minimum or 0} | ({spec.maximum} if spec.maximum is not None else set())
    for c in consts:
        points |= {c - 1, c - 0.5, c, c + 0.5, c + 1}
    low = spec.minimum if spec.minimum is not None else float("-inf")
    high = spec.maximum if spec.maximum is not None else float("inf")
    points = {p for p in points if low <= p <= high and (spec.type != "integer" or p == int(p))}
    return [*sorted(points), MISSING]


def _fact_sets(names: list[str], conds: list[Compare | All | Any_]):
    grids = [_candidates(n, conds) for n in names]
    total = 1
    for g in grids:
        total *= len(g)
    combos = itertools.product(*grids)
    if total > 60000:
        rng = random.Random(1048)
        combos = ([rng.choice(g) for g in grids] for _ in range(60000))
    for combo in combos:
        yield {n: v for n, v in zip(names, combo, strict=True) if v is not MISSING}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_options_of_one_criterion_are_mutually_exclusive(template: str) -> None:
    seen: set[str] = set()
    for sid, binding in all_bindings():
        if binding["template"] != template:
            continue
        key = json.dumps(binding["options"], sort_keys=True)
        if key in seen:  # the same parameters on another sheet: already checked
            continue
        seen.add(key)
        built = {n: TEMPLATES[template].build(p["when"]) for n, p in binding["options"].items()}
        reached: set[str] = set()
        read = sorted(set().union(*(cond.facts() for cond in built.values())))
        for facts in _fact_sets(read, list(built.values())):
            if contradictory(facts):
                continue
            holding = [n for n, cond in built.items() if cond.holds(facts)]
            assert len(holding) <= 1, (sid, binding["criterion"], holding, facts)
            reached.update(holding)
        assert reached == set(built), (sid, binding["criterion"], "never derived:", set(built) - reached)


def test_generated_bindings_cover_every_template() -> None:
    used = {b["template"] for _, b in all_bindings()}
    assert used == set(TEMPLATES)


# --- hand-checked spot tests --------------------------------------------------------------------
def option_for(sheet_id: str, criterion: str, facts: dict[str, Any], case: int | None = None) -> list[int]:
    """The option numbers whose bound condition holds for these facts."""
    data = sheet_files()[sheet_id][1]
    [binding] = [b for b in data["rules"] if b["criterion"] == criterion and b.get("case") == case]
    template = TEMPLATES[binding["template"]]
    return [int(n) for n, p in binding["options"].items() if template.build(p["when"]).holds(facts)]


def effect(sheet_id: str, criterion: str, n: int) -> str | None:
    sheet = Sheet.model_validate(sheet_files()[sheet_id][1])
    option = sheet.criteria_by_id[criterion].option(None, n)
    assert option is not None
    return option.effect


def test_spot_2026_07_local_labour_commune() -> None:
    # 1: "từ 25% đến dưới 50%"; 2: "từ 50% đến 75%"; 3: "≥ 75%" -> 75 goes to option 3
    labour = "local_labour_commune_pct"
    assert option_for("2026/07", "A3.3", {labour: 60}) == [2]
    assert option_for("2026/07", "A3.3", {labour: 75}) == [3]
    assert option_for("2026/07", "A3.3", {labour: 50}) == [2]
    assert option_for("2026/07", "A3.3", {labour: 25}) == [1]
    assert option_for("2026/07", "A3.3", {labour: 24.9}) == []
    assert option_for("2026/07", "A3.3", {"local_labour_district_pct": 90}) == []  # wrong scope


def test_spot_2026_07_raw_material_knockout() -> None:
    imported = "raw_material_all_imported_or_unknown"
    assert option_for("2026/07", "A1.1", {imported: True}) == [4]
    assert effect("2026/07", "A1.1", 4) == "eliminate"
    # contradictory facts (80% from the province, yet "all imported"): both fire; the knock-out outranks,
    # and the contradiction is diagnosed by the evaluation (the implication lives in the fact catalogue)
    assert option_for("2026/07", "A1.1", {imported: True, "raw_material_province_pct": 80}) == [3, 4]
    assert option_for("2026/07", "A1.1", {imported: False, "raw_material_province_pct": 80}) == [3]
    assert option_for("2026/07", "A1.1", {imported: False, "raw_material_province_pct": 30}) == [1]
    # "Có sử dụng ... nhưng có tỷ lệ dưới 50%": using none at all is not option 1
    assert option_for("2026/07", "A1.1", {imported: False, "raw_material_province_pct": 0}) == []


def test_spot_148_and_1048_raw_material() -> None:
    pct, imported = "raw_material_province_pct", "raw_material_all_imported_or_unknown"
    # 1048/01 (fresh produce) prints no knock-out: "dưới 50%" includes none from the province
    assert option_for("1048/01", "A1.1", {pct: 0}) == [1]
    assert option_for("1048/01", "A1.1", {pct: 100}) == [3]
    assert option_for("1048/04", "A1.1", {imported: True}) == [4]
    assert effect("1048/04", "A1.1", 4) == "eliminate"
    assert option_for("148/05", "A1.a", {imported: False, pct: 74.9}) == [2]
    assert option_for("148/05", "A1.a", {imported: True}) == [4]
    assert option_for("148/05", "A1.a", {pct: 74.9}) == [2]  # a share above 0 rules out "all imported"


def test_spot_148_01_district_labour_and_commune_produce() -> None:
    assert option_for("148/01", "A3.c", {"local_labour_district_pct": 60}) == [1]
    assert option_for("148/01", "A3.c", {"local_labour_district_pct": 75}) == [2]
    assert option_for("148/01", "A3.c", {"local_labour_district_pct": 40}) == []
    assert option_for("148/01", "A3.c", {"local_labour_commune_pct": 90}) == []
    assert option_for("148/01", "A1.a", {"produce_commune_pct": 0}) == [1]
    assert option_for("148/01", "A1.a", {"produce_commune_pct": 100}) == [3]


def test_spot_linkage_contracts() -> None:
    out, months = "linkage_contract_output_pct", "linkage_contract_months"
    assert option_for("2026/07", "A1.5", {out: 80, months: 12}) == [4]
    assert option_for("2026/07", "A1.5", {out: 80, months: 6}) == [3]
    assert option_for("2026/07", "A1.5", {out: 75, months: 24}) == []  # "trên 75%": 75 is not above
    assert option_for("2026/07", "A1.5", {out: 0}) == [1]
    # 148 processing sheets count the raw-material input, not the output
    assert option_for("148/05", "A1.d", {out: 80, months: 12}) == []
    assert option_for("148/05", "A1.d", {"linkage_contract_input_pct": 60}) == [2]


def test_spot_legal_form_and_growth() -> None:
    assert option_for("2026/07", "A3.1", {"legal_form": "cooperative"}) == [3]
    assert option_for("2026/07", "A3.1", {"legal_form": "joint_stock_company", "community_capital_pct": 51}) == [3]
    assert option_for("2026/07", "A3.1", {"legal_form": "joint_stock_company", "community_capital_pct": 50}) == [2]
    assert option_for("2026/07", "A3.1", {"legal_form": "llc_single_member"}) == [2]
    assert option_for("148/05", "A3.a", {"legal_form": "llc_single_member"}) == [1]
    assert option_for("148/05", "A3.a", {"legal_form": "llc_multi_member"}) == [2]
    assert option_for("1048/05", "A3.1", {"legal_form": "farm"}) == []  # not listed in 1048
    coop = {"legal_form": "cooperative"}
    assert option_for("2026/07", "A3.4", {**coop, "cooperative_rating": "good", "profit_growth_years": 0}) == [2]
    assert option_for("2026/07", "A3.4", {**coop, "cooperative_rating": "average", "profit_growth_years": 3}) == [2]
    assert option_for("2026/07", "A3.4", {"legal_form": "farm", "profit_growth_years": 1}) == [1]
    assert option_for("148/05", "A3.d", {**coop, "cooperative_rating": "average", "profit_growth_years": 5}) == [1]
    assert option_for("148/05", "A3.d", {**coop, "cooperative_rating": "excellent"}) == [2]  # "tốt" ranks above "khá"
    assert option_for("1048/05", "A3.4", {"revenue_growth_pct": -5}) == [1]
    assert option_for("1048/26", "A3.4", {"revenue_growth_pct": -5}) == []  # "Có tăng trưởng"


def test_spot_representative_and_ip() -> None:
    rep = {"representative_woman": False, "representative_ethnic_minority": False}
    assert option_for("2026/07", "A3.2", {**rep, "representative_disability": True}) == [2]
    assert option_for("2026/07", "A3.2", {**rep, "representative_disability": False}) == [1]
    assert option_for("148/05", "A3.b", {**rep, "representative_disability": True}) == [1]
    registered = {"trademark_status": "registered"}
    assert option_for("2026/07", "A3.5", {**registered, "origin_sign": False}) == [1]
    assert option_for("2026/07", "A3.5", {**registered, "origin_sign": True, "ip_title": True}) == [3]
    assert option_for("148/05", "A3.e", {**registered, "origin_sign": True, "ip_title": True}) == [2]
    assert option_for("148/05", "A3.e", {"trademark_status": "application_accepted"}) == []


def test_spot_distribution() -> None:
    none = {"export_contract": False, "modern_channel_contract": False}
    assert option_for("2026/07", "B4.1", {"export_contract": True}) == [4]
    assert option_for("2026/07", "B4.1", {**none, "market_reach": "commune"}) == [1]
    assert option_for("2026/07", "B4.1", {**none, "market_reach": "national", "distribution_agents": 5}) == [3]
    six = {**none, "modern_channel_contract": True, "market_reach": "province", "distribution_agents": 2}
    assert option_for("148/05", "B4.a", {**six, "modern_channel_months": 3}) == [2]
    assert option_for("148/05", "B4.a", {**six, "modern_channel_months": 6}) == [4]
    assert option_for("1048/05", "B4.1", {"market_reach": "international"}) == [4]
    # 2026 ornamental: "ngoài thị trường cấp xã" / "trong địa bàn cấp tỉnh" are left to judgement
    assert option_for("2026/24", "B4.1", {"export_contract": False, "market_reach": "province"}) == []
    assert option_for("2026/24", "B4.1", {"export_contract": False, "market_reach": "national"}) == [4]
    assert option_for("2026/07", "B4.2", {"distribution_organisation": "department_it"}) == [4]


def test_spot_quality() -> None:
    cert = {"facility_certificate": True}
    assert option_for("2026/07", "C9", {**cert, "quality_management_certification": "none"}) == [1]
    intl = {**cert, "quality_management_certification": "international"}
    assert option_for("2026/07", "C9", {**intl, "export_eligibility": True}) == [3]
    assert option_for("2026/07", "C9", {**intl, "export_eligibility": False}) == [2]
    assert option_for("148/05", "C9", {"facility_certificate_status": "missing"}) == [6]
    assert option_for("148/05", "C9", {"facility_certificate_status": "not_required"}) == []  # exempt: no stop
    assert option_for("148/05", "C9", {"facility_certificate": False}) == []  # "not held" alone says neither
    assert effect("148/05", "C9", 6) == "stop"
    assert option_for("1048/05", "C9", {**cert, "export_eligibility": True}) == [6]
    assert option_for("2026/07", "C8", {"quality_declaration": "national_standard"}) == [2]
    assert option_for("148/05", "C8.a", {"quality_declaration": "international_standard"}) == [3]
    # 2026/19 C6 option 5 "Không có Phiếu công bố sản phẩm mỹ phẩm": the herbal plugin's licence fact, not
    # the food-style declaration (finding 1)
    [c6] = [b for b in sheet_files()["2026/19"][1]["rules"] if b["criterion"] == "C6"]
    assert "5" not in c6["options"] and c6["template"] == "standards_dossier"
    assert option_for("2026/20", "C6", {"quality_declaration": "none"}) == [4]
    assert effect("2026/20", "C6", 4) == "stop"
    assert option_for("148/05", "C8.b", {"periodic_test_result": "passed_partial"}) == [2]
    assert option_for("2026/01", "C7", {"nutrition_indicators": 0}) == [1]
    assert option_for("2026/01", "C7", {"nutrition_indicators": 2}) == [2]
    assert option_for("2026/01", "C7", {"nutrition_indicators": 3}) == [3]


def test_judgement_criteria_stay_unbound() -> None:
    for sid in ("2026/07", "148/05", "1048/05"):
        bound = {b["criterion"] for b in sheet_files()[sid][1]["rules"]}
        sheet = Sheet.model_validate(sheet_files()[sid][1])
        sensory = {c.id for p, g, c in sheet.criteria() if g.id in ("C6", "C7", "B5")}
        assert not bound & sensory
