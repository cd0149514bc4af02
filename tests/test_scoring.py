"""Breakdown semantics on a small sheet with every feature: knock-outs, story-only, branches, gates."""

from datetime import date
from decimal import Decimal

import pytest
from sheet_builders import feature_sheet

from scoring_core.rules.engine import Firing
from scoring_core.scoring.breakdown import score_product
from scoring_core.scoring.ranking import GatePolicy, final_star, recognition
from scoring_core.scoring.request import Judgement
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.regimes import regimes

SHEET = Sheet.model_validate(feature_sheet())
REGIME = regimes()["2026"]


def judged(**options):
    out = {}
    for cid, value in options.items():
        cid = cid.replace("_", ".")
        out[cid] = Judgement(case=value[0], option=value[1]) if isinstance(value, tuple) else Judgement(option=value)
    return out


def scored(firings=(), judgements=None, **options):
    """The pipeline's own walk (``score_product``) on the feature sheet."""
    return score_product(SHEET, firings, judged(**options) if judgements is None else judgements, "Hội đồng")


def run(firings=(), **options):
    result = scored(firings, **options)
    lines = {x.criterion: x for x in result.lines}
    return lines, (result.knockouts[0] if result.knockouts else None), result.parts


def gates_of(**options):
    return scored(**options).gates


