"""Authorization: tokens and roles from the deployment file; every denial is UNAUTHENTICATED or PERMISSION_DENIED,
logged, and writes nothing (SQLite and PostgreSQL); the unconfigured default refuses writes; OCOP_AUTH=off."""

import hashlib

import grpc
import pytest
from grpc_audit_support import (
    ADMIN,
    AUDITOR,
    CHAIR,
    FACTS,
    INTEGRATION,
    OTHER_PRODUCER,
    PRODUCER,
    SECRETARY,
    STRANGER,
    C,
    Caller,
    D,
    E,
    open_request,
    sheet_request,
    write_auth_file,
)
from grpc_support import details, start, test_scorer
from product_files import product
from structlog.testing import capture_logs

from scoring_core.api.ocop.v1 import (
    audit_pb2,
    contests_pb2,
    councils_pb2,
    councils_pb2_grpc,
)
from scoring_core.client import to_request
from scoring_core.errors import ConfigError
from scoring_core.service import ServerConfig, build_server
from scoring_core.service.auth import READS, WRITES, WRITES_WHEN, load_auth, policy
from scoring_core.service.server import SERVICES

UNAUTHENTICATED, DENIED = grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED


pytestmark = pytest.mark.audit_backends  # server: one per backend (conftest.py)


@pytest.fixture(scope="module")
def setting(server, channel):
    """A session with the chair's sheet in, and a recorded evaluation to contest."""
    secretary, chair, integration = (Caller(channel, n) for n in (SECRETARY, CHAIR, INTEGRATION))
    secretary(secretary.councils.OpenCouncilSession, open_request("hd-auth"))
    chair(chair.councils.SubmitMemberSheet, sheet_request("hd-auth"))
    recorded = integration(integration.scoring.Score, to_request({**product(facts=FACTS), "record": True}))
    return {"evaluation": recorded.name}


def _record(pid):
    msg = to_request(product(pid, facts=FACTS))
    msg.record = True
    return msg


def contest(target, filed_as=contests_pb2.FILED_AS_PRODUCER):
    return contests_pb2.FileContestRequest(
        target=target,
        criterion="C6.2",
        reason="Xin xem xét lại",
        claim=contests_pb2.ContestClaim(option=2),
        filed_as=filed_as,
    )


def refused(server, caller, method, request, code):
    """The call fails with ``code``, logs one denial, and writes nothing."""
    size = server.store.size()
    with capture_logs() as logs, pytest.raises(grpc.RpcError) as err:
        caller(method, request)
    assert err.value.code() == code, err.value.details()
    assert server.store.size() == size, "a refused call wrote something"
    denials = [e for e in logs if e["event"] == "auth_denied"]
    assert len(denials) == 1 and denials[0]["code"] == code.name
    found = details(err.value)
    assert found["LocalizedMessage"].message and found["ErrorInfo"].reason == code.name
    return err.value


def test_no_token_is_unauthenticated_for_every_write(server, channel, setting):
    anonymous = Caller(channel)
    for method, request in (
        (anonymous.councils.OpenCouncilSession, open_request("hd-anon")),
        (anonymous.councils.SubmitMemberSheet, sheet_request("hd-auth", member=C)),
        (
            anonymous.councils.CloseProduct,
            councils_pb2.CloseProductRequest(session="councils/hd-auth", product_id="P-1"),
        ),
        (anonymous.scoring.Score, _record("P-1")),
        (anonymous.contests.FileContest, contest(setting["evaluation"])),
        (anonymous.audit.CreateCheckpoint, audit_pb2.CreateCheckpointRequest()),
    ):
        error = refused(server, anonymous, method, request, UNAUTHENTICATED)
        assert "Bearer" in error.details()
    assert anonymous(anonymous.audit.GetAuditTrail, audit_pb2.GetAuditTrailRequest(name="products/P-1/trail"))
    assert anonymous(anonymous.scoring.Score, to_request(product(facts=FACTS))).total == "90"  # a dry run is a read


