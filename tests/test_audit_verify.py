"""Tampering with the real database: verify names the first bad event; checkpoints catch the rest."""

import os
import stat

import pytest
from audit_support import Raw
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from scoring_core.audit import EventKind, chain_hash
from scoring_core.audit.checkpoints import (
    Signer,
    export_checkpoints,
    import_checkpoints,
    load_signer,
    make_checkpoint,
    sign_checkpoint,
)
from scoring_core.audit.events import GENESIS, NewEvent, now_iso
from scoring_core.audit.trail import open_trail
from scoring_core.audit.verify import verify
from scoring_core.audit.witness import Ticker

N = 10


@pytest.fixture
def signer(tmp_path):
    return load_signer(tmp_path / "keys")


@pytest.fixture
def raw(store):
    for i in range(N):
        store.append(EventKind.PLUGIN_SEEN, {"i": i, "name": "Mứt gừng"}, actor="writer", request_id=f"e-{i}")
    r = Raw(store)
    r.drop_guards()
    yield r
    r.close()


def row(raw, seq):
    return raw.execute(
        "SELECT seq, kind, time, actor, request_id, subject, prev_hash, hash, body FROM audit_events WHERE seq = ?",
        (seq,),
    )[0]


def insert(raw, event):
    raw.execute(
        "INSERT INTO audit_events (seq, kind, time, actor, request_id, subject, prev_hash, hash, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.seq,
            event.kind,
            event.time,
            event.actor,
            event.request_id,
            event.subject,
            event.prev_hash,
            event.hash,
            event.body,
        ),
    )


def forged(seq, prev, i=99):
    return NewEvent.make(EventKind.PLUGIN_SEEN, {"i": i}, actor="mallory", request_id=f"forged-{seq}-{i}").seal(
        seq, prev, now_iso()
    )


def bad(store, **kw):
    report = verify(store, **kw)
    assert not report.ok, "tampering went unnoticed"
    return report


def test_an_untouched_chain_verifies(store, raw, signer):
    make_checkpoint(store, signer)
    report = verify(store)
    assert report.ok and report.size == N and report.checkpoints_checked == 1 and report.first_bad is None
    assert "hợp lệ" in report.text()


def test_an_edited_payload_byte_is_named(store, raw):
    body = bytes(row(raw, 5)[8]).replace(b'"i":4', b'"i":7')
    raw.execute("UPDATE audit_events SET body = ? WHERE seq = ?", (body, 5))
    report = bad(store)
    assert report.first_bad == 5 and "altered" in report.problem_en and "bị sửa" in report.problem_vi


def test_an_edit_with_a_recomputed_hash_is_named(store, raw):
    r = row(raw, 5)
    body = bytes(r[8]).replace(b'"i":4', b'"i":7')
    raw.execute("UPDATE audit_events SET body = ?, hash = ? WHERE seq = ?", (body, chain_hash(r[6], body), 5))
    assert bad(store).first_bad == 5


def test_an_edited_column_is_named(store, raw):
    raw.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 4")
    report = bad(store)
    assert report.first_bad == 4 and "actor" in report.problem_en


def test_a_deleted_event_is_named(store, raw):
    raw.execute("DELETE FROM audit_events WHERE seq = 6")
    report = bad(store)
    assert report.first_bad == 6 and "missing" in report.problem_en


def test_an_inserted_event_is_named(store, raw):
    for seq in range(N, 4, -1):  # make room at 5, as an attacker renumbering rows would
        raw.execute("UPDATE audit_events SET seq = ? WHERE seq = ?", (seq + 1, seq))
    insert(raw, forged(5, row(raw, 4)[7]))
    report = bad(store)
    assert report.first_bad == 5 and "inserted" in report.problem_en


def test_a_forged_tail_event_with_a_bad_link_is_caught(store, raw):
    insert(raw, forged(N + 1, "f" * 64))
    assert bad(store).first_bad in (N, N + 1)


def test_swapped_sequence_numbers_are_named(store, raw):
    raw.execute("UPDATE audit_events SET seq = -1 WHERE seq = 3")
    raw.execute("UPDATE audit_events SET seq = 3 WHERE seq = 7")
    raw.execute("UPDATE audit_events SET seq = 7 WHERE seq = -1")
    report = bad(store)
    assert report.first_bad == 3 and "reordered" in report.problem_en


def test_a_truncated_tail_is_caught_by_a_checkpoint(store, raw, signer):
    kept = import_checkpoints(export_checkpoints([make_checkpoint(store, signer)]))
    raw.execute("DELETE FROM audit_events WHERE seq > 7")
    raw.execute("DELETE FROM audit_checkpoints")
    assert verify(store).ok  # the chain alone cannot tell
    report = bad(store, checkpoints=kept)
    assert report.first_bad == 8 and "truncated" in report.problem_en


