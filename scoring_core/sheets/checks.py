"""Load-time checks that decide whether a sheet may be served; a failing sheet is unavailable."""

from __future__ import annotations

from collections import Counter

from scoring_core.sheets.model import Criterion, Sheet
from scoring_core.sheets.regimes import Regime
from scoring_core.sheets.wording import quoted


def sheet_problems(sheet: Sheet, regime: Regime | None) -> list[str]:
    """Every reason the sheet cannot be served (empty when it adds up).

    Nothing is scaled or guessed: a part whose criteria do not add up to the regime's part
    maximum, or a criterion whose best option does not reach its maximum, makes the whole
    sheet unavailable with that reason.
    """
    problems: list[str] = []
    if regime is None:
        return [f"unknown regime {sheet.regime!r}"]
    if not sheet.sheet_id.startswith(f"{sheet.regime}/"):
        problems.append(f"sheet id {sheet.sheet_id!r} does not start with regime {sheet.regime!r}")

    ids = Counter(c.id for _, _, c in sheet.criteria())
    problems += [f"criterion id {cid} appears {n} times" for cid, n in ids.items() if n > 1]

    codes = [p.code for p in sheet.parts]
    if sorted(codes) != sorted(regime.part_maxima):
        problems.append(f"parts {codes} differ from the regime's {sorted(regime.part_maxima)}")
    for part in sheet.parts:
        criteria_sum = sum(c.max for g in part.groups for c in g.criteria)
        expected = regime.part_maxima.get(part.code)
        if part.max != expected:
            problems.append(f"part {part.code} maximum {part.max} differs from the regime's {expected}")
        if criteria_sum != part.max:
            problems.append(f"part {part.code}: criteria maxima add up to {criteria_sum}, not {part.max}")
        for group in part.groups:
            group_sum = sum(c.max for c in group.criteria)
            if group_sum != group.max:
                problems.append(f"group {group.id}: criteria maxima add up to {group_sum}, not {group.max}")

    for _, group, criterion in sheet.criteria():
        problems += _criterion_problems(criterion, first_in_group=criterion is group.criteria[0])

    known = sheet.criteria_by_id
    for binding in sheet.rules:
        target = known.get(binding.criterion)
        if target is None:
            problems.append(f"rule binding names unknown criterion {binding.criterion}")
            continue
        for n, bound in binding.options.items():
            option = target.option(binding.case, int(n)) if n.isdigit() else None
            where = f"rule binding {binding.criterion}" + (f" case {binding.case}" if binding.case else "")
            if option is None:
                problems.append(f"{where} names unknown option {n}")
            elif not quoted(bound.quote, option.label_vi):
                problems.append(f"{where} option {n}: quote {bound.quote!r} is not in the option's wording")
    return problems


def _criterion_problems(criterion: Criterion, first_in_group: bool) -> list[str]:
    problems = []
    cid = criterion.id
    if criterion.branches is not None and criterion.options:
        problems.append(f"{cid}: has both branches and plain options")
    if criterion.branches is None and not criterion.options:
        problems.append(f"{cid}: has no options")
    if criterion.best_points != criterion.max:
        problems.append(f"{cid}: the best option scores {criterion.best_points} but the maximum is {criterion.max}")
    if criterion.min_star is not None and not 3 <= criterion.min_star <= 5:
        problems.append(f"{cid}: star gate {criterion.min_star} is outside 3..5")
    if criterion.applies_when == "story_exists" and first_in_group:
        problems.append(f"{cid}: a story-only criterion cannot be the story itself (first of its group)")
    for case in criterion.cases:
        options = criterion.options_of(case)
        numbers = Counter(o.n for o in options)
        where = f"{cid}" + (f" case {case}" if case else "")
        problems += [f"{where}: option {n} appears {k} times" for n, k in numbers.items() if k > 1]
        for option in options:
            if option.min_star is not None and not 3 <= option.min_star <= 5:
                problems.append(f"{where} option {option.n}: star gate {option.min_star} is outside 3..5")
            if option.points > criterion.max:
                problems.append(f"{where} option {option.n}: {option.points} points exceed the maximum")
    return problems
