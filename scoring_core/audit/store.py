"""The audit store interface and its group-commit writer (shared by SQLite and PostgreSQL).

Every append goes through one writer thread per store.  Callers encode their payload, put it
on a queue and wait on a future; the writer drains the queue, opens one transaction that locks
the chain head (so writers in other processes serialise too), re-reads the head, skips request
ids already stored, inserts the batch, commits (the fsync) and only then completes each
caller's future.  Many concurrent appends therefore share one commit; none is acknowledged
before the commit that covers it.
"""

from __future__ import annotations

import os
import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import structlog

from scoring_core.audit.events import GENESIS, Event, NewEvent, now_iso

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


class CommitGuard(Protocol):
    """A hook around each write transaction (the witness): raising in ``before_commit`` rolls it back."""

    def before_commit(self, prev: tuple[int, str], events: Sequence[Event]) -> None:
        """Called inside the transaction, after the insert and before the commit."""

    def after_commit(self, head: tuple[int, str]) -> None:
        """Called once the commit is durable."""


@dataclass
class _Pending:
    event: NewEvent
    future: Future[Event]


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
        """Insert sealed events (the commit happens when the batch context exits cleanly)."""


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
    ) -> Event:
        """Append one event and wait until it is durable; a known request_id returns the stored event."""
        return self.append_async(kind, payload, actor=actor, request_id=request_id, subject=subject).result(timeout)

    def append_async(
        self, kind: str, payload: Any, *, actor: str, request_id: str | None = None, subject: str | None = None
    ) -> Future[Event]:
        """Queue one event; the future completes after the commit that covers it."""
        event = NewEvent.make(kind, payload, actor=actor, request_id=request_id, subject=subject)
        future: Future[Event] = Future()
        with self._close_lock:
            if self._closed:
                raise StoreClosed("the audit store is closed")
            self._queue.put(_Pending(event, future))
        return future

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
            results = self._write(batch)
        except Exception as exc:  # every caller of the batch learns of the failure
            log.error("audit_batch_failed", events=len(batch), error=f"{type(exc).__name__}: {exc}")
            for item in batch:
                item.future.set_exception(exc)
            return
        self.batches += 1
        self.batched_events += len(batch)
        for item, result in zip(batch, results, strict=True):
            item.future.set_result(result)

    def _write(self, batch: list[_Pending]) -> list[Event]:
        guard = self.guard
        with self._begin() as tx:
            size, prev = tx.head()
            start = (size, prev)
            known = tx.existing(sorted({p.event.request_id for p in batch}))
            fresh: list[Event] = []
            results: list[Event] = []
            time = now_iso()
            for item in batch:
                rid = item.event.request_id
                if rid in known:
                    results.append(known[rid].as_duplicate())
                    continue
                size += 1
                event = item.event.seal(size, prev, time)
                prev = event.hash
                known[rid] = event
                fresh.append(event)
                results.append(event)
            if fresh:
                tx.insert(fresh)
                if guard is not None:
                    guard.before_commit(start, fresh)
        if fresh and guard is not None:
            guard.after_commit((fresh[-1].seq, fresh[-1].hash))
        return results

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


__all__ = ["GENESIS", "AuditStore", "CommitGuard", "StoreClosed", "StoredCheckpoint", "WriteBatch", "default_data_dir"]
