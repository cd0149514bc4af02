"""ScoringService against a real server: Score, BatchScore (a bad item mid-stream), Simulate."""

import grpc
import pytest
from grpc_support import details, violated_fields
from product_files import product

from scoring_core.api.ocop.v1 import criteria_pb2, scoring_pb2, scoring_pb2_grpc
from scoring_core.client import OcopClient, summary, to_request
from scoring_core.scoring.request import ScoreRequest
from scoring_core.service.values import from_value_map


@pytest.fixture(scope="module")
def stub(channel):
    return scoring_pb2_grpc.ScoringServiceStub(channel)


def test_score_returns_the_whole_evaluation(stub, server):
    ev = stub.Score(to_request(product(request_id="req-1")))
    assert (ev.request_id, ev.regime, ev.sheet, ev.sheet_name) == ("req-1", "2026", "2026/98", "regimes/2026/sheets/98")
    assert ev.regime_reason.en == "regime 2026 named in the request"
    assert (ev.total, dict(ev.parts), ev.band_star, ev.final_star) == ("100", {"A": "40", "B": "25", "C": "35"}, 5, 5)
    assert ev.recognised and not ev.eliminated and not ev.HasField("knockout")
    assert ev.recognition.valid_until == "2029-07-31" and ev.content_hash.startswith("sha256:")
    assert (ev.plugin, ev.engine_version.startswith("ocop-rules/")) == ("grpctest", True)
    line = ev.breakdown[0]
    assert (line.criterion, line.option, line.points, line.status) == ("A1.1", 3, "20", scoring_pb2.SCORED)
    assert line.source.kind == scoring_pb2.RULE and line.source.rule == "A1.1#0/3"
    assert from_value_map(line.source.facts_read) == {"grpctest_labour_pct": 80}
    assert ev.breakdown[1].source.kind == scoring_pb2.JUDGEMENT and ev.breakdown[1].case == 1
    expected = server.scorer.score(ScoreRequest.parse(product())).summary()
    got = summary(ev)
    for key in ("regime", "sheet", "total", "parts", "band_star", "final_star", "recognised", "eliminated"):
        assert got[key] == expected[key], key
    assert [(x["criterion"], x["option"], x["points"], x["status"]) for x in got["breakdown"]] == [
        (x["criterion"], x["option"], x["points"], x["status"]) for x in expected["breakdown"]
    ]


def test_score_knockout_gates_and_story(stub):
    ev = stub.Score(to_request(product(judgements={"A1.1": {"option": 4, "reason": "hàng giả"}, "B5.1": 1})))
    assert ev.eliminated and not ev.HasField("final_star") and not ev.recognised
    assert ev.knockout.criterion == "A1.1" and ev.knockout.kind == criteria_pb2.ELIMINATE
    assert [k.criterion for k in ev.knockouts] == ["A1.1"]
    a11 = ev.breakdown[0]
    assert a11.conflict.winner == scoring_pb2.JUDGEMENT and a11.conflict.rule_option == 3
    lines = {x.criterion: x for x in ev.breakdown}
    assert lines["B5.2"].status == scoring_pb2.NOT_APPLICABLE and lines["B5.2"].reason.vi
    ev = stub.Score(to_request(product(facts={"grpctest_labour_pct": 60, "grpctest_certified": True})))
    assert ev.total == "90" and ev.band_star == 5 and ev.final_star == 4
    assert {(g.criterion, g.star) for g in ev.failed_gates} == {("A1.1", 5)}
    gate = ev.failed_gates[0]
    assert (gate.required_points, gate.points) == ("20", "10")


def test_regime_chosen_by_dates_and_sheet_forms(stub):
    for sheet in ("98", "regimes/2026/sheets/98", "2026/98"):
        ev = stub.Score(to_request(product(sheet=sheet)))
        assert ev.sheet == "2026/98"
    ev = stub.Score(to_request(product(sheet="98")))
    assert ev.regime_reason.en == "regime 2026 in force on the evaluation date 2026-08-01"
    ev = stub.Score(to_request(product(sheet="98", regime="2026", evaluated_on=None)))
    assert ev.regime_reason.en == "regime 2026 named in the request"