def test_an_unknown_token_is_refused_even_on_reads(server, channel, setting):
    forged = Caller(channel, raw_token="not-a-token")
    refused(
        server,
        forged,
        forged.audit.GetAuditTrail,
        audit_pb2.GetAuditTrailRequest(name="products/P-1/trail"),
        UNAUTHENTICATED,
    )
    refused(server, forged, forged.councils.OpenCouncilSession, open_request("hd-forged"), UNAUTHENTICATED)


def test_a_producer_cannot_resolve_a_contest(server, channel, setting):
    producer = Caller(channel, PRODUCER)
    filed = producer(producer.contests.FileContest, contest(setting["evaluation"]))
    error = refused(
        server,
        producer,
        producer.contests.ResolveContest,
        contests_pb2.ResolveContestRequest(name=filed.name, decision=contests_pb2.UPHOLD, reason="tự giải quyết"),
        DENIED,
    )
    assert "ResolveContest" in error.details()


def test_a_member_submits_only_their_own_sheet(server, channel, setting):
    cuong, stranger = Caller(channel, C), Caller(channel, STRANGER)
    error = refused(server, cuong, cuong.councils.SubmitMemberSheet, sheet_request("hd-auth", member=D), DENIED)
    assert "may not enter a member's sheet: only the secretary" in error.details()
    error = refused(server, stranger, stranger.councils.SubmitMemberSheet, sheet_request("hd-auth"), DENIED)
    assert "is not a member of session hd-auth" in error.details()
    assert cuong(cuong.councils.SubmitMemberSheet, sheet_request("hd-auth", member=C)).member == C


def test_only_integrations_record_evaluations(server, channel, setting):
    for name in (CHAIR, ADMIN, PRODUCER):
        caller = Caller(channel, name)
        error = refused(server, caller, caller.scoring.Score, _record("P-1"), DENIED)
        assert "integration" in error.details()


def test_council_roles_are_checked_per_session(server, channel, setting):
    cuong, chair, admin = Caller(channel, C), Caller(channel, CHAIR), Caller(channel, ADMIN)
    close = councils_pb2.CloseProductRequest(session="councils/hd-auth", product_id="P-1")
    refused(server, cuong, cuong.councils.CloseProduct, close, DENIED)  # a member never closes
    refused(server, cuong, cuong.councils.OpenCouncilSession, open_request("hd-by-member"), DENIED)
    outsider = open_request(
        "hd-outsider",
        members=[(SECRETARY, "chair"), (C, "secretary"), (D, "member"), (E, "member"), (STRANGER, "member")],
    )
    error = refused(server, chair, chair.councils.OpenCouncilSession, outsider, DENIED)
    assert "not the chair or secretary" in error.details()
    secretary_elsewhere = councils_pb2.CloseProductRequest(
        session="councils/hd-auth", product_id="P-1", closed_by=SECRETARY
    )
    refused(server, chair, chair.councils.CloseProduct, secretary_elsewhere, DENIED)  # acting as someone else
    assert admin(admin.councils.OpenCouncilSession, outsider).opened_by == ADMIN


def test_producers_contest_only_their_products_and_members_only_as_members(server, channel, setting):
    other, member = Caller(channel, OTHER_PRODUCER), Caller(channel, C)
    error = refused(server, other, other.contests.FileContest, contest(setting["evaluation"]), DENIED)
    assert "not the producer of P-1" in error.details()
    refused(server, member, member.contests.FileContest, contest(setting["evaluation"]), DENIED)
    auditor = Caller(channel, AUDITOR)
    refused(server, auditor, auditor.contests.FileContest, contest(setting["evaluation"]), DENIED)


