"""Hostile-input bench: a seeded fuzz of 10,000 requests over every RPC, every role; then 16 idle streams.

    ./dev bench --only fuzz          # or: .venv/bin/python bench/fuzz.py [--count N] [--seed S]

The server is the real one (every service, the authorization file of the tests' identities, a
fresh SQLite audit store) in this process, with the core and builtin plugins plus the ``grpctest``
sheets the seeded session uses.  ``tests/fuzz_support.py`` builds the requests (a valid request
per method with one to three fields made hostile) and checks every answer: no INTERNAL or UNKNOWN,
a rich status on every error, error trailers under 8 KB, nothing written by a rejected request,
every BatchScore item answered.  Then 16 BatchScore streams are held open and idle while Score is
called: every call must be answered.  Figures: counts by status, problems, writes from rejected
requests, the largest error, requests/s, health after, Score latency with the streams held.
"""

from __future__ import annotations

import argparse
import json
import queue
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import grpc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzz_support import Fuzz, product  # noqa: E402
from grpc_audit_support import ADMIN, write_auth_file  # noqa: E402
from grpc_support import GrpcTestPlugin, TestScorer, start  # noqa: E402
from products import target  # noqa: E402

from scoring_core.audit.sqlite import SQLiteStore  # noqa: E402
from scoring_core.client import to_request  # noqa: E402
from scoring_core.plugins.manager import OcopPlugins  # noqa: E402
from scoring_core.service.auth import load_auth  # noqa: E402
from scoring_core.service.logs import configure  # noqa: E402


def _held_streams(fuzz: Fuzz, streams: int, calls: int) -> dict[str, Any]:
    """Hold ``streams`` idle BatchScore streams and time ``calls`` Score calls meanwhile."""
    caller = fuzz.callers[ADMIN]
    outboxes = [queue.Queue() for _ in range(streams)]
    held = [caller.scoring.BatchScore(iter(q.get, None), metadata=caller.metadata) for q in outboxes]
    outboxes[0].put(to_request(product()))
    next(held[0])  # the streams are open and served
    time.sleep(0.5)
    answered, took = 0, []
    for _ in range(calls):
        started = time.perf_counter()
        try:
            if caller.scoring.Score(to_request(product()), metadata=caller.metadata, timeout=5).total == "90":
                answered += 1
        except grpc.RpcError:
            pass
        took.append((time.perf_counter() - started) * 1000)
    for q, call in zip(outboxes, held, strict=True):
        q.put(None)
        call.cancel()
    return {
        "streams_held": streams,
        "score_calls": calls,
        "score_answered": answered,
        "score_p50_ms": round(statistics.median(took), 2),
        "score_max_ms": round(max(took), 2),
    }


def measure(count: int, seed: int) -> tuple[dict[str, Any], list[str]]:
    """Fuzz ``count`` requests with ``seed``, then hold 16 idle streams; (figures, problems)."""
    tmp = Path(tempfile.mkdtemp(prefix="ocop-fuzz-"))
    scorer = TestScorer(OcopPlugins(extra={"grpctest": GrpcTestPlugin()}))
    running = start(
        scorer,
        store=SQLiteStore(tmp / "audit.sqlite3"),
        auth=load_auth(str(write_auth_file(tmp / "auth.yaml")), "on"),
        data_dir=str(tmp),
    )
    try:
        with grpc.insecure_channel(running.address) as channel:
            grpc.channel_ready_future(channel).result(timeout=10)
            fuzz = Fuzz(running, channel, seed)
            fuzz.seed()
            seconds = fuzz.run(count)
            figures: dict[str, Any] = {
                "requests": fuzz.sent,
                "seed": seed,
                "facts_in_catalogue": len(fuzz.known.facts),
                "sheets": len(fuzz.known.sheets),
                "seconds": round(seconds, 1),
                "requests_per_s": round(fuzz.sent / seconds, 1),
                "internal": sum(fuzz.codes[c] for c in ("INTERNAL", "UNKNOWN", "DATA_LOSS")),
                "problems": len(fuzz.problems),
                "rejected": fuzz.rejected,
                "writes_from_rejected": fuzz.writes_from_rejected,
                "largest_error_bytes": fuzz.max_error_bytes,
                "codes": dict(fuzz.codes.most_common()),
                "methods": len(fuzz.by_method),
                "unhealthy": fuzz.healthy(),
                **_held_streams(fuzz, 16, 50),
            }
    finally:
        running.stop(grace=None)
        shutil.rmtree(tmp, ignore_errors=True)
    return figures, fuzz.problems


def run(quick: bool = False) -> dict[str, Any]:
    """For ``bench/run_all.py``: the figures and the issue's targets."""
    configure("json", "critical")  # thousands of refusals are logged otherwise; problems are printed below
    figures, problems = measure(1000 if quick else 10_000, 20261128)
    for line in problems[:20]:
        print("  problem:", line)
    print(f"fuzz: {json.dumps(figures, ensure_ascii=False)}")
    unanswered = figures["score_calls"] - figures["score_answered"]
    return {
        **figures,
        "targets": [
            target(f"fuzz: problems in {figures['requests']:,} hostile requests", figures["problems"], 0),
            target("fuzz: INTERNAL from handlers", figures["internal"], 0),
            target("fuzz: writes from rejected requests", figures["writes_from_rejected"], 0),
            target("fuzz: largest error (trailers + message)", figures["largest_error_bytes"], 8000, "B"),
            target("fuzz: Score unanswered with 16 idle streams held", unanswered, 0),
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--json", default="", help="also write the figures here")
    args = parser.parse_args(argv)
    configure("json", "critical")
    figures, problems = measure(args.count, args.seed)
    for line in problems[:20]:
        print("problem:", line)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    healthy = not problems and not figures["unhealthy"]
    return 0 if healthy and figures["score_answered"] == figures["score_calls"] else 1


if __name__ == "__main__":
    sys.exit(main())
