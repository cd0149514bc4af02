"""Done when, over gRPC on SQLite and PostgreSQL: a council of five scores, a spread over 10 forces a re-score,
the mean gives the stars, a contest is upheld into a linked revision, the trail shows it all, the chain verifies."""

import grpc
import pytest
from grpc_audit_support import (
    AUDITOR,
    CHAIR,
    PRODUCER,
    SECRETARY,
    C,
    Caller,
    D,
    E,
    open_request,
    sheet_request,
)
from grpc_support import details

from scoring_core.api.ocop.v1 import (
    audit_pb2,
    contests_pb2,
    councils_pb2,
    criteria_pb2,
)
from scoring_core.service.values import to_value

pytestmark = pytest.mark.audit_backends  # server: one per backend (conftest.py)


def as_(channel, name=None):
    return Caller(channel, name)


def test_council_of_five_end_to_end(server, channel):
    chair, secretary, producer, auditor = (as_(channel, n) for n in (CHAIR, SECRETARY, PRODUCER, AUDITOR))
    session = secretary(secretary.councils.OpenCouncilSession, open_request("hd-1", request_id="open-1"))
    assert (session.name, session.level, session.sheet, session.opened_by) == (
        "councils/hd-1",
        criteria_pb2.PROVINCE,
        "2026/98",
        SECRETARY,
    )
    assert session.content_hash.startswith("sha256:") and len(session.members) == 5

    # Round 1: Em is 20 points below the others -> re-score, listing members and totals.
    for name, changes in (
        (CHAIR, {}),
        (SECRETARY, {}),
        (C, {}),
        (D, {}),
        (E, {"C6_2": 1, "A1_2": {"case": 1, "option": 1}}),
    ):
        member = as_(channel, name)
        sheet = member(member.councils.SubmitMemberSheet, sheet_request("hd-1", request_id=f"r1-{name}", **changes))
        assert (sheet.member, sheet.round, sheet.name.startswith("events/")) == (name, 1, True)
    assert sheet.evaluation.total == "70"
    rescore = chair(
        chair.councils.CloseProduct,
        councils_pb2.CloseProductRequest(session="councils/hd-1", product_id="P-1", request_id="close-1"),
    )
    assert rescore.status == councils_pb2.RESCORE_REQUIRED and rescore.spread == "20" and not rescore.mean_total
    assert [(m.member, m.total) for m in rescore.members] == [
        (CHAIR, "90"),
        (SECRETARY, "90"),
        (C, "90"),
        (D, "90"),
        (E, "70"),
    ]
    assert "chấm lại" in rescore.reason.vi and "re-score" in rescore.reason.en
    state = chair(chair.councils.GetCouncilSession, councils_pb2.GetCouncilSessionRequest(name="councils/hd-1"))
    product = state.products[0]
    assert (product.round, list(product.submitted), product.quorum_met, product.concluded) == (2, [], False, False)
    assert product.latest_result.status == councils_pb2.RESCORE_REQUIRED

    # Round 2: three sheets are not a quorum of five (four, the chair among them, are needed).
    for name, changes in ((CHAIR, {}), (SECRETARY, {}), (D, {"C6_2": 1})):
        member = as_(channel, name)
        member(member.councils.SubmitMemberSheet, sheet_request("hd-1", request_id=f"r2-{name}", **changes))
    with pytest.raises(grpc.RpcError) as err:
        secretary(
            secretary.councils.CloseProduct, councils_pb2.CloseProductRequest(session="councils/hd-1", product_id="P-1")
        )
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "Chưa đủ số lượng" in details(err.value)["LocalizedMessage"].message
    for name in (C, E):
        member = as_(channel, name)
        member(
            member.councils.SubmitMemberSheet,
            sheet_request("hd-1", request_id=f"r2-{name}", **({"C6_2": 1} if name == E else {})),
        )
    result = secretary(
        secretary.councils.CloseProduct,
        councils_pb2.CloseProductRequest(session="councils/hd-1", product_id="P-1", request_id="close-2"),
    )
    assert (result.status, result.round, result.mean_total, result.spread) == (
        councils_pb2.RECOGNISED,
        2,
        "86.00",
        "10",
    )
    assert (result.band_star, result.final_star, result.recognising_level) == (4, 4, criteria_pb2.PROVINCE)
    assert result.criteria["C6.2"] == "16.00" and result.parts["C"] == "31.00"
    assert [(g.criterion, g.star) for g in result.failed_gates] == [("A1.1", 5)]
    rec = result.recognition
    assert (rec.star, rec.level, rec.valid_from, rec.valid_until, rec.state) == (
        4,
        criteria_pb2.PROVINCE,
        "2026-08-01",
        "2029-07-31",
        councils_pb2.ACTIVE,
    )
    again = secretary(
        secretary.councils.CloseProduct,
        councils_pb2.CloseProductRequest(session="councils/hd-1", product_id="P-1", request_id="close-2"),
    )
    assert again.name == result.name and again.already_recorded

    # The producer contests the dossier's labour share (a fact): upheld, every sheet is re-scored.
    contest = contests_pb2.FileContestRequest(
        request_id="contest-1",
        target=result.name,
        criterion="A1.1",
        reason="Tỷ lệ lao động địa phương là 80%",
        evidence=["bảng lương tháng 6/2026"],
        filed_as=contests_pb2.FILED_AS_PRODUCER,
        claim=contests_pb2.ContestClaim(fact="grpctest_labour_pct", value=to_value(80)),
    )
    filed = producer(producer.contests.FileContest, contest)
    assert (filed.state, filed.filed_by, filed.target) == (contests_pb2.PENDING, PRODUCER, result.name)
    with pytest.raises(grpc.RpcError) as err:
        producer(
            producer.contests.ResolveContest,
            contests_pb2.ResolveContestRequest(name=filed.name, decision=contests_pb2.UPHOLD, reason="tự giải quyết"),
        )
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    resolved = secretary(
        secretary.contests.ResolveContest,
        contests_pb2.ResolveContestRequest(
            request_id="resolve-1", name=filed.name, decision=contests_pb2.UPHOLD, reason="Đã đối chiếu bảng lương"
        ),
    )
    assert (resolved.state, resolved.resolved_by, resolved.resolver_role) == (
        contests_pb2.UPHELD,
        SECRETARY,
        "secretary",
    )
    revised = chair(
        chair.councils.GetCouncilResult, councils_pb2.GetCouncilResultRequest(session="councils/hd-1", product_id="P-1")
    )
    assert revised.name == resolved.revision and revised.revision_of == result.name and revised.contest == filed.name
    assert (revised.status, revised.mean_total, revised.final_star, revised.forwarded_to) == (
        councils_pb2.FORWARDED,
        "96.00",
        5,
        criteria_pb2.CENTRAL,
    )
    recognitions = chair(chair.councils.ListRecognitions, councils_pb2.ListRecognitionsRequest(product_id="P-1"))
    assert [(r.name, r.state) for r in recognitions.recognitions] == [(rec.name, councils_pb2.REVOKED)]

    # The trail lists every step in order, as a council reads it.
    trail = chair(chair.audit.GetAuditTrail, audit_pb2.GetAuditTrailRequest(name="products/P-1/trail", page_size=1000))
    kinds = [audit_pb2.AuditEventKind.Name(e.kind) for e in trail.entries]
    assert kinds == (
        ["COUNCIL_OPENED"]
        + ["MEMBER_SHEET_SUBMITTED"] * 5
        + ["COUNCIL_RESULT"]
        + ["MEMBER_SHEET_SUBMITTED"] * 5
        + ["COUNCIL_RESULT", "RECOGNITION_ISSUED", "CONTEST_FILED"]
        + ["MEMBER_SHEET_SUBMITTED"] * 5
        + ["COUNCIL_RESULT", "RECOGNITION_REVOKED", "CONTEST_RESOLVED"]
    )
    assert [e.seq for e in trail.entries] == sorted(e.seq for e in trail.entries)
    text = "\n".join(e.text.vi for e in trail.entries)
    assert "phải chấm lại" in text and "Công nhận 4 sao (cấp tỉnh)" in text and "Khiếu nại #" in text
    assert f"bản sửa đổi lần 1 của #{result.name.split('/')[1]}" in text and "được chấp nhận" in text
    revision_entry = next(e for e in trail.entries if e.event == revised.name)
    assert revision_entry.refs["revision_of"] == result.name and revision_entry.refs["contest"] == filed.name

    # The chain verifies, with a checkpoint an outsider keeps; the sheets replay identically.
    checkpoint = auditor(auditor.audit.CreateCheckpoint, audit_pb2.CreateCheckpointRequest(request_id="cp-1"))
    report = auditor(
        auditor.audit.VerifyAuditTrail,
        audit_pb2.VerifyAuditTrailRequest(checkpoints=[checkpoint], trusted_public_keys=[checkpoint.public_key]),
    )
    assert report.ok and report.size == server.store.size() and report.checkpoints_checked >= 2
    for member in revised.members:
        replayed = auditor(auditor.audit.ReplayEvaluation, audit_pb2.ReplayEvaluationRequest(name=member.sheet))
        assert replayed.identical and replayed.replayed.total == member.total


