"""The three regimes (1048, 148, 2026): validity, part maxima, bands, recognition levels; choice by date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict

Level = Literal["district", "province", "central"]
EvaluationKind = Literal["first", "upgrade", "re_evaluation"]

#: Decision 26/2026 Điều 12: dossiers filed before it took effect may finish under 148
#: within 60 days (first evaluation, upgrade) or 30 days (re-evaluation).
TRANSITION_DAYS: dict[str, int] = {"first": 60, "upgrade": 60, "re_evaluation": 30}


class StarBand(BaseModel):
    """The star band of a regime: the totals ``min_total <= total < below`` rank at ``stars``."""

    model_config = ConfigDict(frozen=True)
    stars: int
    min_total: int | None
    below: int | None


class RecognitionPeriod(BaseModel):
    """Which council level recognises which stars, from one date to another."""

    model_config = ConfigDict(frozen=True)
    start: date
    end: date | None
    levels: dict[int, Level]
    basis: str


class Regime(BaseModel):
    """One legal regime of OCOP criteria."""

    model_config = ConfigDict(frozen=True)
    code: str
    decisions: list[str]
    effective_from: date
    effective_to: date | None
    part_maxima: dict[str, int]
    bands: list[StarBand]
    recognition: list[RecognitionPeriod]
    validity_months: int
    transition_note: str

    def __hash__(self) -> int:
        """Equal regimes have equal codes: what keys the caches of pure functions of a regime (``functools``)."""
        return hash(self.code)

    def in_force(self, day: date) -> bool:
        """True when ``day`` lies within the regime's validity."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @cached_property
    def floors(self) -> tuple[tuple[int | None, int], ...]:
        """(lowest total, stars) of every band, from the most stars down."""
        return tuple((b.min_total, b.stars) for b in sorted(self.bands, key=lambda b: -b.stars))

    def band_star(self, total: Decimal) -> int:
        """The band star of a total; a boundary value belongs to the higher band."""
        for floor, stars in self.floors:
            if floor is None or total >= floor:
                return stars
        return 1

    def recognition_levels(self, day: date) -> dict[int, Level]:
        """Stars -> the level that recognises them on ``day`` (empty outside the regime)."""
        for period in self.recognition:
            if period.start <= day and (period.end is None or day <= period.end):
                return period.levels
        return {}


class RegimeChoice(BaseModel):
    """The regime used for an evaluation and why, in Vietnamese and English."""

    model_config = ConfigDict(frozen=True)
    regime: str
    reason_vi: str
    reason_en: str


