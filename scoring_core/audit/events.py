"""Audit events: their kinds, the canonical bytes that are stored, and the hash chain over them.

What is stored (and hashed) for one event is the canonical JSON of its whole envelope::

    {"v": 1, "seq": 7, "kind": "evaluation_recorded", "time": "...", "actor": "...",
     "request_id": "...", "subject": "vn-2026-000123", "payload": {...}}

An event written for a client request may also carry ``"request_hash"`` (sha256 of the canonical
request), so a request_id reused for a different request is told apart from a retry.

Canonical = sorted keys, no whitespace, UTF-8 (not ASCII-escaped), decimals as strings, dates
and times ISO 8601, no NaN.  ``hash = sha256(prev_hash (ASCII hex) || stored bytes)``; the
first event links to ``GENESIS``.  The columns next to the stored bytes (kind, time, ...) are
copies for indexing; ``verify`` checks they agree with the bytes.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from pydantic import BaseModel

ENVELOPE_VERSION = 1
GENESIS = "0" * 64


class EventKind(StrEnum):
    """Every kind of audit event."""

    EVALUATION_RECORDED = "evaluation_recorded"
    COUNCIL_OPENED = "council_opened"
    MEMBER_SHEET_SUBMITTED = "member_sheet_submitted"
    COUNCIL_RESULT = "council_result"
    CONTEST_FILED = "contest_filed"
    CONTEST_RESOLVED = "contest_resolved"
    RECOGNITION_ISSUED = "recognition_issued"
    RECOGNITION_EXPIRED = "recognition_expired"
    RECOGNITION_REVOKED = "recognition_revoked"
    PLUGIN_SEEN = "plugin_seen"


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, StrEnum):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} in an audit event")


def canonical_bytes(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no whitespace, UTF-8, decimals as strings, dates ISO."""
    return json.dumps(
        value, default=_default, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def plain(value: Any) -> Any:
    """The JSON value a payload becomes once stored (what readers get back)."""
    return json.loads(canonical_bytes(value))


#: Kinds filed under their council session as well as their subject (the product).
SESSION_KINDS = frozenset({"member_sheet_submitted", "council_result", "recognition_issued"})


def topics_of(kind: str, body: bytes) -> list[str]:
    """The topics an event is filed under besides its subject: ``council/<session>`` for a session's events."""
    if kind not in SESSION_KINDS:
        return []
    session = json.loads(body)["payload"].get("session")
    return [f"council/{session}"] if isinstance(session, str) and session else []


def request_hash(value: Any) -> str:
    """sha256 (hex) of the canonical JSON of a request, as kept beside its request_id."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def chain_hash(prev_hash: str, stored: bytes) -> str:
    """The hash of an event: sha256 over the previous hash (ASCII hex) and the stored bytes."""
    return hashlib.sha256(prev_hash.encode("ascii") + stored).hexdigest()


def now_iso() -> str:
    """The current UTC time as stored in events (microseconds, ``+00:00``)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_request_id() -> str:
    """A fresh request id for events no client asked for by id."""
    return "srv-" + uuid.uuid4().hex


@dataclass(frozen=True)
class NewEvent:
    """An event before the writer gives it a place in the chain (payload already canonical)."""

    kind: str
    actor: str
    request_id: str
    subject: str | None
    payload: bytes
    request_hash: str | None = None

    @classmethod
    def make(
        cls,
        kind: str,
        payload: Any,
        *,
        actor: str,
        request_id: str | None = None,
        subject: str | None = None,
        request_hash: str | None = None,
    ) -> NewEvent:
        """Validate the kind and encode the payload now, in the caller's thread."""
        if kind not in EventKind.__members__.values():
            raise ValueError(f"unknown event kind {kind!r}")
        if not actor:
            raise ValueError("an audit event needs an actor")
        return cls(str(kind), actor, request_id or new_request_id(), subject, canonical_bytes(payload), request_hash)

    def seal(self, seq: int, prev_hash: str, time: str) -> Event:
        """Place the event at ``seq`` after ``prev_hash``: the stored bytes and the hash."""
        envelope: dict[str, Any] = {
            "v": ENVELOPE_VERSION,
            "seq": seq,
            "kind": self.kind,
            "time": time,
            "actor": self.actor,
            "request_id": self.request_id,
            "subject": self.subject,
            "payload": None,
        }
        if self.request_hash:
            envelope["request_hash"] = self.request_hash
        head = canonical_bytes(envelope)
        # Splice the already-canonical payload in place of null (keys sort: "payload" < "request_id").
        marker = b'"payload":null'
        assert head.count(marker) == 1
        body = head.replace(marker, b'"payload":' + self.payload)
        return Event(
            seq,
            self.kind,
            time,
            self.actor,
            self.request_id,
            self.subject,
            prev_hash,
            chain_hash(prev_hash, body),
            body,
        )


@dataclass(frozen=True)
class Event:
    """One stored event: its place in the chain, who and why, and the stored bytes."""

    seq: int
    kind: str
    time: str
    actor: str
    request_id: str
    subject: str | None
    prev_hash: str
    hash: str
    body: bytes = field(repr=False)
    #: True when the append found this request_id already stored and wrote nothing.
    duplicate: bool = field(default=False, compare=False)

    @cached_property
    def envelope(self) -> dict[str, Any]:
        """The stored bytes, parsed once (shared: treat as read-only)."""
        return json.loads(self.body)

    @property
    def request_hash(self) -> str | None:
        """The hash of the request that wrote this event, when the writer gave one."""
        return self.envelope.get("request_hash")

    @property
    def payload(self) -> dict[str, Any]:
        """The payload, parsed from the stored bytes (shared: treat as read-only)."""
        return self.envelope["payload"]

    def as_duplicate(self) -> Event:
        """The same event, flagged as returned for a repeated request_id."""
        return Event(
            self.seq,
            self.kind,
            self.time,
            self.actor,
            self.request_id,
            self.subject,
            self.prev_hash,
            self.hash,
            self.body,
            duplicate=True,
        )

    def to_json(self) -> dict[str, Any]:
        """The event as plain JSON (for export and the API)."""
        return {
            "seq": self.seq,
            "kind": self.kind,
            "time": self.time,
            "actor": self.actor,
            "request_id": self.request_id,
            "subject": self.subject,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }
