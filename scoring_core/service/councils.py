"""CouncilService: sessions, member sheets, results and recognitions over the council book.

The interceptor has checked the caller's deployment role; here the council roles are checked
per session by name: an opener chairs or keeps the minutes of the session it opens (or is an
admin), a member submits their own sheet (the session's secretary may enter one on a member's
behalf), only the session's chair or secretary closes, only the officers of the issuing session
revoke; an overseer (a higher-level role, per level) may act as an officer.  A request_id
answers its first request again; used for a different request it is refused (REQUEST_ID_REUSED).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

import grpc
from google.protobuf.message import Message

from scoring_core.api.ocop.v1 import councils_pb2, councils_pb2_grpc
from scoring_core.audit.events import EventKind
from scoring_core.audit.store import RequestIdReused
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.council import CouncilError
from scoring_core.service import names
from scoring_core.service.auth import WRITES, acting_as, denied, require
from scoring_core.service.council_convert import (
    judgements_of,
    recognition_message,
    result_message,
    session_inputs,
    session_message,
    sheet_message,
)
from scoring_core.service.errors import abort
from scoring_core.service.pagination import page
from scoring_core.service.requests import sheet_reference

SERVICE = "/ocop.v1.CouncilService/"
_SESSION_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def fail(context: grpc.ServicerContext, exc: BaseException) -> None:
    """End the call with the status of ``exc``; a council's own refusal is logged as a denial."""
    if isinstance(exc, CouncilError) and exc.code == "permission_denied":
        denied("permission_denied", exc.message_en, exc.message_vi)
    abort(context, exc)


def fingerprint(request: Message, actor: str) -> str:
    """The hash kept beside a request_id: the method's message (request_id cleared) and who sends it."""
    copy = type(request)()
    copy.CopyFrom(request)
    copy.ClearField("request_id")
    digest = hashlib.sha256(type(request).DESCRIPTOR.full_name.encode() + b"\0" + actor.encode() + b"\0")
    digest.update(copy.SerializeToString(deterministic=True))
    return digest.hexdigest()


def prior(book: CouncilBook, request_id: str, kind: str | tuple[str, ...], request_hash: str | None = None) -> bool:
    """True when ``request_id`` is already recorded for this request; used for another one: REQUEST_ID_REUSED."""
    done = book.store.by_request_id(request_id) if request_id else None
    if done is None:
        return False
    kinds = (kind,) if isinstance(kind, str) else kind
    if done.kind not in kinds:
        raise CouncilError(
            "failed_precondition",
            f"request_id {request_id} was used for a {done.kind} event",
            f"Mã yêu cầu {request_id} đã được dùng cho một sự kiện khác ({done.kind})",
            "REQUEST_ID_REUSED",
        )
    if request_hash and done.request_hash and done.request_hash != request_hash:
        raise RequestIdReused(request_id, done)
    return True


