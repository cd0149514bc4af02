"""Councils: quorum, spread, means, gates on means, knock-outs, levels, recognition, expiry, replay of state."""

from datetime import date
from decimal import Decimal

import pytest
from audit_support import BEST, FOOD_BEST, Raw, food_sheet_or_skip, judged
from product_files import product

from scoring_core.audit import EventKind
from scoring_core.audit.verify import verify
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.council import CouncilError, Member, SessionSpec, mean, quorum_problem
from scoring_core.errors import InvalidRequest
from scoring_core.scoring.replay import replay

DAY = date(2026, 9, 1)
CHAIR, SECRETARY, C, D = "Chủ tịch An", "Thư ký Bình", "Cường", "Dung"
MEMBERS = [{"name": CHAIR, "role": "chair"}, {"name": SECRETARY, "role": "secretary"}, {"name": C}, {"name": D}]
PID = "vn-test-1"


#: These rule tests seat four (a deployment may lower the minimum to four); the default of five and
#: one-person-one-seat are tested in test_council_authority.py.
SEATS = 4


@pytest.fixture
def book(store, scorer):
    return CouncilBook(store, scorer, min_members=SEATS)


def open_(
    book,
    *,
    level="province",
    regime="2026",
    sheet="2026/99",
    opened_on=DAY,
    facts=None,
    members=MEMBERS,
    pid=PID,
    **dossier,
):
    return book.open_session(
        level=level,
        regime=regime,
        sheet=sheet,
        opened_on=opened_on,
        members=members,
        products=[{"product": product(pid)["product"], "facts": facts or {}, **dossier}],
        actor=CHAIR,
    )


def run(book, sheets, *, close=True, **kw):
    """Open a session, submit ``sheets`` (member -> judgements) and close it."""
    sid = open_(book, **kw).spec.session_id
    for member, judgements in sheets.items():
        book.submit(sid, kw.get("pid", PID), member, judgements)
    return sid, (book.close(sid, kw.get("pid", PID), by=CHAIR) if close else None)


def spec(n):
    members = [Member(name="chair", role="chair")] + [Member(name=f"m{i}") for i in range(n - 1)]
    return SessionSpec(
        session_id="s",
        level="province",
        regime="2026",
        sheet="2026/99",
        opened_on=DAY,
        members=members,
        products=[{"product": product(PID)["product"]}],
    )


@pytest.mark.parametrize(("members", "needed"), [(3, 3), (4, 3), (5, 4), (7, 6), (8, 6), (9, 7)])
def test_quorum_is_three_quarters_including_the_chair(members, needed):
    s = spec(members)
    others = [m.name for m in s.members[1:]]
    assert quorum_problem(s, ["chair", *others[: needed - 1]]) is None
    short = quorum_problem(s, ["chair", *others[: needed - 2]])
    assert short is not None and f"cần {needed}" in short.message_vi
    without_chair = quorum_problem(s, others)
    assert without_chair is not None and "chủ tịch" in without_chair.message_vi


def test_means_round_half_up_to_two_decimals():
    assert mean([Decimal("80.005")]) == Decimal("80.01")
    assert mean([Decimal(80), Decimal(81), Decimal(81)]) == Decimal("80.67")
    assert mean([Decimal("0.125"), Decimal("0.125")]) == Decimal("0.13")


def test_a_five_star_mean_is_forwarded_from_province_to_central(book):
    _, decision = run(book, {CHAIR: BEST, SECRETARY: BEST, C: judged(C6_2=1), D: judged(C6_2=1)})
    o = decision.outcome
    assert (o.status, o.total, o.final_star, o.forwarded_to, o.recognition) == ("forwarded", 95, 5, "central", None)
    assert o.criteria["C6.2"] == Decimal("15.00") and o.parts == {"A": 40, "B": 25, "C": 30}
    assert decision.recognition is None and "chuyển lên cấp trung ương" in o.reason_vi


