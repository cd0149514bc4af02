"""Every error mapping against a real server: rich details, all violations at once, no tracebacks."""

import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_support import details, start, violated_fields
from product_files import product

from scoring_core.api.ocop.v1 import scoring_pb2, scoring_pb2_grpc
from scoring_core.client import OcopClient, OcopError, to_request


@pytest.fixture(scope="module")
def stub(channel):
    return scoring_pb2_grpc.ScoringServiceStub(channel)


def _fail(stub, data, **kwargs) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as err:
        stub.Score(to_request(data) if isinstance(data, dict) else data, **kwargs)
    assert "Traceback" not in (err.value.details() or "")
    return err.value


def test_three_bad_fields_one_invalid_argument(stub):
    error = _fail(
        stub,
        product(
            product={"id": "P-9", "name": ""},
            facts={"grpctest_labour_pct": 150},
            judgements={"A1.2": {"case": 1, "option": 9}},
        ),
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    info = details(error)
    violations = {v.field: v for v in info["BadRequest"].field_violations}
    assert set(violations) == {"product.name", "facts.grpctest_labour_pct", "judgements.A1.2.option"}
    assert violations["facts.grpctest_labour_pct"].description == "grpctest_labour_pct must be at most 100"
    assert violations["judgements.A1.2.option"].localized_message.locale == "vi-VN"
    assert violations["judgements.A1.2.option"].localized_message.message.startswith("Tiêu chí A1.2 không có")
    assert violations["product.name"].localized_message.message == "Không được để trống"
    assert info["LocalizedMessage"].message.startswith("Dữ liệu không hợp lệ")
    assert info["RequestInfo"].request_id


def test_violations_of_every_stage_are_listed_together(stub):
    facts = {"unknown_fact": 1, "grpctest_certified": "y"}
    msg = to_request(product(evaluated_on="2026-13-01", sheet="98", facts=facts))
    msg.judgements["A1.2"].option = 0
    msg.judgements["Z9"].option = 1
    msg.ClearField("product")
    error = _fail(stub, msg)
    assert sorted(violated_fields(error)) == [
        "evaluated_on",
        "facts.grpctest_certified",
        "facts.unknown_fact",
        "judgements.A1.2.option",
        "product",
    ]


def test_judgements_checked_against_the_sheet_alongside_parse_errors(stub):
    error = _fail(stub, product(product={"id": "", "name": "x"}, judgements={"Z9": 1, "A1.2": 1}))
    assert sorted(violated_fields(error)) == ["judgements.A1.2.case", "judgements.Z9", "product.id"]


def test_facts_still_checked_when_the_sheet_field_is_bad(stub):
    error = _fail(stub, product(sheet="", facts={"grpctest_labour_pct": -1}))
    assert sorted(violated_fields(error)) == ["facts.grpctest_labour_pct", "sheet"]


def test_regime_violation(stub):
    error = _fail(stub, product(regime="148", sheet="2026/98"))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and violated_fields(error) == ["sheet"]
    error = _fail(stub, product(sheet="98", evaluated_on="2010-01-01"))
    assert violated_fields(error) == ["evaluated_on"]


def test_unknown_sheet_or_regime_not_found(stub):
    error = _fail(stub, product(sheet="2026/42"))
    assert error.code() == grpc.StatusCode.NOT_FOUND and "2026/42" in error.details()
    assert details(error)["LocalizedMessage"].message.startswith("Không có bộ tiêu chí")
    error = _fail(stub, product(sheet="98", regime="1999"))
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert details(error)["ResourceInfo"].resource_type == "ocop.v1/Regime"


def test_unavailable_sheet_failed_precondition_with_reason(stub):
    error = _fail(stub, product(sheet="2026/97"))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "part A maximum 39" in error.details()
    violation = details(error)["PreconditionFailure"].violations[0]
    assert (violation.type, violation.subject) == ("SHEET_UNAVAILABLE", "regimes/2026/sheets/97")
    assert "part A maximum 39" in violation.description


def test_plugin_failure_is_internal_naming_the_plugin_and_the_server_keeps_serving(stub):
    error = _fail(stub, product(sheet="2026/96"))
    assert error.code() == grpc.StatusCode.INTERNAL
    assert "grpctest" in error.details() and "EngineError" not in error.details()
    info = details(error)["ErrorInfo"]
    assert (info.reason, info.domain, dict(info.metadata)) == (
        "PLUGIN_FAILED",
        "ocop.v1",
        {"plugin": "grpctest", "sheet": "2026/96"},
    )
    assert stub.Score(to_request(product())).total == "100"


def test_deadline_exceeded_on_score(stub):
    error = _fail(stub, product(product={"id": "slow-0.4", "name": "x"}), timeout=0.1)
    assert error.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_batch_stops_working_once_the_deadline_passed(stub, server):
    before = server.scorer.calls
    items = [to_request(product(product={"id": "slow-0.1", "name": "x"})) for _ in range(20)]
    with pytest.raises(grpc.RpcError) as err:
        list(stub.BatchScore(iter(items), timeout=0.35))
    assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    time.sleep(0.3)
    assert server.scorer.calls - before <= 6, "the server kept scoring after the deadline"


def test_request_id_from_metadata_is_returned_and_generated_otherwise(stub):
    _, call = stub.Score.with_call(to_request(product()), metadata=(("x-request-id", "abc-123"),))
    assert dict(call.initial_metadata())["x-request-id"] == "abc-123"
    _, call = stub.Score.with_call(to_request(product()))
    assert len(dict(call.initial_metadata())["x-request-id"]) == 32
    error = _fail(stub, product(sheet="2026/42"), metadata=(("x-request-id", "err-7"),))
    assert dict(error.initial_metadata())["x-request-id"] == "err-7"
    assert details(error)["RequestInfo"].request_id == "err-7"


def test_client_helper_raises_typed_errors(server):
    with OcopClient(server.address) as client, pytest.raises(OcopError) as err:
        client.score(product(product={"id": "x", "name": ""}))
    assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in err.value.violations] == ["product.name"]
    assert err.value.violations[0].message_vi == "Không được để trống" and err.value.request_id


