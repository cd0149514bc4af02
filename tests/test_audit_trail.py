"""A trail that proves itself: every tamper kind against the witness held outside the store.

The attacker holds the database (drops the append-only triggers, as in ``audit_support.Raw``)
and rewrites whatever they like into a new, self-consistent chain; they hold neither the signing
key nor the witness.  Verification names the first event really changed; a guard on a running
store refuses to build on a head the witness does not know; the check at start marks the trail
broken.
"""

import json
import os
import stat
import threading
import uuid

import audit_support
import psycopg
import pytest
from audit_support import Raw
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from scoring_core.audit import EventKind
from scoring_core.audit.checkpoints import Signer, load_signer, make_checkpoint
from scoring_core.audit.events import GENESIS, NewEvent, now_iso
from scoring_core.audit.keys import KeyPlacementError
from scoring_core.audit.sqlite import SQLiteStore
from scoring_core.audit.trail import check_at_start, open_trail
from scoring_core.audit.verify import verify
from scoring_core.audit.witness import TrailBroken, Witness, WitnessEntry, WitnessGuard, store_identity, view_of
from scoring_core.cli.main import main as cli_main

N = 12
COLUMNS = "seq, kind, time, actor, request_id, subject, prev_hash, hash, body"


@pytest.fixture
def trail(store, tmp_path):
    """The store with its witness guard and N events in several group commits; the triggers dropped."""
    opened = open_trail(store, data_dir=tmp_path / "data", key=tmp_path / "keys" / "k.pem", witness=tmp_path / "w")
    for i in range(N):
        store.append(EventKind.PLUGIN_SEEN, {"i": i, "name": "Mứt gừng"}, actor="writer", request_id=f"e-{i}")
    raw = Raw(store)
    raw.drop_guards()
    yield opened
    raw.close()


def stored(store):
    return list(store.events())


def rewrite(store, events, start):
    """Replace events from ``start`` on with ``events`` (NewEvent or Event), re-sealed into a consistent chain."""
    raw = Raw(store)
    try:
        raw.execute("DELETE FROM audit_events WHERE seq >= ?", (start,))
        prev = store.get(start - 1).hash if start > 1 else GENESIS
        for seq, item in enumerate(events, start=start):
            if not isinstance(item, NewEvent):
                env = item.envelope
                item = NewEvent.make(
                    item.kind, env["payload"], actor=item.actor, request_id=item.request_id, subject=item.subject
                )
            ev = item.seal(seq, prev, now_iso())
            raw.execute(
                f"INSERT INTO audit_events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (ev.seq, ev.kind, ev.time, ev.actor, ev.request_id, ev.subject, ev.prev_hash, ev.hash, ev.body),
            )
            prev = ev.hash
    finally:
        raw.close()


def forged(i=99):
    return NewEvent.make(EventKind.PLUGIN_SEEN, {"i": i, "forged": True}, actor="mallory", request_id=f"forged-{i}")


def caught(store, trail, first_bad, words, head_moved=True, **kw):
    """Verification against the witness file fails at ``first_bad``; a server starting now would refuse writes.

    The check at start from the last witnessed head (the default) catches whatever moved the head;
    the full check at start catches the rest.
    """
    view = view_of(Witness(trail.guard.witness.path).entries())
    report = verify(store, witness=view, **kw)
    assert not report.ok, "tampering went unnoticed"
    assert report.first_bad == first_bad, report.problem_en
    assert words in report.problem_en, report.problem_en
    for full in (True, False) if head_moved else (True,):
        again = WitnessGuard(Witness(trail.guard.witness.path), trail.signer)
        at_start = check_at_start(store, again, full=full)
        assert not at_start.ok and again.broken is not None
        assert at_start.first_bad == first_bad, at_start.problem_en
    lines = trail.guard.witness.path.read_bytes().count(b"\n")
    with pytest.raises(TrailBroken):
        again.checkpoint(store)  # never signs over a head it cannot vouch for
    assert trail.guard.witness.path.read_bytes().count(b"\n") == lines
    return report


