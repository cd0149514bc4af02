"""The audit store on both backends: chain, canonical bytes, idempotency, append-only, group commit."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from audit_support import PG_URL, Raw, drop_store, pg_unavailable

from scoring_core.audit import GENESIS, EventKind, canonical_bytes, chain_hash, open_store
from scoring_core.audit.checkpoints import load_signer, make_checkpoint
from scoring_core.audit.postgres import PostgresStore
from scoring_core.audit.sqlite import SQLiteStore
from scoring_core.audit.store import StoreClosed
from scoring_core.audit.verify import verify

PLUGIN = EventKind.PLUGIN_SEEN


def test_canonical_bytes_sorted_compact_utf8_decimals_and_dates():
    data = {"b": Decimal("87.50"), "a": date(2026, 10, 15), "c": ["Mứt gừng", 1, 2.5, None, True]}
    assert canonical_bytes(data) == '{"a":"2026-10-15","b":"87.50","c":["Mứt gừng",1,2.5,null,true]}'.encode()
    with pytest.raises(ValueError):
        canonical_bytes({"x": float("nan")})
    with pytest.raises(TypeError):
        canonical_bytes({"x": object()})


def test_append_chains_events_and_stores_canonical_bytes(store):
    first = store.append(
        PLUGIN, {"total": Decimal("70.00"), "day": date(2026, 1, 2)}, actor="tester", request_id="r-1", subject="vn-1"
    )
    second = store.append(PLUGIN, {"n": 2}, actor="tester", request_id="r-2")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash
    assert first.hash == chain_hash(GENESIS, first.body)
    envelope = json.loads(first.body)
    assert envelope["payload"] == {"day": "2026-01-02", "total": "70.00"}
    assert canonical_bytes(envelope) == first.body
    assert (envelope["seq"], envelope["actor"], envelope["request_id"], envelope["subject"]) == (
        1,
        "tester",
        "r-1",
        "vn-1",
    )
    stored = store.get(1)
    assert stored == first and stored.payload == {"day": "2026-01-02", "total": "70.00"}
    assert store.head() == (2, second.hash) and store.size() == 2
    assert store.by_request_id("r-2") == second and store.by_request_id("nope") is None and store.get(3) is None


def test_repeated_request_id_returns_the_first_event_and_writes_nothing(store):
    first = store.append(PLUGIN, {"v": 1}, actor="a", request_id="same")
    again = store.append(PLUGIN, {"v": 2}, actor="b", request_id="same")
    assert again == first and again.duplicate and not first.duplicate
    assert again.payload == {"v": 1} and store.size() == 1


def test_concurrent_retries_of_one_request_id_record_once(store):
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda i: store.append(PLUGIN, {"i": i}, actor="a", request_id="once"), range(64)))
    assert store.size() == 1
    assert {r.seq for r in results} == {1} and sum(not r.duplicate for r in results) == 1


def test_concurrent_appends_share_commits_and_keep_the_chain(store):
    n = 400
    with ThreadPoolExecutor(16) as pool:
        events = list(pool.map(lambda i: store.append(PLUGIN, {"i": i}, actor="w", request_id=f"c-{i}"), range(n)))
    assert sorted(e.seq for e in events) == list(range(1, n + 1))
    assert store.batches < n  # several appends shared one transaction (one fsync)
    assert verify(store).ok


def test_two_store_instances_on_one_database_serialise_on_the_head(store, tmp_path):
    other = SQLiteStore(store.path) if isinstance(store, SQLiteStore) else PostgresStore(PG_URL, schema=store.schema)
    try:

        def work(i):
            target = store if i % 2 else other
            return target.append(PLUGIN, {"i": i}, actor="w", request_id=f"m-{i}")

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(work, range(200)))
    finally:
        other.close()
    report = verify(store)
    assert report.ok and report.size == 200, report.text()


def test_update_delete_and_truncate_are_refused_by_the_database(store, tmp_path):
    store.append(PLUGIN, {"v": 1}, actor="a", request_id="x")
    make_checkpoint(store, load_signer(tmp_path))
    raw = Raw(store)
    try:
        statements = [
            "UPDATE audit_events SET actor = 'mallory'",
            "DELETE FROM audit_events",
            "UPDATE audit_checkpoints SET size = 0",
            "DELETE FROM audit_checkpoints",
        ]
        if raw.pg:
            statements.append("TRUNCATE audit_events")
        for sql in statements:
            with pytest.raises(Exception, match="append-only"):
                raw.execute(sql)
    finally:
        raw.close()
    assert store.get(1).actor == "a"


def test_events_filter_and_page(store):
    for i in range(7):
        store.append(
            EventKind.CONTEST_FILED if i % 2 else PLUGIN,
            {"i": i},
            actor="a",
            request_id=f"p-{i}",
            subject="vn-a" if i < 4 else "vn-b",
        )
    assert [e.seq for e in store.events(page=2)] == list(range(1, 8))
    assert [e.seq for e in store.events(3, 5)] == [3, 4, 5]
    assert [e.seq for e in store.events(kind=EventKind.CONTEST_FILED)] == [2, 4, 6]
    assert [e.seq for e in store.events(subject="vn-a", page=1)] == [1, 2, 3, 4]
    assert [e.seq for e in store.events(kind=PLUGIN, subject="vn-b")] == [5, 7]


def test_bad_events_are_refused_in_the_caller(store):
    with pytest.raises(ValueError, match="unknown event kind"):
        store.append("made_up", {}, actor="a")
    with pytest.raises(ValueError, match="actor"):
        store.append(PLUGIN, {}, actor="")
    assert store.size() == 0


def test_a_failed_batch_fails_its_callers_and_the_store_goes_on(store, monkeypatch):
    real = store._begin

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_begin", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.append(PLUGIN, {}, actor="a", request_id="f-1")
    monkeypatch.setattr(store, "_begin", real)
    assert store.append(PLUGIN, {}, actor="a", request_id="f-1").seq == 1


def test_closed_store_refuses_appends(tmp_path):
    s = SQLiteStore(tmp_path / "a.sqlite3")
    futures = [s.append_async(PLUGIN, {"i": i}, actor="a") for i in range(20)]
    s.close()
    assert all(f.result().seq for f in futures)  # queued appends finish before close returns
    with pytest.raises(StoreClosed):
        s.append(PLUGIN, {}, actor="a")
    s.close()  # twice is fine


def test_sqlite_runs_wal_with_full_sync(tmp_path):
    s = SQLiteStore(tmp_path / "a.sqlite3")
    try:
        assert s._wconn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s._wconn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        s.close()


def test_open_store_uses_the_data_dir_or_the_database_url(tmp_path, monkeypatch):
    monkeypatch.delenv("OCOP_DATABASE_URL", raising=False)
    monkeypatch.setenv("OCOP_DATA_DIR", str(tmp_path / "data"))
    s = open_store()
    try:
        assert isinstance(s, SQLiteStore) and s.path == tmp_path / "data" / "audit.sqlite3"
    finally:
        s.close()
    s = open_store(data_dir=tmp_path / "other")
    s.close()
    assert s.path == tmp_path / "other" / "audit.sqlite3"
    if pg_unavailable():
        pytest.skip(pg_unavailable())
    monkeypatch.setenv("OCOP_DATABASE_URL", PG_URL)
    s = open_store(schema="ocop_test_open_store")
    try:
        assert isinstance(s, PostgresStore) and "ocop_test_open_store" in s.describe()
    finally:
        drop_store(s)


def test_appends_from_many_threads_never_block_readers(store):
    stop = threading.Event()
    seen = []

    def read():
        while not stop.is_set():
            seen.append(store.size())

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: store.append(PLUGIN, {"i": i}, actor="a"), range(100)))
    stop.set()
    reader.join()
    assert seen == sorted(seen) and store.size() == 100
