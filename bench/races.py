#!/usr/bin/env python3
"""Races and crashes on council decisions: duplicates and holes, counted in the store.

Races (``--attempts N`` per configuration): each attempt opens one session id from two clients
at once, then (four sheets in) closes its product from two clients at once, then (a member's
contest filed) upholds that contest from two clients at once, each client on its own connection,
no request_id.  Configurations: two servers on one PostgreSQL schema (``pg2``), two servers on
one SQLite file (``sqlite2``), one server with ``--processes 2`` (``proc2``, SQLite; the kernel
spreads the connections over both processes).  Afterwards the store is read directly:
it counts sessions opened twice, products concluded twice, recognitions issued twice for one
product (or one result), contests resolved twice and results revised twice by one contest.

Crashes (``--kills N`` per backend): a process SIGKILLs itself inside the write transaction of a
multi-event decision, right after its first event is inserted (alternately a close: result +
recognition; and a contest resolution: re-scored sheets + revised result + revocation +
resolution); then the decision is retried without request_id.  ``holes`` counts recognised
results without their recognition, ``double_revisions`` contests with two revisions; the chain
must verify after every kill.

    python bench/races.py --attempts 60 --kills 30 --database-url postgresql://postgres@127.0.0.1:5432/test

Exit status 0 when nothing was duplicated, no hole was left and the chain always verified.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import grpc
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

import crash  # noqa: E402

from scoring_core.api.ocop.v1 import (  # noqa: E402
    common_pb2,
    contests_pb2,
    contests_pb2_grpc,
    councils_pb2,
    councils_pb2_grpc,
    criteria_pb2,
)
from scoring_core.audit import open_store  # noqa: E402
from scoring_core.audit.verify import verify  # noqa: E402
from scoring_core.client import to_request  # noqa: E402
from scoring_core.service.values import to_value  # noqa: E402

SESSION = yaml.safe_load((ROOT / "examples" / "council" / "session.yaml").read_text("utf-8"))
SHEETS = {
    (d := yaml.safe_load(p.read_text("utf-8")))["member"]: d["judgements"]
    for p in sorted((ROOT / "examples" / "council" / "sheets").glob("*.yaml"))
    if "round1" not in p.name
}
MEMBERS = [m["name"] for m in SESSION["members"]]
CHAIR, SECRETARY, MEMBER = MEMBERS[0], MEMBERS[1], MEMBERS[2]
ROLES = {"chair": councils_pb2.CHAIR, "secretary": councils_pb2.SECRETARY, "member": councils_pb2.MEMBER}


def token(name: str) -> str:
    """The bench's token for ``name``."""
    return "bench-" + hashlib.sha256(name.encode()).hexdigest()[:24]


def auth_file(path: Path) -> Path:
    """Every council person of the example, with their role."""
    identities = [
        {"name": m["name"], "roles": [m["role"]], "token_sha256": hashlib.sha256(token(m["name"]).encode()).hexdigest()}
        for m in SESSION["members"]
    ]
    path.write_text(yaml.safe_dump({"identities": identities}, allow_unicode=True), "utf-8")
    return path


def open_request(sid: str, pid: str) -> councils_pb2.OpenCouncilSessionRequest:
    """The example session under a new id, for one product ``pid``."""
    d = SESSION["products"][0]
    msg = councils_pb2.OpenCouncilSessionRequest(
        session_id=sid,
        level=criteria_pb2.PROVINCE,
        regime=SESSION["regime"],
        sheet="regimes/2026/sheets/07",
        opened_on=SESSION["opened_on"],
        members=[councils_pb2.CouncilMember(name=m["name"], role=ROLES[m["role"]]) for m in SESSION["members"]],
    )
    dossier = msg.products.add(
        product=common_pb2.Product(id=pid, name=d["product"]["name"], producer=d["product"]["producer"]),
        filed_on=d["filed_on"],
        evaluation_kind=common_pb2.FIRST,
    )
    for name, value in d["facts"].items():
        dossier.facts[name].CopyFrom(to_value(value))
    return msg


def sheet_request(sid: str, pid: str, member: str) -> councils_pb2.SubmitMemberSheetRequest:
    """``member``'s example sheet for ``pid``."""
    msg = councils_pb2.SubmitMemberSheetRequest(session=f"councils/{sid}", product_id=pid)
    for cid, judgement in to_request({"judgements": SHEETS[member]}).judgements.items():
        msg.judgements[cid].CopyFrom(judgement)
    return msg


class Client:
    """One connection of its own (a local subchannel pool), as ``name``."""

    def __init__(self, address: str, name: str) -> None:
        self.channel = grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)])
        self.metadata = (("authorization", f"Bearer {token(name)}"),)
        self.councils = councils_pb2_grpc.CouncilServiceStub(self.channel)
        self.contests = contests_pb2_grpc.ContestServiceStub(self.channel)

    def __call__(self, method: Any, request: Any) -> Any:
        return method(request, metadata=self.metadata, timeout=60)

    def close(self) -> None:
        self.channel.close()


