"""Recognitions rebuilt from the audit trail: status, expiry (listed, observed once) and revocation.

A recognition is a ``recognition_issued`` event; it ends when a ``recognition_expired`` or
``recognition_revoked`` event names it, or when a later recognition ``renews`` it (superseded).
Revoking and observing an expiry are conditional appends on the product: a recognition ends once.
Only the officers of the session that issued it (or an overseer of its level) revoke it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any, Literal, TypeVar

from scoring_core.audit.events import Event, EventKind, NewEvent, new_request_id
from scoring_core.audit.store import AuditStore, RequestIdReused, Stale, SubjectAt
from scoring_core.councils.council import CouncilError, SessionSpec

T = TypeVar("T")
#: How often a decision is read and made again when its subject changed meanwhile.
ATTEMPTS = 20


def decided(code: str, en: str, vi: str, event: Event) -> CouncilError:
    """A refusal because ``event`` already decided the matter (ErrorInfo names the event)."""
    error = CouncilError(code, en, vi, "ALREADY_DECIDED")
    error.metadata = {"event": f"events/{event.seq}", "kind": event.kind}
    return error


def serialised(attempt: Callable[[], T]) -> T:
    """Run a read-decide-append ``attempt``; when its subject changed before the append, read and decide again."""
    for n in range(ATTEMPTS):
        try:
            return attempt()
        except Stale:
            if n == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


RecognitionStatus = Literal["active", "expired", "revoked", "superseded"]


def locked(method: Callable[..., T]) -> Callable[..., T]:
    """Run a check-then-append method under the book's lock."""

    @functools.wraps(method)
    def run(self: RecognitionBook, *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return method(self, *args, **kwargs)

    return run


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
    status: RecognitionStatus
    ended_by: int | None = None

    def state_on(self, day: date) -> RecognitionStatus:
        """Its status on ``day``: an active recognition past its end counts as expired (not yet recorded)."""
        return "expired" if self.status == "active" and self.valid_until < day else self.status


class RecognitionBook:
    """Recognitions over the audit store; check-then-append under ``lock`` (shared with the council book)."""

    def __init__(self, store: AuditStore) -> None:
        self.store = store
        # Check-then-append is serialised within the process (between processes: see council_book).
        self.lock = threading.RLock()

    @staticmethod
    def check_same(done: Event, request_hash: str | None) -> None:
        """Refuse a request_id already stored for a different request (REQUEST_ID_REUSED)."""
        if request_hash and done.request_hash and done.request_hash != request_hash:
            raise RequestIdReused(done.request_id, done)

    def prior(self, request_id: str | None, kinds: tuple[str, ...], request_hash: str | None) -> Event | None:
        """The event a retried request stored first (None: a new request); another request's: REQUEST_ID_REUSED."""
        done = self.store.by_request_id(request_id) if request_id else None
        if done is None:
            return None
        if done.kind not in kinds:
            raise RequestIdReused(done.request_id, done)
        self.check_same(done, request_hash)
        return done

    def recognitions(self, product_id: str | None = None) -> list[RecognitionState]:
        """Every recognition (of one product or all) with its status, oldest first."""
        issued = list(self.store.events(kind=EventKind.RECOGNITION_ISSUED, subject=product_id))
        endings: list[tuple[int, int, str]] = []  # (event seq, recognition seq, status)
        for kind, status in ((EventKind.RECOGNITION_EXPIRED, "expired"), (EventKind.RECOGNITION_REVOKED, "revoked")):
            endings += [
                (e.seq, e.payload["recognition"], status) for e in self.store.events(kind=kind, subject=product_id)
            ]
        endings += [(e.seq, e.payload["renews"], "superseded") for e in issued if e.payload.get("renews")]
        ended: dict[int, tuple[str, int]] = {}
        for seq, target, status in sorted(endings):
            ended.setdefault(target, (status, seq))
        out = []
        for e in issued:
            p = e.payload
            status, by = ended.get(e.seq, ("active", None))
            out.append(
                RecognitionState(
                    e.seq,
                    p["product_id"],
                    p["star"],
                    p["level"],
                    date.fromisoformat(p["valid_from"]),
                    date.fromisoformat(p["valid_until"]),
                    p.get("session"),
                    status,  # type: ignore[arg-type]  # one of RecognitionStatus, by construction above
                    by,
                )
            )
        return out

    def expiring(self, within_days: int, today: date) -> list[RecognitionState]:
        """Active recognitions that end within ``within_days`` of ``today`` (or already ended, unobserved)."""
        limit = today + timedelta(days=within_days)
        return sorted(
            (r for r in self.recognitions() if r.status == "active" and r.valid_until <= limit),
            key=lambda r: (r.valid_until, r.seq),
        )

    @locked
    def observe_expiries(self, today: date, actor: str = "ocop-server") -> list[Event]:
        """Record ``recognition_expired`` for every active recognition past its end (once each)."""
        out = []
        for r in self.recognitions():
            if r.status == "active" and r.valid_until < today:
                event = serialised(partial(self._expire, r.seq, r.product_id, today, actor))
                if event is not None:
                    out.append(event)
        return out

    def _expire(self, seq: int, product_id: str, today: date, actor: str) -> Event | None:
        at = self.store.last_on(product_id)
        target = next((r for r in self.recognitions(product_id) if r.seq == seq), None)
        if target is None or target.status != "active":
            return None  # ended meanwhile (revoked, superseded, or observed by another process)
        return self.store.append_all(
            [
                NewEvent.make(
                    EventKind.RECOGNITION_EXPIRED,
                    {
                        "product_id": product_id,
                        "recognition": seq,
                        "valid_until": target.valid_until,
                        "observed_on": today,
                    },
                    actor=actor,
                    request_id=f"recognition-expired:{seq}",
                    subject=product_id,
                )
            ],
            expect=SubjectAt(product_id, at.seq if at else 0),
        )[0]

    def check_revoker(self, target: RecognitionState, by: str, over: frozenset[str]) -> None:
        """Only the chair or secretary of the session that issued the recognition, or an overseer of its level."""
        if target.level in over:
            return
        opened = (
            next(self.store.events(subject=f"council/{target.session}", kind=EventKind.COUNCIL_OPENED), None)
            if target.session
            else None
        )
        spec = SessionSpec.model_validate(opened.payload) if opened else None
        member = spec.member(by) if spec else None
        if member is None or member.role not in ("chair", "secretary"):
            raise CouncilError(
                "permission_denied",
                f"{by} may not revoke recognition {target.seq}: only the chair or secretary of session "
                f"{target.session} (or an overseer of the {target.level} level) may",
                f"{by} không có quyền thu hồi quyết định công nhận {target.seq}: chỉ chủ tịch hoặc thư ký phiên "
                f"hội đồng {target.session} (hoặc người giám sát {target.level}) được thu hồi",
            )

    @locked
    def revoke(
        self,
        recognition_seq: int,
        reason: str,
        *,
        by: str,
        request_id: str | None = None,
        request_hash: str | None = None,
        over: frozenset[str] = frozenset(),
    ) -> Event:
        """Record ``recognition_revoked`` with the reason, once."""
        if done := self.prior(request_id, (EventKind.RECOGNITION_REVOKED,), request_hash):
            return done.as_duplicate()
        rid = request_id or new_request_id()
        issued = self.store.get(recognition_seq)
        if issued is None or issued.kind != EventKind.RECOGNITION_ISSUED or not issued.subject:
            raise CouncilError(
                "not_found", f"no recognition {recognition_seq}", f"Không có quyết định công nhận {recognition_seq}"
            )
        product_id = issued.subject

        def attempt() -> Event:
            at = self.store.last_on(product_id)
            target = next(r for r in self.recognitions(product_id) if r.seq == recognition_seq)
            self.check_revoker(target, by, over)
            if target.status != "active":
                ended = self.store.get(target.ended_by) if target.ended_by else None
                if ended is None:
                    raise CouncilError(
                        "failed_precondition",
                        f"recognition {recognition_seq} is not active",
                        f"Quyết định công nhận {recognition_seq} không còn hiệu lực",
                    )
                raise decided(
                    "failed_precondition",
                    f"recognition {recognition_seq} is not active: {target.status} by event {ended.seq}",
                    f"Quyết định công nhận {recognition_seq} không còn hiệu lực (sự kiện #{ended.seq})",
                    ended,
                )
            event = NewEvent.make(
                EventKind.RECOGNITION_REVOKED,
                {"product_id": product_id, "recognition": recognition_seq, "reason": reason, "by": by},
                actor=by,
                request_id=rid,
                subject=product_id,
                request_hash=request_hash,
            )
            return self.store.append_all([event], expect=SubjectAt(product_id, at.seq if at else 0))[0]

        return serialised(attempt)
