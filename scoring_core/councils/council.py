"""Council rules: members, dossiers, sessions, quorum, the spread rule, means, levels and recognition.

Pure functions and models; the event-sourced book that records them is ``council_book.py``
(sessions, sheets, results) with ``recognitions.py`` (recognitions, expiry, revocation).

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
  (36 months) and is renewed by re-evaluation (a dossier naming ``renews``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring_core.audit.events import Event
from scoring_core.errors import Refused
from scoring_core.scoring.evaluation import Evaluation, FailedGate, Recognition
from scoring_core.scoring.ranking import failed_gates, final_star, recognition
from scoring_core.scoring.request import Product
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.regimes import EvaluationKind, Level, Regime, regimes

Role = Literal["chair", "secretary", "member"]
Status = Literal["rescore_required", "eliminated", "not_recognised", "recognised", "forwarded", "no_level"]
CENT = Decimal("0.01")
#: Fewest distinct people seated on a council, by default (a deployment setting).
MIN_MEMBERS = 5
SPREAD_LIMIT = Decimal(10)
LEVEL_VI = {"district": "cấp huyện", "province": "cấp tỉnh", "central": "cấp trung ương"}


class CouncilError(Refused):
    """A council operation refused; ``code`` is not_found, failed_precondition, permission_denied or invalid."""


def person(name: str) -> str:
    """Who a name stands for: NFC, spaces collapsed, case folded ("Trần  An" and "trần an" are one person)."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def seating_problem(members: Sequence[Member], minimum: int) -> tuple[str, str] | None:
    """Why these members cannot form a council: (English, Vietnamese), or None.

    One person holds one seat (names compared as ``person``); the council has a chair and at
    least ``minimum`` distinct people, so no one person can open, score and close alone.
    """
    seen: dict[str, str] = {}
    for m in members:
        if person(m.name) in seen:
            return (
                f"{m.name!r} and {seen[person(m.name)]!r} are one person: one person holds one seat",
                f"{m.name!r} và {seen[person(m.name)]!r} là cùng một người: mỗi người chỉ giữ một ghế",
            )
        seen[person(m.name)] = m.name
    if len(seen) < minimum:
        return (
            f"a council needs at least {minimum} distinct members (this one has {len(seen)})",
            f"Hội đồng cần ít nhất {minimum} thành viên khác nhau (hội đồng này có {len(seen)})",
        )
    return None


def opener_problem(members: Sequence[Member | dict[str, Any]], name: str) -> CouncilError | None:
    """Why ``name`` may not open a session seating ``members`` (the opener chairs it or keeps its minutes), or None."""
    officers = {m.name if isinstance(m, Member) else m["name"] for m in members if _role(m) in ("chair", "secretary")}
    if name in officers:
        return None
    return CouncilError(
        "permission_denied",
        f"{name} is not the chair or secretary of the session",
        f"{name} không phải chủ tịch hoặc thư ký của phiên hội đồng này",
    )


def _role(member: Member | dict[str, Any]) -> str:
    return member.role if isinstance(member, Member) else str(member["role"])


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


