"""The audit store interface and its group-commit writer (shared by SQLite and PostgreSQL).

Every append goes through one writer thread per store.  Callers encode their payload, put it
on a queue and wait on a future; the writer drains the queue, opens one transaction that locks
the chain head (so writers in other processes serialise too), re-reads the head, skips request
ids already stored, inserts the batch, commits (the fsync) and only then completes each
caller's future.  Many concurrent appends therefore share one commit; none is acknowledged
before the commit that covers it.

One append may carry several events (``append_all``): they are written together or not at all,
in consecutive places.  An append may carry a ``Condition`` on its subject, checked by the
writer inside the same transaction, after the events queued before it in the batch: a second
decision on the same thing, from any thread, process or server, fails with ``Conflict`` naming
the event that decided it.
"""

from __future__ import annotations

import os
import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import structlog

from scoring_core.audit.events import GENESIS, Event, NewEvent, now_iso
from scoring_core.errors import Refused

log = structlog.get_logger("ocop.audit")

MAX_BATCH = 512


def default_data_dir(value: str | Path | None = None) -> Path:
    """The data directory: ``value``, else OCOP_DATA_DIR, else ``./var``."""
    return Path(value or os.environ.get("OCOP_DATA_DIR") or "var")


class StoreClosed(RuntimeError):
    """The store was closed; nothing more can be appended."""


@dataclass(frozen=True)
class StoredCheckpoint:
    """A signed checkpoint as kept in the store's own append-only table."""

    size: int
    head_hash: str
    time: str
    key_id: str
    statement: bytes
    signature: bytes
    public_key: bytes


class Conflict(Refused):
    """An append refused inside the write transaction; ``event`` is the stored event that decided it."""

    def __init__(self, code: str, message_en: str, message_vi: str, event: Event | None, reason: str = "") -> None:
        super().__init__(code, message_en, message_vi, reason or ("ALREADY_DECIDED" if event else "CONFLICT"))
        self.event = event
        if event is not None:
            self.metadata = {"event": f"events/{event.seq}", "kind": event.kind}


class Stale(Conflict):
    """Something was recorded about the subject since the caller read it: read again and decide again."""


class RequestIdReused(Conflict):
    """A request_id already stored for a different request."""

    def __init__(self, request_id: str, event: Event) -> None:
        super().__init__(
            "failed_precondition",
            f"request_id {request_id} was already used for a different request (event {event.seq})",
            f"Mã yêu cầu {request_id} đã được dùng cho một yêu cầu khác (sự kiện #{event.seq})",
            event,
            "REQUEST_ID_REUSED",
        )


class CommitGuard(Protocol):
    """A hook around each write transaction (the witness): raising in ``before_commit`` rolls it back."""

    def before_commit(self, prev: tuple[int, str], events: Sequence[Event]) -> None:
        """Called inside the transaction, after the insert and before the commit."""

    def after_commit(self, head: tuple[int, str]) -> None:
        """Called once the commit is durable."""


#: What one queued append carries: its events, or a function giving them from the seq of the first.
Events = Sequence[NewEvent] | Callable[[int], Sequence[NewEvent]]


@dataclass
class _Pending:
    events: Events
    expect: Condition | None
    future: Future[Any]  # list[Event], or the one Event of ``append_async``
    single: bool = False


class WriteBatch(ABC):
    """One open write transaction holding the chain-head lock (backend specific)."""

    @abstractmethod
    def head(self) -> tuple[int, str]:
        """(size, head hash) as stored, read inside the transaction."""

    @abstractmethod
    def existing(self, request_ids: Sequence[str]) -> dict[str, Event]:
        """Events already stored under any of these request ids."""

    @abstractmethod
    def insert(self, events: Sequence[Event]) -> None:
        """Insert sealed events and their topics (the commit happens when the batch context exits cleanly)."""

    @abstractmethod
    def last_on(self, subject: str) -> Event | None:
        """The latest event on ``subject``, as the transaction sees it."""

    @abstractmethod
    def first_on(self, subject: str, kind: str) -> Event | None:
        """The earliest event of ``kind`` on ``subject``, as the transaction sees it."""


class Condition(ABC):
    """What must hold, inside the writing transaction, for an append to be written."""

    @abstractmethod
    def check(self, tx: WriteBatch) -> None:
        """Raise ``Conflict`` when the condition does not hold."""


@dataclass(frozen=True)
class SubjectAt(Condition):
    """Nothing was recorded on ``subject`` after event ``seq`` (0: nothing at all), as the caller read it."""

    subject: str
    seq: int

    def check(self, tx: WriteBatch) -> None:
        """Raise ``Stale`` naming the newer event."""
        last = tx.last_on(self.subject)
        if (last.seq if last else 0) != self.seq:
            newer = f"event {last.seq} ({last.kind})" if last else "nothing"
            raise Stale(
                "aborted",
                f"{self.subject} changed while the request was served: the latest event is now {newer}",
                f"{self.subject} vừa thay đổi trong khi xử lý yêu cầu (sự kiện mới nhất: #{last.seq if last else 0})",
                last,
                "CONCURRENT_CHANGE",
            )


