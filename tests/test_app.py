"""The application layer used directly, no transport: catalogue, scoring and recording, councils, contests, audit.

What the gRPC servicers (and the next transport) stand on: plain values in, core objects out, the core's errors
naming the fields of the API.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from audit_support import make_store
from grpc_support import test_scorer
from product_files import product

from scoring_core.app import DEV, Audit, Catalogue, Contests, Councils, Identity, Scoring
from scoring_core.app.errors import DeadlineExceeded, PluginFailure, ResourceNotFound
from scoring_core.app.identity import Denied
from scoring_core.audit.events import EventKind
from scoring_core.audit.store import AuditStore, RequestIdReused
from scoring_core.audit.trail import open_trail
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.contests import ContestBook
from scoring_core.councils.council import CouncilError
from scoring_core.errors import InvalidRequest, NotFound, Refused
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.request import ScoreRequest

CHAIR, SECRETARY = "Chủ tịch An", "Thư ký Bình"
MEMBERS = [
    {"name": CHAIR, "role": "chair"},
    {"name": SECRETARY, "role": "secretary"},
    {"name": "Cường", "role": "member"},
    {"name": "Dung", "role": "member"},
    {"name": "Em", "role": "member"},
]
INTEGRATION = Identity("Cổng tích hợp", frozenset({"integration"}))
PRODUCER = Identity("HTX Thử", frozenset({"producer"}), products=("P-*",))
OTHER_PRODUCER = Identity("HTX Khác", frozenset({"producer"}), products=("Q-*",))
FACTS = {"grpctest_labour_pct": 70, "grpctest_certified": True}
BEST = {"A1.2": {"case": 1, "option": 2}, "B5.1": 2, "B5.2": 2, "C6.2": 2}  # with FACTS: 90 points


def person(name: str, *roles: str) -> Identity:
    return Identity(name, frozenset(roles))


def fields(exc: pytest.ExceptionInfo[InvalidRequest]) -> list[str]:
    return [v.field for v in exc.value.violations]


class App:
    """Every application service over one store, as a server process assembles them."""

    def __init__(self, store: AuditStore, data_dir: Path) -> None:
        self.scorer = test_scorer()
        self.store = store
        trail = open_trail(store, data_dir=data_dir)
        books = ContestBook(store, self.scorer, CouncilBook(store, self.scorer))
        self.catalogue = Catalogue(self.scorer.plugins)
        self.scoring = Scoring(self.scorer, store)
        self.councils = Councils(books.councils)
        self.contests = Contests(books)
        self.audit = Audit(books, trail.guard)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("app")
    store = make_store("sqlite", tmp)
    try:
        yield App(store, tmp)
    finally:
        store.close()


# -- catalogue ---------------------------------------------------------------------------------
def test_catalogue_reads_and_names(app: App) -> None:
    assert app.catalogue.regime("regimes/2026").code == "2026"
    assert app.catalogue.sheet("regimes/2026/sheets/98").sheet_id == "2026/98"
    first = app.catalogue.facts(page_size=1)
    second = app.catalogue.facts(page_size=1, page_token=first.next_page_token)
    assert len(first.items) == 1 and first.items != second.items
    with pytest.raises(ResourceNotFound) as missing:
        app.catalogue.sheet("regimes/2026/sheets/42", version=9)
    assert missing.value.resource_name == "regimes/2026/sheets/42" and "version 9" in str(missing.value)
    with pytest.raises(ResourceNotFound):
        app.catalogue.regime("regimes/1999")
    with pytest.raises(InvalidRequest) as bad:
        app.catalogue.sheets(parent="2026")
    assert fields(bad) == ["parent"]
    with pytest.raises(InvalidRequest) as bad:
        app.catalogue.facts(page_token="forged")
    assert fields(bad) == ["page_token"]


# -- scoring -----------------------------------------------------------------------------------
def test_a_dry_run_scores_and_writes_nothing(app: App) -> None:
    size = app.store.size()
    scored = app.scoring.score(product(sheet="regimes/2026/sheets/98"))
    assert scored.event is None and scored.evaluation.total == 100 and scored.evaluation.sheet == "2026/98"
    assert app.store.size() == size


def test_every_bad_field_is_listed_at_once(app: App) -> None:
    bad_facts = {"grpctest_labour_pct": "many", "nope": 1}
    with pytest.raises(InvalidRequest) as exc:  # parses; the sheet lists the facts and the judgement
        app.scoring.evaluate(product(facts=bad_facts, judgements={"Z9": 1}))
    assert fields(exc) == ["facts.grpctest_labour_pct", "facts.nope", "judgements.Z9"]
    with pytest.raises(InvalidRequest) as exc:  # does not parse: its own fields, then what the rest shows
        app.scoring.evaluate(product(product={"id": ""}, evaluated_on="2026-13-01", facts=bad_facts))
    assert set(fields(exc)) >= {"product.id", "product.name", "evaluated_on", "facts.nope"}
    with pytest.raises(InvalidRequest) as exc:  # the regime does not hold the sheet: facts checked too
        app.scoring.evaluate(product(regime="2021", facts={"nope": 1}))
    assert fields(exc)[-1] == "facts.nope" and len(fields(exc)) == 2
    with pytest.raises(InvalidRequest) as exc:  # an unknown sheet with a bad fact: the fact
        app.scoring.evaluate(product(sheet="2026/42", facts={"nope": 1}))
    assert fields(exc) == ["facts.nope"]
    with pytest.raises(NotFound) as missing:  # nothing else wrong: not found
        app.scoring.evaluate(product(sheet="2026/42"))
    assert missing.value.violation.field == "sheet"


def test_the_one_pass_agrees_with_scoring_a_parsed_request(app: App) -> None:
    data = product(facts={"grpctest_labour_pct": 60, "grpctest_certified": False})
    direct = app.scorer.score(ScoreRequest.parse(data))
    assert app.scoring.evaluate(data).summary() == direct.summary()


def test_recording_is_for_integrations_and_idempotent(app: App) -> None:
    data = product("P-rec")
    with pytest.raises(Denied) as anonymous:
        app.scoring.score(data, None, record=True)
    assert anonymous.value.code == "unauthenticated"
    with pytest.raises(Refused) as producer:
        app.scoring.score(data, PRODUCER, record=True, request_id="rec-1")
    assert producer.value.code == "permission_denied"
    size = app.store.size()
    first = app.scoring.score(data, INTEGRATION, record=True, request_id="rec-1")
    assert first.event is not None and first.event.kind == EventKind.EVALUATION_RECORDED
    assert first.event.actor == INTEGRATION.name and app.store.size() == size + 1
    again = app.scoring.score(data, INTEGRATION, record=True, request_id="rec-1")
    assert again.event is not None and again.event.duplicate and again.event.seq == first.event.seq
    assert app.store.size() == size + 1
    with pytest.raises(RequestIdReused):
        app.scoring.score(product("P-other"), INTEGRATION, record=True, request_id="rec-1")
    with pytest.raises(InvalidRequest):
        app.scoring.score(product(facts={"nope": 1}), INTEGRATION, record=True, request_id="rec-2")
    assert app.store.size() == size + 1


def test_a_caller_that_gave_up_records_nothing(app: App) -> None:
    size = app.store.size()

    def gone() -> None:
        raise DeadlineExceeded()

    with pytest.raises(DeadlineExceeded):
        app.scoring.score(product("P-late"), INTEGRATION, record=True, request_id="late-1", check=gone)
    assert app.store.size() == size


def test_a_batch_answers_each_item_on_its_own(app: App) -> None:
    unreadable = InvalidRequest([])
    answers = list(app.scoring.batch([product("B-1"), product(sheet="2026/42"), unreadable, product("B-4")]))
    assert [a.index for a in answers] == [0, 1, 2, 3]
    assert [a.evaluation is not None for a in answers] == [True, False, False, True]
    assert isinstance(answers[1].error, NotFound) and answers[2].error is unreadable


def test_a_failing_plugin_is_named(app: App) -> None:
    class Broken(type(app.scorer)):  # type: ignore[misc]
        def score(self, request: ScoreRequest, today: date | None = None) -> Evaluation:
            raise ZeroDivisionError("a plugin bug")

    broken = Broken(app.scorer.plugins)
    with pytest.raises(PluginFailure) as failure:
        Scoring(broken).evaluate(product())
    assert (failure.value.plugin, failure.value.sheet) == ("grpctest", "2026/98")


def test_simulate_names_the_overrides(app: App) -> None:
    simulation = app.scoring.simulate(product(), fact_overrides={"grpctest_labour_pct": 60})
    assert simulation.total_delta == -10
    assert [(before.option, after.option) for before, after in simulation.changes if before] == [(3, 2)]
    with pytest.raises(InvalidRequest) as exc:
        app.scoring.simulate(
            product(facts={"nope": 1}),
            fact_overrides={"grpctest_certified": "yes"},
            judgement_overrides={"Z9": {"option": 1}},
            remove_judgements=["Q1"],
        )
    assert set(fields(exc)) == {
        "remove_judgements[0]",
        "request.facts.nope",
        "fact_overrides.grpctest_certified",
        "judgement_overrides.Z9",
    }
    with pytest.raises(InvalidRequest) as exc:
        app.scoring.simulate(None)
    assert fields(exc) == ["request"]


# -- councils and contests ---------------------------------------------------------------------
def opened(app: App, sid: str, **changes: Any) -> Any:
    inputs: dict[str, Any] = {
        "level": "province",
        "regime": "2026",
        "sheet": "regimes/2026/sheets/98",
        "members": MEMBERS,
        "products": [{"product": product(f"P-{sid}")["product"], "facts": FACTS, "filed_on": "2026-07-01"}],
        "opened_on": "2026-08-01",
        "session_id": sid,
    }
    return app.councils.open_session(person(SECRETARY, "secretary"), **(inputs | changes))


def test_a_council_opens_scores_and_closes(app: App) -> None:
    state = opened(app, "hd-app", request_id="open-app")
    assert state.spec.sheet == "2026/98" and state.opened.actor == SECRETARY
    assert opened(app, "hd-app", request_id="open-app").opened.seq == state.opened.seq  # a retry
    pid = "P-hd-app"
    for m in MEMBERS:
        sheet = app.councils.submit(
            person(m["name"], m["role"]), session="councils/hd-app", product_id=pid, judgements=BEST
        )
        assert sheet.payload["member"] == m["name"]
    result = app.councils.close(person(CHAIR, "chair"), session="councils/hd-app", product_id=pid)
    assert result.event.payload["outcome"]["status"] == "recognised"
    assert app.councils.result("councils/hd-app", pid).event.seq == result.event.seq
    listed = app.councils.recognitions(pid, today="2026-08-02")
    assert [state for _, state in listed.items] == ["active"]
    assert listed.items[0][0].valid_until.isoformat() == "2029-07-31"
    due = app.councils.expiring(3660, today="2026-08-02").items
    assert pid in [r.product_id for r, _ in due]
    name = f"recognitions/{listed.items[0][0].seq}"
    revoked = app.councils.revoke(person(CHAIR, "chair"), name=name, reason="Sai phạm")
    assert revoked.status == "revoked"


def test_council_inputs_are_checked_together_and_authority_holds(app: App) -> None:
    with pytest.raises(InvalidRequest) as exc:
        opened(
            app,
            "hd-bad",
            level=None,
            members=[*MEMBERS[:4], {"name": " ", "role": "boss"}],
            products=[{"product": {"id": "P-x", "name": "x"}, "renews": "recognitions/x"}],
        )
    assert fields(exc) == ["level", "members[4].name", "members[4].role", "products[0].renews"]
    with pytest.raises(CouncilError) as exc_open:
        app.councils.open_session(
            person("Cường", "member", "chair"),
            level="province",
            sheet="2026/98",
            members=MEMBERS,
            products=[{"product": {"id": "P-y", "name": "y"}}],
        )
    assert exc_open.value.code == "permission_denied"
    opened(app, "hd-auth")
    with pytest.raises(Denied):  # a member acts under their own name only
        app.councils.close(person("Dung", "member"), session="hd-auth", product_id="P-hd-auth", closed_by=CHAIR)
    with pytest.raises(CouncilError) as exc_close:  # the council book: only its officers close
        app.councils.close(person("Dung", "chair"), session="hd-auth", product_id="P-hd-auth")
    assert exc_close.value.code == "permission_denied"
    with pytest.raises(CouncilError) as missing:
        app.councils.session("councils/nope")
    assert missing.value.code == "not_found"
    with pytest.raises(InvalidRequest) as exc:
        app.councils.submit(DEV, session="councils/hd-auth", product_id="", judgements={})
    assert fields(exc) == ["judgements"]


def test_contests_file_and_resolve(app: App) -> None:
    recorded = app.scoring.score(product("P-contest"), INTEGRATION, record=True, request_id="contest-base")
    assert recorded.event is not None
    target = f"events/{recorded.event.seq}"
    claim = {"option": 1, "case": None}
    with pytest.raises(Denied):  # not its product
        app.contests.file(OTHER_PRODUCER, target=target, criterion="B5.1", claim=claim, reason="Xin xem lại")
    with pytest.raises(InvalidRequest) as exc:
        app.contests.file(PRODUCER, target=target, criterion="", claim=None, reason="x", filed_as="judge")
    assert fields(exc) == ["criterion"]
    contest, already = app.contests.file(
        PRODUCER, target=target, criterion="B5.1", claim=claim, reason="Xin xem lại", request_id="c-1"
    )
    assert not already and contest.filing.by == PRODUCER.name
    assert app.contests.file(
        PRODUCER, target=target, criterion="B5.1", claim=claim, reason="Xin xem lại", request_id="c-1"
    )[1]
    name = f"contests/{contest.seq}"
    assert app.contests.contest(name).seq == contest.seq
    assert [c.seq for c in app.contests.list("P-contest").items] == [contest.seq]
    with pytest.raises(InvalidRequest) as exc:
        app.contests.resolve(person(CHAIR, "chair"), name=name, decision="maybe", reason="x")
    assert fields(exc) == ["decision"]
    resolved, _ = app.contests.resolve(person(CHAIR, "chair"), name=name, decision="rejected", reason="Đúng quy định")
    assert resolved.resolution is not None and resolved.resolution.outcome == "rejected"
    with pytest.raises(CouncilError):
        app.contests.contest("contests/999999")


# -- audit -------------------------------------------------------------------------------------
def test_audit_reads_verify_replay_and_checkpoints(app: App) -> None:
    recorded = app.scoring.score(product("P-audit"), INTEGRATION, record=True, request_id="audit-1")
    assert recorded.event is not None
    name = f"events/{recorded.event.seq}"
    assert app.audit.event(name).hash == recorded.event.hash
    pid, trail = app.audit.trail("products/P-audit/trail")
    assert pid == "P-audit" and [e.seq for e in trail.items] == [recorded.event.seq]
    first = app.audit.events(kind=EventKind.EVALUATION_RECORDED, page_size=1)
    second = app.audit.events(kind=EventKind.EVALUATION_RECORDED, page_size=1, page_token=first.next_page_token)
    assert first.items[0].seq < second.items[0].seq
    assert app.audit.verify().ok
    replay = app.audit.replay(request_id="audit-1")
    assert not replay.differences and replay.replayed.total == replay.stored.total
    assert app.audit.replay(name=name).event.seq == recorded.event.seq
    checkpoint = app.audit.create_checkpoint(person("Kiểm toán", "auditor"))
    assert checkpoint.size == app.store.size()
    assert app.audit.checkpoints().items[-1] == checkpoint
    for lookup, kind in (
        (lambda: app.audit.event("events/999999"), "Event"),
        (lambda: app.audit.replay(request_id="nope"), "Event"),
        (lambda: app.audit.trail("products/nobody/trail"), "Trail"),
    ):
        with pytest.raises(ResourceNotFound) as missing:
            lookup()
        assert missing.value.kind == kind
    with pytest.raises(InvalidRequest) as exc:
        app.audit.replay()
    assert fields(exc) == ["name"]
    with pytest.raises(InvalidRequest) as exc:
        app.audit.verify(checkpoints_json="{}", trusted_public_keys=["not a key"])
    assert fields(exc) == ["checkpoints_json", "trusted_public_keys[0]"]


def test_the_transport_package_loads_nothing_it_is_not_asked_for() -> None:
    """``scoring_core.service.values`` (used by the client) or ``.config`` load neither the server nor grpc."""
    code = (
        "import sys, scoring_core.service.values, scoring_core.service.config\n"
        "heavy = ('grpc', 'scoring_core.service.server', 'scoring_core.scoring.pipeline')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
