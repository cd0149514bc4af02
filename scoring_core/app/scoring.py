"""Scoring: one product (a dry run, or recorded by an integration, idempotent on request_id), a batch, a simulation.

A request is the product file as plain values (``product``, ``sheet``, ``regime``, dates,
``facts``, ``judgements``...).  It goes down the layers once (``requests.checked``); anything
but a bad request failing while scoring is the plugin's failure (``PluginFailure`` naming the
plugin and sheet), and the service keeps serving.  ``check`` (optional) raises
``DeadlineExceeded`` once the caller has given up: it is called before scoring, and before
anything is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import structlog

from scoring_core.app.errors import DeadlineExceeded, PluginFailure
from scoring_core.app.idempotency import fingerprint
from scoring_core.app.identity import Identity, known
from scoring_core.app.requests import EXPECTED, checked, evaluated
from scoring_core.audit.events import Event, EventKind
from scoring_core.audit.store import AuditStore, RequestIdReused
from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, Refused
from scoring_core.scoring.evaluation import CriterionScore, Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import record_evaluation
from scoring_core.scoring.request import ScoreRequest

log = structlog.get_logger("ocop.service")
#: Who records evaluations (integrations: the provincial portals).
RECORDERS = frozenset({"integration"})
Check = Callable[[], None]


def _no_check() -> None:
    return None


@dataclass(frozen=True)
class Scored:
    """An evaluation, and the ``evaluation_recorded`` event that holds it when it was recorded."""

    evaluation: Evaluation
    event: Event | None = None


@dataclass(frozen=True)
class Simulation:
    """A product as given and with the overrides, and the criteria that changed."""

    baseline: Evaluation
    simulated: Evaluation
    changes: list[tuple[CriterionScore | None, CriterionScore]]

    @property
    def total_delta(self) -> Decimal:
        """The simulated total minus the baseline's."""
        return self.simulated.total - self.baseline.total


@dataclass(frozen=True)
class Item:
    """One answer of a batch: its position and the evaluation, or the error of that item alone."""

    index: int
    evaluation: Evaluation | None = None
    error: Exception | None = None


def recorded(event: Event) -> Scored:
    """The evaluation a stored ``evaluation_recorded`` event holds (a request_id used otherwise: refused)."""
    if event.kind != EventKind.EVALUATION_RECORDED:
        raise Refused(
            "failed_precondition",
            f"request_id {event.request_id} was used for a {event.kind} event",
            f"Mã yêu cầu {event.request_id} đã được dùng cho một sự kiện khác ({event.kind})",
            "REQUEST_ID_REUSED",
        )
    return Scored(Evaluation.model_validate(event.payload["evaluation"]["result"]), event)


def changes(before: Evaluation, after: Evaluation) -> list[tuple[CriterionScore | None, CriterionScore]]:
    """(line before or None, line after) of the criteria whose option, case, points or status differ, in order."""
    old = {x.criterion: x for x in before.breakdown}
    out: list[tuple[CriterionScore | None, CriterionScore]] = []
    for line in after.breakdown:
        prev = old.get(line.criterion)
        if prev is None or (prev.option, prev.case, prev.points, prev.status) != (
            line.option,
            line.case,
            line.points,
            line.status,
        ):
            out.append((prev, line))
    return out


def _simulate_field(field: str, fact_overrides: dict[str, Any], judgement_overrides: dict[str, Any]) -> str:
    """A violation of the merged request as a path of the simulation's own fields."""
    head, _, rest = field.partition(".")
    overrides = {
        "facts": ("fact_overrides", fact_overrides),
        "judgements": ("judgement_overrides", judgement_overrides),
    }
    if head in overrides:
        name, keys = overrides[head]
        if any(rest == key or rest.startswith(f"{key}.") for key in keys):
            return f"{name}.{rest}"
    return f"request.{field}"


def _prefixed(exc: NotFound, prefix: str) -> NotFound:
    v = exc.violation
    out = NotFound(prefix + v.field, v.description, v.message_vi)
    out.__dict__.update({k: val for k, val in exc.__dict__.items() if k != "violation"})
    return out


