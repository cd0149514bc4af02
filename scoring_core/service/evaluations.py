"""The core's Evaluation -> the Evaluation message (decimals as exact strings)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from scoring_core.api.ocop.v1 import common_pb2, criteria_pb2, scoring_pb2
from scoring_core.scoring.evaluation import Conflict, CriterionScore, Evaluation, FactConflict, FailedGate, Source
from scoring_core.service.values import to_value

STATUS = {
    "scored": scoring_pb2.SCORED,
    "not_assessed": scoring_pb2.NOT_ASSESSED,
    "not_applicable": scoring_pb2.NOT_APPLICABLE,
    "not_evaluated": scoring_pb2.NOT_EVALUATED,
}
SOURCE = {"rule": scoring_pb2.RULE, "judgement": scoring_pb2.JUDGEMENT, "none": scoring_pb2.UNSOURCED}
KNOCK_OUT = {"eliminate": criteria_pb2.ELIMINATE, "stop": criteria_pb2.STOP}
FACT_CONFLICT = {"rules": scoring_pb2.RULES_DISAGREE, "implication": scoring_pb2.IMPLICATION_VIOLATED}
LEVEL = {"district": criteria_pb2.DISTRICT, "province": criteria_pb2.PROVINCE, "central": criteria_pb2.CENTRAL}


def text(vi: str | None, en: str | None) -> common_pb2.LocalizedText:
    """A LocalizedText (empty strings for missing texts)."""
    return common_pb2.LocalizedText(vi=vi or "", en=en or "")


def exact(value: Decimal) -> str:
    """An exact decimal as text, as ``ocop score --format json`` writes it."""
    return str(value)


def _source(source: Source) -> scoring_pb2.Source:
    msg = scoring_pb2.Source(
        kind=SOURCE[source.kind],
        rule=source.rule or "",
        origin=source.origin or "",
        by=source.by or "",
        reason=source.reason or "",
        label=source.label(),
    )
    for name, value in source.facts_read.items():
        msg.facts_read[name].CopyFrom(to_value(value))
    return msg


def _conflict(conflict: Conflict) -> scoring_pb2.Conflict:
    return scoring_pb2.Conflict(
        rule_option=conflict.rule_option,
        rule_case=conflict.rule_case,
        judgement_option=conflict.judgement_option,
        judgement_case=conflict.judgement_case,
        winner=SOURCE[conflict.winner],
        reason=text(conflict.reason_vi, conflict.reason_en),
    )


def _fact_conflict(c: FactConflict) -> scoring_pb2.FactConflict:
    msg = scoring_pb2.FactConflict(
        kind=FACT_CONFLICT[c.kind],
        criteria=c.criteria,
        rules=c.rules,
        implication=c.implication or "",
        reason=text(c.reason_vi, c.reason_en),
    )
    for name, value in c.facts.items():
        msg.facts[name].CopyFrom(to_value(value))
    return msg


def _diagnosis(ev: Evaluation, msg: scoring_pb2.Evaluation) -> None:
    """The implied facts, missing facts, conflicts and flag of ``ev`` set on ``msg``."""
    for implied in ev.implied_facts:
        msg.implied_facts.append(
            scoring_pb2.ImpliedFact(
                fact=implied.fact,
                value=to_value(implied.value),
                implication=implied.implication,
                reason=text(implied.reason_vi, implied.reason_en),
            )
        )
    for name, criteria in ev.missing_facts.items():
        msg.missing_facts.append(scoring_pb2.MissingFact(fact=name, criteria=criteria))
    msg.conflicts.extend(_fact_conflict(c) for c in ev.conflicts)
    msg.flagged = ev.flagged


def _gate(g: FailedGate) -> scoring_pb2.FailedGate:
    return scoring_pb2.FailedGate(
        criterion=g.criterion,
        star=g.star,
        points=exact(g.points),
        required_points="" if g.required_points is None else exact(g.required_points),
        reason=text(g.reason_vi, g.reason_en),
    )


def _line(line: CriterionScore) -> scoring_pb2.CriterionScore:
    msg = scoring_pb2.CriterionScore(
        criterion=line.criterion,
        part=line.part,
        group=line.group,
        title=text(line.title_vi, line.title_en),
        status=STATUS[line.status],
        case=line.case,
        option=line.option,
        option_label_vi=line.option_label_vi or "",
        points=exact(line.points),
        max=line.max,
        source=_source(line.source),
    )
    if line.conflict is not None:
        msg.conflict.CopyFrom(_conflict(line.conflict))
    if line.reason_vi or line.reason_en:
        msg.reason.CopyFrom(text(line.reason_vi, line.reason_en))
    return msg


def _entries(field: str, build: Callable[[Any], Any], size: int = 16384) -> Callable[[Any], bytes]:
    """The wire bytes of one entry of the repeated field ``field``, made once per (shared, frozen) core object.

    The core shares equal breakdown lines and failed gates across products, so each entry is
    serialised once, by protobuf itself, as an ``Evaluation`` holding only that entry: a valid
    Evaluation message on its own.  Serialised messages concatenate as ``MergeFrom`` merges them
    (repeated fields append), so no field number or tag is written here.  The models are not
    hashable (their dict fields), hence the identity key; each entry holds its object, so an id
    cannot be reused while the entry lives, and the table is bounded (emptied when full).
    """
    known: dict[int, tuple[object, bytes]] = {}

    def entry(obj: Any) -> bytes:
        hit = known.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        holder = scoring_pb2.Evaluation()
        getattr(holder, field).append(build(obj))
        data = holder.SerializeToString()
        if len(known) >= size:
            known.clear()
        known[id(obj)] = (obj, data)
        return data

    return entry


_BREAKDOWN = _entries("breakdown", _line)
_FAILED_GATES = _entries("failed_gates", _gate)


def evaluation_message(ev: Evaluation, request_id: str = "") -> scoring_pb2.Evaluation:
    """The whole evaluation as a message (parsed from ``evaluation_wire``: parsing the whole once costs
    less than building and copying some 30 nested line messages)."""
    return scoring_pb2.Evaluation.FromString(evaluation_wire(ev, request_id))


def batch_response(index: int, request_id: str, product_id: str, ev: Evaluation) -> scoring_pb2.BatchScoreResponse:
    """``BatchScoreResponse(index, request_id, product_id, evaluation=evaluation_message(ev, request_id))``,
    its evaluation parsed in place from ``evaluation_wire`` rather than built and copied."""
    response = scoring_pb2.BatchScoreResponse(index=index, request_id=request_id, product_id=product_id)
    response.evaluation.MergeFromString(evaluation_wire(ev, request_id))
    return response


def evaluation_wire(ev: Evaluation, request_id: str = "") -> bytes:
    """The Evaluation message's wire bytes: the serialised messages of the fields before the breakdown,
    of each breakdown line (made once per line object: the core shares equal lines across products), of
    the fields between, of each failed gate (likewise) and of the fields after, concatenated, which
    parses as those messages merged.  They parse to the message built field by field (map entries may
    come in another order, as any serialisation of a map may)."""
    regime, _, number = ev.sheet.partition("/")
    product = {k: v or "" for k, v in ev.product.items() if k in ("id", "name", "producer", "province")}
    head = scoring_pb2.Evaluation(
        request_id=request_id,
        product=common_pb2.Product(**product),
        regime=ev.regime,
        regime_reason=text(ev.regime_reason_vi, ev.regime_reason_en),
        sheet=ev.sheet,
        sheet_name=f"regimes/{regime}/sheets/{number}",
        sheet_version=ev.sheet_version,
        sheet_display_name=text(ev.sheet_name_vi, ev.sheet_name_en),
        content_hash=ev.content_hash,
        plugin=ev.plugin,
        plugin_version=ev.plugin_version or "",
        engine_version=ev.engine_version,
        evaluated_on=ev.evaluated_on.isoformat(),
    )
    middle = scoring_pb2.Evaluation(
        parts={k: exact(v) for k, v in ev.parts.items()},
        part_maxima=dict(ev.part_maxima),
        total=exact(ev.total),
        band_star=ev.band_star,
    )
    tail = scoring_pb2.Evaluation(final_star=ev.final_star, recognised=ev.recognised, eliminated=ev.eliminated)
    for k in ev.knockouts:
        tail.knockouts.append(
            scoring_pb2.KnockOut(
                criterion=k.criterion, option=k.option, kind=KNOCK_OUT[k.kind], reason=text(k.reason_vi, k.reason_en)
            )
        )
    if ev.knockouts:
        tail.knockout.CopyFrom(tail.knockouts[0])
    if ev.recognition is not None:
        r = ev.recognition
        tail.recognition.CopyFrom(
            scoring_pb2.Recognition(
                level=LEVEL.get(r.level or "", criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED),
                valid_from=r.valid_from.isoformat(),
                valid_until=r.valid_until.isoformat(),
            )
        )
    if ev.implied_facts or ev.missing_facts or ev.conflicts:
        _diagnosis(ev, tail)
    return b"".join(
        (
            head.SerializeToString(),
            *[_BREAKDOWN(x) for x in ev.breakdown],
            middle.SerializeToString(),
            *[_FAILED_GATES(g) for g in ev.failed_gates],
            tail.SerializeToString(),
        )
    )


def delta(before: Decimal, after: Decimal) -> str:
    """``after - before`` with its sign: ``+5``, ``-2.5``, ``0``."""
    diff = after - before
    return f"+{diff}" if diff > 0 else str(diff)