class CouncilServicer(councils_pb2_grpc.CouncilServiceServicer):
    """One council book per server (its lock serialises check-then-append in this process)."""

    def __init__(self, book: CouncilBook) -> None:
        self.book = book

    def _session(self, sid: str) -> councils_pb2.CouncilSession:
        return session_message(self.book.session(sid), self.book.recognitions(), self.book.store)

    def OpenCouncilSession(self, request: councils_pb2.OpenCouncilSessionRequest, context: grpc.ServicerContext):
        """Open a session; the opener chairs it or keeps its minutes (or is an admin)."""
        try:
            who = require(WRITES[SERVICE + "OpenCouncilSession"])
            level, members, products = session_inputs(request)
            opened_on = names.day(request.opened_on, "opened_on", date.today())
            if request.session_id and not _SESSION_ID.match(request.session_id):
                raise names.bad(
                    "session_id",
                    "use 1-64 letters, digits, '.', '_' or '-'",
                    "Mã phiên chỉ gồm 1-64 chữ cái, chữ số, '.', '_' hoặc '-'",
                )
            name = acting_as(who, "", "opened_by")
            officers = {m["name"] for m in members if m["role"] in ("chair", "secretary")}
            if not who.dev and "admin" not in who.roles and name not in officers:
                raise CouncilError(
                    "permission_denied",
                    f"{name} is not the chair or secretary of the session",
                    f"{name} không phải chủ tịch hoặc thư ký của phiên hội đồng này",
                )
            rhash = fingerprint(request, name)
            prior(self.book, request.request_id, EventKind.COUNCIL_OPENED, rhash)
            state = self.book.open_session(
                level=level,
                regime=request.regime or None,
                sheet=sheet_reference(names.required(request.sheet, "sheet")),
                members=members,
                products=products,
                opened_on=opened_on,
                actor=name,
                request_id=request.request_id or None,
                session_id=request.session_id or None,
                request_hash=rhash,
            )
            return session_message(state, self.book.recognitions(), self.book.store)
        except Exception as exc:
            fail(context, exc)

    def GetCouncilSession(self, request: councils_pb2.GetCouncilSessionRequest, context: grpc.ServicerContext):
        """A session and where each product stands."""
        try:
            return self._session(names.session_id(request.name, "name"))
        except Exception as exc:
            fail(context, exc)

    def SubmitMemberSheet(self, request: councils_pb2.SubmitMemberSheetRequest, context: grpc.ServicerContext):
        """Record the caller's own sheet for one product."""
        try:
            who = require(WRITES[SERVICE + "SubmitMemberSheet"])
            sid = names.session_id(request.session)
            # A member submits their own sheet; the session's secretary may enter one on a member's behalf.
            member = request.member.strip() if not who.dev and request.member.strip() else ""
            actor = who.name if member else acting_as(who, request.member, "member")
            member = member or actor
            judgements = judgements_of(request)
            pid = names.required(request.product_id, "product_id")
            rhash = fingerprint(request, actor)
            already = prior(self.book, request.request_id, EventKind.MEMBER_SHEET_SUBMITTED, rhash)
            event = self.book.submit(
                sid,
                pid,
                member,
                judgements,
                actor=actor,
                request_id=request.request_id or None,
                request_hash=rhash,
                over=who.oversees(),
            )
            event = event.as_duplicate() if already else event
            if event.payload.get("member") != member:
                raise CouncilError(
                    "already_exists",
                    f"request_id {request.request_id} holds another member's sheet",
                    f"Mã yêu cầu {request.request_id} thuộc phiếu của thành viên khác",
                )
            return sheet_message(event, request.request_id)
        except Exception as exc:
            fail(context, exc)

    def CloseProduct(self, request: councils_pb2.CloseProductRequest, context: grpc.ServicerContext):
        """Conclude one product (the session's chair or secretary)."""
        try:
            who = require(WRITES[SERVICE + "CloseProduct"])
            sid = names.session_id(request.session)
            by = acting_as(who, request.closed_by, "closed_by")
            pid = names.required(request.product_id, "product_id")
            decided_on = names.day(request.decided_on, "decided_on")
            rhash = fingerprint(request, by)
            done = prior(self.book, request.request_id, EventKind.COUNCIL_RESULT, rhash)
            decision = self.book.close(
                sid,
                pid,
                by=by,
                request_id=request.request_id or None,
                decided_on=decided_on,
                request_hash=rhash,
                over=who.oversees(),
            )
            event = decision.event.as_duplicate() if done else decision.event
            return result_message(event, self.book.recognitions(pid), self.book.store)
        except Exception as exc:
            fail(context, exc)

    def GetCouncilResult(self, request: councils_pb2.GetCouncilResultRequest, context: grpc.ServicerContext):
        """The latest result of one product in a session."""
        try:
            sid, pid = names.session_id(request.session), names.required(request.product_id, "product_id")
            state = self.book.session(sid)
            st = state.products.get(pid)
            if st is None or not st.results:
                raise CouncilError(
                    "not_found",
                    f"no result for {pid} in session {sid}",
                    f"Chưa có kết quả cho sản phẩm {pid} trong phiên hội đồng {sid}",
                )
            return result_message(st.results[-1], self.book.recognitions(pid), self.book.store)
        except Exception as exc:
            fail(context, exc)

    def ListRecognitions(self, request: councils_pb2.ListRecognitionsRequest, context: grpc.ServicerContext):
        """Recognitions, oldest first."""
        try:
            today = names.day(request.today, "today", date.today())
            items = [recognition_message(r, today) for r in self.book.recognitions(request.product_id or None)]
            if request.state:
                items = [r for r in items if r.state == request.state]
            query = f"{request.product_id}|{request.state}|{today}"
            found, token = page(items, request.page_size, request.page_token, query)
            return councils_pb2.ListRecognitionsResponse(recognitions=found, next_page_token=token)
        except Exception as exc:
            fail(context, exc)

    def ListExpiringRecognitions(
        self, request: councils_pb2.ListExpiringRecognitionsRequest, context: grpc.ServicerContext
    ):
        """Active recognitions ending within ``within_days`` (due for re-evaluation)."""
        try:
            names.days(request.within_days, "within_days")
            today = names.day(request.today, "today", date.today())
            assert today is not None
            items = [recognition_message(r, today) for r in self.book.expiring(request.within_days, today)]
            found, token = page(items, request.page_size, request.page_token, f"{request.within_days}|{today}")
            return councils_pb2.ListExpiringRecognitionsResponse(recognitions=found, next_page_token=token)
        except Exception as exc:
            fail(context, exc)

    def RevokeRecognition(self, request: councils_pb2.RevokeRecognitionRequest, context: grpc.ServicerContext):
        """Revoke an active recognition with a reason."""
        try:
            who = require(WRITES[SERVICE + "RevokeRecognition"])
            seq = names.numbered(request.name, "recognitions", "name")
            reason = names.text(request.reason, "reason")
            by = acting_as(who, "", "by")
            rhash = fingerprint(request, by)
            prior(self.book, request.request_id, EventKind.RECOGNITION_REVOKED, rhash)
            event = self.book.revoke(
                seq, reason, by=by, request_id=request.request_id or None, request_hash=rhash, over=who.oversees()
            )
            target = event.payload["recognition"]
            state = next(r for r in self.book.recognitions(event.subject) if r.seq == target)
            return recognition_message(state)
        except Exception as exc:
            fail(context, exc)
