"""Golden cases of the rural_tourism plugin, run through the maintainers' kit on a fresh manager and engine."""


def test_every_complete_sheet_has_golden_cases(ocop_scorer):
    scorer = ocop_scorer("rural_tourism")
    covered = {case.product["sheet"] for _, case in scorer.plugins.golden_cases("rural_tourism")}
    complete = {e.sheet_id for e in scorer.plugins.sheets() if e.plugin == "rural_tourism" and e.available}
    assert complete and complete <= covered


def test_golden_cases_pass(ocop_golden):
    ocop_golden("rural_tourism")