def test_every_group_commit_is_witnessed_and_signed(store, trail):
    entries = Witness(trail.guard.witness.path).entries()
    intents = [e for e in entries if e.state == "intent"]
    assert sum(len(e.hashes) for e in intents) == N
    assert all(e.checkpoint is not None and e.checkpoint.problem([trail.signer.public_pem]) is None for e in intents)
    assert [e.hash for e in stored(store)] == [h for e in intents for h in e.hashes]
    report = verify(store, witness=view_of(entries), trusted_keys=[trail.signer.public_pem])
    assert report.ok and report.witnessed == N and "khớp nhân chứng" in report.text()
    stranger = Signer(Ed25519PrivateKey.generate()).public_pem
    assert "unknown key" in verify(store, witness=view_of(entries), trusted_keys=[stranger]).checkpoint_problems[0]


def test_an_edit_re_chained_to_the_head_is_named(store, trail):
    events = stored(store)
    changed = NewEvent.make(EventKind.PLUGIN_SEEN, {"i": 4, "name": "Mứt gừng đã sửa"}, actor="writer")
    rewrite(store, [changed, *events[5:]], 5)
    assert verify(store).ok  # consistent on its own
    caught(store, trail, 5, "changed")


def test_a_deletion_re_chained_is_named(store, trail):
    events = stored(store)
    rewrite(store, events[6:], 6)  # event 6 gone, the rest renumbered
    caught(store, trail, 6, "changed")


def test_an_insertion_re_chained_is_named(store, trail):
    events = stored(store)
    rewrite(store, [forged(), *events[4:]], 5)
    caught(store, trail, 5, "changed")


def test_a_reorder_re_chained_is_named(store, trail):
    events = stored(store)
    swapped = [events[6], *events[3:6], events[2], *events[7:]]
    rewrite(store, swapped, 3)
    caught(store, trail, 3, "changed")


def test_a_plain_edit_names_the_event(store, trail):
    raw = Raw(store)
    body = bytes(raw.execute("SELECT body FROM audit_events WHERE seq = 7")[0][0]).replace(b'"i":6', b'"i":9')
    raw.execute("UPDATE audit_events SET body = ? WHERE seq = 7", (body,))
    raw.close()
    caught(store, trail, 7, "altered", head_moved=False)


def test_a_truncation_is_caught(store, trail):
    raw = Raw(store)
    raw.execute("DELETE FROM audit_events WHERE seq > 8")
    raw.execute("DELETE FROM audit_checkpoints")
    raw.close()
    assert verify(store).ok  # nothing inside tells
    caught(store, trail, 9, "truncated")


def test_a_forged_tail_linked_at_the_head_is_caught(store, trail):
    rewrite(store, [forged(1), forged(2)], N + 1)
    assert verify(store).ok  # a correct link and hash
    caught(store, trail, N + 1, "never witnessed")


def test_a_rewrite_re_signed_with_a_key_not_in_the_store_is_caught(store, trail):
    events = stored(store)
    rewrite(store, [forged(i) for i in range(N - 3)], 4)
    raw = Raw(store)
    raw.execute("DELETE FROM audit_checkpoints")
    raw.close()
    make_checkpoint(store, Signer(Ed25519PrivateKey.generate()))  # the attacker's own key
    assert verify(store).ok  # the chain and the attacker's checkpoint agree
    report = caught(store, trail, 4, "changed")
    assert store.size() == N and events[2].hash == store.get(3).hash and report.size == 3
    trusted = verify(store, trusted_keys=[trail.signer.public_pem])
    assert any("unknown key" in p for p in trusted.checkpoint_problems)


def test_a_forged_tail_stops_a_running_writer(store, trail):
    rewrite(store, [forged()], N + 1)
    with pytest.raises(TrailBroken, match="changed outside the server"):
        store.append(EventKind.PLUGIN_SEEN, {"after": True}, actor="writer", request_id="after-forgery")
    assert store.size() == N + 1 and store.by_request_id("after-forgery") is None
    assert trail.guard.broken is not None
    with pytest.raises(TrailBroken):
        store.append(EventKind.PLUGIN_SEEN, {}, actor="writer")


def test_an_intent_that_never_committed_is_not_a_truncation(store, trail):
    head = store.head()
    trail.guard.witness.append(WitnessEntry("intent", (head[0] + 1, "e" * 64), head, ("e" * 64,)))
    fresh = WitnessGuard(Witness(trail.guard.witness.path), trail.signer)
    assert check_at_start(store, fresh).ok and fresh.broken is None
    store.guard = fresh
    assert store.append(EventKind.PLUGIN_SEEN, {"next": 1}, actor="writer").seq == N + 1
    assert verify(store, witness=view_of(Witness(trail.guard.witness.path).entries())).ok


