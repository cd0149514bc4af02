"""Request ids: a retried request answers with what its first attempt recorded; a reused one is refused.

Beside each request_id the trail keeps a fingerprint of the request: the action, the caller's
name and the request's plain values (canonical JSON, request_id left out), so one logical
request has one fingerprint whichever transport carried it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from scoring_core.audit.events import Event
from scoring_core.audit.store import AuditStore, RequestIdReused
from scoring_core.errors import Refused


def fingerprint(action: str, actor: str, values: Mapping[str, Any]) -> str:
    """The hash kept beside a request_id: ``action``, who sends it, and the request's ``values``."""
    body = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{action}\0{actor}\0{body}".encode()).hexdigest()


def prior(store: AuditStore, request_id: str, kinds: tuple[str, ...], request_hash: str | None = None) -> Event | None:
    """The event ``request_id`` recorded first for this request (None: a new one); used for another: refused."""
    done = store.by_request_id(request_id) if request_id else None
    if done is None:
        return None
    if done.kind not in kinds:
        raise Refused(
            "failed_precondition",
            f"request_id {request_id} was used for a {done.kind} event",
            f"Mã yêu cầu {request_id} đã được dùng cho một sự kiện khác ({done.kind})",
            "REQUEST_ID_REUSED",
        )
    if request_hash and done.request_hash and done.request_hash != request_hash:
        raise RequestIdReused(request_id, done)
    return done
