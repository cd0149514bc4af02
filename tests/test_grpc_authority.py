"""Council authority over gRPC: a chair and five distinct people, officer actions only for the officers of the
deciding council or an overseer of its level; every denial names why (vi/en) and writes nothing."""

import grpc
import pytest
from grpc_audit_support import (
    CENTRAL_OVERSEER,
    CHAIR,
    OTHER_CHAIR,
    OTHER_SECRETARY,
    PROVINCE_OVERSEER,
    SECRETARY,
    C,
    Caller,
    D,
    E,
    open_request,
    sheet_request,
)
from grpc_support import details

from scoring_core.api.ocop.v1 import contests_pb2, councils_pb2

DENIED = grpc.StatusCode.PERMISSION_DENIED


pytestmark = pytest.mark.audit_backends


def refused(server, caller, method, request, code, *why):
    """The call fails with ``code``, says why in Vietnamese and English, and writes nothing."""
    size = server.store.size()
    with pytest.raises(grpc.RpcError) as err:
        caller(method, request)
    assert err.value.code() == code, err.value.details()
    assert server.store.size() == size, "a refused call wrote something"
    found = details(err.value)
    text = err.value.details() + " " + found["LocalizedMessage"].message
    assert found["LocalizedMessage"].message and all(w in text for w in why), text
    return err.value


def close(sid, pid="P-1", by=""):
    return councils_pb2.CloseProductRequest(session=f"councils/{sid}", product_id=pid, closed_by=by)


def test_a_lone_chair_can_never_recognise(server, channel):
    chair = Caller(channel, CHAIR)
    alone = open_request("hd-alone", members=[(CHAIR, "chair")])
    err = refused(
        server, chair, chair.councils.OpenCouncilSession, alone, grpc.StatusCode.INVALID_ARGUMENT, "at least 5"
    )
    assert [v.field for v in details(err)["BadRequest"].field_violations] == ["members"]
    twice = open_request(
        "hd-twice",
        members=[(CHAIR, "chair"), ("chủ tịch  AN", "member"), (C, "member"), (D, "member"), (E, "member")],
    )
    refused(
        server, chair, chair.councils.OpenCouncilSession, twice, grpc.StatusCode.INVALID_ARGUMENT, "one seat", "một ghế"
    )
    # Five seats on paper, only the chair acting: it cannot fill the others' sheets nor close without them.
    chair(chair.councils.OpenCouncilSession, open_request("hd-paper"))
    chair(chair.councils.SubmitMemberSheet, sheet_request("hd-paper"))
    for member in (SECRETARY, C, D):
        refused(
            server,
            chair,
            chair.councils.SubmitMemberSheet,
            sheet_request("hd-paper", member=member),
            DENIED,
            "only the secretary",
            "chỉ thư ký",
        )
    refused(
        server, chair, chair.councils.CloseProduct, close("hd-paper"), grpc.StatusCode.FAILED_PRECONDITION, "no quorum"
    )


