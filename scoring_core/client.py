"""A small typed client of the ocop.v1 gRPC services (product files in, messages and summaries out).

with OcopClient("127.0.0.1:50051") as client:
    evaluation = client.score_file("examples/2026-processed-food.yaml")
    print(summary(evaluation)["final_star"])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import grpc
import yaml
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from scoring_core.api.ocop.v1 import common_pb2, criteria_pb2, criteria_pb2_grpc, scoring_pb2, scoring_pb2_grpc
from scoring_core.service.values import from_value, from_value_map, to_value

DEFAULT_TARGET = "127.0.0.1:50051"
_KINDS = {"first": common_pb2.FIRST, "upgrade": common_pb2.UPGRADE, "re_evaluation": common_pb2.RE_EVALUATION}
_FIELDS = {
    "request_id",
    "product",
    "sheet",
    "regime",
    "evaluated_on",
    "filed_on",
    "evaluation_kind",
    "facts",
    "judgements",
    "judged_by",
    "record",
}
Request = scoring_pb2.ScoreRequest | Mapping[str, Any]


@dataclass(frozen=True)
class Violation:
    """One bad field of a request: its path, English description and Vietnamese message."""

    field: str
    description: str
    message_vi: str


class OcopError(Exception):
    """A failed call: status code, English message, Vietnamese message, field violations, request id."""

    def __init__(self, error: grpc.RpcError) -> None:
        self.code: grpc.StatusCode = error.code()
        self.message: str = error.details() or ""
        self.violations: list[Violation] = []
        self.message_vi = ""
        self.reason = ""
        self.metadata: dict[str, str] = {}
        call = cast(grpc.Call, error)  # what a stub raises is both the error and the call
        self.request_id = dict(call.initial_metadata() or ()).get("x-request-id", "")
        status = rpc_status.from_call(call)
        for item in status.details if status else []:
            if item.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                item.Unpack(bad)
                self.violations += [
                    Violation(v.field, v.description, v.localized_message.message) for v in bad.field_violations
                ]
            elif item.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR):
                localized = error_details_pb2.LocalizedMessage()
                item.Unpack(localized)
                self.message_vi = localized.message
            elif item.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                item.Unpack(info)
                self.reason, self.metadata = info.reason, dict(info.metadata)
        super().__init__(f"{self.code.name}: {self.message}")


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _judgement(value: Any) -> common_pb2.Judgement:
    if isinstance(value, int) and not isinstance(value, bool):
        return common_pb2.Judgement(option=value)
    return common_pb2.Judgement(
        option=value["option"], case=value.get("case"), by=value.get("by") or "", reason=value.get("reason") or ""
    )


def to_request(data: Request) -> scoring_pb2.ScoreRequest:
    """A product file (as ``ocop score`` reads it) as a ScoreRequest; a message is returned as is."""
    if isinstance(data, scoring_pb2.ScoreRequest):
        return data
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise ValueError(f"unknown product-file fields: {', '.join(unknown)}")
    msg = scoring_pb2.ScoreRequest()
    if data.get("product") is not None:
        msg.product.CopyFrom(common_pb2.Product(**{k: _text(v) for k, v in data["product"].items() if v is not None}))
    sheet = data.get("sheet", "")
    msg.sheet = f"{sheet:02d}" if isinstance(sheet, int) else str(sheet)
    for name in ("request_id", "regime", "evaluated_on", "filed_on", "judged_by"):
        if data.get(name) is not None:
            setattr(msg, name, _text(data[name]))
    if data.get("evaluation_kind"):
        msg.evaluation_kind = _KINDS[data["evaluation_kind"]]
    msg.record = bool(data.get("record", False))
    for name, value in (data.get("facts") or {}).items():
        msg.facts[name].CopyFrom(to_value(value))
    for cid, value in (data.get("judgements") or {}).items():
        msg.judgements[cid].CopyFrom(_judgement(value))
    return msg


def summary(ev: scoring_pb2.Evaluation) -> dict[str, Any]:
    """The contract fields of ``ocop score --format json`` from an Evaluation message."""
    return {
        "product": {"id": ev.product.id, "name": ev.product.name},
        "regime": ev.regime,
        "sheet": ev.sheet,
        "evaluated_on": ev.evaluated_on,
        "total": ev.total,
        "parts": dict(ev.parts),
        "band_star": ev.band_star,
        "final_star": ev.final_star if ev.HasField("final_star") else None,
        "recognised": ev.recognised,
        "eliminated": ev.eliminated,
        "knockouts": [
            {"criterion": k.criterion, "option": k.option, "kind": criteria_pb2.KnockOutKind.Name(k.kind).lower()}
            for k in ev.knockouts
        ],
        "failed_gates": [
            {"criterion": g.criterion, "star": g.star, "required_points": g.required_points or None, "points": g.points}
            for g in ev.failed_gates
        ],
        "breakdown": [
            {
                "criterion": x.criterion,
                "case": x.case if x.HasField("case") else None,
                "option": x.option if x.HasField("option") else None,
                "points": x.points,
                "status": scoring_pb2.CriterionStatus.Name(x.status).lower(),
                "source": x.source.label,
            }
            for x in ev.breakdown
        ],
        "implied_facts": [
            {"fact": i.fact, "value": from_value(i.value), "implication": i.implication} for i in ev.implied_facts
        ],
        "missing_facts": {m.fact: list(m.criteria) for m in ev.missing_facts},
        "conflicts": [
            {
                "kind": "rules" if c.kind == scoring_pb2.RULES_DISAGREE else "implication",
                "criteria": list(c.criteria),
                "facts": dict(sorted(from_value_map(c.facts).items())),
                "rules": list(c.rules),
                "implication": c.implication or None,
            }
            for c in ev.conflicts
        ],
        "flagged": ev.flagged,
    }


class OcopClient:
    """Typed calls to CriteriaService, ScoringService and health; errors raise OcopError."""

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        timeout: float | None = 30.0,
        channel: grpc.Channel | None = None,
        token: str | None = None,
    ) -> None:
        self.channel = channel or grpc.insecure_channel(target)
        self.auth = (("authorization", f"Bearer {token}"),) if token else ()  # sent with every call
        self._own_channel = channel is None
        self.timeout = timeout
        self.criteria = criteria_pb2_grpc.CriteriaServiceStub(self.channel)
        self.scoring = scoring_pb2_grpc.ScoringServiceStub(self.channel)
        self._health: Any = health_pb2_grpc.HealthStub(self.channel)  # its stubs declare no methods
        self.last_request_id = ""

    def __enter__(self) -> OcopClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the channel (when this client opened it)."""
        if self._own_channel:
            self.channel.close()

    def _call(self, method: Any, request: Any, timeout: float | None, request_id: str | None = None) -> Any:
        metadata = ((("x-request-id", request_id),) if request_id else ()) + self.auth
        try:
            response, call = method.with_call(request, timeout=timeout or self.timeout, metadata=metadata)
        except grpc.RpcError as error:
            raise OcopError(error) from None
        self.last_request_id = dict(call.initial_metadata() or ()).get("x-request-id", "")
        return response

    def score(
        self,
        request: Request,
        *,
        timeout: float | None = None,
        request_id: str | None = None,
        record: bool | None = None,
    ) -> scoring_pb2.Evaluation:
        """Score one product (a product-file mapping or a ScoreRequest); ``record=True`` records it (integrations)."""
        msg = to_request(request)
        if record is not None:
            msg = scoring_pb2.ScoreRequest(record=record)
            msg.MergeFrom(to_request(request))
            msg.record = record
        return self._call(self.scoring.Score, msg, timeout, request_id)

    def score_file(self, path: str | Path, **kwargs: Any) -> scoring_pb2.Evaluation:
        """Score a product file (YAML or JSON)."""
        return self.score(yaml.safe_load(Path(path).read_text("utf-8")), **kwargs)

    def batch_score(
        self, requests: Iterable[Request], *, timeout: float | None = None
    ) -> Iterator[scoring_pb2.BatchScoreResponse]:
        """Score a stream of products; one response per request (evaluation or error), in order."""
        try:
            yield from self.scoring.BatchScore(
                (to_request(r) for r in requests), timeout=timeout or self.timeout, metadata=self.auth
            )
        except grpc.RpcError as error:
            raise OcopError(error) from None

    def simulate(
        self,
        request: Request,
        *,
        facts: Mapping[str, Any] | None = None,
        judgements: Mapping[str, Any] | None = None,
        remove_judgements: Iterable[str] = (),
        timeout: float | None = None,
    ) -> scoring_pb2.SimulateResponse:
        """Score as given and with what-if overrides (a fact set to None is removed)."""
        msg = scoring_pb2.SimulateRequest(request=to_request(request), remove_judgements=list(remove_judgements))
        for name, value in (facts or {}).items():
            msg.fact_overrides[name].CopyFrom(to_value(value))
        for cid, value in (judgements or {}).items():
            msg.judgement_overrides[cid].CopyFrom(_judgement(value))
        return self._call(self.scoring.Simulate, msg, timeout)

    def regimes(self) -> list[criteria_pb2.Regime]:
        """Every regime, oldest first."""
        return list(self._pages(self.criteria.ListRegimes, criteria_pb2.ListRegimesRequest(), "regimes"))

    def sheets(
        self, regime: str | None = None, sector: str | None = None, full: bool = False
    ) -> list[criteria_pb2.Sheet]:
        """Every sheet (available or not) of one regime or all, one sector or all."""
        request = criteria_pb2.ListSheetsRequest(
            parent=f"regimes/{regime}" if regime else "",
            sector=sector or "",
            view=criteria_pb2.FULL if full else criteria_pb2.BASIC,
        )
        return list(self._pages(self.criteria.ListSheets, request, "sheets"))

    def sheet(self, sheet: str, version: int = 0) -> criteria_pb2.Sheet:
        """One sheet with everything: ``2026/07`` or ``regimes/2026/sheets/07``."""
        if not sheet.startswith("regimes/"):
            regime, _, number = sheet.partition("/")
            sheet = f"regimes/{regime}/sheets/{number}"
        return self._call(self.criteria.GetSheet, criteria_pb2.GetSheetRequest(name=sheet, version=version), None)

    def facts(self) -> list[criteria_pb2.Fact]:
        """The fact catalogue."""
        return list(self._pages(self.criteria.ListFacts, criteria_pb2.ListFactsRequest(), "facts"))

    def health(self, service: str = "") -> str:
        """SERVING, NOT_SERVING or SERVICE_UNKNOWN for one service ("" for the server)."""
        response = self._call(self._health.Check, health_pb2.HealthCheckRequest(service=service), None)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)

    def _pages(self, method: Any, request: Any, field: str) -> Iterator[Any]:
        while True:
            response = self._call(method, request, None)
            yield from getattr(response, field)
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token
