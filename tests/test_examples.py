"""Every example product file, through the real CLI, against hand checks and the reference evaluator."""

import json
from pathlib import Path

import pytest
import yaml
from reference_eval import evaluate

from scoring_core.cli.main import main
from scoring_core.plugins.manager import OcopPlugins

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(EXAMPLES.glob("*.yaml"))

# Totals and stars worked out by hand from the sheets (see the comments in each file).
HAND_CHECKED = {
    "2026-processed-food.yaml": ("75", {"A": "34", "B": "17", "C": "24"}, 4, 4, []),
    "2026-gate-missed.yaml": ("80", {"A": "34", "B": "20", "C": "26"}, 4, 3, [("A2.1", 4)]),
    "2026-eliminated.yaml": ("72", {"A": "31", "B": "17", "C": "24"}, 4, None, [("A1.1", 3)]),
    "2026-tea.yaml": ("98", {"A": "40", "B": "25", "C": "33"}, 5, 5, []),
}


def score_json(path: Path, capsys) -> dict:
    assert main(["score", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_example_matches_the_reference_evaluator(path, capsys):
    got = score_json(path, capsys)
    entry = OcopPlugins().sheet(got["regime"], got["sheet"])
    raw = yaml.safe_load(path.read_text("utf-8"))
    rules = [
        {"criterion": r.criterion, "case": r.case, "option": r.option, "when": r.when.model_dump(mode="json")}
        for r in entry.rules
    ]
    judgements = {k: v if isinstance(v, dict) else {"option": v} for k, v in raw["judgements"].items()}
    want = evaluate(entry.sheet.model_dump(mode="json"), rules, raw["facts"], judgements)
    for key in ("total", "parts", "band_star", "final_star", "recognised", "eliminated"):
        assert got[key] == want[key], key
    assert sorted((g["criterion"], g["star"]) for g in got["failed_gates"]) == sorted(
        (g["criterion"], g["star"]) for g in want["failed_gates"]
    )
    for line in got["breakdown"]:
        assert line["points"] == want["breakdown"][line["criterion"]]["points"], line["criterion"]
        assert {"criterion", "option", "points", "max", "source"} <= line.keys()


@pytest.mark.parametrize("name", sorted(HAND_CHECKED))
def test_example_matches_the_hand_check(name, capsys):
    total, parts, band, final, gates_at_or_below_band = HAND_CHECKED[name]
    got = score_json(EXAMPLES / name, capsys)
    assert (got["total"], got["parts"], got["band_star"], got["final_star"]) == (total, parts, band, final)
    low = [(g["criterion"], g["star"]) for g in got["failed_gates"] if g["star"] <= band]
    assert low == gates_at_or_below_band


def test_eliminated_example_is_not_ranked_and_says_why(capsys):
    got = score_json(EXAMPLES / "2026-eliminated.yaml", capsys)
    assert got["eliminated"] and got["final_star"] is None and not got["recognised"]
    assert got["knockout"]["criterion"] == "A1.1" and got["knockout"]["kind"] == "eliminate"


def test_every_rule_choice_shows_the_rule_and_the_facts_it_read(capsys):
    got = score_json(EXAMPLES / "2026-processed-food.yaml", capsys)
    a33 = next(x for x in got["breakdown"] if x["criterion"] == "A3.3")
    assert a33["source"].startswith("rule:") and a33["source_detail"]["facts_read"] == {"local_labour_commune_pct": 70}
    c7 = next(x for x in got["breakdown"] if x["criterion"] == "C7")
    assert c7["source"] == "judgement:Nguyễn Văn A"


def test_unavailable_sheet_is_refused_with_its_reason(capsys):
    assert main(["score", str(EXAMPLES / "unavailable" / "148-tea.yaml")]) == 2
    err = capsys.readouterr().err
    assert "148/11" in err and "part C" in err and "không sử dụng được" in err


def test_table_output_reads_as_a_score_sheet(capsys):
    assert main(["score", str(EXAMPLES / "2026-gate-missed.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Tổng điểm (total)" in out and "3★" in out and "A2.1" in out