def test_a_four_star_mean_is_recognised_by_the_province_for_36_months(book, store):
    _, decision = run(book, {name: judged(A1_1=2) for name in (CHAIR, SECRETARY, C)})
    o = decision.outcome
    assert (o.status, o.total, o.band_star, o.final_star, o.recognising_level) == ("recognised", 90, 5, 4, "province")
    assert [(g.criterion, g.star) for g in o.failed_gates] == [("A1.1", 5)]
    rec = decision.recognition
    assert rec.kind == EventKind.RECOGNITION_ISSUED and rec.payload["valid_until"] == "2029-08-31"
    assert (rec.payload["star"], rec.payload["level"], rec.payload["result"]) == (4, "province", decision.event.seq)


def test_gates_are_checked_on_the_per_criterion_means(book):
    _, decision = run(book, {CHAIR: BEST, SECRETARY: BEST, C: BEST, D: judged(A1_1=2)})
    o = decision.outcome
    assert o.total == Decimal("97.50") and o.criteria["A1.1"] == Decimal("17.50")
    assert o.final_star == 4 and [(g.criterion, g.star) for g in o.failed_gates] == [("A1.1", 5)]


def test_a_spread_over_ten_points_requires_a_rescore_then_a_new_round(book):
    sid, decision = run(book, {CHAIR: BEST, SECRETARY: BEST, C: judged(A1_1=1)})
    o = decision.outcome
    assert (o.status, o.spread, o.total) == ("rescore_required", 15, None)
    assert "chấm lại" in o.reason_vi and f"{C}: 85" in o.reason_vi and "re-score" in o.reason_en
    state = book.session(sid).products[PID]
    assert (state.round, state.sheets, state.final) == (2, {}, None)
    with pytest.raises(CouncilError, match="no quorum"):
        book.close(sid, PID, by=CHAIR)
    for name in (CHAIR, SECRETARY, C):
        book.submit(sid, PID, name, judged(C6_2=1) if name == C else BEST)
    second = book.close(sid, PID, by=SECRETARY).outcome
    assert (second.round, second.spread, second.status, second.total) == (2, 10, "forwarded", Decimal("96.67"))


def test_a_fact_rule_knock_out_in_any_sheet_eliminates(book):
    facts = {"raw_material_all_imported_or_unknown": True}
    override = judged(A1_1={"option": 3, "reason": "nguyên liệu đã được kiểm tra"})
    _, decision = run(book, {CHAIR: judged(A1_1=None), SECRETARY: judged(A1_1=None), C: override}, facts=facts)
    o = decision.outcome
    assert o.status == "eliminated" and o.final_star is None
    assert o.knockout == {"criterion": "A1.1", "kind": "eliminate", "by": "rule", "members": [CHAIR, SECRETARY]}
    assert "bị loại" in o.reason_vi


def test_a_judged_knock_out_eliminates_only_with_a_majority(book):
    ko = judged(A1_1=4)
    _, majority = run(book, {CHAIR: ko, SECRETARY: ko, C: ko, D: BEST})
    assert majority.outcome.status == "eliminated" and majority.outcome.knockout["by"] == "majority"
    _, half = run(book, {CHAIR: judged(A1_1=2), SECRETARY: judged(A1_1=2), C: ko, D: ko}, pid="vn-test-2")
    o = half.outcome
    assert o.status != "eliminated" and o.spread == 10
    assert o.minority_knockouts == [
        {"member": C, "criterion": "A1.1", "kind": "eliminate"},
        {"member": D, "criterion": "A1.1", "kind": "eliminate"},
    ]


