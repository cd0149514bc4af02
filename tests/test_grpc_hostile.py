"""Hostile input, finding by finding (issue 10): INVALID_ARGUMENT naming the field, never INTERNAL, nothing written."""

import math
import queue

import grpc
import pytest
from fuzz_support import Fuzz, nested, product, trailer_bytes
from grpc_audit_support import ADMIN, AUDITOR, CHAIR, INTEGRATION, PRODUCER, Caller, open_request, serve
from grpc_support import GrpcTestPlugin, TestScorer, details, start, violated_fields

from scoring_core.api.ocop.v1 import (
    audit_pb2,
    contests_pb2,
    councils_pb2,
    criteria_pb2,
    criteria_pb2_grpc,
    scoring_pb2_grpc,
)
from scoring_core.app.pagination import cursor_token
from scoring_core.client import to_request
from scoring_core.errors import InvalidRequest
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.facts import FactSpec
from scoring_core.scoring.request import ScoreRequest, check_against_sheet, latest_day


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve("sqlite", tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def fuzz(server):
    with grpc.insecure_channel(server.address) as ch:
        grpc.channel_ready_future(ch).result(timeout=10)
        seeded = Fuzz(server, ch, seed=0)
        seeded.seed()
        yield seeded


def refused(fuzz, caller_name, method_of, request, fields=None, code=grpc.StatusCode.INVALID_ARGUMENT):
    """Call and expect ``code`` with field violations on ``fields``; the store must not grow."""
    caller = fuzz.callers[caller_name]
    before = fuzz.running.store.head()
    with pytest.raises(grpc.RpcError) as err:
        method_of(caller)(request, metadata=caller.metadata, timeout=30)
    assert err.value.code() == code, err.value.details()
    if fields is not None:
        assert violated_fields(err.value) == fields
    assert fuzz.running.store.head() == before, "a refused request wrote nothing"
    return err.value


@pytest.mark.parametrize("name", ["events/²", "events/٣", "events/１", f"events/{2**63}", "events/0", "events/+3"])
def test_event_names_take_ascii_digits_within_int64(fuzz, name):
    refused(fuzz, AUDITOR, lambda c: c.audit.GetEvent, audit_pb2.GetEventRequest(name=name), ["name"])
    request = audit_pb2.ReplayEvaluationRequest(name=name)
    refused(fuzz, AUDITOR, lambda c: c.audit.ReplayEvaluation, request, ["name"])
    filing = contests_pb2.FileContestRequest(
        target=name, criterion="B5.1", claim=contests_pb2.ContestClaim(option=1), reason="x"
    )
    refused(fuzz, PRODUCER, lambda c: c.contests.FileContest, filing, ["target"])


@pytest.mark.parametrize("digits", ["٣", "²", str(2**63), str(2**64 + 7)])
def test_contest_and_recognition_names_take_ascii_digits_within_int64(fuzz, digits):
    refused(fuzz, AUDITOR, lambda c: c.contests.GetContest, contests_pb2.GetContestRequest(name=f"contests/{digits}"))
    resolve = contests_pb2.ResolveContestRequest(name=f"contests/{digits}", decision=contests_pb2.REJECT, reason="x")
    refused(fuzz, CHAIR, lambda c: c.contests.ResolveContest, resolve, ["name"])
    revoke = councils_pb2.RevokeRecognitionRequest(name=f"recognitions/{digits}", reason="x")
    refused(fuzz, CHAIR, lambda c: c.councils.RevokeRecognition, revoke, ["name"])
    opening = open_request("hd-renews")
    opening.products[0].renews = f"recognitions/{digits}"
    refused(fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, opening, ["products[0].renews"])


def test_list_events_refuses_an_unknown_kind_and_forged_tokens(fuzz):
    refused(fuzz, AUDITOR, lambda c: c.audit.ListEvents, audit_pb2.ListEventsRequest(kind=99), ["kind"])
    for token in (cursor_token(2**70, "0||0"), "eyJvIjogMWUzMDl9", "{" * 300, "not base64 ~~~"):
        request = audit_pb2.ListEventsRequest(page_token=token)
        refused(fuzz, AUDITOR, lambda c: c.audit.ListEvents, request, ["page_token"])


def test_verify_refuses_malformed_checkpoints_and_pem(fuzz):
    bad_pem = audit_pb2.VerifyAuditTrailRequest(trusted_public_keys=["-----BEGIN PUBLIC KEY-----\nAAAA\n"])
    refused(fuzz, AUDITOR, lambda c: c.audit.VerifyAuditTrail, bad_pem, ["trusted_public_keys[0]"])
    bad_cp = audit_pb2.VerifyAuditTrailRequest(
        checkpoints=[audit_pb2.Checkpoint(size=-1, head_hash="zz", public_key="x", signature=b"1")]
    )
    refused(fuzz, AUDITOR, lambda c: c.audit.VerifyAuditTrail, bad_cp, ["checkpoints[0]"])
    for text in ('[{"size": 1}]', '{"checkpoints": 5}', '{"checkpoints": [{"type": 1}]}', "[" * 5000, "x" * 100):
        request = audit_pb2.VerifyAuditTrailRequest(checkpoints_json=text)
        refused(fuzz, AUDITOR, lambda c: c.audit.VerifyAuditTrail, request, ["checkpoints_json"])


def test_expiring_recognitions_refuse_overflowing_days_and_far_dates(fuzz):
    method = lambda c: c.councils.ListExpiringRecognitions  # noqa: E731
    for within, today, field in ((2**31 - 1, "2026-09-01", "within_days"), (30, "9999-12-31", "today")):
        request = councils_pb2.ListExpiringRecognitionsRequest(within_days=within, today=today)
        refused(fuzz, AUDITOR, method, request, [field])


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused_on_every_fact(fuzz, value):
    for name in ("grpctest_labour_pct", "grpctest_certified", "grpctest_region"):
        msg = to_request(product())
        msg.facts[name].number_value = value
        refused(fuzz, ADMIN, lambda c: c.scoring.Score, msg, [f"facts.{name}"])
    opening = open_request("hd-nan", facts={"grpctest_labour_pct": value})
    refused(fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, opening, ["products[0].facts.grpctest_labour_pct"])


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 0.5])
def test_an_integer_fact_refuses_nan_inf_and_fractions(value):
    spec = FactSpec(name="members_count", type="integer", minimum=0, meaning_vi="Số thành viên", meaning_en="members")
    request = ScoreRequest.model_construct(facts={"members_count": value}, judgements={})
    sheet = type("S", (), {"judgement_keys": set(), "criteria_by_id": {}, "sheet_id": "x"})()
    with pytest.raises(InvalidRequest) as err:
        check_against_sheet(request, sheet, {"members_count": spec})
    assert [v.field for v in err.value.violations] == ["facts.members_count"]