def aggregate(
    spec: SessionSpec,
    sheet: Sheet,
    sheets: Sequence[tuple[Member, Event, Evaluation]],
    *,
    round_: int,
    decided_on: date,
    policy: Any,
) -> CouncilOutcome:
    """The council's result from the members' evaluations of one product (quorum already met)."""
    regime: Regime = regimes()[spec.regime]
    rows = [
        MemberTotal(
            member=m.name,
            role=m.role,
            total=ev.total,
            sheet=event.seq,
            knockout=ev.knockout.criterion if ev.knockout else None,
            knockout_kind=ev.knockout.kind if ev.knockout else None,
            knockout_source=_knockout_source(ev),
        )
        for m, event, ev in sheets
    ]
    totals = [r.total for r in rows]
    spread = max(totals) - min(totals)
    listing = ", ".join(f"{r.member}: {r.total}" for r in rows)
    base = dict(
        session=spec.session_id,
        product_id=sheets[0][2].product["id"],
        round=round_,
        level=spec.level,
        decided_on=decided_on,
        members=rows,
        spread=spread,
    )
    by_rule = [r for r in rows if r.knockout_source == "rule"]
    judged = [r for r in rows if r.knockout_source == "judgement"]
    if by_rule or 2 * len(judged) > len(rows):
        first = (by_rule or judged)[0]
        why = "fact rule" if by_rule else f"majority of sheets ({len(judged)}/{len(rows)})"
        why_vi = "quy tắc dữ kiện" if by_rule else f"đa số phiếu ({len(judged)}/{len(rows)})"
        return CouncilOutcome(
            **base,
            status="eliminated",
            total=mean(totals),
            knockout={
                "criterion": first.knockout,
                "kind": first.knockout_kind,
                "by": "rule" if by_rule else "majority",
                "members": [r.member for r in (by_rule or judged)],
            },
            reason_en=f"eliminated at {first.knockout} ({why}); not ranked",
            reason_vi=f"Sản phẩm bị loại tại tiêu chí {first.knockout} (theo {why_vi}); không xếp hạng",
        )
    minority = [{"member": r.member, "criterion": r.knockout, "kind": r.knockout_kind} for r in judged]
    if spread > SPREAD_LIMIT:
        return CouncilOutcome(
            **base,
            status="rescore_required",
            minority_knockouts=minority,
            reason_en=f"members' totals differ by {spread} points (> 10): the council must re-score ({listing})",
            reason_vi=f"Tổng điểm của các thành viên chênh lệch {spread} điểm (> 10): hội đồng phải chấm lại "
            f"({listing})",
        )
    evs = [ev for _, _, ev in sheets]
    lines = [{x.criterion: x for x in ev.breakdown} for ev in evs]
    criteria = {cid: mean([ln[cid].points for ln in lines]) for cid in lines[0]}
    cases = {cid: (cs.pop() if len(cs := {ln[cid].case for ln in lines}) == 1 else None) for cid in lines[0]}
    parts = {code: mean([ev.parts[code] for ev in evs]) for code in evs[0].parts}
    total = mean(totals)
    gates = failed_gates(sheet, criteria, cases)
    star = final_star(regime, total, gates, policy)
    result = dict(
        base,
        total=total,
        parts=parts,
        criteria=criteria,
        band_star=regime.band_star(total),
        failed_gates=gates,
        final_star=star,
        minority_knockouts=minority,
    )
    if star < 3:
        return CouncilOutcome(
            **result,
            status="not_recognised",
            reason_en=f"mean total {total}: {star}★, not recognised (3★ and above are)",
            reason_vi=f"Điểm trung bình {total}: {star} sao, không được công nhận (từ 3 sao)",
        )
    who = regime.recognition_levels(decided_on).get(star)
    if who is None:
        return CouncilOutcome(
            **result,
            status="no_level",
            reason_en=f"{star}★: no level recognises it on {decided_on} under regime {spec.regime}",
            reason_vi=f"{star} sao: không cấp nào công nhận vào ngày {decided_on} theo chế độ {spec.regime}",
        )
    if who != spec.level:
        return CouncilOutcome(
            **result,
            status="forwarded",
            recognising_level=who,
            forwarded_to=who,
            reason_en=f"{star}★ (mean {total}) is recognised at {who} level: forwarded",
            reason_vi=f"{star} sao (điểm trung bình {total}) do {LEVEL_VI[who]} công nhận: chuyển lên {LEVEL_VI[who]}",
        )
    return CouncilOutcome(
        **result,
        status="recognised",
        recognising_level=who,
        recognition=recognition(regime, star, decided_on),
        reason_en=f"recognised {star}★ at {who} level (mean total {total})",
        reason_vi=f"Công nhận {star} sao {LEVEL_VI[who]} (điểm trung bình {total})",
    )
