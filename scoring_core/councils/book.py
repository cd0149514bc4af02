"""The council book: sessions, member sheets and results, event-sourced on the audit trail.

Nothing here keeps mutable tables; every state is rebuilt from the events (``council_opened``,
``member_sheet_submitted``, ``council_result``, ``recognition_issued``).  The rules applied are
those of ``council.py``; recognitions, expiry and revocation come from ``recognitions.py``.

Concurrency: every write is a conditional append on its subject.  The book notes the latest
event on the subject, reads the state, decides, and appends with ``SubjectAt(subject, seq)``:
the store checks, inside the transaction that writes, that nothing was recorded about the
subject meanwhile (by this process, another one or another server).  If something was, the
book reads and decides again, and then refuses with the event that decided first (a second
close: "already concluded by event N").  A decision writing several events (a result and its
recognition) is one append, all or none, so a crash leaves no result without its recognition
and a retry finds the result and completes nothing twice.

Authority: a council seats a chair and at least ``min_members`` distinct people (one person,
one seat).  Only the session's chair or secretary closes; only the secretary enters a sheet on
behalf of a member, never the chair's (the quorum needs the chair's own sheet); an overseer of the
session's level (``over``) may act as an officer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from scoring_core.audit.events import Event, EventKind, new_request_id
from scoring_core.audit.store import AuditStore, Conflict, NoneOf, SubjectAt
from scoring_core.councils.council import (
    MIN_MEMBERS,
    CouncilError,
    CouncilOutcome,
    Dossier,
    Member,
    SessionSpec,
    aggregate,
    quorum_problem,
    seating_problem,
)
from scoring_core.councils.plan import Plan
from scoring_core.councils.recognitions import RecognitionBook, RecognitionState, decided, locked, serialised
from scoring_core.errors import ConfigError, FieldViolation, InvalidRequest, violations_from
from scoring_core.plugins.manager import SheetEntry
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import evaluation_record, score_pinned
from scoring_core.scoring.request import Judgement, ScoreRequest, check_against_sheet
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

    def __init__(self, store: AuditStore, scorer: Scorer, min_members: int = MIN_MEMBERS) -> None:
        if min_members < 2:  # whoever configures the book (server, ocop, a script): a lone person never recognises
            raise ConfigError(
                f"council min members must be at least 2, not {min_members} (a lone chair never recognises)"
            )
        super().__init__(store)
        self.scorer = scorer
        self.min_members = min_members

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
        request_hash: str | None = None,
    ) -> SessionState:
        """Record ``council_opened`` once per session id; the sheet version in force is pinned by its content hash."""
        if done := self.prior(request_id, (EventKind.COUNCIL_OPENED,), request_hash):
            return self.session(done.payload["session_id"])
        sid = session_id or "hd-" + uuid.uuid4().hex[:12]
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
        if problem := seating_problem(draft.members, self.min_members):
            raise InvalidRequest([FieldViolation("members", *problem)])
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
        self._check_dossiers(spec, entry)
        for d in spec.products:
            if d.renews is not None and not any(r.seq == d.renews for r in self.recognitions(d.product.id)):
                raise CouncilError(
                    "invalid",
                    f"{d.product.id}: no recognition {d.renews} to renew",
                    f"{d.product.id}: không có quyết định công nhận {d.renews} để đánh giá lại",
                )
        subject = f"council/{sid}"
        plan = Plan(actor, request_id or new_request_id(), request_hash)
        plan.add("opened", EventKind.COUNCIL_OPENED, spec, subject=subject)
        try:
            plan.append(self.store, NoneOf(subject, EventKind.COUNCIL_OPENED))
        except Conflict as exc:
            if isinstance(exc.event, Event) and exc.event.kind == EventKind.COUNCIL_OPENED:
                raise decided(
                    "already_exists",
                    f"council session {sid} already exists (opened by event {exc.event.seq})",
                    f"Phiên hội đồng {sid} đã tồn tại (mở tại sự kiện #{exc.event.seq})",
                    exc.event,
                ) from None
            raise
        return self.session(sid)

    def _check_dossiers(self, spec: SessionSpec, entry: SheetEntry) -> None:
        """Every dossier's facts as a member's sheet will read them (catalogue, type, range), before anything is
        recorded: a session opened on a bad fact could never take a sheet for that product."""
        bad: list[FieldViolation] = []
        for i, d in enumerate(spec.products):
            try:
                request = ScoreRequest.parse(
                    {
                        "product": d.product.model_dump(),
                        "sheet": spec.sheet,
                        "regime": spec.regime,
                        "evaluated_on": spec.opened_on,
                        "facts": d.facts,
                    }
                )
                if entry.sheet is not None:
                    check_against_sheet(request, entry.sheet, self.scorer.plugins.facts())
            except InvalidRequest as exc:
                bad += [FieldViolation(f"products[{i}].{v.field}", v.description, v.message_vi) for v in exc.violations]
        if bad:
            raise InvalidRequest(bad)

    def session(self, session_id: str) -> SessionState:
        """Rebuild a session from its own events (read by topic: the cost follows the session, not the product)."""
        opened = next(self.store.events(subject=f"council/{session_id}", kind=EventKind.COUNCIL_OPENED), None)
        if opened is None:
            raise CouncilError("not_found", f"no council session {session_id}", f"Không có phiên hội đồng {session_id}")
        spec = SessionSpec.model_validate(opened.payload)
        products = {d.product.id: ProductState(d) for d in spec.products}
        for ev in self.store.about(f"council/{session_id}", opened.seq + 1):
            st = products.get(ev.payload.get("product_id", ""))
            if st is None or ev.payload.get("session") != session_id:
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

    def _not_concluded(self, session_id: str, product_id: str) -> None:
        """The same check on the product's own events, not the session index: an index row hidden by whoever holds
        the database must not let the council decide twice (verification names such a change)."""
        for ev in self.store.events(subject=product_id, kind=EventKind.COUNCIL_RESULT):
            if ev.payload.get("session") == session_id and ev.payload["outcome"]["status"] != "rescore_required":
                raise decided(
                    "failed_precondition",
                    f"product {product_id} is already concluded in this session (event {ev.seq})",
                    f"Sản phẩm {product_id} đã có kết quả trong phiên hội đồng này (sự kiện #{ev.seq})",
                    ev,
                )

    @staticmethod
    def _open(st: ProductState, product_id: str) -> None:
        """Refuse when the product is already concluded in the session, naming the deciding result."""
        if st.final is not None:
            raise decided(
                "failed_precondition",
                f"product {product_id} is already concluded in this session (event {st.final.seq})",
                f"Sản phẩm {product_id} đã có kết quả trong phiên hội đồng này (sự kiện #{st.final.seq})",
                st.final,
            )

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
        request_hash: str | None = None,
        over: frozenset[str] = frozenset(),
    ) -> Event:
        """Score and record one member's own sheet for one product (facts from the dossier).

        ``actor`` other than ``member``: a sheet entered on the member's behalf, by the session's
        secretary (or an overseer of its level) only.
        """
        if done := self.prior(request_id, (EventKind.MEMBER_SHEET_SUBMITTED,), request_hash):
            return done.as_duplicate()
        rid = request_id or new_request_id()

        def attempt() -> Event:
            at = self.store.last_on(product_id)
            state = self.session(session_id)
            who = state.spec.member(member)
            if who is None:
                raise CouncilError(
                    "permission_denied",
                    f"{member} is not a member of session {session_id}",
                    f"{member} không phải thành viên phiên hội đồng {session_id}",
                )
            if actor and actor != member:
                officer = self.check_officer(
                    state.spec, actor, over, roles=("secretary",), action="enter a member's sheet"
                )
                if who.role == "chair" and state.spec.level not in over:
                    # The quorum needs the chair's own sheet: entered by the secretary, one person could seat a
                    # chair who never acts, fill every sheet and close alone.
                    raise CouncilError(
                        "permission_denied",
                        f"{officer.name} may not enter the chair's sheet: the chair ({member}) submits their own",
                        f"{officer.name} không được nhập phiếu thay chủ tịch hội đồng: chủ tịch ({member}) tự nộp "
                        "phiếu của mình",
                    )
            st = self._product(state, product_id)
            self._open(st, product_id)
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
            plan = Plan(actor or member, rid, request_hash)
            plan.add(
                "sheet",
                EventKind.MEMBER_SHEET_SUBMITTED,
                self._sheet_payload(state.spec, who, st.round, request),
                subject=product_id,
            )
            return plan.append(self.store, SubjectAt(product_id, at.seq if at else 0))["sheet"]

        return serialised(attempt)

    @locked
    def close(
        self,
        session_id: str,
        product_id: str,
        *,
        by: str,
        request_id: str | None = None,
        decided_on: date | None = None,
        request_hash: str | None = None,
        over: frozenset[str] = frozenset(),
    ) -> Decision:
        """Conclude one product: quorum, knock-outs, spread, means, level; the chair or secretary closes.

        The result and the recognition it issues are one append, made only if nothing was recorded
        about the product since it was read.
        """
        if done := self.prior(request_id, (EventKind.COUNCIL_RESULT,), request_hash):
            return self._decision(done.as_duplicate())
        rid = request_id or new_request_id()

        def attempt() -> Decision:
            at = self.store.last_on(product_id)
            state = self.session(session_id)
            self.check_officer(state.spec, by, over)
            if decided_on is not None and decided_on < state.spec.opened_on:
                raise InvalidRequest(
                    [
                        FieldViolation(
                            "decided_on",
                            f"{decided_on} is before the session opened ({state.spec.opened_on}): "
                            "a council decides on or after the day it sits",
                            f"Ngày quyết định {decided_on} trước ngày mở phiên hội đồng ({state.spec.opened_on}): "
                            "hội đồng chỉ quyết định từ ngày họp trở đi",
                        )
                    ]
                )
            st = self._product(state, product_id)
            self._open(st, product_id)
            self._not_concluded(session_id, product_id)
            problem = quorum_problem(state.spec, list(st.sheets))
            if problem:
                raise problem
            plan = Plan(by, rid, request_hash)
            self._conclude(
                plan,
                state.spec,
                product_id,
                st.round,
                {m: (ev.seq, ev) for m, ev in st.sheets.items()},
                decided_on=decided_on or state.spec.opened_on,
            )
            written = plan.append(self.store, SubjectAt(product_id, at.seq if at else 0))
            return self._decision(written["result"], written.get("recognition"))

        return serialised(attempt)

    def check_officer(
        self,
        spec: SessionSpec,
        by: str,
        over: frozenset[str] = frozenset(),
        *,
        roles: tuple[str, ...] = ("chair", "secretary"),
        action: str = "act for the council",
    ) -> Member:
        """The officer named ``by`` (one of ``roles`` in the session), or an overseer of its level; else denied."""
        member = spec.member(by)
        if member is not None and member.role in roles:
            return member
        if spec.level in over:
            return Member(name=by, role="chair" if "chair" in roles else roles[0])
        titles = " or ".join(roles)
        titles_vi = " hoặc ".join({"chair": "chủ tịch", "secretary": "thư ký"}[r] for r in roles)
        raise CouncilError(
            "permission_denied",
            f"{by} may not {action}: only the {titles} of session {spec.session_id} "
            f"(or an overseer of the {spec.level} level) may",
            f"{by} không có quyền thực hiện thao tác này: chỉ {titles_vi} của phiên hội đồng {spec.session_id} "
            f"(hoặc người giám sát {spec.level}) được thực hiện",
        )

    def _conclude(
        self,
        plan: Plan,
        spec: SessionSpec,
        product_id: str,
        round_: int,
        sheets: dict[str, tuple[int | str, Event | dict[str, Any]]],
        *,
        decided_on: date,
        revision_of: int | None = None,
        contest: int | None = None,
        renews: int | None = None,
    ) -> CouncilOutcome:
        """Add the result (and the recognition it issues) to ``plan``.

        ``sheets`` maps a member to (seq, event) of a stored sheet, or to (label, payload) of a
        sheet the plan writes first; the result names each sheet's seq.
        """
        rows = []
        for m in spec.members:
            if m.name in sheets:
                ref, sheet = sheets[m.name]
                payload = sheet.payload if isinstance(sheet, Event) else sheet
                placeholder = Event(ref if isinstance(ref, int) else 0, "", "", "", "", None, "", "", b"")
                rows.append((m, placeholder, Evaluation.model_validate(payload["evaluation"]["result"])))
        entry = self._entry(spec)
        assert entry.sheet is not None
        outcome = aggregate(spec, entry.sheet, rows, round_=round_, decided_on=decided_on, policy=self.scorer.policy)
        dumped = outcome.model_dump(mode="json")
        labels = {name: ref for name, (ref, _) in sheets.items() if isinstance(ref, str)}

        def result(seqs: dict[str, int]) -> dict[str, Any]:
            members = [
                {**r, "sheet": seqs[labels[r["member"]]]} if r["member"] in labels else r for r in dumped["members"]
            ]
            return {
                "session": spec.session_id,
                "product_id": product_id,
                "outcome": {**dumped, "members": members},
                "revision_of": revision_of,
                "contest": contest,
                "renews": renews,
            }

        plan.add("result", EventKind.COUNCIL_RESULT, result if labels else result({}), subject=product_id)
        if outcome.status == "recognised" and outcome.recognition is not None:
            dossier = spec.dossier(product_id)
            assert dossier is not None
            rec = outcome.recognition
            fixed = {
                "product_id": product_id,
                "product": dossier.product,
                "session": spec.session_id,
                "star": outcome.final_star,
                "level": rec.level,
                "regime": spec.regime,
                "sheet": spec.sheet,
                "valid_from": rec.valid_from,
                "valid_until": rec.valid_until,
                "renews": renews or dossier.renews,
            }
            plan.add(
                "recognition",
                EventKind.RECOGNITION_ISSUED,
                lambda seqs: {**fixed, "result": seqs["result"]},
                subject=product_id,
            )
        return outcome

    def _decision(self, event: Event, recognition: Event | None = None) -> Decision:
        """The decision a result event records, with the recognition written with it."""
        outcome = CouncilOutcome.model_validate(event.payload["outcome"])
        if recognition is None and outcome.status == "recognised":
            recognition = self.store.by_request_id(f"{event.request_id}:recognition")
        return Decision(outcome, event, recognition)

    def revision_plan(
        self,
        plan: Plan,
        result_seq: int,
        change: Callable[[ScoreRequest], ScoreRequest],
        *,
        by: str,
        contest: int,
        over: frozenset[str] = frozenset(),
    ) -> None:
        """Add a new revision of a council result to ``plan``: every member sheet re-scored after ``change``,
        re-aggregated; the new recognition supersedes the old one, or the old one is revoked."""
        old = self.store.get(result_seq)
        if old is None or old.kind != EventKind.COUNCIL_RESULT:
            raise CouncilError(
                "not_found",
                f"event {result_seq} is not a council result",
                f"Sự kiện {result_seq} không phải kết quả hội đồng",
            )
        outcome = CouncilOutcome.model_validate(old.payload["outcome"])
        spec = self.session(outcome.session).spec
        sheets: dict[str, tuple[int | str, Event | dict[str, Any]]] = {}
        for row in outcome.members:
            sheet_event = self.store.get(row.sheet)
            assert sheet_event is not None
            request = change(ScoreRequest.model_validate(sheet_event.payload["evaluation"]["request"]))
            member = spec.member(row.member)
            assert member is not None
            payload = self._sheet_payload(spec, member, outcome.round, request, row.sheet, contest)
            label = plan.add(
                f"sheet:{row.member}", EventKind.MEMBER_SHEET_SUBMITTED, payload, subject=outcome.product_id
            )
            sheets[row.member] = (label, payload)
        issued = self.store.by_request_id(f"{old.request_id}:recognition")
        earlier = next((r for r in self.recognitions(outcome.product_id) if issued and r.seq == issued.seq), None)
        revised = self._conclude(
            plan,
            spec,
            outcome.product_id,
            outcome.round,
            sheets,
            decided_on=outcome.decided_on,
            revision_of=result_seq,
            contest=contest,
            renews=earlier.seq if earlier else None,
        )
        if earlier is not None and earlier.status == "active" and revised.status != "recognised":
            plan.add(
                "revoke",
                EventKind.RECOGNITION_REVOKED,
                {
                    "product_id": outcome.product_id,
                    "recognition": earlier.seq,
                    "reason": f"kết quả được sửa đổi sau khiếu nại #{contest} "
                    f"(result revised after contest #{contest})",
                    "by": by,
                },
                subject=outcome.product_id,
            )


__all__ = ["CouncilBook", "Decision", "ProductState", "RecognitionState", "SessionState"]
