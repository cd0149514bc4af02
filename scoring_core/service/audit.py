"""AuditService over ``app.Audit``: product trails, events, verification, replay and checkpoints."""

from __future__ import annotations

import grpc

from scoring_core.api.ocop.v1 import audit_pb2, audit_pb2_grpc
from scoring_core.app import names
from scoring_core.app.audit import Audit
from scoring_core.audit.checkpoints import Checkpoint
from scoring_core.service.audit_convert import (
    checkpoint_message,
    differences,
    event_message,
    kind_name,
    trail_entry,
    verify_message,
)
from scoring_core.service.auth import current
from scoring_core.service.evaluations import evaluation_message


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    """Messages to ``Audit`` calls and back; errors go to the interceptor."""

    def __init__(self, audit: Audit) -> None:
        self.audit = audit

    def GetAuditTrail(
        self, request: audit_pb2.GetAuditTrailRequest, context: grpc.ServicerContext
    ) -> audit_pb2.AuditTrail:
        """Every event about one product, in order, as a council reads it."""
        pid, found = self.audit.trail(request.name, request.page_size, request.page_token)
        return audit_pb2.AuditTrail(
            name=request.name,
            product_id=pid,
            entries=[trail_entry(e) for e in found.items],
            next_page_token=found.next_page_token,
        )

    def GetEvent(self, request: audit_pb2.GetEventRequest, context: grpc.ServicerContext) -> audit_pb2.AuditEvent:
        """One event with its stored bytes."""
        return event_message(self.audit.event(request.name))

    def ListEvents(
        self, request: audit_pb2.ListEventsRequest, context: grpc.ServicerContext
    ) -> audit_pb2.ListEventsResponse:
        """Events in sequence order, a page at a time (the token is a cursor on seq)."""
        found = self.audit.events(
            kind_name(request.kind), request.subject, request.start, request.page_size, request.page_token
        )
        return audit_pb2.ListEventsResponse(
            events=[event_message(e) for e in found.items], next_page_token=found.next_page_token
        )

    def VerifyAuditTrail(
        self, request: audit_pb2.VerifyAuditTrailRequest, context: grpc.ServicerContext
    ) -> audit_pb2.VerifyAuditTrailResponse:
        """Recompute the chain and check it against the witness and the checkpoints given (and stored)."""
        report = self.audit.verify(
            [
                Checkpoint(c.size, c.head_hash, c.time, c.key_id, c.signature, c.public_key.encode("utf-8"))
                for c in request.checkpoints
            ],
            request.checkpoints_json,
            list(request.trusted_public_keys),
            request.ignore_stored_checkpoints,
        )
        return verify_message(report)

    def ReplayEvaluation(
        self, request: audit_pb2.ReplayEvaluationRequest, context: grpc.ServicerContext
    ) -> audit_pb2.ReplayEvaluationResponse:
        """Recompute a recorded evaluation or member sheet; identical or where it differs."""
        which = request.WhichOneof("event")
        replay = self.audit.replay(
            request.name if which == "name" else None, request.request_id if which == "request_id" else None
        )
        return audit_pb2.ReplayEvaluationResponse(
            event=names.event_name(replay.event.seq),
            identical=not replay.differences,
            differences=differences(replay.differences),
            stored=evaluation_message(replay.stored),
            replayed=evaluation_message(replay.replayed),
        )

    def CreateCheckpoint(
        self, request: audit_pb2.CreateCheckpointRequest, context: grpc.ServicerContext
    ) -> audit_pb2.Checkpoint:
        """Sign the head now (only a witnessed head); while it has not moved, the last checkpoint is returned."""
        return checkpoint_message(self.audit.create_checkpoint(current()))

    def ListCheckpoints(
        self, request: audit_pb2.ListCheckpointsRequest, context: grpc.ServicerContext
    ) -> audit_pb2.ListCheckpointsResponse:
        """The stored checkpoints, oldest first."""
        found = self.audit.checkpoints(request.page_size, request.page_token)
        return audit_pb2.ListCheckpointsResponse(
            checkpoints=[checkpoint_message(c) for c in found.items], next_page_token=found.next_page_token
        )
