"""The server audit store: PostgreSQL (OCOP_DATABASE_URL), tables in one schema.

UPDATE, DELETE and TRUNCATE raise in the database (triggers).  Each write batch locks the
events table in EXCLUSIVE mode (readers go on; other writers, in any process, wait), re-reads
the head, inserts and commits with ``synchronous_commit = on`` (acknowledged after the WAL flush).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
import structlog
from psycopg import sql
from psycopg_pool import ConnectionPool

from scoring_core.audit.events import GENESIS, SESSION_KINDS, Event, topics_of
from scoring_core.audit.store import AuditStore, StoredCheckpoint, WriteBatch

log = structlog.get_logger("ocop.audit.postgres")

EVENT_COLUMNS = "seq, kind, time, actor, request_id, subject, prev_hash, hash, body"
CHECKPOINT_COLUMNS = "size, head_hash, time, key_id, statement, signature, public_key"

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {events} (
    seq        BIGINT PRIMARY KEY,
    kind       TEXT NOT NULL,
    time       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    subject    TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    body       BYTEA NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS audit_events_request_id ON {events} (request_id);
CREATE INDEX IF NOT EXISTS audit_events_subject ON {events} (subject, seq);
CREATE INDEX IF NOT EXISTS audit_events_kind ON {events} (kind, seq);
CREATE INDEX IF NOT EXISTS audit_events_subject_kind ON {events} (subject, kind, seq);
CREATE TABLE IF NOT EXISTS {topics} (
    topic TEXT NOT NULL,
    seq   BIGINT NOT NULL,
    PRIMARY KEY (topic, seq)
);
CREATE TABLE IF NOT EXISTS {checkpoints} (
    id         BIGSERIAL PRIMARY KEY,
    size       BIGINT NOT NULL,
    head_hash  TEXT NOT NULL,
    time       TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    statement  BYTEA NOT NULL,
    signature  BYTEA NOT NULL,
    public_key BYTEA NOT NULL
);
CREATE OR REPLACE FUNCTION {guard}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END $$;
CREATE OR REPLACE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON {events}
    FOR EACH ROW EXECUTE FUNCTION {guard}();
CREATE OR REPLACE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON {events}
    FOR EACH STATEMENT EXECUTE FUNCTION {guard}();
CREATE OR REPLACE TRIGGER audit_topics_no_change BEFORE UPDATE OR DELETE ON {topics}
    FOR EACH ROW EXECUTE FUNCTION {guard}();
CREATE OR REPLACE TRIGGER audit_topics_no_truncate BEFORE TRUNCATE ON {topics}
    FOR EACH STATEMENT EXECUTE FUNCTION {guard}();
CREATE OR REPLACE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON {checkpoints}
    FOR EACH ROW EXECUTE FUNCTION {guard}();
CREATE OR REPLACE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON {checkpoints}
    FOR EACH STATEMENT EXECUTE FUNCTION {guard}();
"""


def _event(row: Sequence[Any]) -> Event:
    return Event(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], bytes(row[8]))


