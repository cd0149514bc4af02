"""Regime choice by date, including the 2026 transition, and the bands at their edges."""

from datetime import date
from decimal import Decimal

import pytest

from scoring_core.sheets.regimes import RegimeError, choose_regime, regimes


@pytest.mark.parametrize(
    ("evaluated_on", "expected"),
    [
        ("2019-08-21", "1048"),
        ("2023-02-23", "1048"),
        ("2023-02-24", "148"),
        ("2025-12-31", "148"),
        ("2026-05-21", "148"),
        ("2026-05-22", "2026"),  # 26/2026 in force; no filing date -> the new regime
        ("2026-10-15", "2026"),
    ],
)
def test_regime_in_force_on_the_evaluation_date(evaluated_on, expected):
    assert choose_regime(None, date.fromisoformat(evaluated_on)).regime == expected


def test_dossier_filed_before_2026_finishes_under_148_within_60_days():
    choice = choose_regime(None, date(2026, 7, 20), filed_on=date(2026, 5, 10))
    assert choice.regime == "148"
    assert "transition" in choice.reason_en and "chuyển tiếp" in choice.reason_vi


def test_transition_window_closes_after_60_days():
    assert choose_regime(None, date(2026, 7, 21), filed_on=date(2026, 5, 10)).regime == "2026"


def test_re_evaluation_transition_is_30_days():
    filed = date(2026, 5, 1)
    assert choose_regime(None, date(2026, 6, 20), filed, "re_evaluation").regime == "148"
    assert choose_regime(None, date(2026, 6, 21), filed, "re_evaluation").regime == "2026"


def test_dossier_filed_after_2026_took_effect_uses_2026():
    assert choose_regime(None, date(2026, 6, 1), filed_on=date(2026, 5, 22)).regime == "2026"


def test_named_regime_wins_and_says_so():
    choice = choose_regime("148", None)
    assert choice.regime == "148" and "named" in choice.reason_en


def test_named_regime_not_in_force_on_the_date_is_refused():
    with pytest.raises(RegimeError) as err:
        choose_regime("1048", date(2026, 10, 1))
    assert err.value.field == "evaluated_on"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"regime": None, "evaluated_on": None}, "regime"),
        ({"regime": "1999", "evaluated_on": None}, "regime"),
        ({"regime": None, "evaluated_on": date(2018, 1, 1)}, "evaluated_on"),
        ({"regime": None, "evaluated_on": date(2026, 6, 1), "filed_on": date(2026, 7, 1)}, "filed_on"),
    ],
)
def test_regime_errors_name_the_field(kwargs, field):
    with pytest.raises(RegimeError) as err:
        choose_regime(**kwargs)
    assert err.value.field == field and err.value.message_vi


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        ("100", 5),
        ("90", 5),
        ("89.99", 4),
        ("70", 4),
        ("69.99", 3),
        ("50", 3),
        ("49.99", 2),
        ("30", 2),
        ("29.99", 1),
        ("0", 1),
    ],
)
def test_half_open_bands(total, stars):
    for regime in regimes().values():
        assert regime.band_star(Decimal(total)) == stars


def test_recognition_levels_follow_the_date():
    r148 = regimes()["148"]
    assert r148.recognition_levels(date(2024, 1, 1))[3] == "district"
    assert r148.recognition_levels(date(2025, 7, 6))[3] == "province"
    assert regimes()["2026"].recognition_levels(date(2026, 10, 1))[5] == "central"
