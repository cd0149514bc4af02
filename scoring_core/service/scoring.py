"""ScoringService over ``app.Scoring``: Score, BatchScore (one error per bad item, the stream goes on) and Simulate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import structlog

from scoring_core.api.ocop.v1 import scoring_pb2, scoring_pb2_grpc
from scoring_core.app.scoring import Scored, Scoring
from scoring_core.errors import clip
from scoring_core.service.auth import current
from scoring_core.service.decoding import Undecodable, refusal
from scoring_core.service.errors import check_deadline, to_status
from scoring_core.service.evaluations import batch_response, delta, evaluation_message, exact
from scoring_core.service.requests import judgement_data, request_data
from scoring_core.service.values import from_value


def scored_message(scored: Scored, request_id: str = "") -> scoring_pb2.Evaluation:
    """An evaluation; a recorded one is named ``events/{seq}`` and carries when, by whom and its hash."""
    msg = evaluation_message(scored.evaluation, request_id)
    if scored.event is not None:
        event = scored.event
        msg.name = f"events/{event.seq}"
        msg.recorded_at, msg.recorded_by, msg.event_hash = event.time, event.actor, event.hash
        msg.already_recorded = event.duplicate
    return msg


class ScoringServicer(scoring_pb2_grpc.ScoringServiceServicer):
    """Messages to ``Scoring`` calls and back; errors go to the interceptor."""

    def __init__(self, scoring: Scoring) -> None:
        self.scoring = scoring

    def Score(self, request: scoring_pb2.ScoreRequest, context: grpc.ServicerContext) -> scoring_pb2.Evaluation:
        """One product, the whole evaluation (``record``: appended to the trail by an integration)."""
        scored = self.scoring.score(
            request_data(request),
            current(),
            record=request.record,
            request_id=request.request_id,
            check=lambda: check_deadline(context),
        )
        return scored_message(scored, request.request_id)

    def BatchScore(
        self, request_iterator: Iterator[scoring_pb2.ScoreRequest], context: grpc.ServicerContext
    ) -> Iterator[scoring_pb2.BatchScoreResponse]:
        """One response per request, in order; a bad item gets its own error.

        The call's log line counts the items answered and failed (bound once the stream ends,
        however it ends); items put no regime or sheet in it.
        """
        given: list[Any] = []

        def items() -> Iterator[dict[str, Any] | Exception]:
            for item in request_iterator:
                given.append(item)
                error = refusal(item)  # one item that does not decode: its own error
                yield error if error is not None else request_data(item)

        done = failed = 0
        try:
            for answer in self.scoring.batch(items(), check=lambda: check_deadline(context)):
                item = given.pop()
                if answer.evaluation is not None:
                    out = batch_response(answer.index, item.request_id, item.product.id, answer.evaluation)
                else:
                    assert answer.error is not None  # an Item holds its evaluation or its error
                    failed += 1
                    out = scoring_pb2.BatchScoreResponse(index=answer.index)
                    if not isinstance(item, Undecodable):
                        out.request_id, out.product_id = clip(item.request_id, 200), clip(item.product.id, 200)
                    out.error.CopyFrom(to_status(answer.error))
                done += 1
                yield out
        finally:
            if done:
                structlog.contextvars.bind_contextvars(items=done, failed=failed)

    def Simulate(
        self, request: scoring_pb2.SimulateRequest, context: grpc.ServicerContext
    ) -> scoring_pb2.SimulateResponse:
        """The product as given and with the overrides; nothing is recorded."""
        simulation = self.scoring.simulate(
            request_data(request.request) if request.HasField("request") else None,
            fact_overrides={name: from_value(value) for name, value in request.fact_overrides.items()},
            judgement_overrides={cid: judgement_data(j) for cid, j in request.judgement_overrides.items()},
            remove_judgements=list(request.remove_judgements),
            check=lambda: check_deadline(context),
        )
        before, after = simulation.baseline, simulation.simulated
        return scoring_pb2.SimulateResponse(
            baseline=evaluation_message(before),
            simulated=evaluation_message(after),
            total_delta=delta(before.total, after.total),
            changes=[
                scoring_pb2.CriterionChange(
                    criterion=line.criterion,
                    option_before=prev.option if prev else None,
                    option_after=line.option,
                    points_before=exact(prev.points) if prev else "0",
                    points_after=exact(line.points),
                )
                for prev, line in simulation.changes
            ],
        )
