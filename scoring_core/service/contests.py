"""ContestService: filing and resolving contests over the contest book, and their messages.

A producer files as a producer (only for its products when the authorization file lists them);
a council person files as a member (against a council result, a member of that council).  Only
the chair or secretary resolves (the council's own, for a council result, or an overseer of its
level): a producer, or a chair or secretary of another council, is refused.
"""

from __future__ import annotations

from typing import Any, Literal

import grpc

from scoring_core.api.ocop.v1 import contests_pb2, contests_pb2_grpc
from scoring_core.audit.events import EventKind
from scoring_core.councils.contests import ContestBook, ContestState
from scoring_core.councils.council import CouncilError
from scoring_core.service import names
from scoring_core.service.auth import COUNCIL, WRITES, acting_as, denied, require
from scoring_core.service.councils import fail, fingerprint, prior
from scoring_core.service.pagination import page
from scoring_core.service.values import from_value, to_value

SERVICE = "/ocop.v1.ContestService/"
FILED_AS = {"producer": contests_pb2.FILED_AS_PRODUCER, "member": contests_pb2.FILED_AS_MEMBER}
STATE = {None: contests_pb2.PENDING, "upheld": contests_pb2.UPHELD, "rejected": contests_pb2.REJECTED}


def claim_of(request: contests_pb2.FileContestRequest) -> dict[str, Any]:
    """The claim as the contest book takes it."""
    c = request.claim
    which = c.WhichOneof("claim")
    if which == "option":
        return {"option": c.option, **({"case": c.case} if c.HasField("case") else {})}
    if which == "fact":
        return {"fact": names.required(c.fact, "claim.fact"), "value": from_value(c.value)}
    raise names.bad(
        "claim", "claim either an option or a corrected fact", "Cần đề nghị một phương án hoặc sửa một dữ kiện"
    )


def filed_as_of(value: int) -> Literal["member", "producer"]:
    """The role a contest is filed in (UNSPECIFIED: producer); INVALID_ARGUMENT outside the enum."""
    roles: dict[int, Literal["member", "producer"]] = {
        contests_pb2.FILED_AS_UNSPECIFIED: "producer",
        contests_pb2.FILED_AS_PRODUCER: "producer",
        contests_pb2.FILED_AS_MEMBER: "member",
    }
    if value not in roles:
        raise names.bad(
            "filed_as", "give FILED_AS_PRODUCER or FILED_AS_MEMBER", "Cần chọn FILED_AS_PRODUCER hoặc FILED_AS_MEMBER"
        )
    return roles[value]


def contest_message(c: ContestState, already: bool = False) -> contests_pb2.Contest:
    """A contest and its resolution."""
    f, r = c.filing, c.resolution
    claim = contests_pb2.ContestClaim()
    if f.claim.option is not None:
        claim.option = f.claim.option
        if f.claim.case is not None:
            claim.case = f.claim.case
    else:
        claim.fact = f.claim.fact or ""
        claim.value.CopyFrom(to_value(f.claim.value))
    msg = contests_pb2.Contest(
        name=f"contests/{c.seq}",
        product_id=f.product_id,
        target=names.event_name(f.target),
        target_kind=f.target_kind,
        criterion=f.criterion,
        claim=claim,
        reason=f.reason,
        evidence=f.evidence,
        filed_by=f.by,
        filed_as=FILED_AS[f.role],
        state=STATE[r.outcome if r else None],
        already_recorded=already,
    )
    if r is not None:
        msg.resolution_reason, msg.resolved_by, msg.resolver_role = r.reason, r.by, r.role
        msg.revision, msg.resolution = names.event_name(r.revision), names.event_name(c.resolved_seq)
    return msg


