"""The result of scoring one product: an auditable breakdown, totals, stars and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field, field_serializer

Status = Literal["scored", "not_assessed", "not_applicable", "not_evaluated"]


class Source(BaseModel):
    """Where a criterion's option came from: a fact rule (and the facts it read) or a person."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["rule", "judgement", "none"]
    rule: str | None = None
    origin: str | None = None
    facts_read: dict[str, Any] = {}
    by: str | None = None
    reason: str | None = None

    def label(self) -> str:
        """Short text: ``rule:A1.1#0/2``, ``judgement:Nguyễn Văn A`` or ``none``."""
        if self.kind == "rule":
            return f"rule:{self.rule}"
        if self.kind == "judgement":
            return f"judgement:{self.by or 'unknown'}"
        return "none"


class Conflict(BaseModel):
    """A fact rule and a judgement disagree on one criterion; both are shown."""

    model_config = ConfigDict(frozen=True)
    rule_option: int
    rule_case: int | None = None
    judgement_option: int
    judgement_case: int | None = None
    winner: Literal["rule", "judgement"]
    reason_en: str
    reason_vi: str


class CriterionScore(BaseModel):
    """One line of the breakdown."""

    model_config = ConfigDict(frozen=True)
    criterion: str
    part: str
    group: str
    title_vi: str
    title_en: str | None
    status: Status
    case: int | None = None
    option: int | None = None
    option_label_vi: str | None = None
    points: Decimal
    max: int
    source: Source
    conflict: Conflict | None = None
    reason_en: str | None = None
    reason_vi: str | None = None

    @field_serializer("points")
    def _exact(self, value: Decimal) -> str:
        return str(value)


class FailedGate(BaseModel):
    """A star gate not met: for ``star`` stars, ``criterion`` needed ``required_points`` (or an answer)."""

    model_config = ConfigDict(frozen=True)
    criterion: str
    star: int
    required_points: Decimal | None
    points: Decimal
    reason_en: str
    reason_vi: str

    @field_serializer("required_points", "points")
    def _exact(self, value: Decimal | None) -> str | None:
        return None if value is None else str(value)


class KnockOut(BaseModel):
    """Why the product is not ranked: the criterion, option and kind of knock-out."""

    model_config = ConfigDict(frozen=True)
    criterion: str
    option: int
    kind: Literal["eliminate", "stop"]
    reason_en: str
    reason_vi: str


class Recognition(BaseModel):
    """Which level recognises the star, and until when (36 months)."""

    model_config = ConfigDict(frozen=True)
    level: str | None
    valid_from: date
    valid_until: date


class Evaluation(BaseModel):
    """Everything a council needs to audit one score, and all that a replay needs."""

    model_config = ConfigDict(frozen=True)
    product: dict[str, Any]
    regime: str
    regime_reason_en: str
    regime_reason_vi: str
    sheet: str
    sheet_version: int
    sheet_name_vi: str
    sheet_name_en: str | None
    content_hash: str
    plugin: str
    plugin_version: str | None
    engine_version: str
    evaluated_on: date
    breakdown: list[CriterionScore]
    parts: dict[str, Decimal]
    part_maxima: dict[str, int]
    total: Decimal
    band_star: int
    failed_gates: list[FailedGate]
    final_star: int | None
    recognised: bool
    eliminated: bool
    knockouts: list[KnockOut] = []
    recognition: Recognition | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def knockout(self) -> KnockOut | None:
        """The first knock-out in official order (None when the product is ranked)."""
        return self.knockouts[0] if self.knockouts else None

    @field_serializer("total")
    def _total(self, value: Decimal) -> str:
        return str(value)

    @field_serializer("parts")
    def _parts(self, value: dict[str, Decimal]) -> dict[str, str]:
        return {k: str(v) for k, v in value.items()}

    def summary(self) -> dict[str, Any]:
        """The contract fields of ``ocop score --format json`` (see the product-file contract)."""
        data = self.model_dump(mode="json")
        data["failed_gates"] = [
            {"criterion": g["criterion"], "star": g["star"], "required_points": g["required_points"],
             "points": g["points"], "reason": g["reason_vi"] + " (" + g["reason_en"] + ")"}
            for g in data["failed_gates"]
        ]
        for line, score in zip(data["breakdown"], self.breakdown, strict=True):
            line["source_detail"] = line["source"]
            line["source"] = score.source.label()
            if score.reason_en:
                line["reason"] = f"{score.reason_vi} ({score.reason_en})"
        return data