@dataclass(frozen=True)
class NoneOf(Condition):
    """No event of ``kind`` on ``subject`` yet (a thing that happens once: opening a session)."""

    subject: str
    kind: str

    def check(self, tx: WriteBatch) -> None:
        """Raise ``Conflict`` (already exists) naming the event that came first."""
        found = tx.first_on(self.subject, self.kind)
        if found is not None:
            raise Conflict(
                "already_exists",
                f"{self.subject} already has {self.kind} (event {found.seq})",
                f"{self.subject} đã có sự kiện {self.kind} (sự kiện #{found.seq})",
                found,
            )


@dataclass(frozen=True)
class AllOf(Condition):
    """Every condition holds."""

    conditions: tuple[Condition, ...]

    def check(self, tx: WriteBatch) -> None:
        """Check each in order."""
        for c in self.conditions:
            c.check(tx)


class AuditStore(ABC):
    """Append-only, hash-chained events; idempotent on request_id; checkpoints in their own table."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._writer = threading.Thread(target=self._write_loop, name="ocop-audit-writer", daemon=True)
        self.batches = 0
        self.batched_events = 0
        self.guard: CommitGuard | None = None  # set before the first append (audit.witness)

    def _start(self) -> None:
        self._writer.start()

    # -- appending ---------------------------------------------------------------------------
    def append(
        self,
        kind: str,
        payload: Any,
        *,
        actor: str,
        request_id: str | None = None,
        subject: str | None = None,
        timeout: float | None = None,
        request_hash: str | None = None,
    ) -> Event:
        """Append one event and wait until it is durable; a known request_id returns the stored event.

        With ``request_hash``, a request_id stored for a different request raises ``RequestIdReused``.
        """
        return self.append_async(
            kind, payload, actor=actor, request_id=request_id, subject=subject, request_hash=request_hash
        ).result(timeout)

    def append_async(
        self,
        kind: str,
        payload: Any,
        *,
        actor: str,
        request_id: str | None = None,
        subject: str | None = None,
        request_hash: str | None = None,
    ) -> Future[Event]:
        """Queue one event; the future completes after the commit that covers it."""
        event = NewEvent.make(
            kind, payload, actor=actor, request_id=request_id, subject=subject, request_hash=request_hash
        )
        return self._enqueue(_Pending([event], None, Future(), single=True))

    def append_all(
        self, events: Events, *, expect: Condition | None = None, timeout: float | None = None
    ) -> list[Event]:
        """Append several events in one transaction, all or none, if ``expect`` holds there; wait until durable.

        ``events`` is a list of ``NewEvent``, or a function given the seq the first event will get
        (for payloads naming the seq of an event appended with them); it runs on the writer thread,
        so it must be quick, and gives the same request ids each time (a retry finds them).  When
        the first event's request_id is stored, the stored events are returned (flagged
        ``duplicate``) and nothing is checked or written; a different ``request_hash`` under that
        request_id raises ``RequestIdReused``.  Raises ``Conflict`` when ``expect`` fails.
        """
        return self.append_all_async(events, expect=expect).result(timeout)

    def append_all_async(self, events: Events, *, expect: Condition | None = None) -> Future[list[Event]]:
        """Queue an all-or-none append; the future completes after the commit that covers it."""
        return self._enqueue(_Pending(events, expect, Future()))

    def _enqueue(self, item: _Pending) -> Future[Any]:
        with self._close_lock:
            if self._closed:
                raise StoreClosed("the audit store is closed")
            self._queue.put(item)
        return item.future

    def _write_loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            batch = [p for p in batch if p.future.set_running_or_notify_cancel()]  # cancelled: not written
            if batch:
                self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            outcomes = self._write(batch)
        except Exception as exc:  # every caller of the batch learns of the failure
            log.error("audit_batch_failed", appends=len(batch), error=f"{type(exc).__name__}: {exc}")
            for item in batch:
                item.future.set_exception(exc)
            return
        self.batches += 1
        self.batched_events += sum(len(o) for o in outcomes if isinstance(o, list))
        for item, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                item.future.set_exception(outcome)
            else:
                item.future.set_result(outcome[0] if item.single else outcome)

    #: Errors of the database itself: they fail the whole batch (the transaction is gone).
    _db_errors: tuple[type[BaseException], ...] = ()

    def _write(self, batch: list[_Pending]) -> list[list[Event] | BaseException]:
        outcomes: list[list[Event] | BaseException] = []
        guard = self.guard
        with self._begin() as tx:
            size, prev = tx.head()
            start = (size, prev)
            written: list[Event] = []  # every event of this transaction, for the guard
            fixed = {e.request_id for p in batch if not callable(p.events) for e in p.events}
            known = tx.existing(sorted(fixed))
            fresh: list[Event] = []
            time = now_iso()
            for item in batch:
                try:
                    events = list(item.events(size + 1) if callable(item.events) else item.events)
                    if not events:
                        raise ValueError("an append needs at least one event")
                    unseen = [e.request_id for e in events if e.request_id not in known and e.request_id not in fixed]
                    if unseen:
                        known.update(tx.existing(unseen))
                    stored = [known.get(e.request_id) for e in events]
                    if stored[0] is not None:
                        first = stored[0]
                        asked = events[0].request_hash
                        if asked and first.request_hash and asked != first.request_hash:
                            raise RequestIdReused(events[0].request_id, first)
                        outcomes.append([s.as_duplicate() for s in stored if s is not None])
                        continue
                    if any(stored):
                        clash = next(s for s in stored if s is not None)
                        raise Conflict(
                            "already_exists",
                            f"request_id {clash.request_id} is already stored (event {clash.seq})",
                            f"Mã yêu cầu {clash.request_id} đã được ghi (sự kiện #{clash.seq})",
                            clash,
                            "REQUEST_ID_REUSED",
                        )
                    if item.expect is not None:
                        if fresh:  # the condition sees what this batch wrote before it
                            tx.insert(fresh)
                            fresh = []
                        item.expect.check(tx)
                except self._db_errors:
                    raise
                except Exception as exc:  # this append only: the others in the batch go on
                    outcomes.append(exc)
                    continue
                sealed = []
                for e in events:
                    size += 1
                    event = e.seal(size, prev, time)
                    prev = event.hash
                    known[e.request_id] = event
                    sealed.append(event)
                fresh += sealed
                written += sealed
                outcomes.append(sealed)
            if fresh:
                tx.insert(fresh)
            if guard is not None and written:
                guard.before_commit(start, written)
        if written and guard is not None:
            guard.after_commit((written[-1].seq, written[-1].hash))
        return outcomes

    # -- backend -----------------------------------------------------------------------------
    @abstractmethod
    def _begin(self) -> Any:
        """A context manager yielding a WriteBatch; commits durably on clean exit, else rolls back."""

    @abstractmethod
    def _close_backend(self) -> None:
        """Release connections."""

    # -- reading -----------------------------------------------------------------------------
    @abstractmethod
    def head(self) -> tuple[int, str]:
        """(number of events, hash of the last one); (0, GENESIS) when empty."""

    @abstractmethod
    def get(self, seq: int) -> Event | None:
        """The event at ``seq``."""

    @abstractmethod
    def by_request_id(self, request_id: str) -> Event | None:
        """The event stored under ``request_id``."""

    @abstractmethod
    def _page(self, after: int, limit: int, kind: str | None, subject: str | None) -> list[Event]:
        """Up to ``limit`` events with seq > ``after`` in order, optionally filtered."""

    @abstractmethod
    def _topic_page(self, topic: str, after: int, limit: int) -> list[Event]:
        """Up to ``limit`` events filed under ``topic`` with seq > ``after``, in order."""

    @abstractmethod
    def _topic_rows(self, after: tuple[int, str], limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` rows (seq, topic) of the topic index after ``after``, ordered by seq then topic."""

    def topic_rows(self, start: int = 1) -> Iterator[tuple[int, str]]:
        """The topic index as stored, (seq, topic) from event ``start`` on: verification checks it against the
        events, since the council book decides from it (a hidden row would hide a result or a sheet)."""
        after = (start - 1, "")
        while True:
            rows = self._topic_rows(after, 1000)
            yield from rows
            if len(rows) < 1000:
                return
            after = rows[-1]

    @abstractmethod
    def last_on(self, subject: str) -> Event | None:
        """The latest event on ``subject`` (what a conditional append compares against)."""

    def about(self, topic: str, start: int = 1, *, page: int = 1000) -> Iterator[Event]:
        """Events filed under ``topic`` (``council/<session>``: a session's sheets, results, recognitions)."""
        after = start - 1
        while True:
            rows = self._topic_page(topic, after, page)
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1].seq

    def events(
        self,
        start: int = 1,
        end: int | None = None,
        *,
        kind: str | None = None,
        subject: str | None = None,
        page: int = 1000,
    ) -> Iterator[Event]:
        """Events in sequence order (``start`` .. ``end`` inclusive), read page by page."""
        after = start - 1
        while True:
            rows = self._page(after, page, kind, subject)
            for event in rows:
                if end is not None and event.seq > end:
                    return
                yield event
            if len(rows) < page:
                return
            after = rows[-1].seq

    def size(self) -> int:
        """Number of events."""
        return self.head()[0]

    # -- checkpoints ---------------------------------------------------------------------------
    @abstractmethod
    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a signed checkpoint (append-only table)."""

    @abstractmethod
    def stored_checkpoints(self) -> list[StoredCheckpoint]:
        """Every checkpoint kept, oldest first."""

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Finish the queued appends, stop the writer and release connections."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._queue.put(None)
        self._writer.join()
        self._close_backend()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """Where the events live (no secrets)."""
        return type(self).__name__


__all__ = [
    "GENESIS",
    "AllOf",
    "AuditStore",
    "CommitGuard",
    "Condition",
    "Conflict",
    "NoneOf",
    "RequestIdReused",
    "Stale",
    "StoreClosed",
    "StoredCheckpoint",
    "SubjectAt",
    "WriteBatch",
    "default_data_dir",
]
