"""A scoring request: the product file of ``ocop score`` (YAML/JSON), also what gRPC Score carries."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from scoring_core.errors import FieldViolation, InvalidRequest, quoted, violations_from
from scoring_core.rules.facts import FactSpec
from scoring_core.sheets.model import Criterion, Sheet
from scoring_core.sheets.regimes import EvaluationKind, regimes

#: The calendar form of a date, ASCII digits only (no week dates, no basic form, no time).
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The first day of the first regime (Decision 1048/QĐ-TTg): no OCOP date lies before it.
FIRST_DAY = min(r.effective_from for r in regimes().values())
#: How deeply a fact value may nest lists and objects.
MAX_DEPTH = 16


def latest_day(today: date | None = None) -> date:
    """The last date a request may name: a year from ``today``."""
    return (today or date.today()) + timedelta(days=366)


def _calendar_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` text (or a date) becomes a date."""
    if isinstance(value, datetime) or (isinstance(value, str) and not DATE_TEXT.fullmatch(value)):
        raise PydanticCustomError("date_parsing", "expected a date YYYY-MM-DD")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("date_type", "expected a date YYYY-MM-DD")
    return value


def _in_range(value: date, info: ValidationInfo) -> date:
    """Nothing before the first regime; from outside (``parse``), nothing more than a year ahead.

    Only input is held to today: the core itself may work on later dates (simulated expiries).
    """
    last = (info.context or {}).get("latest") or date.max
    if not FIRST_DAY <= value <= last:
        raise PydanticCustomError(
            "date_range",
            "{day} is out of range: from {first} (the first regime) to a year from today ({last})",
            {"day": str(value), "first": str(FIRST_DAY), "last": str(latest_day())},
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("string_blank", "must not be blank")
    return value


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a scalar); stops counting past MAX_DEPTH."""
    level, layer = 0, [value]
    while layer and level <= MAX_DEPTH:
        nxt: list[Any] = []
        for item in layer:
            if isinstance(item, dict):
                nxt.extend(item.values())
            elif isinstance(item, (list, tuple)):
                nxt.extend(item)
        if not nxt:
            return level
        level, layer = level + 1, nxt
    return level


def fact_value_problem(value: Any) -> str | None:
    """Why no fact can hold ``value`` (a number that is not finite, values nested too deeply), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if depth(value) > MAX_DEPTH:
        return f"nests lists or objects more than {MAX_DEPTH} deep"
    return None


def _fact_value(value: Any) -> Any:
    problem = fact_value_problem(value)
    if problem:
        raise PydanticCustomError("fact_value", problem)
    return value


#: A date of the OCOP scheme: YYYY-MM-DD, from the first regime to a year ahead.
Day = Annotated[date, BeforeValidator(_calendar_date), AfterValidator(_in_range)]
#: Required text: not empty, not only spaces.
Text = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_not_blank)]
FactValue = Annotated[Any, AfterValidator(_fact_value)]


class Product(BaseModel):
    """Who and what is scored."""

    model_config = ConfigDict(extra="forbid")
    id: Annotated[Text, Field(max_length=200)]
    name: Text
    producer: str | None = Field(default=None, max_length=1000)
    province: str | None = Field(default=None, max_length=1000)


class Judgement(BaseModel):
    """The option a person chose for one criterion (with the case for two-case criteria)."""

    model_config = ConfigDict(extra="forbid")
    option: int = Field(ge=1)
    case: int | None = Field(default=None, ge=1)
    by: str | None = Field(default=None, max_length=200)
    reason: str | None = Field(default=None, max_length=4000)


