"""Contests: filed against an evaluation or a council result, resolved by the chair or secretary.

A contest never edits history.  Upheld, it records a new revision linked to the old one (which
stays): the claimed option becomes a judgement carrying the contest's reason (so it prevails
over a fact rule), or the corrected fact replaces the dossier's value; against a council result
every member's sheet is re-scored that way and the result re-aggregated.  Rejected, the reason
is recorded.  ``trail(product_id)`` lists every revision, contest and resolution in order.

Filing and resolving are conditional appends on the product (see ``book.py``): a contest is
resolved once, and its revisions, the revised result's recognition (or the old one's
revocation) and the resolution are one append, all or none.  Against a council result only that
council's chair or secretary (or an overseer of its level) resolves.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scoring_core.audit.events import Event, EventKind, new_request_id
from scoring_core.audit.store import AuditStore, RequestIdReused, SubjectAt
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.council import LEVEL_VI, CouncilError
from scoring_core.councils.plan import Plan
from scoring_core.councils.recognitions import decided, serialised
from scoring_core.errors import FieldViolation, InvalidRequest, violations_from
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import evaluation_record, rescore, stored_record
from scoring_core.scoring.request import Judgement, ScoreRequest, fact_problem, judgement_problem
from scoring_core.sheets.model import Sheet

ROLE_VI = {
    "producer": "nhà sản xuất",
    "member": "thành viên",
    "chair": "chủ tịch",
    "secretary": "thư ký",
    "overseer": "cấp giám sát",
}


class Claim(BaseModel):
    """What the contest asks for: an option (and case) on the criterion, or a corrected fact."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    option: int | None = Field(default=None, ge=1)
    case: int | None = Field(default=None, ge=1)
    fact: str | None = None
    value: Any = None

    @model_validator(mode="after")
    def _one(self) -> Claim:
        if (self.option is None) == (self.fact is None):
            raise ValueError("claim either an option or a corrected fact")
        return self

    def text(self) -> tuple[str, str]:
        """(Vietnamese, English) description."""
        if self.fact is not None:
            return f"sửa dữ kiện {self.fact} = {self.value}", f"correct fact {self.fact} = {self.value}"
        case = f" (trường hợp {self.case})" if self.case else ""
        return f"đề nghị phương án {self.option}{case}", f"claims option {self.option}" + (
            f" (case {self.case})" if self.case else ""
        )


class ContestFiling(BaseModel):
    """What ``contest_filed`` records."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    product_id: str
    target: int
    target_kind: str
    criterion: str
    claim: Claim
    reason: str = Field(min_length=1)
    evidence: list[str] = []
    by: str = Field(min_length=1)
    role: Literal["producer", "member"]


class Resolution(BaseModel):
    """What ``contest_resolved`` records."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    contest: int
    product_id: str
    outcome: Literal["upheld", "rejected"]
    reason: str = Field(min_length=1)
    by: str
    role: Literal["chair", "secretary", "overseer"]
    revision: int | None = None


@dataclass(frozen=True)
class ContestState:
    """A contest and its resolution (None while pending)."""

    seq: int
    filing: ContestFiling
    resolution: Resolution | None = None
    resolved_seq: int | None = None


@dataclass(frozen=True)
class TrailEntry:
    """One line of a product's trail."""

    seq: int
    time: str
    kind: str
    actor: str
    text_vi: str
    text_en: str
    refs: dict[str, Any]


@dataclass(frozen=True)
class Trail:
    """Every event about one product, in order, as a council reads it."""

    product_id: str
    entries: list[TrailEntry]

    def text(self) -> str:
        """One line per entry: ``#seq time actor: Vietnamese (English)``."""
        return "\n".join(f"#{e.seq} {e.time[:19]} {e.actor}: {e.text_vi} ({e.text_en})" for e in self.entries)


