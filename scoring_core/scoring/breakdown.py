"""From chosen options to the breakdown: one option per criterion, knock-outs, story-only criteria.

Totals are summed here, outside the engine, so the order in which rules fire never matters
and every point is traceable to its criterion.

What never changes for a sheet version (its criteria in official order with their part and
group, each option's points as an exact decimal, the lines of criteria nobody assessed) is
worked out once per content hash (``plan``); the models of the breakdown are built from those
trusted values without validating them again (``scoring_core.scoring.evaluation``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from scoring_core.rules.conditions import Condition, undecided
from scoring_core.rules.engine import Firing
from scoring_core.scoring.evaluation import (
    Conflict,
    CriterionScore,
    FactConflict,
    FailedGate,
    KnockOut,
    Source,
    Status,
    conflict,
    judgement_source,
    knock_out,
    rule_source,
    scored_line,
    zero_line,
)
from scoring_core.scoring.request import Judgement
from scoring_core.sheets.model import Criterion, Option, Sheet

ZERO = Decimal(0)
NOT_ASSESSED_EN = "not assessed: no fact rule and no judgement"
NOT_ASSESSED_VI = "Chưa đánh giá: không có quy tắc dữ kiện và không có đánh giá"
UNMATCHED_EN = "not assessed: the facts given match no option of its fact rules, and no judgement"
UNMATCHED_VI = "Chưa đánh giá: dữ kiện đã khai không khớp phương án nào của quy tắc dữ kiện, và không có đánh giá"


class Choice(NamedTuple):
    """The option a criterion takes, where it came from, and any rule/judgement disagreement."""

    case: int | None
    option: int
    source: Source
    conflict: Conflict | None = None


@dataclass(frozen=True, slots=True)
class PlannedOption:
    """One option of one criterion, with its points as an exact decimal and its rank among firings."""

    option: Option
    points: Decimal
    rank: tuple[int, int]  # (1 for a knock-out, points): what wins when several rules fire
    whole: int  # the points as an integer, for the part totals
    #: id(source) -> the line scored with this option from that (shared) source; the line holds its
    #: source, so an id cannot be reused while the entry lives (bounded: emptied when full)
    lines: dict[int, CriterionScore]


@dataclass(frozen=True, slots=True)
class PlannedCriterion:
    """One criterion of a sheet in official order, with everything scoring it needs."""

    criterion: Criterion
    part: str
    group: str
    first: bool  # the first criterion of its group (whose points decide story-only criteria)
    story_only: bool
    story: str  # the id of the group's first criterion
    options: dict[tuple[int | None, int], PlannedOption]
    not_assessed: CriterionScore  # shared: frozen, and the same for every product
    not_applicable_en: str
    not_applicable_vi: str
    not_applicable: CriterionScore  # shared, for when nobody chose an option either
    branched: bool
    gate: Any  # the criterion's star gates (``ranking``), None when it has none
    #: (points, case) -> the gates failed with them (few point values exist per criterion)
    failed: dict[tuple[int, int | None], tuple[FailedGate, ...]]
    #: the facts missing (or the contradiction) -> its not-assessed line (bounded: emptied when full)
    unassessed: dict[Any, CriterionScore]

    def failures(self, points: int, case: int | None) -> tuple[FailedGate, ...]:
        """The gates this criterion fails with ``points`` in ``case``: ``gate.failures``, remembered."""
        found = self.failed.get((points, case))
        if found is None:
            found = self.failed[(points, case)] = tuple(self.gate.failures(Decimal(points), case))
        return found

    def option(self, case: int | None, n: int) -> PlannedOption | None:
        """Option ``n`` of ``case`` (the case is ignored without branches, as ``Criterion.option`` does)."""
        return self.options.get((case if self.branched else None, n))


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """A sheet version as the pipeline walks it."""

    criteria: tuple[PlannedCriterion, ...]
    by_id: dict[str, PlannedCriterion]
    parts: tuple[str, ...]
    part_maxima: dict[str, int]


_NO_SOURCE = Source(kind="none")
_PLANS: dict[str, SheetPlan] = {}

# Sources and breakdown lines are frozen and recur across products (the same judge, the same rule on
# the same facts, the same option): equal ones are shared rather than built again.  Keys keep types
# apart (1, 1.0 and True stay different facts); both caches are bounded (emptied when full).
_CACHE_SIZE = 16384
_SOURCES: dict[tuple, Source] = {}
_LINES_PER_OPTION = 256  # lines kept per option (``PlannedOption.lines``)


def _shared_rule_source(firing: Firing) -> Source:
    try:
        read = firing.facts_read
        key = (firing.rule, firing.origin, firing.quote, tuple(read.items()), tuple(map(type, read.values())))
        found = _SOURCES.get(key)
    except TypeError:  # an unhashable fact value: not shared
        return rule_source(firing.rule, firing.origin, dict(firing.facts_read), firing.quote)
    if found is None:
        if len(_SOURCES) >= _CACHE_SIZE:
            _SOURCES.clear()
        found = _SOURCES[key] = rule_source(firing.rule, firing.origin, dict(firing.facts_read), firing.quote)
    return found


def _shared_judgement_source(by: str | None, reason: str | None) -> Source:
    key = ("judgement", by, reason)
    found = _SOURCES.get(key)
    if found is None:
        if len(_SOURCES) >= _CACHE_SIZE:
            _SOURCES.clear()
        found = _SOURCES[key] = judgement_source(by, reason)
    return found


def _plan(sheet: Sheet) -> SheetPlan:
    from scoring_core.scoring.ranking import gates_by_criterion  # ranking builds on the breakdown models

    gates = gates_by_criterion(sheet)
    out = []
    for part, group, c in sheet.criteria():
        first = group.criteria[0]
        options = {
            key: PlannedOption(o, Decimal(o.points), (1 if o.effect else 0, o.points), o.points, {})
            for key, o in c.option_index.items()
        }
        common = (c.id, part.code, group.id, c.title_vi, c.title_en, c.max)
        na_en = f"not applicable: only counts when the product has a story ({first.id} > 0)"
        na_vi = f"Không áp dụng: chỉ tính khi có câu chuyện sản phẩm ({first.id} > 0)"
        out.append(
            PlannedCriterion(
                c,
                part.code,
                group.id,
                c is first,
                c.applies_when == "story_exists",
                first.id,
                options,
                zero_line(*common, "not_assessed", _NO_SOURCE, NOT_ASSESSED_EN, NOT_ASSESSED_VI),
                na_en,
                na_vi,
                zero_line(*common, "not_applicable", _NO_SOURCE, na_en, na_vi),
                c.branches is not None,
                gates.get(c.id),
                {},
                {},
            )
        )
    return SheetPlan(
        tuple(out),
        {p.criterion.id: p for p in out},
        tuple(p.code for p in sheet.parts),
        {p.code: p.max for p in sheet.parts},
    )


def plan(sheet: Sheet) -> SheetPlan:
    """The plan of a sheet version, worked out once per content hash."""
    found = _PLANS.get(sheet.content_hash)
    if found is None:
        found = _PLANS[sheet.content_hash] = _plan(sheet)
    return found


def _derived(
    sheet_plan: SheetPlan, firings: Iterable[Firing]
) -> dict[str, tuple[Firing, PlannedOption | None, tuple[int, int]]]:
    """The firing kept per criterion (a knock-out first, then most points; the first of equals)."""
    by_id = sheet_plan.by_id
    derived: dict[str, tuple[Firing, PlannedOption | None, tuple[int, int]]] = {}
    for firing in firings:
        planned = by_id[firing.criterion].option(firing.case, firing.option)
        rank = planned.rank if planned is not None else (0, -1)
        held = derived.get(firing.criterion)
        if held is None or rank > held[2]:
            derived[firing.criterion] = (firing, planned, rank)
    return derived


def _merge(firing: Firing | None, judgement: Judgement | None, judged_by: str | None) -> Choice:
    """One criterion's choice from the rule that fired and the judgement given (either may be None)."""
    if judgement is None:
        assert firing is not None
        return Choice(firing.case, firing.option, _shared_rule_source(firing))
    by = judgement.by or judged_by
    if firing is None:
        return Choice(judgement.case, judgement.option, _shared_judgement_source(by, judgement.reason))
    if firing.case == judgement.case and firing.option == judgement.option:
        return Choice(firing.case, firing.option, _shared_rule_source(firing))  # they agree: the rule is the source
    wins = bool(judgement.reason and judgement.reason.strip())
    flagged = conflict(
        firing.option,
        firing.case,
        judgement.option,
        judgement.case,
        "judgement" if wins else "rule",
        (
            f"judgement by {by or 'unknown'} overrides the rule: {judgement.reason}"
            if wins
            else "the judgement differs from the fact rule and states no reason; the rule stands"
        ),
        (
            f"Đánh giá của {by or 'không rõ'} thay kết quả của quy tắc: {judgement.reason}"
            if wins
            else "Đánh giá khác kết quả quy tắc dữ kiện và không nêu lý do; giữ kết quả quy tắc"
        ),
    )
    if wins:
        return Choice(judgement.case, judgement.option, _shared_judgement_source(by, judgement.reason), flagged)
    return Choice(firing.case, firing.option, _shared_rule_source(firing), flagged)


