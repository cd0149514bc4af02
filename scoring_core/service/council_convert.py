"""Council requests and states <-> ocop.v1 council messages (decimals as exact strings, names as resources)."""

from __future__ import annotations

from typing import Any

from scoring_core.api.ocop.v1 import common_pb2, councils_pb2, criteria_pb2
from scoring_core.app import names
from scoring_core.audit.events import Event
from scoring_core.audit.store import AuditStore
from scoring_core.councils.book import SessionState
from scoring_core.councils.council import CouncilOutcome, SessionSpec, quorum_problem
from scoring_core.councils.recognitions import RecognitionState
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.service.evaluations import KNOCK_OUT, LEVEL, evaluation_message, exact, text
from scoring_core.service.requests import product_data
from scoring_core.service.values import from_value_map, to_value

ROLE = {"chair": councils_pb2.CHAIR, "secretary": councils_pb2.SECRETARY, "member": councils_pb2.MEMBER}
ROLE_NAME = {
    councils_pb2.CHAIR: "chair",
    councils_pb2.SECRETARY: "secretary",
    councils_pb2.MEMBER: "member",
    councils_pb2.COUNCIL_ROLE_UNSPECIFIED: "member",
}
LEVEL_NAME: dict[int, str] = {v: k for k, v in LEVEL.items()}
STATUS = {
    "rescore_required": councils_pb2.RESCORE_REQUIRED,
    "eliminated": councils_pb2.ELIMINATED,
    "not_recognised": councils_pb2.NOT_RECOGNISED,
    "recognised": councils_pb2.RECOGNISED,
    "forwarded": councils_pb2.FORWARDED,
    "no_level": councils_pb2.NO_LEVEL,
}
STATE = {
    "active": councils_pb2.ACTIVE,
    "expired": councils_pb2.EXPIRED,
    "revoked": councils_pb2.REVOKED,
    "superseded": councils_pb2.SUPERSEDED,
}
KINDS = {
    common_pb2.FIRST: "first",
    common_pb2.UPGRADE: "upgrade",
    common_pb2.RE_EVALUATION: "re_evaluation",
    common_pb2.EVALUATION_KIND_UNSPECIFIED: "first",
}
KIND_VALUE = {"first": common_pb2.FIRST, "upgrade": common_pb2.UPGRADE, "re_evaluation": common_pb2.RE_EVALUATION}


# -- requests -> plain values -----------------------------------------------------------------
def open_inputs(request: councils_pb2.OpenCouncilSessionRequest) -> tuple[str | None, list[dict], list[dict]]:
    """(level, members, dossiers) of an opening as plain values (an enum number outside the enum kept as is,
    for the application layer to refuse)."""
    members = [{"name": m.name, "role": ROLE_NAME.get(m.role, m.role)} for m in request.members]
    products = []
    for d in request.products:
        item: dict[str, Any] = {
            "product": product_data(d.product),
            "facts": from_value_map(d.facts),
            "evaluation_kind": KINDS.get(d.evaluation_kind, d.evaluation_kind),
        }
        if d.filed_on:
            item["filed_on"] = d.filed_on
        if d.renews:
            item["renews"] = d.renews
        products.append(item)
    return LEVEL_NAME.get(request.level), members, products


# -- core -> messages ------------------------------------------------------------------------
def recognition_message(r: RecognitionState, state: str | None = None) -> councils_pb2.RecognitionRecord:
    """A recognition in ``state`` (default: its recorded status)."""
    state = state or r.status
    return councils_pb2.RecognitionRecord(
        name=f"recognitions/{r.seq}",
        product_id=r.product_id,
        star=r.star,
        level=LEVEL.get(r.level, criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED),
        valid_from=r.valid_from.isoformat(),
        valid_until=r.valid_until.isoformat(),
        session=names.council_name(r.session),
        state=STATE[state],
        ended_by=names.event_name(r.ended_by),
    )


