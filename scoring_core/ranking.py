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

from scoring_core.evaluation import CriterionScore, FailedGate, Recognition
from scoring_core.model import Criterion, Sheet
from scoring_core.regimes import Regime

GATED_STARS = (3, 4, 5)


class GatePolicy(StrEnum):
    """How a missed gate limits the star."""

    #: The highest star whose band floor is reached and whose gates (and all lower ones) are met.
    CAP = "cap"
    #: A missed gate of the band star (or a lower one) leaves the product unrecognised (at most 2★).
    NO_RECOGNITION = "no_recognition"


def _required_points(criterion: Criterion, case: int | None, star: int) -> Decimal | None:
    """Points needed on ``criterion`` for ``star`` stars (None when no option gate applies)."""
    cases = [case] if case is not None or criterion.branches is None else criterion.cases
    needed = [
        o.points
        for c in cases
        for o in criterion.options_of(c)
        if o.min_star is not None and o.min_star <= star
    ]
    if not needed:
        return None
    return Decimal(max(needed) if case is not None or criterion.branches is None else min(needed))


def failed_gates(sheet: Sheet, points: Mapping[str, Decimal], cases: Mapping[str, int | None]) -> list[FailedGate]:
    """Every gate not met, as (criterion, star), in official order then star order.

    ``points`` are the criterion's points (a member's, or a council's mean); ``cases`` the
    case scored for two-case criteria.
    """
    failed = []
    for _, _, criterion in sheet.criteria():
        got = points.get(criterion.id, Decimal(0))
        for star in GATED_STARS:
            if criterion.min_star is not None and criterion.min_star == star and got <= 0:
                failed.append(FailedGate(
                    criterion=criterion.id, star=star, required_points=None, points=got,
                    reason_en=f"{star}★ needs {criterion.id} answered with more than 0 points",
                    reason_vi=f"Hạng {star} sao yêu cầu tiêu chí {criterion.id} đạt trên 0 điểm",
                ))
            own = [o for c in criterion.cases for o in criterion.options_of(c) if o.min_star == star]
            if not own:
                continue
            need = _required_points(criterion, cases.get(criterion.id), star)
            if need is not None and got < need:
                failed.append(FailedGate(
                    criterion=criterion.id, star=star, required_points=need, points=got,
                    reason_en=f"{star}★ needs at least {need} points on {criterion.id}, it has {got}",
                    reason_vi=f"Hạng {star} sao yêu cầu tiêu chí {criterion.id} đạt tối thiểu {need} điểm, "
                              f"hiện đạt {got}",
                ))
    return failed


def gates_from_lines(sheet: Sheet, lines: Iterable[CriterionScore]) -> list[FailedGate]:
    """Failed gates of one evaluation's breakdown."""
    lines = list(lines)
    return failed_gates(sheet, {x.criterion: x.points for x in lines}, {x.criterion: x.case for x in lines})


def final_star(
    regime: Regime, total: Decimal, gates: Iterable[FailedGate], policy: GatePolicy = GatePolicy.CAP
) -> int:
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
    until = day + relativedelta(months=regime.validity_months) - timedelta(days=1)
    return Recognition(level=regime.recognition_levels(day).get(star), valid_from=day, valid_until=until)