def choose_options(
    sheet: Sheet,
    firings: Iterable[Firing],
    judgements: Mapping[str, Judgement],
    judged_by: str | None = None,
) -> dict[str, Choice]:
    """Merge what the rules derived with what people judged, criterion by criterion.

    A judgement that disagrees with a rule wins only when it states a reason; the result
    keeps both either way.  Should several rules fire for one criterion, a knock-out wins,
    then the option with most points.
    """
    derived = _derived(plan(sheet), firings)
    choices = {cid: _merge(held[0], judgements.get(cid), judged_by) for cid, held in derived.items()}
    for cid, judgement in judgements.items():
        if cid not in derived:
            choices[cid] = _merge(None, judgement, judged_by)
    return choices


class Scored(NamedTuple):
    """A breakdown with what is summed and checked on it in the same walk."""

    lines: list[CriterionScore]
    knockouts: list[KnockOut]
    parts: dict[str, Decimal]  # as ``part_totals``
    gates: list[FailedGate]  # as ``ranking.gates_from_lines``
    #: fact -> the criteria left not assessed that it would decide, in official order
    missing: dict[str, list[str]]


def score_sheet(sheet: Sheet, choices: Mapping[str, Choice]) -> tuple[list[CriterionScore], list[KnockOut]]:
    """The breakdown in official order, and every knock-out in that order (an eliminate may precede a stop)."""
    scored = score_lines(sheet, choices)
    return scored.lines, scored.knockouts