def at_once(calls: list[Any]) -> list[str]:
    """Run the calls on two threads released together; each one's status code name."""
    gate, codes = threading.Barrier(len(calls)), [""] * len(calls)

    def run(i: int) -> None:
        gate.wait()
        try:
            calls[i]()
            codes[i] = "OK"
        except grpc.RpcError as exc:
            codes[i] = exc.code().name

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def attempt(addresses: tuple[str, str], i: int, run_id: str, answers: Counter[str]) -> None:
    """One attempt: open, close and resolve, each twice at once."""
    sid, pid = f"race-{run_id}-{i}", f"vn-race-{run_id}-{i}"
    a_chair, b_secretary = Client(addresses[0], CHAIR), Client(addresses[1], SECRETARY)
    try:
        codes = at_once(
            [
                lambda: a_chair(a_chair.councils.OpenCouncilSession, open_request(sid, pid)),
                lambda: b_secretary(b_secretary.councils.OpenCouncilSession, open_request(sid, pid)),
            ]
        )
        answers.update(f"open:{c}" for c in codes)
        for name in MEMBERS[:4]:
            c = Client(addresses[0], name)
            c(c.councils.SubmitMemberSheet, sheet_request(sid, pid, name))
            c.close()
        close = councils_pb2.CloseProductRequest(session=f"councils/{sid}", product_id=pid)
        results: list[Any] = [None, None]

        def closer(k: int, client: Client) -> Any:
            def call() -> None:
                results[k] = client(client.councils.CloseProduct, close)

            return call

        codes = at_once([closer(0, a_chair), closer(1, b_secretary)])
        answers.update(f"close:{c}" for c in codes)
        result = next(r for r in results if r is not None)
        member = Client(addresses[0], MEMBER)
        filed = member(
            member.contests.FileContest,
            contests_pb2.FileContestRequest(
                target=result.name,
                criterion="C11",
                reason="Câu chuyện sản phẩm đủ các nội dung",
                claim=contests_pb2.ContestClaim(option=2),
                filed_as=contests_pb2.FILED_AS_MEMBER,
            ),
        )
        member.close()
        resolve = contests_pb2.ResolveContestRequest(name=filed.name, decision=contests_pb2.UPHOLD, reason="Đồng ý")
        codes = at_once(
            [
                lambda: a_chair(a_chair.contests.ResolveContest, resolve),
                lambda: b_secretary(b_secretary.contests.ResolveContest, resolve),
            ]
        )
        answers.update(f"resolve:{c}" for c in codes)
    finally:
        a_chair.close()
        b_secretary.close()


def count(store: Any, run_id: str) -> dict[str, int]:
    """Duplicates and holes, read from the store."""
    opened = Counter(e.subject for e in store.events(kind="council_opened") if run_id in (e.subject or ""))
    results = [e for e in store.events(kind="council_result") if run_id in (e.subject or "")]
    firsts = Counter(e.subject for e in results if not e.payload["revision_of"])
    revisions = Counter(e.payload["contest"] for e in results if e.payload["revision_of"])
    recognitions = [e for e in store.events(kind="recognition_issued") if run_id in (e.subject or "")]
    by_result = Counter(e.payload["result"] for e in recognitions)
    first_seqs = {e.seq for e in results if not e.payload["revision_of"]}
    by_product = Counter(e.subject for e in recognitions if e.payload["result"] in first_seqs)
    resolved = Counter(e.payload["contest"] for e in store.events(kind="contest_resolved") if run_id in e.subject)
    recognised = [e.seq for e in results if e.payload["outcome"]["status"] == "recognised"]
    return {
        "sessions_opened": len(opened),
        "duplicate_opens": sum(n - 1 for n in opened.values()),
        "duplicate_results": sum(n - 1 for n in firsts.values()),
        "duplicate_recognitions": sum(n - 1 for n in by_product.values()) + sum(n - 1 for n in by_result.values()),
        "duplicate_resolutions": sum(n - 1 for n in resolved.values()),
        "double_revisions": sum(n - 1 for n in revisions.values()),
        "holes": sum(1 for seq in recognised if seq not in by_result),
    }


def race_config(name: str, attempts: int, database_url: str | None) -> dict[str, Any]:
    """Run ``attempts`` attempts in configuration ``name`` (pg2, sqlite2 or proc2)."""
    work = Path(tempfile.mkdtemp(prefix=f"ocop-races-{name}-"))
    schema = f"ocop_races_{uuid.uuid4().hex[:10]}" if name == "pg2" else ""
    env = {
        **os.environ,
        "OCOP_DATA_DIR": str(work / "data"),
        "OCOP_AUTH_FILE": str(auth_file(work / "auth.yaml")),
        "OCOP_AUTH": "on",
        "OCOP_DATABASE_URL": database_url if name == "pg2" else "",
        "OCOP_DATABASE_SCHEMA": schema,
    }
    started, answers, run_id = time.monotonic(), Counter[str](), uuid.uuid4().hex[:6]
    if name == "proc2":
        servers = [crash.Server(work, env, "proc2", ("--processes", "2"))]
        addresses = (servers[0].address, servers[0].address)
    else:
        servers = [crash.Server(work, env, f"{name}-{k}") for k in range(2)]
        addresses = (servers[0].address, servers[1].address)
    try:
        for i in range(attempts):
            attempt(addresses, i, run_id, answers)
    finally:
        for s in servers:
            s.stop()
    store = open_store(work / "data", env["OCOP_DATABASE_URL"] or None, schema=schema or None)
    try:
        figures = count(store, run_id)
        figures["chain_verifies"] = int(verify(store).ok)
    finally:
        store.close()
        if schema:
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as conn:  # type: ignore[arg-type]
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    shutil.rmtree(work, ignore_errors=True)
    return {
        "config": name,
        "attempts": attempts,
        **figures,
        "answers": dict(sorted(answers.items())),
        "seconds": round(time.monotonic() - started, 1),
    }