def test_officers_of_another_council_are_refused_and_overseers_of_the_level_allowed(server, channel):
    secretary, chair, member = Caller(channel, SECRETARY), Caller(channel, CHAIR), Caller(channel, C)
    other_chair, other_secretary = Caller(channel, OTHER_CHAIR), Caller(channel, OTHER_SECRETARY)
    province, central = Caller(channel, PROVINCE_OVERSEER), Caller(channel, CENTRAL_OVERSEER)
    secretary(secretary.councils.OpenCouncilSession, open_request("hd-own"))
    other_chair(
        other_chair.councils.OpenCouncilSession,
        open_request(
            "hd-other",
            members=[
                (OTHER_CHAIR, "chair"),
                (OTHER_SECRETARY, "secretary"),
                (C, "member"),
                (D, "member"),
                (E, "member"),
            ],
        ),
    )
    chair(chair.councils.SubmitMemberSheet, sheet_request("hd-own"))
    for name in (C, D):  # the secretary enters two members' paper sheets on their behalf
        sheet = secretary(secretary.councils.SubmitMemberSheet, sheet_request("hd-own", member=name))
        assert sheet.member == name and server.store.get(int(sheet.name.split("/")[1])).actor == SECRETARY
    e = Caller(channel, E)
    e(e.councils.SubmitMemberSheet, sheet_request("hd-own"))
    for caller in (other_chair, other_secretary):
        refused(server, caller, caller.councils.CloseProduct, close("hd-own"), DENIED, "hd-own")
    refused(server, central, central.councils.CloseProduct, close("hd-own"), DENIED, "province")
    result = chair(chair.councils.CloseProduct, close("hd-own"))
    assert result.status == councils_pb2.RECOGNISED
    again = refused(
        server,
        secretary,
        secretary.councils.CloseProduct,
        close("hd-own"),
        grpc.StatusCode.FAILED_PRECONDITION,
        "already concluded",
    )
    info = details(again)["ErrorInfo"]
    assert info.reason == "ALREADY_DECIDED" and info.metadata["event"] == result.name

    # A contest on this council's result: resolved only by its own officers (or the province's overseer).
    filed = member(
        member.contests.FileContest,
        contests_pb2.FileContestRequest(
            target=result.name,
            criterion="C6.2",
            reason="Xin xem xét lại",
            claim=contests_pb2.ContestClaim(option=1),
            filed_as=contests_pb2.FILED_AS_MEMBER,
        ),
    )
    resolve = contests_pb2.ResolveContestRequest(
        name=filed.name, decision=contests_pb2.REJECT, reason="Không đủ căn cứ"
    )
    for caller in (other_chair, other_secretary):
        refused(server, caller, caller.contests.ResolveContest, resolve, DENIED, "hd-own")
    resolved = province(province.contests.ResolveContest, resolve)
    assert (resolved.state, resolved.resolved_by, resolved.resolver_role) == (
        contests_pb2.REJECTED,
        PROVINCE_OVERSEER,
        "overseer",
    )
    refused(
        server,
        secretary,
        secretary.contests.ResolveContest,
        resolve,
        grpc.StatusCode.FAILED_PRECONDITION,
        "already resolved",
    )

    # Its recognition: revoked only by this council's officers or the province's overseer.
    revoke = councils_pb2.RevokeRecognitionRequest(name=result.recognition.name, reason="Vi phạm an toàn thực phẩm")
    for caller in (other_chair, other_secretary, central):
        refused(server, caller, caller.councils.RevokeRecognition, revoke, DENIED, "revoke", "thu hồi")
    assert province(province.councils.RevokeRecognition, revoke).state == councils_pb2.REVOKED
    refused(server, chair, chair.councils.RevokeRecognition, revoke, grpc.StatusCode.FAILED_PRECONDITION, "not active")


def test_a_lone_secretary_can_never_recognise(server, channel):
    """Attack: one identity with the secretary role opens a session seating itself as secretary, a chair who is
    not a caller ("Ma") and three more names, enters every sheet "on behalf" of them (the chair's too) and closes:
    it recognised a product alone, as a lone chair must never."""
    secretary = Caller(channel, SECRETARY)
    seats = [("Chủ tịch Ma", "chair"), (SECRETARY, "secretary"), ("Ma Một", "member"), ("Ma Hai", "member")]
    secretary(secretary.councils.OpenCouncilSession, open_request("hd-ghost", members=[*seats, ("Ma Ba", "member")]))
    refused(
        server,
        secretary,
        secretary.councils.SubmitMemberSheet,
        sheet_request("hd-ghost", member="Chủ tịch Ma"),
        DENIED,
        "chair",
        "chủ tịch",
    )
    secretary(secretary.councils.SubmitMemberSheet, sheet_request("hd-ghost"))
    for name in ("Ma Một", "Ma Hai", "Ma Ba"):
        secretary(secretary.councils.SubmitMemberSheet, sheet_request("hd-ghost", member=name))
    refused(
        server,
        secretary,
        secretary.councils.CloseProduct,
        close("hd-ghost"),
        grpc.StatusCode.FAILED_PRECONDITION,
        "no quorum",
    )