def score_lines(sheet: Sheet, choices: Mapping[str, Choice]) -> Scored:
    """``score_sheet``, ``part_totals`` and the failed gates of the breakdown, in one walk of the sheet."""
    return _walk(plan(sheet), lambda p: choices.get(p.criterion.id))


def score_product(
    sheet: Sheet,
    firings: Iterable[Firing],
    judgements: Mapping[str, Judgement],
    judged_by: str | None = None,
    facts: Mapping[str, Any] | None = None,
    rules: Mapping[str, tuple[Condition, ...]] | None = None,
    set_aside: Mapping[str, tuple[Firing, FactConflict]] | None = None,
) -> Scored:
    """``score_lines(sheet, choose_options(sheet, firings, judgements, judged_by))`` without the
    intermediate choices: each criterion's choice is merged as the walk reaches it.

    With the product's ``facts`` and the conditions of each criterion's ``rules``, a criterion left
    without an option names the missing facts that could still decide it (``Scored.missing``
    collects them), or says that the facts given match none of its rules.
    The rules of a criterion in ``set_aside`` (a knock-out resting on contradicted facts) do not
    count: the criterion takes the judgement given, else it is not assessed, naming the contradiction.
    """
    sheet_plan = plan(sheet)
    derived = _derived(sheet_plan, firings)
    if set_aside:
        derived = {cid: held for cid, held in derived.items() if cid not in set_aside}
    missing: dict[str, list[str]] = {}

    def choice_of(p: PlannedCriterion) -> Choice | None:
        held = derived.get(p.criterion.id)
        judgement = judgements.get(p.criterion.id)
        if judgement is None and held is None:
            return None
        return _merge(held[0] if held is not None else None, judgement, judged_by)

    def unassessed(p: PlannedCriterion) -> CriterionScore:
        cid = p.criterion.id
        contradiction = set_aside.get(cid) if set_aside else None
        if contradiction is not None:
            firing, conflict = contradiction
            option = f"{firing.case}/{firing.option}" if firing.case else str(firing.option)
            facts_named = ", ".join(conflict.facts)
            return _unassessed(
                p,
                None,
                f"not assessed, left to the council: its knock-out (option {option}) rests on contradicting facts "
                f"({facts_named}) and does not eliminate",
                f"Chưa đánh giá, để hội đồng đánh giá: phương án loại (phương án {option}) dựa trên các dữ kiện mâu "
                f"thuẫn ({facts_named}) nên không loại sản phẩm",
            )
        conditions = rules.get(cid) if rules else None
        if not conditions or facts is None:
            return p.not_assessed
        open_: set[str] = set()
        for condition in conditions:
            value, names = undecided(condition, facts)
            if value is None:
                open_.update(names)
        lacking = tuple(sorted(open_))
        if not lacking:
            return _unassessed(p, (), UNMATCHED_EN, UNMATCHED_VI)
        for name in lacking:
            missing.setdefault(name, []).append(cid)
        listed = ", ".join(lacking)
        return _unassessed(
            p,
            lacking,
            f"not assessed: facts missing: {listed} (give them, or a judgement)",
            f"Chưa đánh giá: thiếu dữ kiện {listed} (bổ sung dữ kiện, hoặc hội đồng đánh giá)",
        )

    scored = _walk(sheet_plan, choice_of, unassessed)
    return scored._replace(missing=missing) if missing else scored


