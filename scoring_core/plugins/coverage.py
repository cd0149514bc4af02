"""How much of each sheet the fact rules decide: every rule the engine runs, the plugins' own included.

A criterion is *fully derived* when a rule can choose every one of its options, *partly derived*
when rules cover some of them (the others are left to a person), and *judged* when no rule reads
it; its maximum points count under that heading, so the three add up to the sheet's total.  Each
judged criterion carries one line on why a person is needed (``sheets.judgement_reasons``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from scoring_core.plugins.manager import SheetEntry
from scoring_core.sheets.judgement_reasons import JudgementReason, judgement_reason
from scoring_core.sheets.model import Criterion

Derivation = Literal["full", "partial", "judged"]


@dataclass(frozen=True)
class CriterionCoverage:
    """One criterion: how its options are decided, and why a person decides it when no rule does."""

    criterion: str
    title_vi: str
    max: int
    derivation: Derivation
    options: int  # options over every case
    options_derived: int  # options some rule chooses
    rules: int
    facts: tuple[str, ...]  # the facts its rules read, sorted
    reason: JudgementReason | None  # judged criteria only


@dataclass(frozen=True)
class SheetCoverage:
    """One sheet version: the rules the engine runs on it and the points they decide."""

    sheet_id: str
    regime: str
    version: int
    plugin: str
    rules_template: int  # rules compiled from the sheet's template bindings
    rules_plugin: int  # the plugin's own Python rules
    criteria: tuple[CriterionCoverage, ...]

    @property
    def rules(self) -> int:
        """Every rule the engine runs on this sheet."""
        return self.rules_template + self.rules_plugin

    def points(self, derivation: Derivation) -> int:
        """The maximum points of the criteria derived this way."""
        return sum(c.max for c in self.criteria if c.derivation == derivation)

    @property
    def total(self) -> int:
        """The sheet's maximum (the three headings add up to it)."""
        return sum(c.max for c in self.criteria)

    @property
    def judged(self) -> tuple[CriterionCoverage, ...]:
        """The criteria no rule reads, in official order."""
        return tuple(c for c in self.criteria if c.derivation == "judged")


def labels(criterion: Criterion) -> list[str]:
    """Every option label of a criterion, over its cases."""
    return [o.label_vi for case in criterion.cases for o in criterion.options_of(case)]


def sheet_coverage(entry: SheetEntry) -> SheetCoverage:
    """The coverage of one available sheet version by the rules registered for it."""
    sheet = entry.sheet
    if sheet is None or not entry.available:
        raise ValueError(f"sheet {entry.sheet_id} version {entry.version} is not available: {entry.reason}")
    chosen: dict[str, set[tuple[int | None, int]]] = {}
    counts: dict[str, int] = {}
    reads: dict[str, set[str]] = {}
    for rule in entry.rules:
        criterion = sheet.criteria_by_id[rule.criterion]
        chosen.setdefault(rule.criterion, set()).add((rule.case if criterion.branches else None, rule.option))
        counts[rule.criterion] = counts.get(rule.criterion, 0) + 1
        reads.setdefault(rule.criterion, set()).update(rule.reads)
    criteria = []
    for _, _, c in sheet.criteria():
        options = set(c.option_index)
        derived = chosen.get(c.id, set()) & options
        derivation: Derivation = "judged" if not derived else "full" if derived == options else "partial"
        criteria.append(
            CriterionCoverage(
                criterion=c.id,
                title_vi=c.title_vi,
                max=c.max,
                derivation=derivation,
                options=len(options),
                options_derived=len(derived),
                rules=counts.get(c.id, 0),
                facts=tuple(sorted(reads.get(c.id, ()))),
                reason=judgement_reason(c.title_vi, labels(c)) if derivation == "judged" else None,
            )
        )
    plugin_rules = sum(1 for r in entry.rules if r.origin.startswith("plugin:"))
    return SheetCoverage(
        sheet_id=entry.sheet_id,
        regime=entry.regime,
        version=entry.version,
        plugin=entry.plugin,
        rules_template=len(entry.rules) - plugin_rules,
        rules_plugin=plugin_rules,
        criteria=tuple(criteria),
    )


@dataclass(frozen=True)
class RegimeCoverage:
    """The sums over the sheets of one regime."""

    regime: str
    sheets: int
    rules_template: int
    rules_plugin: int
    full: int
    partial: int
    judged: int

    @property
    def total(self) -> int:
        return self.full + self.partial + self.judged

    def share(self, points: int) -> float:
        """``points`` as a percentage of every point of the regime's sheets."""
        return 100 * points / self.total if self.total else 0.0


def regime_totals(sheets: Iterable[SheetCoverage]) -> list[RegimeCoverage]:
    """Sums per regime, in the order regimes first appear."""
    by_regime: dict[str, list[SheetCoverage]] = {}
    for s in sheets:
        by_regime.setdefault(s.regime, []).append(s)
    return [
        RegimeCoverage(
            regime=regime,
            sheets=len(items),
            rules_template=sum(s.rules_template for s in items),
            rules_plugin=sum(s.rules_plugin for s in items),
            full=sum(s.points("full") for s in items),
            partial=sum(s.points("partial") for s in items),
            judged=sum(s.points("judged") for s in items),
        )
        for regime, items in by_regime.items()
    ]
