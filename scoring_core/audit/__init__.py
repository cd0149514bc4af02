"""The audit trail: append-only hash-chained events, signed checkpoints, verification and replay.

``open_store()`` picks the backend: PostgreSQL when OCOP_DATABASE_URL (or ``database_url``) is
set, else the embedded SQLite file ``<data dir>/audit.sqlite3`` (OCOP_DATA_DIR, default ./var).
"""

from __future__ import annotations

import os
from pathlib import Path

from scoring_core.audit.events import GENESIS, Event, EventKind, canonical_bytes, chain_hash
from scoring_core.audit.store import AuditStore, StoreClosed, default_data_dir

SQLITE_FILE = "audit.sqlite3"


def open_store(
    data_dir: str | Path | None = None, database_url: str | None = None, schema: str | None = None
) -> AuditStore:
    """The configured audit store (PostgreSQL if a URL is given or set, else SQLite)."""
    url = database_url or os.environ.get("OCOP_DATABASE_URL")
    if url:
        from scoring_core.audit.postgres import PostgresStore

        return PostgresStore(url, schema=schema)
    from scoring_core.audit.sqlite import SQLiteStore

    return SQLiteStore(default_data_dir(data_dir) / SQLITE_FILE)


__all__ = [
    "GENESIS",
    "AuditStore",
    "Event",
    "EventKind",
    "StoreClosed",
    "canonical_bytes",
    "chain_hash",
    "default_data_dir",
    "open_store",
]
