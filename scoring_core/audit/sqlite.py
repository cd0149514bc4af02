"""The embedded audit store: one SQLite file in WAL mode with synchronous=FULL.

UPDATE and DELETE on both tables raise in the database itself (triggers).  The writer takes
``BEGIN IMMEDIATE`` for each batch, so writers in other processes serialise on the same lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import structlog

from scoring_core.audit.events import GENESIS, SESSION_KINDS, Event, topics_of
from scoring_core.audit.store import AuditStore, StoredCheckpoint, WriteBatch

log = structlog.get_logger("ocop.audit.sqlite")

EVENT_COLUMNS = "seq, kind, time, actor, request_id, subject, prev_hash, hash, body"

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_events (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    time       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    subject    TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    body       BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS audit_events_request_id ON audit_events(request_id);
CREATE INDEX IF NOT EXISTS audit_events_subject ON audit_events(subject, seq);
CREATE INDEX IF NOT EXISTS audit_events_kind ON audit_events(kind, seq);
CREATE INDEX IF NOT EXISTS audit_events_subject_kind ON audit_events(subject, kind, seq);
CREATE TABLE IF NOT EXISTS audit_topics (
    topic TEXT NOT NULL,
    seq   INTEGER NOT NULL,
    PRIMARY KEY (topic, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_checkpoints (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    size       INTEGER NOT NULL,
    head_hash  TEXT NOT NULL,
    time       TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    statement  BLOB NOT NULL,
    signature  BLOB NOT NULL,
    public_key BLOB NOT NULL
);
"""

TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE is not allowed'); END;
CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE is not allowed'); END;
"""


def _event(row: Sequence) -> Event:
    return Event(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bytes(row[8]))


#: How long opening may wait for another process that is switching a fresh file to WAL.
WAL_SWITCH_SECONDS = 30.0


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA busy_timeout = 30000")
    _enable_wal(conn)
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, retrying while another process holds the lock the switch needs.

    SQLite answers "database is locked" at once, without its busy handler, when two processes
    open a fresh file together and both try to change its journal mode.
    """
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


class _Batch(WriteBatch):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def head(self) -> tuple[int, str]:
        row = self.conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def existing(self, request_ids: Sequence[str]) -> dict[str, Event]:
        found: dict[str, Event] = {}
        for i in range(0, len(request_ids), 500):
            chunk = list(request_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE request_id IN ({marks})", chunk
            ).fetchall()
            found.update({row[4]: _event(row) for row in rows})
        return found

    def insert(self, events: Sequence[Event]) -> None:
        self.conn.executemany(
            f"INSERT INTO audit_events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(e.seq, e.kind, e.time, e.actor, e.request_id, e.subject, e.prev_hash, e.hash, e.body) for e in events],
        )
        topics = [(t, e.seq) for e in events for t in topics_of(e.kind, e.body)]
        if topics:
            self.conn.executemany("INSERT INTO audit_topics (topic, seq) VALUES (?, ?)", topics)

    def last_on(self, subject: str) -> Event | None:
        row = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE subject = ? ORDER BY seq DESC LIMIT 1", (subject,)
        ).fetchone()
        return _event(row) if row else None

    def first_on(self, subject: str, kind: str) -> Event | None:
        row = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE subject = ? AND kind = ? ORDER BY seq LIMIT 1",
            (subject, kind),
        ).fetchone()
        return _event(row) if row else None


