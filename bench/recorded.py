"""Recorded bench: evaluations scored and recorded durably per second, and their p99, on SQLite and PostgreSQL.

In each process (1, then 2 processes at once, as with ``--processes 2``; each opens its own store,
and the writers of both serialise on the chain head), ``CALLERS`` threads loop: score a realistic
product (``Scorer.score``), then record it
with ``scoring_core.scoring.replay.record_evaluation`` (an ``evaluation_recorded`` event holding the
request and the whole result) and wait for the acknowledgement.  The store's writer commits
appends in groups: one transaction, one commit (the fsync: SQLite WAL with ``synchronous=FULL``;
PostgreSQL with ``synchronous_commit=on``) for every append queued meanwhile, and no caller is
acknowledged before the commit that covers its event.  Latency is per evaluation, from scoring
to acknowledgement.  The SQLite file lives in a temporary directory (removed afterwards); the
PostgreSQL events go to a fresh schema that is dropped afterwards.

Each configuration runs twice in one run: the store alone, then with the witness guard of a
server (``scoring_core.audit.trail.open_trail``): every group commit appends an fsynced intent
with the batch's event hashes and an Ed25519 checkpoint of its new head to a witness file
outside the store before it commits, and a committed mark after; the difference is the cost of a
checkpoint per group commit.  The key and the witness live in a temporary directory.

PostgreSQL: ``OCOP_BENCH_DATABASE_URL`` (else ``OCOP_TEST_DATABASE_URL``, else
``postgresql://postgres@127.0.0.1:5432/test``); only a server on this machine is used, and the
bench says so when none answers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import median, mixed_products, percentile, target

from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest

CALLERS = 64
LOCAL = {"127.0.0.1", "localhost", "::1", ""}


def pg_url() -> str:
    return (
        os.environ.get("OCOP_BENCH_DATABASE_URL")
        or os.environ.get("OCOP_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/test"
    )


def _pg_problem(url: str) -> str | None:
    """Why PostgreSQL cannot be used here (None when it can)."""
    try:
        import psycopg

        host = psycopg.conninfo.conninfo_to_dict(url).get("host", "")
        if host not in LOCAL and not str(host).startswith("/"):
            return f"{host} is not on this machine (the benches only talk to 127.0.0.1)"
        with psycopg.connect(url, connect_timeout=3) as conn:
            settings = {k: conn.execute(f"SHOW {k}").fetchone()[0] for k in ("fsync", "synchronous_commit")}
        if settings != {"fsync": "on", "synchronous_commit": "on"}:
            return f"the server does not flush its WAL on commit ({settings}): not full durability"
    except Exception as exc:
        return f"PostgreSQL unreachable: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
    return None


_JOB: dict[str, Any] = {}


def _open(backend: str, where: str, trail: str | None = None) -> Any:
    """The store; with ``trail`` (a directory), guarded by a witness and key kept there."""
    from scoring_core.audit import open_store
    from scoring_core.audit.trail import open_trail

    if backend == "sqlite":
        store = open_store(data_dir=where, database_url="")
    else:
        store = open_store(database_url=pg_url(), schema=where)
    if trail is not None:
        data_dir = where if backend == "sqlite" else None
        open_trail(store, data_dir=data_dir, key=Path(trail) / "signing_key.pem", witness=Path(trail) / "witness")
    return store


def _record(args: tuple[str, str, float, float, int, str | None]) -> dict[str, Any]:
    """One process: open the store, record from CALLERS threads from ``start_at`` for ``seconds``."""
    import logging

    import structlog

    from scoring_core.scoring.replay import record_evaluation

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    backend, where, start_at, seconds, part, trail = args
    scorer: Scorer = _JOB["scorer"]
    requests: list[ScoreRequest] = _JOB["requests"][part :: _JOB["parts"]]
    time.sleep(0.3 * part)  # one at a time: two processes opening one SQLite file at once can be refused
    store = _open(backend, where, trail)
    try:
        for r in requests[:10]:  # warm up (connections, statements)
            record_evaluation(store, r, scorer.score(r), actor="bench", policy=scorer.policy)
        batches0, events0 = store.batches, store.batched_events
        latencies: list[list[float]] = [[] for _ in range(CALLERS)]
        errors: list[BaseException] = []
        tag = uuid.uuid4().hex[:8]
        time.sleep(max(0.0, start_at - time.time()))
        stop_at = time.perf_counter() + seconds

        def caller(k: int) -> None:
            i = k
            mine = latencies[k]
            try:
                while time.perf_counter() < stop_at:
                    r = requests[i % len(requests)]
                    start = time.perf_counter()
                    ev = scorer.score(r)
                    record_evaluation(store, r, ev, actor="bench", policy=scorer.policy, request_id=f"b{tag}-{k}-{i}")
                    mine.append((time.perf_counter() - start) * 1e3)
                    i += CALLERS
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=caller, args=(k,), name=f"bench-caller-{k}") for k in range(CALLERS)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        if errors:
            raise errors[0]
        return {
            "latencies": [x for per in latencies for x in per],
            "elapsed": elapsed,
            "warm": 10,
            "commits": store.batches - batches0,
            "events": store.batched_events - events0,
        }
    finally:
        store.close()


def bench_backend(backend: str, where: str, processes: int, seconds: float, trail: str | None = None) -> dict[str, Any]:
    """Record from ``processes`` forked processes at once (each with its own store connection and
    writer; they serialise on the chain head); evaluations/s, latencies, events per commit.
    With ``trail``, every group commit is witnessed and signed first."""
    _JOB["parts"] = processes
    _open(backend, where, trail).close()  # the schema exists (and SQLite is in WAL mode) before they start
    start_at = time.time() + 2.0 + processes  # every process warmed up and waiting
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_record, [(backend, where, start_at, seconds, p, trail) for p in range(processes)])
    flat = [x for part in parts for x in part["latencies"]]
    store = _open(backend, where)
    try:
        stored = store.size()
    finally:
        store.close()
    recorded = sum(len(p["latencies"]) + p["warm"] for p in parts)
    assert stored >= recorded, (stored, recorded)  # every acknowledged event is there
    commits = sum(p["commits"] for p in parts)
    return {
        "rate": len(flat) / max(p["elapsed"] for p in parts),
        "p50_ms": median(flat),
        "p99_ms": percentile(flat, 99),
        "events": len(flat),
        "commits": commits,
        "per_commit": sum(p["events"] for p in parts) / commits if commits else 0.0,
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run the recorded bench on both backends; print and return figures and targets."""
    try:
        from scoring_core.audit import open_store  # noqa: F401
    except ImportError as exc:  # the audit store is not there yet
        print(f"recorded: skipped, scoring_core.audit has no open_store ({exc})")
        return {
            "targets": [
                target(
                    "recorded: evaluations/s at full durability (SQLite)",
                    None,
                    1000,
                    "/s",
                    at_most=False,
                    note="audit store missing",
                )
            ]
        }
    seconds = 1.5 if quick else 4.0
    _JOB["scorer"] = scorer = Scorer()
    products = mixed_products(600, seed=23, sheets=[f"2026/{n:02d}" for n in range(1, 27)])
    _JOB["requests"] = requests = [ScoreRequest.parse(p) for p in products]
    for r in requests[:60]:  # compile the rulesets before forking
        scorer.score(r)
    gc.collect()
    gc.freeze()  # shared with the forked processes, untouched by their collectors
    print(
        f"recorded: score + durable append of an evaluation_recorded event, {CALLERS} callers per process, "
        f"{seconds:g} s per run"
    )
    results: dict[str, Any] = {}
    problem = _pg_problem(pg_url())
    for processes in (1, 2):
        for witnessed in (False, True):
            suffix = "/witnessed" if witnessed else ""
            with tempfile.TemporaryDirectory(prefix="ocop-bench-") as tmp:
                trail = str(Path(tmp) / "trail") if witnessed else None
                data = str(Path(tmp) / "data")
                results[f"sqlite/{processes}{suffix}"] = bench_backend("sqlite", data, processes, seconds, trail)
                if problem is None:
                    import psycopg

                    schema = f"ocop_bench_{uuid.uuid4().hex[:12]}"
                    try:
                        results[f"postgres/{processes}{suffix}"] = bench_backend(
                            "postgres", schema, processes, seconds, trail
                        )
                    finally:
                        with psycopg.connect(pg_url(), autocommit=True) as conn:
                            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    names = {"sqlite": "SQLite (WAL, synchronous=FULL)", "postgres": "PostgreSQL (synchronous_commit=on)"}
    for key, r in results.items():
        backend, processes, *witnessed = key.split("/")
        label = f"{names[backend]}, {processes} process{'es' if processes != '1' else ''}"
        label += ", witnessed" if witnessed else ""
        print(
            f"  {label:58} {r['rate']:7.0f} evaluations/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms"
            f"  ({r['events']} events in {r['commits']} commits, {r['per_commit']:.1f} per commit)"
        )
    for key, r in results.items():
        if key.endswith("/witnessed") and key.removesuffix("/witnessed") in results:
            plain = results[key.removesuffix("/witnessed")]
            print(
                f"  checkpoint per group commit, {key.removesuffix('/witnessed'):12}: "
                f"{plain['rate']:7.0f} -> {r['rate']:7.0f} evaluations/s "
                f"({(r['rate'] / plain['rate'] - 1) * 100:+.1f} %),"
                f" p99 {plain['p99_ms']:.1f} -> {r['p99_ms']:.1f} ms"
            )
    if problem is not None:
        print(f"  PostgreSQL: skipped: {problem}")

    def best(backend: str) -> float | None:
        rates = [r["rate"] for k, r in results.items() if k.startswith(backend) and k.endswith("/witnessed")]
        return max(rates) if rates else None

    targets = [
        target(
            "recorded: evaluations/s at full durability, witnessed (SQLite, best of 1/2 processes)",
            best("sqlite"),
            1000,
            "/s",
            at_most=False,
        ),
        target(
            "recorded: evaluations/s at full durability, witnessed (PostgreSQL, best of 1/2 processes)",
            best("postgres"),
            1000,
            "/s",
            at_most=False,
            note=problem or "",
        ),
    ]
    return {"backends": results, "targets": targets}


if __name__ == "__main__":
    run("--quick" in sys.argv)
