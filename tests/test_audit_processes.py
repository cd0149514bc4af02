"""Several processes on one store (what SO_REUSEPORT server processes do): writers serialise on the chain head
inside the write transaction, so the chain stays whole and a request id is recorded once across processes."""

import subprocess
import sys
from pathlib import Path

from audit_support import PG_URL

from scoring_core.audit.postgres import PostgresStore
from scoring_core.audit.verify import verify

CHILD = r"""
import sys, threading
from scoring_core.audit import open_store
data_dir, url, schema, worker = sys.argv[1:5]
store = open_store(data_dir, url or None, schema=schema or None)

def work(thread):
    for i in range(25):
        store.append("plugin_seen", {"i": i}, actor=f"p{worker}", request_id=f"shared-{thread}-{i}")
        store.append("plugin_seen", {"i": i}, actor=f"p{worker}", request_id=f"own-{worker}-{thread}-{i}")

threads = [threading.Thread(target=work, args=(t,)) for t in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
store.close()
"""
ROOT = Path(__file__).resolve().parents[1]


def test_processes_share_one_chain(store):
    pg = isinstance(store, PostgresStore)
    args = ["", PG_URL, store.schema] if pg else [str(store.path.parent), "", ""]
    procs = [
        subprocess.Popen([sys.executable, "-c", CHILD, *args, str(w)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for w in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    events = list(store.events())
    ids = [e.request_id for e in events]
    assert len(ids) == len(set(ids)) == 3 * 25 + 4 * 3 * 25  # shared ids once, each process's own ids
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert verify(store).ok