def test_nan_on_a_bounded_fact_no_longer_scores(fuzz):
    msg = to_request(product())
    msg.facts["grpctest_labour_pct"].number_value = math.nan  # before: accepted, scored as if below 75
    error = refused(fuzz, ADMIN, lambda c: c.scoring.Score, msg, ["facts.grpctest_labour_pct"])
    assert "finite" in details(error)["BadRequest"].field_violations[0].description


@pytest.mark.parametrize("filed_as", [99, -1, 2**31 - 1])
def test_file_contest_refuses_filed_as_outside_the_enum(fuzz, filed_as):
    request = contests_pb2.FileContestRequest(
        target=f"events/{fuzz.known.result}",
        criterion="B5.1",
        claim=contests_pb2.ContestClaim(option=1),
        reason="x",
        filed_as=filed_as,
    )
    refused(fuzz, PRODUCER, lambda c: c.contests.FileContest, request, ["filed_as"])


def test_a_case_on_a_single_case_criterion_is_refused(fuzz):
    request = contests_pb2.FileContestRequest(
        target=f"events/{fuzz.known.result}",
        criterion="B5.1",
        claim=contests_pb2.ContestClaim(option=1, case=999),
        reason="x",
        filed_as=contests_pb2.FILED_AS_PRODUCER,
    )
    refused(fuzz, PRODUCER, lambda c: c.contests.FileContest, request, ["claim.case"])
    request.claim.ClearField("case")
    request.claim.fact, request.claim.value.number_value = "grpctest_labour_pct", math.inf
    refused(fuzz, PRODUCER, lambda c: c.contests.FileContest, request, ["claim.value"])


@pytest.mark.parametrize(
    "day", ["3000-01-01", "9999-12-31", "2019-08-20", "2026-W31-6", "20260801", "2026-08-01T00:00"]
)
def test_council_dates_within_range_and_calendar_form(fuzz, day):
    close = councils_pb2.CloseProductRequest(session=f"councils/{fuzz.known.session}", product_id="P-1", decided_on=day)
    refused(fuzz, CHAIR, lambda c: c.councils.CloseProduct, close, ["decided_on"])
    opening = open_request("hd-dates")
    opening.opened_on = day
    refused(fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, opening, ["opened_on"])
    refused(fuzz, ADMIN, lambda c: c.scoring.Score, to_request(product(evaluated_on=day)), ["evaluated_on"])


