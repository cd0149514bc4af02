"""A child process deciding on a shared store (for test_decision_races.py and bench/races.py).

    python tests/decision_child.py STORE OP WORK [ARG...]

STORE is ``sqlite:<path>`` or ``postgres:<url>#<schema>``.  OP is one of

* ``close`` SESSION PID... : close each product (no request_id), one barrier round each;
* ``open`` SID... : open each session (no request_id), one barrier round each;
* ``resolve`` SEQ... : uphold each contest (no request_id), one barrier round each;
* ``kill-close`` SESSION PID / ``kill-resolve`` SEQ : SIGKILL itself inside the write
  transaction, after the first event of the multi-event append is inserted.

Before round ``r`` the child writes ``WORK/ready-<r>-<pid>`` and waits for ``WORK/go-<r>``;
after it, one JSON line per round on stdout: ``{"ok": seq}`` or ``{"refused": code, "reason",
"event"}``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from audit_support import BEST, shared_scorer  # noqa: E402
from product_files import product  # noqa: E402

from scoring_core.audit.store import AuditStore  # noqa: E402
from scoring_core.councils.book import CouncilBook  # noqa: E402
from scoring_core.councils.contests import ContestBook  # noqa: E402
from scoring_core.errors import Refused  # noqa: E402

CHAIR, SECRETARY = "Chủ tịch An", "Thư ký Bình"
MEMBERS = [
    {"name": CHAIR, "role": "chair"},
    {"name": SECRETARY, "role": "secretary"},
    {"name": "Cường"},
    {"name": "Dung"},
    {"name": "Em"},
]
DAY = date(2026, 9, 1)


def open_store(spec: str) -> AuditStore:
    """The store named by ``sqlite:<path>`` or ``postgres:<url>#<schema>``."""
    kind, _, where = spec.partition(":")
    if kind == "sqlite":
        from scoring_core.audit.sqlite import SQLiteStore

        return SQLiteStore(where)
    from scoring_core.audit.postgres import PostgresStore

    url, _, schema = where.rpartition("#")
    return PostgresStore(url, schema=schema)


def kill_inside_transaction(store: AuditStore) -> None:
    """Make the writer insert the first event of a multi-event append, then SIGKILL the process (no commit)."""
    batch_class = sys.modules[type(store).__module__]._Batch
    insert = batch_class.insert

    def first_then_die(self, events):  # type: ignore[no-untyped-def]
        if len(events) > 1:
            insert(self, events[:1])
            os.kill(os.getpid(), signal.SIGKILL)
        insert(self, events)

    batch_class.insert = first_then_die


def barrier(work: Path, round_: int) -> None:
    """Say ready and wait for the parent's go for this round."""
    (work / f"ready-{round_}-{os.getpid()}").touch()
    go = work / f"go-{round_}"
    deadline = time.monotonic() + 120
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go from the parent")
        time.sleep(0.0005)


def answer(action) -> dict:  # type: ignore[no-untyped-def]
    try:
        return {"ok": action()}
    except Refused as exc:
        return {"refused": exc.code, "reason": exc.reason, "event": exc.metadata.get("event", "")}


def main() -> None:
    spec, op, work_dir, *args = sys.argv[1:]
    work = Path(work_dir)
    store = open_store(spec)
    councils = CouncilBook(store, shared_scorer())
    contests = ContestBook(store, councils.scorer, councils)
    try:
        if op == "kill-close":
            kill_inside_transaction(store)
            councils.close(args[0], args[1], by=CHAIR)
            raise SystemExit("still alive after the append")
        if op == "kill-resolve":
            kill_inside_transaction(store)
            contests.resolve(int(args[0]), "upheld", "Minh chứng hợp lệ", by=SECRETARY, role="secretary")
            raise SystemExit("still alive after the append")
        items = args[1:] if op == "close" else args
        for r, item in enumerate(items):
            barrier(work, r)
            if op == "close":
                result = answer(lambda item=item: councils.close(args[0], item, by=CHAIR).event.seq)
            elif op == "open":
                result = answer(
                    lambda item=item: (
                        councils.open_session(
                            level="province",
                            regime="2026",
                            sheet="2026/99",
                            opened_on=DAY,
                            members=MEMBERS,
                            products=[{"product": product("vn-race")["product"]}],
                            actor=CHAIR,
                            session_id=item,
                        ).opened.seq
                    )
                )
            elif op == "resolve":
                result = answer(
                    lambda item=item: (
                        contests.resolve(int(item), "upheld", "Đồng ý", by=SECRETARY, role="secretary").resolved_seq
                    )
                )
            else:
                raise SystemExit(f"unknown op {op}")
            print(json.dumps(result), flush=True)
    finally:
        store.close()


__all__ = ["BEST", "CHAIR", "MEMBERS", "SECRETARY", "main"]

if __name__ == "__main__":
    main()
