"""Recognitions rebuilt from the audit trail: status, expiry (listed, observed once) and revocation.

A recognition is a ``recognition_issued`` event; it ends when a ``recognition_expired`` or
``recognition_revoked`` event names it, or when a later recognition ``renews`` it (superseded).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from scoring_core.audit.events import Event, EventKind
from scoring_core.audit.store import AuditStore
from scoring_core.councils.council import CouncilError

T = TypeVar("T")
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


class RecognitionBook:
    """Recognitions over the audit store; check-then-append under ``lock`` (shared with the council book)."""

    def __init__(self, store: AuditStore) -> None:
        self.store = store
        # Check-then-append is serialised within the process (between processes: see council_book).
        self.lock = threading.RLock()

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
        return [
            self.store.append(
                EventKind.RECOGNITION_EXPIRED,
                {"product_id": r.product_id, "recognition": r.seq, "valid_until": r.valid_until, "observed_on": today},
                actor=actor,
                request_id=f"recognition-expired:{r.seq}",
                subject=r.product_id,
            )
            for r in self.recognitions()
            if r.status == "active" and r.valid_until < today
        ]

    @locked
    def revoke(self, recognition_seq: int, reason: str, *, by: str, request_id: str | None = None) -> Event:
        """Record ``recognition_revoked`` with the reason."""
        if request_id and (done := self.store.by_request_id(request_id)):
            return done
        target = next((r for r in self.recognitions() if r.seq == recognition_seq), None)
        if target is None:
            raise CouncilError(
                "not_found", f"no recognition {recognition_seq}", f"Không có quyết định công nhận {recognition_seq}"
            )
        if target.status != "active":
            raise CouncilError(
                "failed_precondition",
                f"recognition {recognition_seq} is not active",
                f"Quyết định công nhận {recognition_seq} không còn hiệu lực",
            )
        return self.store.append(
            EventKind.RECOGNITION_REVOKED,
            {"product_id": target.product_id, "recognition": recognition_seq, "reason": reason, "by": by},
            actor=by,
            request_id=request_id,
            subject=target.product_id,
        )
