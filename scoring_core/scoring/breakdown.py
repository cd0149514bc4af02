"""From chosen options to the breakdown: one option per criterion, knock-outs, story-only criteria.

Totals are summed here, outside the engine, so the order in which rules fire never matters
and every point is traceable to its criterion.

What never changes for a sheet version (its criteria in official order with their part and
group, each option's points as an exact decimal, the lines of criteria nobody assessed, the
star gates) is worked out once per sheet version (``plan``); the models of the breakdown are
built from those trusted values without validating them again (``scoring_core.scoring.evaluation``),
and equal ones are shared across products (bounded ``functools.lru_cache``s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from scoring_core.rules.conditions import Condition, undecided
from scoring_core.rules.engine import Firing
from scoring_core.scoring.evaluation import (
    Conflict,
    CriterionScore,
    CriterionStatus,
    FactConflict,
    FailedGate,
    KnockOut,
    Source,
    conflict,
    failed_gate,
    judgement_source,
    knock_out,
    rule_source,
    scored_line,
    zero_line,
)
from scoring_core.scoring.request import Judgement
from scoring_core.sheets.model import Criterion, Option, Sheet

NOT_ASSESSED_EN = "not assessed: no fact rule and no judgement"
NOT_ASSESSED_VI = "Chưa đánh giá: không có quy tắc dữ kiện và không có đánh giá"
UNMATCHED_EN = "not assessed: the facts given match no option of its fact rules, and no judgement"
UNMATCHED_VI = "Chưa đánh giá: dữ kiện đã khai không khớp phương án nào của quy tắc dữ kiện, và không có đánh giá"


class Choice(NamedTuple):
    """The option a criterion takes, where it came from (``shared``: the key of its source, see
    ``_source``) and any rule/judgement disagreement (``disagreement``: the key of its conflict, see
    ``_conflict``); equal keys share one frozen model."""

    case: int | None
    option: int
    shared: tuple[Any, ...]
    disagreement: tuple[Any, ...] | None = None

    @property
    def source(self) -> Source:
        """Where the option came from (shared unless a fact value it read is unhashable)."""
        try:
            return _shared_source(self.shared)
        except TypeError:
            return _source(self.shared)

    @property
    def conflict(self) -> Conflict | None:
        """The rule/judgement disagreement, if any."""
        return None if self.disagreement is None else _shared_conflict(self.disagreement)


@dataclass(frozen=True, slots=True, eq=False)
class PlannedOption:
    """One option of one criterion, with its points as an exact decimal and its rank among firings."""

    option: Option
    points: Decimal
    rank: tuple[int, int]  # (1 for a knock-out, points): what wins when several rules fire
    whole: int  # the points as an integer, for the part totals
    failed: tuple[FailedGate, ...]  # the star gates the criterion fails when scored with this option


@dataclass(frozen=True, slots=True, eq=False)
class PlannedCriterion:
    """One criterion of a sheet in official order, with everything scoring it needs (one object per
    criterion of a sheet version: compared and hashed by identity)."""

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
    unanswered: tuple[FailedGate, ...]  # the star gates it fails with no option (0 points, no case)

    def option(self, case: int | None, n: int) -> PlannedOption | None:
        """Option ``n`` of ``case`` (the case is ignored without branches, as ``Criterion.option`` does)."""
        return self.options.get((case if self.branched else None, n))

    def zero_line(self, status: CriterionStatus, source: Source, reason_en: str, reason_vi: str) -> CriterionScore:
        """A line of this criterion at 0 points."""
        c = self.criterion
        return zero_line(
            c.id, self.part, self.group, c.title_vi, c.title_en, c.max, status, source, reason_en, reason_vi
        )


@dataclass(frozen=True, slots=True, eq=False)
class SheetPlan:
    """A sheet version as the pipeline walks it."""

    criteria: tuple[PlannedCriterion, ...]
    by_id: dict[str, PlannedCriterion]
    parts: tuple[str, ...]
    part_maxima: dict[str, int]
    gates: tuple[Gate, ...]  # of the gated criteria, in official order


_NO_SOURCE = Source(kind="none")

# Sources and breakdown lines are frozen and recur across products (the same judge, the same rule on
# the same facts, the same option): equal ones are shared rather than built again, through bounded
# ``functools.lru_cache``s.  Keys keep types apart (1, 1.0 and True stay different facts).
_SHARED = 16384


GATED_STARS = (3, 4, 5)


class Gate:
    """The star gates of one criterion: a required answer for a star, and required points per case and star."""

    __slots__ = ("answered_for", "criterion", "required")

    def __init__(self, criterion: Criterion) -> None:
        self.criterion = criterion.id
        self.answered_for = criterion.min_star
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

    def failures(self, got: Decimal | int, case: int | None) -> tuple[FailedGate, ...]:
        """The gates this criterion fails with ``got`` points in ``case`` (frozen, shared per value)."""
        return _gate_failures(self, got if type(got) is int else str(got), case)


@lru_cache(maxsize=_SHARED)
def _gate_failures(gate: Gate, points: int | str, case: int | None) -> tuple[FailedGate, ...]:
    """``gate.failures``: few point values recur per criterion (decimals come as text, which keeps ``3`` and
    ``3.0`` apart, as the failed gate's points show them)."""
    out = []
    cid = gate.criterion
    got = Decimal(points)
    for star in GATED_STARS:
        if gate.answered_for == star and got <= 0:
            out.append(
                failed_gate(
                    cid,
                    star,
                    None,
                    got,
                    f"{star}★ needs {cid} answered with more than 0 points",
                    f"Hạng {star} sao yêu cầu tiêu chí {cid} đạt trên 0 điểm",
                )
            )
        need = gate.required.get(case, _NO_REQUIREMENT).get(star)
        if need is not None and got < need:
            out.append(
                failed_gate(
                    cid,
                    star,
                    need,
                    got,
                    f"{star}★ needs at least {need} points on {cid}, it has {got}",
                    f"Hạng {star} sao yêu cầu tiêu chí {cid} đạt tối thiểu {need} điểm, hiện đạt {got}",
                )
            )
    return tuple(out)


_NO_REQUIREMENT: dict[int, Decimal] = {}


def _source(key: tuple[Any, ...]) -> Source:
    """The source of ``key``: ``("rule", rule, origin, quote, facts read, their types)`` or
    ``("judgement", by, reason)``."""
    if key[0] == "rule":
        return rule_source(key[1], key[2], dict(key[4]), key[3])
    return judgement_source(key[1], key[2])


_shared_source = lru_cache(maxsize=_SHARED)(_source)


def _conflict(key: tuple[Any, ...]) -> Conflict:
    """The conflict of ``key``: (rule option, rule case, judgement option, judgement case, judge, reason)."""
    rule_option, rule_case, judgement_option, judgement_case, by, reason = key
    wins = bool(reason and reason.strip())
    return conflict(
        rule_option,
        rule_case,
        judgement_option,
        judgement_case,
        "judgement" if wins else "rule",
        (
            f"judgement by {by or 'unknown'} overrides the rule: {reason}"
            if wins
            else "the judgement differs from the fact rule and states no reason; the rule stands"
        ),
        (
            f"Đánh giá của {by or 'không rõ'} thay kết quả của quy tắc: {reason}"
            if wins
            else "Đánh giá khác kết quả quy tắc dữ kiện và không nêu lý do; giữ kết quả quy tắc"
        ),
    )


_shared_conflict = lru_cache(maxsize=_SHARED)(_conflict)


def _rule_choice(firing: Firing, disagreement: tuple[Any, ...] | None = None) -> Choice:
    read = firing.facts_read
    key = ("rule", firing.rule, firing.origin, firing.quote, tuple(read.items()), tuple(map(type, read.values())))
    return Choice(firing.case, firing.option, key, disagreement)


def _judgement_choice(judgement: Judgement, by: str | None, disagreement: tuple[Any, ...] | None = None) -> Choice:
    return Choice(judgement.case, judgement.option, ("judgement", by, judgement.reason), disagreement)


@lru_cache(maxsize=_SHARED)
def _shared_line(
    p: PlannedCriterion,
    planned: PlannedOption,
    case: int | None,
    key: tuple[Any, ...],
    disagreement: tuple[Any, ...] | None,
) -> CriterionScore:
    """The scored line (no knock-out) of ``planned`` in ``case`` from the source of ``key``, with the
    conflict of ``disagreement`` if any."""
    c, o = p.criterion, planned.option
    return scored_line(
        c.id,
        p.part,
        p.group,
        c.title_vi,
        c.title_en,
        c.max,
        case,
        o.n,
        o.label_vi,
        planned.points,
        _shared_source(key),
        None if disagreement is None else _shared_conflict(disagreement),
    )


@lru_cache(maxsize=_SHARED)
def _missing_line(p: PlannedCriterion, lacking: tuple[str, ...]) -> CriterionScore:
    """The not-assessed line of a criterion whose rules lack the facts ``lacking`` (none: they match nothing)."""
    if not lacking:
        return p.zero_line("not_assessed", _NO_SOURCE, UNMATCHED_EN, UNMATCHED_VI)
    names = ", ".join(lacking)
    return p.zero_line(
        "not_assessed",
        _NO_SOURCE,
        f"not assessed: facts missing: {names} (give them, or a judgement)",
        f"Chưa đánh giá: thiếu dữ kiện {names} (bổ sung dữ kiện, hoặc hội đồng đánh giá)",
    )


@lru_cache(maxsize=1024)
def plan(sheet: Sheet) -> SheetPlan:
    """The plan of a sheet version, worked out once (sheets hash by their content hash)."""
    gates = {c.id: g for _, _, c in sheet.criteria() if (g := Gate(c)).required or g.answered_for}
    out = []
    for part, group, c in sheet.criteria():
        first = group.criteria[0]
        gate = gates.get(c.id)
        options = {
            key: PlannedOption(
                o,
                Decimal(o.points),
                (1 if o.effect else 0, o.points),
                o.points,
                gate.failures(o.points, key[0]) if gate is not None else (),
            )
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
                gate.failures(0, None) if gate is not None else (),
            )
        )
    return SheetPlan(
        tuple(out),
        {p.criterion.id: p for p in out},
        tuple(p.code for p in sheet.parts),
        {p.code: p.max for p in sheet.parts},
        tuple(gates.values()),
    )


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
        return _rule_choice(firing)
    by = judgement.by or judged_by
    if firing is None:
        return _judgement_choice(judgement, by)
    if firing.case == judgement.case and firing.option == judgement.option:
        return _rule_choice(firing)  # they agree: the rule is the source
    disagreement = (firing.option, firing.case, judgement.option, judgement.case, by, judgement.reason)
    wins = bool(judgement.reason and judgement.reason.strip())
    return _judgement_choice(judgement, by, disagreement) if wins else _rule_choice(firing, disagreement)