class ScoreRequest(BaseModel):
    """One product on one sheet: facts, judgements, and the dates that choose the regime."""

    model_config = ConfigDict(extra="forbid")
    product: Product
    sheet: str = Field(min_length=1)
    regime: str | None = None
    evaluated_on: Day | None = None
    filed_on: Day | None = None
    evaluation_kind: EvaluationKind = "first"
    facts: dict[str, FactValue] = {}
    judgements: dict[str, Judgement] = {}
    judged_by: str | None = Field(default=None, max_length=200)

    @field_validator("sheet", mode="before")
    @classmethod
    def _sheet_as_text(cls, value: Any) -> Any:
        return f"{value:02d}" if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("judgements", mode="before")
    @classmethod
    def _plain_option(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {k: {"option": v} if isinstance(v, int) and not isinstance(v, bool) else v for k, v in value.items()}

    @classmethod
    def parse(cls, data: Any, latest: date | None = None) -> ScoreRequest:
        """Validate raw data; every problem becomes a field violation (InvalidRequest).

        ``latest``: no date after it (input from outside passes ``latest_day()``).
        """
        try:
            return cls.model_validate(data, context={"latest": latest} if latest else None)
        except ValidationError as exc:
            raise InvalidRequest(violations_from(exc)) from None

    def sheet_parts(self) -> tuple[str | None, str]:
        """(regime named in the sheet reference or None, two-digit sheet number)."""
        if "/" in self.sheet:
            regime, number = self.sheet.split("/", 1)
            return regime, number
        return None, self.sheet


def fact_problem(spec: FactSpec, value: Any) -> tuple[Any, str | None]:
    """(normalised value, None) when ``value`` fits ``spec``, else (None, English reason)."""
    problem = fact_value_problem(value)
    if problem:
        return None, problem
    return spec.check(value)


def judgement_problem(sheet: Sheet, cid: str, case: int | None, option: int, path: str) -> FieldViolation | None:
    """Why option ``option`` (in ``case``) of criterion ``cid`` cannot be chosen on ``sheet``, or None."""
    if (cid, case, option) in sheet.judgement_keys:
        return None
    criterion: Criterion | None = sheet.criteria_by_id.get(cid)
    if criterion is None:
        return FieldViolation(
            path,
            f"sheet {sheet.sheet_id} has no criterion {quoted(cid)}",
            f"Bộ tiêu chí {sheet.sheet_id} không có tiêu chí {quoted(cid)}",
        )
    if criterion.branches is not None and case is None:
        cases = ", ".join(str(c) for c in criterion.cases)
        return FieldViolation(
            f"{path}.case",
            f"{cid} has two cases; give case ({cases})",
            f"Tiêu chí {cid} có hai trường hợp; cần ghi trường hợp (case: {cases})",
        )
    if criterion.branches is None and case is not None:
        return FieldViolation(f"{path}.case", f"{cid} has no cases", f"Tiêu chí {cid} không chia trường hợp")
    if criterion.option(case, option) is None:
        numbers = ", ".join(str(o.n) for o in criterion.options_of(case)) or "none"
        return FieldViolation(
            f"{path}.option",
            f"{cid} has no option {option}" + (f" in case {case}" if case else "") + f" (options: {numbers})",
            f"Tiêu chí {cid} không có phương án {option} (các phương án: {numbers})",
        )
    return None


def check_against_sheet(request: ScoreRequest, sheet: Sheet, catalogue: dict[str, FactSpec]) -> dict[str, Any]:
    """Check facts against the catalogue and judgements against the sheet; return normalised facts.

    Raises InvalidRequest listing every bad fact and judgement at once.
    """
    violations: list[FieldViolation] = []
    facts: dict[str, Any] = {}
    for name, value in request.facts.items():
        spec = catalogue.get(name)
        if spec is None:
            violations.append(
                FieldViolation(
                    f"facts.{name}",
                    f"unknown fact {quoted(name)} (see `ocop facts`)",
                    f"Không có dữ kiện {quoted(name)} trong danh mục",
                )
            )
            continue
        normalised, problem = fact_problem(spec, value)
        if problem:
            violations.append(
                FieldViolation(f"facts.{name}", f"{name} {problem}", f"Giá trị không hợp lệ cho {spec.meaning_vi}")
            )
        else:
            facts[name] = normalised
    for cid, judgement in request.judgements.items():
        violation = judgement_problem(sheet, cid, judgement.case, judgement.option, f"judgements.{cid}")
        if violation is not None:
            violations.append(violation)
    if violations:
        raise InvalidRequest(violations)
    return facts