class SQLiteStore(AuditStore):
    """Audit events in one SQLite file (WAL, synchronous=FULL)."""

    _db_errors = (sqlite3.Error,)

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._wconn = _connect(self.path)
        self._migrate()
        log.info("audit_store_opened", backend="sqlite", path=str(self.path), size=self.size())
        self._start()

    def _migrate(self) -> None:
        script = SCHEMA + "".join(
            TRIGGERS.format(table=t) for t in ("audit_events", "audit_topics", "audit_checkpoints")
        )
        c = self._wconn
        try:
            c.executescript("BEGIN IMMEDIATE;" + script + "COMMIT;")
            c.execute("BEGIN IMMEDIATE")
            marks = ",".join("?" * len(SESSION_KINDS))
            filed = c.execute("SELECT EXISTS (SELECT 1 FROM audit_topics)").fetchone()[0]
            if not filed:  # a store from before topics: file its session events now
                rows = c.execute(
                    f"SELECT kind, seq, body FROM audit_events WHERE kind IN ({marks})", sorted(SESSION_KINDS)
                ).fetchall()
                c.executemany(
                    "INSERT OR IGNORE INTO audit_topics (topic, seq) VALUES (?, ?)",
                    [(t, seq) for kind, seq, body in rows for t in topics_of(kind, bytes(body))],
                )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    @contextmanager
    def _begin(self) -> Iterator[WriteBatch]:
        c = self._wconn
        c.execute("BEGIN IMMEDIATE")
        try:
            yield _Batch(c)
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def _close_backend(self) -> None:
        self._wconn.close()
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()

    # -- reading -----------------------------------------------------------------------------
    def head(self) -> tuple[int, str]:
        """(number of events, hash of the last one)."""
        return _Batch(self._reader()).head()

    def get(self, seq: int) -> Event | None:
        """The event at ``seq``."""
        row = self._reader().execute(f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq = ?", (seq,)).fetchone()
        return _event(row) if row else None

    def by_request_id(self, request_id: str) -> Event | None:
        """The event stored under ``request_id``."""
        return _Batch(self._reader()).existing([request_id]).get(request_id)

    def _page(self, after: int, limit: int, kind: str | None, subject: str | None) -> list[Event]:
        where, args = ["seq > ?"], list[int | str]([after])
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if subject is not None:
            where.append("subject = ?")
            args.append(subject)
        rows = (
            self._reader()
            .execute(
                f"SELECT {EVENT_COLUMNS} FROM audit_events WHERE {' AND '.join(where)} ORDER BY seq LIMIT ?",
                [*args, limit],
            )
            .fetchall()
        )
        return [_event(r) for r in rows]

    def _topic_page(self, topic: str, after: int, limit: int) -> list[Event]:
        columns = ", ".join(f"e.{c}" for c in EVENT_COLUMNS.split(", "))
        rows = (
            self._reader()
            .execute(
                f"SELECT {columns} FROM audit_topics t JOIN audit_events e ON e.seq = t.seq"
                " WHERE t.topic = ? AND t.seq > ? ORDER BY t.seq LIMIT ?",
                (topic, after, limit),
            )
            .fetchall()
        )
        return [_event(r) for r in rows]

    def _topic_rows(self, after: tuple[int, str], limit: int) -> list[tuple[int, str]]:
        rows = (
            self._reader()
            .execute(
                "SELECT seq, topic FROM audit_topics WHERE seq > ? OR (seq = ? AND topic > ?) ORDER BY seq, topic "
                "LIMIT ?",
                (after[0], after[0], after[1], limit),
            )
            .fetchall()
        )
        return [(int(seq), str(topic)) for seq, topic in rows]

    def last_on(self, subject: str) -> Event | None:
        """The latest event on ``subject``."""
        return _Batch(self._reader()).last_on(subject)

    # -- checkpoints ---------------------------------------------------------------------------
    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a signed checkpoint."""
        cp = checkpoint
        self._reader().execute(
            "INSERT INTO audit_checkpoints (size, head_hash, time, key_id, statement, signature, public_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cp.size, cp.head_hash, cp.time, cp.key_id, cp.statement, cp.signature, cp.public_key),
        )

    def stored_checkpoints(self) -> list[StoredCheckpoint]:
        """Every checkpoint kept, oldest first."""
        rows = (
            self._reader()
            .execute(
                "SELECT size, head_hash, time, key_id, statement, signature, public_key"
                " FROM audit_checkpoints ORDER BY id"
            )
            .fetchall()
        )
        return [StoredCheckpoint(r[0], r[1], r[2], r[3], bytes(r[4]), bytes(r[5]), bytes(r[6])) for r in rows]

    def describe(self) -> str:
        """Where the events live."""
        return f"sqlite:{self.path}"
