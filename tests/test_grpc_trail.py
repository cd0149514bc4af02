"""A server started on a tampered store serves reads, refuses every write, reports NOT_SERVING for the
writing services and signs no checkpoint (not even at shutdown); on a sound store it starts as before."""

import grpc
import pytest
from audit_support import Raw, drop_store, make_store
from grpc_audit_support import ADMIN, AUDITOR, FACTS, INTEGRATION, Caller, open_request, write_auth_file
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_support import details, start
from product_files import product

from scoring_core.api.ocop.v1 import audit_pb2
from scoring_core.audit import EventKind
from scoring_core.audit.events import NewEvent, now_iso
from scoring_core.audit.postgres import PostgresStore
from scoring_core.audit.sqlite import SQLiteStore
from scoring_core.client import to_request
from scoring_core.service.auth import load_auth

NOT_SERVING, SERVING = health_pb2.HealthCheckResponse.NOT_SERVING, health_pb2.HealthCheckResponse.SERVING
WRITERS = ("ocop.v1.CouncilService", "ocop.v1.ContestService")


def recorded(caller, pid, request_id):
    msg = to_request({**product(pid, facts=FACTS), "record": True})
    msg.request_id = request_id
    return caller(caller.scoring.Score, msg)


def reopen(store):
    """Another store object on the same data (a restarted server opens its own)."""
    if isinstance(store, PostgresStore):
        return PostgresStore(store.url, schema=store.schema)
    return SQLiteStore(store.path)


def forge_tail(store):
    """Append one event linked correctly at the head, as whoever holds the database could."""
    raw = Raw(store)
    try:
        raw.drop_guards()
        seq, prev = store.head()
        ev = NewEvent.make(EventKind.PLUGIN_SEEN, {"forged": True}, actor="mallory").seal(seq + 1, prev, now_iso())
        raw.execute(
            "INSERT INTO audit_events (seq, kind, time, actor, request_id, subject, prev_hash, hash, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ev.seq, ev.kind, ev.time, ev.actor, ev.request_id, ev.subject, ev.prev_hash, ev.hash, ev.body),
        )
    finally:
        raw.close()
    return seq + 1


def truncate(store):
    raw = Raw(store)
    try:
        raw.drop_guards()
        raw.execute("DELETE FROM audit_events WHERE seq > ?", (store.size() - 2,))
        raw.execute("DELETE FROM audit_checkpoints")
    finally:
        raw.close()
    return store.size() + 1


@pytest.mark.parametrize("tamper", [forge_tail, truncate])
@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_server_on_a_tampered_store_refuses_writes_and_signs_nothing(kind, tamper, tmp_path):
    store = make_store(kind, tmp_path)
    auth = load_auth(str(write_auth_file(tmp_path / "auth.yaml")), "on")
    first = start(store=store, auth=auth, data_dir=str(tmp_path))
    try:
        with grpc.insecure_channel(first.address) as ch:
            for i in range(3):
                recorded(Caller(ch, INTEGRATION), f"P-{i}", f"before-{i}")
    finally:
        first.stop(grace=None)
    witness = first.audit.trail.guard.witness.path
    with reopen(store) as other:
        bad = tamper(other)
        before = (witness.read_bytes(), other.stored_checkpoints())

    second = start(store=reopen(store), auth=auth, data_dir=str(tmp_path), checkpoint_interval=0.05)
    try:
        with grpc.insecure_channel(second.address) as ch:
            health = health_pb2_grpc.HealthStub(ch)
            for service in WRITERS:
                assert health.Check(health_pb2.HealthCheckRequest(service=service)).status == NOT_SERVING
            assert health.Check(health_pb2.HealthCheckRequest(service="ocop.v1.AuditService")).status == SERVING
            for caller, method, request in (
                (INTEGRATION, "scoring.Score", None),
                (ADMIN, "councils.OpenCouncilSession", open_request("s-after")),
                (AUDITOR, "audit.CreateCheckpoint", audit_pb2.CreateCheckpointRequest()),
            ):
                c = Caller(ch, caller)
                with pytest.raises(grpc.RpcError) as err:
                    if request is None:
                        recorded(c, "P-9", "after")
                    else:
                        service, name = method.split(".")
                        c(getattr(getattr(c, service), name), request)
                assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION, method
                assert details(err.value)["ErrorInfo"].reason == "AUDIT_TRAIL_UNVERIFIED"
                assert "không nhận thao tác ghi" in details(err.value)["LocalizedMessage"].message
            reader = Caller(ch)
            report = reader(reader.audit.VerifyAuditTrail, audit_pb2.VerifyAuditTrailRequest())
            assert not report.ok and report.first_bad_seq == bad
            listed = reader(reader.audit.ListEvents, audit_pb2.ListEventsRequest(page_size=100))
            assert len(listed.events) >= 2  # reads go on
    finally:
        second.stop(grace=None)
    with reopen(store) as other:
        assert other.by_request_id("after") is None
        assert (witness.read_bytes(), other.stored_checkpoints()) == before  # nothing signed, even at shutdown
    drop_store(store)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_restart_on_a_sound_store_takes_writes(kind, tmp_path):
    store = make_store(kind, tmp_path)
    auth = load_auth(str(write_auth_file(tmp_path / "auth.yaml")), "on")
    for round_ in range(2):
        running = start(store=reopen(store) if round_ else store, auth=auth, data_dir=str(tmp_path))
        try:
            assert running.audit.broken is None
            with grpc.insecure_channel(running.address) as ch:
                recorded(Caller(ch, INTEGRATION), "P-1", f"round-{round_}")
                health = health_pb2_grpc.HealthStub(ch)
                assert all(health.Check(health_pb2.HealthCheckRequest(service=s)).status == SERVING for s in WRITERS)
        finally:
            running.stop(grace=None)
    drop_store(store)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_store_changed_while_serving_stops_the_writers(kind, tmp_path):
    store = make_store(kind, tmp_path)
    auth = load_auth(str(write_auth_file(tmp_path / "auth.yaml")), "on")
    running = start(store=store, auth=auth, data_dir=str(tmp_path))
    try:
        with grpc.insecure_channel(running.address) as ch:
            recorded(Caller(ch, INTEGRATION), "P-1", "before")
            with reopen(store) as other:
                forge_tail(other)
            with pytest.raises(grpc.RpcError) as err:
                recorded(Caller(ch, INTEGRATION), "P-2", "after")
            assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert details(err.value)["ErrorInfo"].reason == "AUDIT_TRAIL_UNVERIFIED"
            health = health_pb2_grpc.HealthStub(ch)
            for service in WRITERS:
                assert health.Check(health_pb2.HealthCheckRequest(service=service)).status == NOT_SERVING
    finally:
        running.stop(grace=None)
    with reopen(store) as other:
        assert other.by_request_id("after") is None
    drop_store(store)
