"""Stars: band star on the total, star gates per criterion, final star, recognition and validity.

What a product that reaches a band but misses a gate gets is not stated by the texts; our
reading (README rule 7) is one policy, ``GatePolicy``, kept here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from scoring_core.scoring.evaluation import FailedGate, Recognition, failed_gate, recognition_of
from scoring_core.sheets.model import Criterion, Sheet
from scoring_core.sheets.regimes import Regime

GATED_STARS = (3, 4, 5)


class GatePolicy(StrEnum):
    """How a missed gate limits the star."""

    #: The highest star whose band floor is reached and whose gates (and all lower ones) are met.
    CAP = "cap"
    #: A missed gate of the band star (or a lower one) leaves the product unrecognised (at most 2★).
    NO_RECOGNITION = "no_recognition"


class _Gate:
    """The gates of one criterion: a required answer for a star, and required points per case and star."""

    __slots__ = ("answered_for", "criterion", "known", "required")

    def __init__(self, criterion: Criterion) -> None:
        self.criterion = criterion.id
        self.answered_for = criterion.min_star
        #: (points as text, case) -> the gates failed: few point values recur, their gates are shared
        self.known: dict[tuple[type, str, int | None], tuple[FailedGate, ...]] = {}
        self.required: dict[int | None, dict[int, Decimal]] = {}
        own_stars = {o.min_star for c in criterion.cases for o in criterion.options_of(c) if o.min_star}
        for case in criterion.cases:
            for star in sorted(own_stars):
                need = [o.points for o in criterion.options_of(case) if o.min_star is not None and o.min_star <= star]
                if need:
                    self.required.setdefault(case, {})[star] = Decimal(max(need))
        if criterion.branches is not None and self.required:
            # no case scored: the least any case would have asked
            self.required[None] = {
                star: min(per_case[star] for per_case in self.required.values() if star in per_case)
                for star in sorted(own_stars)
                if any(star in per_case for per_case in self.required.values())
            }

    def failures(self, got: Decimal, case: int | None) -> tuple[FailedGate, ...]:
        """The gates this criterion fails with ``got`` points in ``case`` (frozen, shared per value)."""
        key = (type(got), str(got), case)
        found = self.known.get(key)
        if found is None:
            if len(self.known) >= 256:
                self.known.clear()
            found = self.known[key] = tuple(self._failures(got, case))
        return found

    def _failures(self, got: Decimal, case: int | None) -> list[FailedGate]:
        out = []
        cid = self.criterion
        points = got if isinstance(got, Decimal) else Decimal(str(got))  # as FailedGate(points=got) holds it
        for star in GATED_STARS:
            if self.answered_for == star and got <= 0:
                out.append(
                    failed_gate(
                        cid,
                        star,
                        None,
                        points,
                        f"{star}★ needs {cid} answered with more than 0 points",
                        f"Hạng {star} sao yêu cầu tiêu chí {cid} đạt trên 0 điểm",
                    )
                )
            need = self.required.get(case, _NONE).get(star)
            if need is not None and got < need:
                out.append(
                    failed_gate(
                        cid,
                        star,
                        need,
                        points,
                        f"{star}★ needs at least {need} points on {cid}, it has {got}",
                        f"Hạng {star} sao yêu cầu tiêu chí {cid} đạt tối thiểu {need} điểm, hiện đạt {got}",
                    )
                )
        return out


_NONE: dict[int, Decimal] = {}
_GATE_TABLES: dict[str, list[_Gate]] = {}


def _gate_table(sheet: Sheet) -> list[_Gate]:
    """The gated criteria of a sheet in official order, computed once per sheet version."""
    table = _GATE_TABLES.get(sheet.content_hash)
    if table is None:
        table = [g for _, _, c in sheet.criteria() if (g := _Gate(c)).required or g.answered_for]
        _GATE_TABLES[sheet.content_hash] = table
    return table


def gates_by_criterion(sheet: Sheet) -> dict[str, _Gate]:
    """The gates of each gated criterion of a sheet (for walking the breakdown once)."""
    return {g.criterion: g for g in _gate_table(sheet)}


def failed_gates(sheet: Sheet, points: Mapping[str, Decimal], cases: Mapping[str, int | None]) -> list[FailedGate]:
    """Every gate not met, as (criterion, star), in official order then star order.

    ``points`` are the criterion's points (a member's, or a council's mean); ``cases`` the
    case scored for two-case criteria.
    """
    zero = Decimal(0)
    return [f for g in _gate_table(sheet) for f in g.failures(points.get(g.criterion, zero), cases.get(g.criterion))]


def final_star(regime: Regime, total: Decimal, gates: Iterable[FailedGate], policy: GatePolicy = GatePolicy.CAP) -> int:
    """The star the product is ranked at (before knock-outs, which leave it unranked)."""
    band = regime.band_star(total)
    failed_stars = {g.star for g in gates}
    if policy is GatePolicy.NO_RECOGNITION:
        return band if not any(s <= band for s in failed_stars) else min(band, 2)
    best = 1
    for star in range(1, band + 1):
        if star >= 3 and star in failed_stars:
            break
        best = star
    return best


def recognition(regime: Regime, star: int | None, day: date) -> Recognition | None:
    """Who recognises ``star`` on ``day`` and until when; None below 3★ or when unranked."""
    if star is None or star < 3:
        return None
    key = (id(regime), star, day)
    known = _RECOGNISED.get(key)
    if known is None or known[0] is not regime:
        if len(_RECOGNISED) >= 4096:
            _RECOGNISED.clear()
        until = day + relativedelta(months=regime.validity_months) - timedelta(days=1)
        known = _RECOGNISED[key] = (regime, regime.recognition_levels(day).get(star), until)
    return recognition_of(known[1], day, known[2])


#: (regime, star, day) -> (regime, level, valid until): a few evaluation dates recur across a catalogue
_RECOGNISED: dict[tuple[int, int, date], tuple[Regime, str | None, date]] = {}