def test_levels_follow_the_regime_and_the_date(book):
    three = judged(A1_1=2, C6_1=1, C6_2=1)  # 65 points
    _, district = run(
        book,
        {n: three for n in (CHAIR, SECRETARY, C)},
        level="district",
        regime="148",
        sheet="148/99",
        opened_on=date(2024, 5, 1),
    )
    assert (district.outcome.status, district.outcome.final_star) == ("recognised", 3)
    assert district.recognition.payload["level"] == "district"
    _, four = run(
        book,
        {n: judged(A1_1=2, C6_2=1) for n in (CHAIR, SECRETARY, C)},
        level="district",
        regime="148",
        sheet="148/99",
        opened_on=date(2024, 5, 1),
        pid="vn-test-2",
    )
    assert (four.outcome.status, four.outcome.forwarded_to) == ("forwarded", "province")
    _, after = run(book, {n: three for n in (CHAIR, SECRETARY, C)}, level="district", pid="vn-test-3")
    assert (after.outcome.status, after.outcome.forwarded_to) == ("forwarded", "province")


def test_expiry_is_listed_observed_once_and_renewed_by_re_evaluation(book, store):
    run(book, {n: judged(A1_1=2) for n in (CHAIR, SECRETARY, C)})
    (rec,) = book.recognitions(PID)
    assert (rec.status, rec.star, rec.valid_until) == ("active", 4, date(2029, 8, 31))
    assert book.expiring(30, date(2029, 1, 1)) == []
    assert [r.seq for r in book.expiring(30, date(2029, 8, 15))] == [rec.seq]
    assert book.observe_expiries(date(2029, 8, 31)) == []
    (expired,) = book.observe_expiries(date(2029, 9, 1))
    assert expired.kind == EventKind.RECOGNITION_EXPIRED and book.observe_expiries(date(2029, 9, 2)) == []
    assert book.recognitions(PID)[0].status == "expired"
    run(
        book,
        {n: judged(A1_1=2) for n in (CHAIR, SECRETARY, C)},
        opened_on=date(2029, 8, 20),
        renews=rec.seq,
        evaluation_kind="re_evaluation",
    )
    old, new = book.recognitions(PID)
    assert old.status == "expired" and new.status == "active" and new.valid_until == date(2032, 8, 19)


def test_re_evaluation_supersedes_an_active_recognition(book):
    run(book, {n: judged(A1_1=2) for n in (CHAIR, SECRETARY, C)})
    (rec,) = book.recognitions(PID)
    run(book, {n: judged(A1_1=2) for n in (CHAIR, SECRETARY, C)}, opened_on=date(2029, 8, 1), renews=rec.seq)
    assert [r.status for r in book.recognitions(PID)] == ["superseded", "active"]
    with pytest.raises(CouncilError, match="no recognition 999"):
        open_(book, renews=999)


def test_state_is_rebuilt_from_the_events_and_sheets_replay(book, store, scorer):
    sid, decision = run(book, {CHAIR: BEST, SECRETARY: BEST, C: judged(C6_2=1)})
    again = CouncilBook(store, scorer, SEATS).session(sid)
    assert again == book.session(sid) and again.products[PID].final == decision.event
    for member in decision.outcome.members:
        assert replay(store.get(member.sheet), scorer) == (True, [])


def test_retried_requests_record_nothing_new(book, store):
    s1 = book.open_session(
        level="province",
        regime="2026",
        sheet="2026/99",
        opened_on=DAY,
        members=MEMBERS,
        products=[{"product": product(PID)["product"]}],
        actor=CHAIR,
        request_id="open-1",
    )
    s2 = book.open_session(
        level="province",
        regime="2026",
        sheet="2026/99",
        opened_on=DAY,
        members=MEMBERS,
        products=[{"product": product(PID)["product"]}],
        actor=CHAIR,
        request_id="open-1",
    )
    assert s1 == s2
    sid = s1.spec.session_id
    for name in (CHAIR, SECRETARY, C):
        assert book.submit(sid, PID, name, BEST, request_id=f"sheet-{name}") == book.submit(
            sid, PID, name, BEST, request_id=f"sheet-{name}"
        )
    size = store.size()
    first = book.close(sid, PID, by=CHAIR, request_id="close-1")
    again = book.close(sid, PID, by=CHAIR, request_id="close-1")
    assert again.event == first.event and again.outcome == first.outcome and store.size() == size + 1