def test_resource_exhausted_beyond_max_concurrent_rpcs():
    running = start(workers=2, max_concurrent_rpcs=1)
    try:
        with grpc.insecure_channel(running.address) as ch:
            stub = scoring_pb2_grpc.ScoringServiceStub(ch)
            slow = stub.Score.future(to_request(product(product={"id": "slow-0.5", "name": "x"})))
            time.sleep(0.2)
            with pytest.raises(grpc.RpcError) as err:
                stub.Score(to_request(product()))
            assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            assert slow.result().total == "100"
    finally:
        running.stop(grace=None)


def test_graceful_shutdown_health_first_then_in_flight_calls_finish():
    running = start()
    with grpc.insecure_channel(running.address) as ch:
        stub = scoring_pb2_grpc.ScoringServiceStub(ch)
        watch = health_pb2_grpc.HealthStub(ch).Watch(health_pb2.HealthCheckRequest(service="ocop.v1.ScoringService"))
        assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
        slow = stub.Score.future(to_request(product(product={"id": "slow-0.5", "name": "x"})))
        time.sleep(0.15)
        stopper = threading.Thread(target=running.stop, args=(5.0,))
        stopper.start()
        assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
        watch.cancel()  # an open Watch would otherwise hold the server for the whole grace period
        assert slow.result(timeout=5).total == "100", "the in-flight call finished within the grace period"
        with pytest.raises(grpc.RpcError) as err:
            stub.Score(to_request(product()), timeout=2)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        stopper.join(5)
        assert not stopper.is_alive()


def test_simulate_has_no_request_id_and_score_does():
    assert "request_id" not in scoring_pb2.SimulateRequest.DESCRIPTOR.fields_by_name
    assert "request_id" in scoring_pb2.ScoreRequest.DESCRIPTOR.fields_by_name
