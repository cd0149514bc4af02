"""Council actions: open a session, submit a member's sheet, close a product, results, recognitions (list, revoke).

The transport has checked the caller's deployment role for the action; the council rules by
session (who chairs, who is a member, who may close or revoke, an overseer acting as an
officer) are the council book's (``councils``).  Here: the inputs are checked (every bad field
listed at once), the caller's name is the actor (auth off: the name the request gives), and a
request_id answers its first request again (used for a different request: REQUEST_ID_REUSED).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scoring_core.app import names
from scoring_core.app.idempotency import fingerprint
from scoring_core.app.identity import Identity, acting_as, known
from scoring_core.app.pagination import Page, page
from scoring_core.app.requests import parse_input
from scoring_core.audit.events import Event
from scoring_core.councils.book import CouncilBook, SessionState
from scoring_core.councils.council import CouncilError, opener_problem
from scoring_core.councils.recognitions import RecognitionState
from scoring_core.errors import FieldViolation, InvalidRequest
from scoring_core.scoring.request import Day, FactValue, Product, Text
from scoring_core.sheets.regimes import EvaluationKind

LEVELS = ("district", "province", "central")
_SESSION_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class MemberInput(BaseModel):
    """A council member as a request gives it."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, Field(max_length=200)]
    role: Literal["chair", "secretary", "member"]


class DossierInput(BaseModel):
    """A product's dossier as a request gives it (the same checks as a scoring request's)."""

    model_config = ConfigDict(extra="forbid")
    product: Product
    facts: dict[str, FactValue] = {}
    evaluation_kind: EvaluationKind = "first"
    filed_on: Day | None = None
    renews: int | None = None


@dataclass(frozen=True)
class Result:
    """A ``council_result`` event and the recognitions of its product (to find the one it issued)."""

    event: Event
    recognitions: list[RecognitionState]


def level_of(value: str | None, field: str = "level") -> str:
    """The council's level (district, province or central)."""
    if value not in LEVELS:
        raise names.bad(
            field,
            "give the council's level (DISTRICT, PROVINCE or CENTRAL)",
            "Cần chọn cấp hội đồng (DISTRICT, PROVINCE hoặc CENTRAL)",
        )
    return value