def test_who_may_do_what(book):
    sid = open_(book).spec.session_id
    with pytest.raises(CouncilError) as err:
        book.submit(sid, PID, "Người lạ", BEST)
    assert err.value.code == "permission_denied" and "không phải thành viên" in err.value.message_vi
    for name in (CHAIR, SECRETARY, C):
        book.submit(sid, PID, name, BEST)
    with pytest.raises(CouncilError) as err:
        book.close(sid, PID, by=C)
    assert err.value.code == "permission_denied"
    book.close(sid, PID, by=SECRETARY)
    for action in (lambda: book.submit(sid, PID, D, BEST), lambda: book.close(sid, PID, by=CHAIR)):
        with pytest.raises(CouncilError) as err:
            action()
        assert err.value.code == "failed_precondition"
    with pytest.raises(CouncilError) as err:
        book.session("nope")
    assert err.value.code == "not_found"
    with pytest.raises(CouncilError) as err:
        book.submit(sid, "vn-other", CHAIR, BEST)
    assert err.value.code == "not_found"
    with pytest.raises(ValueError, match="exactly one chair"):
        open_(book, members=[{"name": "a"}, {"name": "b"}])


def test_a_member_resubmitting_in_a_round_counts_once(book):
    sid = open_(book).spec.session_id
    book.submit(sid, PID, CHAIR, judged(A1_1=1))
    book.submit(sid, PID, CHAIR, BEST)
    book.submit(sid, PID, SECRETARY, BEST)
    book.submit(sid, PID, C, BEST)
    o = book.close(sid, PID, by=CHAIR).outcome
    assert [m.member for m in o.members] == [CHAIR, SECRETARY, C] and o.total == 100


def test_a_council_on_the_real_food_sheet(book, scorer):
    food_sheet_or_skip(scorer)
    sheets = {CHAIR: FOOD_BEST, SECRETARY: FOOD_BEST, C: {**FOOD_BEST, "C7": 3}}
    _, decision = run(book, sheets, sheet="2026/07", opened_on=date(2026, 10, 15))
    o = decision.outcome
    assert [m.total for m in o.members] == [100, 100, 98] and o.total == Decimal("99.33")
    assert o.criteria["C7"] == Decimal("4.33") and ("C7", 5) in [(g.criterion, g.star) for g in o.failed_gates]
    assert (o.band_star, o.final_star, o.status, o.recognising_level) == (5, 4, "recognised", "province")


def test_a_decision_dated_before_the_session_opened_is_refused_and_writes_nothing(book, store):
    """Attack: the chair closes a 2026 session "decided" on 2019-09-01, before the regime and the sitting: no level
    recognises on that day, so the product was concluded "no_level" and could never be closed again."""
    sid = open_(book).spec.session_id
    for m in MEMBERS:
        book.submit(sid, PID, m["name"], BEST)
    size = store.size()
    with pytest.raises(InvalidRequest) as err:
        book.close(sid, PID, by=CHAIR, decided_on=date(2019, 9, 1))
    assert [v.field for v in err.value.violations] == ["decided_on"]
    assert store.size() == size
    assert book.close(sid, PID, by=CHAIR, decided_on=DAY).outcome.status == "forwarded"


def test_a_result_hidden_from_the_session_index_still_concludes_the_product(book, store):
    """Attack: with the append-only triggers dropped, deleting the session-index row of a council result made the
    product look open again: a second close recorded a second result and a second recognition."""
    sid = open_(book).spec.session_id
    for m in MEMBERS:
        book.submit(sid, PID, m["name"], BEST)
    first = book.close(sid, PID, by=CHAIR)
    raw = Raw(store)
    try:
        raw.drop_guards()
        raw.execute("DELETE FROM audit_topics WHERE seq = ?", (first.event.seq,))
    finally:
        raw.close()
    with pytest.raises(CouncilError, match=f"already concluded in this session \\(event {first.event.seq}\\)"):
        book.close(sid, PID, by=CHAIR)
    assert len(list(store.events(subject=PID, kind=EventKind.COUNCIL_RESULT))) == 1
    assert not verify(store).ok
