"""SIGKILL a process appending from many threads: every acknowledged append survives, the chain verifies,
and retrying any request id (acknowledged or in flight) never records it twice."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scoring_core.audit.sqlite import SQLiteStore
from scoring_core.audit.verify import verify

CHILD = r"""
import sys, threading
from scoring_core.audit.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
round_ = sys.argv[2]
out = threading.Lock()

def say(line):
    with out:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

def work(w):
    i = 0
    while True:
        rid = f"r{round_}-w{w}-{i}"
        say("TRY " + rid)
        store.append("plugin_seen", {"w": w, "i": i, "pad": "x" * 300}, actor="crash-test", request_id=rid)
        say("ACK " + rid)
        i += 1

threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
"""

ROOT = Path(__file__).resolve().parents[1]


def run_and_kill(path: Path, round_: int, rng: random.Random) -> tuple[set[str], set[str]]:
    """Start a writer, SIGKILL it at a random moment; (acknowledged, attempted) request ids."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(round_)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    acked: set[str] = set()
    tried: set[str] = set()
    kill_at = None
    for line in proc.stdout:
        kind, _, rid = line.strip().partition(" ")
        if kind == "ACK":
            acked.add(rid)
            kill_at = kill_at or time.monotonic() + rng.uniform(0.05, 0.4)
        elif kind == "TRY":
            tried.add(rid)
        if kill_at and time.monotonic() >= kill_at:
            proc.send_signal(signal.SIGKILL)
            break
    rest = proc.stdout.read()  # lines written before the kill are acknowledgements too
    proc.wait()
    for line in rest.splitlines():
        kind, _, rid = line.strip().partition(" ")
        (acked if kind == "ACK" else tried if kind == "TRY" else set()).add(rid)
    assert proc.returncode == -signal.SIGKILL
    return acked, tried | acked


@pytest.mark.parametrize("seed", [1, 2])
def test_sigkill_loses_no_acknowledged_append_and_retries_record_once(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "audit.sqlite3"
    all_acked: set[str] = set()
    for round_ in range(3):
        acked, tried = run_and_kill(path, round_, rng)
        assert acked, "the writer acknowledged nothing before it was killed"
        all_acked |= acked
        store = SQLiteStore(path)
        try:
            report = verify(store)
            assert report.ok, report.text()
            missing = [rid for rid in all_acked if store.by_request_id(rid) is None]
            assert not missing, f"acknowledged but lost: {missing[:5]}"
            size = store.size()
            in_flight = [rid for rid in tried - acked if store.by_request_id(rid) is None]
            results = [
                store.append("plugin_seen", {"retry": rid}, actor="crash-test", request_id=rid) for rid in sorted(tried)
            ]
            assert all(r.duplicate for r in results if r.request_id in acked)
            assert store.size() == size + len(in_flight)
            assert verify(store).ok
        finally:
            store.close()
    with sqlite3.connect(path) as conn:
        total, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT request_id) FROM audit_events").fetchone()
    assert total == distinct
