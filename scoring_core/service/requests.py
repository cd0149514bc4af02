"""Proto requests -> the core's ScoreRequest, with the violations of every stage in one answer."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scoring_core.api.ocop.v1 import common_pb2, scoring_pb2
from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, SheetUnavailable, violations_from
from scoring_core.rules.facts import FactSpec
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest, check_against_sheet, latest_day
from scoring_core.service.values import from_value, from_value_map
from scoring_core.sheets.model import Sheet

M = TypeVar("M", bound=BaseModel)


def parse_input(model: type[M], data: Any, prefix: str = "") -> M:
    """``data`` checked by ``model``; every problem a field violation named from ``prefix``."""
    try:
        return model.model_validate(data, context={"latest": latest_day()})
    except ValidationError as exc:
        raise InvalidRequest(violations_from(exc, prefix)) from None


_KINDS = {common_pb2.FIRST: "first", common_pb2.UPGRADE: "upgrade", common_pb2.RE_EVALUATION: "re_evaluation"}
_RESOLUTION = ("sheet", "regime", "evaluated_on", "filed_on", "evaluation_kind")
#: Stands in for a sheet that could not be resolved: facts are still checked, judgements are not.
_NO_SHEET = Sheet.model_construct(regime="", sheet_no=1, sheet_id="", name_vi="", sector="", group_vi="", parts=[])


def sheet_reference(text: str) -> str:
    """``regimes/2026/sheets/07`` -> ``2026/07``; other forms (``2026/07``, ``07``) unchanged."""
    parts = text.split("/")
    if len(parts) == 4 and parts[0] == "regimes" and parts[2] == "sheets":
        return f"{parts[1]}/{parts[3]}"
    return text


def judgement_data(judgement: common_pb2.Judgement) -> dict[str, Any]:
    """A Judgement message as the product file writes it."""
    out: dict[str, Any] = {"option": judgement.option}
    if judgement.HasField("case"):
        out["case"] = judgement.case
    if judgement.by:
        out["by"] = judgement.by
    if judgement.reason:
        out["reason"] = judgement.reason
    return out


def request_data(msg: scoring_pb2.ScoreRequest) -> dict[str, Any]:
    """A ScoreRequest message as a product file (unset optional fields left out)."""
    data: dict[str, Any] = {"sheet": sheet_reference(msg.sheet)}
    if msg.HasField("product"):
        p = msg.product
        data["product"] = {"id": p.id, "name": p.name}
        data["product"].update({k: getattr(p, k) for k in ("producer", "province") if getattr(p, k)})
    for name in ("regime", "evaluated_on", "filed_on", "judged_by"):
        if getattr(msg, name):
            data[name] = getattr(msg, name)
    if msg.evaluation_kind:
        data["evaluation_kind"] = _KINDS.get(msg.evaluation_kind, f"unknown ({msg.evaluation_kind})")
    if msg.facts:
        data["facts"] = from_value_map(msg.facts)
    if msg.judgements:
        data["judgements"] = {cid: judgement_data(j) for cid, j in msg.judgements.items()}
    return data


def _is_bad(path: str, fields: set[str]) -> bool:
    return any(f == path or f.startswith((f"{path}.", f"{path}[")) for f in fields)


def _probe(data: dict[str, Any], violations: list[FieldViolation]) -> tuple[ScoreRequest | None, bool]:
    """The request with its bad fields left out (None when even that does not parse), and whether
    every field that chooses the regime and sheet survived."""
    bad = {v.field for v in violations}
    probe: dict[str, Any] = {k: data[k] for k in _RESOLUTION if k in data and not _is_bad(k, bad)}
    intact = not any(_is_bad(k, bad) for k in _RESOLUTION)
    probe.setdefault("sheet", "-")  # resolves to nothing: facts are still checked
    probe["product"] = {"id": "-", "name": "-"}
    for key in ("facts", "judgements"):
        if isinstance(data.get(key), dict) and key not in bad:
            probe[key] = {k: v for k, v in data[key].items() if not _is_bad(f"{key}.{k}", bad)}
    try:
        return ScoreRequest.parse(probe, latest_day()), intact
    except InvalidRequest:
        return None, False


def _content(probe: ScoreRequest, sheet: Sheet | None, catalogue: dict[str, FactSpec]) -> list[FieldViolation]:
    """Facts against the catalogue and, when the sheet is known, judgements against the sheet."""
    try:
        if sheet is None:
            check_against_sheet(probe.model_copy(update={"judgements": {}}), _NO_SHEET, catalogue)
        else:
            check_against_sheet(probe, sheet, catalogue)
    except InvalidRequest as exc:
        return exc.violations
    return []


def validate(data: dict[str, Any], scorer: Scorer, catalogue: dict[str, FactSpec]) -> ScoreRequest:
    """A checked ScoreRequest; InvalidRequest lists every bad field of every stage at once.

    NotFound and SheetUnavailable are raised only when nothing else is wrong.
    """
    violations: list[FieldViolation] = []
    request: ScoreRequest | None = None
    try:
        request = ScoreRequest.parse(data, latest_day())
    except InvalidRequest as exc:
        violations.extend(exc.violations)
    probe, genuine = (request, True) if request is not None else _probe(data, violations)
    if probe is None:
        raise InvalidRequest(violations)
    sheet: Sheet | None = None
    missing: NotFound | SheetUnavailable | None = None
    try:
        sheet = scorer.resolve(probe)[1].sheet
    except InvalidRequest as exc:
        violations.extend(exc.violations if genuine else [])
    except (NotFound, SheetUnavailable) as exc:
        missing = exc if genuine else None
    known = {v.field for v in violations}
    violations.extend(v for v in _content(probe, sheet, catalogue) if v.field not in known)
    if violations:
        raise InvalidRequest(violations)
    if missing is not None:
        raise missing
    assert request is not None
    return request


def _simulate_field(field: str, msg: scoring_pb2.SimulateRequest) -> str:
    """A violation of the merged request as a path of SimulateRequest."""
    head, _, rest = field.partition(".")
    overrides: dict[str, tuple[str, Any]] = {
        "facts": ("fact_overrides", msg.fact_overrides),
        "judgements": ("judgement_overrides", msg.judgement_overrides),
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


def simulate_requests(
    msg: scoring_pb2.SimulateRequest, scorer: Scorer, catalogue: dict[str, FactSpec]
) -> tuple[ScoreRequest, ScoreRequest]:
    """(baseline, simulated) requests of a Simulate call; violations name SimulateRequest fields."""
    if not msg.HasField("request"):
        raise InvalidRequest([FieldViolation("request", "Field required", "Thiếu trường bắt buộc")])
    base = request_data(msg.request)
    merged = {**base, "facts": dict(base.get("facts", {})), "judgements": dict(base.get("judgements", {}))}
    violations: list[FieldViolation] = []
    for name, value in msg.fact_overrides.items():
        plain = from_value(value)
        if plain is None:
            merged["facts"].pop(name, None)
        else:
            merged["facts"][name] = plain
    for i, cid in enumerate(msg.remove_judgements):
        if merged["judgements"].pop(cid, None) is None:
            violations.append(
                FieldViolation(
                    f"remove_judgements[{i}]",
                    f"the request has no judgement {cid}",
                    f"Yêu cầu không có đánh giá cho tiêu chí {cid}",
                )
            )
    merged["judgements"].update({cid: judgement_data(j) for cid, j in msg.judgement_overrides.items()})
    results: list[ScoreRequest] = []
    for data, rename in ((base, lambda f: f"request.{f}"), (merged, lambda f: _simulate_field(f, msg))):
        try:
            results.append(validate(data, scorer, catalogue))
        except InvalidRequest as exc:
            violations.extend(FieldViolation(rename(v.field), v.description, v.message_vi) for v in exc.violations)
        except NotFound as exc:
            raise _prefixed(exc, "request.") from None
    if violations:
        raise InvalidRequest(violations)
    return results[0], results[1]