class Scoring:
    """Scores with one shared Scorer (the rules engine serialises its own calls); records into ``store``."""

    def __init__(self, scorer: Scorer, store: AuditStore | None = None) -> None:
        self.scorer, self.store = scorer, store

    def _blame(self, request: ScoreRequest) -> tuple[str | None, str | None]:
        """The plugin and sheet a failed scoring ran on."""
        try:
            entry = self.scorer.resolve(request)[1]
            return entry.plugin, entry.sheet_id
        except EXPECTED:
            return None, request.sheet

    def _score(self, request: ScoreRequest) -> Evaluation:
        """Score a parsed request; anything but a bad request becomes a PluginFailure naming the plugin."""
        try:
            return self.scorer.score(request)
        except EXPECTED:
            raise
        except Exception as exc:  # a plugin's failure, isolated: the service goes on
            plugin, sheet = self._blame(request)
            log.error("plugin_failed", plugin=plugin, sheet=sheet, exc_info=exc)
            raise PluginFailure(plugin, sheet) from exc

    def evaluate(self, data: dict[str, Any], check: Check = _no_check) -> Evaluation:
        """One product, a dry run: the whole evaluation (nothing is written)."""
        check()
        evaluation = evaluated(data, self._score, self.scorer)
        check()
        return evaluation

    def score(
        self,
        data: dict[str, Any],
        caller: Identity | None = None,
        *,
        record: bool = False,
        request_id: str = "",
        check: Check = _no_check,
    ) -> Scored:
        """One product; ``record``: appended to the trail by an integration (a known ``request_id`` answers with
        what it recorded first, without scoring again; reused for another request: REQUEST_ID_REUSED)."""
        structlog.contextvars.bind_contextvars(**{k: data[k] for k in ("sheet", "regime") if data.get(k)})
        if not record:
            evaluation = self.evaluate(data, check)
            structlog.contextvars.bind_contextvars(regime=evaluation.regime, sheet=evaluation.sheet)
            return Scored(evaluation)
        return self._record(data, known(caller), request_id, check)

    def _record(self, data: dict[str, Any], who: Identity, request_id: str, check: Check) -> Scored:
        if self.store is None:
            raise Refused(
                "failed_precondition", "this service records nothing", "Dịch vụ này không ghi kết quả", "NO_STORE"
            )
        if not who.has(RECORDERS):
            raise Refused(
                "permission_denied",
                f"{who.name} is not an integration: only integrations record",
                f"{who.name} không phải hệ thống tích hợp: chỉ hệ thống tích hợp được ghi kết quả",
                "PERMISSION_DENIED",
            )
        rhash = fingerprint("Score", who.name, data) if request_id else None
        if request_id and (done := self.store.by_request_id(request_id)) is not None:
            if rhash and done.request_hash and done.request_hash != rhash:
                raise RequestIdReused(request_id, done)
            return recorded(done.as_duplicate())
        check()
        request, evaluation = checked(data, self._score, self.scorer)
        structlog.contextvars.bind_contextvars(regime=evaluation.regime, sheet=evaluation.sheet)
        check()
        event = record_evaluation(
            self.store,
            request,
            evaluation,
            actor=who.name or "anonymous",
            policy=self.scorer.policy,
            request_id=request_id or None,
            request_hash=rhash,
        )
        return recorded(event)

    def batch(self, items: Iterable[dict[str, Any] | Exception], check: Check = _no_check) -> Iterator[Item]:
        """One answer per item, in order; an item that fails (or that the transport could not read: an
        exception in its place) gets its own error and the batch goes on.  DeadlineExceeded ends it."""
        for index, data in enumerate(items):
            try:
                if isinstance(data, Exception):
                    raise data
                yield Item(index, evaluation=self.evaluate(data, check))
            except DeadlineExceeded:
                raise
            except Exception as exc:  # one item's failure, isolated: the batch goes on
                yield Item(index, error=exc)

    def simulate(
        self,
        request: dict[str, Any] | None,
        fact_overrides: dict[str, Any] | None = None,
        judgement_overrides: dict[str, dict[str, Any]] | None = None,
        remove_judgements: Iterable[str] = (),
        check: Check = _no_check,
    ) -> Simulation:
        """The product as given and with the overrides (a fact overridden with None is removed); nothing is
        recorded.  Violations name the simulation's fields (``request.facts.x``, ``fact_overrides.x``)."""
        if request is None:
            raise InvalidRequest([FieldViolation("request", "Field required", "Thiếu trường bắt buộc")])
        facts, judgements = dict(fact_overrides or {}), dict(judgement_overrides or {})
        merged = {**request, "facts": dict(request.get("facts", {})), "judgements": dict(request.get("judgements", {}))}
        violations: list[FieldViolation] = []
        for name, value in facts.items():
            if value is None:
                merged["facts"].pop(name, None)
            else:
                merged["facts"][name] = value
        for i, cid in enumerate(remove_judgements):
            if merged["judgements"].pop(cid, None) is None:
                violations.append(
                    FieldViolation(
                        f"remove_judgements[{i}]",
                        f"the request has no judgement {cid}",
                        f"Yêu cầu không có đánh giá cho tiêu chí {cid}",
                    )
                )
        merged["judgements"].update(judgements)
        check()
        results: list[Evaluation] = []
        renames: list[tuple[dict[str, Any], Callable[[str], str]]] = [
            (request, lambda f: f"request.{f}"),
            (merged, lambda f: _simulate_field(f, facts, judgements)),
        ]
        for data, rename in renames:
            try:
                results.append(evaluated(data, self._score, self.scorer))
            except InvalidRequest as exc:
                violations.extend(FieldViolation(rename(v.field), v.description, v.message_vi) for v in exc.violations)
            except NotFound as exc:
                raise _prefixed(exc, "request.") from None
        if violations:
            raise InvalidRequest(violations)
        check()
        structlog.contextvars.bind_contextvars(regime=results[1].regime, sheet=results[1].sheet)
        return Simulation(results[0], results[1], changes(results[0], results[1]))
