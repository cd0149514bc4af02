"""Decisions under concurrency and crashes, with real processes on one SQLite file or one PostgreSQL schema.

Races: two processes close the same product, open the same session id, uphold the same contest, at
once (a barrier per round): exactly one is recorded, the other is refused naming the deciding event.
Crashes: a process SIGKILLed inside the write transaction of a multi-event decision, after its first
event is inserted: nothing of it is stored, the chain verifies, and a retry without request_id
completes it once.  Bounded: a few rounds each (bench/races.py and bench/crash.py give the figures).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from audit_support import PG_URL, judged
from decision_child import CHAIR, DAY, MEMBERS, SECRETARY
from product_files import product

from scoring_core.audit import EventKind
from scoring_core.audit.postgres import PostgresStore
from scoring_core.audit.verify import verify
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.contests import ContestBook
from scoring_core.councils.council import CouncilError
from scoring_core.scoring.replay import record_evaluation
from scoring_core.scoring.request import ScoreRequest

CHILD = Path(__file__).resolve().parent / "decision_child.py"
ROUNDS = 3
FOUR_STARS = judged(A1_1=2)  # 90 points, A1.1 misses its 5-star gate: recognised 4 stars by the province


def spec_of(store) -> str:
    return f"postgres:{PG_URL}#{store.schema}" if isinstance(store, PostgresStore) else f"sqlite:{store.path}"


def open_council(councils: CouncilBook, sid: str, pids: list[str]) -> None:
    """A five-member council with ``pids`` before it, four sheets in for each (quorum)."""
    councils.open_session(
        level="province",
        regime="2026",
        sheet="2026/99",
        opened_on=DAY,
        members=MEMBERS,
        products=[{"product": product(pid)["product"]} for pid in pids],
        actor=CHAIR,
        session_id=sid,
    )
    for pid in pids:
        for m in MEMBERS[:4]:
            councils.submit(sid, pid, m["name"], FOUR_STARS)


def race(store, work: Path, op: str, args: list[str], rounds: int) -> list[list[dict]]:
    """Two child processes doing ``op`` on the same things, released together each round; their answers."""
    work.mkdir(exist_ok=True)
    procs = [
        subprocess.Popen(
            [sys.executable, str(CHILD), spec_of(store), op, str(work), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for r in range(rounds):
            deadline = time.monotonic() + 120
            while len(list(work.glob(f"ready-{r}-*"))) < 2:
                assert all(p.poll() is None for p in procs), [p.stderr.read()[-2000:] for p in procs if p.stderr]
                assert time.monotonic() < deadline, "children never got ready"
                time.sleep(0.002)
            (work / f"go-{r}").touch()
        outs = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err[-3000:]
            outs.append([json.loads(line) for line in out.splitlines() if line.startswith("{")])
        return outs
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def one_won(answers: list[list[dict]], rounds: int, code: str) -> list[int]:
    """Per round: one child recorded, the other was refused with ``code`` naming that very event."""
    won = []
    for r in range(rounds):
        pair = [a[r] for a in answers]
        ok = [a["ok"] for a in pair if "ok" in a]
        refused = [a for a in pair if "refused" in a]
        assert len(ok) == 1 and len(refused) == 1, pair
        assert refused[0]["refused"] == code and refused[0]["event"], pair
        won.append(ok[0])
    return won


def test_two_processes_close_the_same_product_once(store, scorer, tmp_path):
    councils = CouncilBook(store, scorer)
    pids = [f"vn-close-{i}" for i in range(ROUNDS)]
    open_council(councils, "hd-race", pids)
    answers = race(store, tmp_path / "work", "close", ["hd-race", *pids], ROUNDS)
    won = one_won(answers, ROUNDS, "failed_precondition")
    for pid, seq in zip(pids, won, strict=True):
        results = list(store.events(subject=pid, kind=EventKind.COUNCIL_RESULT))
        recognitions = list(store.events(subject=pid, kind=EventKind.RECOGNITION_ISSUED))
        assert [e.seq for e in results] == [seq] and len(recognitions) == 1
        assert [r.status for r in councils.recognitions(pid)] == ["active"]
    assert verify(store).ok


def test_two_processes_open_the_same_session_once(store, tmp_path):
    sids = [f"hd-open-{i}" for i in range(ROUNDS)]
    answers = race(store, tmp_path / "work", "open", sids, ROUNDS)
    won = one_won(answers, ROUNDS, "already_exists")
    for sid, seq in zip(sids, won, strict=True):
        assert [e.seq for e in store.events(subject=f"council/{sid}")] == [seq]


def test_two_processes_resolve_the_same_contest_once(store, scorer, tmp_path):
    contests = ContestBook(store, scorer, CouncilBook(store, scorer))
    filed = []
    for i in range(ROUNDS):
        req = ScoreRequest.parse(
            {
                "product": product(f"vn-ct-{i}")["product"],
                "sheet": "2026/99",
                "regime": "2026",
                "evaluated_on": DAY,
                "judgements": judged(C6_2=1),
            }
        )
        ev = record_evaluation(store, req, scorer.score(req), actor="clerk", policy=scorer.policy)
        filed.append(contests.file(ev.seq, "C6.2", {"option": 2}, "Đạt chỉ tiêu", by="HTX", role="producer").seq)
    answers = race(store, tmp_path / "work", "resolve", [str(s) for s in filed], ROUNDS)
    one_won(answers, ROUNDS, "failed_precondition")
    for i, seq in enumerate(filed):
        pid = f"vn-ct-{i}"
        resolved = [e for e in store.events(subject=pid, kind=EventKind.CONTEST_RESOLVED)]
        revisions = [e for e in store.events(subject=pid, kind=EventKind.EVALUATION_RECORDED) if e.payload["contest"]]
        assert len(resolved) == 1 and len(revisions) == 1 and resolved[0].payload["contest"] == seq
    assert verify(store).ok


def killed(store, *args: str) -> None:
    """Run a child that SIGKILLs itself inside the transaction of a multi-event append."""
    proc = subprocess.run(
        [sys.executable, str(CHILD), spec_of(store), *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -9, proc.stderr[-3000:]


@pytest.mark.parametrize("cycles", [2])
def test_sigkill_between_a_result_and_its_recognition_leaves_no_hole(store, scorer, tmp_path, cycles):
    councils = CouncilBook(store, scorer)
    pids = [f"vn-kill-{i}" for i in range(cycles)]
    open_council(councils, "hd-kill", pids)
    for pid in pids:
        size = store.size()
        killed(store, "kill-close", str(tmp_path), "hd-kill", pid)
        assert store.size() == size and verify(store).ok  # nothing of the decision was stored
        decision = councils.close("hd-kill", pid, by=CHAIR)  # the retry, without request_id, completes it
        assert decision.recognition is not None and decision.recognition.payload["result"] == decision.event.seq
        with pytest.raises(CouncilError) as err:  # and never twice
            councils.close("hd-kill", pid, by=SECRETARY)
        assert err.value.metadata["event"] == f"events/{decision.event.seq}"
        kinds = Counter(e.kind for e in store.events(subject=pid))
        assert kinds[EventKind.COUNCIL_RESULT] == kinds[EventKind.RECOGNITION_ISSUED] == 1
    assert verify(store).ok


def test_sigkill_inside_a_contest_resolution_leaves_no_partial_revision(store, scorer, tmp_path):
    councils = CouncilBook(store, scorer)
    contests = ContestBook(store, scorer, councils)
    open_council(councils, "hd-kill-ct", ["vn-kill-ct"])
    decision = councils.close("hd-kill-ct", "vn-kill-ct", by=CHAIR)
    filed = contests.file(decision.event.seq, "A1.1", {"option": 3}, "Đạt chuẩn", by="Cường", role="member")
    size = store.size()
    killed(store, "kill-resolve", str(tmp_path), str(filed.seq))
    assert store.size() == size and verify(store).ok
    state = contests.resolve(filed.seq, "upheld", "Hội đồng thống nhất", by=SECRETARY)
    with pytest.raises(CouncilError) as err:
        contests.resolve(filed.seq, "upheld", "Hội đồng thống nhất", by=CHAIR)
    assert err.value.metadata["event"] == f"events/{state.resolved_seq}"
    events = list(store.events(subject="vn-kill-ct"))
    assert sum(e.kind == EventKind.CONTEST_RESOLVED for e in events) == 1
    assert sum(e.kind == EventKind.COUNCIL_RESULT and bool(e.payload["revision_of"]) for e in events) == 1
    assert [r.status for r in councils.recognitions("vn-kill-ct")] == ["revoked"]  # 5 stars: forwarded to central
    assert verify(store).ok