def test_whitespace_only_required_strings_are_refused(fuzz):
    msg = to_request(product())
    msg.product.id, msg.product.name = "   ", "\t\n"
    refused(fuzz, ADMIN, lambda c: c.scoring.Score, msg, ["product.id", "product.name"])
    opening = open_request("hd-blank")
    opening.products[0].product.id = " "
    opening.members[2].name = "  "
    refused(
        fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, opening, ["members[2].name", "products[0].product.id"]
    )
    opening = open_request("hd-role")
    opening.members[2].role = 99
    refused(fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, opening, ["members[2].role"])


@pytest.mark.parametrize("char", ["x", "ệ", "٣"])
def test_a_huge_unknown_fact_name_gives_a_small_error(fuzz, char):
    msg = to_request(product())
    msg.facts[char * (1 << 19)].number_value = 1
    for i in range(30):
        msg.facts[f"{i}{char * 5000}"].string_value = char * 5000
    error = refused(fuzz, ADMIN, lambda c: c.scoring.Score, msg)
    assert trailer_bytes(error) < 6000, "well under the 8 KB clients accept"
    assert all(len(f) < 200 for f in violated_fields(error))
    assert "31 bad fields, the first" in error.details(), "the violations left out are counted"


def test_a_huge_product_id_in_a_refusal_gives_a_small_error(fuzz):
    request = councils_pb2.GetCouncilResultRequest(session=f"councils/{fuzz.known.session}", product_id="٣" * 100_000)
    error = refused(fuzz, AUDITOR, lambda c: c.councils.GetCouncilResult, request, code=grpc.StatusCode.NOT_FOUND)
    assert trailer_bytes(error) < 6000


def test_a_deeply_nested_fact_value_is_a_field_violation(fuzz):
    for depth in (20, 150):
        msg = to_request(product())
        msg.facts["grpctest_labour_pct"].CopyFrom(nested(depth))
        refused(fuzz, ADMIN, lambda c: c.scoring.Score, msg, ["facts.grpctest_labour_pct"])


def test_one_bad_item_never_ends_a_batch_stream(fuzz):
    caller: Caller = fuzz.callers[INTEGRATION]
    items = queue.Queue()
    bad_items = []
    for depth in (150, 400):
        msg = to_request(product())
        msg.facts["grpctest_labour_pct"].CopyFrom(nested(depth))
        bad_items.append(msg)
    nan = to_request(product())
    nan.facts["grpctest_labour_pct"].number_value = math.nan
    for item in (to_request(product()), bad_items[0], nan, bad_items[1], to_request(product())):
        items.put(item)
    items.put(None)
    answers = list(caller.scoring.BatchScore(iter(items.get, None), metadata=caller.metadata, timeout=30))
    assert [a.index for a in answers] == [0, 1, 2, 3, 4]
    assert [a.HasField("error") for a in answers] == [False, True, True, True, False]
    assert {a.error.code for a in answers if a.HasField("error")} == {grpc.StatusCode.INVALID_ARGUMENT.value[0]}
    assert answers[4].evaluation.total == "90"


def test_the_score_request_model_refuses_what_the_wire_refuses():
    for data, field in (
        ({"evaluated_on": "9999-12-31"}, "evaluated_on"),
        ({"filed_on": "2026-W01-1"}, "filed_on"),
        ({"product": {"id": " ", "name": "x"}}, "product.id"),
        ({"facts": {"a": math.inf}}, "facts.a"),
    ):
        with pytest.raises(InvalidRequest) as err:
            ScoreRequest.parse(product(**data), latest_day())
        assert [v.field for v in err.value.violations] == [field]
    # The core itself may work on later dates (a simulated expiry); never before the first regime.
    assert ScoreRequest.parse(product(evaluated_on="2031-01-01")).evaluated_on.year == 2031
    with pytest.raises(InvalidRequest):
        ScoreRequest.parse(product(evaluated_on="2019-08-20"))


def test_score_still_scores(fuzz):
    caller = fuzz.callers[ADMIN]
    assert caller(caller.scoring.Score, to_request(product())).total == "90"


def test_texts_echoed_in_answers_are_bounded(fuzz):
    """A 1 MB judged_by came back once per judged criterion: 8 MB, past what clients accept."""
    msg = to_request(product())
    msg.judged_by = "x" * (1 << 20)
    msg.judgements["B5.1"].by = "y" * 300
    refused(fuzz, ADMIN, lambda c: c.scoring.Score, msg, ["judgements.B5.1.by", "judged_by"])
    msg = to_request(product())
    msg.request_id = "r" * 129
    refused(fuzz, INTEGRATION, lambda c: c.scoring.Score, msg, ["request_id"])
    close = councils_pb2.CloseProductRequest(
        session=f"councils/{fuzz.known.session}", product_id="P-1", request_id="r" * 5000
    )
    refused(fuzz, CHAIR, lambda c: c.councils.CloseProduct, close, ["request_id"])


