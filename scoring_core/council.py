"""Councils: sessions, member sheets, quorum, the spread rule, means, levels, recognition and expiry.

Event-sourced: nothing here keeps mutable tables; every state is rebuilt from the audit trail.

Rules (README rule 9, and our choices where the texts are silent):

* Quorum: at least ceil(3/4 x members) members have submitted in the current round, the chair
  among them.  A member may resubmit within a round; the latest sheet counts.
* Knock-outs are decided before the spread: a knock-out derived by a fact rule in any member's
  sheet eliminates the product (facts come from the dossier, the same for every member); a
  judged knock-out eliminates it only when a strict majority of the sheets carry one.  Minority
  knock-outs are listed and their totals still count (so they usually trigger the spread rule).
* Spread: max - min of the members' totals > 10 -> RESCORE_REQUIRED; the next round starts.
* Otherwise the total is the mean of the totals (two decimals, half up); per-criterion and
  per-part means likewise; gates are checked on the per-criterion means (a two-case criterion
  uses the members' case when they agree, else the least demanding case).
* A level recognises only the stars the regime gives it on the decision date; any other star is
  forwarded to the level that does (``forwarded_to``).  Recognition lasts the regime's validity
  (36 months) and is renewed by re-evaluation (a dossier naming ``renews``); ``expiring`` lists
  what ends within N days, ``observe_expiries`` records each expiry once.

Concurrency: each check-then-append runs under the book's lock, and every write takes a
request id, so retries record nothing twice.  Between server processes, two racing closes of one
product could both be recorded; the later result is the one that stands (``ProductState.final``).
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scoring_core.audit.events import Event, EventKind
from scoring_core.audit.replay import evaluation_record, score_pinned
from scoring_core.audit.store import AuditStore
from scoring_core.errors import InvalidRequest, violations_from
from scoring_core.evaluation import Evaluation, FailedGate, Recognition
from scoring_core.model import Sheet
from scoring_core.plugins import SheetEntry
from scoring_core.ranking import failed_gates, final_star, recognition
from scoring_core.regimes import EvaluationKind, Level, Regime, regimes
from scoring_core.request import Judgement, Product, ScoreRequest
from scoring_core.scorer import Scorer

Role = Literal["chair", "secretary", "member"]
Status = Literal["rescore_required", "eliminated", "not_recognised", "recognised", "forwarded", "no_level"]
CENT = Decimal("0.01")
SPREAD_LIMIT = Decimal(10)
LEVEL_VI = {"district": "cấp huyện", "province": "cấp tỉnh", "central": "cấp trung ương"}


class CouncilError(RuntimeError):
    """A council operation refused; ``code`` is not_found, failed_precondition, permission_denied or invalid."""

    def __init__(self, code: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.code, self.message_en, self.message_vi = code, message_en, message_vi

    def text(self) -> str:
        """Vietnamese with the English gloss."""
        return f"{self.message_vi} ({self.message_en})"


def mean(values: Sequence[Decimal]) -> Decimal:
    """Mean to two decimals, half up."""
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


class Member(BaseModel):
    """A council member and their role."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(min_length=1)
    role: Role = "member"


class Dossier(BaseModel):
    """A product before the council: its facts (shared by every member) and its evaluation kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    product: Product
    facts: dict[str, Any] = {}
    filed_on: date | None = None
    evaluation_kind: EvaluationKind = "first"
    renews: int | None = None  # seq of the recognition this re-evaluation renews


class SessionSpec(BaseModel):
    """What ``council_opened`` records: level, regime, the pinned sheet version, members, products."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    session_id: str
    level: Level
    regime: str
    sheet: str
    sheet_version: int = 0
    content_hash: str = ""
    opened_on: date
    members: list[Member]
    products: list[Dossier]

    @model_validator(mode="after")
    def _check(self) -> SessionSpec:
        names = [m.name for m in self.members]
        if len(set(names)) != len(names):
            raise ValueError("member names repeat")
        if [m.role for m in self.members].count("chair") != 1:
            raise ValueError("a council has exactly one chair")
        if [m.role for m in self.members].count("secretary") > 1:
            raise ValueError("a council has at most one secretary")
        ids = [d.product.id for d in self.products]
        if not ids or len(set(ids)) != len(ids):
            raise ValueError("give one or more products, each once")
        return self

    def member(self, name: str) -> Member | None:
        """The member named ``name``."""
        return next((m for m in self.members if m.name == name), None)

    def dossier(self, product_id: str) -> Dossier | None:
        """The dossier of ``product_id``."""
        return next((d for d in self.products if d.product.id == product_id), None)


