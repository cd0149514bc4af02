"""The core's Evaluation -> the Evaluation message (decimals as exact strings)."""

from __future__ import annotations

from decimal import Decimal

from scoring_core.api.ocop.v1 import common_pb2, criteria_pb2, scoring_pb2
from scoring_core.evaluation import Conflict, CriterionScore, Evaluation, Source
from scoring_core.service.values import to_value

STATUS = {
    "scored": scoring_pb2.SCORED, "not_assessed": scoring_pb2.NOT_ASSESSED,
    "not_applicable": scoring_pb2.NOT_APPLICABLE, "not_evaluated": scoring_pb2.NOT_EVALUATED,
}
SOURCE = {"rule": scoring_pb2.RULE, "judgement": scoring_pb2.JUDGEMENT, "none": scoring_pb2.UNSOURCED}
KNOCK_OUT = {"eliminate": criteria_pb2.ELIMINATE, "stop": criteria_pb2.STOP}
LEVEL = {"district": criteria_pb2.DISTRICT, "province": criteria_pb2.PROVINCE, "central": criteria_pb2.CENTRAL}


def text(vi: str | None, en: str | None) -> common_pb2.LocalizedText:
    """A LocalizedText (empty strings for missing texts)."""
    return common_pb2.LocalizedText(vi=vi or "", en=en or "")


def exact(value: Decimal) -> str:
    """An exact decimal as text, as ``ocop score --format json`` writes it."""
    return str(value)


def _source(source: Source) -> scoring_pb2.Source:
    msg = scoring_pb2.Source(kind=SOURCE[source.kind], rule=source.rule or "", origin=source.origin or "",
                             by=source.by or "", reason=source.reason or "", label=source.label())
    for name, value in source.facts_read.items():
        msg.facts_read[name].CopyFrom(to_value(value))
    return msg


def _conflict(conflict: Conflict) -> scoring_pb2.Conflict:
    return scoring_pb2.Conflict(
        rule_option=conflict.rule_option, rule_case=conflict.rule_case,
        judgement_option=conflict.judgement_option, judgement_case=conflict.judgement_case,
        winner=SOURCE[conflict.winner], reason=text(conflict.reason_vi, conflict.reason_en),
    )


def _line(line: CriterionScore) -> scoring_pb2.CriterionScore:
    msg = scoring_pb2.CriterionScore(
        criterion=line.criterion, part=line.part, group=line.group, title=text(line.title_vi, line.title_en),
        status=STATUS[line.status], case=line.case, option=line.option,
        option_label_vi=line.option_label_vi or "", points=exact(line.points), max=line.max,
        source=_source(line.source),
    )
    if line.conflict is not None:
        msg.conflict.CopyFrom(_conflict(line.conflict))
    if line.reason_vi or line.reason_en:
        msg.reason.CopyFrom(text(line.reason_vi, line.reason_en))
    return msg


def evaluation_message(ev: Evaluation, request_id: str = "") -> scoring_pb2.Evaluation:
    """The whole evaluation as a message."""
    regime, _, number = ev.sheet.partition("/")
    product = {k: v or "" for k, v in ev.product.items() if k in ("id", "name", "producer", "province")}
    msg = scoring_pb2.Evaluation(
        request_id=request_id, product=common_pb2.Product(**product), regime=ev.regime,
        regime_reason=text(ev.regime_reason_vi, ev.regime_reason_en), sheet=ev.sheet,
        sheet_name=f"regimes/{regime}/sheets/{number}", sheet_version=ev.sheet_version,
        sheet_display_name=text(ev.sheet_name_vi, ev.sheet_name_en), content_hash=ev.content_hash,
        plugin=ev.plugin, plugin_version=ev.plugin_version or "", engine_version=ev.engine_version,
        evaluated_on=ev.evaluated_on.isoformat(), breakdown=[_line(x) for x in ev.breakdown],
        parts={k: exact(v) for k, v in ev.parts.items()}, part_maxima=dict(ev.part_maxima),
        total=exact(ev.total), band_star=ev.band_star, final_star=ev.final_star,
        recognised=ev.recognised, eliminated=ev.eliminated,
        failed_gates=[
            scoring_pb2.FailedGate(
                criterion=g.criterion, star=g.star, points=exact(g.points),
                required_points="" if g.required_points is None else exact(g.required_points),
                reason=text(g.reason_vi, g.reason_en),
            )
            for g in ev.failed_gates
        ],
    )
    for k in ev.knockouts:
        msg.knockouts.append(scoring_pb2.KnockOut(criterion=k.criterion, option=k.option, kind=KNOCK_OUT[k.kind],
                                                  reason=text(k.reason_vi, k.reason_en)))
    if ev.knockouts:
        msg.knockout.CopyFrom(msg.knockouts[0])
    if ev.recognition is not None:
        r = ev.recognition
        msg.recognition.CopyFrom(scoring_pb2.Recognition(
            level=LEVEL.get(r.level or "", criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED),
            valid_from=r.valid_from.isoformat(), valid_until=r.valid_until.isoformat()))
    return msg


def changes(before: Evaluation, after: Evaluation) -> list[scoring_pb2.CriterionChange]:
    """Criteria whose option, case or points differ, in official order."""
    old = {x.criterion: x for x in before.breakdown}
    out = []
    for line in after.breakdown:
        prev = old.get(line.criterion)
        if prev is None or (prev.option, prev.case, prev.points, prev.status) != (
            line.option, line.case, line.points, line.status
        ):
            out.append(scoring_pb2.CriterionChange(
                criterion=line.criterion, option_before=prev.option if prev else None, option_after=line.option,
                points_before=exact(prev.points) if prev else "0", points_after=exact(line.points)))
    return out


def delta(before: Decimal, after: Decimal) -> str:
    """``after - before`` with its sign: ``+5``, ``-2.5``, ``0``."""
    diff = after - before
    return f"+{diff}" if diff > 0 else str(diff)

