"""Audit trail, events, checkpoints, verification and replay <-> ocop.v1 audit messages."""

from __future__ import annotations

import json
from typing import Any, cast

from scoring_core.api.ocop.v1 import audit_pb2
from scoring_core.audit.checkpoints import Checkpoint, import_checkpoints, key_id
from scoring_core.audit.events import Event
from scoring_core.audit.verify import VerifyReport
from scoring_core.councils.contests import TrailEntry
from scoring_core.errors import FieldViolation, InvalidRequest
from scoring_core.scoring.replay import Difference
from scoring_core.service import names
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


def kind_name(value: int) -> str | None:
    """The stored kind of an AuditEventKind (None for UNSPECIFIED)."""
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


def checkpoints_of(request: audit_pb2.VerifyAuditTrailRequest) -> list[Checkpoint]:
    """The checkpoints a caller gives, as messages and as exported JSON."""
    out = [
        Checkpoint(c.size, c.head_hash, c.time, c.key_id, c.signature, c.public_key.encode("ascii"))
        for c in request.checkpoints
    ]
    if request.checkpoints_json:
        try:
            out += import_checkpoints(request.checkpoints_json)
        except (ValueError, KeyError, TypeError) as exc:
            raise names.bad(
                "checkpoints_json",
                f"not exported checkpoints: {exc}",
                "Không phải tệp điểm kiểm tra đã xuất (ocop audit checkpoint --export)",
            ) from None
    return out


def trusted_keys(request: audit_pb2.VerifyAuditTrailRequest) -> list[bytes]:
    """The trusted public keys (PEM), each checked."""
    keys, bad = [], []
    for i, pem in enumerate(request.trusted_public_keys):
        try:
            key_id(pem.encode("ascii"))
            keys.append(pem.encode("ascii"))
        except (ValueError, TypeError, UnicodeEncodeError):
            bad.append(
                FieldViolation(
                    f"trusted_public_keys[{i}]", "not a PEM public key", "Không phải khóa công khai dạng PEM"
                )
            )
    if bad:
        raise InvalidRequest(bad)
    return keys


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