def test_two_writers_share_one_witness(store, trail, tmp_path):
    other = audit_support.make_store("postgres" if hasattr(store, "schema") else "sqlite", tmp_path)
    if hasattr(store, "schema"):
        other.close()
        other = type(store)(audit_support.PG_URL, schema=store.schema)
    try:
        second = open_trail(other, data_dir=tmp_path / "data", key=tmp_path / "keys" / "k.pem", witness=tmp_path / "w")
        assert second.report.ok
        for i in range(6):
            (store if i % 2 else other).append(EventKind.PLUGIN_SEEN, {"turn": i}, actor="writer")
        assert trail.guard.broken is None and second.guard.broken is None
        assert verify(store, witness=view_of(Witness(trail.guard.witness.path).entries())).ok
    finally:
        other.close()


def test_concurrent_writers_checkpoints_and_verification_raise_no_false_alarm(store, trail, tmp_path):
    """Two writers (two stores, as two processes) append at once while heads are signed and the trail
    is verified: intents reach the witness before their commits, so nobody is taken for a forger."""
    if hasattr(store, "schema"):
        other = type(store)(audit_support.PG_URL, schema=store.schema)
    else:
        other = type(store)(store.path)
    try:
        second = open_trail(other, data_dir=tmp_path / "data", key=tmp_path / "keys" / "k.pem", witness=tmp_path / "w")
        errors, reports = [], []

        def write(s, tag):
            try:
                for i in range(25):
                    s.append(EventKind.PLUGIN_SEEN, {"tag": tag, "i": i}, actor="writer")
            except Exception as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(s, t)) for s, t in ((store, "a"), (other, "b"))]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            reports.append(verify(store, witness=trail.guard.current))
            second.guard.checkpoint(other)
        for t in threads:
            t.join()
        assert not errors and trail.broken is None and second.broken is None
        assert all(r.ok for r in reports), [r.problem_en for r in reports if not r.ok]
        assert store.size() == N + 50 and verify(store, witness=trail.guard.current).ok
    finally:
        other.close()