@pytest.mark.parametrize("number", [99, -1])
def test_every_enum_refuses_numbers_outside_it(fuzz, number):
    sheets = criteria_pb2.ListSheetsRequest(view=number)
    refused(fuzz, AUDITOR, lambda c: criteria_pb2_grpc.CriteriaServiceStub(fuzz.channel).ListSheets, sheets, ["view"])
    states = councils_pb2.ListRecognitionsRequest(state=number)
    refused(fuzz, AUDITOR, lambda c: c.councils.ListRecognitions, states, ["state"])
    score = to_request(product())
    score.evaluation_kind = number
    refused(fuzz, ADMIN, lambda c: c.scoring.Score, score, ["evaluation_kind"])
    opening = open_request("hd-enum")
    opening.level, opening.products[0].evaluation_kind = number, number
    fields = ["level", "products[0].evaluation_kind"]
    refused(fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, opening, fields)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 2.5])
def test_an_integer_fact_of_the_core_refuses_nan_inf_and_fractions(value):
    """NaN/Inf on an integer fact was reported as a failure of the food plugin (INTERNAL)."""
    running = start(TestScorer(OcopPlugins(extra={"grpctest": GrpcTestPlugin()})))
    try:
        with grpc.insecure_channel(running.address) as channel:
            msg = to_request(product(sheet="2026/01", facts={}, judgements={}))
            msg.facts["distribution_agents"].number_value = value
            with pytest.raises(grpc.RpcError) as err:
                scoring_pb2_grpc.ScoringServiceStub(channel).Score(msg, timeout=30)
            assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert violated_fields(err.value) == ["facts.distribution_agents"]
    finally:
        running.stop(grace=None)


def test_free_texts_written_to_the_trail_are_bounded(fuzz):
    """Attack: a producer filed a contest with a 3 MB reason and 20,000 evidence links, a chair rejected it with a
    3 MB reason: each went into the append-only trail for good (a judgement's reason stops at 4,000 characters)."""
    target = f"events/{fuzz.known.result}"
    huge = "x" * (3 << 20)
    claim = contests_pb2.ContestClaim(option=1)
    filing = dict(target=target, criterion="B5.1", claim=claim, filed_as=contests_pb2.FILED_AS_PRODUCER)
    refused(
        fuzz,
        PRODUCER,
        lambda c: c.contests.FileContest,
        contests_pb2.FileContestRequest(**filing, reason=huge),
        ["reason"],
    )
    refused(
        fuzz,
        PRODUCER,
        lambda c: c.contests.FileContest,
        contests_pb2.FileContestRequest(**filing, reason="Lý do", evidence=["https://x.vn/" + "e" * 60] * 20000),
        ["evidence"],
    )
    refused(
        fuzz,
        PRODUCER,
        lambda c: c.contests.FileContest,
        contests_pb2.FileContestRequest(**filing, reason="Lý do", evidence=["e" * 5000]),
        ["evidence[0]"],
    )
    resolve = contests_pb2.ResolveContestRequest(
        name=f"contests/{fuzz.known.contest}", decision=contests_pb2.REJECT, reason=huge
    )
    refused(fuzz, CHAIR, lambda c: c.contests.ResolveContest, resolve, ["reason"])
    revoke = councils_pb2.RevokeRecognitionRequest(name=f"recognitions/{fuzz.known.recognition}", reason=huge)
    refused(fuzz, CHAIR, lambda c: c.councils.RevokeRecognition, revoke, ["reason"])


def test_a_dossier_with_a_bad_fact_is_refused_at_opening(fuzz):
    """Attack: a session opened with a dossier fact outside the catalogue or its range was recorded, and then no
    member could ever submit a sheet for that product (each was refused on the fact): the session id was burned."""
    facts = {"zzz_unknown": 1, "raw_material_province_pct": 150}
    error = refused(fuzz, CHAIR, lambda c: c.councils.OpenCouncilSession, open_request("hd-bad-dossier", facts=facts))
    # a protobuf map's entries come in no fixed order (it varies from process to process): both listed, in any order
    assert sorted(violated_fields(error)) == [
        "products[0].facts.raw_material_province_pct",
        "products[0].facts.zzz_unknown",
    ]
    caller = fuzz.callers[CHAIR]
    caller(caller.councils.OpenCouncilSession, open_request("hd-bad-dossier"))