class MemberTotal(BaseModel):
    """One member's sheet as the council result lists it."""

    member: str
    role: Role
    total: Decimal
    sheet: int
    knockout: str | None = None
    knockout_kind: str | None = None
    knockout_source: str | None = None


class CouncilOutcome(BaseModel):
    """A council's result for one product (what ``council_result`` records)."""

    session: str
    product_id: str
    round: int
    level: Level
    decided_on: date
    status: Status
    members: list[MemberTotal]
    spread: Decimal
    total: Decimal | None = None
    parts: dict[str, Decimal] = {}
    criteria: dict[str, Decimal] = {}
    band_star: int | None = None
    failed_gates: list[FailedGate] = []
    final_star: int | None = None
    knockout: dict[str, Any] | None = None
    minority_knockouts: list[dict[str, Any]] = []
    recognising_level: Level | None = None
    forwarded_to: Level | None = None
    recognition: Recognition | None = None
    reason_vi: str
    reason_en: str


def quorum_problem(spec: SessionSpec, submitted: Sequence[str]) -> CouncilError | None:
    """Why the council cannot conclude yet (None when the quorum is met)."""
    needed = (3 * len(spec.members) + 3) // 4
    chair = next(m.name for m in spec.members if m.role == "chair")
    missing = [m.name for m in spec.members if m.name not in submitted]
    if len(submitted) >= needed and chair in submitted:
        return None
    return CouncilError(
        "failed_precondition",
        f"no quorum: {len(submitted)} of {len(spec.members)} sheets, {needed} needed including the chair "
        f"({chair}); missing: {', '.join(missing)}",
        f"Chưa đủ số lượng: {len(submitted)}/{len(spec.members)} phiếu, cần {needed} phiếu trong đó có phiếu "
        f"của chủ tịch hội đồng ({chair}); còn thiếu: {', '.join(missing)}",
    )


def _knockout_source(ev: Evaluation) -> str | None:
    if ev.knockout is None:
        return None
    line = next(x for x in ev.breakdown if x.criterion == ev.knockout.criterion)
    return "rule" if line.source.kind == "rule" else "judgement"


