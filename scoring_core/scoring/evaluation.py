"""The result of scoring one product: an auditable breakdown, totals, stars and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field, field_serializer

#: The status of one breakdown line (the proto's CriterionStatus; not the council outcome's status).
CriterionStatus = Literal["scored", "not_assessed", "not_applicable", "not_evaluated"]
Model = TypeVar("Model", bound=BaseModel)


class Source(BaseModel):
    """Where a criterion's option came from: a fact rule (and the facts it read) or a person."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["rule", "judgement", "none"]
    rule: str | None = None
    origin: str | None = None
    facts_read: dict[str, Any] = {}
    by: str | None = None
    reason: str | None = None
    quote: str | None = None  # a rule's: the words of the option it implements, verbatim from the sheet

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


class ImpliedFact(BaseModel):
    """A fact the product file did not give, completed from a declared implication; rules read it as given."""

    model_config = ConfigDict(frozen=True)
    fact: str
    value: Any
    implication: str
    reason_en: str
    reason_vi: str


class FactConflict(BaseModel):
    """Facts that contradict each other: two rules on one criterion choose different options
    (``rules``), or the facts violate a declared implication (``implication``)."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["rules", "implication"]
    criteria: list[str]  # the criteria whose rules read the facts involved, in official order
    facts: dict[str, Any]  # the facts involved, with their values
    rules: list[str] = []  # the rules that chose different options (``rules``)
    implication: str | None = None  # the implication violated (``implication``)
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
    status: CriterionStatus
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
    band_star: int
    failed_gates: list[FailedGate]
    final_star: int | None
    knockouts: list[KnockOut] = []
    recognition: Recognition | None = None
    implied_facts: list[ImpliedFact] = []
    #: fact -> the criteria left not assessed that it would decide (official order)
    missing_facts: dict[str, list[str]] = {}
    conflicts: list[FactConflict] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        """The sum of the part totals, exact (computed on each read: a copy with other parts keeps no stale one)."""
        return sum(self.parts.values(), Decimal(0))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recognised(self) -> bool:
        """True when the product is ranked at 3★ or more."""
        return self.final_star is not None and self.final_star >= 3

    @computed_field  # type: ignore[prop-decorator]
    @property
    def eliminated(self) -> bool:
        """True when a knock-out (eliminate or stop) leaves the product unranked."""
        return bool(self.knockouts)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def knockout(self) -> KnockOut | None:
        """The first knock-out in official order (None when the product is ranked)."""
        return self.knockouts[0] if self.knockouts else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def flagged(self) -> bool:
        """True when facts contradict each other (``conflicts``): the council must look at them."""
        return bool(self.conflicts)

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
            {
                "criterion": g["criterion"],
                "star": g["star"],
                "required_points": g["required_points"],
                "points": g["points"],
                "reason": g["reason_vi"] + " (" + g["reason_en"] + ")",
            }
            for g in data["failed_gates"]
        ]
        for line, score in zip(data["breakdown"], self.breakdown, strict=True):
            line["source_detail"] = line["source"]
            line["source"] = score.source.label()
            if score.reason_en:
                line["reason"] = f"{score.reason_vi} ({score.reason_en})"
        return data


# -- trusted construction (the scoring pipeline) ------------------------------------------------------
# The pipeline builds these models from a validated sheet and a validated request; validating them
# again would cost more than scoring.  ``_trusted`` is the one place that does what ``model_construct``
# does (every field given) without its per-field loop: pydantic's public alternatives cost more than
# the engine bench allows (``model_construct`` 11 µs for an Evaluation, ``model_copy(update=...)`` of a
# blank 2.4 µs and +5% per product on fresh products, against 1.2 µs).  Field names, values and JSON
# are those ``Model(...)`` would give.
_set = object.__setattr__


def _trusted(cls: type[Model], values: dict[str, Any]) -> Model:
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def rule_source(rule: str, origin: str, facts_read: dict[str, Any], quote: str | None = None) -> Source:
    """``Source(kind="rule", rule=..., origin=..., facts_read=..., quote=...)`` from trusted values."""
    return _trusted(
        Source,
        {
            "kind": "rule",
            "rule": rule,
            "origin": origin,
            "facts_read": facts_read,
            "by": None,
            "reason": None,
            "quote": quote,
        },
    )


def judgement_source(by: str | None, reason: str | None) -> Source:
    """``Source(kind="judgement", by=..., reason=...)`` from trusted values."""
    return _trusted(
        Source,
        {
            "kind": "judgement",
            "rule": None,
            "origin": None,
            "facts_read": {},
            "by": by,
            "reason": reason,
            "quote": None,
        },
    )


def conflict(
    rule_option: int,
    rule_case: int | None,
    judgement_option: int,
    judgement_case: int | None,
    winner: Literal["rule", "judgement"],
    reason_en: str,
    reason_vi: str,
) -> Conflict:
    """A ``Conflict`` from trusted values."""
    return _trusted(
        Conflict,
        {
            "rule_option": rule_option,
            "rule_case": rule_case,
            "judgement_option": judgement_option,
            "judgement_case": judgement_case,
            "winner": winner,
            "reason_en": reason_en,
            "reason_vi": reason_vi,
        },
    )


def scored_line(
    criterion: str,
    part: str,
    group: str,
    title_vi: str,
    title_en: str | None,
    max_: int,
    case: int | None,
    option: int,
    option_label_vi: str,
    points: Decimal,
    source: Source,
    conflict: Conflict | None,
    reason_en: str | None = None,
    reason_vi: str | None = None,
) -> CriterionScore:
    """A scored ``CriterionScore`` from trusted values (reasons only for knock-outs)."""
    return _trusted(
        CriterionScore,
        {
            "criterion": criterion,
            "part": part,
            "group": group,
            "title_vi": title_vi,
            "title_en": title_en,
            "status": "scored",
            "case": case,
            "option": option,
            "option_label_vi": option_label_vi,
            "points": points,
            "max": max_,
            "source": source,
            "conflict": conflict,
            "reason_en": reason_en,
            "reason_vi": reason_vi,
        },
    )


def zero_line(
    criterion: str,
    part: str,
    group: str,
    title_vi: str,
    title_en: str | None,
    max_: int,
    status: CriterionStatus,
    source: Source,
    reason_en: str,
    reason_vi: str,
) -> CriterionScore:
    """A ``CriterionScore`` at 0 points (not assessed, not applicable, not evaluated) from trusted values."""
    return _trusted(
        CriterionScore,
        {
            "criterion": criterion,
            "part": part,
            "group": group,
            "title_vi": title_vi,
            "title_en": title_en,
            "status": status,
            "case": None,
            "option": None,
            "option_label_vi": None,
            "points": Decimal(0),
            "max": max_,
            "source": source,
            "conflict": None,
            "reason_en": reason_en,
            "reason_vi": reason_vi,
        },
    )


def failed_gate(
    criterion: str, star: int, required_points: Decimal | None, points: Decimal, reason_en: str, reason_vi: str
) -> FailedGate:
    """A ``FailedGate`` from trusted values."""
    return _trusted(
        FailedGate,
        {
            "criterion": criterion,
            "star": star,
            "required_points": required_points,
            "points": points,
            "reason_en": reason_en,
            "reason_vi": reason_vi,
        },
    )


def knock_out(
    criterion: str, option: int, kind: Literal["eliminate", "stop"], reason_en: str, reason_vi: str
) -> KnockOut:
    """A ``KnockOut`` from trusted values."""
    return _trusted(
        KnockOut,
        {"criterion": criterion, "option": option, "kind": kind, "reason_en": reason_en, "reason_vi": reason_vi},
    )


def recognition_of(level: str | None, valid_from: date, valid_until: date) -> Recognition:
    """A ``Recognition`` from trusted values."""
    return _trusted(Recognition, {"level": level, "valid_from": valid_from, "valid_until": valid_until})


_EVALUATION_FIELDS = frozenset(Evaluation.model_fields)


def evaluation(**values: Any) -> Evaluation:
    """An ``Evaluation`` from trusted values: every field, as ``Evaluation(...)`` would hold them."""
    missing = _EVALUATION_FIELDS.difference(values)
    if missing:
        raise TypeError(f"evaluation() needs every field; missing {sorted(missing)}")
    return _trusted(Evaluation, values)
