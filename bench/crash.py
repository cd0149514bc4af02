#!/usr/bin/env python3
"""Crash harness: SIGKILL the gRPC server at random moments during recorded scoring.

Each cycle starts ``server.py`` on a free port with the same data directory (or PostgreSQL
schema), lets several client threads send ``Score(record=true)`` calls with unique request ids,
SIGKILLs the server at a random moment, restarts it and checks that:

* the chain verifies (``VerifyAuditTrail``);
* every acknowledged evaluation is there: retrying its request id returns ``already_recorded``
  with the same event (``lost`` counts those that do not);
* every attempted request id, retried twice, is recorded exactly once (at the end the store is
  read directly: ``duplicates`` counts request ids stored more than once).

    python bench/crash.py --cycles 100              # SQLite in a temporary directory
    python bench/crash.py --cycles 100 --database-url postgresql://postgres@127.0.0.1:5432/test

Exit status 0 when nothing was lost or duplicated and the chain always verified.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import grpc
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring_core.api.ocop.v1 import audit_pb2, audit_pb2_grpc, scoring_pb2, scoring_pb2_grpc  # noqa: E402
from scoring_core.audit import open_store  # noqa: E402
from scoring_core.client import to_request  # noqa: E402

PRODUCT = yaml.safe_load((ROOT / "examples" / "2026-processed-food.yaml").read_text("utf-8"))


@dataclass
class Report:
    """What the harness saw."""

    cycles: int = 0
    attempted: int = 0
    acknowledged: int = 0
    in_flight_committed: int = 0
    in_flight_recorded_on_retry: int = 0
    lost: int = 0
    changed: int = 0
    duplicates: int = 0
    verify_failures: int = 0
    evaluations_stored: int = 0
    events_stored: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing lost, changed or duplicated; the chain always verified."""
        return not (self.lost or self.changed or self.duplicates or self.verify_failures)


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``python server.py`` on a free port, logging to a file in the work directory."""

    def __init__(self, work: Path, env: dict[str, str], label: str, extra: tuple[str, ...] = ()) -> None:
        self.address = f"127.0.0.1:{free_port()}"
        self.log = open(work / f"server-{label}.log", "w")  # noqa: SIM115 - closed in kill() or stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "server.py",
                "--address",
                self.address,
                "--log-format",
                "json",
                "--workers",
                "8",
                "--checkpoint-interval",
                "0.5",
                "--grace",
                "5",
                *extra,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            env=env,
        )
        self.channel = grpc.insecure_channel(self.address)
        try:
            grpc.channel_ready_future(self.channel).result(timeout=60)
        except grpc.FutureTimeoutError:
            self.kill()
            raise RuntimeError(f"server did not start; see {self.log.name}") from None

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        self.proc.kill()
        self.proc.wait()
        self.channel.close()
        self.log.close()

    def stop(self) -> int:
        """SIGTERM: graceful shutdown."""
        self.proc.terminate()
        code = self.proc.wait(timeout=60)
        self.channel.close()
        self.log.close()
        return code


def score_request(rid: str) -> scoring_pb2.ScoreRequest:
    """A recorded Score of the example product under its own id."""
    msg = to_request({**PRODUCT, "product": {**PRODUCT["product"], "id": f"crash-{rid}"}})
    msg.record, msg.request_id = True, rid
    return msg


def clients(
    server: Server, token: str, cycle: int, threads: int, kill_after: float, acked: dict[str, str], tried: set[str]
) -> None:
    """Client threads scoring until the server dies; kill it ``kill_after`` seconds after the first answer."""
    stub = scoring_pb2_grpc.ScoringServiceStub(server.channel)
    metadata = (("authorization", f"Bearer {token}"),)
    lock, first = threading.Lock(), threading.Event()
    dead = threading.Event()

    def work(t: int) -> None:
        i = 0
        while not dead.is_set():
            rid = f"c{cycle}-t{t}-{i}"
            with lock:
                tried.add(rid)
            try:
                ev = stub.Score(score_request(rid), metadata=metadata, timeout=10)
            except grpc.RpcError:
                return
            with lock:
                acked[rid] = ev.name
            first.set()
            i += 1

    pool = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(threads)]
    for thread in pool:
        thread.start()
    first.wait(timeout=60)
    time.sleep(kill_after)
    dead.set()
    server.kill()
    for thread in pool:
        thread.join(timeout=30)


def check(server: Server, token: str, acked: dict[str, str], tried: set[str], report: Report) -> None:
    """After a restart: the chain verifies, acknowledged ones are there, every retry records once."""
    audit = audit_pb2_grpc.AuditServiceStub(server.channel)
    verdict = audit.VerifyAuditTrail(audit_pb2.VerifyAuditTrailRequest(), timeout=120)
    if not verdict.ok:
        report.verify_failures += 1
        report.problems.append(f"chain: {verdict.problem.en}")
    stub = scoring_pb2_grpc.ScoringServiceStub(server.channel)
    metadata = (("authorization", f"Bearer {token}"),)
    for rid in sorted(tried):
        ev = stub.Score(score_request(rid), metadata=metadata, timeout=30)
        if rid in acked:
            if not ev.already_recorded:
                report.lost += 1
                report.problems.append(f"acknowledged {rid} ({acked[rid]}) was lost")
            elif ev.name != acked[rid]:
                report.changed += 1
                report.problems.append(f"acknowledged {rid} was {acked[rid]}, now {ev.name}")
        elif ev.already_recorded:
            report.in_flight_committed += 1
        else:
            report.in_flight_recorded_on_retry += 1
        again = stub.Score(score_request(rid), metadata=metadata, timeout=30)
        if not again.already_recorded or again.name != ev.name:
            report.duplicates += 1
            report.problems.append(f"retrying {rid} recorded it again ({ev.name}, {again.name})")


def count_stored(data_dir: Path, url: str | None, schema: str | None, report: Report, attempted: set[str]) -> None:
    """Read the store directly: each attempted request id stored exactly once."""
    store = open_store(data_dir, url, schema=schema)
    try:
        seen: dict[str, int] = {}
        for event in store.events(kind="evaluation_recorded"):
            seen[event.request_id] = seen.get(event.request_id, 0) + 1
        report.events_stored = store.size()
    finally:
        store.close()
    report.evaluations_stored = len(seen)
    report.duplicates += sum(1 for n in seen.values() if n > 1)
    missing = attempted - set(seen)
    if missing:
        report.lost += len(missing)
        report.problems.append(f"{len(missing)} attempted request ids are not stored: {sorted(missing)[:3]}")


def run(
    cycles: int = 100,
    threads: int = 6,
    seed: int = 1,
    work: Path | None = None,
    database_url: str | None = None,
    max_kill_after: float = 0.6,
) -> Report:
    """Run the harness; the report says what was acknowledged, lost and duplicated."""
    rng, report, started = random.Random(seed), Report(), time.monotonic()
    own = work is None
    work = Path(tempfile.mkdtemp(prefix="ocop-crash-")) if work is None else work
    token = secrets.token_urlsafe(24)
    auth = work / "auth.yaml"
    auth.write_text(
        yaml.safe_dump(
            {
                "identities": [
                    {
                        "name": "crash-harness",
                        "roles": ["integration"],
                        "token_sha256": hashlib.sha256(token.encode()).hexdigest(),
                    }
                ]
            }
        )
    )
    schema = f"ocop_crash_{uuid.uuid4().hex[:10]}" if database_url else None
    env = {
        **os.environ,
        "OCOP_DATA_DIR": str(work / "data"),
        "OCOP_AUTH_FILE": str(auth),
        "OCOP_AUTH": "on",
        "OCOP_DATABASE_URL": database_url or "",
        "OCOP_DATABASE_SCHEMA": schema or "",
    }
    attempted: set[str] = set()
    try:
        for cycle in range(cycles):
            acked: dict[str, str] = {}
            tried: set[str] = set()
            kill_after = rng.uniform(0.02, max_kill_after)
            clients(Server(work, env, f"{cycle:03d}-killed"), token, cycle, threads, kill_after, acked, tried)
            report.cycles += 1
            report.acknowledged += len(acked)
            report.attempted += len(tried)
            attempted |= tried
            server = Server(work, env, f"{cycle:03d}-check")
            try:
                check(server, token, acked, tried, report)
            finally:
                server.stop()
        count_stored(work / "data", database_url, schema, report, attempted)
    finally:
        report.seconds = round(time.monotonic() - started, 1)
        if schema:
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        if own and report.ok:
            shutil.rmtree(work, ignore_errors=True)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--clients", type=int, default=6, help="client threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="PostgreSQL (a fresh schema, dropped afterwards); default SQLite")
    parser.add_argument("--max-kill-after", type=float, default=0.6, help="seconds after the first answer, at most")
    parser.add_argument("--json", help="also write the report here")
    args = parser.parse_args(argv)
    report = run(args.cycles, args.clients, args.seed, None, args.database_url, args.max_kill_after)
    data: dict[str, Any] = {
        **asdict(report),
        "ok": report.ok,
        "backend": "postgresql" if args.database_url else "sqlite",
    }
    print(json.dumps(data, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
