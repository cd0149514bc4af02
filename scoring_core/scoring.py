"""From chosen options to the breakdown: one option per criterion, knock-outs, story-only criteria.

Totals are summed here, outside the engine, so the order in which rules fire never matters
and every point is traceable to its criterion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring_core.evaluation import Conflict, CriterionScore, KnockOut, Source, Status
from scoring_core.model import Criterion, Sheet
from scoring_core.request import Judgement
from scoring_core.rules import Firing

ZERO = Decimal(0)


@dataclass(frozen=True)
class Choice:
    """The option a criterion takes, where it came from, and any rule/judgement disagreement."""

    case: int | None
    option: int
    source: Source
    conflict: Conflict | None = None


def _rank_firing(criterion: Criterion, firing: Firing) -> tuple[int, int]:
    option = criterion.option(firing.case, firing.option)
    knockout = 1 if option is not None and option.effect else 0
    return (knockout, option.points if option else -1)


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
    derived: dict[str, Firing] = {}
    for firing in firings:
        criterion = sheet.criteria_by_id[firing.criterion]
        held = derived.get(firing.criterion)
        if held is None or _rank_firing(criterion, firing) > _rank_firing(criterion, held):
            derived[firing.criterion] = firing
    choices: dict[str, Choice] = {}
    for cid, firing in derived.items():
        choices[cid] = Choice(
            firing.case, firing.option,
            Source(kind="rule", rule=firing.rule, origin=firing.origin, facts_read=dict(firing.facts_read)),
        )
    for cid, judgement in judgements.items():
        by = judgement.by or judged_by
        person = Source(kind="judgement", by=by, reason=judgement.reason)
        rule_choice = choices.get(cid)
        if rule_choice is None:
            choices[cid] = Choice(judgement.case, judgement.option, person)
            continue
        if (rule_choice.case, rule_choice.option) == (judgement.case, judgement.option):
            continue  # they agree: the rule is the source, nothing to flag
        wins = bool(judgement.reason and judgement.reason.strip())
        conflict = Conflict(
            rule_option=rule_choice.option, rule_case=rule_choice.case,
            judgement_option=judgement.option, judgement_case=judgement.case,
            winner="judgement" if wins else "rule",
            reason_en=(f"judgement by {by or 'unknown'} overrides the rule: {judgement.reason}" if wins
                       else "the judgement differs from the fact rule and states no reason; the rule stands"),
            reason_vi=(f"Đánh giá của {by or 'không rõ'} thay kết quả của quy tắc: {judgement.reason}" if wins
                       else "Đánh giá khác kết quả quy tắc dữ kiện và không nêu lý do; giữ kết quả quy tắc"),
        )
        winner = Choice(judgement.case, judgement.option, person) if wins else rule_choice
        choices[cid] = Choice(winner.case, winner.option, winner.source, conflict)
    return choices


def score_sheet(sheet: Sheet, choices: Mapping[str, Choice]) -> tuple[list[CriterionScore], list[KnockOut]]:
    """The breakdown in official order, and every knock-out in that order (an eliminate may precede a stop)."""
    lines: list[CriterionScore] = []
    knockouts: list[KnockOut] = []
    stopped_at: str | None = None
    group_first_points: dict[str, Decimal] = {}
    for part, group, criterion in sheet.criteria():
        common = dict(
            criterion=criterion.id, part=part.code, group=group.id, title_vi=criterion.title_vi,
            title_en=criterion.title_en, max=criterion.max,
        )
        choice = choices.get(criterion.id)
        if stopped_at is not None:
            lines.append(_zero(common, "not_evaluated", choice,
                               f"not evaluated: the evaluation stopped at {stopped_at}",
                               f"Không đánh giá: việc đánh giá đã dừng tại tiêu chí {stopped_at}"))
            continue
        if criterion.applies_when == "story_exists" and group_first_points.get(group.id, ZERO) <= 0:
            story = group.criteria[0].id
            lines.append(_zero(common, "not_applicable", choice,
                               f"not applicable: only counts when the product has a story ({story} > 0)",
                               f"Không áp dụng: chỉ tính khi có câu chuyện sản phẩm ({story} > 0)"))
            continue
        if choice is None:
            lines.append(_zero(common, "not_assessed", None, "not assessed: no fact rule and no judgement",
                               "Chưa đánh giá: không có quy tắc dữ kiện và không có đánh giá"))
            if criterion is group.criteria[0]:
                group_first_points[group.id] = ZERO
            continue
        option = criterion.option(choice.case, choice.option)
        assert option is not None, f"{criterion.id}: option {choice.option} was validated before scoring"
        points = Decimal(option.points)
        if criterion is group.criteria[0]:
            group_first_points[group.id] = points
        line = CriterionScore(
            **common, status="scored", case=choice.case, option=option.n, option_label_vi=option.label_vi,
            points=points, source=choice.source, conflict=choice.conflict,
        )
        if option.effect is not None:
            verb_en = "eliminated" if option.effect == "eliminate" else "evaluation stopped"
            verb_vi = "Bị loại" if option.effect == "eliminate" else "Dừng đánh giá các bước tiếp theo"
            reason_en = f"{verb_en} at {criterion.id} option {option.n}: {option.label_vi}"
            reason_vi = f"{verb_vi} tại tiêu chí {criterion.id}, phương án {option.n}: {option.label_vi}"
            line = line.model_copy(update={"reason_en": reason_en, "reason_vi": reason_vi})
            knockouts.append(KnockOut(criterion=criterion.id, option=option.n, kind=option.effect,
                                      reason_en=reason_en, reason_vi=reason_vi))
            if option.effect == "stop":
                stopped_at = criterion.id
        lines.append(line)
    return lines, knockouts


def _zero(common: dict, status: Status, choice: Choice | None, reason_en: str, reason_vi: str) -> CriterionScore:
    source = choice.source if choice is not None else Source(kind="none")
    return CriterionScore(**common, status=status, points=ZERO, source=source,
                          reason_en=reason_en, reason_vi=reason_vi)


def part_totals(sheet: Sheet, lines: Iterable[CriterionScore]) -> dict[str, Decimal]:
    """Points per part (A, B, C), exact."""
    totals = {part.code: ZERO for part in sheet.parts}
    for line in lines:
        totals[line.part] += line.points
    return totals
