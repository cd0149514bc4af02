"""The council book: sessions, member sheets and results, event-sourced on the audit trail.

Nothing here keeps mutable tables; every state is rebuilt from the events (``council_opened``,
``member_sheet_submitted``, ``council_result``, ``recognition_issued``).  The rules applied are
those of ``council.py``; recognitions, expiry and revocation come from ``recognitions.py``.

Concurrency: each check-then-append runs under the book's lock, and every write takes a
request id, so retries record nothing twice (the store deduplicates request ids inside its
write transaction, across processes too).  Between server processes, two racing closes of one
product under different request ids could both be recorded; the later result is the one that
stands (``ProductState.final``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from scoring_core.audit.events import Event, EventKind
from scoring_core.audit.store import AuditStore
from scoring_core.councils.council import (
    CouncilError,
    CouncilOutcome,
    Dossier,
    Member,
    SessionSpec,
    aggregate,
    quorum_problem,
)
from scoring_core.councils.recognitions import RecognitionBook, RecognitionState, locked
from scoring_core.errors import InvalidRequest, violations_from
from scoring_core.plugins.manager import SheetEntry
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import evaluation_record, score_pinned
from scoring_core.scoring.request import Judgement, ScoreRequest
from scoring_core.sheets.regimes import Level


@dataclass
class ProductState:
    """One product in a session: its current round, latest sheet per member, results, final result."""

    dossier: Dossier
    round: int = 1
    sheets: dict[str, Event] = field(default_factory=dict)
    results: list[Event] = field(default_factory=list)
    final: Event | None = None


@dataclass
class SessionState:
    """A session as rebuilt from its events."""

    spec: SessionSpec
    opened: Event
    products: dict[str, ProductState]


@dataclass(frozen=True)
class Decision:
    """A recorded council result, and the recognition it issued (if any)."""

    outcome: CouncilOutcome
    event: Event
    recognition: Event | None = None


class CouncilBook(RecognitionBook):
    """Council sessions and recognitions over the audit store (state derived from the events)."""

    def __init__(self, store: AuditStore, scorer: Scorer) -> None:
        super().__init__(store)
        self.scorer = scorer

    # -- sessions ----------------------------------------------------------------------------
    @locked
    def open_session(
        self,
        *,
        level: Level,
        regime: str | None,
        sheet: str,
        members: Sequence[Member | dict],
        products: Sequence[Dossier | dict],
        opened_on: date,
        actor: str,
        request_id: str | None = None,
        session_id: str | None = None,
    ) -> SessionState:
        """Record ``council_opened``; the sheet version in force is pinned by its content hash."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return self.session(done.payload["session_id"])
        sid = session_id or "hd-" + uuid.uuid4().hex[:12]
        if next(self.store.events(subject=f"council/{sid}", kind=EventKind.COUNCIL_OPENED), None):
            raise CouncilError(
                "failed_precondition", f"council session {sid} already exists", f"Phiên hội đồng {sid} đã tồn tại"
            )
        try:
            draft = SessionSpec(
                session_id=sid,
                level=level,
                regime=regime or "",
                sheet=sheet,
                opened_on=opened_on,
                members=list(members),
                products=list(products),
            )
        except ValidationError as exc:
            raise InvalidRequest(violations_from(exc)) from None
        probe = ScoreRequest(
            product=draft.products[0].product, sheet=sheet, regime=regime or None, evaluated_on=opened_on
        )
        choice, entry = self.scorer.resolve(probe)
        spec = draft.model_copy(
            update={
                "regime": choice.regime,
                "sheet": entry.sheet_id,
                "sheet_version": entry.version,
                "content_hash": entry.content_hash,
            }
        )
        for d in spec.products:
            if d.renews is not None and not any(r.seq == d.renews for r in self.recognitions(d.product.id)):
                raise CouncilError(
                    "invalid",
                    f"{d.product.id}: no recognition {d.renews} to renew",
                    f"{d.product.id}: không có quyết định công nhận {d.renews} để đánh giá lại",
                )
        self.store.append(EventKind.COUNCIL_OPENED, spec, actor=actor, request_id=request_id, subject=f"council/{sid}")
        return self.session(sid)

    def session(self, session_id: str) -> SessionState:
        """Rebuild a session from its events."""
        opened = next(self.store.events(subject=f"council/{session_id}", kind=EventKind.COUNCIL_OPENED), None)
        if opened is None:
            raise CouncilError("not_found", f"no council session {session_id}", f"Không có phiên hội đồng {session_id}")
        spec = SessionSpec.model_validate(opened.payload)
        products = {d.product.id: ProductState(d) for d in spec.products}
        for pid, st in products.items():
            for ev in self.store.events(opened.seq + 1, subject=pid):
                if ev.payload.get("session") != session_id:
                    continue
                if (
                    ev.kind == EventKind.MEMBER_SHEET_SUBMITTED
                    and ev.payload["round"] == st.round
                    and ev.payload.get("revision_of") is None
                ):
                    st.sheets[ev.payload["member"]] = ev
                elif ev.kind == EventKind.COUNCIL_RESULT:
                    st.results.append(ev)
                    outcome = ev.payload["outcome"]
                    if outcome["status"] == "rescore_required":
                        st.round, st.sheets, st.final = outcome["round"] + 1, {}, None
                    else:
                        st.final = ev
        return SessionState(spec, opened, products)

    def _entry(self, spec: SessionSpec) -> SheetEntry:
        entry = self.scorer.plugins.sheet_by_hash(spec.content_hash)
        if entry is None or entry.sheet is None:
            raise CouncilError(
                "failed_precondition",
                f"sheet {spec.sheet} ({spec.content_hash}) is not installed",
                f"Bộ tiêu chí {spec.sheet} (phiên bản của phiên họp) không còn được cài đặt",
            )
        return entry

    def _product(self, state: SessionState, product_id: str) -> ProductState:
        st = state.products.get(product_id)
        if st is None:
            raise CouncilError(
                "not_found",
                f"product {product_id} is not before session {state.spec.session_id}",
                f"Sản phẩm {product_id} không thuộc phiên hội đồng {state.spec.session_id}",
            )
        return st

    def _sheet_payload(
        self,
        spec: SessionSpec,
        member: Member,
        round_: int,
        request: ScoreRequest,
        revision_of: int | None = None,
        contest: int | None = None,
    ) -> dict[str, Any]:
        evaluation = score_pinned(self.scorer, request, self._entry(spec), spec.opened_on)
        return {
            "session": spec.session_id,
            "product_id": request.product.id,
            "member": member.name,
            "role": member.role,
            "round": round_,
            "revision_of": revision_of,
            "contest": contest,
            "evaluation": evaluation_record(request, evaluation, self.scorer.policy),
        }

    @locked
    def submit(
        self,
        session_id: str,
        product_id: str,
        member: str,
        judgements: dict[str, Judgement | int | dict],
        *,
        actor: str | None = None,
        request_id: str | None = None,
    ) -> Event:
        """Score and record one member's own sheet for one product (facts from the dossier)."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return done
        state = self.session(session_id)
        who = state.spec.member(member)
        if who is None:
            raise CouncilError(
                "permission_denied",
                f"{member} is not a member of session {session_id}",
                f"{member} không phải thành viên phiên hội đồng {session_id}",
            )
        st = self._product(state, product_id)
        if st.final is not None:
            raise CouncilError(
                "failed_precondition",
                f"product {product_id} is already concluded in this session",
                f"Sản phẩm {product_id} đã có kết quả trong phiên hội đồng này",
            )
        d = st.dossier
        request = ScoreRequest.parse(
            {
                "product": d.product.model_dump(),
                "sheet": state.spec.sheet,
                "regime": state.spec.regime,
                "evaluated_on": state.spec.opened_on,
                "filed_on": d.filed_on,
                "evaluation_kind": d.evaluation_kind,
                "facts": d.facts,
                "judgements": {k: v.model_dump() if isinstance(v, Judgement) else v for k, v in judgements.items()},
                "judged_by": member,
            }
        )
        payload = self._sheet_payload(state.spec, who, st.round, request)
        return self.store.append(
            EventKind.MEMBER_SHEET_SUBMITTED, payload, actor=actor or member, request_id=request_id, subject=product_id
        )

    @locked
    def close(
        self,
        session_id: str,
        product_id: str,
        *,
        by: str,
        request_id: str | None = None,
        decided_on: date | None = None,
    ) -> Decision:
        """Conclude one product: quorum, knock-outs, spread, means, level; the chair or secretary closes."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return self._decision(done)
        state = self.session(session_id)
        self.check_officer(state.spec, by)
        st = self._product(state, product_id)
        if st.final is not None:
            raise CouncilError(
                "failed_precondition",
                f"product {product_id} is already concluded in this session",
                f"Sản phẩm {product_id} đã có kết quả trong phiên hội đồng này",
            )
        problem = quorum_problem(state.spec, list(st.sheets))
        if problem:
            raise problem
        return self._conclude(
            state.spec,
            product_id,
            st.round,
            st.sheets,
            by=by,
            request_id=request_id,
            decided_on=decided_on or state.spec.opened_on,
        )

    @staticmethod
    def check_officer(spec: SessionSpec, by: str) -> Member:
        """The chair or secretary named ``by`` (else permission denied)."""
        member = spec.member(by)
        if member is None or member.role not in ("chair", "secretary"):
            raise CouncilError(
                "permission_denied",
                f"{by} is not the chair or secretary of {spec.session_id}",
                f"{by} không phải chủ tịch hoặc thư ký phiên hội đồng {spec.session_id}",
            )
        return member

    def _conclude(
        self,
        spec: SessionSpec,
        product_id: str,
        round_: int,
        sheets: dict[str, Event],
        *,
        by: str,
        request_id: str | None,
        decided_on: date,
        revision_of: int | None = None,
        contest: int | None = None,
        renews: int | None = None,
    ) -> Decision:
        rows = [
            (m, sheets[m.name], Evaluation.model_validate(sheets[m.name].payload["evaluation"]["result"]))
            for m in spec.members
            if m.name in sheets
        ]
        entry = self._entry(spec)
        assert entry.sheet is not None
        outcome = aggregate(spec, entry.sheet, rows, round_=round_, decided_on=decided_on, policy=self.scorer.policy)
        payload = {
            "session": spec.session_id,
            "product_id": product_id,
            "outcome": outcome,
            "revision_of": revision_of,
            "contest": contest,
            "renews": renews,
        }
        event = self.store.append(
            EventKind.COUNCIL_RESULT, payload, actor=by, request_id=request_id, subject=product_id
        )
        return self._decision(event)

    def _decision(self, event: Event) -> Decision:
        """The decision a result event records; issues its recognition if a crash left it unissued."""
        outcome = CouncilOutcome.model_validate(event.payload["outcome"])
        if outcome.status != "recognised" or outcome.recognition is None:
            return Decision(outcome, event)
        spec = self.session(outcome.session).spec
        dossier = spec.dossier(outcome.product_id)
        assert dossier is not None
        rec = outcome.recognition
        payload = {
            "product_id": outcome.product_id,
            "product": dossier.product,
            "session": outcome.session,
            "result": event.seq,
            "star": outcome.final_star,
            "level": rec.level,
            "regime": spec.regime,
            "sheet": spec.sheet,
            "valid_from": rec.valid_from,
            "valid_until": rec.valid_until,
            "renews": event.payload.get("renews") or dossier.renews,
        }
        issued = self.store.append(
            EventKind.RECOGNITION_ISSUED,
            payload,
            actor=event.actor,
            request_id=f"{event.request_id}:recognition",
            subject=outcome.product_id,
        )
        return Decision(outcome, event, issued)

    @locked
    def revise_result(
        self, result_seq: int, change: Callable[[ScoreRequest], ScoreRequest], *, by: str, contest: int, request_id: str
    ) -> Decision:
        """A new revision of a council result: every member sheet re-scored after ``change``, re-aggregated."""
        old = self.store.get(result_seq)
        if old is None or old.kind != EventKind.COUNCIL_RESULT:
            raise CouncilError(
                "not_found",
                f"event {result_seq} is not a council result",
                f"Sự kiện {result_seq} không phải kết quả hội đồng",
            )
        outcome = CouncilOutcome.model_validate(old.payload["outcome"])
        spec = self.session(outcome.session).spec
        sheets = {}
        for row in outcome.members:
            sheet_event = self.store.get(row.sheet)
            assert sheet_event is not None
            request = change(ScoreRequest.model_validate(sheet_event.payload["evaluation"]["request"]))
            member = spec.member(row.member)
            assert member is not None
            payload = self._sheet_payload(spec, member, outcome.round, request, row.sheet, contest)
            sheets[row.member] = self.store.append(
                EventKind.MEMBER_SHEET_SUBMITTED,
                payload,
                actor=by,
                request_id=f"{request_id}:sheet:{row.member}",
                subject=outcome.product_id,
            )
        earlier = self.store.by_request_id(f"{old.request_id}:recognition")
        decision = self._conclude(
            spec,
            outcome.product_id,
            outcome.round,
            sheets,
            by=by,
            request_id=request_id,
            decided_on=outcome.decided_on,
            revision_of=result_seq,
            contest=contest,
            renews=earlier.seq if earlier else None,
        )
        active = earlier is not None and any(
            r.seq == earlier.seq and r.status == "active" for r in self.recognitions(outcome.product_id)
        )
        if earlier is not None and active and decision.recognition is None:
            self.revoke(
                earlier.seq,
                f"kết quả được sửa đổi sau khiếu nại #{contest} (result revised after contest #{contest})",
                by=by,
                request_id=f"{request_id}:revoke",
            )
        return decision


__all__ = ["CouncilBook", "Decision", "ProductState", "RecognitionState", "SessionState"]