class RegimeError(ValueError):
    """No regime fits the request; ``field`` names the request field at fault."""

    def __init__(self, field: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.field = field
        self.message_en = message_en
        self.message_vi = message_vi


@cache
def regimes() -> dict[str, Regime]:
    """Every regime, keyed by code, from the packaged regimes.json."""
    raw = json.loads(resources.files("scoring_core.sheets").joinpath("data/regimes.json").read_text("utf-8"))
    out = {}
    for r in raw["regimes"]:
        out[r["regime"]] = Regime(
            code=r["regime"],
            decisions=[d["number"] for d in r["decisions"]],
            effective_from=r["effective_from"],
            effective_to=r["effective_to"],
            part_maxima={k: v for k, v in r["part_maxima"].items() if k != "total"},
            bands=r["star_bands"]["bands"],
            recognition=[
                RecognitionPeriod(
                    start=p["from"],
                    end=p["to"],
                    levels={int(k): v for k, v in p["levels"].items()},
                    basis=p["basis"],
                )
                for p in r["recognition_levels"]
            ],
            validity_months=r["validity_months"],
            transition_note=r["transition_note"],
        )
    return out


@lru_cache(maxsize=4096)
def choose_regime(
    regime: str | None,
    evaluated_on: date | None,
    filed_on: date | None = None,
    kind: EvaluationKind = "first",
) -> RegimeChoice:
    """Pick the regime: the one named, else the one in force on the evaluation date.

    Pure (the regimes are fixed data): the choice for the dates seen is remembered.
    Between 26/2026 taking effect and the end of its transition window, a dossier filed
    before 26/2026 took effect may still be finished under 148; without a filing date the
    regime in force (2026) is used and the reason says so.
    """
    known = regimes()
    if regime is not None:
        if regime not in known:
            raise RegimeError(
                "regime",
                f"unknown regime {regime!r}; known: {', '.join(known)}",
                f"Không có chế độ (bộ tiêu chí) {regime!r}; các chế độ: {', '.join(known)}",
            )
        chosen = known[regime]
        if (
            evaluated_on is not None
            and not chosen.in_force(evaluated_on)
            and not _in_transition(chosen, evaluated_on, filed_on, kind)
        ):
            raise RegimeError(
                "evaluated_on",
                f"regime {regime} is not in force on {evaluated_on.isoformat()}",
                f"Chế độ {regime} không có hiệu lực vào ngày {evaluated_on.isoformat()}",
            )
        return RegimeChoice(
            regime=regime,
            reason_vi=f"Chế độ {regime} do yêu cầu chỉ định",
            reason_en=f"regime {regime} named in the request",
        )
    if evaluated_on is None:
        raise RegimeError(
            "regime",
            "give the regime or the evaluation date (evaluated_on)",
            "Cần ghi chế độ (regime) hoặc ngày đánh giá (evaluated_on)",
        )
    if filed_on is not None and filed_on > evaluated_on:
        raise RegimeError(
            "filed_on",
            "the dossier filing date is after the evaluation date",
            "Ngày nộp hồ sơ sau ngày đánh giá",
        )
    in_force = [r for r in known.values() if r.in_force(evaluated_on)]
    if not in_force:
        raise RegimeError(
            "evaluated_on",
            f"no OCOP regime is in force on {evaluated_on.isoformat()}",
            f"Không có bộ tiêu chí OCOP nào có hiệu lực vào ngày {evaluated_on.isoformat()}",
        )
    newest = max(in_force, key=lambda r: r.effective_from)
    older = [r for r in in_force if r is not newest]
    day = evaluated_on.isoformat()
    if older and filed_on is not None and filed_on < newest.effective_from:
        previous = max(older, key=lambda r: r.effective_from)
        if _in_transition(previous, evaluated_on, filed_on, kind):
            return RegimeChoice(
                regime=previous.code,
                reason_vi=(
                    f"Hồ sơ nộp ngày {filed_on.isoformat()}, trước khi chế độ {newest.code} có hiệu lực; "
                    f"được hoàn thành theo chế độ {previous.code} trong thời gian chuyển tiếp"
                ),
                reason_en=(
                    f"dossier filed on {filed_on.isoformat()}, before regime {newest.code} took effect; "
                    f"finished under regime {previous.code} within the transition period"
                ),
            )
    if older:
        return RegimeChoice(
            regime=newest.code,
            reason_vi=f"Chế độ {newest.code} có hiệu lực vào ngày đánh giá {day} (hồ sơ không thuộc diện chuyển tiếp)",
            reason_en=f"regime {newest.code} in force on the evaluation date {day} (dossier not in the transition)",
        )
    return RegimeChoice(
        regime=newest.code,
        reason_vi=f"Chế độ {newest.code} có hiệu lực vào ngày đánh giá {day}",
        reason_en=f"regime {newest.code} in force on the evaluation date {day}",
    )


def _in_transition(previous: Regime, day: date, filed_on: date | None, kind: EvaluationKind) -> bool:
    """True when a dossier filed before the successor took effect may still finish under ``previous``."""
    successor = next((r for r in regimes().values() if r.effective_from > previous.effective_from), None)
    if successor is None or filed_on is None or filed_on >= successor.effective_from:
        return False
    window_end = successor.effective_from + timedelta(days=TRANSITION_DAYS[kind] - 1)
    return successor.effective_from <= day <= window_end and previous.in_force(day)
