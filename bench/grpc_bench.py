"""gRPC bench: Score latency and throughput, BatchScore products/s, with 1 and 2 server processes.

The server is the real one (``server.py``) started as a child process on 127.0.0.1 with its
defaults (8 worker threads, 64 concurrent RPCs per process, JSON logs, one line per RPC, sent to a
temporary file), stopped with SIGTERM at the end.  Requests are realistic products over every 2026
sheet (``products.py``), serialised once beforehand; the client sends the bytes as they are and
does not parse the answers (it checks a few), so that the client, which shares the two cores with
the server, costs as little as it can.  Nothing is recorded (a dry run).

* Score sequential: one caller, blocking calls, p50/p99 of the round trip; next to it, the time
  the server's handler took (from its log line) and the round trip of a Health/Check through the
  same server and client (the floor: interceptors, logging and transport, no scoring);
* Score throughput: 1, 4, 16 and 64 callers (asyncio) over 8 connections for a fixed time;
* BatchScore: streams of products, 1 stream and 4 streams at once (over 4 connections), products/s.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import ROOT, median, mixed_products, percentile, target

from scoring_core.api.ocop.v1 import scoring_pb2
from scoring_core.client import to_request

SCORE = "/ocop.v1.ScoringService/Score"
HEALTH = "/grpc.health.v1.Health/Check"
BATCH = "/ocop.v1.ScoringService/BatchScore"
CHANNELS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``server.py`` in a child process (its own process group), on a free 127.0.0.1 port."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed and removed by stop())
            "w+b", prefix="ocop-bench-", suffix=".log", delete=False
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "server.py"),
                "--address",
                self.address,
                "--processes",
                str(processes),
                "--log-format",
                "json",
                "--grace",
                "2",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            cwd=ROOT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Wait until every server process has logged ``server_started``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = Path(self.log.name).read_bytes()
            if text.count(b'"server_started"') >= self.processes:
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {text[-2000:]!r}")
            time.sleep(0.1)
        raise TimeoutError("the server did not start in time")

    def handler_ms(self, method: str, last: int) -> list[float]:
        """The server's own ``duration_ms`` (its log line per RPC) of the last ``last`` calls of ``method``."""
        import json

        out = []
        for line in Path(self.log.name).read_bytes().splitlines():
            if b'"rpc"' in line and method.encode() in line:
                try:
                    out.append(float(json.loads(line)["duration_ms"]))
                except (ValueError, KeyError):
                    continue
        return out[-last:]

    def stop(self) -> None:
        """SIGTERM to the server's process group (only what this bench started), then wait."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.log.close()
        os.unlink(self.log.name)

    def __enter__(self) -> Server:
        self.wait_ready()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _options(i: int) -> list[tuple[str, Any]]:
    # a channel of its own (own TCP connection), so SO_REUSEPORT can spread them over processes
    return [("grpc.use_local_subchannel_pool", 1), ("bench.channel", i)]


def sequential(address: str, payloads: list[bytes], calls: int, method: str = SCORE) -> list[float]:
    """Round-trip times (ms) of ``calls`` blocking calls of ``method``, one after the other."""
    with grpc.insecure_channel(address, options=_options(0)) as channel:
        score = channel.unary_unary(method)
        for p in payloads[:50]:  # warm up
            score(p, timeout=10)
        out = []
        for i in range(calls):
            start = time.perf_counter()
            score(payloads[i % len(payloads)], timeout=10)
            out.append((time.perf_counter() - start) * 1e3)
        return out


async def _callers(address: str, payloads: list[bytes], callers: int, seconds: float) -> tuple[int, list[float], int]:
    channels = [grpc.aio.insecure_channel(address, options=_options(i)) for i in range(min(callers, CHANNELS))]
    try:
        stubs = [c.unary_unary(SCORE) for c in channels]
        for s in stubs:  # connect every channel before timing
            await s(payloads[0], timeout=10)
        done = 0
        errors = 0
        latencies: list[float] = []
        stop_at = time.perf_counter() + seconds

        async def caller(k: int) -> None:
            nonlocal done, errors
            stub = stubs[k % len(stubs)]
            i = k
            while time.perf_counter() < stop_at:
                start = time.perf_counter()
                try:
                    await stub(payloads[i % len(payloads)], timeout=10)
                except grpc.aio.AioRpcError:
                    errors += 1
                else:
                    done += 1
                    latencies.append((time.perf_counter() - start) * 1e3)
                i += callers

        began = time.perf_counter()
        await asyncio.gather(*(caller(k) for k in range(callers)))
        elapsed = time.perf_counter() - began
        return round(done / elapsed), latencies, errors
    finally:
        for c in channels:
            await c.close()


async def _batch(address: str, payloads: list[bytes], products: int, streams: int) -> tuple[float, int]:
    channels = [grpc.aio.insecure_channel(address, options=_options(100 + i)) for i in range(streams)]
    try:
        for c in channels:
            await c.unary_unary(SCORE)(payloads[0], timeout=10)
        per = products // streams

        async def stream(k: int) -> int:
            def items():
                for i in range(per):
                    yield payloads[(k * per + i) % len(payloads)]

            call = channels[k].stream_stream(BATCH)(items(), timeout=120)
            n = 0
            async for raw in call:
                n += 1
                if n == 1:
                    first = scoring_pb2.BatchScoreResponse.FromString(raw)
                    assert first.HasField("evaluation"), first
            return n

        began = time.perf_counter()
        counts = await asyncio.gather(*(stream(k) for k in range(streams)))
        elapsed = time.perf_counter() - began
        return sum(counts) / elapsed, sum(counts)
    finally:
        for c in channels:
            await c.close()


def bench_server(processes: int, payloads: list[bytes], quick: bool) -> dict[str, Any]:
    """Every gRPC figure against a fresh server of ``processes`` processes."""
    calls, seconds, products = (300, 1.0, 1500) if quick else (3000, 3.0, 10000)
    out: dict[str, Any] = {"processes": processes}
    with Server(processes) as server:
        check = scoring_pb2.Evaluation.FromString(
            grpc.insecure_channel(server.address).unary_unary(SCORE)(payloads[0], timeout=10)
        )
        assert check.total, check
        lat = sequential(server.address, payloads, calls)
        out["p50_ms"], out["p99_ms"] = median(lat), percentile(lat, 99)
        time.sleep(0.3)  # the last log lines
        handler = server.handler_ms(SCORE, calls)
        out["handler_p50_ms"] = median(handler) if handler else None
        out["handler_p99_ms"] = percentile(handler, 99) if handler else None
        floor = sequential(server.address, [b""], calls, HEALTH)
        out["floor_p50_ms"], out["floor_p99_ms"] = median(floor), percentile(floor, 99)
        out["throughput"] = {}
        for callers in (1, 4, 16, 64):
            rate, latencies, errors = asyncio.run(_callers(server.address, payloads, callers, seconds))
            out["throughput"][callers] = {
                "rps": rate,
                "p50_ms": median(latencies),
                "p99_ms": percentile(latencies, 99),
                "errors": errors,
            }
        out["batch"] = {}
        for streams in (1, 4):
            rate, _ = asyncio.run(_batch(server.address, payloads, products, streams))
            out["batch"][streams] = rate
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Run the gRPC bench with 1 and 2 server processes; print and return figures and targets."""
    sheets = [f"2026/{n:02d}" for n in range(1, 27)]
    products = mixed_products(260 if quick else 520, seed=11, sheets=sheets)
    payloads = [to_request(p).SerializeToString() for p in products]
    print(f"grpc: Score and BatchScore dry-run on 127.0.0.1, {len(payloads)} distinct products over every 2026 sheet")
    results = {}
    for processes in (1, 2):
        r = bench_server(processes, payloads, quick)
        results[processes] = r
        tp = "  ".join(
            f"{c} callers {v['rps']:5d}/s (p50 {v['p50_ms']:.2f} p99 {v['p99_ms']:.2f} ms"
            + (f", {v['errors']} errors" if v["errors"] else "")
            + ")"
            for c, v in r["throughput"].items()
        )
        handler = (
            f"p50 {r['handler_p50_ms']:.3f} p99 {r['handler_p99_ms']:.3f} ms"
            if r["handler_p50_ms"] is not None
            else "n/a"
        )
        print(
            f"  {processes} process{'es' if processes > 1 else '  '}: Score sequential p50 {r['p50_ms']:.3f} ms  "
            f"p99 {r['p99_ms']:.3f} ms  (in the server's handler: {handler}; a Health/Check through the same "
            f"server and client: p50 {r['floor_p50_ms']:.3f} p99 {r['floor_p99_ms']:.3f} ms)"
        )
        print(f"               throughput {tp}")
        print(
            f"               BatchScore 1 stream {r['batch'][1]:7.0f} products/s   4 streams "
            f"{r['batch'][4]:7.0f} products/s"
        )
    one = results[1]
    best_batch = max(max(r["batch"].values()) for r in results.values())
    targets = [
        target("grpc: Score p50 sequential (1 process)", one["p50_ms"], 1.0, "ms"),
        target("grpc: Score p99 sequential (1 process)", one["p99_ms"], 3.0, "ms"),
        target("grpc: BatchScore dry-run, best of 1/2 processes", best_batch, 10000, "products/s", at_most=False),
    ]
    return {"servers": results, "targets": targets}


if __name__ == "__main__":
    run("--quick" in sys.argv)