def _unassessed(p: PlannedCriterion, key: Any, reason_en: str, reason_vi: str) -> CriterionScore:
    """The not-assessed line of ``p`` with this reason, shared by products with the same ``key`` (None: not shared)."""
    known = p.unassessed
    found = None if key is None else known.get(key)
    if found is None:
        c = p.criterion
        found = zero_line(
            c.id, p.part, p.group, c.title_vi, c.title_en, c.max, "not_assessed", _NO_SOURCE, reason_en, reason_vi
        )
        if key is not None:
            if len(known) >= _LINES_PER_OPTION:
                known.clear()
            known[key] = found
    return found


def _walk(
    sheet_plan: SheetPlan,
    choice_of: Callable[[PlannedCriterion], Choice | None],
    unassessed: Callable[[PlannedCriterion], CriterionScore] | None = None,
) -> Scored:
    """The breakdown in official order, part totals and failed gates, with each criterion's choice
    (``unassessed`` gives the line of a criterion nobody chose an option for)."""
    lines: list[CriterionScore] = []
    knockouts: list[KnockOut] = []
    gates: list[FailedGate] = []
    totals = dict.fromkeys(sheet_plan.parts, 0)
    stopped_at: str | None = None
    first_points = 0
    for p in sheet_plan.criteria:
        if p.first:
            first_points = 0
        choice = choice_of(p)
        if stopped_at is not None:
            lines.append(
                _zero(
                    p,
                    "not_evaluated",
                    choice,
                    f"not evaluated: the evaluation stopped at {stopped_at}",
                    f"Không đánh giá: việc đánh giá đã dừng tại tiêu chí {stopped_at}",
                )
            )
        elif p.story_only and first_points <= 0:
            lines.append(
                p.not_applicable
                if choice is None
                else _zero(p, "not_applicable", choice, p.not_applicable_en, p.not_applicable_vi)
            )
        elif choice is None:
            lines.append(p.not_assessed if unassessed is None else unassessed(p))
        else:
            planned = p.option(choice.case, choice.option)
            assert planned is not None, f"{p.criterion.id}: option {choice.option} was validated before scoring"
            if p.first:
                first_points = planned.whole
            totals[p.part] += planned.whole
            if p.gate is not None:
                gates.extend(p.failures(planned.whole, choice.case))
            effect = planned.option.effect
            if effect is None:
                lines.append(_scored(p, choice, planned))
            else:
                lines.append(_knocked_out(p, choice, planned, knockouts))
                if effect == "stop":
                    stopped_at = p.criterion.id
            continue
        if p.gate is not None:  # a line at 0 points, in no case
            gates.extend(p.failures(0, None))
    return Scored(lines, knockouts, {part: Decimal(points) for part, points in totals.items()}, gates, {})


