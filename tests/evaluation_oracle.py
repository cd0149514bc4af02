"""The Evaluation message built field by field: the oracle the spliced ``evaluation_message`` must equal.

Kept with the tests, not in the service: the service only splices (``service/evaluations.py``).
"""

from __future__ import annotations

from scoring_core.api.ocop.v1 import common_pb2, criteria_pb2, scoring_pb2
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.service.evaluations import KNOCK_OUT, LEVEL, _diagnosis, _gate, _line, exact, text


def evaluation_message_built(ev: Evaluation, request_id: str = "") -> scoring_pb2.Evaluation:
    """The message built field by field, every nested message made afresh."""
    regime, _, number = ev.sheet.partition("/")
    product = {k: v or "" for k, v in ev.product.items() if k in ("id", "name", "producer", "province")}
    msg = scoring_pb2.Evaluation(
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
        breakdown=[_line(x) for x in ev.breakdown],
        parts={k: exact(v) for k, v in ev.parts.items()},
        part_maxima=dict(ev.part_maxima),
        total=exact(ev.total),
        band_star=ev.band_star,
        final_star=ev.final_star,
        recognised=ev.recognised,
        eliminated=ev.eliminated,
        failed_gates=[_gate(g) for g in ev.failed_gates],
    )
    for k in ev.knockouts:
        msg.knockouts.append(
            scoring_pb2.KnockOut(
                criterion=k.criterion, option=k.option, kind=KNOCK_OUT[k.kind], reason=text(k.reason_vi, k.reason_en)
            )
        )
    if ev.knockouts:
        msg.knockout.CopyFrom(msg.knockouts[0])
    if ev.recognition is not None:
        r = ev.recognition
        msg.recognition.CopyFrom(
            scoring_pb2.Recognition(
                level=LEVEL.get(r.level or "", criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED),
                valid_from=r.valid_from.isoformat(),
                valid_until=r.valid_until.isoformat(),
            )
        )
    _diagnosis(ev, msg)
    return msg
