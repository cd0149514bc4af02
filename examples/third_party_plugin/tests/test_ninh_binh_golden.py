"""The Ninh Bình plugin's golden cases through the maintainers' kit, and its own rule."""

from scoring_core.plugins import ScoreRequest


def test_golden_cases_pass(ocop_golden):
    results = ocop_golden("ninh_binh")
    assert "2026/07 duplicate-finding" in results


def test_the_amended_sheet_is_version_2(ocop_scorer):
    entry = ocop_scorer("ninh_binh").plugins.sheet("2026", "2026/07")
    assert (entry.plugin, entry.version, entry.available) == ("ninh_binh", 2, True)
    assert entry.sheet.provenance["amends"]["version"] == 1


def test_the_province_finding_eliminates(ocop_scorer):
    request = ScoreRequest.parse(
        {
            "product": {"id": "t", "name": "t"},
            "sheet": "2026/07",
            "regime": "2026",
            "facts": {"ninh_binh_duplicate_finding": True},
        }
    )
    evaluation = ocop_scorer("ninh_binh").score(request)
    assert evaluation.eliminated
    assert [(k.criterion, k.option, k.kind) for k in evaluation.knockouts] == [("A2.1", 5, "eliminate")]
