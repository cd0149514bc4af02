"""Trail bench: what proving the trail costs at start and on disk.

A SQLite store in a temporary directory, guarded by its witness, receives ``N`` recorded
evaluations (real ``evaluation_recorded`` payloads of scored products, 64 appends in flight, so
they share group commits as in service).  Then: the check at start from the last witnessed head
(the default), the full check at start (``--verify-at-start full``), a full ``ocop audit verify``
against the witness, and the witness's size per event.  Then the store alone (64 threads appending small events, no
scoring) without and with the witness: appends/s, group commits/s and the time of one group
commit, the difference being the cost of its witnessed, signed checkpoint.  The cost on recording
throughput (scoring included) is in ``recorded.py`` (with and without the witness, in one run).
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import mixed_products
from recorded import _pg_problem, pg_url

from scoring_core.audit import open_store
from scoring_core.audit.trail import check_at_start, open_trail
from scoring_core.audit.verify import verify
from scoring_core.audit.witness import Witness, WitnessGuard
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import evaluation_record
from scoring_core.scoring.request import ScoreRequest


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _appends(store: Any, seconds: float, payload: dict[str, Any], callers: int = 64) -> tuple[float, float, float]:
    """Appends/s, commits/s and the mean time of one group commit (ms), ``callers`` threads appending."""
    stop_at = time.perf_counter() + seconds
    counts = [0] * callers

    def caller(k: int) -> None:
        while time.perf_counter() < stop_at:
            store.append("plugin_seen", payload, actor="bench")
            counts[k] += 1

    batches0 = store.batches
    threads = [threading.Thread(target=caller, args=(k,)) for k in range(callers)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    commits = store.batches - batches0
    return sum(counts) / elapsed, commits / elapsed, elapsed / commits * 1e3 if commits else 0.0


def commit_cost(seconds: float) -> dict[str, Any]:
    """Group commits per second of the store alone (no scoring), without and with the witness."""
    payload = {"plugin": "bench", "version": "1.0", "sheets": ["2026/07"] * 8}
    figures: dict[str, Any] = {}
    backends = ["sqlite"] + (["postgres"] if _pg_problem(pg_url()) is None else [])
    for backend in backends:
        for witnessed in (0, 1, 64):
            with tempfile.TemporaryDirectory(prefix="ocop-bench-trail-") as tmp:
                schema = f"ocop_bench_{uuid.uuid4().hex[:12]}"
                if backend == "sqlite":
                    store = open_store(data_dir=Path(tmp) / "data", database_url="")
                else:
                    store = open_store(database_url=pg_url(), schema=schema)
                try:
                    if witnessed:
                        where = Path(tmp) / "w"
                        open_trail(
                            store,
                            data_dir=Path(tmp) / "data",
                            key=Path(tmp) / "k.pem",
                            witness=where,
                            sign_every=witnessed,
                        )
                    for _ in range(20):
                        store.append("plugin_seen", payload, actor="bench")
                    figures[(backend, witnessed)] = _appends(store, seconds, payload)
                finally:
                    store.close()
                    if backend == "postgres":
                        import psycopg

                        with psycopg.connect(pg_url(), autocommit=True) as conn:
                            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(f"trail: the store alone, 64 callers appending small events, {seconds:g} s per run")
    for backend in backends:
        a0, c0, t0 = figures[(backend, 0)]
        for every, label in ((1, "signed every group commit"), (64, "--checkpoint-every 64")):
            a1, c1, t1 = figures[(backend, every)]
            print(
                f"  {backend:8} {label:26} {a0:6.0f} -> {a1:6.0f} appends/s, {c0:4.0f} -> {c1:4.0f} group commits/s, "
                f"{t0:5.2f} -> {t1:5.2f} ms per group commit ({t1 - t0:+.2f} ms)"
            )
    return {f"{b}/every-{w}" if w else b: v for (b, w), v in figures.items()}


def run(quick: bool = False) -> dict[str, Any]:
    """Fill a witnessed store and time the checks; print and return the figures."""
    n = 2000 if quick else 20000
    scorer = Scorer()
    requests = [ScoreRequest.parse(p) for p in mixed_products(50, seed=5, sheets=["2026/07", "2026/01", "2026/12"])]
    payloads = []
    for r in requests:
        ev = scorer.score(r)
        payloads.append(
            (ev.product["id"], {"product_id": ev.product["id"], "evaluation": evaluation_record(r, ev, scorer.policy)})
        )
    with tempfile.TemporaryDirectory(prefix="ocop-bench-trail-") as tmp:
        store = open_store(data_dir=Path(tmp) / "data", database_url="")
        key, where = Path(tmp) / "signing_key.pem", Path(tmp) / "witness"
        try:
            trail = open_trail(store, data_dir=Path(tmp) / "data", key=key, witness=where)
            fill, _ = _timed(
                lambda: [
                    f.result()
                    for i in range(0, n, 64)
                    for f in [
                        store.append_async(
                            "evaluation_recorded",
                            payloads[j % len(payloads)][1],
                            actor="bench",
                            subject=payloads[j % len(payloads)][0],
                        )
                        for j in range(i, min(n, i + 64))
                    ]
                ]
            )
            body = sum(len(e.body) for e in store.events(1, 200)) / 200
            size = trail.guard.witness.path.stat().st_size

            def fresh() -> WitnessGuard:
                return WitnessGuard(Witness(trail.guard.witness.path), trail.signer)

            tail, report = _timed(lambda: check_at_start(store, fresh()))
            assert report.ok, report.problem_en
            full, report = _timed(lambda: check_at_start(store, fresh(), full=True))
            assert report.ok, report.problem_en
            audit, report = _timed(lambda: verify(store, witness=fresh().current))
            assert report.ok and report.witnessed == n, report.problem_en
        finally:
            store.close()
    print(f"trail: {n} recorded evaluations ({body / 1024:.1f} KiB each), SQLite, witnessed, {fill:.1f} s to record")
    print(f"  check at start from the last witnessed head: {tail * 1e3:8.1f} ms")
    print(f"  check at start, whole chain (full):          {full * 1e3:8.1f} ms  ({full / n * 1e6:.0f} µs per event)")
    print(f"  ocop audit verify against the witness:        {audit * 1e3:8.1f} ms")
    print(f"  witness size: {size / n:.0f} bytes per event ({size / 1e6:.1f} MB)")
    store_alone = commit_cost(1.5 if quick else 4.0)
    return {
        "store_alone": store_alone,
        "events": n,
        "check_at_start_tail_ms": tail * 1e3,
        "check_at_start_full_ms": full * 1e3,
        "verify_ms": audit * 1e3,
        "witness_bytes_per_event": size / n,
    }


if __name__ == "__main__":
    run("--quick" in sys.argv)