def members_of(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The members as the book takes them (a role outside the three, a blank name: refused)."""
    out, bad = [], []
    for i, m in enumerate(members):
        try:
            out.append(parse_input(MemberInput, m, f"members[{i}]").model_dump())
        except InvalidRequest as exc:
            bad += exc.violations
    if bad:
        raise InvalidRequest(bad)
    return out


def dossiers_of(products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The products' dossiers as the book takes them (``renews`` as ``recognitions/{n}``; bad ones listed together)."""
    out, bad = [], []
    for i, given in enumerate(products):
        item = dict(given)
        renews = item.pop("renews", None)
        if renews:
            try:
                item["renews"] = names.numbered(renews, "recognitions", f"products[{i}].renews")
            except InvalidRequest as exc:
                bad += exc.violations
        try:
            parse_input(DossierInput, item, f"products[{i}]")
        except InvalidRequest as exc:
            bad += exc.violations
        out.append(item)
    if bad:
        raise InvalidRequest(bad)
    return out


def _all(*reads: Callable[[], Any]) -> list[Any]:
    """Each read's result; the violations of all of them listed together."""
    results: list[Any] = []
    bad: list[FieldViolation] = []
    for read in reads:
        try:
            results.append(read())
        except InvalidRequest as exc:
            bad += exc.violations
    if bad:
        raise InvalidRequest(bad)
    return results


class Councils:
    """Council sessions and recognitions over one council book (its lock serialises check-then-append)."""

    def __init__(self, book: CouncilBook) -> None:
        self.book = book

    def open_session(
        self,
        caller: Identity | None,
        *,
        level: str | None,
        sheet: str,
        members: list[dict[str, Any]],
        products: list[dict[str, Any]],
        regime: str = "",
        opened_on: str = "",
        session_id: str = "",
        request_id: str = "",
    ) -> SessionState:
        """Open a session; the opener chairs it or keeps its minutes (or is an admin)."""
        who = known(caller)
        level, members, products = _all(
            lambda: level_of(level), lambda: members_of(members), lambda: dossiers_of(products)
        )
        day = names.day(opened_on, "opened_on", date.today())
        assert day is not None
        if session_id and not _SESSION_ID.match(session_id):
            raise names.bad(
                "session_id",
                "use 1-64 letters, digits, '.', '_' or '-'",
                "Mã phiên chỉ gồm 1-64 chữ cái, chữ số, '.', '_' hoặc '-'",
            )
        name = acting_as(who, "", "opened_by")
        if not who.dev and "admin" not in who.roles and (problem := opener_problem(members, name)):
            raise problem
        values = {
            "level": level,
            "regime": regime,
            "sheet": sheet,
            "members": members,
            "products": products,
            "opened_on": opened_on,
            "session_id": session_id,
        }
        rhash = fingerprint("OpenCouncilSession", name, values)
        return self.book.open_session(
            level=level,
            regime=regime or None,
            sheet=names.sheet_reference(names.required(sheet, "sheet")),
            members=members,
            products=products,
            opened_on=day,
            actor=name,
            request_id=request_id or None,
            session_id=session_id or None,
            request_hash=rhash,
        )

    def session(self, name: str, field: str = "name") -> SessionState:
        """A session (``councils/{id}``) and where each product stands."""
        return self.book.session(names.session_id(name, field))

    def recognitions_of(self, product_id: str | None = None) -> list[RecognitionState]:
        """Every recognition (of one product, or all), oldest first."""
        return self.book.recognitions(product_id)

    def submit(
        self,
        caller: Identity | None,
        *,
        session: str,
        product_id: str,
        judgements: dict[str, dict[str, Any]],
        member: str = "",
        request_id: str = "",
    ) -> Event:
        """Score and record the caller's own sheet for one product (the session's secretary may enter one on a
        member's behalf, naming ``member``)."""
        who = known(caller)
        sid = names.session_id(session)
        given = member
        # A member submits their own sheet; the session's secretary may enter one on a member's behalf.
        member = given.strip() if not who.dev and given.strip() else ""
        actor = who.name if member else acting_as(who, given, "member")
        member = member or actor
        if not judgements:
            raise names.bad(
                "judgements", "give the member's judgements", "Cần nhập các lựa chọn chấm điểm của thành viên"
            )
        pid = names.required(product_id, "product_id")
        values = {"session": session, "product_id": product_id, "judgements": judgements, "member": given}
        rhash = fingerprint("SubmitMemberSheet", actor, values)
        event = self.book.submit(
            sid,
            pid,
            member,
            judgements,
            actor=actor,
            request_id=request_id or None,
            request_hash=rhash,
            over=who.oversees(),
        )
        if event.payload.get("member") != member:
            raise CouncilError(
                "already_exists",
                f"request_id {request_id} holds another member's sheet",
                f"Mã yêu cầu {request_id} thuộc phiếu của thành viên khác",
            )
        return event

    def close(
        self,
        caller: Identity | None,
        *,
        session: str,
        product_id: str,
        closed_by: str = "",
        decided_on: str = "",
        request_id: str = "",
    ) -> Result:
        """Conclude one product (the session's chair or secretary, or an overseer of its level)."""
        who = known(caller)
        sid = names.session_id(session)
        by = acting_as(who, closed_by, "closed_by")
        pid = names.required(product_id, "product_id")
        day = names.day(decided_on, "decided_on")
        values = {"session": session, "product_id": product_id, "closed_by": closed_by, "decided_on": decided_on}
        rhash = fingerprint("CloseProduct", by, values)
        decision = self.book.close(
            sid,
            pid,
            by=by,
            request_id=request_id or None,
            decided_on=day,
            request_hash=rhash,
            over=who.oversees(),
        )
        return Result(decision.event, self.book.recognitions(pid))  # flagged duplicate by the book on a retry

    def result(self, session: str, product_id: str) -> Result:
        """The latest result of one product in a session."""
        sid, pid = names.session_id(session), names.required(product_id, "product_id")
        st = self.book.session(sid).products.get(pid)
        if st is None or not st.results:
            raise CouncilError(
                "not_found",
                f"no result for {pid} in session {sid}",
                f"Chưa có kết quả cho sản phẩm {pid} trong phiên hội đồng {sid}",
            )
        return Result(st.results[-1], self.book.recognitions(pid))

    def recognitions(
        self, product_id: str = "", state: str = "", today: str = "", page_size: int = 0, page_token: str = ""
    ) -> Page[tuple[RecognitionState, str]]:
        """Recognitions with their state on ``today`` (an active one past its end counts as expired), oldest
        first; ``state`` (active, expired, revoked, superseded) filters."""
        day = names.day(today, "today", date.today())
        assert day is not None
        items = [(r, r.state_on(day)) for r in self.book.recognitions(product_id or None)]
        if state:
            items = [item for item in items if item[1] == state]
        return page(items, page_size, page_token, f"{product_id}|{state}|{day}")

    def expiring(
        self, within_days: int, today: str = "", page_size: int = 0, page_token: str = ""
    ) -> Page[tuple[RecognitionState, str]]:
        """Active recognitions ending within ``within_days`` of ``today`` (due for re-evaluation)."""
        names.days(within_days, "within_days")
        day = names.day(today, "today", date.today())
        assert day is not None
        items = [(r, r.state_on(day)) for r in self.book.expiring(within_days, day)]
        return page(items, page_size, page_token, f"{within_days}|{day}")

    def revoke(self, caller: Identity | None, *, name: str, reason: str, request_id: str = "") -> RecognitionState:
        """Revoke an active recognition (``recognitions/{n}``) with a reason (the issuing session's officers)."""
        who = known(caller)
        seq = names.numbered(name, "recognitions", "name")
        reason = names.text(reason, "reason")
        by = acting_as(who, "", "by")
        rhash = fingerprint("RevokeRecognition", by, {"name": name, "reason": reason})
        event = self.book.revoke(
            seq, reason, by=by, request_id=request_id or None, request_hash=rhash, over=who.oversees()
        )
        target = event.payload["recognition"]
        return next(r for r in self.book.recognitions(event.subject) if r.seq == target)