def _knocked_out(
    p: PlannedCriterion, choice: Choice, planned: PlannedOption, knockouts: list[KnockOut]
) -> CriterionScore:
    """The line of a knock-out option (with its reason), its knock-out appended to ``knockouts``."""
    criterion, option = p.criterion, planned.option
    verb_en = "eliminated" if option.effect == "eliminate" else "evaluation stopped"
    verb_vi = "Bị loại" if option.effect == "eliminate" else "Dừng đánh giá các bước tiếp theo"
    reason_en = f"{verb_en} at {criterion.id} option {option.n}: {option.label_vi}"
    reason_vi = f"{verb_vi} tại tiêu chí {criterion.id}, phương án {option.n}: {option.label_vi}"
    knockouts.append(knock_out(criterion.id, option.n, option.effect, reason_en, reason_vi))  # type: ignore[arg-type]
    return scored_line(
        criterion.id,
        p.part,
        p.group,
        criterion.title_vi,
        criterion.title_en,
        criterion.max,
        choice.case,
        option.n,
        option.label_vi,
        planned.points,
        choice.source,
        choice.conflict,
        reason_en,
        reason_vi,
    )


def _scored(p: PlannedCriterion, choice: Choice, planned: PlannedOption) -> CriterionScore:
    """A scored line without knock-out, shared with earlier products that had the same option from the
    same (shared) source, unless a conflict is flagged."""
    c, o = p.criterion, planned.option
    if choice.conflict is not None:
        return scored_line(
            c.id,
            p.part,
            p.group,
            c.title_vi,
            c.title_en,
            c.max,
            choice.case,
            o.n,
            o.label_vi,
            planned.points,
            choice.source,
            choice.conflict,
        )
    known = planned.lines
    found = known.get(id(choice.source))
    if found is None:
        found = scored_line(
            c.id,
            p.part,
            p.group,
            c.title_vi,
            c.title_en,
            c.max,
            choice.case,
            o.n,
            o.label_vi,
            planned.points,
            choice.source,
            None,
        )
        if len(known) >= _LINES_PER_OPTION:
            known.clear()
        known[id(choice.source)] = found
    return found


def _zero(p: PlannedCriterion, status: Status, choice: Choice | None, reason_en: str, reason_vi: str) -> CriterionScore:
    c = p.criterion
    return zero_line(
        c.id,
        p.part,
        p.group,
        c.title_vi,
        c.title_en,
        c.max,
        status,
        choice.source if choice is not None else _NO_SOURCE,
        reason_en,
        reason_vi,
    )


def part_totals(sheet: Sheet, lines: Iterable[CriterionScore]) -> dict[str, Decimal]:
    """Points per part (A, B, C), exact."""
    totals = dict.fromkeys(plan(sheet).parts, ZERO)
    for line in lines:
        totals[line.part] += line.points
    return totals
