"""ScoringService: Score, BatchScore (one error per bad item, the stream goes on) and Simulate."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import grpc
import structlog

from scoring_core.api.ocop.v1 import scoring_pb2, scoring_pb2_grpc
from scoring_core.errors import InvalidRequest, NotFound, SheetUnavailable, clip
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest, latest_day
from scoring_core.service.decoding import Undecodable, refusal
from scoring_core.service.errors import DeadlineExceeded, PluginFailure, abort, check_deadline, to_status
from scoring_core.service.evaluations import batch_response, changes, delta, evaluation_message
from scoring_core.service.requests import request_data, simulate_requests, validate

log = structlog.get_logger("ocop.service")
_EXPECTED = (InvalidRequest, NotFound, SheetUnavailable)


class ScoringServicer(scoring_pb2_grpc.ScoringServiceServicer):
    """Scores with one shared Scorer (the rules engine serialises its own calls)."""

    #: Set by the server when it records: ``Score`` with ``record`` set goes through it
    #: (``scoring_core.service.recording.Recorder``); None: every Score is a dry run.
    recorder: Any = None

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.catalogue = scorer.plugins.facts()
        # The plugins, sheets and compiled rulesets (some 100,000 objects) live as long as the
        # process: keep the cyclic collector off them, so a full collection triggered by the
        # garbage of requests walks only what requests left (a 60 ms pause becomes well under 1 ms).
        gc.collect()
        gc.freeze()

    def _blame(self, request: ScoreRequest) -> tuple[str | None, str | None]:
        """The plugin and sheet a failed scoring ran on."""
        try:
            entry = self.scorer.resolve(request)[1]
            return entry.plugin, entry.sheet_id
        except Exception:
            return None, request.sheet

    def _score(self, request: ScoreRequest, bind: bool = True) -> Evaluation:
        """Score a checked request; anything unexpected becomes a PluginFailure naming the plugin.
        ``bind``: put the regime and sheet in the call's log context."""
        try:
            evaluation = self.scorer.score(request)
        except _EXPECTED:
            raise
        except Exception as exc:
            plugin, sheet = self._blame(request)
            log.error("plugin_failed", plugin=plugin, sheet=sheet, exc_info=exc)
            raise PluginFailure(plugin, sheet) from exc
        if bind:
            structlog.contextvars.bind_contextvars(regime=evaluation.regime, sheet=evaluation.sheet)
        return evaluation

    def _evaluate(self, data: dict[str, Any], context: grpc.ServicerContext, bind: bool = True) -> Evaluation:
        """Score a request as a product file.

        A well-formed request is parsed and scored straight away (the scorer checks its facts and
        judgements against the sheet itself); only when that fails with an expected error is the
        request validated stage by stage, so the answer lists every bad field at once, exactly as
        ``validate`` words it.
        """
        check_deadline(context)
        try:
            evaluation = self._score(ScoreRequest.parse(data, latest_day()), bind)
        except _EXPECTED:
            evaluation = self._score(validate(data, self.scorer, self.catalogue), bind)
        check_deadline(context)
        return evaluation

    def Score(self, request: scoring_pb2.ScoreRequest, context: grpc.ServicerContext):
        """One product, the whole evaluation."""
        try:
            structlog.contextvars.bind_contextvars(
                **{k: v for k, v in (("sheet", request.sheet), ("regime", request.regime)) if v}
            )
            if self.recorder is not None and getattr(request, "record", False):
                return self.recorder.score(request, self._score, context)
            return evaluation_message(self._evaluate(request_data(request), context), request.request_id)
        except Exception as exc:
            abort(context, exc)

    def BatchScore(
        self, request_iterator: Iterator[scoring_pb2.ScoreRequest], context: grpc.ServicerContext
    ) -> Iterator[scoring_pb2.BatchScoreResponse]:
        """One response per request, in order; a bad item gets its own error.

        The call's log line counts the items answered and failed (bound once the stream ends,
        however it ends); items put no regime or sheet in it.
        """
        done = failed = 0
        try:
            for index, item in enumerate(request_iterator):
                try:
                    if (error := refusal(item)) is not None:  # one item that does not decode: its own error
                        raise error
                    evaluation = self._evaluate(request_data(item), context, bind=False)
                except DeadlineExceeded:
                    raise
                except Exception as exc:
                    failed += 1
                    out = scoring_pb2.BatchScoreResponse(index=index)
                    if not isinstance(item, Undecodable):
                        out.request_id, out.product_id = clip(item.request_id, 200), clip(item.product.id, 200)
                    out.error.CopyFrom(to_status(exc))
                else:
                    out = batch_response(index, item.request_id, item.product.id, evaluation)
                done += 1
                yield out
        except Exception as exc:
            abort(context, exc if context.is_active() else DeadlineExceeded())
        finally:
            if done:
                structlog.contextvars.bind_contextvars(items=done, failed=failed)

    def Simulate(self, request: scoring_pb2.SimulateRequest, context: grpc.ServicerContext):
        """The product as given and with the overrides; nothing is recorded."""
        try:
            check_deadline(context)
            base, what_if = simulate_requests(request, self.scorer, self.catalogue)
            before, after = self._score(base), self._score(what_if)
            check_deadline(context)
            return scoring_pb2.SimulateResponse(
                baseline=evaluation_message(before),
                simulated=evaluation_message(after),
                total_delta=delta(before.total, after.total),
                changes=changes(before, after),
            )
        except Exception as exc:
            abort(context, exc)
