"""Trail bench: what proving the trail costs at start and on disk.

A SQLite store in a temporary directory, guarded by its witness, receives ``N`` recorded
evaluations (real ``evaluation_recorded`` payloads of scored products, 64 appends in flight, so
they share group commits as in service).  Then: the check at start from the last witnessed head
(the default), the full check at start (``--verify-at-start full``), a full ``ocop audit verify``
against the witness, and the witness's size per event.  The per-commit cost on recording
throughput is in ``recorded.py`` (with and without the witness, in one run).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import mixed_products

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
    return {
        "events": n,
        "check_at_start_tail_ms": tail * 1e3,
        "check_at_start_full_ms": full * 1e3,
        "verify_ms": audit * 1e3,
        "witness_bytes_per_event": size / n,
    }


if __name__ == "__main__":
    run("--quick" in sys.argv)
