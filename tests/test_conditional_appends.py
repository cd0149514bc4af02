"""The store's conditional, all-or-none appends; request hashes beside request ids; events filed by topic."""

from concurrent.futures import wait

import audit_support
import pytest
from audit_support import Raw

from scoring_core.audit.events import NewEvent
from scoring_core.audit.postgres import PostgresStore
from scoring_core.audit.sqlite import SQLiteStore
from scoring_core.audit.store import Conflict, NoneOf, RequestIdReused, Stale, SubjectAt
from scoring_core.audit.verify import verify


def ev(kind="plugin_seen", subject="s", rid=None, payload=None, rhash=None):
    return NewEvent.make(kind, payload or {"x": 1}, actor="t", request_id=rid, subject=subject, request_hash=rhash)


def test_several_events_are_one_append_in_consecutive_places(store):
    store.append("plugin_seen", {}, actor="t", subject="other")
    written = store.append_all(
        lambda base: [ev(rid="a"), ev(kind="council_result", rid="a:2", payload={"first": base})]
    )
    assert [e.seq for e in written] == [2, 3] and written[1].payload == {"first": 2}
    again = store.append_all(lambda base: [ev(rid="a"), ev(kind="council_result", rid="a:2", payload={"first": base})])
    assert [e.seq for e in again] == [2, 3] and all(e.duplicate for e in again) and store.size() == 3


def test_a_condition_is_checked_inside_the_batch_after_the_appends_before_it(store):
    """Two opens of one thing queued into the same group commit: the second sees the first."""
    futures = [
        store.append_all_async(
            [ev(kind="council_opened", subject="council/x")], expect=NoneOf("council/x", "council_opened")
        )
        for _ in range(6)
    ]
    wait(futures)
    outcomes = [f.exception() or f.result() for f in futures]
    won = [o for o in outcomes if isinstance(o, list)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(won) == 1 and len(lost) == 5
    assert {c.event.seq for c in lost} == {won[0][0].seq} and lost[0].code == "already_exists"
    assert lost[0].metadata["event"] == f"events/{won[0][0].seq}"
    assert store.size() == 1 and verify(store).ok


def test_subject_at_refuses_when_the_subject_moved_and_writes_nothing(store):
    first = store.append("plugin_seen", {}, actor="t", subject="p")
    store.append("plugin_seen", {}, actor="t", subject="q")  # another subject does not matter
    assert store.append_all([ev(subject="p")], expect=SubjectAt("p", first.seq))[0].seq == 3
    with pytest.raises(Stale) as err:
        store.append_all([ev(subject="p"), ev(subject="p")], expect=SubjectAt("p", first.seq))
    assert err.value.event.seq == 3 and err.value.code == "aborted" and store.size() == 3
    assert store.append_all([ev(subject="new")], expect=SubjectAt("new", 0))[0].seq == 4


def test_a_request_id_with_another_request_hash_is_refused(store):
    first = store.append("plugin_seen", {"a": 1}, actor="t", request_id="r-1", request_hash="h1")
    assert first.request_hash == "h1"
    assert store.append("plugin_seen", {"a": 1}, actor="t", request_id="r-1", request_hash="h1").duplicate
    with pytest.raises(RequestIdReused) as err:
        store.append("plugin_seen", {"a": 2}, actor="t", request_id="r-1", request_hash="h2")
    assert err.value.reason == "REQUEST_ID_REUSED" and err.value.event.seq == first.seq and store.size() == 1


def test_session_events_are_filed_under_their_session_and_older_stores_are_backfilled(store, tmp_path):
    store.append("council_opened", {"session_id": "s1"}, actor="t", subject="council/s1")
    for session in ("s1", "s2", "s1"):
        store.append("member_sheet_submitted", {"session": session, "product_id": "p"}, actor="t", subject="p")
    store.append("evaluation_recorded", {"product_id": "p"}, actor="t", subject="p")
    assert [e.seq for e in store.about("council/s1")] == [2, 4]
    assert [e.seq for e in store.about("council/s2")] == [3]
    raw = Raw(store)
    raw.execute("DROP TABLE audit_topics")  # a store from before topics
    raw.close()
    store.close()
    again = (
        PostgresStore(audit_support.PG_URL, schema=store.schema)
        if isinstance(store, PostgresStore)
        else SQLiteStore(store.path)
    )
    try:
        assert [e.seq for e in again.about("council/s1")] == [2, 4] and verify(again).ok
    finally:
        again.close()
