"""Contests: filed, upheld into a linked revision (history kept) or rejected; the trail in order."""

from datetime import date

import pytest
from audit_support import BEST, judged
from product_files import product
from test_council import CHAIR, PID, SEATS, SECRETARY, C, run

from scoring_core.audit import EventKind
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.contests import ContestBook
from scoring_core.councils.council import CouncilError
from scoring_core.errors import InvalidRequest
from scoring_core.scoring.replay import record_evaluation, replay
from scoring_core.scoring.request import ScoreRequest

DAY = date(2026, 9, 1)


@pytest.fixture
def contests(store, scorer):
    return ContestBook(store, scorer, CouncilBook(store, scorer, SEATS))


def evaluated(store, scorer, facts=None, judgements=None):
    req = ScoreRequest.parse(
        {
            "product": product(PID)["product"],
            "sheet": "2026/99",
            "regime": "2026",
            "evaluated_on": DAY,
            "facts": facts or {},
            "judgements": judgements or judged(C6_2=1),
        }
    )
    return record_evaluation(store, req, scorer.score(req), actor="clerk", policy=scorer.policy, request_id="ev-1")


def test_an_upheld_option_claim_records_a_linked_revision(store, scorer, contests):
    old = evaluated(store, scorer)
    filed = contests.file(
        old.seq,
        "C6.2",
        {"option": 2},
        "Kết quả kiểm nghiệm đạt chỉ tiêu",
        by="HTX Kim Sơn",
        role="producer",
        evidence=["phiếu kiểm nghiệm số 12/2026"],
    )
    state = contests.resolve(filed.seq, "upheld", "Minh chứng hợp lệ", by="Thư ký", role="secretary")
    assert state.resolution.outcome == "upheld" and state.resolution.revision is not None
    revision = store.get(state.resolution.revision)
    assert revision.payload["revision_of"] == old.seq and revision.payload["contest"] == filed.seq
    result = revision.payload["evaluation"]["result"]
    assert (old.payload["evaluation"]["result"]["total"], result["total"]) == ("90", "100")
    assert f"#{filed.seq}" in result["breakdown"][5]["source"]["reason"]
    assert store.get(old.seq) == old  # the old evaluation stays
    assert replay(revision, scorer) == (True, [])


def test_an_upheld_fact_correction_rescoring_through_the_rules(store, scorer, contests):
    old = evaluated(store, scorer, facts={"raw_material_all_imported_or_unknown": True}, judgements=judged(A1_1=None))
    assert old.payload["evaluation"]["result"]["eliminated"]
    filed = contests.file(
        old.seq,
        "A1.1",
        {"fact": "raw_material_all_imported_or_unknown", "value": False},
        "Nguyên liệu có nguồn gốc trong tỉnh",
        by="HTX Kim Sơn",
        role="producer",
    )
    state = contests.resolve(filed.seq, "upheld", "Đã xác minh hóa đơn", by=CHAIR, role="chair")
    result = store.get(state.resolution.revision).payload["evaluation"]
    assert not result["result"]["eliminated"]
    assert result["request"]["facts"]["raw_material_all_imported_or_unknown"] is False


def test_a_rejected_contest_keeps_its_reason_and_changes_nothing(store, scorer, contests):
    old = evaluated(store, scorer)
    filed = contests.file(old.seq, "C6.2", {"option": 2}, "Xin xem xét lại", by="HTX", role="producer")
    size = store.size()
    state = contests.resolve(filed.seq, "rejected", "Không có minh chứng", by=CHAIR, role="chair")
    assert (state.resolution.outcome, state.resolution.reason, state.resolution.revision) == (
        "rejected",
        "Không có minh chứng",
        None,
    )
    assert store.size() == size + 1
    with pytest.raises(CouncilError) as err:
        contests.resolve(filed.seq, "upheld", "đổi ý", by=CHAIR, role="chair")
    assert err.value.code == "failed_precondition"


def test_bad_contests_are_refused(store, scorer, contests):
    old = evaluated(store, scorer)
    with pytest.raises(InvalidRequest) as err:
        contests.file(old.seq, "Z9", {"option": 1}, "x", by="HTX", role="producer")
    assert err.value.violations[0].field == "criterion"
    with pytest.raises(InvalidRequest):
        contests.file(old.seq, "C6.2", {"option": 9}, "x", by="HTX", role="producer")
    with pytest.raises(InvalidRequest):
        contests.file(
            old.seq, "A1.1", {"fact": "raw_material_province_pct", "value": 250}, "x", by="HTX", role="producer"
        )
    with pytest.raises(InvalidRequest, match="either an option or a corrected fact"):
        contests.file(old.seq, "C6.2", {}, "x", by="HTX", role="producer")
    with pytest.raises(CouncilError) as cerr:
        contests.file(9999, "C6.2", {"option": 1}, "x", by="HTX", role="producer")
    assert cerr.value.code == "not_found"
    filed = contests.file(old.seq, "C6.2", {"option": 2}, "x", by="HTX", role="producer")
    with pytest.raises(CouncilError) as cerr:
        contests.resolve(filed.seq, "upheld", "ok", by="HTX", role=None)
    assert cerr.value.code == "permission_denied"


