"""AuditService and recording over gRPC on SQLite and PostgreSQL: Score(record) idempotent on request_id,
events, replay, checkpoints, and VerifyAuditTrail naming the first bad event after tampering."""

import hashlib

import grpc
import pytest
from audit_support import Raw
from google.protobuf import json_format
from grpc_audit_support import AUDITOR, FACTS, INTEGRATION, SECRETARY, Caller, open_request, serve
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from grpc_support import details
from product_files import product

from scoring_core.api.ocop.v1 import audit_pb2
from scoring_core.audit.checkpoints import Checkpoint, export_checkpoints
from scoring_core.client import OcopClient, to_request

pytestmark = pytest.mark.audit_backends  # server: one per backend (conftest.py)


@pytest.fixture(params=["sqlite", "postgres"])
def fresh(request, tmp_path):
    """A server of its own, for tampering."""
    yield from serve(request.param, tmp_path)


def recorded(caller, pid="P-1", request_id="", facts=FACTS, **extra):
    msg = to_request({**product(pid, facts=facts, **extra), "record": True})
    msg.request_id = request_id
    return caller(caller.scoring.Score, msg)


def test_score_records_once_per_request_id(server, channel):
    integration = Caller(channel, INTEGRATION)
    size = server.store.size()
    dry = integration(integration.scoring.Score, to_request(product("P-rec", facts=FACTS)))
    assert (dry.name, dry.recorded_by, server.store.size()) == ("", "", size)
    first = recorded(integration, "P-rec", "rec-1")
    assert first.name == f"events/{size + 1}" and first.total == "90" and not first.already_recorded
    assert (first.recorded_by, first.request_id, len(first.event_hash)) == (INTEGRATION, "rec-1", 64)
    again = recorded(integration, "P-rec", "rec-1")
    assert again.already_recorded and again.name == first.name and again.total == "90"  # the first result
    with pytest.raises(grpc.RpcError) as err:  # the same request_id with a different request
        recorded(integration, "P-rec", "rec-1", facts={"grpctest_labour_pct": 90, "grpctest_certified": True})
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    info = details(err.value)["ErrorInfo"]
    assert info.reason == "REQUEST_ID_REUSED" and info.metadata["event"] == first.name
    assert server.store.size() == size + 1
    with OcopClient(server.address, token=f"tok-{INTEGRATION.encode().hex()}") as client:
        via_helper = client.score(product("P-rec", facts=FACTS), record=True, request_id="x", timeout=10)
    assert via_helper.name == f"events/{size + 2}"


def test_a_request_id_used_for_another_kind_of_event(server, channel):
    secretary, integration = Caller(channel, SECRETARY), Caller(channel, INTEGRATION)
    secretary(secretary.councils.OpenCouncilSession, open_request("hd-rid", "P-rid", request_id="shared-rid"))
    with pytest.raises(grpc.RpcError) as err:
        recorded(integration, "P-rid", "shared-rid")
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert details(err.value)["ErrorInfo"].reason == "REQUEST_ID_REUSED"


