"""A witness in a second PostgreSQL database, for servers on several machines sharing one store.

``OCOP_WITNESS=postgresql://…`` (a database the store's holders cannot write: another server,
another role) keeps the witness records in ``ocop_audit_witness``, one row per record and one
``store`` name per audit store, append-only by trigger.  Each append commits on its own
(``synchronous_commit = on``) under a table lock, so row ids follow commit order and a reader
resuming after the last id it saw misses nothing.  The same interface as the witness file.
"""

from __future__ import annotations

import json

import psycopg
import structlog

from scoring_core.audit.witness_log import WitnessEntry

log = structlog.get_logger("ocop.audit.witness")

SCHEMA = """
CREATE TABLE IF NOT EXISTS ocop_audit_witness (
    id    BIGSERIAL PRIMARY KEY,
    store TEXT NOT NULL,
    line  BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS ocop_audit_witness_store ON ocop_audit_witness (store, id);
CREATE OR REPLACE FUNCTION ocop_audit_witness_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ocop_audit_witness is append-only: % is not allowed', TG_OP;
END $$;
CREATE OR REPLACE TRIGGER ocop_audit_witness_no_change BEFORE UPDATE OR DELETE ON ocop_audit_witness
    FOR EACH ROW EXECUTE FUNCTION ocop_audit_witness_append_only();
CREATE OR REPLACE TRIGGER ocop_audit_witness_no_truncate BEFORE TRUNCATE ON ocop_audit_witness
    FOR EACH STATEMENT EXECUTE FUNCTION ocop_audit_witness_append_only();
"""


def same_database(a: str, b: str) -> bool:
    """True when two PostgreSQL URLs name the same database on the same server."""
    da, db = psycopg.conninfo.conninfo_to_dict(a), psycopg.conninfo.conninfo_to_dict(b)
    keys = ("host", "port", "dbname")
    return all(str(da.get(k) or "") == str(db.get(k) or "") for k in keys)


class PostgresWitness:
    """Witness records of one store in a PostgreSQL table."""

    def __init__(self, url: str, store: str) -> None:
        self.url, self.store = url, store
        self.damaged = 0
        self._conn: psycopg.Connection | None = None
        with psycopg.connect(url, autocommit=False) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('ocop-audit-witness-migrate'))")
            conn.execute(SCHEMA)
            conn.commit()

    @property
    def where(self) -> str:
        """The database and store name (no credentials)."""
        info = psycopg.conninfo.conninfo_to_dict(self.url)
        return f"postgresql://{info.get('host', '')}:{info.get('port', '')}/{info.get('dbname', '')}#{self.store}"

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = psycopg.connect(self.url, autocommit=False)
            self._conn.execute("SET synchronous_commit = on")
            self._conn.commit()
        return self._conn

    def exists(self) -> bool:
        """True when the store has witness records."""
        conn = self._connection()
        row = conn.execute("SELECT 1 FROM ocop_audit_witness WHERE store = %s LIMIT 1", (self.store,)).fetchone()
        conn.commit()
        return row is not None

    def append(self, entry: WitnessEntry, sync: bool = True) -> None:
        """Append one record and commit it (durably: ``sync`` is always honoured)."""
        conn = self._connection()
        try:
            conn.execute("LOCK TABLE ocop_audit_witness IN SHARE ROW EXCLUSIVE MODE")
            conn.execute("INSERT INTO ocop_audit_witness (store, line) VALUES (%s, %s)", (self.store, entry.to_line()))
            conn.commit()
        except BaseException:
            if not conn.closed and not conn.broken:
                conn.rollback()
            raise

    def append_if_empty(self, entry: WitnessEntry) -> bool:
        """Append ``entry`` as the store's first record, unless it has one already."""
        conn = self._connection()
        try:
            conn.execute("LOCK TABLE ocop_audit_witness IN SHARE ROW EXCLUSIVE MODE")
            if conn.execute("SELECT 1 FROM ocop_audit_witness WHERE store = %s LIMIT 1", (self.store,)).fetchone():
                conn.rollback()
                return False
            conn.execute("INSERT INTO ocop_audit_witness (store, line) VALUES (%s, %s)", (self.store, entry.to_line()))
            conn.commit()
            return True
        except BaseException:
            if not conn.closed and not conn.broken:
                conn.rollback()
            raise

    def read(self, offset: int = 0) -> tuple[list[WitnessEntry], int]:
        """Records with an id above ``offset``, and the last id read."""
        conn = self._connection()
        rows = conn.execute(
            "SELECT id, line FROM ocop_audit_witness WHERE store = %s AND id > %s ORDER BY id", (self.store, offset)
        ).fetchall()
        conn.commit()
        entries: list[WitnessEntry] = []
        for row_id, line in rows:
            offset = int(row_id)
            try:
                entries.append(WitnessEntry.from_json(json.loads(bytes(line))))
            except (ValueError, KeyError, TypeError, IndexError):
                self.damaged += 1
                log.warning("witness_line_unreadable", witness=self.where, id=row_id)
        return entries, offset

    def entries(self) -> list[WitnessEntry]:
        """Every readable record, in order."""
        return self.read()[0]

    def close(self) -> None:
        """Release the connection."""
        if self._conn is not None:
            self._conn.close()
