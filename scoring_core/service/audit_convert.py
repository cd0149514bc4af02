"""Audit trail, events, checkpoints, verification and replay <-> ocop.v1 audit messages."""

from __future__ import annotations

import json
from typing import Any, cast

from scoring_core.api.ocop.v1 import audit_pb2
from scoring_core.app import names
from scoring_core.audit.checkpoints import Checkpoint
from scoring_core.audit.events import Event
from scoring_core.audit.verify import VerifyReport
from scoring_core.councils.contests import TrailEntry
from scoring_core.scoring.replay import Difference
from scoring_core.service.evaluations import text

#: Refs that name events (``events/{seq}``), contests and sessions.
_REF = {
    "revision_of": "events",
    "target": "events",
    "revision": "events",
    "recognition": "recognitions",
    "result": "events",
    "contest": "contests",
    "session": "councils",
}


def kind_value(kind: str) -> audit_pb2.AuditEventKind:
    """The AuditEventKind of a stored kind (UNSPECIFIED for a kind this API does not know)."""
    known = audit_pb2.AuditEventKind.DESCRIPTOR.values_by_name
    return cast(audit_pb2.AuditEventKind, known[kind.upper()].number if kind.upper() in known else 0)


def kind_name(value: int, field: str = "kind") -> str | None:
    """The stored kind of an AuditEventKind (None for UNSPECIFIED); INVALID_ARGUMENT outside the enum."""
    if value not in audit_pb2.AuditEventKind.values():
        raise names.bad(field, f"unknown event kind {value}", f"Không có loại sự kiện {value}")
    return audit_pb2.AuditEventKind.Name(value).lower() if value else None


def trail_entry(entry: TrailEntry) -> audit_pb2.TrailEntry:
    """One trail entry, its links as resource names."""
    refs = {k: f"{_REF.get(k, 'events')}/{v}" for k, v in entry.refs.items()}
    return audit_pb2.TrailEntry(
        event=names.event_name(entry.seq),
        seq=entry.seq,
        time=entry.time,
        kind=kind_value(entry.kind),
        actor=entry.actor,
        text=text(entry.text_vi, entry.text_en),
        refs=refs,
    )


def event_message(event: Event) -> audit_pb2.AuditEvent:
    """One stored event with its bytes and hashes."""
    return audit_pb2.AuditEvent(
        name=names.event_name(event.seq),
        seq=event.seq,
        kind=kind_value(event.kind),
        time=event.time,
        actor=event.actor,
        request_id=event.request_id,
        subject=event.subject or "",
        prev_hash=event.prev_hash,
        hash=event.hash,
        body=event.body,
    )


def checkpoint_message(cp: Checkpoint) -> audit_pb2.Checkpoint:
    """A signed checkpoint."""
    return audit_pb2.Checkpoint(
        size=cp.size,
        head_hash=cp.head_hash,
        time=cp.time,
        key_id=cp.key_id,
        signature=cp.signature,
        public_key=cp.public_key.decode("ascii"),
    )


def verify_message(report: VerifyReport) -> audit_pb2.VerifyAuditTrailResponse:
    """The verification report."""
    msg = audit_pb2.VerifyAuditTrailResponse(
        ok=report.ok,
        size=report.size,
        head_hash=report.head_hash,
        first_bad_event=names.event_name(report.first_bad),
        first_bad_seq=report.first_bad or 0,
        checkpoints_checked=report.checkpoints_checked,
        checkpoint_problems=report.checkpoint_problems,
    )
    if not report.ok:
        msg.problem.CopyFrom(text(report.problem_vi, report.problem_en))
    return msg


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def differences(items: list[Difference]) -> list[audit_pb2.ReplayDifference]:
    """Replay differences, values as JSON."""
    return [audit_pb2.ReplayDifference(path=d.path, stored=_json(d.stored), replayed=_json(d.replayed)) for d in items]
