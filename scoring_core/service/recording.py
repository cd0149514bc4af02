"""Recording plain evaluations: ``Score`` with ``record`` set (integrations only, idempotent on request_id).

A dry run (``record`` false) writes nothing.  Recording appends one ``evaluation_recorded``
event holding everything a replay needs, and answers with the evaluation as stored, named
``events/{seq}``.  A repeated request_id answers with the evaluation recorded first
(``already_recorded``) without scoring again or writing anything; a request_id reused for a
different request is refused (FAILED_PRECONDITION, REQUEST_ID_REUSED): the hash of the request
is kept beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import grpc

from scoring_core.api.ocop.v1 import scoring_pb2
from scoring_core.audit.events import Event, EventKind
from scoring_core.audit.store import AuditStore, RequestIdReused
from scoring_core.errors import Refused
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import record_evaluation
from scoring_core.scoring.request import ScoreRequest
from scoring_core.service.auth import Identity, require
from scoring_core.service.errors import check_deadline
from scoring_core.service.evaluations import evaluation_message
from scoring_core.service.requests import request_data, validate

RECORDERS = frozenset({"integration"})


def recorded_message(event: Event, request_id: str = "") -> scoring_pb2.Evaluation:
    """The Evaluation message of a stored ``evaluation_recorded`` event (named ``events/{seq}``)."""
    if event.kind != EventKind.EVALUATION_RECORDED:
        raise Refused(
            "failed_precondition",
            f"request_id {event.request_id} was used for a {event.kind} event",
            f"Mã yêu cầu {event.request_id} đã được dùng cho một sự kiện khác ({event.kind})",
            "REQUEST_ID_REUSED",
        )
    evaluation = Evaluation.model_validate(event.payload["evaluation"]["result"])
    msg = evaluation_message(evaluation, request_id)
    msg.name = f"events/{event.seq}"
    msg.recorded_at, msg.recorded_by, msg.event_hash = event.time, event.actor, event.hash
    msg.already_recorded = event.duplicate
    return msg


def record(
    scorer: Scorer,
    store: AuditStore,
    request: ScoreRequest,
    evaluation: Evaluation,
    identity: Identity,
    request_id: str = "",
    request_hash: str | None = None,
) -> scoring_pb2.Evaluation:
    """Append the evaluation (a known request_id: the first one) and return the message to answer with."""
    if not identity.has(RECORDERS):
        raise Refused(
            "permission_denied",
            f"{identity.name} is not an integration: only integrations record",
            f"{identity.name} không phải hệ thống tích hợp: chỉ hệ thống tích hợp được ghi kết quả",
            "PERMISSION_DENIED",
        )
    event = record_evaluation(
        store,
        request,
        evaluation,
        actor=identity.name or "anonymous",
        policy=scorer.policy,
        request_id=request_id or None,
        request_hash=request_hash,
    )
    return recorded_message(event, request_id)


def score_fingerprint(msg: scoring_pb2.ScoreRequest, actor: str) -> str:
    """The hash kept beside a recorded Score's request_id: the request (request_id cleared) and its sender."""
    copy = scoring_pb2.ScoreRequest()
    copy.CopyFrom(msg)
    copy.ClearField("request_id")
    digest = hashlib.sha256(b"ocop.v1.ScoreRequest\0" + actor.encode() + b"\0")
    digest.update(copy.SerializeToString(deterministic=True))
    return digest.hexdigest()


class Recorder:
    """What ``ScoringServicer.Score`` calls when ``record`` is set."""

    def __init__(self, store: AuditStore, scorer: Scorer) -> None:
        self.store, self.scorer = store, scorer
        self.catalogue = scorer.plugins.facts()

    def score(
        self,
        msg: scoring_pb2.ScoreRequest,
        score: Callable[[ScoreRequest], Evaluation],
        context: grpc.ServicerContext | None = None,
    ) -> scoring_pb2.Evaluation:
        """Check the caller, answer a known request_id from the store, else validate, ``score`` and record.

        Nothing is recorded once the caller's deadline has passed; a retry under the same
        request_id returns what was recorded before the deadline.
        """
        identity = require(RECORDERS)
        rhash = score_fingerprint(msg, identity.name) if msg.request_id else None
        if msg.request_id and (done := self.store.by_request_id(msg.request_id)) is not None:
            if rhash and done.request_hash and done.request_hash != rhash:
                raise RequestIdReused(msg.request_id, done)
            return recorded_message(done.as_duplicate(), msg.request_id)
        request = validate(request_data(msg), self.scorer, self.catalogue)
        evaluation = score(request)
        if context is not None:
            check_deadline(context)
        return record(self.scorer, self.store, request, evaluation, identity, msg.request_id, rhash)