def apply_claim(
    request: ScoreRequest, criterion: str, claim: Claim, contest: int, reason: str, by: str
) -> ScoreRequest:
    """The request with the claim applied (the claimed option as a reasoned judgement, or the fact)."""
    data = request.model_dump()
    if claim.fact is not None:
        data["facts"] = {**data["facts"], claim.fact: claim.value}
    else:
        data["judgements"] = {
            **data["judgements"],
            criterion: Judgement(
                option=claim.option,
                case=claim.case,
                by=by,
                reason=f"Khiếu nại #{contest} được chấp nhận: {reason} (contest #{contest} upheld)",
            ).model_dump(),
        }
    return ScoreRequest.parse(data)


class ContestBook:
    """Files and resolves contests; rebuilds them and the product trail from the events."""

    def __init__(self, store: AuditStore, scorer: Scorer, councils: CouncilBook | None = None) -> None:
        self.store, self.scorer = store, scorer
        self.councils = councils or CouncilBook(store, scorer)

    def _target(self, seq: int, latest: bool = False) -> tuple[Event, Sheet, list[str]]:
        """The contested event (or, with ``latest``, its newest revision), its sheet, and the council members."""
        event = self.store.get(seq)
        if event is None or event.kind not in (EventKind.EVALUATION_RECORDED, EventKind.COUNCIL_RESULT):
            raise CouncilError(
                "not_found",
                f"event {seq} is not an evaluation or a council result",
                f"Sự kiện {seq} không phải kết quả đánh giá hoặc kết quả hội đồng",
            )
        while newer := next(
            (
                e
                for e in self.store.events(event.seq + 1, subject=event.subject, kind=event.kind)
                if e.payload.get("revision_of") == event.seq
            ),
            None,
        ):
            if not latest:
                raise CouncilError(
                    "failed_precondition",
                    f"event {seq} was revised by event {newer.seq}: contest that",
                    f"Sự kiện {seq} đã được sửa đổi bởi sự kiện {newer.seq}: khiếu nại bản sửa đổi đó",
                )
            event = newer
        if event.kind == EventKind.COUNCIL_RESULT:
            if event.payload["outcome"]["status"] == "rescore_required":
                raise CouncilError(
                    "failed_precondition",
                    f"event {seq} is a re-score request, not a result",
                    f"Sự kiện {seq} là yêu cầu chấm lại, không phải kết quả",
                )
            spec = self.councils.session(event.payload["session"]).spec
            content_hash, members = spec.content_hash, [m.name for m in spec.members]
        else:
            content_hash, members = stored_record(event)["content_hash"], []
        entry = self.scorer.plugins.sheet_by_hash(content_hash)
        if entry is None or entry.sheet is None:
            raise CouncilError(
                "failed_precondition",
                f"the sheet of event {seq} is not installed",
                f"Bộ tiêu chí của sự kiện {seq} không còn được cài đặt",
            )
        return event, entry.sheet, members

    def file(
        self,
        target: int,
        criterion: str,
        claim: Claim | dict,
        reason: str,
        *,
        by: str,
        role: Literal["producer", "member"],
        evidence: Sequence[str] = (),
        request_id: str | None = None,
        request_hash: str | None = None,
    ) -> Event:
        """Record ``contest_filed`` after checking the criterion, the claim and who files it."""
        if done := self.councils.prior(request_id, (EventKind.CONTEST_FILED,), request_hash):
            return done.as_duplicate()
        rid = request_id or new_request_id()
        return serialised(lambda: self._file(target, criterion, claim, reason, by, role, evidence, rid, request_hash))

    def _file(
        self,
        target: int,
        criterion: str,
        claim: Claim | dict,
        reason: str,
        by: str,
        role: Literal["producer", "member"],
        evidence: Sequence[str],
        rid: str,
        request_hash: str | None,
    ) -> Event:
        first = self.store.get(target)
        at = self.store.last_on(first.subject) if first is not None and first.subject else None
        event, sheet, members = self._target(target)
        try:
            claim = Claim.model_validate(claim)
        except ValidationError as exc:
            raise InvalidRequest(violations_from(exc, "claim")) from None
        found = sheet.criteria_by_id.get(criterion)
        bad: list[FieldViolation] = []
        if found is None:
            bad.append(
                FieldViolation(
                    "criterion",
                    f"sheet {sheet.sheet_id} has no criterion {criterion}",
                    f"Bộ tiêu chí {sheet.sheet_id} không có tiêu chí {criterion}",
                )
            )
        elif claim.option is not None:
            wrong = judgement_problem(sheet, criterion, claim.case, claim.option, "claim")
            bad += [wrong] if wrong is not None else []
        if claim.fact is not None:
            spec = self.scorer.plugins.facts().get(claim.fact)
            problem = "is not in the catalogue" if spec is None else fact_problem(spec, claim.value)[1]
            if problem:
                bad.append(
                    FieldViolation("claim.value", f"{claim.fact} {problem}", f"Dữ kiện {claim.fact} không hợp lệ")
                )
        if bad:
            raise InvalidRequest(bad)
        if role == "member" and event.kind == EventKind.COUNCIL_RESULT and by not in members:
            raise CouncilError(
                "permission_denied", f"{by} is not a member of this council", f"{by} không phải thành viên hội đồng này"
            )
        filing = ContestFiling(
            product_id=event.subject or "",
            target=target,
            target_kind=event.kind,
            criterion=criterion,
            claim=claim,
            reason=reason,
            evidence=list(evidence),
            by=by,
            role=role,
        )
        plan = Plan(by, rid, request_hash)
        plan.add("filed", EventKind.CONTEST_FILED, filing, subject=filing.product_id)
        return plan.append(self.store, SubjectAt(filing.product_id, at.seq if at else 0))["filed"]

    def resolve(
        self,
        contest: int,
        outcome: Literal["upheld", "rejected"],
        reason: str,
        *,
        by: str,
        role: Literal["chair", "secretary"] | None = None,
        request_id: str | None = None,
        request_hash: str | None = None,
        over: frozenset[str] = frozenset(),
    ) -> ContestState:
        """Uphold (new revision, linked) or reject (reason kept), once; only an officer resolves."""
        with self.councils.lock:
            first = (EventKind.CONTEST_RESOLVED, EventKind.MEMBER_SHEET_SUBMITTED, EventKind.EVALUATION_RECORDED)
            if (done := self.councils.prior(request_id, first, request_hash)) and done.payload.get("contest"):
                return self._state(done.payload["contest"], done.payload["product_id"])
            if done is not None:
                raise RequestIdReused(done.request_id, done)
            rid = request_id or "contest-" + uuid.uuid4().hex
            return serialised(lambda: self._resolve(contest, outcome, reason, by, role, rid, request_hash, over))

    def _resolve(
        self,
        contest: int,
        outcome: Literal["upheld", "rejected"],
        reason: str,
        by: str,
        role: Literal["chair", "secretary"] | None,
        rid: str,
        request_hash: str | None,
        over: frozenset[str],
    ) -> ContestState:
        filed = self.store.get(contest)
        if filed is None or filed.kind != EventKind.CONTEST_FILED:
            raise CouncilError("not_found", f"no contest {contest}", f"Không có khiếu nại {contest}")
        product_id = filed.payload["product_id"]
        at = self.store.last_on(filed.subject or product_id)
        state = self._state(contest, product_id)
        target, _, _ = self._target(state.filing.target, latest=True)  # builds on revisions made meanwhile
        if target.kind == EventKind.COUNCIL_RESULT:
            spec = self.councils.session(target.payload["session"]).spec
            self.councils.check_officer(spec, by, over, action=f"resolve contest {contest}")
            officer = spec.member(by)
            role = officer.role if officer and officer.role in ("chair", "secretary") else "overseer"  # type: ignore[assignment]
        elif over and role is None:
            role = "overseer"  # type: ignore[assignment]
        if role not in ("chair", "secretary", "overseer"):
            raise CouncilError(
                "permission_denied",
                "only the chair or the secretary resolves a contest",
                "Chỉ chủ tịch hoặc thư ký hội đồng được giải quyết khiếu nại",
            )
        if state.resolution is not None and state.resolved_seq is not None:
            resolved = self.store.get(state.resolved_seq)
            assert resolved is not None
            raise decided(
                "failed_precondition",
                f"contest {contest} is already resolved ({state.resolution.outcome} by event {resolved.seq})",
                f"Khiếu nại {contest} đã được giải quyết (sự kiện #{resolved.seq})",
                resolved,
            )
        plan = Plan(by, rid, request_hash)
        revision_label: str | None = None
        if outcome == "upheld":
            f = state.filing

            def change(request: ScoreRequest) -> ScoreRequest:
                return apply_claim(request, f.criterion, f.claim, contest, f.reason, by)

            if target.kind == EventKind.COUNCIL_RESULT:
                self.councils.revision_plan(plan, target.seq, change, by=by, contest=contest, over=over)
                revision_label = "result"
            else:
                record = stored_record(target)
                request = change(ScoreRequest.model_validate(record["request"]))
                evaluation = rescore(self.scorer, record, request)
                payload = {
                    "product_id": evaluation.product["id"],
                    "evaluation": evaluation_record(request, evaluation, record["policy"]),
                    "revision_of": target.seq,
                    "contest": contest,
                }
                revision_label = plan.add(
                    "revision", EventKind.EVALUATION_RECORDED, payload, subject=evaluation.product["id"]
                )
        fixed = {
            "contest": contest,
            "product_id": state.filing.product_id,
            "outcome": outcome,
            "reason": reason,
            "by": by,
            "role": role,
        }
        resolution = (
            (lambda seqs: Resolution(**fixed, revision=seqs[revision_label]))
            if revision_label
            else Resolution(**fixed, revision=None)
        )
        plan.add("resolution", EventKind.CONTEST_RESOLVED, resolution, subject=state.filing.product_id)
        plan.append(self.store, SubjectAt(filed.subject or product_id, at.seq if at else 0))
        return self._state(contest, state.filing.product_id)

    def _state(self, contest: int, product_id: str) -> ContestState:
        return next(c for c in self.contests(product_id) if c.seq == contest)

    def contests(self, product_id: str) -> list[ContestState]:
        """Every contest about a product, with its resolution, in filing order."""
        filed: dict[int, ContestState] = {}
        events = [
            *self.store.events(subject=product_id, kind=EventKind.CONTEST_FILED),
            *self.store.events(subject=product_id, kind=EventKind.CONTEST_RESOLVED),
        ]
        for ev in sorted(events, key=lambda e: e.seq):
            if ev.kind == EventKind.CONTEST_FILED:
                filed[ev.seq] = ContestState(ev.seq, ContestFiling.model_validate(ev.payload))
            elif ev.kind == EventKind.CONTEST_RESOLVED and ev.payload["contest"] in filed:
                c = filed[ev.payload["contest"]]
                if c.resolution is None:
                    filed[c.seq] = ContestState(c.seq, c.filing, Resolution.model_validate(ev.payload), ev.seq)
        return list(filed.values())

    def trail(self, product_id: str) -> Trail:
        """Every evaluation, revision, council step, contest, resolution and recognition of a product."""
        events = list(self.store.events(subject=product_id))
        sessions = {e.payload["session"] for e in events if e.payload.get("session")}
        for sid in sessions:
            events += list(self.store.events(subject=f"council/{sid}", kind=EventKind.COUNCIL_OPENED))
        revisions: dict[int, int] = {}
        entries = []
        for ev in sorted(events, key=lambda e: e.seq):
            of = ev.payload.get("revision_of")
            revisions[ev.seq] = revisions.get(of, 0) + 1 if of else 0
            vi, en = _describe(ev, revisions[ev.seq])
            refs = {
                k: ev.payload[k]
                for k in ("revision_of", "contest", "session", "target", "revision", "recognition", "result")
                if ev.payload.get(k) is not None
            }
            entries.append(TrailEntry(ev.seq, ev.time, ev.kind, ev.actor, vi, en, refs))
        return Trail(product_id, entries)


