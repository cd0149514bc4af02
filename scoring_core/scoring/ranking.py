"""Stars: band star on the total, star gates per criterion, final star, recognition and validity.

What a product that reaches a band but misses a gate gets is not stated by the texts; our
reading (README rule 7) is one policy, ``GatePolicy``, kept here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from scoring_core.scoring.breakdown import plan
from scoring_core.scoring.evaluation import FailedGate, Recognition, recognition_of
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.regimes import Regime


class GatePolicy(StrEnum):
    """How a missed gate limits the star."""

    #: The highest star whose band floor is reached and whose gates (and all lower ones) are met.
    CAP = "cap"
    #: A missed gate of the band star (or a lower one) leaves the product unrecognised (at most 2★).
    NO_RECOGNITION = "no_recognition"


def failed_gates(sheet: Sheet, points: Mapping[str, Decimal], cases: Mapping[str, int | None]) -> list[FailedGate]:
    """Every gate not met, as (criterion, star), in official order then star order.

    ``points`` are the criterion's points (a member's, or a council's mean); ``cases`` the
    case scored for two-case criteria.
    """
    zero = Decimal(0)
    return [f for g in plan(sheet).gates for f in g.failures(points.get(g.criterion, zero), cases.get(g.criterion))]


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


@lru_cache(maxsize=4096)
def recognition(regime: Regime, star: int | None, day: date) -> Recognition | None:
    """Who recognises ``star`` on ``day`` and until when; None below 3★ or when unranked (frozen, shared:
    a few evaluation dates recur across a catalogue)."""
    if star is None or star < 3:
        return None
    until = day + relativedelta(months=regime.validity_months) - timedelta(days=1)
    return recognition_of(regime.recognition_levels(day).get(star), day, until)