def rewrite(raw, start, end, prev):
    """Replace events start..end with a new, self-consistent chain."""
    raw.execute("DELETE FROM audit_events WHERE seq >= ?", (start,))
    for seq in range(start, end + 1):
        event = forged(seq, prev, i=seq)
        insert(raw, event)
        prev = event.hash


def test_a_full_rewrite_is_caught_by_an_outside_copy_of_a_checkpoint(store, raw, signer):
    outside = import_checkpoints(export_checkpoints([make_checkpoint(store, signer)]))
    rewrite(raw, 1, N, GENESIS)
    raw.execute("DELETE FROM audit_checkpoints")
    assert verify(store).ok  # consistent on its own
    report = bad(store, checkpoints=outside)
    assert report.first_bad == 1 and "rewritten" in report.problem_en


def test_a_partial_rewrite_is_bounded_by_the_last_matching_checkpoint(store, raw, signer):
    early = sign_checkpoint(5, row(raw, 5)[7], signer)
    late = make_checkpoint(store, signer)
    rewrite(raw, 6, N, row(raw, 5)[7])
    report = bad(store, checkpoints=[early, late], use_stored=False)
    assert report.first_bad == 6


def test_a_rewrite_re_signed_with_another_key_is_refused(store, raw, signer):
    rewrite(raw, 1, N, GENESIS)
    raw.execute("DELETE FROM audit_checkpoints")
    attacker = Signer(Ed25519PrivateKey.generate())
    make_checkpoint(store, attacker)
    report = bad(store, trusted_keys=[signer.public_pem])
    assert "unknown key" in report.checkpoint_problems[0]


def test_a_tampered_checkpoint_signature_is_reported(store, raw, signer):
    cp = make_checkpoint(store, signer)
    broken = type(cp)(
        cp.size, cp.head_hash, cp.time, cp.key_id, bytes([cp.signature[0] ^ 1]) + cp.signature[1:], cp.public_key
    )
    report = bad(store, checkpoints=[broken], use_stored=False)
    assert report.checkpoint_problems == [f"checkpoint at size {N}: bad signature"]


def test_checkpoints_export_and_import_unchanged(store, raw, signer):
    cps = [make_checkpoint(store, signer), make_checkpoint(store, signer)]
    again = import_checkpoints(export_checkpoints(cps))
    assert again == cps and all(c.problem([signer.public_pem]) is None for c in again)


def test_the_signing_key_is_generated_once_private_and_reused(tmp_path, monkeypatch):
    path = tmp_path / "keys" / "signing_key.pem"
    monkeypatch.setenv("OCOP_SIGNING_KEY", str(path))
    first = load_signer(tmp_path / "var")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_signer(tmp_path / "var").key_id == first.key_id
    own = tmp_path / "own.pem"
    own.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    monkeypatch.setenv("OCOP_SIGNING_KEY", str(own))
    assert load_signer(tmp_path / "var").key_id != first.key_id


def test_periodic_checkpoints_sign_only_a_moved_head(store, tmp_path):
    trail = open_trail(store, key=tmp_path / "key.pem", witness=tmp_path / "witness")
    ticker = Ticker(trail.guard, store, interval=3600)
    assert ticker.tick() is None  # empty chain
    store.append(EventKind.PLUGIN_SEEN, {}, actor="a")
    assert ticker.tick().size == 1 and ticker.tick() is None
    store.append(EventKind.PLUGIN_SEEN, {}, actor="a")
    ticker.start().stop()  # stop signs the final head
    assert [c.size for c in store.stored_checkpoints()] == [1, 2]


def _session_events(store):
    """A sheet and a result filed under council/s1 (seq N+1, N+2): what the council book reads a session from."""
    for kind in (EventKind.MEMBER_SHEET_SUBMITTED, EventKind.COUNCIL_RESULT):
        store.append(kind, {"session": "s1", "product_id": "P-1"}, actor="writer", subject="P-1")


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        ("DELETE FROM audit_topics WHERE seq = {result}", N + 2),  # a result hidden from its session
        ("UPDATE audit_topics SET topic = 'council/s2' WHERE seq = {sheet}", N + 1),  # a sheet moved to another
        ("INSERT INTO audit_topics (topic, seq) VALUES ('council/s1', 3)", 3),  # a plain event filed in a session
        ("INSERT INTO audit_topics (topic, seq) VALUES ('council/s1', 999)", 999),  # a row for no event
    ],
)
def test_a_changed_session_index_is_named(store, raw, tamper, first_bad):
    """Attack: the session index (audit_topics) is not in the hash chain; hiding the row of a council result from
    it let the council close the same product again, and verification said the trail was sound."""
    _session_events(store)
    assert verify(store).ok
    raw.execute(tamper.format(sheet=N + 1, result=N + 2))
    report = bad(store)
    assert report.first_bad == first_bad and "index" in report.problem_en, report.problem_en