def kills(backend: str, cycles: int, database_url: str | None) -> dict[str, Any]:
    """SIGKILL inside ``cycles`` multi-event decisions on ``backend``; retry each; count holes."""
    from audit_support import shared_scorer
    from decision_child import CHAIR as T_CHAIR
    from decision_child import SECRETARY as T_SECRETARY
    from test_decision_races import open_council, spec_of

    from scoring_core.audit.postgres import PostgresStore
    from scoring_core.audit.sqlite import SQLiteStore
    from scoring_core.councils.book import CouncilBook
    from scoring_core.councils.contests import ContestBook

    work = Path(tempfile.mkdtemp(prefix=f"ocop-kills-{backend}-"))
    schema = f"ocop_kills_{uuid.uuid4().hex[:10]}"
    store = (
        PostgresStore(database_url, schema=schema)
        if backend == "postgres" and database_url
        else SQLiteStore(work / "audit.sqlite3")
    )
    started = time.monotonic()
    report = {"backend": backend, "cycles": 0, "not_killed": 0, "partial_writes": 0, "verify_failures": 0}
    try:
        councils = CouncilBook(store, shared_scorer())
        contests = ContestBook(store, councils.scorer, councils)
        pids = [f"vn-kill-{i}" for i in range(cycles)]
        open_council(councils, "hd-kills", pids)
        for i, pid in enumerate(pids):
            if i % 2:  # a contest resolution: the product is closed first, a member contests
                decision = councils.close("hd-kills", pid, by=T_CHAIR)
                filed = contests.file(decision.event.seq, "A1.1", {"option": 3}, "Đạt chuẩn", by="Cường", role="member")
                args = ["kill-resolve", str(work), str(filed.seq)]
            else:
                args = ["kill-close", str(work), "hd-kills", pid]
            size = store.size()
            proc = subprocess.run(
                [sys.executable, str(ROOT / "tests" / "decision_child.py"), spec_of(store), *args],
                capture_output=True,
                text=True,
                timeout=300,
            )
            report["cycles"] += 1
            report["not_killed"] += proc.returncode != -9
            report["partial_writes"] += store.size() != size
            report["verify_failures"] += not verify(store).ok
            if i % 2:
                contests.resolve(filed.seq, "upheld", "Hội đồng thống nhất", by=T_SECRETARY)
            else:
                councils.close("hd-kills", pid, by=T_CHAIR)
        report.update(count(store, "vn-kill"))
        report["chain_verifies"] = int(verify(store).ok)
    finally:
        store.close()
        if isinstance(store, PostgresStore):
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as conn:  # type: ignore[arg-type]
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        shutil.rmtree(work, ignore_errors=True)
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


BAD = (
    "duplicate_opens",
    "duplicate_results",
    "duplicate_recognitions",
    "duplicate_resolutions",
    "double_revisions",
    "holes",
    "not_killed",
    "partial_writes",
    "verify_failures",
)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=60, help="race attempts per configuration")
    parser.add_argument("--kills", type=int, default=30, help="kill cycles per backend")
    parser.add_argument("--configs", default="pg2,sqlite2,proc2")
    parser.add_argument("--database-url", default=os.environ.get("OCOP_TEST_DATABASE_URL"))
    parser.add_argument("--json", help="also write the report here")
    parser.add_argument("--server-root", help="run server.py from this checkout (to measure another version)")
    args = parser.parse_args(argv)
    if args.server_root:
        crash.ROOT = Path(args.server_root).resolve()
    report: dict[str, Any] = {"races": [], "kills": []}
    for name in args.configs.split(","):
        if name == "pg2" and not args.database_url:
            continue
        if args.attempts:
            report["races"].append(race_config(name, args.attempts, args.database_url))
            print(json.dumps(report["races"][-1], ensure_ascii=False), flush=True)
    for backend in ("sqlite", "postgres") if args.kills else ():
        if backend == "postgres" and not args.database_url:
            continue
        report["kills"].append(kills(backend, args.kills, args.database_url))
        print(json.dumps(report["kills"][-1], ensure_ascii=False), flush=True)
    ok = all(not r.get(k) for r in report["races"] + report["kills"] for k in BAD) and all(
        r["chain_verifies"] for r in report["races"] + report["kills"]
    )
    report["ok"] = ok
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
