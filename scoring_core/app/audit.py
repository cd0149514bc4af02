"""Audit reads and checkpoints: a product's trail, events, verification, replay, signed checkpoints.

Lookups of what is not there are ``ResourceNotFound`` (an event, a request_id, a product with
no trail); a checkpoint is signed only over a witnessed head, by the deployment's key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scoring_core.app import names
from scoring_core.app.errors import ResourceNotFound
from scoring_core.app.identity import Identity, known
from scoring_core.app.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, cursor, cursor_token, page
from scoring_core.audit.checkpoints import Checkpoint, import_checkpoints, key_id, stored_checkpoints
from scoring_core.audit.events import Event
from scoring_core.audit.verify import VerifyReport, verify
from scoring_core.audit.witness import WitnessGuard
from scoring_core.councils.contests import ContestBook, TrailEntry
from scoring_core.errors import FieldViolation, InvalidRequest, Refused, clip
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.replay import Difference, replay_result, stored_record

_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Replay:
    """A recorded evaluation (or member sheet) recomputed: what was stored, what comes now, and the differences."""

    event: Event
    stored: Evaluation
    replayed: Evaluation
    differences: list[Difference]


def pem_problem(pem: Any) -> bool:
    """True when ``pem`` is not an Ed25519 public key in PEM."""
    try:
        key_id(pem)
        return False
    except Exception:  # not PEM, not a public key, not Ed25519: the library says so in many ways
        return True


def checkpoint_problem(cp: Checkpoint) -> str | None:
    """Why ``cp`` is not even shaped like a checkpoint (its signature is checked later), or None."""
    if not isinstance(cp.size, int) or isinstance(cp.size, bool) or not 0 <= cp.size < 2**63:
        return "size must be a whole number from 0 to 2^63-1"
    if not isinstance(cp.head_hash, str) or not _HASH.fullmatch(cp.head_hash):
        return "head_hash must be 64 lowercase hex digits"
    if not isinstance(cp.time, str) or len(cp.time) > 64 or not isinstance(cp.key_id, str) or len(cp.key_id) > 64:
        return "time and key_id must be short texts"
    if not isinstance(cp.signature, bytes) or len(cp.signature) != 64:
        return "signature must be 64 bytes (Ed25519)"
    if pem_problem(cp.public_key):
        return "public_key must be an Ed25519 public key (PEM)"
    return None


def checked_checkpoints(checkpoints: list[Checkpoint], checkpoints_json: str = "") -> list[Checkpoint]:
    """The checkpoints a caller gives, as objects and as exported JSON, each shaped like one."""
    out: list[Checkpoint] = []
    bad: list[FieldViolation] = []
    for i, cp in enumerate(checkpoints):
        problem = checkpoint_problem(cp)
        if problem:
            bad.append(FieldViolation(f"checkpoints[{i}]", problem, "Điểm kiểm tra không hợp lệ"))
        out.append(cp)
    if checkpoints_json:
        try:
            imported = import_checkpoints(checkpoints_json)
            problems = [p for p in map(checkpoint_problem, imported) if p]
        except Exception as exc:  # JSON of any shape: every way it fails is the caller's
            imported, problems = [], [clip(f"{type(exc).__name__}: {exc}")]
        if problems:
            bad.append(
                FieldViolation(
                    "checkpoints_json",
                    f"not exported checkpoints: {problems[0]}",
                    "Không phải tệp điểm kiểm tra đã xuất (ocop audit checkpoint --export)",
                )
            )
        out += imported
    if bad:
        raise InvalidRequest(bad)
    return out


def checked_keys(pems: list[str]) -> list[bytes]:
    """The trusted public keys (PEM), each checked."""
    keys, bad = [], []
    for i, pem in enumerate(pems):
        if not pem_problem(pem.encode("utf-8")):
            keys.append(pem.encode("utf-8"))
        else:
            bad.append(
                FieldViolation(
                    f"trusted_public_keys[{i}]", "not a PEM public key", "Không phải khóa công khai dạng PEM"
                )
            )
    if bad:
        raise InvalidRequest(bad)
    return keys


class Audit:
    """Reads the store; verifies it against the witness; signs witnessed heads with the deployment key."""

    def __init__(self, contests: ContestBook, guard: WitnessGuard) -> None:
        self.contests, self.store, self.scorer, self.guard = contests, contests.store, contests.scorer, guard

    def event(self, name: str, field: str = "name") -> Event:
        """One stored event (``events/{seq}``)."""
        seq = names.numbered(name, "events", field)
        event = self.store.get(seq)
        if event is None:
            raise ResourceNotFound(field, name, f"no event {seq}", f"Không có sự kiện {seq}", "Event")
        return event

    def trail(self, name: str, page_size: int = 0, page_token: str = "") -> tuple[str, Page[TrailEntry]]:
        """The product of ``products/{id}/trail`` and every event about it, in order, as a council reads it."""
        pid = names.trail_product(name)
        entries = self.contests.trail(pid).entries
        if not entries:
            raise ResourceNotFound(
                "name",
                name,
                f"nothing is recorded about product {pid}",
                f"Chưa có sự kiện nào về sản phẩm {pid}",
                "Trail",
            )
        return pid, page(entries, page_size, page_token, pid)

    def events(
        self, kind: str | None = None, subject: str = "", start: int = 0, page_size: int = 0, page_token: str = ""
    ) -> Page[Event]:
        """Events in sequence order from ``start``, of one ``kind`` and ``subject`` (or all), a page at a time
        (the token is a cursor on seq)."""
        if page_size < 0:
            raise names.bad("page_size", "page_size must not be negative", "Kích thước trang không được âm")
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        query = f"{kind or ''}|{subject}|{start}"
        first = cursor(page_token, query) + 1 if page_token else max(start, 1)
        found: list[Event] = []
        for event in self.store.events(first, kind=kind, subject=subject or None, page=size + 1):
            found.append(event)
            if len(found) > size:
                break
        more = len(found) > size
        found = found[:size]
        return Page(found, cursor_token(found[-1].seq, query) if more else "")

    def verify(
        self,
        checkpoints: list[Checkpoint] | None = None,
        checkpoints_json: str = "",
        trusted_public_keys: list[str] | None = None,
        ignore_stored_checkpoints: bool = False,
    ) -> VerifyReport:
        """Recompute the chain and check it against the witness and the checkpoints given (and stored);
        bad checkpoints and keys are listed together."""
        bad: list[FieldViolation] = []
        given: list[Checkpoint] = []
        keys: list[bytes] = []
        try:
            given = checked_checkpoints(list(checkpoints or []), checkpoints_json)
        except InvalidRequest as exc:
            bad += exc.violations
        try:
            keys = checked_keys(list(trusted_public_keys or []))
        except InvalidRequest as exc:
            bad += exc.violations
        if bad:
            raise InvalidRequest(bad)
        return verify(
            self.store, given, keys or None, use_stored=not ignore_stored_checkpoints, witness=self.guard.current()
        )

    def replay(self, name: str | None = None, request_id: str | None = None) -> Replay:
        """Recompute a recorded evaluation or member sheet, named (``events/{seq}``) or by its request_id."""
        if name is not None:
            event = self.event(name)
        elif request_id:
            found = self.store.by_request_id(request_id)
            if found is None:
                raise ResourceNotFound(
                    "request_id",
                    request_id,
                    f"no event recorded under request_id {request_id}",
                    f"Không có sự kiện với mã yêu cầu {request_id}",
                    "Event",
                )
            event = found
        else:
            raise names.bad(
                "name",
                "give the event's name (events/{seq}) or its request_id",
                "Cần tên sự kiện (events/{seq}) hoặc mã yêu cầu",
            )
        record = stored_record(event)
        replayed, found_differences = replay_result(event, self.scorer)
        return Replay(event, Evaluation.model_validate(record["result"]), replayed, found_differences)

    def create_checkpoint(self, caller: Identity | None) -> Checkpoint:
        """Sign the head now (only a witnessed head); while it has not moved, the last checkpoint is returned."""
        known(caller)
        kept = stored_checkpoints(self.store)
        head = self.store.head()
        if kept and (kept[-1].size, kept[-1].head_hash) == head and kept[-1].key_id == self.guard.signer.key_id:
            if self.guard.broken is not None:
                raise self.guard.broken
            return kept[-1]
        cp = self.guard.checkpoint(self.store)
        if cp is None:
            raise Refused(
                "failed_precondition", "the trail is empty: nothing to sign", "Chuỗi sự kiện trống: chưa có gì để ký"
            )
        return cp

    def checkpoints(self, page_size: int = 0, page_token: str = "") -> Page[Checkpoint]:
        """The stored checkpoints, oldest first."""
        return page(stored_checkpoints(self.store), page_size, page_token, "checkpoints")
