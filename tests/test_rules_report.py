"""``ocop rules report``: points fully derived, partly derived and judged; every rule counted; why each is judged."""

from __future__ import annotations

import json

import pytest
from diagnostics_support import SHEET, diag_plugins

from scoring_core.cli.main import main
from scoring_core.cli.rules import coverage, report_data
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.sheets.judgement_reasons import UNCLASSIFIED, judgement_reason


@pytest.fixture(scope="module")
def installed() -> OcopPlugins:
    return OcopPlugins()


def test_totals_against_a_hand_count():
    (sheet,) = coverage(diag_plugins(), sheet=SHEET)
    # By hand from tests/diagnostics_support.py: A1.1 options 1, 3, 4 of 4 (partly, 20 points); A1.2 no rule
    # (judged, 20); B5.1 option 2 of 2 (partly, 10); B5.2 no rule (judged, 15); C6.1 options 2, 3 of 3 (partly,
    # 15); C6.2 options 1 and 2 of 2 (fully, 20).  Rules: 2 from the template binding, 7 of the plugin.
    assert (sheet.points("full"), sheet.points("partial"), sheet.points("judged")) == (20, 45, 35)
    assert (sheet.rules_template, sheet.rules_plugin, sheet.rules) == (2, 7, 9)
    by_id = {c.criterion: c for c in sheet.criteria}
    assert [(c.criterion, c.reason.key, c.reason.kind) for c in sheet.judged] == [
        ("A1.2", "packaging", "judgement"),
        ("B5.2", "sensory", "judgement"),
    ]
    assert (by_id["A1.1"].options, by_id["A1.1"].options_derived, by_id["A1.1"].rules) == (4, 3, 3)
    assert by_id["C6.2"].facts == ("diag_local_pct", "sustainable_technology")


def test_plugin_python_rules_are_counted(installed):
    from ocop_herbal.licences import licence_rules
    from ocop_rural_tourism.cases import case_rules

    for sheet_id, own in (("2026/26", case_rules), ("148/26", case_rules), ("2026/19", licence_rules)):
        (sheet,) = coverage(installed, sheet=sheet_id)
        entry = installed.sheet(sheet.regime, sheet_id)
        expected = len(own(entry.sheet))
        assert expected > 0 and sheet.rules_plugin == expected, sheet_id
        assert sheet.rules == len(entry.rules)


def test_every_sheet_adds_up_and_every_judged_criterion_has_a_specific_reason(installed):
    sheets = coverage(installed)
    assert len(sheets) == 70
    for sheet in sheets:
        assert sheet.points("full") + sheet.points("partial") + sheet.points("judged") == sheet.total == 100
        for c in sheet.judged:
            assert c.reason is not None and c.reason != UNCLASSIFIED, (sheet.sheet_id, c.criterion, c.title_vi)
    reasons = {c.reason.key for s in sheets for c in s.judged}
    assert {"sensory", "story", "packaging", "label", "design"} <= reasons


def test_the_reason_follows_what_the_wording_asks():
    counted = ["Không có hoạt động quảng bá sản phẩm", "Có 03 hoạt động quảng bá sản phẩm trở xuống"]
    vague = ["Không có hoạt động quảng bá", "Có một số hoạt động quảng bá"]
    assert judgement_reason("Quảng bá sản phẩm", counted).kind == "unbound"
    assert judgement_reason("Quảng bá sản phẩm", vague).kind == "judgement"
    assert judgement_reason("TÍNH ĐỘC ĐÁO (Chất lượng: màu sắc, mùi thơm)").key == "design"
    assert judgement_reason("Vị trí").key == "site_visit" and judgement_reason("Vị").key == "sensory"
    assert judgement_reason("CHỈ TIÊU CẢM QUAN (Kiểm tra theo tiêu chuẩn công bố)").key == "sensory"
    assert judgement_reason("Sử dụng năng lượng, công nghệ thân thiện bền vững trong SX").kind == "unbound"
    assert judgement_reason("Điều gì đó khác") == UNCLASSIFIED


def test_cli_report_text_and_json(capsys):
    assert main(["rules", "report", "--sheet", "2026/26"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2026/26 v") and "plugin" in text and "2026: 1 bộ tiêu chí (sheets)" in text
    assert main(["rules", "report", "--regime", "2026", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["sheets"]) == 26
    (regime,) = data["regimes"]
    assert regime["full"] == sum(s["points"]["full"] for s in data["sheets"])
    assert regime["rules_plugin"] == sum(s["rules_plugin"] for s in data["sheets"]) > 0
    assert regime["total"] == 2600
    judged = [c for s in data["sheets"] for c in s["criteria"] if c["derivation"] == "judged"]
    assert judged and all(c["reason"]["reason_vi"] and c["reason"]["reason_en"] for c in judged)


def test_report_data_matches_the_coverage(installed):
    sheets = coverage(installed, regime="148")
    data = report_data(sheets)
    assert [s["sheet_id"] for s in data["sheets"]] == [s.sheet_id for s in sheets]
    assert data["regimes"][0]["judged"] == sum(s.points("judged") for s in sheets)
