"""Evaluation records carry all a replay needs; replay reproduces them on the pinned sheet version."""

from datetime import date

import pytest
from audit_support import BEST, FOOD_BEST, food_sheet_or_skip, judged
from product_files import product

from scoring_core.audit import EventKind
from scoring_core.audit.events import NewEvent
from scoring_core.scoring.replay import ReplayError, record_evaluation, record_plugins_seen, replay, score_pinned
from scoring_core.scoring.request import ScoreRequest


def request(sheet="2026/99", **kw):
    return ScoreRequest.parse(
        {
            "product": product("vn-test-1")["product"],
            "sheet": sheet,
            "regime": sheet.split("/")[0],
            "judgements": kw.pop("judgements", BEST),
            **kw,
        }
    )


def test_an_evaluation_event_holds_everything_replay_needs(store, scorer):
    req = request(facts={"raw_material_province_pct": 80})
    ev = scorer.score(req, today=date(2026, 9, 1))
    event = record_evaluation(store, req, ev, actor="clerk", policy=scorer.policy, request_id="score-1")
    record = event.payload["evaluation"]
    assert event.kind == EventKind.EVALUATION_RECORDED and event.subject == "vn-test-1"
    assert {
        "regime",
        "sheet",
        "sheet_version",
        "plugin",
        "plugin_version",
        "content_hash",
        "engine_version",
        "policy",
        "today",
        "request",
        "result",
    } <= set(record)
    assert record["today"] == "2026-09-01" and record["request"]["facts"] == {"raw_material_province_pct": 80}
    assert record["content_hash"] == ev.content_hash and record["result"]["total"] == "100"
    assert replay(store.get(event.seq), scorer) == (True, [])


def test_a_real_food_sheet_replays_identically(store, scorer):
    food_sheet_or_skip(scorer)
    req = request("2026/07", judgements=FOOD_BEST, evaluated_on="2026-10-15", facts={"bilingual_label": True})
    event = record_evaluation(store, req, scorer.score(req), actor="clerk", policy=scorer.policy)
    assert replay(event, scorer) == (True, [])


def test_replay_names_every_difference(store, scorer):
    req = request(judgements=judged(C6_2=1))
    ev = scorer.score(req, today=date(2026, 9, 1))
    honest = record_evaluation(store, req, ev, actor="clerk", policy=scorer.policy)
    payload = honest.payload
    payload["evaluation"]["result"]["total"] = "95"
    payload["evaluation"]["result"]["breakdown"][5]["points"] = "15"
    doctored = NewEvent.make(EventKind.EVALUATION_RECORDED, payload, actor="clerk").seal(2, honest.hash, "t")
    identical, differences = replay(doctored, scorer)
    assert not identical
    assert {(d.path, d.stored, d.replayed) for d in differences} == {
        ("total", "95", "90"),
        ("breakdown[5].points", "15", "10"),
    }
    assert replay(doctored, scorer, ignore=["total", "breakdown"]) == (True, [])


def test_replay_uses_the_sheet_version_of_the_stored_content_hash(store, scorer):
    old = next(e for e in scorer.plugins.sheets("2026") if e.sheet_id == "2026/98" and e.version == 1)
    req = request("2026/98", judgements=judged(A1_1=1))
    then = score_pinned(scorer, req, old, date(2026, 9, 1))
    now = scorer.score(req, today=date(2026, 9, 1))  # the newest version scores option 1 higher
    assert (then.sheet_version, then.total, now.sheet_version, now.total) == (1, 85, 2, 90)
    event = record_evaluation(store, req, then, actor="clerk", policy=scorer.policy)
    assert replay(event, scorer) == (True, [])


def test_replay_refuses_an_unknown_sheet_version_or_a_non_evaluation(store, scorer):
    req = request()
    ev = scorer.score(req, today=date(2026, 9, 1)).model_copy(update={"content_hash": "sha256:gone"})
    event = record_evaluation(store, req, ev, actor="clerk", policy=scorer.policy)
    with pytest.raises(ReplayError, match="not installed"):
        replay(event, scorer)
    other = store.append(EventKind.PLUGIN_SEEN, {"x": 1}, actor="a")
    with pytest.raises(ReplayError, match="no evaluation record"):
        replay(other, scorer)


def test_plugin_and_sheet_versions_are_recorded_once(store, scorer):
    first = record_plugins_seen(store, scorer.plugins)
    again = record_plugins_seen(store, scorer.plugins)
    assert first and all(e.kind == EventKind.PLUGIN_SEEN for e in first)
    assert all(e.duplicate for e in again) and store.size() == len(first)
    hashes = {e.payload["content_hash"] for e in first}
    assert scorer.plugins.sheet("2026", "2026/99").content_hash in hashes
