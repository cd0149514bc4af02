#!/usr/bin/env python3
"""Reading a council session costs what concerns the session, not what was recorded later about its product.

Records ``--sessions`` sessions (default 150) of the example council (examples/council), one
after the other, all on the same product (four sheets and a result each), then times reading
the oldest and the newest session:

* ``topic``: ``CouncilBook.session`` as it is now, through the topics index
  (``council/<session>``: the session's own sheets and results);
* ``scan``: the read it replaces, every event about the product after the session was opened,
  each parsed to see whether it belongs to the session.

    python bench/history.py                       # SQLite in a temporary directory
    python bench/history.py --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring_core.audit import open_store  # noqa: E402
from scoring_core.audit.events import EventKind  # noqa: E402
from scoring_core.councils.book import CouncilBook, ProductState  # noqa: E402
from scoring_core.councils.council import SessionSpec  # noqa: E402
from scoring_core.scoring.pipeline import Scorer  # noqa: E402

SESSION = yaml.safe_load((ROOT / "examples" / "council" / "session.yaml").read_text("utf-8"))
SHEETS = {
    (d := yaml.safe_load(p.read_text("utf-8")))["member"]: d["judgements"]
    for p in sorted((ROOT / "examples" / "council" / "sheets").glob("*.yaml"))
    if "round1" not in p.name
}


def scan_session(book: CouncilBook, session_id: str) -> dict[str, ProductState]:
    """The previous read: every later event about each product, filtered by session."""
    opened = next(book.store.events(subject=f"council/{session_id}", kind=EventKind.COUNCIL_OPENED))
    spec = SessionSpec.model_validate(opened.payload)
    products = {d.product.id: ProductState(d) for d in spec.products}
    for pid, st in products.items():
        for ev in book.store.events(opened.seq + 1, subject=pid):
            if ev.payload.get("session") != session_id:
                continue
            if ev.kind == EventKind.MEMBER_SHEET_SUBMITTED and ev.payload.get("revision_of") is None:
                st.sheets[ev.payload["member"]] = ev
            elif ev.kind == EventKind.COUNCIL_RESULT:
                st.results.append(ev)
                st.final = ev
    return products


def timed(fn: Any, repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def run(sessions: int, database_url: str | None, repeat: int) -> dict[str, Any]:
    """Record the sessions, then time the reads."""
    work = Path(tempfile.mkdtemp(prefix="ocop-history-"))
    schema = f"ocop_history_{uuid.uuid4().hex[:10]}" if database_url else None
    store = open_store(work, database_url, schema=schema)
    try:
        book = CouncilBook(store, Scorer())
        chair = SESSION["members"][0]["name"]
        ids = []
        started = time.monotonic()
        for i in range(sessions):
            sid = f"hd-{i:03d}"
            book.open_session(
                level=SESSION["level"],
                regime=SESSION["regime"],
                sheet=SESSION["sheet"],
                members=SESSION["members"],
                products=SESSION["products"],
                opened_on=date.fromisoformat(SESSION["opened_on"]),
                actor=chair,
                session_id=sid,
            )
            pid = SESSION["products"][0]["product"]["id"]
            for m in SESSION["members"][:4]:
                book.submit(sid, pid, m["name"], SHEETS[m["name"]])
            book.close(sid, pid, by=chair)
            ids.append(sid)
        recorded = round(time.monotonic() - started, 1)
        oldest, newest = ids[0], ids[-1]
        assert scan_session(book, oldest).keys() == book.session(oldest).products.keys()
        assert book.session(oldest).products[pid].final == scan_session(book, oldest)[pid].final
        return {
            "backend": "postgresql" if database_url else "sqlite",
            "sessions": sessions,
            "events": store.size(),
            "record_seconds": recorded,
            "topic_oldest_ms": timed(lambda: book.session(oldest), repeat),
            "topic_newest_ms": timed(lambda: book.session(newest), repeat),
            "scan_oldest_ms": timed(lambda: scan_session(book, oldest), repeat),
            "scan_newest_ms": timed(lambda: scan_session(book, newest), repeat),
        }
    finally:
        store.close()
        if schema:
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as conn:  # type: ignore[arg-type]
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.sessions, args.database_url, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