@pytest.fixture
def second_database():
    """A PostgreSQL database of its own for the witness (dropped afterwards)."""
    if audit_support.pg_unavailable():
        pytest.skip(audit_support.pg_unavailable())
    name = f"ocop_witness_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(audit_support.PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    info = psycopg.conninfo.conninfo_to_dict(audit_support.PG_URL) | {"dbname": name}
    yield psycopg.conninfo.make_conninfo(**info)
    with psycopg.connect(audit_support.PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_witness_in_a_second_database(store, tmp_path, second_database):
    dsn = psycopg.conninfo.conninfo_to_dict(second_database)
    where = f"postgresql://{dsn.get('user', 'postgres')}@{dsn['host']}:{dsn.get('port', 5432)}/{dsn['dbname']}"
    opened = open_trail(store, data_dir=tmp_path / "data", key=tmp_path / "k.pem", witness=where)
    try:
        for i in range(5):
            store.append(EventKind.PLUGIN_SEEN, {"i": i}, actor="writer")
        assert verify(store, witness=opened.guard.current).ok
        assert opened.guard.witness.where.endswith(store_identity(store))
        rewrite(store, [forged()], store.size() + 1)
        report = verify(store, witness=opened.guard.current)
        assert not report.ok and report.first_bad == 6 and "never witnessed" in report.problem_en
        with psycopg.connect(where) as conn, pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("DELETE FROM ocop_audit_witness")
    finally:
        opened.guard.witness.close()
    if hasattr(store, "schema"):
        with pytest.raises(KeyPlacementError, match="own database"):
            Witness.for_store(store, audit_support.PG_URL)


def test_an_unwitnessed_store_is_adopted_once_it_verifies(store, tmp_path):
    for i in range(3):
        store.append(EventKind.PLUGIN_SEEN, {"i": i}, actor="writer")
    opened = open_trail(store, data_dir=tmp_path / "data", key=tmp_path / "k.pem", witness=tmp_path / "w.jsonl")
    assert opened.report.ok and opened.broken is None
    assert [e.state for e in Witness(tmp_path / "w.jsonl").entries()] == ["adopted"]
    store.append(EventKind.PLUGIN_SEEN, {"i": 3}, actor="writer")
    assert verify(store, witness=view_of(Witness(tmp_path / "w.jsonl").entries())).ok


def test_two_processes_adopting_at_once_agree(store, tmp_path):
    for i in range(3):
        store.append(EventKind.PLUGIN_SEEN, {"i": i}, actor="writer")
    key, where = tmp_path / "k.pem", tmp_path / "w.jsonl"
    first, second = (WitnessGuard(Witness(where), load_signer(tmp_path / "data", key)) for _ in range(2))
    assert first.adopt(store.head()) is not None and second.adopt(store.head()) is None
    store.guard = first
    store.append(EventKind.PLUGIN_SEEN, {"i": 3}, actor="writer")
    assert check_at_start(store, second).ok and second.broken is None
    assert [e.state for e in Witness(where).entries()] == ["adopted", "intent", "committed"]


def test_a_tail_lost_in_a_power_loss_is_refused_until_an_operator_adopts_it(tmp_path, capsys):
    """With --checkpoint-every N, intents between signed ones reach the disk with the next signed one."""
    data, key, where = tmp_path / "data", tmp_path / "k.pem", tmp_path / "w.jsonl"
    store = SQLiteStore(data / "audit.sqlite3")
    try:
        open_trail(store, data_dir=data, key=key, witness=where, sign_every=1000)
        for i in range(3):
            store.append(EventKind.PLUGIN_SEEN, {"i": i}, actor="writer")
        lines = where.read_bytes().splitlines(keepends=True)
        where.write_bytes(b"".join(lines[:2]))  # what reached the disk: event 1 and its commit mark
        fresh = WitnessGuard(Witness(where), load_signer(data, key))
        report = check_at_start(store, fresh)
        assert not report.ok and report.first_bad == 2 and "never witnessed" in report.problem_en
        cli = ["audit", "adopt", "--data-dir", str(data), "--signing-key", str(key), "--witness", str(where)]
        assert cli_main(cli) == 3 and "--confirm" in capsys.readouterr().err
        assert cli_main([*cli, "--confirm"]) == 0 and "2..3" in capsys.readouterr().out
        fresh = WitnessGuard(Witness(where), load_signer(data, key))
        assert check_at_start(store, fresh).ok
        store.guard = fresh
        store.append(EventKind.PLUGIN_SEEN, {"i": 3}, actor="writer")
        raw = Raw(store)
        raw.drop_guards()
        raw.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1")
        raw.close()
        assert cli_main([*cli, "--confirm"]) == 1  # a change is never adopted
    finally:
        store.close()


def test_the_key_lives_outside_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("OCOP_SIGNING_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    data = tmp_path / "var"
    first = load_signer(data)
    path = tmp_path / "config" / "ocop" / "signing_key.pem"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and not data.exists()
    assert load_signer(data).key_id == first.key_id
    with pytest.raises(KeyPlacementError, match="inside the data directory"):
        load_signer(data, data / "signing_key.pem")
    monkeypatch.setenv("OCOP_SIGNING_KEY", str(data / "keys" / "k.pem"))
    with pytest.raises(KeyPlacementError):
        load_signer(data)
    assert load_signer(data, allow_in_data_dir=True).key_id != first.key_id
    monkeypatch.setenv("OCOP_ALLOW_KEY_IN_DATA_DIR", "1")
    assert load_signer(data).key_id


def test_the_witness_lives_outside_the_data_dir(store, tmp_path):
    with pytest.raises(KeyPlacementError):
        Witness.for_store(store, tmp_path / "data" / "w", tmp_path / "data")
    inside = Witness.for_store(store, tmp_path / "data" / "w", tmp_path / "data", allow_in_data_dir=True)
    assert inside.path.parent == tmp_path / "data" / "w" and inside.path.suffix == ".jsonl"


def test_a_torn_witness_line_is_skipped_and_the_next_starts_fresh(tmp_path):
    w = Witness(tmp_path / "w.jsonl")
    w.append(WitnessEntry("committed", (1, "a" * 64)))
    with open(w.path, "ab") as f:
        f.write(b'{"type":"ocop-audit-witness/v1","state":"comm')  # a crash mid-write
    w.append(WitnessEntry("committed", (2, "b" * 64)))
    assert [e.head[0] for e in w.entries()] == [1, 2] and w.damaged == 1
    assert json.loads(w.path.read_bytes().splitlines()[-1])["head"] == [2, "b" * 64]