def test_a_contest_on_a_council_result_revises_every_sheet_and_the_recognition(store, scorer, contests):
    book = contests.councils
    sid, decision = run(book, {n: judged(A1_1=2) for n in (CHAIR, SECRETARY, C)})
    assert decision.outcome.final_star == 4
    with pytest.raises(CouncilError) as err:
        contests.file(decision.event.seq, "A1.1", {"option": 3}, "x", by="Người lạ", role="member")
    assert err.value.code == "permission_denied"
    filed = contests.file(decision.event.seq, "A1.1", {"option": 3}, "Vùng nguyên liệu đạt chuẩn", by=C, role="member")
    with pytest.raises(CouncilError):
        contests.resolve(filed.seq, "upheld", "ok", by=C)  # a plain member cannot resolve
    state = contests.resolve(filed.seq, "upheld", "Hội đồng thống nhất", by=SECRETARY, request_id="resolve-1")
    revised = store.get(state.resolution.revision)
    outcome = revised.payload["outcome"]
    assert revised.kind == EventKind.COUNCIL_RESULT and revised.payload["revision_of"] == decision.event.seq
    assert (outcome["status"], outcome["final_star"], outcome["forwarded_to"]) == ("forwarded", 5, "central")
    recs = book.recognitions(PID)
    assert [r.status for r in recs] == ["revoked"]  # the 4-star recognition no longer stands
    assert book.session(sid).products[PID].final == revised
    for member in outcome["members"]:
        sheet = store.get(member["sheet"])
        assert sheet.payload["revision_of"] is not None and replay(sheet, scorer) == (True, [])
    again = contests.resolve(filed.seq, "upheld", "Hội đồng thống nhất", by=SECRETARY, request_id="resolve-1")
    assert again == state  # a retried resolution records nothing new


def test_the_trail_lists_revisions_contests_and_resolutions_in_order(store, scorer, contests):
    book = contests.councils
    _, decision = run(book, {n: judged(A1_1=2) for n in (CHAIR, SECRETARY, C)})
    filed = contests.file(
        decision.event.seq, "C6.2", {"option": 1}, "Chỉ tiêu chưa đạt", by=C, role="member", evidence=["biên bản 3"]
    )
    revision = contests.resolve(filed.seq, "upheld", "Đồng ý", by=CHAIR).resolution.revision
    with pytest.raises(CouncilError, match="was revised"):
        contests.file(decision.event.seq, "B5.1", {"option": 1}, "x", by="HTX", role="producer")
    rejected = contests.file(revision, "B5.1", {"option": 1}, "Không có câu chuyện", by="HTX", role="producer")
    contests.resolve(rejected.seq, "rejected", "Có câu chuyện sản phẩm", by=CHAIR)
    trail = contests.trail(PID)
    kinds = [e.kind for e in trail.entries]
    assert kinds == ["council_opened"] + ["member_sheet_submitted"] * 3 + [
        "council_result",
        "recognition_issued",
        "contest_filed",
    ] + ["member_sheet_submitted"] * 3 + [
        "council_result",
        "recognition_issued",
        "contest_resolved",
        "contest_filed",
        "contest_resolved",
    ]
    assert [e.seq for e in trail.entries] == sorted(e.seq for e in trail.entries)
    text = trail.text()
    assert f"Khiếu nại #{filed.seq} của {C} (thành viên)" in text and "minh chứng: biên bản 3" in text
    assert f"bản sửa đổi lần 1 của #{decision.event.seq}" in text
    assert "được chấp nhận" in text and "bị bác" in text and "Công nhận 4 sao (cấp tỉnh)" in text
    assert "thay thế quyết định #" in text
    assert [c.resolution.outcome for c in contests.contests(PID)] == ["upheld", "rejected"]


def test_a_re_score_request_cannot_be_contested(store, scorer, contests):
    _, decision = run(contests.councils, {CHAIR: BEST, SECRETARY: BEST, C: judged(A1_1=1)})
    assert decision.outcome.status == "rescore_required"
    with pytest.raises(CouncilError, match="re-score request"):
        contests.file(decision.event.seq, "A1.1", {"option": 3}, "x", by=C, role="member")


def test_two_pending_contests_upheld_build_one_revision_on_the_other(store, scorer, contests):
    old = evaluated(store, scorer, judgements=judged(C6_2=1, A1_1=2))
    first = contests.file(old.seq, "C6.2", {"option": 2}, "Đạt chỉ tiêu", by="HTX", role="producer")
    second = contests.file(old.seq, "A1.1", {"option": 3}, "Đủ nguyên liệu", by="HTX", role="producer")
    r1 = contests.resolve(first.seq, "upheld", "Đồng ý", by=CHAIR, role="chair").resolution.revision
    r2 = contests.resolve(second.seq, "upheld", "Đồng ý", by=CHAIR, role="chair").resolution.revision
    latest = store.get(r2)
    assert latest.payload["revision_of"] == r1 and latest.payload["evaluation"]["result"]["total"] == "100"
    assert [e.text_en.split(" — ")[-1] for e in contests.trail(PID).entries if e.seq in (r1, r2)] == [
        f"revision 1 of #{old.seq} after contest #{first.seq}",
        f"revision 2 of #{r1} after contest #{second.seq}",
    ]
