"""A scoring request: the product file of ``ocop score`` (YAML/JSON), also what gRPC Score carries."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scoring_core.errors import FieldViolation, InvalidRequest, violations_from
from scoring_core.rules.facts import FactSpec
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.regimes import EvaluationKind


class Product(BaseModel):
    """Who and what is scored."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    producer: str | None = None
    province: str | None = None


class Judgement(BaseModel):
    """The option a person chose for one criterion (with the case for two-case criteria)."""

    model_config = ConfigDict(extra="forbid")
    option: int = Field(ge=1)
    case: int | None = Field(default=None, ge=1)
    by: str | None = None
    reason: str | None = None


class ScoreRequest(BaseModel):
    """One product on one sheet: facts, judgements, and the dates that choose the regime."""

    model_config = ConfigDict(extra="forbid")
    product: Product
    sheet: str = Field(min_length=1)
    regime: str | None = None
    evaluated_on: date | None = None
    filed_on: date | None = None
    evaluation_kind: EvaluationKind = "first"
    facts: dict[str, Any] = {}
    judgements: dict[str, Judgement] = {}
    judged_by: str | None = None

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
    def parse(cls, data: Any) -> ScoreRequest:
        """Validate raw data; every problem becomes a field violation (InvalidRequest)."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidRequest(violations_from(exc)) from None

    def sheet_parts(self) -> tuple[str | None, str]:
        """(regime named in the sheet reference or None, two-digit sheet number)."""
        if "/" in self.sheet:
            regime, number = self.sheet.split("/", 1)
            return regime, number
        return None, self.sheet


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
                    f"unknown fact {name!r} (see `ocop facts`)",
                    f"Không có dữ kiện {name!r} trong danh mục",
                )
            )
            continue
        normalised, problem = spec.check(value)
        if problem:
            violations.append(
                FieldViolation(f"facts.{name}", f"{name} {problem}", f"Giá trị không hợp lệ cho {spec.meaning_vi}")
            )
        else:
            facts[name] = normalised
    accepted = sheet.judgement_keys
    for cid, judgement in request.judgements.items():
        if (cid, judgement.case, judgement.option) in accepted:
            continue
        criterion = sheet.criteria_by_id.get(cid)
        path = f"judgements.{cid}"
        if criterion is None:
            violations.append(
                FieldViolation(
                    path,
                    f"sheet {sheet.sheet_id} has no criterion {cid}",
                    f"Bộ tiêu chí {sheet.sheet_id} không có tiêu chí {cid}",
                )
            )
        elif criterion.branches is not None and judgement.case is None:
            cases = ", ".join(str(c) for c in criterion.cases)
            violations.append(
                FieldViolation(
                    f"{path}.case",
                    f"{cid} has two cases; give case ({cases})",
                    f"Tiêu chí {cid} có hai trường hợp; cần ghi trường hợp (case: {cases})",
                )
            )
        elif criterion.branches is None and judgement.case is not None:
            violations.append(
                FieldViolation(f"{path}.case", f"{cid} has no cases", f"Tiêu chí {cid} không chia trường hợp")
            )
        elif criterion.option(judgement.case, judgement.option) is None:
            numbers = ", ".join(str(o.n) for o in criterion.options_of(judgement.case)) or "none"
            violations.append(
                FieldViolation(
                    f"{path}.option",
                    f"{cid} has no option {judgement.option}"
                    + (f" in case {judgement.case}" if judgement.case else "")
                    + f" (options: {numbers})",
                    f"Tiêu chí {cid} không có phương án {judgement.option} (các phương án: {numbers})",
                )
            )
    if violations:
        raise InvalidRequest(violations)
    return facts