def test_retries_record_nothing_new(server, channel):
    secretary, chair = as_(channel, SECRETARY), as_(channel, CHAIR)
    first = secretary(secretary.councils.OpenCouncilSession, open_request("hd-retry", "P-2", request_id="o-retry"))
    size = server.store.size()
    assert (
        secretary(secretary.councils.OpenCouncilSession, open_request("hd-retry", "P-2", request_id="o-retry")) == first
    )
    sheet = chair(chair.councils.SubmitMemberSheet, sheet_request("hd-retry", pid="P-2", request_id="s-retry"))
    again = chair(chair.councils.SubmitMemberSheet, sheet_request("hd-retry", pid="P-2", request_id="s-retry"))
    assert again.name == sheet.name and again.already_recorded and not sheet.already_recorded
    assert server.store.size() == size + 1
    with pytest.raises(grpc.RpcError) as err:  # a request id used for something else
        chair(
            chair.councils.CloseProduct,
            councils_pb2.CloseProductRequest(session="councils/hd-retry", product_id="P-2", request_id="s-retry"),
        )
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert details(err.value)["ErrorInfo"].reason == "REQUEST_ID_REUSED"
    with pytest.raises(grpc.RpcError) as err:  # the same request_id, another request of the same method
        chair(chair.councils.SubmitMemberSheet, sheet_request("hd-retry", pid="P-2", request_id="s-retry", C6_2=1))
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert details(err.value)["ErrorInfo"].reason == "REQUEST_ID_REUSED"
    assert server.store.size() == size + 1


def test_bad_requests_name_their_fields(channel):
    secretary = as_(channel, SECRETARY)
    bad = open_request("hd-bad")
    bad.level = criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED
    with pytest.raises(grpc.RpcError) as err:
        secretary(secretary.councils.OpenCouncilSession, bad)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details(err.value)["BadRequest"].field_violations] == ["level"]
    with pytest.raises(grpc.RpcError) as err:
        secretary(secretary.councils.GetCouncilSession, councils_pb2.GetCouncilSessionRequest(name="councils/nope"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    secretary(secretary.councils.OpenCouncilSession, open_request("hd-fields", "P-3"))
    with pytest.raises(grpc.RpcError) as err:
        secretary(secretary.councils.SubmitMemberSheet, sheet_request("hd-fields", pid="P-3", C6_2=9))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "judgements.C6.2.option" in [v.field for v in details(err.value)["BadRequest"].field_violations]