class Scored(NamedTuple):
    """A breakdown with what is summed and checked on it in the same walk."""

    lines: list[CriterionScore]
    knockouts: list[KnockOut]
    parts: dict[str, Decimal]  # points per part (A, B, C), exact
    gates: list[FailedGate]  # every star gate the breakdown fails, in official order then star order
    #: fact -> the criteria left not assessed that it would decide, in official order
    missing: dict[str, list[str]]


def score_product(
    sheet: Sheet,
    firings: Iterable[Firing],
    judgements: Mapping[str, Judgement],
    judged_by: str | None = None,
    facts: Mapping[str, Any] | None = None,
    conditions: Mapping[str, tuple[Condition, ...]] | None = None,
    set_aside: Mapping[str, tuple[Firing, FactConflict]] | None = None,
) -> Scored:
    """The breakdown of one product, merging each criterion's rule firing with its judgement as the walk
    reaches it: a judgement that disagrees with a rule wins only when it states a reason (the line keeps
    both either way); should several rules fire for one criterion, a knock-out wins, then the option
    with most points.

    With the product's ``facts`` and the ``conditions`` of each criterion's fact rules, a criterion left
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
            return p.zero_line(
                "not_assessed",
                _NO_SOURCE,
                f"not assessed, left to the council: its knock-out (option {option}) rests on contradicting facts "
                f"({facts_named}) and does not eliminate",
                f"Chưa đánh giá, để hội đồng đánh giá: phương án loại (phương án {option}) dựa trên các dữ kiện mâu "
                f"thuẫn ({facts_named}) nên không loại sản phẩm",
            )
        tests = conditions.get(cid) if conditions else None
        if not tests or facts is None:
            return p.not_assessed
        open_: set[str] = set()
        for condition in tests:
            value, names = undecided(condition, facts)
            if value is None:
                open_.update(names)
        lacking = tuple(sorted(open_))
        for name in lacking:
            missing.setdefault(name, []).append(cid)
        return _missing_line(p, lacking)

    scored = _walk(sheet_plan, choice_of, unassessed)
    return scored._replace(missing=missing) if missing else scored


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
            if planned.failed:
                gates.extend(planned.failed)
            effect = planned.option.effect
            if effect is None:
                lines.append(_scored(p, choice, planned))
            else:
                lines.append(_knocked_out(p, choice, planned, knockouts))
                if effect == "stop":
                    stopped_at = p.criterion.id
            continue
        if p.unanswered:  # a line at 0 points, in no case
            gates.extend(p.unanswered)
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
    """A scored line without knock-out, shared with earlier products that had the same option from an
    equal source (and the same disagreement, if any)."""
    try:
        return _shared_line(p, planned, choice.case, choice.shared, choice.disagreement)
    except TypeError:  # an unhashable fact value: not shared
        pass
    c, o = p.criterion, planned.option
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


def _zero(
    p: PlannedCriterion, status: CriterionStatus, choice: Choice | None, reason_en: str, reason_vi: str
) -> CriterionScore:
    return p.zero_line(status, choice.source if choice is not None else _NO_SOURCE, reason_en, reason_vi)
