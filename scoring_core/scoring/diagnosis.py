"""What a product's facts say beyond the options they derive: facts implied, facts in contradiction.

Two kinds of contradiction are found: two rules on one criterion choose different options (the
facts they read say two things; a knock-out beside one other option is not that, see
``_rule_conflicts``), and given facts violate an implication declared in the fact
catalogue (60% of the raw material from the province, yet "all imported").  Each is listed with
the facts involved and flags the evaluation.  A knock-out that rests on a contradicted fact (its
criterion's rules disagree, or it reads a fact of a violated implication) does not eliminate:
the criterion is left to the council.  Other rules keep their option (the one with most points
when several fire, as before), and the conflict stays listed beside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring_core.rules.engine import Firing
from scoring_core.rules.facts import Implication
from scoring_core.scoring.breakdown import SheetPlan
from scoring_core.scoring.evaluation import FactConflict, ImpliedFact


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The contradictions of one product on one sheet."""

    conflicts: list[FactConflict] = field(default_factory=list)
    #: criterion -> (the knock-out set aside, the contradiction it rests on)
    set_aside: dict[str, tuple[Firing, FactConflict]] = field(default_factory=dict)


NOTHING = Diagnosis()


def implied_facts(
    implications: Sequence[Implication], given: Mapping[str, Any], completed: Mapping[str, Any]
) -> list[ImpliedFact]:
    """The facts ``completed`` holds that the file did not give, each with the implication that gave it."""
    out = []
    for name, value in completed.items():
        if name in given:
            continue
        source = next(i for i in implications if i.then == name and i.value == value and i.when.holds(completed))
        out.append(
            ImpliedFact(
                fact=name,
                value=value,
                implication=source.name,
                reason_en=f"implied: {source.meaning_en}",
                reason_vi=f"Suy ra: {source.meaning_vi}",
            )
        )
    return out


def _disagree(firings: Iterable[Firing]) -> bool:
    """True when two firings choose different options of one criterion (the cheap test, run on every product)."""
    seen: dict[str, tuple[int | None, int]] = {}
    for f in firings:
        chosen = (f.case, f.option)
        if seen.setdefault(f.criterion, chosen) != chosen:
            return True
    return False


def _knock_out(sheet_plan: SheetPlan, firing: Firing) -> bool:
    planned = sheet_plan.by_id[firing.criterion].option(firing.case, firing.option)
    return planned is not None and planned.option.effect is not None


def _rule_conflicts(sheet_plan: SheetPlan, firings: Iterable[Firing]) -> dict[str, FactConflict]:
    """Criterion -> the conflict of its rules, where rules chose different options.

    A knock-out beside one other option is no conflict: the knock-out's words ("Không có Phiếu công
    bố sản phẩm mỹ phẩm theo quy định", "Sử dụng toàn bộ nguyên liệu nhập khẩu...") state what the
    whole criterion presumes, and the ladder of the other options speaks of products that meet it;
    such a product stops or is eliminated there (README rule 2), as the reference evaluator reads it.
    Facts that truly contradict a knock-out are caught by the catalogue's implications.
    """
    by_criterion: dict[str, list[Firing]] = {}
    for firing in firings:
        by_criterion.setdefault(firing.criterion, []).append(firing)
    out = {}
    for cid, fired in by_criterion.items():
        chosen = sorted({(f.case or 0, f.option) for f in fired})
        if len(chosen) < 2:
            continue
        knock_outs = {(f.case or 0, f.option) for f in fired if _knock_out(sheet_plan, f)}
        if len(knock_outs) == 1 and len(chosen) == 2:
            continue
        facts: dict[str, Any] = {}
        for f in fired:
            facts.update(f.facts_read)
        options = ", ".join(f"{case}/{n}" if case else str(n) for case, n in chosen)
        rules = sorted(f.rule for f in fired)
        out[cid] = FactConflict(
            kind="rules",
            criteria=[cid],
            facts=dict(sorted(facts.items())),
            rules=rules,
            reason_en=f"rules {', '.join(rules)} choose different options ({options}) on {cid}",
            reason_vi=f"Các quy tắc {', '.join(rules)} chọn các phương án khác nhau ({options}) cho tiêu chí {cid}",
        )
    return out


def _implication_conflict(
    implication: Implication, facts: Mapping[str, Any], reads: Mapping[str, tuple[str, ...]]
) -> FactConflict:
    involved = set(implication.reads)
    given = json.dumps(facts[implication.then], ensure_ascii=False)
    return FactConflict(
        kind="implication",
        criteria=[cid for cid, read in reads.items() if involved.intersection(read)],
        facts={f: facts[f] for f in implication.reads if f in facts},
        implication=implication.name,
        reason_en=f"{implication.meaning_en}; yet {implication.then} is given as {given}",
        reason_vi=f"{implication.meaning_vi}; nhưng dữ kiện {implication.then} lại khai là {given}",
    )


def diagnose(
    sheet_plan: SheetPlan,
    firings: Sequence[Firing],
    facts: Mapping[str, Any],
    violated: Sequence[Implication],
    reads: Mapping[str, tuple[str, ...]],
) -> Diagnosis:
    """The contradictions among ``facts`` (completed) and the firings they gave, and the knock-outs set aside.

    ``reads`` maps each criterion with rules, in official order, to the facts its rules read.
    """
    by_rules = _rule_conflicts(sheet_plan, firings) if _disagree(firings) else {}
    if not by_rules and not violated:
        return NOTHING
    by_implication = [_implication_conflict(i, facts, reads) for i in violated]
    set_aside: dict[str, tuple[Firing, FactConflict]] = {}
    for firing in firings:
        if not _knock_out(sheet_plan, firing) or firing.criterion in set_aside:
            continue
        reason = by_rules.get(firing.criterion) or next(
            (c for c in by_implication if set(c.facts).intersection(firing.facts_read)), None
        )
        if reason is not None:
            set_aside[firing.criterion] = (firing, reason)
    order = {p.criterion.id: i for i, p in enumerate(sheet_plan.criteria)}
    conflicts = by_implication + sorted(by_rules.values(), key=lambda c: order[c.criteria[0]])
    return Diagnosis(conflicts, set_aside)