def test_everything_best_scores_100_and_five_stars():
    _, ko, parts = run(A1_1=3, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    total = sum(parts.values())
    assert (total, ko) == (Decimal(100), None)
    gates = gates_of(A1_1=3, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    assert gates == [] and final_star(REGIME, total, gates) == 5


def test_story_only_criterion_is_not_applicable_without_a_story():
    lines, _, _ = run(A1_1=3, A1_2=(1, 2), B5_1=1, B5_2=2, C6_1=2, C6_2=2)
    assert lines["B5.2"].status == "not_applicable" and lines["B5.2"].points == 0
    assert "câu chuyện" in lines["B5.2"].reason_vi


def test_criterion_gate_fails_when_not_answered_with_points():
    _, _, parts = run(A1_1=3, A1_2=(1, 2), B5_1=1, C6_1=2, C6_2=2)
    gates = gates_of(A1_1=3, A1_2=(1, 2), B5_1=1, C6_1=2, C6_2=2)
    assert [(g.criterion, g.star) for g in gates] == [("B5.2", 3)]
    assert final_star(REGIME, sum(parts.values()), gates) == 2  # 75 points, but no 3★ gate met


def test_option_gates_are_cumulative_and_every_failed_gate_is_listed():
    _, _, parts = run(A1_1=1, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    total = sum(parts.values())
    gates = gates_of(A1_1=1, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    assert total == 85
    assert [(g.criterion, g.star, g.required_points) for g in gates] == [("A1.1", 4, 10), ("A1.1", 5, 20)]
    assert final_star(REGIME, total, gates) == 3


def test_band_reached_but_gate_missed_policy_no_recognition():
    _, _, parts = run(A1_1=1, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    gates = gates_of(A1_1=1, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    assert final_star(REGIME, sum(parts.values()), gates, GatePolicy.NO_RECOGNITION) == 2


def test_branch_gate_applies_only_to_the_case_scored():
    assert gates_of(A1_1=3, A1_2=(2, 1), B5_1=2, B5_2=2, C6_1=2, C6_2=2) == []
    gates = gates_of(A1_1=3, A1_2=(1, 1), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    assert [(g.criterion, g.star) for g in gates] == [("A1.2", 4)]


def test_eliminate_keeps_scoring_but_names_the_criterion():
    lines, ko, parts = run(A1_1=4, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=2, C6_2=2)
    assert ko is not None and (ko.criterion, ko.kind) == ("A1.1", "eliminate")
    assert "A1.1" in ko.reason_en and "Bị loại" in ko.reason_vi
    assert sum(parts.values()) == 80 and lines["C6.2"].status == "scored"


def test_stop_ends_the_evaluation_there():
    lines, ko, parts = run(A1_1=3, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=3, C6_2=2)
    assert ko is not None and (ko.criterion, ko.kind) == ("C6.1", "stop")
    assert lines["C6.2"].status == "not_evaluated" and lines["C6.2"].points == 0
    assert "C6.1" in lines["C6.2"].reason_en
    assert sum(parts.values()) == 65


def test_every_knockout_is_kept_in_order():
    lines, knockouts = scored(A1_1=4, A1_2=(1, 2), B5_1=2, B5_2=2, C6_1=3, C6_2=2)[:2]
    assert [(k.criterion, k.kind) for k in knockouts] == [("A1.1", "eliminate"), ("C6.1", "stop")]
    assert lines[-1].status == "not_evaluated"


def test_missing_answer_is_not_assessed():
    lines, _, _ = run(A1_1=3)
    assert lines["C6.2"].status == "not_assessed" and lines["C6.2"].source.kind == "none"


def firing(cid, option, case=None):
    return Firing(
        rule=f"{cid}#{case or 0}/{option}",
        criterion=cid,
        case=case,
        option=option,
        origin="template:test",
        facts_read={"x": 1},
    )


def test_rule_choice_records_the_rule_and_facts():
    lines, _, _ = run([firing("A1.1", 2)])
    assert lines["A1.1"].source.kind == "rule" and lines["A1.1"].source.facts_read == {"x": 1}
    assert lines["A1.1"].points == 10


def test_judgement_without_reason_does_not_override_a_rule():
    line = scored([firing("A1.1", 2)], {"A1.1": Judgement(option=3, by="B")}).lines[0]
    assert (line.criterion, line.option, line.source.kind) == ("A1.1", 2, "rule")
    assert line.conflict.winner == "rule" and line.conflict.judgement_option == 3


def test_judgement_with_reason_overrides_and_both_are_shown():
    line = scored([firing("A1.1", 2)], {"A1.1": Judgement(option=3, by="B", reason="hồ sơ mới")}).lines[0]
    assert (line.criterion, line.option, line.source.by) == ("A1.1", 3, "B")
    assert line.conflict.rule_option == 2 and line.conflict.winner == "judgement"


def test_knockout_firing_wins_over_other_firings():
    result = scored([firing("A1.1", 3), firing("A1.1", 4)], {})
    assert result.lines[0].option == 4 and [k.criterion for k in result.knockouts] == ["A1.1"]


@pytest.mark.parametrize(
    ("day", "until"), [(date(2026, 10, 15), date(2029, 10, 14)), (date(2028, 2, 29), date(2031, 2, 27))]
)
def test_recognition_lasts_36_months(day, until):
    rec = recognition(REGIME, 4, day)
    assert rec is not None and rec.valid_until == until and rec.level == "province"
    assert recognition(REGIME, 2, day) is None


def test_shared_sources_keep_fact_types_apart_and_take_unhashable_values():
    """Equal sources and lines are shared across products; 1, 1.0 and True stay different facts."""
    seen = []
    for value in (1, True, 1.0, 1, [1, 2]):
        read = Firing("A1.1#0/2", "A1.1", None, 2, "template:test", {"x": value})
        line = scored([read], {}).lines[0]
        assert line.source.facts_read == {"x": value} and type(line.source.facts_read["x"]) is type(value)
        seen.append(line)
    assert seen[0] is seen[3]  # the same rule on the same facts: one shared line
    assert len({id(x) for x in seen[:3]}) == 3


def test_failed_gate_points_read_as_given():
    """The gate cache keeps 5 and 5.0 apart: each failed gate shows the points as they were given."""
    from scoring_core.scoring.ranking import failed_gates

    for points in (Decimal(5), Decimal("5.0"), Decimal(5), 5):
        gates = [g for g in failed_gates(SHEET, {"A1.1": points}, {}) if g.criterion == "A1.1"]
        assert [(g.criterion, g.star, str(g.points)) for g in gates] == [
            ("A1.1", 4, str(points)),
            ("A1.1", 5, str(points)),
        ]
        assert gates[0].reason_en.endswith(f"it has {points}")


@pytest.mark.parametrize("example", ["2026-eliminated.yaml", "2026-processed-food.yaml", "2026-gate-missed.yaml"])
def test_derived_values_are_computed_and_stored_records_read_back(example):
    """total, recognised and eliminated are computed from parts, final star and knock-outs; the JSON keeps
    them, and a stored result (which holds them) reads back equal."""
    from pathlib import Path

    import yaml

    from scoring_core.scoring.evaluation import Evaluation
    from scoring_core.scoring.pipeline import Scorer
    from scoring_core.scoring.request import ScoreRequest

    path = Path(__file__).resolve().parents[1] / "examples" / example
    ev = Scorer().score(ScoreRequest.parse(yaml.safe_load(path.read_text("utf-8"))))
    assert ev.total == sum(ev.parts.values()) and isinstance(ev.total, Decimal)
    assert ev.recognised == (ev.final_star is not None and ev.final_star >= 3)
    assert ev.eliminated == bool(ev.knockouts) == (example == "2026-eliminated.yaml")
    stored = ev.model_dump(mode="json")
    assert (stored["total"], stored["recognised"], stored["eliminated"]) == (
        str(ev.total),
        ev.recognised,
        ev.eliminated,
    )
    again = Evaluation.model_validate(stored)
    assert again == ev and again.model_dump(mode="json") == stored