def test_batch_score_bad_item_in_the_middle(stub):
    items = [
        product(request_id="a"),
        product(request_id="b", facts={"grpctest_labour_pct": "lots"}),
        product(request_id="c", sheet="2026/97"),
        product(request_id="d", sheet="2026/42"),
        product(request_id="e"),
    ]
    out = list(stub.BatchScore(iter([to_request(i) for i in items])))
    assert [(r.index, r.request_id, r.WhichOneof("result")) for r in out] == [
        (0, "a", "evaluation"),
        (1, "b", "error"),
        (2, "c", "error"),
        (3, "d", "error"),
        (4, "e", "evaluation"),
    ]
    assert out[1].error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert out[2].error.code == grpc.StatusCode.FAILED_PRECONDITION.value[0]
    assert out[3].error.code == grpc.StatusCode.NOT_FOUND.value[0]
    assert out[4].evaluation.total == "100" and out[0].product_id == "P-1"


def test_batch_score_error_details_are_those_of_score(stub):
    from google.rpc import error_details_pb2

    [response] = stub.BatchScore(iter([to_request(product(facts={"nope": 1}))]))
    bad = error_details_pb2.BadRequest()
    assert response.error.details[0].Unpack(bad)
    assert [v.field for v in bad.field_violations] == ["facts.nope"]


def test_simulate_what_if(stub):
    request = scoring_pb2.SimulateRequest(request=to_request(product()), remove_judgements=["C6.2"])
    request.fact_overrides["grpctest_labour_pct"].number_value = 60
    request.fact_overrides["grpctest_certified"].null_value = 0
    request.judgement_overrides["B5.1"].option = 1
    sim = stub.Simulate(request)
    assert sim.baseline.total == "100"
    lines = {x.criterion: x for x in sim.simulated.breakdown}
    assert lines["A1.1"].points == "10" and lines["C6.1"].status == scoring_pb2.NOT_ASSESSED
    assert lines["C6.2"].status == scoring_pb2.NOT_ASSESSED and lines["B5.2"].status == scoring_pb2.NOT_APPLICABLE
    assert sim.simulated.total == "30" and sim.total_delta == "-70"
    assert [c.criterion for c in sim.changes] == ["A1.1", "B5.1", "B5.2", "C6.1", "C6.2"]
    assert (sim.changes[0].option_before, sim.changes[0].option_after) == (3, 2)


def test_simulate_violations_name_simulate_fields(stub):
    request = scoring_pb2.SimulateRequest(request=to_request(product(facts={"bogus": 1})), remove_judgements=["A1.1"])
    request.fact_overrides["grpctest_labour_pct"].number_value = 101
    request.judgement_overrides["C6.2"].option = 7
    with pytest.raises(grpc.RpcError) as err:
        stub.Simulate(request)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert sorted(violated_fields(err.value)) == [
        "fact_overrides.grpctest_labour_pct",
        "judgement_overrides.C6.2.option",
        "remove_judgements[0]",
        "request.facts.bogus",
    ]
    with pytest.raises(grpc.RpcError) as err:
        stub.Simulate(scoring_pb2.SimulateRequest())
    assert violated_fields(err.value) == ["request"]
    with pytest.raises(grpc.RpcError) as err:
        stub.Simulate(scoring_pb2.SimulateRequest(request=to_request(product(sheet="2026/42"))))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    assert details(err.value)["BadRequest"].field_violations[0].field == "request.sheet"


def test_client_helper_scores(server):
    with OcopClient(server.address) as client:
        ev = client.score(product(), request_id="helper-1")
        assert client.last_request_id == "helper-1" and summary(ev)["final_star"] == 5
        results = list(client.batch_score([product(), product(sheet="2026/97")]))
        assert [r.WhichOneof("result") for r in results] == ["evaluation", "error"]
        sim = client.simulate(product(), facts={"grpctest_labour_pct": 10})
        assert sim.total_delta == "-10"