def result_message(
    event: Event, recognitions: list[RecognitionState] | None = None, store: AuditStore | None = None
) -> councils_pb2.CouncilResult:
    """A ``council_result`` event, with the recognition it issued (looked up in ``store``)."""
    o = CouncilOutcome.model_validate(event.payload["outcome"])
    msg = councils_pb2.CouncilResult(
        name=names.event_name(event.seq),
        session=names.council_name(o.session),
        product_id=o.product_id,
        round=o.round,
        level=LEVEL[o.level],
        decided_on=o.decided_on.isoformat(),
        status=STATUS[o.status],
        members=[
            councils_pb2.MemberTotal(
                member=m.member,
                role=ROLE[m.role],
                total=exact(m.total),
                sheet=names.event_name(m.sheet),
                knockout=m.knockout or "",
                knockout_source=m.knockout_source or "",
            )
            for m in o.members
        ],
        spread=exact(o.spread),
        mean_total="" if o.total is None else exact(o.total),
        parts={k: exact(v) for k, v in o.parts.items()},
        criteria={k: exact(v) for k, v in o.criteria.items()},
        band_star=o.band_star,
        final_star=o.final_star,
        reason=text(o.reason_vi, o.reason_en),
        revision_of=names.event_name(event.payload.get("revision_of")),
        contest=f"contests/{event.payload['contest']}" if event.payload.get("contest") else "",
        closed_by=event.actor,
        already_recorded=event.duplicate,
        recognising_level=LEVEL.get(o.recognising_level or "", criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED),
        forwarded_to=LEVEL.get(o.forwarded_to or "", criteria_pb2.RECOGNITION_LEVEL_UNSPECIFIED),
    )
    for g in o.failed_gates:
        msg.failed_gates.add(
            criterion=g.criterion,
            star=g.star,
            points=exact(g.points),
            required_points="" if g.required_points is None else exact(g.required_points),
            reason=text(g.reason_vi, g.reason_en),
        )
    if o.knockout:
        k = o.knockout
        msg.knockout.CopyFrom(
            councils_pb2.CouncilKnockOut(
                criterion=k["criterion"], kind=KNOCK_OUT[k["kind"]], by=k["by"], members=k["members"]
            )
        )
    for k in o.minority_knockouts:
        msg.minority_knockouts.add(
            criterion=k["criterion"], kind=KNOCK_OUT[k["kind"]], by="judgement", members=[k["member"]]
        )
    issued = store.by_request_id(f"{event.request_id}:recognition") if store and o.status == "recognised" else None
    if issued is not None:
        state = next((r for r in recognitions or [] if r.seq == issued.seq), None)
        if state is not None:
            msg.recognition.CopyFrom(recognition_message(state))
    return msg


def sheet_message(event: Event, request_id: str = "") -> councils_pb2.MemberSheet:
    """A ``member_sheet_submitted`` event."""
    p = event.payload
    evaluation = Evaluation.model_validate(p["evaluation"]["result"])
    return councils_pb2.MemberSheet(
        name=names.event_name(event.seq),
        session=names.council_name(p["session"]),
        product_id=p["product_id"],
        member=p["member"],
        role=ROLE[p["role"]],
        round=p["round"],
        evaluation=evaluation_message(evaluation, request_id),
        revision_of=names.event_name(p.get("revision_of")),
        contest=f"contests/{p['contest']}" if p.get("contest") else "",
        already_recorded=event.duplicate,
    )


def _dossier(spec: SessionSpec, product_id: str) -> councils_pb2.ProductDossier:
    d = spec.dossier(product_id)
    assert d is not None
    msg = councils_pb2.ProductDossier(
        product=common_pb2.Product(
            **{k: v or "" for k, v in d.product.model_dump().items() if k in ("id", "name", "producer", "province")}
        ),
        filed_on=d.filed_on.isoformat() if d.filed_on else "",
        evaluation_kind=KIND_VALUE[d.evaluation_kind],
        renews=f"recognitions/{d.renews}" if d.renews else "",
    )
    for name, value in d.facts.items():
        msg.facts[name].CopyFrom(to_value(value))
    return msg


def session_message(
    state: SessionState, recognitions: list[RecognitionState], store: AuditStore
) -> councils_pb2.CouncilSession:
    """A session and where each product stands."""
    spec = state.spec
    msg = councils_pb2.CouncilSession(
        name=names.council_name(spec.session_id),
        session_id=spec.session_id,
        level=LEVEL[spec.level],
        regime=spec.regime,
        sheet=spec.sheet,
        sheet_version=spec.sheet_version,
        content_hash=spec.content_hash,
        opened_on=spec.opened_on.isoformat(),
        members=[councils_pb2.CouncilMember(name=m.name, role=ROLE[m.role]) for m in spec.members],
        opened_event=names.event_name(state.opened.seq),
        opened_by=state.opened.actor,
    )
    for pid, st in state.products.items():
        submitted = [m.name for m in spec.members if m.name in st.sheets]
        item = msg.products.add(
            dossier=_dossier(spec, pid),
            round=st.round,
            submitted=submitted,
            missing=[m.name for m in spec.members if m.name not in st.sheets],
            quorum_met=quorum_problem(spec, submitted) is None,
            concluded=st.final is not None,
        )
        if st.results:
            item.latest_result.CopyFrom(result_message(st.results[-1], recognitions, store))
    return msg