def _revision(ev: Event, n: int) -> tuple[str, str]:
    if not n:
        return "", ""
    p = ev.payload
    return (
        f" — bản sửa đổi lần {n} của #{p['revision_of']} theo khiếu nại #{p['contest']}",
        f" — revision {n} of #{p['revision_of']} after contest #{p['contest']}",
    )


def _score(result: dict[str, Any]) -> tuple[str, str]:
    if result["eliminated"]:
        return f"tổng {result['total']} điểm, bị loại", f"total {result['total']}, eliminated"
    return (
        f"tổng {result['total']} điểm, {result['final_star']} sao",
        f"total {result['total']}, {result['final_star']}★",
    )


def _describe(ev: Event, revision: int) -> tuple[str, str]:
    """(Vietnamese, English) text of one trail event."""
    p, (rv, re) = ev.payload, _revision(ev, revision)
    kind = EventKind(ev.kind)
    if kind is EventKind.EVALUATION_RECORDED:
        vi, en = _score(p["evaluation"]["result"])
        return f"Kết quả đánh giá: {vi}{rv}", f"evaluation: {en}{re}"
    if kind is EventKind.MEMBER_SHEET_SUBMITTED:
        vi, en = _score(p["evaluation"]["result"])
        return (
            f"Phiếu chấm của {p['member']} ({ROLE_VI[p['role']]}), vòng {p['round']}: {vi}{rv}",
            f"sheet of {p['member']} ({p['role']}), round {p['round']}: {en}{re}",
        )
    if kind is EventKind.COUNCIL_RESULT:
        o = p["outcome"]
        return f"Kết quả hội đồng {o['session']}: {o['reason_vi']}{rv}", f"council result: {o['reason_en']}{re}"
    if kind is EventKind.COUNCIL_OPENED:
        return (
            f"Mở phiên hội đồng {p['session_id']} ({LEVEL_VI[p['level']]}), bộ tiêu chí {p['sheet']}, "
            f"{len(p['members'])} thành viên",
            f"council session {p['session_id']} opened ({p['level']}), sheet {p['sheet']}, {len(p['members'])} members",
        )
    if kind is EventKind.CONTEST_FILED:
        cvi, cen = Claim.model_validate(p["claim"]).text()
        ev_vi = f"; minh chứng: {', '.join(p['evidence'])}" if p["evidence"] else ""
        ev_en = f"; evidence: {', '.join(p['evidence'])}" if p["evidence"] else ""
        return (
            f"Khiếu nại #{ev.seq} của {p['by']} ({ROLE_VI[p['role']]}) đối với #{p['target']}, tiêu chí "
            f"{p['criterion']}: {cvi}; lý do: {p['reason']}{ev_vi}",
            f"contest #{ev.seq} by {p['by']} ({p['role']}) against #{p['target']} on {p['criterion']}: "
            f"{cen}; reason: {p['reason']}{ev_en}",
        )
    if kind is EventKind.CONTEST_RESOLVED:
        if p["outcome"] == "upheld":
            return (
                f"Khiếu nại #{p['contest']} được chấp nhận bởi {p['by']}: {p['reason']}; bản sửa đổi #{p['revision']}",
                f"contest #{p['contest']} upheld by {p['by']}: {p['reason']}; revision #{p['revision']}",
            )
        return (
            f"Khiếu nại #{p['contest']} bị bác bởi {p['by']}: {p['reason']}",
            f"contest #{p['contest']} rejected by {p['by']}: {p['reason']}",
        )
    if kind is EventKind.RECOGNITION_ISSUED:
        vi = f"; thay thế quyết định #{p['renews']}" if p.get("renews") else ""
        en = f"; replaces #{p['renews']}" if p.get("renews") else ""
        return (
            f"Công nhận {p['star']} sao ({LEVEL_VI[p['level']]}), hiệu lực từ {p['valid_from']} đến "
            f"{p['valid_until']}{vi}",
            f"recognised {p['star']}★ ({p['level']}), valid {p['valid_from']} to {p['valid_until']}{en}",
        )
    if kind is EventKind.RECOGNITION_EXPIRED:
        return (
            f"Quyết định công nhận #{p['recognition']} hết hiệu lực (đến {p['valid_until']})",
            f"recognition #{p['recognition']} expired (valid until {p['valid_until']})",
        )
    if kind is EventKind.RECOGNITION_REVOKED:
        return (
            f"Quyết định công nhận #{p['recognition']} bị thu hồi: {p['reason']}",
            f"recognition #{p['recognition']} revoked: {p['reason']}",
        )
    return ev.kind, ev.kind
