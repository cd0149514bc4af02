"""Missing facts, implied facts and contradictions: in the core, over gRPC and in the CLI; GetSheet facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from diagnostics_support import DiagPlugin, diag_plugins, diag_product
from grpc_support import ENGINE, start

from scoring_core.api.ocop.v1 import criteria_pb2, criteria_pb2_grpc, scoring_pb2
from scoring_core.cli.main import main
from scoring_core.client import OcopClient, summary
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.conditions import all_of, any_of, fact, undecided
from scoring_core.rules.facts import Implication, complete
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.service.evaluations import _evaluation_message_built, evaluation_message

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(diag_plugins(), ENGINE)


def score(scorer: Scorer, facts: dict, judgements: dict | None = None):
    return scorer.score(ScoreRequest.parse(diag_product(facts, judgements)))


def lines(ev) -> dict:
    return {x.criterion: x for x in ev.breakdown}


# -- implications ------------------------------------------------------------------------------------
def test_implication_completes_a_fact_a_rule_reads(scorer):
    ev = score(scorer, {"diag_local_pct": 60})
    b51 = lines(ev)["B5.1"]
    assert (b51.option, b51.source.facts_read) == (2, {"diag_all_imported": False})
    assert [(i.fact, i.value, i.implication) for i in ev.implied_facts] == [
        ("diag_all_imported", False, "diag_local_not_all_imported")
    ]
    assert not ev.flagged and not ev.conflicts


def test_complete_never_replaces_a_given_fact_and_chains():
    a = Implication(name="a", when=fact("x", "gt", 0), then="y", value=True, meaning_vi="a", meaning_en="a")
    b = Implication(name="b", when=fact("y", "eq", True), then="z", value=1, meaning_vi="b", meaning_en="b")
    assert complete([b, a], {"x": 5}) == ({"x": 5, "y": True, "z": 1}, [])
    assert complete([a, b], {"x": 5, "y": False}) == ({"x": 5, "y": False}, [a])
    assert complete([a], {"x": 0}) == ({"x": 0}, [])


def test_a_province_share_above_zero_derives_a11_on_a_real_sheet():
    data = yaml.safe_load((ROOT / "examples" / "2026-processed-food.yaml").read_text("utf-8"))
    del data["facts"]["raw_material_all_imported_or_unknown"]
    data["facts"]["raw_material_province_pct"] = 60
    ev = Scorer().score(ScoreRequest.parse(data))
    assert lines(ev)["A1.1"].option == 2 and not ev.flagged
    assert [i.fact for i in ev.implied_facts] == ["raw_material_all_imported_or_unknown"]


def test_an_implication_on_unknown_facts_or_with_a_bad_value_is_refused():
    class Bad:
        from scoring_core.plugins.hookspecs import hookimpl

        @hookimpl
        def ocop_implications(self):
            return [
                Implication(name="u", when=fact("nope", "gt", 0), then="bilingual_label", value=True, meaning_vi="u",
                            meaning_en="u"),
                Implication(name="v", when=fact("bilingual_label", "eq", True), then="legal_form", value="moon",
                            meaning_vi="v", meaning_en="v"),
            ]  # fmt: skip

    plugins = OcopPlugins(allow={"core"}, block=set(), extra={"bad": Bad()})
    refusals = " ".join(plugins.refusals)
    assert "implication 'u': unknown facts ['nope']" in refusals
    assert "implication 'v': value 'moon' of legal_form" in refusals
    assert sorted(i.name for i in plugins.implications()) == [
        "missing_facility_certificate_not_held",
        "provincial_raw_material_not_all_imported",
    ]


# -- contradictions ----------------------------------------------------------------------------------
def test_violated_implication_and_disagreeing_rules_do_not_eliminate(scorer):
    ev = score(scorer, {"diag_local_pct": 60, "diag_all_imported": True})
    assert not ev.eliminated and not ev.knockouts and ev.flagged
    (implication,) = ev.conflicts  # A1.1's options 3 and 4 beside each other are no second conflict
    assert (implication.kind, implication.implication, implication.criteria) == (
        "implication",
        "diag_local_not_all_imported",
        ["A1.1", "B5.1", "C6.2"],
    )
    assert implication.facts == {"diag_all_imported": True, "diag_local_pct": 60}
    a11 = lines(ev)["A1.1"]
    assert (a11.status, a11.option, a11.points) == ("not_assessed", None, 0)
    assert "option 4" in a11.reason_en and "diag_local_pct" in a11.reason_en and "mâu thuẫn" in a11.reason_vi


def test_a_judgement_decides_a_criterion_whose_knockout_is_set_aside(scorer):
    ev = score(scorer, {"diag_local_pct": 60, "diag_all_imported": True}, {"A1.1": 3})
    a11 = lines(ev)["A1.1"]
    assert (a11.status, a11.option, a11.source.kind, a11.conflict) == ("scored", 3, "judgement", None)
    assert not ev.eliminated and ev.flagged


def test_a_stop_beside_another_option_of_its_criterion_stops_unflagged(scorer):
    """The stop's words state what the criterion presumes ("Không có giấy phép ..."): a product that
    holds the certificate of option 2 but lacks the licence is stopped, and nothing contradicts."""
    ev = score(scorer, {"diag_cert": True, "diag_stop": True, "sustainable_technology": False})
    assert ev.eliminated and not ev.flagged and not ev.conflicts
    assert ev.knockout.criterion == "C6.1" and lines(ev)["C6.1"].option == 3
    assert lines(ev)["C6.2"].status == "not_evaluated"


def test_disagreeing_rules_without_knockout_keep_the_best_option_and_flag(scorer):
    ev = score(scorer, {"diag_local_pct": 60, "sustainable_technology": True})
    c62 = lines(ev)["C6.2"]
    assert (c62.option, c62.points, c62.source.rule) == (2, 20, "C6.2#0/2")
    (conflict,) = ev.conflicts
    assert conflict.rules == ["C6.2#0/1:diagtest", "C6.2#0/2"] and ev.flagged


def test_a_knockout_on_uncontradicted_facts_still_eliminates(scorer):
    ev = score(scorer, {"diag_all_imported": True, "diag_cert": True})
    assert ev.eliminated and ev.knockout.criterion == "A1.1" and not ev.flagged
    ev = score(scorer, {"diag_stop": True, "diag_local_pct": 60, "diag_all_imported": True})
    assert ev.knockout.criterion == "C6.1"  # the violation does not touch C6.1's facts
    assert lines(ev)["A1.1"].status == "not_assessed" and ev.flagged


def test_a_judgement_against_a_rule_keeps_todays_behaviour(scorer):
    ev = score(scorer, {"diag_local_pct": 60}, {"A1.1": 1})
    a11 = lines(ev)["A1.1"]
    assert (a11.option, a11.conflict.winner) == (3, "rule") and not ev.flagged
    ev = score(scorer, {"diag_local_pct": 60}, {"A1.1": {"option": 1, "reason": "hồ sơ mới"}})
    assert lines(ev)["A1.1"].option == 1 and not ev.conflicts


# -- missing facts -----------------------------------------------------------------------------------
def test_missing_facts_are_named_per_criterion_and_listed(scorer):
    ev = score(scorer, {})
    assert ev.missing_facts == {
        "diag_all_imported": ["A1.1", "B5.1"],
        "diag_local_pct": ["A1.1", "C6.2"],
        "diag_cert": ["C6.1"],
        "diag_stop": ["C6.1"],
        "sustainable_technology": ["C6.2"],
    }
    a11 = lines(ev)["A1.1"]
    assert a11.status == "not_assessed"
    assert a11.reason_en == "not assessed: facts missing: diag_all_imported, diag_local_pct (give them, or a judgement)"
    assert a11.reason_vi.startswith("Chưa đánh giá: thiếu dữ kiện diag_all_imported, diag_local_pct")
    assert lines(ev)["B5.2"].status == "not_applicable"  # no story: not listed as missing
    assert lines(ev)["A1.2"].reason_en == "not assessed: no fact rule and no judgement"  # no rule: nothing to give


def test_facts_given_that_match_no_rule_are_said_so(scorer):
    ev = score(scorer, {"diag_cert": False, "diag_stop": False})
    c61 = lines(ev)["C6.1"]
    assert c61.reason_en == "not assessed: the facts given match no option of its fact rules, and no judgement"
    assert "C6.1" not in {c for cs in ev.missing_facts.values() for c in cs}


def test_a_judgement_on_a_criterion_with_missing_facts_counts(scorer):
    ev = score(scorer, {}, {"C6.1": 2})
    assert (lines(ev)["C6.1"].option, lines(ev)["C6.1"].source.kind) == (2, "judgement")
    assert "diag_cert" not in ev.missing_facts


def test_undecided_names_only_the_facts_that_could_still_decide():
    growth = any_of(fact("years", "gte", 2), all_of(fact("form", "eq", "coop"), fact("rating", "eq", "good")))
    assert undecided(growth, {"form": "llc"}) == (None, frozenset({"years"}))
    assert undecided(growth, {"form": "coop"}) == (None, frozenset({"years", "rating"}))
    assert undecided(growth, {"form": "coop", "rating": "good"}) == (True, frozenset())
    assert undecided(growth, {"years": 1, "form": "llc"}) == (False, frozenset())
    assert undecided(all_of(fact("a", "eq", 1), fact("b", "eq", 1)), {"a": 2}) == (False, frozenset())


# -- the gRPC Evaluation and GetSheet --------------------------------------------------------------
@pytest.fixture(scope="module")
def server():
    running = start(Scorer(OcopPlugins(allow={"core"}, block=set(), extra={"diagtest": DiagPlugin()}), ENGINE))
    yield running
    running.stop(grace=None)


def test_grpc_evaluation_carries_the_diagnosis(server, scorer):
    with OcopClient(server.address) as client:
        facts = {"diag_local_pct": 60, "diag_all_imported": True, "sustainable_technology": True}
        ev = client.score(diag_product(facts))
        assert ev.flagged and not ev.eliminated
        assert [c.kind for c in ev.conflicts] == [scoring_pb2.IMPLICATION_VIOLATED, scoring_pb2.RULES_DISAGREE]
        assert ev.conflicts[0].facts["diag_local_pct"].number_value == 60
        assert list(ev.conflicts[1].rules) == ["C6.2#0/1:diagtest", "C6.2#0/2"]
        missing = {m.fact: list(m.criteria) for m in ev.missing_facts}
        assert missing == {"diag_cert": ["C6.1"], "diag_stop": ["C6.1"]}  # C6.2 derived from diag_local_pct
        got = summary(ev)
        expected = scorer.score(ScoreRequest.parse(diag_product(facts))).summary()
        for key in ("missing_facts", "flagged"):
            assert got[key] == expected[key], key
        assert [(c["kind"], c["criteria"], c["facts"]) for c in got["conflicts"]] == [
            (c["kind"], c["criteria"], c["facts"]) for c in expected["conflicts"]
        ]
        ev = client.score(diag_product({"diag_local_pct": 10}))
        assert [(i.fact, i.value.bool_value, i.implication) for i in ev.implied_facts] == [
            ("diag_all_imported", False, "diag_local_not_all_imported")
        ]


@pytest.mark.parametrize(
    "facts", [{}, {"diag_local_pct": 60, "diag_all_imported": True}, {"diag_local_pct": 5, "diag_cert": True}]
)
def test_spliced_message_with_a_diagnosis_equals_the_built_one(scorer, facts):
    ev = scorer.score(ScoreRequest.parse(diag_product(facts)))
    for _ in range(2):
        assert evaluation_message(ev, "r") == _evaluation_message_built(ev, "r")


def test_get_sheet_names_the_facts_each_criterion_reads(server):
    import grpc

    with grpc.insecure_channel(server.address) as channel:
        stub = criteria_pb2_grpc.CriteriaServiceStub(channel)
        sheet = stub.GetSheet(criteria_pb2.GetSheetRequest(name="regimes/2026/sheets/95"))
    facts = {c.id: list(c.facts) for p in sheet.parts for g in p.groups for c in g.criteria}
    assert facts == {
        "A1.1": ["diag_all_imported", "diag_local_pct"],
        "A1.2": [],
        "B5.1": ["diag_all_imported"],
        "B5.2": [],
        "C6.1": ["diag_cert", "diag_stop"],
        "C6.2": ["diag_local_pct", "sustainable_technology"],
    }


# -- ocop score ---------------------------------------------------------------------------------------
CONTRADICTORY = {
    "product": {"id": "vn-2026-000130", "name": "Mứt gừng"},
    "sheet": "2026/07",
    "evaluated_on": "2026-10-15",
    "facts": {
        "raw_material_province_pct": 60,
        "raw_material_all_imported_or_unknown": True,
        "market_reach": "province",
    },
    "judgements": {"A1.3": 3},
}


def test_ocop_score_json_and_text_report_the_diagnosis(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(CONTRADICTORY, allow_unicode=True), "utf-8")
    assert main(["score", str(path), "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["flagged"] is True and got["eliminated"] is False
    assert got["conflicts"][0]["implication"] == "provincial_raw_material_not_all_imported"
    assert got["conflicts"][0]["facts"] == {
        "raw_material_all_imported_or_unknown": True,
        "raw_material_province_pct": 60,
    }
    assert "B4.1" in got["missing_facts"]["distribution_agents"]
    a11 = next(x for x in got["breakdown"] if x["criterion"] == "A1.1")
    assert a11["status"] == "not_assessed" and "mâu thuẫn" in a11["reason"]
    assert main(["score", str(path)]) == 0
    text = capsys.readouterr().out
    assert "missing facts" in text and "distribution_agents -> B4.1" in text
    assert "contradicting facts, flagged" in text and "raw_material_province_pct = 60" in text


# -- replay of records made before the diagnosis -----------------------------------------------------
def test_a_record_made_before_the_diagnosis_fields_replays_identically(scorer):
    from scoring_core.audit import EventKind
    from scoring_core.audit.events import NewEvent
    from scoring_core.scoring.replay import evaluation_record, replay

    def event_of(facts: dict, drop: bool) -> object:
        req = ScoreRequest.parse(diag_product(facts, {"A1.2": {"case": 1, "option": 1}, "B5.2": 1}))
        record = evaluation_record(req, scorer.score(req), scorer.policy)
        if drop:
            for key in ("implied_facts", "missing_facts", "conflicts", "flagged"):
                del record["result"][key]
        payload = {"product_id": "D-1", "evaluation": record, "revision_of": None, "contest": None}
        return NewEvent.make(EventKind.EVALUATION_RECORDED, payload, actor="clerk").seal(1, "0" * 64, "t")

    full = {"diag_local_pct": 60, "diag_all_imported": False, "diag_cert": True, "diag_stop": False}
    full["sustainable_technology"] = False
    assert replay(event_of(full, drop=True), scorer) == (True, [])
    identical, differences = replay(event_of({"diag_cert": True}, drop=True), scorer)
    assert not identical and {"missing_facts"} <= {d.path.split(".")[0] for d in differences}


def test_ocop_facts_lists_the_implications(capsys):
    assert main(["facts"]) == 0
    text = capsys.readouterr().out
    assert "provincial_raw_material_not_all_imported" in text and "raw_material_all_imported_or_unknown = false" in text


def test_ocop_sheet_names_the_facts_each_rule_criterion_reads(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")
    assert main(["sheet", "2026/07"]) == 0
    text = capsys.readouterr().out
    assert "quy tắc dữ kiện (fact rule): raw_material_all_imported_or_unknown, raw_material_province_pct" in text