class ContestServicer(contests_pb2_grpc.ContestServiceServicer):
    """Contests over the server's contest book (sharing the council book and its lock)."""

    def __init__(self, contests: ContestBook) -> None:
        self.contests = contests
        self.store = contests.store

    def _contest(self, seq: int) -> ContestState:
        filed = self.store.get(seq)
        if filed is None or filed.kind != EventKind.CONTEST_FILED:
            raise CouncilError("not_found", f"no contest {seq}", f"Không có khiếu nại {seq}")
        return next(c for c in self.contests.contests(filed.payload["product_id"]) if c.seq == seq)

    def FileContest(self, request: contests_pb2.FileContestRequest, context: grpc.ServicerContext):
        """File a contest as producer or council member."""
        try:
            who = require(WRITES[SERVICE + "FileContest"])
            target = names.numbered(names.required(request.target, "target"), "events", "target")
            criterion, reason = names.required(request.criterion, "criterion"), names.text(request.reason, "reason")
            evidence = names.references(request.evidence, "evidence")
            claim = claim_of(request)
            role = filed_as_of(request.filed_as)
            if not who.has({"producer"} if role == "producer" else COUNCIL):
                raise denied(
                    "permission_denied",
                    f"{who.name} cannot file as {role}",
                    f"{who.name} không được khiếu nại với tư cách {role}",
                )
            contested = self.store.get(target)
            if role == "producer" and contested is not None and not who.may_contest(contested.subject or ""):
                raise denied(
                    "permission_denied",
                    f"{who.name} is not the producer of {contested.subject}",
                    f"{who.name} không phải nhà sản xuất của sản phẩm {contested.subject}",
                )
            by = acting_as(who, request.filed_by, "filed_by")
            rhash = fingerprint(request, by)
            already = prior(self.contests.councils, request.request_id, EventKind.CONTEST_FILED, rhash)
            event = self.contests.file(
                target,
                criterion,
                claim,
                reason,
                by=by,
                role=role,
                evidence=evidence,
                request_id=request.request_id or None,
                request_hash=rhash,
            )
            return contest_message(self._contest(event.seq), already)
        except Exception as exc:
            fail(context, exc)

    def ResolveContest(self, request: contests_pb2.ResolveContestRequest, context: grpc.ServicerContext):
        """Uphold (linked revision) or reject a pending contest."""
        try:
            who = require(WRITES[SERVICE + "ResolveContest"])
            seq = names.numbered(names.required(request.name, "name"), "contests", "name")
            outcomes: dict[int, Literal["upheld", "rejected"]] = {
                contests_pb2.UPHOLD: "upheld",
                contests_pb2.REJECT: "rejected",
            }
            if request.decision not in outcomes:
                raise names.bad("decision", "give UPHOLD or REJECT", "Cần chọn UPHOLD (chấp nhận) hoặc REJECT (bác)")
            reason = names.text(request.reason, "reason")
            by = acting_as(who, request.resolved_by, "resolved_by")
            role = next((r for r in ("chair", "secretary") if r in who.roles), "chair" if who.dev else None)
            rhash = fingerprint(request, by)
            kinds = (EventKind.CONTEST_RESOLVED, EventKind.MEMBER_SHEET_SUBMITTED, EventKind.EVALUATION_RECORDED)
            already = prior(self.contests.councils, request.request_id, kinds, rhash)
            state = self.contests.resolve(
                seq,
                outcomes[request.decision],
                reason,
                by=by,
                role=role,
                request_id=request.request_id or None,
                request_hash=rhash,
                over=who.oversees(),
            )
            return contest_message(state, already)
        except Exception as exc:
            fail(context, exc)

    def GetContest(self, request: contests_pb2.GetContestRequest, context: grpc.ServicerContext):
        """One contest."""
        try:
            return contest_message(self._contest(names.numbered(request.name, "contests", "name")))
        except Exception as exc:
            fail(context, exc)

    def ListContests(self, request: contests_pb2.ListContestsRequest, context: grpc.ServicerContext):
        """The contests about one product, in filing order."""
        try:
            pid = names.required(request.product_id, "product_id")
            items = [contest_message(c) for c in self.contests.contests(pid)]
            found, token = page(items, request.page_size, request.page_token, pid)
            return contests_pb2.ListContestsResponse(contests=found, next_page_token=token)
        except Exception as exc:
            fail(context, exc)