def aggregate(spec: SessionSpec, sheet: Sheet, sheets: Sequence[tuple[Member, Event, Evaluation]], *,
              round_: int, decided_on: date, policy: Any) -> CouncilOutcome:
    """The council's result from the members' evaluations of one product (quorum already met)."""
    regime: Regime = regimes()[spec.regime]
    rows = [MemberTotal(member=m.name, role=m.role, total=ev.total, sheet=event.seq,
                        knockout=ev.knockout.criterion if ev.knockout else None,
                        knockout_kind=ev.knockout.kind if ev.knockout else None,
                        knockout_source=_knockout_source(ev)) for m, event, ev in sheets]
    totals = [r.total for r in rows]
    spread = max(totals) - min(totals)
    listing = ", ".join(f"{r.member}: {r.total}" for r in rows)
    base = dict(session=spec.session_id, product_id=sheets[0][2].product["id"], round=round_, level=spec.level,
                decided_on=decided_on, members=rows, spread=spread)
    by_rule = [r for r in rows if r.knockout_source == "rule"]
    judged = [r for r in rows if r.knockout_source == "judgement"]
    if by_rule or 2 * len(judged) > len(rows):
        first = (by_rule or judged)[0]
        why = "fact rule" if by_rule else f"majority of sheets ({len(judged)}/{len(rows)})"
        why_vi = "quy tắc dữ kiện" if by_rule else f"đa số phiếu ({len(judged)}/{len(rows)})"
        return CouncilOutcome(**base, status="eliminated", total=mean(totals),
                              knockout={"criterion": first.knockout, "kind": first.knockout_kind,
                                        "by": "rule" if by_rule else "majority",
                                        "members": [r.member for r in (by_rule or judged)]},
                              reason_en=f"eliminated at {first.knockout} ({why}); not ranked",
                              reason_vi=f"Sản phẩm bị loại tại tiêu chí {first.knockout} (theo {why_vi}); "
                                        "không xếp hạng")
    minority = [{"member": r.member, "criterion": r.knockout, "kind": r.knockout_kind} for r in judged]
    if spread > SPREAD_LIMIT:
        return CouncilOutcome(
            **base, status="rescore_required", minority_knockouts=minority,
            reason_en=f"members' totals differ by {spread} points (> 10): the council must re-score ({listing})",
            reason_vi=f"Tổng điểm của các thành viên chênh lệch {spread} điểm (> 10): hội đồng phải chấm lại "
                      f"({listing})")
    evs = [ev for _, _, ev in sheets]
    lines = [{x.criterion: x for x in ev.breakdown} for ev in evs]
    criteria = {cid: mean([ln[cid].points for ln in lines]) for cid in lines[0]}
    cases = {cid: (cs.pop() if len(cs := {ln[cid].case for ln in lines}) == 1 else None) for cid in lines[0]}
    parts = {code: mean([ev.parts[code] for ev in evs]) for code in evs[0].parts}
    total = mean(totals)
    gates = failed_gates(sheet, criteria, cases)
    star = final_star(regime, total, gates, policy)
    result = dict(base, total=total, parts=parts, criteria=criteria, band_star=regime.band_star(total),
                  failed_gates=gates, final_star=star, minority_knockouts=minority)
    if star < 3:
        return CouncilOutcome(**result, status="not_recognised",
                              reason_en=f"mean total {total}: {star}★, not recognised (3★ and above are)",
                              reason_vi=f"Điểm trung bình {total}: {star} sao, không được công nhận (từ 3 sao)")
    who = regime.recognition_levels(decided_on).get(star)
    if who is None:
        return CouncilOutcome(**result, status="no_level",
                              reason_en=f"{star}★: no level recognises it on {decided_on} under regime {spec.regime}",
                              reason_vi=f"{star} sao: không cấp nào công nhận vào ngày {decided_on} theo chế độ "
                                        f"{spec.regime}")
    if who != spec.level:
        return CouncilOutcome(**result, status="forwarded", recognising_level=who, forwarded_to=who,
                              reason_en=f"{star}★ (mean {total}) is recognised at {who} level: forwarded",
                              reason_vi=f"{star} sao (điểm trung bình {total}) do {LEVEL_VI[who]} công nhận: "
                                        f"chuyển lên {LEVEL_VI[who]}")
    return CouncilOutcome(**result, status="recognised", recognising_level=who,
                          recognition=recognition(regime, star, decided_on),
                          reason_en=f"recognised {star}★ at {who} level (mean total {total})",
                          reason_vi=f"Công nhận {star} sao {LEVEL_VI[who]} (điểm trung bình {total})")


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


@dataclass(frozen=True)
class RecognitionState:
    """A recognition and where it stands: active, expired, revoked or superseded (by event ``ended_by``)."""

    seq: int
    product_id: str
    star: int
    level: str
    valid_from: date
    valid_until: date
    session: str | None
    status: Literal["active", "expired", "revoked", "superseded"]
    ended_by: int | None = None