class _Batch(WriteBatch):
    def __init__(self, conn: psycopg.Connection, q: dict[str, sql.Composed]) -> None:
        self.conn = conn
        self.q = q

    def head(self) -> tuple[int, str]:
        row = self.conn.execute(self.q["head"]).fetchone()
        return (int(row[0]), row[1]) if row else (0, GENESIS)

    def existing(self, request_ids: Sequence[str]) -> dict[str, Event]:
        rows = self.conn.execute(self.q["by_request_ids"], (list(request_ids),)).fetchall()
        return {row[4]: _event(row) for row in rows}

    def insert(self, events: Sequence[Event]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(
                self.q["insert"],
                [
                    (e.seq, e.kind, e.time, e.actor, e.request_id, e.subject, e.prev_hash, e.hash, e.body)
                    for e in events
                ],
            )
            topics = [(t, e.seq) for e in events for t in topics_of(e.kind, e.body)]
            if topics:
                cur.executemany(self.q["insert_topic"], topics)

    def last_on(self, subject: str) -> Event | None:
        row = self.conn.execute(self.q["last_on"], (subject,)).fetchone()
        return _event(row) if row else None

    def first_on(self, subject: str, kind: str) -> Event | None:
        row = self.conn.execute(self.q["first_on"], (subject, kind)).fetchone()
        return _event(row) if row else None


class PostgresStore(AuditStore):
    """Audit events in PostgreSQL, in ``schema`` (default OCOP_DATABASE_SCHEMA or ``public``)."""

    _db_errors = (psycopg.Error,)

    def __init__(self, url: str, schema: str | None = None, pool_size: int = 4) -> None:
        super().__init__()
        self.url = url
        self.schema = schema or os.environ.get("OCOP_DATABASE_SCHEMA") or "public"
        events = sql.Identifier(self.schema, "audit_events")
        checkpoints = sql.Identifier(self.schema, "audit_checkpoints")
        topics = sql.Identifier(self.schema, "audit_topics")
        cols, cp_cols = sql.SQL(EVENT_COLUMNS), sql.SQL(CHECKPOINT_COLUMNS)
        e_cols = sql.SQL(", ".join(f"e.{c}" for c in EVENT_COLUMNS.split(", ")))
        self._q = {
            "lock": sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(events),
            "head": sql.SQL("SELECT seq, hash FROM {} ORDER BY seq DESC LIMIT 1").format(events),
            "by_request_ids": sql.SQL("SELECT {} FROM {} WHERE request_id = ANY(%s)").format(cols, events),
            "get": sql.SQL("SELECT {} FROM {} WHERE seq = %s").format(cols, events),
            "insert": sql.SQL("INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)").format(events, cols),
            "insert_topic": sql.SQL("INSERT INTO {} (topic, seq) VALUES (%s, %s) ON CONFLICT DO NOTHING").format(
                topics
            ),
            "last_on": sql.SQL("SELECT {} FROM {} WHERE subject = %s ORDER BY seq DESC LIMIT 1").format(cols, events),
            "first_on": sql.SQL("SELECT {} FROM {} WHERE subject = %s AND kind = %s ORDER BY seq LIMIT 1").format(
                cols, events
            ),
            "topic_page": sql.SQL(
                "SELECT {} FROM {} t JOIN {} e ON e.seq = t.seq WHERE t.topic = %s AND t.seq > %s"
                " ORDER BY t.seq LIMIT %s"
            ).format(e_cols, topics, events),
            "topic_rows": sql.SQL(
                "SELECT seq, topic FROM {} WHERE seq > %s OR (seq = %s AND topic > %s) ORDER BY seq, topic LIMIT %s"
            ).format(topics),
            "session_events": sql.SQL("SELECT kind, seq, body FROM {} WHERE kind = ANY(%s)").format(events),
            "any_topic": sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(topics),
            **{
                f"page{k}{s}": sql.SQL("SELECT {} FROM {} WHERE seq > %s{}{} ORDER BY seq LIMIT %s").format(
                    cols, events, sql.SQL(" AND kind = %s" if k else ""), sql.SQL(" AND subject = %s" if s else "")
                )
                for k in (0, 1)
                for s in (0, 1)
            },
            "add_checkpoint": sql.SQL("INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s, %s, %s)").format(
                checkpoints, cp_cols
            ),
            "checkpoints": sql.SQL("SELECT {} FROM {} ORDER BY id").format(cp_cols, checkpoints),
        }
        self._wconn: psycopg.Connection | None = None
        self._migrate(events, checkpoints, topics)
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, kwargs={"autocommit": True}, open=True)
        log.info("audit_store_opened", backend="postgresql", schema=self.schema, size=self.size())
        self._start()

    def _migrate(self, events: sql.Identifier, checkpoints: sql.Identifier, topics: sql.Identifier) -> None:
        ddl = sql.SQL(SCHEMA).format(
            schema=sql.Identifier(self.schema),
            events=events,
            checkpoints=checkpoints,
            topics=topics,
            guard=sql.Identifier(self.schema, "audit_append_only"),
        )
        with psycopg.connect(self.url, autocommit=False) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"ocop-audit-migrate:{self.schema}",))
            conn.execute(ddl)
            row = conn.execute(self._q["any_topic"]).fetchone()
            if row is not None and not row[0]:  # a store from before topics: file them
                conn.execute(self._q["lock"])
                rows = conn.execute(self._q["session_events"], (sorted(SESSION_KINDS),)).fetchall()
                with conn.cursor() as cur:
                    cur.executemany(
                        self._q["insert_topic"],
                        [(t, int(seq)) for kind, seq, body in rows for t in topics_of(kind, bytes(body))],
                    )
            conn.commit()

    def _writer_conn(self) -> psycopg.Connection:
        if self._wconn is None or self._wconn.closed or self._wconn.broken:
            self._wconn = psycopg.connect(self.url, autocommit=False)
            self._wconn.execute("SET synchronous_commit = on")
            self._wconn.commit()
        return self._wconn

    @contextmanager
    def _begin(self) -> Iterator[WriteBatch]:
        conn = self._writer_conn()
        try:
            conn.execute(self._q["lock"])
            yield _Batch(conn, self._q)
            conn.commit()
        except BaseException:
            if not conn.closed and not conn.broken:
                conn.rollback()
            raise

    def _close_backend(self) -> None:
        if self._wconn is not None:
            self._wconn.close()
        self._pool.close()

    # -- reading -----------------------------------------------------------------------------
    def head(self) -> tuple[int, str]:
        """(number of events, hash of the last one)."""
        with self._pool.connection() as conn:
            return _Batch(conn, self._q).head()

    def get(self, seq: int) -> Event | None:
        """The event at ``seq``."""
        with self._pool.connection() as conn:
            row = conn.execute(self._q["get"], (seq,)).fetchone()
        return _event(row) if row else None

    def by_request_id(self, request_id: str) -> Event | None:
        """The event stored under ``request_id``."""
        with self._pool.connection() as conn:
            return _Batch(conn, self._q).existing([request_id]).get(request_id)

    def _page(self, after: int, limit: int, kind: str | None, subject: str | None) -> list[Event]:
        args = [after, *([kind] if kind is not None else []), *([subject] if subject is not None else []), limit]
        query = self._q[f"page{int(kind is not None)}{int(subject is not None)}"]
        with self._pool.connection() as conn:
            rows = conn.execute(query, args).fetchall()
        return [_event(r) for r in rows]

    def _topic_page(self, topic: str, after: int, limit: int) -> list[Event]:
        with self._pool.connection() as conn:
            rows = conn.execute(self._q["topic_page"], (topic, after, limit)).fetchall()
        return [_event(r) for r in rows]

    def _topic_rows(self, after: tuple[int, str], limit: int) -> list[tuple[int, str]]:
        with self._pool.connection() as conn:
            rows = conn.execute(self._q["topic_rows"], (after[0], after[0], after[1], limit)).fetchall()
        return [(int(seq), str(topic)) for seq, topic in rows]

    def last_on(self, subject: str) -> Event | None:
        """The latest event on ``subject``."""
        with self._pool.connection() as conn:
            return _Batch(conn, self._q).last_on(subject)

    # -- checkpoints ---------------------------------------------------------------------------
    def add_checkpoint(self, checkpoint: StoredCheckpoint) -> None:
        """Keep a signed checkpoint."""
        cp = checkpoint
        with self._pool.connection() as conn:
            conn.execute(
                self._q["add_checkpoint"],
                (cp.size, cp.head_hash, cp.time, cp.key_id, cp.statement, cp.signature, cp.public_key),
            )

    def stored_checkpoints(self) -> list[StoredCheckpoint]:
        """Every checkpoint kept, oldest first."""
        with self._pool.connection() as conn:
            rows = conn.execute(self._q["checkpoints"]).fetchall()
        return [StoredCheckpoint(int(r[0]), r[1], r[2], r[3], bytes(r[4]), bytes(r[5]), bytes(r[6])) for r in rows]

    def describe(self) -> str:
        """Where the events live (the URL without credentials)."""
        info = psycopg.conninfo.conninfo_to_dict(self.url)
        return f"postgresql://{info.get('host', '')}:{info.get('port', '')}/{info.get('dbname', '')}#{self.schema}"
