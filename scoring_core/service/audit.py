"""AuditService: product trails, events, verification, replay and checkpoints over the audit store."""

from __future__ import annotations

import grpc

from scoring_core.api.ocop.v1 import audit_pb2, audit_pb2_grpc
from scoring_core.audit.checkpoints import stored_checkpoints
from scoring_core.audit.events import Event
from scoring_core.audit.verify import verify
from scoring_core.audit.witness import WitnessGuard
from scoring_core.councils.contests import ContestBook
from scoring_core.councils.council import CouncilError
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.replay import replay_result, stored_record
from scoring_core.service import names
from scoring_core.service.audit_convert import (
    checkpoint_message,
    checkpoints_of,
    differences,
    event_message,
    kind_name,
    trail_entry,
    trusted_keys,
    verify_message,
)
from scoring_core.service.auth import WRITES, require
from scoring_core.service.councils import fail
from scoring_core.service.evaluations import evaluation_message
from scoring_core.service.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, cursor, cursor_token, page

SERVICE = "/ocop.v1.AuditService/"


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    """Reads the store; verifies it against the witness; signs witnessed heads with the deployment key."""

    def __init__(self, contests: ContestBook, guard: WitnessGuard) -> None:
        self.contests, self.store, self.scorer, self.guard = contests, contests.store, contests.scorer, guard
        self.signer = guard.signer

    def _event(self, seq: int) -> Event:
        event = self.store.get(seq)
        if event is None:
            raise CouncilError("not_found", f"no event {seq}", f"Không có sự kiện {seq}")
        return event

    def GetAuditTrail(self, request: audit_pb2.GetAuditTrailRequest, context: grpc.ServicerContext):
        """Every event about one product, in order, as a council reads it."""
        try:
            pid = names.trail_product(request.name)
            trail = self.contests.trail(pid)
            if not trail.entries:
                raise CouncilError(
                    "not_found", f"nothing is recorded about product {pid}", f"Chưa có sự kiện nào về sản phẩm {pid}"
                )
            entries, token = page([trail_entry(e) for e in trail.entries], request.page_size, request.page_token, pid)
            return audit_pb2.AuditTrail(name=request.name, product_id=pid, entries=entries, next_page_token=token)
        except Exception as exc:
            fail(context, exc)

    def GetEvent(self, request: audit_pb2.GetEventRequest, context: grpc.ServicerContext):
        """One event with its stored bytes."""
        try:
            return event_message(self._event(names.numbered(request.name, "events", "name")))
        except Exception as exc:
            fail(context, exc)

    def ListEvents(self, request: audit_pb2.ListEventsRequest, context: grpc.ServicerContext):
        """Events in sequence order, a page at a time (the token is a cursor on seq)."""
        try:
            if request.page_size < 0:
                raise names.bad("page_size", "page_size must not be negative", "Kích thước trang không được âm")
            size = min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
            query = f"{request.kind}|{request.subject}|{request.start}"
            start = cursor(request.page_token, query) + 1 if request.page_token else max(request.start, 1)
            found = []
            for event in self.store.events(
                start, kind=kind_name(request.kind), subject=request.subject or None, page=size + 1
            ):
                found.append(event)
                if len(found) > size:
                    break
            more = len(found) > size
            found = found[:size]
            token = cursor_token(found[-1].seq, query) if more else ""
            return audit_pb2.ListEventsResponse(events=[event_message(e) for e in found], next_page_token=token)
        except Exception as exc:
            fail(context, exc)

    def VerifyAuditTrail(self, request: audit_pb2.VerifyAuditTrailRequest, context: grpc.ServicerContext):
        """Recompute the chain and check it against the witness and the checkpoints given (and stored)."""
        try:
            report = verify(
                self.store,
                checkpoints_of(request),
                trusted_keys(request) or None,
                use_stored=not request.ignore_stored_checkpoints,
                witness=self.guard.current(),
            )
            return verify_message(report)
        except Exception as exc:
            fail(context, exc)

    def ReplayEvaluation(self, request: audit_pb2.ReplayEvaluationRequest, context: grpc.ServicerContext):
        """Recompute a recorded evaluation or member sheet; identical or where it differs."""
        try:
            which = request.WhichOneof("event")
            if which == "name":
                event = self._event(names.numbered(request.name, "events", "name"))
            elif which == "request_id" and request.request_id:
                event = self.store.by_request_id(request.request_id)  # type: ignore[assignment]  # None: refused below
                if event is None:
                    raise CouncilError(
                        "not_found",
                        f"no event recorded under request_id {request.request_id}",
                        f"Không có sự kiện với mã yêu cầu {request.request_id}",
                    )
            else:
                raise names.bad(
                    "name",
                    "give the event's name (events/{seq}) or its request_id",
                    "Cần tên sự kiện (events/{seq}) hoặc mã yêu cầu",
                )
            record = stored_record(event)
            replayed, found = replay_result(event, self.scorer)
            return audit_pb2.ReplayEvaluationResponse(
                event=names.event_name(event.seq),
                identical=not found,
                differences=differences(found),
                stored=evaluation_message(Evaluation.model_validate(record["result"])),
                replayed=evaluation_message(replayed),
            )
        except Exception as exc:
            fail(context, exc)

    def CreateCheckpoint(self, request: audit_pb2.CreateCheckpointRequest, context: grpc.ServicerContext):
        """Sign the head now (only a witnessed head); while it has not moved, the last checkpoint is returned."""
        try:
            require(WRITES[SERVICE + "CreateCheckpoint"])
            kept = stored_checkpoints(self.store)
            head = self.store.head()
            if kept and (kept[-1].size, kept[-1].head_hash) == head and kept[-1].key_id == self.signer.key_id:
                if self.guard.broken is not None:
                    raise self.guard.broken
                return checkpoint_message(kept[-1])
            cp = self.guard.checkpoint(self.store)
            if cp is None:
                raise CouncilError(
                    "failed_precondition",
                    "the trail is empty: nothing to sign",
                    "Chuỗi sự kiện trống: chưa có gì để ký",
                )
            return checkpoint_message(cp)
        except Exception as exc:
            fail(context, exc)

    def ListCheckpoints(self, request: audit_pb2.ListCheckpointsRequest, context: grpc.ServicerContext):
        """The stored checkpoints, oldest first."""
        try:
            items = [checkpoint_message(c) for c in stored_checkpoints(self.store)]
            found, token = page(items, request.page_size, request.page_token, "checkpoints")
            return audit_pb2.ListCheckpointsResponse(checkpoints=found, next_page_token=token)
        except Exception as exc:
            fail(context, exc)
