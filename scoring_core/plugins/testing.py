"""Pytest plugin for plugin authors: a fresh manager and engine per plugin, golden cases, invariants.

Installed with the core (entry point ``pytest11``), so a plugin's own tests can write::

    def test_golden(ocop_golden):
        ocop_golden("food")          # runs every golden case of plugin "food", checks invariants
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from scoring_core.plugins.golden import GoldenCase
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.engine import RulesEngine
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.sheets.model import Sheet


def plugins_with(name: str) -> OcopPlugins:
    """A fresh plugin manager holding only the core and plugin ``name``."""
    return OcopPlugins(allow={"core", name}, block=set())


def invariant_problems(evaluation: Evaluation, sheet: Sheet) -> list[str]:
    """What is wrong with an evaluation whatever its inputs: maxima, sums, bands, gates, knock-outs."""
    problems = []
    for line in evaluation.breakdown:
        if not Decimal(0) <= line.points <= line.max:
            problems.append(f"{line.criterion}: {line.points} points outside 0..{line.max}")
        if line.status != "scored" and line.points != 0:
            problems.append(f"{line.criterion}: {line.status} but {line.points} points")
    for part in sheet.parts:
        got = sum((x.points for x in evaluation.breakdown if x.part == part.code), Decimal(0))
        if got != evaluation.parts[part.code] or got > part.max:
            problems.append(f"part {part.code}: {evaluation.parts[part.code]} vs lines {got} (max {part.max})")
    if sum(evaluation.parts.values()) != evaluation.total:
        problems.append("parts do not add up to the total")
    if evaluation.eliminated != (evaluation.knockout is not None):
        problems.append("eliminated without a knock-out, or the reverse")
    if evaluation.eliminated and (evaluation.final_star is not None or evaluation.recognised):
        problems.append("an eliminated product is ranked")
    if not evaluation.eliminated:
        star = evaluation.final_star or 0
        if star > evaluation.band_star:
            problems.append("final star above the band star")
        if any(g.star <= star for g in evaluation.failed_gates):
            problems.append("final star reached despite a failed gate at or below it")
        if evaluation.recognised != (star >= 3):
            problems.append("recognised does not match final star >= 3")
    stopped = [x for x in evaluation.breakdown if x.status == "not_evaluated"]
    if stopped and not any(k.kind == "stop" for k in evaluation.knockouts):
        problems.append("criteria not evaluated without a stop knock-out")
    return problems


def golden_mismatches(evaluation: Evaluation, case: GoldenCase) -> list[str]:
    """Where an evaluation differs from what the golden case expects."""
    exp = case.expected
    got = evaluation.summary()
    out = []
    for key in ("total", "band_star", "final_star", "recognised", "eliminated"):
        if got[key] != getattr(exp, key):
            out.append(f"{key}: expected {getattr(exp, key)!r}, got {got[key]!r}")
    if got["parts"] != exp.parts:
        out.append(f"parts: expected {exp.parts}, got {got['parts']}")
    want_gates = sorted((g["criterion"], g["star"]) for g in exp.failed_gates)
    have_gates = sorted((g["criterion"], g["star"]) for g in got["failed_gates"])
    if want_gates != have_gates:
        out.append(f"failed_gates: expected {want_gates}, got {have_gates}")
    lines = {x.criterion: x for x in evaluation.breakdown}
    for cid, want in exp.breakdown.items():
        line = lines.get(cid)
        if line is None:
            out.append(f"{cid}: missing from the breakdown")
            continue
        have = (line.option, line.case, str(line.points), line.status)
        if have != (want.option, want.case, want.points, want.status):
            out.append(f"{cid}: expected {(want.option, want.case, want.points, want.status)}, got {have}")
    return out


def run_golden(scorer: Scorer, plugin: str) -> dict[str, list[str]]:
    """Every golden case of ``plugin``: case name -> problems (empty when it passes)."""
    results = {}
    for _, case in scorer.plugins.golden_cases(plugin):
        request = ScoreRequest.parse(case.product)
        evaluation = scorer.score(request)
        _, entry = scorer.resolve(request)
        assert entry.sheet is not None
        results[case.name] = golden_mismatches(evaluation, case) + invariant_problems(evaluation, entry.sheet)
    return results


@pytest.fixture
def ocop_scorer() -> Callable[[str], Scorer]:
    """Factory: a Scorer over a fresh manager (core + one plugin) and a fresh engine."""
    return lambda name: Scorer(plugins_with(name), RulesEngine())


@pytest.fixture
def ocop_golden(ocop_scorer: Callable[[str], Scorer]) -> Callable[[str], dict[str, list[str]]]:
    """Factory: run a plugin's golden cases; fails on any mismatch or an available sheet without a case."""

    def run(name: str) -> dict[str, list[str]]:
        scorer = ocop_scorer(name)
        covered = {ScoreRequest.parse(case.product).sheet for _, case in scorer.plugins.golden_cases(name)}
        uncovered = sorted(
            e.sheet_id
            for e in scorer.plugins.sheets()
            if e.plugin == name and e.available and e.sheet_id not in covered
        )
        assert not uncovered, f"plugin {name!r}: no golden case for the available sheets {uncovered}"
        results = run_golden(scorer, name)
        assert results, f"plugin {name!r} ships no golden cases"
        failures = {k: v for k, v in results.items() if v}
        assert not failures, failures
        return results

    return run