T = TypeVar("T")


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    """Run a check-then-append method under the book's lock."""
    @functools.wraps(method)
    def run(self: CouncilBook, *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return method(self, *args, **kwargs)
    return run


class CouncilBook:
    """Council sessions and recognitions over the audit store (state derived from the events)."""

    def __init__(self, store: AuditStore, scorer: Scorer) -> None:
        self.store, self.scorer = store, scorer
        # Check-then-append is serialised within the process (between processes: see the module notes).
        self.lock = threading.RLock()

    # -- sessions ----------------------------------------------------------------------------
    @_locked
    def open_session(self, *, level: Level, regime: str, sheet: str, members: Sequence[Member | dict],
                     products: Sequence[Dossier | dict], opened_on: date, actor: str,
                     request_id: str | None = None, session_id: str | None = None) -> SessionState:
        """Record ``council_opened``; the sheet version in force is pinned by its content hash."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return self.session(done.payload["session_id"])
        sid = session_id or "hd-" + uuid.uuid4().hex[:12]
        if next(self.store.events(subject=f"council/{sid}", kind=EventKind.COUNCIL_OPENED), None):
            raise CouncilError("failed_precondition", f"council session {sid} already exists",
                               f"Phiên hội đồng {sid} đã tồn tại")
        try:
            draft = SessionSpec(session_id=sid, level=level, regime=regime, sheet=sheet, opened_on=opened_on,
                                members=list(members), products=list(products))
        except ValidationError as exc:
            raise InvalidRequest(violations_from(exc)) from None
        probe = ScoreRequest(product=draft.products[0].product, sheet=sheet, regime=regime, evaluated_on=opened_on)
        choice, entry = self.scorer.resolve(probe)
        spec = draft.model_copy(update={"regime": choice.regime, "sheet": entry.sheet_id,
                                        "sheet_version": entry.version, "content_hash": entry.content_hash})
        for d in spec.products:
            if d.renews is not None and not any(r.seq == d.renews for r in self.recognitions(d.product.id)):
                raise CouncilError("invalid", f"{d.product.id}: no recognition {d.renews} to renew",
                                   f"{d.product.id}: không có quyết định công nhận {d.renews} để đánh giá lại")
        self.store.append(EventKind.COUNCIL_OPENED, spec, actor=actor, request_id=request_id,
                          subject=f"council/{sid}")
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
                if ev.kind == EventKind.MEMBER_SHEET_SUBMITTED and ev.payload["round"] == st.round \
                        and ev.payload.get("revision_of") is None:
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
            raise CouncilError("failed_precondition", f"sheet {spec.sheet} ({spec.content_hash}) is not installed",
                               f"Bộ tiêu chí {spec.sheet} (phiên bản của phiên họp) không còn được cài đặt")
        return entry

    def _product(self, state: SessionState, product_id: str) -> ProductState:
        st = state.products.get(product_id)
        if st is None:
            raise CouncilError("not_found", f"product {product_id} is not before session {state.spec.session_id}",
                               f"Sản phẩm {product_id} không thuộc phiên hội đồng {state.spec.session_id}")
        return st

    def _sheet_payload(self, spec: SessionSpec, member: Member, round_: int, request: ScoreRequest,
                       revision_of: int | None = None, contest: int | None = None) -> dict[str, Any]:
        evaluation = score_pinned(self.scorer, request, self._entry(spec), spec.opened_on)
        return {"session": spec.session_id, "product_id": request.product.id, "member": member.name,
                "role": member.role, "round": round_, "revision_of": revision_of, "contest": contest,
                "evaluation": evaluation_record(request, evaluation, self.scorer.policy)}

    @_locked
    def submit(self, session_id: str, product_id: str, member: str, judgements: dict[str, Judgement | int | dict],
               *, actor: str | None = None, request_id: str | None = None) -> Event:
        """Score and record one member's own sheet for one product (facts from the dossier)."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return done
        state = self.session(session_id)
        who = state.spec.member(member)
        if who is None:
            raise CouncilError("permission_denied", f"{member} is not a member of session {session_id}",
                               f"{member} không phải thành viên phiên hội đồng {session_id}")
        st = self._product(state, product_id)
        if st.final is not None:
            raise CouncilError("failed_precondition", f"product {product_id} is already concluded in this session",
                               f"Sản phẩm {product_id} đã có kết quả trong phiên hội đồng này")
        d = st.dossier
        request = ScoreRequest.parse({
            "product": d.product.model_dump(), "sheet": state.spec.sheet, "regime": state.spec.regime,
            "evaluated_on": state.spec.opened_on, "filed_on": d.filed_on, "evaluation_kind": d.evaluation_kind,
            "facts": d.facts, "judgements": {k: v.model_dump() if isinstance(v, Judgement) else v
                                             for k, v in judgements.items()},
            "judged_by": member,
        })
        payload = self._sheet_payload(state.spec, who, st.round, request)
        return self.store.append(EventKind.MEMBER_SHEET_SUBMITTED, payload, actor=actor or member,
                                 request_id=request_id, subject=product_id)

    @_locked
    def close(self, session_id: str, product_id: str, *, by: str, request_id: str | None = None,
              decided_on: date | None = None) -> Decision:
        """Conclude one product: quorum, knock-outs, spread, means, level; the chair or secretary closes."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return self._decision(done)
        state = self.session(session_id)
        self.check_officer(state.spec, by)
        st = self._product(state, product_id)
        if st.final is not None:
            raise CouncilError("failed_precondition", f"product {product_id} is already concluded in this session",
                               f"Sản phẩm {product_id} đã có kết quả trong phiên hội đồng này")
        problem = quorum_problem(state.spec, list(st.sheets))
        if problem:
            raise problem
        return self._conclude(state.spec, product_id, st.round, st.sheets, by=by, request_id=request_id,
                              decided_on=decided_on or state.spec.opened_on)

    @staticmethod
    def check_officer(spec: SessionSpec, by: str) -> Member:
        """The chair or secretary named ``by`` (else permission denied)."""
        member = spec.member(by)
        if member is None or member.role not in ("chair", "secretary"):
            raise CouncilError("permission_denied", f"{by} is not the chair or secretary of {spec.session_id}",
                               f"{by} không phải chủ tịch hoặc thư ký phiên hội đồng {spec.session_id}")
        return member

    def _conclude(self, spec: SessionSpec, product_id: str, round_: int, sheets: dict[str, Event], *, by: str,
                  request_id: str | None, decided_on: date, revision_of: int | None = None,
                  contest: int | None = None, renews: int | None = None) -> Decision:
        rows = [(m, sheets[m.name], Evaluation.model_validate(sheets[m.name].payload["evaluation"]["result"]))
                for m in spec.members if m.name in sheets]
        entry = self._entry(spec)
        assert entry.sheet is not None
        outcome = aggregate(spec, entry.sheet, rows, round_=round_, decided_on=decided_on, policy=self.scorer.policy)
        payload = {"session": spec.session_id, "product_id": product_id, "outcome": outcome,
                   "revision_of": revision_of, "contest": contest, "renews": renews}
        event = self.store.append(EventKind.COUNCIL_RESULT, payload, actor=by, request_id=request_id,
                                  subject=product_id)
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
        payload = {"product_id": outcome.product_id, "product": dossier.product, "session": outcome.session,
                   "result": event.seq, "star": outcome.final_star, "level": rec.level, "regime": spec.regime,
                   "sheet": spec.sheet, "valid_from": rec.valid_from, "valid_until": rec.valid_until,
                   "renews": event.payload.get("renews") or dossier.renews}
        issued = self.store.append(EventKind.RECOGNITION_ISSUED, payload, actor=event.actor,
                                   request_id=f"{event.request_id}:recognition", subject=outcome.product_id)
        return Decision(outcome, event, issued)

    @_locked
    def revise_result(self, result_seq: int, change: Callable[[ScoreRequest], ScoreRequest], *, by: str,
                      contest: int, request_id: str) -> Decision:
        """A new revision of a council result: every member sheet re-scored after ``change``, re-aggregated."""
        old = self.store.get(result_seq)
        if old is None or old.kind != EventKind.COUNCIL_RESULT:
            raise CouncilError("not_found", f"event {result_seq} is not a council result",
                               f"Sự kiện {result_seq} không phải kết quả hội đồng")
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
            sheets[row.member] = self.store.append(EventKind.MEMBER_SHEET_SUBMITTED, payload, actor=by,
                                                   request_id=f"{request_id}:sheet:{row.member}",
                                                   subject=outcome.product_id)
        earlier = self.store.by_request_id(f"{old.request_id}:recognition")
        decision = self._conclude(spec, outcome.product_id, outcome.round, sheets, by=by, request_id=request_id,
                                  decided_on=outcome.decided_on, revision_of=result_seq, contest=contest,
                                  renews=earlier.seq if earlier else None)
        active = earlier is not None and any(r.seq == earlier.seq and r.status == "active"
                                             for r in self.recognitions(outcome.product_id))
        if earlier is not None and active and decision.recognition is None:
            self.revoke(earlier.seq, f"kết quả được sửa đổi sau khiếu nại #{contest} (result revised after contest "
                                     f"#{contest})", by=by, request_id=f"{request_id}:revoke")
        return decision

    # -- recognitions ------------------------------------------------------------------------
    def recognitions(self, product_id: str | None = None) -> list[RecognitionState]:
        """Every recognition (of one product or all) with its status, oldest first."""
        issued = list(self.store.events(kind=EventKind.RECOGNITION_ISSUED, subject=product_id))
        endings: list[tuple[int, int, str]] = []  # (event seq, recognition seq, status)
        for kind, status in ((EventKind.RECOGNITION_EXPIRED, "expired"), (EventKind.RECOGNITION_REVOKED, "revoked")):
            endings += [(e.seq, e.payload["recognition"], status)
                        for e in self.store.events(kind=kind, subject=product_id)]
        endings += [(e.seq, e.payload["renews"], "superseded") for e in issued if e.payload.get("renews")]
        ended: dict[int, tuple[str, int]] = {}
        for seq, target, status in sorted(endings):
            ended.setdefault(target, (status, seq))
        out = []
        for e in issued:
            p = e.payload
            status, by = ended.get(e.seq, ("active", None))
            out.append(RecognitionState(e.seq, p["product_id"], p["star"], p["level"],
                                        date.fromisoformat(p["valid_from"]), date.fromisoformat(p["valid_until"]),
                                        p.get("session"), status, by))  # type: ignore[arg-type]
        return out

    def expiring(self, within_days: int, today: date) -> list[RecognitionState]:
        """Active recognitions that end within ``within_days`` of ``today`` (or already ended, unobserved)."""
        limit = today + timedelta(days=within_days)
        return sorted((r for r in self.recognitions() if r.status == "active" and r.valid_until <= limit),
                      key=lambda r: (r.valid_until, r.seq))

    @_locked
    def observe_expiries(self, today: date, actor: str = "ocop-server") -> list[Event]:
        """Record ``recognition_expired`` for every active recognition past its end (once each)."""
        return [self.store.append(EventKind.RECOGNITION_EXPIRED,
                                  {"product_id": r.product_id, "recognition": r.seq, "valid_until": r.valid_until,
                                   "observed_on": today},
                                  actor=actor, request_id=f"recognition-expired:{r.seq}", subject=r.product_id)
                for r in self.recognitions() if r.status == "active" and r.valid_until < today]

    @_locked
    def revoke(self, recognition_seq: int, reason: str, *, by: str, request_id: str | None = None) -> Event:
        """Record ``recognition_revoked`` with the reason."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return done
        target = next((r for r in self.recognitions() if r.seq == recognition_seq), None)
        if target is None or target.status != "active":
            raise CouncilError("failed_precondition", f"recognition {recognition_seq} is not active",
                               f"Quyết định công nhận {recognition_seq} không còn hiệu lực")
        return self.store.append(EventKind.RECOGNITION_REVOKED,
                                 {"product_id": target.product_id, "recognition": recognition_seq, "reason": reason,
                                  "by": by}, actor=by, request_id=request_id, subject=target.product_id)
