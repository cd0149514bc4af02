"""The witness: a file outside the store that records every group commit before it is committed.

One JSON line per record, appended (``O_APPEND``) by every process writing to the store:

* ``intent``: written inside the write transaction, before its commit, while the chain-head lock
  is held: the head the batch starts from (``prev``), its new head, the hash of each event it adds
  and a checkpoint of the new head signed with the deployment key (every ``sign_every`` events;
  every group commit by default).  An intent that carries a signature is flushed to disk
  (fdatasync) before the commit; with ``sign_every`` > 1 the ones in between reach the OS before
  the commit (they survive a killed process) and the disk with the next signed one, so a power
  loss can leave up to ``sign_every`` committed events unwitnessed: the server then refuses writes
  until ``ocop audit adopt`` vouches for them;
* ``committed``: written after the commit (no fsync: a lost one only weakens the check of the
  last batch after a crash);
* ``checkpoint``: a signed checkpoint of a head already witnessed (periodic, on request, at
  shutdown); ``adopted``: the head of a store that had no witness yet, after the whole chain
  verified (trust on first use; logged as a warning).

Since an intent reaches the disk before its commit, every event a server wrote is in the
witness: an event the witness does not know was written by someone else (a forged tail); an
event whose hash differs from the witnessed one was changed, and it is named exactly; a store
shorter than a committed head was truncated.  An intent whose commit never happened (a crash, a
rollback) is superseded by the next intent starting from the same head.

Before each commit the guard also checks that the head the batch starts from is the head the
witness last recorded: a store changed behind the server's back stops taking writes at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from scoring_core.audit.checkpoints import Checkpoint, Signer, sign_checkpoint
from scoring_core.audit.events import GENESIS, Event
from scoring_core.audit.keys import KeyPlacementError, allowed_in_data_dir, check_outside, witness_path
from scoring_core.audit.store import AuditStore, default_data_dir
from scoring_core.audit.witness_log import Head, WitnessEntry, WitnessLog
from scoring_core.errors import Refused

log = structlog.get_logger("ocop.audit.witness")


class TrailBroken(Refused):
    """Writes are refused: the trail did not verify against the witness (reads go on)."""

    def __init__(self, en: str, vi: str) -> None:
        super().__init__(
            "failed_precondition",
            f"the audit trail does not verify, so writes are refused: {en}",
            f"Chuỗi sự kiện không hợp lệ nên không nhận thao tác ghi: {vi}",
            "AUDIT_TRAIL_UNVERIFIED",
        )
        self.problem_en, self.problem_vi = en, vi


def store_identity(store: AuditStore) -> str:
    """What names a store across restarts: its resolved SQLite path, or its PostgreSQL place and schema."""
    path = getattr(store, "path", None)
    return f"sqlite:{Path(path).resolve()}" if path is not None else store.describe()


class Witness:
    """An append-only JSON-lines file kept outside the store."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.damaged = 0  # unreadable lines seen (a write torn by a crash)

    @property
    def where(self) -> str:
        """The file (for logs and reports)."""
        return str(self.path)

    @classmethod
    def for_store(
        cls,
        store: AuditStore,
        where: str | Path | None = None,
        data_dir: str | Path | None = None,
        allow_in_data_dir: bool | None = None,
    ) -> WitnessLog:
        """The witness of ``store``: a file named after it in the witness directory, the file given, or
        a second PostgreSQL database (``postgresql://…``, see ``witness_pg``).

        ``where`` (else OCOP_WITNESS, else ``$XDG_STATE_HOME/ocop/witness``) is a directory unless it
        names a ``.jsonl`` file.  Inside the data directory (or the store's own database) it is refused
        unless allowed.
        """
        given = str(where or os.environ.get("OCOP_WITNESS") or "")
        if given.startswith(("postgresql://", "postgres://")):
            from scoring_core.audit.witness_pg import PostgresWitness, same_database

            store_url = getattr(store, "url", None)
            if store_url and same_database(given, store_url) and not allowed_in_data_dir(allow_in_data_dir):
                raise KeyPlacementError(
                    "the witness is in the store's own database: whoever holds the data could rewrite both. "
                    "Use another database, or allow it explicitly with --allow-key-in-data-dir"
                )
            return PostgresWitness(given, store_identity(store))
        base = witness_path(where)
        if base.suffix != ".jsonl":
            identity = store_identity(store)
            slug = re.sub(r"[^A-Za-z0-9._-]+", "_", identity).strip("_")[-60:]
            base = base / f"{slug}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}.jsonl"
        check_outside("witness", base, default_data_dir(data_dir), allowed_in_data_dir(allow_in_data_dir))
        return cls(base)

    def close(self) -> None:
        """Nothing to release (each append opens and closes the file)."""

    def exists(self) -> bool:
        """True when the file exists and holds something."""
        return self.path.exists() and self.path.stat().st_size > 0

    def append(self, entry: WitnessEntry, sync: bool = True) -> None:
        """Append one record (one ``write``); ``sync``: flush it to disk (fdatasync) before returning."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            line = entry.to_line()
            if size and os.pread(fd, 1, size - 1) != b"\n":  # a write torn by a crash: start a fresh line
                line = b"\n" + line
            os.write(fd, line)
            if sync:
                os.fdatasync(fd)
        finally:
            os.close(fd)

    def append_if_empty(self, entry: WitnessEntry) -> bool:
        """Append ``entry`` as the first record, unless there is one already (an exclusive lock on the file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size:
                return False
            os.write(fd, entry.to_line())
            os.fsync(fd)
            return True
        finally:
            os.close(fd)  # releases the lock

    def read(self, offset: int = 0) -> tuple[list[WitnessEntry], int]:
        """Records from byte ``offset`` on, and the offset after the last complete line."""
        try:
            with open(self.path, "rb") as f:
                f.seek(offset)
                data = f.read()
        except FileNotFoundError:
            return [], offset
        end = data.rfind(b"\n") + 1
        entries: list[WitnessEntry] = []
        for raw in data[:end].splitlines():
            if not raw.strip():
                continue
            try:
                entries.append(WitnessEntry.from_json(json.loads(raw)))
            except (ValueError, KeyError, TypeError, IndexError):
                self.damaged += 1
                log.warning("witness_line_unreadable", path=str(self.path), line=raw[:80])
        return entries, offset + end

    def entries(self) -> list[WitnessEntry]:
        """Every readable record, in file order."""
        return self.read()[0]


@dataclass
class WitnessView:
    """What the witness says the chain must be."""

    expected: dict[int, str] = field(default_factory=dict)  # seq -> hash, from intents (latest branch)
    binding: dict[int, str] = field(default_factory=dict)  # size -> head hash the store certainly had
    must_have: int = 0  # the store had at least this many events
    end: int = 0  # events beyond this were never witnessed
    last_checkpoint: Checkpoint | None = None  # the latest signed record
    latest: WitnessEntry | None = None  # the last intent or adoption
    committed: set[Head] = field(default_factory=set)
    records: int = 0

    def add(self, entry: WitnessEntry) -> None:
        """Fold one record in (records are folded in file order)."""
        self.records += 1
        if entry.checkpoint is not None:
            self.last_checkpoint = entry.checkpoint
        size, head = entry.head
        if entry.state == "intent" and entry.prev is not None:
            start = entry.prev[0]
            for seq in range(start + 1, self.end + 1):  # a branch that was never committed
                self.expected.pop(seq, None)
            if start:
                self.expected[start] = entry.prev[1]
            for offset, h in enumerate(entry.hashes, start=start + 1):
                self.expected[offset] = h
            self.end = size
            self.must_have = max(self.must_have, start)
            self.latest = entry
            return
        if entry.state == "committed":
            self.committed.add(entry.head)
        if entry.state == "adopted":
            self.latest = entry
        self.binding[size] = head
        self.must_have = max(self.must_have, size)
        self.end = max(self.end, size)

    def accepts(self, head: Head) -> bool:
        """True when a writer may build on ``head``: the last witnessed head, or the one before an
        intent that never committed."""
        latest = self.latest
        if latest is None:
            return head == (0, GENESIS) and not self.binding
        if head == latest.head:
            return True
        return latest.state == "intent" and head == latest.prev and latest.head not in self.committed

    def witnessed(self, seq: int) -> str | None:
        """The hash the witness holds for event ``seq`` (None: it holds none)."""
        return self.binding.get(seq) or self.expected.get(seq)


def view_of(entries: Sequence[WitnessEntry]) -> WitnessView:
    """Fold the records of a witness."""
    view = WitnessView()
    for entry in entries:
        view.add(entry)
    return view


class WitnessGuard:
    """The store's commit hook: witnesses each batch before its commit, refuses to build on an unwitnessed head.

    ``broken`` holds the reason once the trail failed to verify; from then on every append is
    refused and nothing is signed.
    """

    def __init__(self, witness: WitnessLog, signer: Signer, sign_every: int = 1) -> None:
        self.witness, self.signer, self.sign_every = witness, signer, max(1, sign_every)
        self.broken: TrailBroken | None = None
        self.on_broken: Callable[[TrailBroken], None] | None = None  # told once, when the trail breaks
        self._lock = threading.Lock()
        self._offset = 0
        self.view = WitnessView()
        self._unsigned = 0
        self.signed = 0
        self._refresh()

    def _refresh(self) -> None:
        entries, self._offset = self.witness.read(self._offset)
        for entry in entries:
            self.view.add(entry)

    def current(self) -> WitnessView:
        """The witness as it is now, with what other processes appended since."""
        with self._lock:
            self._refresh()
            return self.view

    def fail(self, en: str, vi: str) -> TrailBroken:
        """Mark the trail broken (writes refused from now on) and return the error."""
        if self.broken is None:
            self.broken = TrailBroken(en, vi)
            log.error("audit_trail_broken", problem=en, witness=self.witness.where)
            if self.on_broken is not None:
                self.on_broken(self.broken)
        return self.broken

    def check(self, head: Head) -> None:
        """Raise TrailBroken unless a writer may build on ``head`` (re-reading what other processes wrote)."""
        if self.broken is not None:
            raise self.broken
        if not self.view.accepts(head):
            self._refresh()
            if not self.view.accepts(head):
                latest = self.view.latest.head if self.view.latest else (0, GENESIS)
                raise self.fail(
                    f"the store's head is event {head[0]} ({head[1][:16]}…) but the witness last recorded event "
                    f"{latest[0]} ({latest[1][:16]}…): the store was changed outside the server",
                    f"sự kiện cuối trong kho là {head[0]} nhưng nhân chứng ghi sự kiện cuối là {latest[0]}: "
                    f"kho đã bị thay đổi ngoài máy chủ",
                )

    # -- the store's hooks (called by the writer thread, inside / after the write transaction) ----
    def before_commit(self, prev: Head, events: Sequence[Event]) -> None:
        """Check ``prev`` and make the batch's intent durable in the witness; raising rolls the batch back."""
        with self._lock:
            self.check(prev)
            head = (events[-1].seq, events[-1].hash)
            self._unsigned += len(events)
            cp = None
            if self._unsigned >= self.sign_every:
                cp = sign_checkpoint(head[0], head[1], self.signer)
                self._unsigned, self.signed = 0, self.signed + 1
            entry = WitnessEntry("intent", head, prev, tuple(e.hash for e in events), cp)
            self.witness.append(entry, sync=cp is not None)
            self.view.add(entry)

    def after_commit(self, head: Head) -> None:
        """Mark the batch committed (never raises: the commit is already durable)."""
        with self._lock:
            entry = WitnessEntry("committed", head)
            try:
                self.witness.append(entry, sync=False)
            except Exception as exc:  # the intent already covers the batch
                log.error("witness_commit_mark_failed", error=str(exc), witness=self.witness.where)
            self.view.add(entry)

    # -- signing heads that are witnessed ------------------------------------------------------------
    def checkpoint(self, store: AuditStore, attempts: int = 5) -> Checkpoint | None:
        """Sign the store's head if the witness vouches for it (None on an empty store).

        The head is read before the witness, so a commit of another process in between (witnessed
        before it committed) is seen; a head that still is not the witnessed one after a few reads
        is refused with TrailBroken (without marking the guard: the writers decide that under the
        chain-head lock).  The checkpoint goes to the witness and to the store's own table.
        """
        for _ in range(attempts):
            if self.broken is not None:
                raise self.broken
            head = store.head()
            if head[0] == 0:
                return None
            with self._lock:
                self._refresh()
                if self.view.witnessed(head[0]) != head[1] or head[0] < self.view.must_have:
                    continue
                cp = sign_checkpoint(head[0], head[1], self.signer)
                entry = WitnessEntry("checkpoint", head, checkpoint=cp)
                self.witness.append(entry, sync=True)
                self.view.add(entry)
            store.add_checkpoint(cp.to_stored())
            log.info("audit_checkpoint", size=head[0], head_hash=head[1], key_id=self.signer.key_id)
            return cp
        raise TrailBroken(
            f"the store's head (event {head[0]}) is not the one the witness holds: nothing is signed",
            f"sự kiện cuối trong kho ({head[0]}) khác với bản nhân chứng ghi: không ký",
        )

    def adopt(self, head: Head, only_if_empty: bool = True) -> Checkpoint | None:
        """Vouch for the chain up to ``head`` (the caller verified it first): start the witness there.

        None when ``only_if_empty`` and the witness is no longer empty (another process adopted the
        store or wrote first): the caller then checks the store against it like any witnessed store.
        ``only_if_empty=False`` is the operator's ``ocop audit adopt``, after a power loss.
        """
        with self._lock:
            cp = sign_checkpoint(head[0], head[1], self.signer)
            entry = WitnessEntry("adopted", head, checkpoint=cp)
            if only_if_empty and not self.witness.append_if_empty(entry):
                self._refresh()
                return None
            if not only_if_empty:
                self.witness.append(entry, sync=True)
            self._refresh()
        log.warning(
            "audit_witness_adopted",
            size=head[0],
            head_hash=head[1],
            witness=self.witness.where,
            note="the witness starts here: events up to this head are vouched for by the chain alone",
        )
        return cp


class Ticker:
    """Signs a witnessed head every ``interval`` seconds when it moved; ``stop()`` signs the last one."""

    def __init__(self, guard: WitnessGuard, store: AuditStore, interval: float) -> None:
        self.guard, self.store, self.interval = guard, store, interval
        self._stop = threading.Event()
        self._last: Head | None = None
        self._thread = threading.Thread(target=self._run, name="ocop-audit-checkpoints", daemon=True)

    def start(self) -> Ticker:
        """Start the background thread (not when ``interval`` is 0)."""
        if self.interval > 0:
            self._thread.start()
        return self

    def tick(self) -> Checkpoint | None:
        """Sign now if the head moved and the trail holds; never over an unverified head."""
        if self.guard.broken is not None:
            return None
        head = self.store.head()
        if head == self._last or head[0] == 0:
            return None
        try:
            cp = self.guard.checkpoint(self.store)
        except TrailBroken:
            return None
        if cp is not None:
            self._last = (cp.size, cp.head_hash)
        return cp

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception as exc:  # keep trying; the next tick may succeed
                log.error("audit_checkpoint_failed", error=f"{type(exc).__name__}: {exc}")

    def stop(self) -> None:
        """Stop the thread and sign the final head (unless the trail is broken)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.tick()
