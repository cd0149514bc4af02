"""Golden cases of the ornamental plugin, run through the maintainers' kit on a fresh manager and engine."""


def test_every_complete_sheet_has_golden_cases(ocop_scorer):
    scorer = ocop_scorer("ornamental")
    covered = {case.product["sheet"] for _, case in scorer.plugins.golden_cases("ornamental")}
    complete = {e.sheet_id for e in scorer.plugins.sheets() if e.plugin == "ornamental" and e.available}
    assert complete and complete <= covered


def test_golden_cases_pass(ocop_golden):
    ocop_golden("ornamental")
