"""ContestService over ``app.Contests``: filing and resolving contests, and their messages."""

from __future__ import annotations

from typing import Any

import grpc

from scoring_core.api.ocop.v1 import contests_pb2, contests_pb2_grpc
from scoring_core.app import names
from scoring_core.app.contests import Contests
from scoring_core.councils.contests import ContestState
from scoring_core.service.auth import current
from scoring_core.service.values import from_value, to_value

FILED_AS = {"producer": contests_pb2.FILED_AS_PRODUCER, "member": contests_pb2.FILED_AS_MEMBER}
FILED_AS_NAME: dict[int, str] = {
    contests_pb2.FILED_AS_UNSPECIFIED: "producer",
    contests_pb2.FILED_AS_PRODUCER: "producer",
    contests_pb2.FILED_AS_MEMBER: "member",
}
DECISION: dict[int, str] = {contests_pb2.UPHOLD: "upheld", contests_pb2.REJECT: "rejected"}
STATE = {None: contests_pb2.PENDING, "upheld": contests_pb2.UPHELD, "rejected": contests_pb2.REJECTED}


def claim_data(request: contests_pb2.FileContestRequest) -> dict[str, Any] | None:
    """The claim as plain values (None: neither an option nor a fact)."""
    c = request.claim
    which = c.WhichOneof("claim")
    if which == "option":
        return {"option": c.option, "case": c.case if c.HasField("case") else None}
    if which == "fact":
        return {"fact": c.fact, "value": from_value(c.value)}
    return None


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
    """Messages to ``Contests`` calls and back; errors go to the interceptor."""

    def __init__(self, contests: Contests) -> None:
        self.contests = contests

    def FileContest(
        self, request: contests_pb2.FileContestRequest, context: grpc.ServicerContext
    ) -> contests_pb2.Contest:
        """File a contest as producer or council member."""
        state, already = self.contests.file(
            current(),
            target=request.target,
            criterion=request.criterion,
            claim=claim_data(request),
            reason=request.reason,
            filed_as=FILED_AS_NAME.get(request.filed_as, str(request.filed_as)),
            filed_by=request.filed_by,
            evidence=list(request.evidence),
            request_id=request.request_id,
        )
        return contest_message(state, already)

    def ResolveContest(
        self, request: contests_pb2.ResolveContestRequest, context: grpc.ServicerContext
    ) -> contests_pb2.Contest:
        """Uphold (linked revision) or reject a pending contest."""
        state, already = self.contests.resolve(
            current(),
            name=request.name,
            decision=DECISION.get(request.decision),
            reason=request.reason,
            resolved_by=request.resolved_by,
            request_id=request.request_id,
        )
        return contest_message(state, already)

    def GetContest(
        self, request: contests_pb2.GetContestRequest, context: grpc.ServicerContext
    ) -> contests_pb2.Contest:
        """One contest."""
        return contest_message(self.contests.contest(request.name))

    def ListContests(
        self, request: contests_pb2.ListContestsRequest, context: grpc.ServicerContext
    ) -> contests_pb2.ListContestsResponse:
        """The contests about one product, in filing order."""
        found = self.contests.list(request.product_id, request.page_size, request.page_token)
        return contests_pb2.ListContestsResponse(
            contests=[contest_message(c) for c in found.items], next_page_token=found.next_page_token
        )
