"""A scoring request down the layers once: parsed once, scored, and on failure every bad field listed at once.

A request that parses is scored straight away: the scorer resolves its regime and sheet and
checks its facts and judgements against the sheet, listing every bad fact and judgement at once.
Only what that single pass could not see is added when it fails: when the regime or sheet did
not resolve, the facts are still checked against the catalogue; when the request did not even
parse, its sound fields are probed (the regime and sheet they choose, the facts and judgements
that parsed), so the answer lists the violations of every stage together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scoring_core.app.names import sheet_reference
from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, SheetUnavailable, violations_from
from scoring_core.rules.facts import FactSpec
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest, check_against_sheet, latest_day
from scoring_core.sheets.model import Sheet

M = TypeVar("M", bound=BaseModel)
#: The errors a bad request raises (anything else while scoring is the plugin's failure).
EXPECTED = (InvalidRequest, NotFound, SheetUnavailable)
_RESOLUTION = ("sheet", "regime", "evaluated_on", "filed_on", "evaluation_kind")
#: Stands in for a sheet that could not be resolved: facts are still checked, judgements are not.
_NO_SHEET = Sheet.model_construct(regime="", sheet_no=1, sheet_id="", name_vi="", sector="", group_vi="", parts=[])


def parse_input(model: type[M], data: Any, prefix: str = "") -> M:
    """``data`` checked by ``model``; every problem a field violation named from ``prefix``."""
    try:
        return model.model_validate(data, context={"latest": latest_day()})
    except ValidationError as exc:
        raise InvalidRequest(violations_from(exc, prefix)) from None


def plain(data: dict[str, Any]) -> dict[str, Any]:
    """The request as the core reads it (a sheet given by resource name as ``2026/07``)."""
    sheet = data.get("sheet")
    return (
        {**data, "sheet": sheet_reference(sheet)} if isinstance(sheet, str) and sheet.startswith("regimes/") else data
    )


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


def _merged(first: list[FieldViolation], more: list[FieldViolation]) -> list[FieldViolation]:
    known = {v.field for v in first}
    return first + [v for v in more if v.field not in known]


def _unparsed(data: dict[str, Any], violations: list[FieldViolation], scorer: Scorer) -> InvalidRequest:
    """The error of a request that did not parse: its own violations, then those its sound fields show
    (the regime and sheet they choose, when every field choosing them is sound; the facts; the judgements
    against the sheet the probe resolves to)."""
    probe, intact = _probe(data, violations)
    if probe is None:
        return InvalidRequest(violations)
    sheet: Sheet | None = None
    try:
        sheet = scorer.resolve(probe)[1].sheet
    except InvalidRequest as exc:
        violations = violations + (exc.violations if intact else [])
    except (NotFound, SheetUnavailable):
        pass  # the request has bad fields already: those are the answer
    return InvalidRequest(_merged(violations, _content(probe, sheet, scorer.plugins.facts())))


def _completed(request: ScoreRequest, exc: Exception, scorer: Scorer) -> Exception:
    """The error of a parsed request that failed to score, with every bad field: when its regime or sheet did
    not resolve, its facts are checked against the catalogue too (NotFound only when nothing else is wrong)."""
    if isinstance(exc, InvalidRequest) and all(v.field.startswith(("facts.", "judgements.")) for v in exc.violations):
        return exc  # resolved, then checked against the sheet: every bad fact and judgement is listed
    content = _content(request, None, scorer.plugins.facts())
    if isinstance(exc, InvalidRequest):
        return InvalidRequest(_merged(exc.violations, content))
    return InvalidRequest(content) if content else exc


def evaluated(data: dict[str, Any], score: Callable[[ScoreRequest], Evaluation], scorer: Scorer) -> Evaluation:
    """``data`` parsed and scored by ``score`` in one pass; InvalidRequest lists every bad field at once.

    NotFound and SheetUnavailable are raised only when nothing else is wrong.
    """
    return checked(data, score, scorer)[1]


def checked(
    data: dict[str, Any], score: Callable[[ScoreRequest], Evaluation], scorer: Scorer
) -> tuple[ScoreRequest, Evaluation]:
    """The parsed request and its evaluation (see ``evaluated``)."""
    data = plain(data)
    try:
        request = ScoreRequest.parse(data, latest_day())
    except InvalidRequest as exc:
        raise _unparsed(data, exc.violations, scorer) from None
    try:
        return request, score(request)
    except EXPECTED as exc:
        raise _completed(request, exc, scorer) from None