def test_every_method_is_classified():
    methods = {f"/{service}/{m.name}" for service in SERVICES for m in _descriptor(service).methods}
    assert methods <= set(WRITES) | set(WRITES_WHEN) | READS
    assert set(WRITES) | set(WRITES_WHEN) | READS <= methods
    assert policy("/ocop.v1.NewService/Write", None) == {"admin"}  # an unclassified method fails closed
    assert policy("/grpc.health.v1.Health/Check", None) is None


def _descriptor(service):
    from google.protobuf import descriptor_pool

    import scoring_core.service.server  # noqa: F401  (registers every ocop.v1 file)

    return descriptor_pool.Default().FindServiceByName(service)


def test_without_an_auth_file_writes_are_refused_and_reads_open(tmp_path):
    running = start(auth=load_auth(None, "on"))
    try:
        with grpc.insecure_channel(running.address) as ch:
            secretary = Caller(ch, SECRETARY)
            error = refused(
                running, secretary, secretary.councils.OpenCouncilSession, open_request("hd-x"), UNAUTHENTICATED
            )
            assert "OCOP_AUTH_FILE" in details(error)["LocalizedMessage"].message
            stub = councils_pb2_grpc.CouncilServiceStub(ch)
            assert not stub.ListRecognitions(councils_pb2.ListRecognitionsRequest()).recognitions
    finally:
        running.stop(grace=None)


def test_auth_off_takes_names_from_the_request(tmp_path):
    running = start(auth=load_auth(None, "off"))
    try:
        with grpc.insecure_channel(running.address) as ch:
            anyone = Caller(ch)
            anyone(anyone.councils.OpenCouncilSession, open_request("hd-dev"))
            sheet = anyone(anyone.councils.SubmitMemberSheet, sheet_request("hd-dev", member=C))
            assert sheet.member == C and running.store.get(int(sheet.name.split("/")[1])).actor == C
            assert anyone(anyone.scoring.Score, _record("P-9")).recorded_by == "anonymous"
    finally:
        running.stop(grace=None)


def test_the_auth_file(tmp_path):
    good = tmp_path / "auth.yaml"
    digest = hashlib.sha256(b"s3cret").hexdigest()
    good.write_text(f"identities:\n  - {{name: Cổng, roles: [integration], token_sha256: {digest}}}\n", "utf-8")
    config = load_auth(str(good), "on")
    assert config.lookup("s3cret").name == "Cổng" and config.lookup("other") is None and config.reads == "open"
    for body in (
        "identities: [{name: X, roles: [king], token: t}]",
        "identities: [{name: X, roles: [admin]}]",
        "identities: [{roles: [admin], token: t}]",
        "reads: sometimes",
        "identities: [{name: A, roles: [admin], token: t}, {name: B, roles: [member], token: t}]",
    ):
        (tmp_path / "bad.yaml").write_text(body, "utf-8")
        with pytest.raises(ConfigError):
            load_auth(str(tmp_path / "bad.yaml"), "on")
    with pytest.raises(ConfigError):
        load_auth(str(tmp_path / "missing.yaml"), "on")


def test_auth_off_only_on_a_loopback_address(tmp_path):
    with pytest.raises(ConfigError, match="loopback"):
        build_server(
            ServerConfig(address="0.0.0.0:0", data_dir=str(tmp_path)), test_scorer(), auth=load_auth(None, "off")
        )
    assert not (tmp_path / "audit.sqlite3").exists()


def test_reads_may_require_an_identity(tmp_path):
    path = write_auth_file(tmp_path / "auth.yaml")
    path.write_text(path.read_text("utf-8").replace("reads: open", "reads: authenticated"), "utf-8")
    running = start(auth=load_auth(str(path), "on"))
    try:
        with grpc.insecure_channel(running.address) as ch:
            anonymous, auditor = Caller(ch), Caller(ch, AUDITOR)
            request = councils_pb2.ListRecognitionsRequest()
            refused(running, anonymous, anonymous.councils.ListRecognitions, request, UNAUTHENTICATED)
            assert not auditor(auditor.councils.ListRecognitions, request).recognitions
    finally:
        running.stop(grace=None)
