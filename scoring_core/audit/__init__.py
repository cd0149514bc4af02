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
        try:
            from scoring_core.audit.postgres import PostgresStore
        except ImportError as exc:  # psycopg comes with the extra "postgres" only
            raise _needs_postgres_extra(exc) from exc
        return PostgresStore(url, schema=schema)
    from scoring_core.audit.sqlite import SQLiteStore

    return SQLiteStore(default_data_dir(data_dir) / SQLITE_FILE)


def _needs_postgres_extra(exc: ImportError) -> Exception:
    from scoring_core.errors import Refused

    return Refused(
        "failed_precondition",
        f"OCOP_DATABASE_URL (or --database-url) is set, so the audit trail is kept in PostgreSQL, which needs "
        f"the extra 'postgres': pip install 'ocop-scoring[postgres]' (cannot import {exc.name or 'psycopg'})",
        "Đã đặt OCOP_DATABASE_URL (hoặc --database-url) nên nhật ký kiểm toán lưu trong PostgreSQL, cần cài phần "
        "bổ sung 'postgres': pip install 'ocop-scoring[postgres]'",
        reason="POSTGRES_EXTRA_MISSING",
    )


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
