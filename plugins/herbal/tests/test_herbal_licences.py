"""The herbal plugin's own rules: a missing cosmetic or medical-device licence stops the evaluation."""

import pytest

from scoring_core.plugins import OcopPlugins, RulesEngine, Scorer, ScoreRequest


@pytest.fixture(scope="module")
def scorer():
    return Scorer(OcopPlugins(allow={"core", "herbal"}, block=set()), RulesEngine())


def evaluate(scorer, sheet, facts):
    request = ScoreRequest.parse(
        {"product": {"id": "t", "name": "t"}, "sheet": sheet, "regime": sheet.split("/")[0], "facts": facts}
    )
    return scorer.score(request)


@pytest.mark.parametrize(
    ("sheet", "fact", "criterion", "option"),
    [
        ("2026/19", "cosmetic_notification_receipt", "C6", 5),
        ("1048/20", "cosmetic_notification_receipt", "C6", 5),
        ("1048/21", "medical_device_standard_receipt", "C6", 4),
    ],
)
def test_a_missing_licence_stops_the_evaluation(scorer, sheet, fact, criterion, option):
    ev = evaluate(scorer, sheet, {fact: False, "quality_declaration": "declared"})
    assert ev.eliminated and ev.final_star is None
    assert [(k.criterion, k.option, k.kind) for k in ev.knockouts] == [(criterion, option, "stop")]
    line = next(x for x in ev.breakdown if x.criterion == criterion)
    assert line.source.origin == "plugin:herbal" and line.source.facts_read == {fact: False}
    later = ev.breakdown[[x.criterion for x in ev.breakdown].index(criterion) + 1 :]
    assert later and all(x.status == "not_evaluated" for x in later)


@pytest.mark.parametrize("sheet", ["2026/19", "1048/20"])
def test_a_product_holding_its_licence_goes_on(scorer, sheet):
    ev = evaluate(scorer, sheet, {"cosmetic_notification_receipt": True, "quality_declaration": "declared"})
    assert not ev.eliminated and not ev.knockouts


def test_a_licence_of_another_kind_of_product_is_not_asked_for(scorer):
    ev = evaluate(scorer, "2026/20", {"cosmetic_notification_receipt": False, "medical_device_standard_receipt": False})
    assert not ev.eliminated


def test_every_knock_out_worded_as_these_licences_has_the_plugin_rule(scorer):
    wanted, ruled = set(), set()
    for entry in scorer.plugins.sheets():
        if entry.sheet is None:
            continue
        for _, _, c in entry.sheet.criteria():
            for o in c.options:
                text = o.label_vi.casefold()
                if o.effect and ("mỹ phẩm" in text or "tiêu chuẩn áp dụng" in text):
                    wanted.add((entry.sheet_id, c.id, o.n))
        ruled |= {(entry.sheet_id, r.criterion, r.option) for r in entry.rules if r.origin == "plugin:herbal"}
    assert wanted == ruled == {("1048/20", "C6", 5), ("1048/21", "C6", 4), ("2026/19", "C6", 5)}
