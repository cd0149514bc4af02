"""Support for the audit, council and contest tests (their fixtures ``store`` and ``scorer`` are in conftest.py).

``make_store`` opens an empty store of a backend: SQLite, or PostgreSQL in a fresh schema (skipped
with the reason when PostgreSQL is unreachable); ``drop_store`` closes it and drops the schema.
``Raw`` opens a plain connection to the same tables for tampering.  ``shared_scorer`` scores on
small test sheets (plugin ``audittest``) besides every installed plugin's sheets.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from functools import cache
from typing import Any

import psycopg
import pytest
import trail_env  # noqa: F401  (keys and witnesses in a temporary directory)
from sheet_builders import feature_sheet

from scoring_core.audit.postgres import PostgresStore
from scoring_core.audit.sqlite import SQLiteStore
from scoring_core.audit.store import AuditStore
from scoring_core.plugins.hookspecs import hookimpl
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.engine import RulesEngine
from scoring_core.scoring.pipeline import Scorer
from scoring_core.sheets.sources import SheetSource

PG_URL = os.environ.get("OCOP_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


@cache
def pg_unavailable() -> str | None:
    """Why PostgreSQL cannot be used for tests (None when it can)."""
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return " ".join(f"PostgreSQL unreachable at {PG_URL}: {type(exc).__name__}: {exc}".split())
    return None


def make_store(kind: str, tmp_path: Any) -> AuditStore:
    """A fresh, empty store of ``kind`` (sqlite or postgres)."""
    if kind == "sqlite":
        return SQLiteStore(tmp_path / "audit.sqlite3")
    reason = pg_unavailable()
    if reason:
        pytest.skip(reason)
    return PostgresStore(PG_URL, schema=f"ocop_test_{uuid.uuid4().hex[:12]}")


def drop_store(store: AuditStore) -> None:
    """Close the store; drop its PostgreSQL schema."""
    store.close()
    if isinstance(store, PostgresStore):
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{store.schema}" CASCADE')


class Raw:
    """A plain connection to a store's tables (``?`` placeholders on both backends), for tampering."""

    def __init__(self, store: AuditStore) -> None:
        self.pg = isinstance(store, PostgresStore)
        if self.pg:
            self.conn: Any = psycopg.connect(PG_URL, autocommit=True)
            self.conn.execute(f'SET search_path TO "{store.schema}"')  # type: ignore[attr-defined]
        else:
            self.conn = sqlite3.connect(store.path, isolation_level=None)  # type: ignore[attr-defined]

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement; rows if any."""
        cur = self.conn.execute(sql.replace("?", "%s") if self.pg else sql, params)
        return cur.fetchall() if cur.description else []

    def drop_guards(self) -> None:
        """Remove the append-only triggers (what an attacker with database access would do)."""
        if self.pg:
            for table in ("audit_events", "audit_topics", "audit_checkpoints"):
                for t in ("no_change", "no_truncate"):
                    self.execute(f"DROP TRIGGER {table}_{t} ON {table}")
        else:
            for t in (
                "audit_events_no_update",
                "audit_events_no_delete",
                "audit_topics_no_update",
                "audit_topics_no_delete",
                "audit_checkpoints_no_update",
                "audit_checkpoints_no_delete",
            ):
                self.execute(f"DROP TRIGGER {t}")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def sheet_data(regime: str, number: int, version: int = 1, a11_first: int = 5) -> dict:
    """The feature sheet with one fact rule (A1.1 eliminated when all raw material is imported)."""
    return feature_sheet(regime, number, version=version, a11_first=a11_first) | {
        "rules": [
            {
                "criterion": "A1.1",
                "template": "raw_material_origin",
                "options": {"4": {"when": "all_imported_or_unknown", "quote": "phương án 4"}},
            }
        ],
    }


class AuditTestPlugin:
    """Test sheets 2026/99, 148/99 and 2026/98 (versions 1 and 2, scoring A1.1 option 1 differently)."""

    @hookimpl
    def ocop_sheets(self) -> list[SheetSource]:
        return [
            SheetSource(origin="audittest:2026-99", data=sheet_data("2026", 99)),
            SheetSource(origin="audittest:148-99", data=sheet_data("148", 99)),
            SheetSource(origin="audittest:2026-98-v1", data=sheet_data("2026", 98, 1, a11_first=5)),
            SheetSource(origin="audittest:2026-98-v2", data=sheet_data("2026", 98, 2, a11_first=10)),
        ]


AuditTestPlugin.__test__ = False  # type: ignore[attr-defined]


@cache
def shared_scorer() -> Scorer:
    """One scorer for the whole run: every installed plugin plus ``audittest``."""
    return Scorer(OcopPlugins(block=set(), extra={"audittest": AuditTestPlugin()}), RulesEngine())


BEST = {"A1.1": 3, "A1.2": {"case": 1, "option": 2}, "B5.1": 2, "B5.2": 2, "C6.1": 2, "C6.2": 2}  # 100 points


#: The golden "best" product of the food sheet 2026/07 (100 points).
FOOD_BEST = {
    "A1.1": 3,
    "A1.2": 3,
    "A1.3": 3,
    "A1.4": 3,
    "A1.5": 4,
    "A1.6": 3,
    "A1.7": 2,
    "A2.1": 4,
    "A2.2": 4,
    "A2.3": 3,
    "A2.4": 1,
    "A3.1": 3,
    "A3.2": 2,
    "A3.3": 3,
    "A3.4": 2,
    "A3.5": 3,
    "B4.1": 4,
    "B4.2": 4,
    "B4.3": 5,
    "B5.1": 5,
    "B5.2": 3,
    "B5.3": 4,
    "C6.1": 3,
    "C6.2": 3,
    "C6.3": 4,
    "C6.4": 3,
    "C6.5": 4,
    "C7": 4,
    "C8": 3,
    "C9": 3,
    "C10": 2,
    "C11": 3,
}


def food_sheet_or_skip(scorer: Scorer) -> None:
    """Skip unless the food plugin serves sheet 2026/07."""
    entry = scorer.plugins.sheet("2026", "2026/07")
    if entry is None or not entry.available:
        pytest.skip("sheet 2026/07 is not installed")


def judged(**changes: Any) -> dict[str, Any]:
    """BEST with some criteria changed (``A1_1=2`` sets A1.1; None removes it)."""
    out = dict(BEST)
    for key, value in changes.items():
        cid = key.replace("_", ".")
        if value is None:
            out.pop(cid, None)
        else:
            out[cid] = value
    return out