def test_events_chain_and_pages(server, channel):
    reader = Caller(channel)
    seen, token = [], ""
    while True:
        page = reader(reader.audit.ListEvents, audit_pb2.ListEventsRequest(page_size=3, page_token=token))
        seen += page.events
        token = page.next_page_token
        if not token:
            break
    assert [e.seq for e in seen] == list(range(1, server.store.size() + 1))
    prev = "0" * 64
    for e in seen:
        assert e.prev_hash == prev and e.hash == hashlib.sha256(prev.encode() + e.body).hexdigest()
        prev = e.hash
    only = reader(reader.audit.ListEvents, audit_pb2.ListEventsRequest(kind=audit_pb2.EVALUATION_RECORDED))
    assert only.events and {e.kind for e in only.events} == {audit_pb2.EVALUATION_RECORDED}
    one = reader(reader.audit.GetEvent, audit_pb2.GetEventRequest(name=only.events[0].name))
    assert one == only.events[0]
    with pytest.raises(grpc.RpcError) as err:
        reader(reader.audit.ListEvents, audit_pb2.ListEventsRequest(page_token="forged"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_replay_is_identical(server, channel):
    integration, reader = Caller(channel, INTEGRATION), Caller(channel)
    ev = recorded(integration, "P-replay", "replay-1")
    by_id = reader(reader.audit.ReplayEvaluation, audit_pb2.ReplayEvaluationRequest(request_id="replay-1"))
    by_name = reader(reader.audit.ReplayEvaluation, audit_pb2.ReplayEvaluationRequest(name=ev.name))
    assert by_id.identical and not by_id.differences and by_id.event == ev.name
    assert by_name.replayed.total == by_name.stored.total == "90"
    opened = reader(reader.audit.ListEvents, audit_pb2.ListEventsRequest(kind=audit_pb2.COUNCIL_OPENED))
    for request, code in (
        (audit_pb2.ReplayEvaluationRequest(name="events/99999"), grpc.StatusCode.NOT_FOUND),
        (audit_pb2.ReplayEvaluationRequest(name=opened.events[0].name), grpc.StatusCode.FAILED_PRECONDITION),
        (audit_pb2.ReplayEvaluationRequest(), grpc.StatusCode.INVALID_ARGUMENT),
    ):
        with pytest.raises(grpc.RpcError) as err:
            reader(reader.audit.ReplayEvaluation, request)
        assert err.value.code() == code


def test_checkpoints_and_verification(server, channel):
    auditor, reader = Caller(channel, AUDITOR), Caller(channel)
    first = auditor(auditor.audit.CreateCheckpoint, audit_pb2.CreateCheckpointRequest(request_id="cp-a"))
    assert auditor(auditor.audit.CreateCheckpoint, audit_pb2.CreateCheckpointRequest(request_id="cp-b")) == first
    assert first.size == server.store.size() and first.key_id.startswith("ed25519:")
    listed = reader(reader.audit.ListCheckpoints, audit_pb2.ListCheckpointsRequest()).checkpoints
    assert listed[-1] == first
    exported = export_checkpoints(
        [Checkpoint(c.size, c.head_hash, c.time, c.key_id, c.signature, c.public_key.encode()) for c in listed]
    )
    report = reader(
        reader.audit.VerifyAuditTrail,
        audit_pb2.VerifyAuditTrailRequest(checkpoints_json=exported, ignore_stored_checkpoints=True),
    )
    assert report.ok and report.checkpoints_checked == len(listed) and not report.first_bad_event
    forged = audit_pb2.Checkpoint()
    forged.CopyFrom(first)
    forged.head_hash = "f" * 64
    report = reader(reader.audit.VerifyAuditTrail, audit_pb2.VerifyAuditTrailRequest(checkpoints=[forged]))
    assert not report.ok and "bad signature" in report.checkpoint_problems[0]
    with pytest.raises(grpc.RpcError) as err:
        reader(reader.audit.VerifyAuditTrail, audit_pb2.VerifyAuditTrailRequest(checkpoints_json="{}"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_health_and_reflection(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("ocop.v1.CouncilService", "ocop.v1.ContestService", "ocop.v1.AuditService"):
        assert health.Check(health_pb2.HealthCheckRequest(service=service)).status == 1, service
    services = set(ProtoReflectionDescriptorDatabase(channel).get_services())
    assert {"ocop.v1.CouncilService", "ocop.v1.ContestService", "ocop.v1.AuditService"} <= services


def test_trail_names(channel):
    reader = Caller(channel)
    for name, code in (
        ("products/nobody/trail", grpc.StatusCode.NOT_FOUND),
        ("products/P-1", grpc.StatusCode.INVALID_ARGUMENT),
    ):
        with pytest.raises(grpc.RpcError) as err:
            reader(reader.audit.GetAuditTrail, audit_pb2.GetAuditTrailRequest(name=name))
        assert err.value.code() == code


def test_verify_names_the_first_edited_deleted_or_truncated_event(fresh):
    with grpc.insecure_channel(fresh.address) as ch:
        integration, auditor, reader = Caller(ch, INTEGRATION), Caller(ch, AUDITOR), Caller(ch)
        names = [recorded(integration, f"P-{i}", f"t-{i}").name for i in range(6)]
        kept = auditor(auditor.audit.CreateCheckpoint, audit_pb2.CreateCheckpointRequest())
        verify = lambda **kw: reader(reader.audit.VerifyAuditTrail, audit_pb2.VerifyAuditTrailRequest(**kw))  # noqa: E731
        assert verify().ok
        raw = Raw(fresh.store)
        try:
            raw.drop_guards()
            third = int(names[2].split("/")[1])
            body = raw.execute("SELECT body FROM audit_events WHERE seq = ?", (third,))[0][0]
            raw.execute(
                "UPDATE audit_events SET body = ? WHERE seq = ?",
                (bytes(body).replace(b'"total":"90"', b'"total":"99"'), third),
            )
            report = verify()
            assert (report.ok, report.first_bad_event) == (False, names[2])
            assert "bị sửa" in report.problem.vi and "altered" in report.problem.en
            raw.execute("UPDATE audit_events SET body = ? WHERE seq = ?", (bytes(body), third))
            raw.execute("DELETE FROM audit_events WHERE seq = ?", (third,))
            assert verify().first_bad_event == names[2] and "deleted" in verify().problem.en
            last = int(names[-1].split("/")[1])
            raw.execute("DELETE FROM audit_events WHERE seq >= ?", (third,))
            raw.execute("DELETE FROM audit_checkpoints")
            report = verify()  # a clean cut with the stored checkpoints gone: the witness still tells
            assert (report.ok, report.first_bad_seq) == (False, third) and "truncated" in report.problem.en
            report = verify(checkpoints=[kept])  # and so does whoever kept a checkpoint
            assert (report.ok, report.first_bad_seq) == (False, third) and "truncated" in report.problem.en
            assert kept.size >= last
            assert json_format.MessageToDict(report)["problem"]["vi"].startswith("Phần cuối chuỗi bị cắt")
        finally:
            raw.close()
