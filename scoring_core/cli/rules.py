"""``ocop rules report``: per sheet, the points fact rules decide (plugin rules too), and why the rest is judged."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from rich.console import Console

from scoring_core.cli.common import Subparsers, add_format, print_json
from scoring_core.plugins.coverage import RegimeCoverage, SheetCoverage, regime_totals, sheet_coverage
from scoring_core.plugins.manager import OcopPlugins

KIND_VI = {"judgement": "cần người đánh giá", "unbound": "chưa có quy tắc"}


def coverage(plugins: OcopPlugins, regime: str | None = None, sheet: str | None = None) -> list[SheetCoverage]:
    """The coverage of every available sheet (newest version of each), optionally of one regime or sheet."""
    newest = {}
    for entry in plugins.sheets(regime=regime):
        if entry.available and (sheet is None or entry.sheet_id == sheet):
            newest[entry.sheet_id] = entry  # sheets() sorts versions ascending: the last is the newest
    return [sheet_coverage(e) for e in newest.values()]


def report_data(sheets: list[SheetCoverage]) -> dict[str, Any]:
    """The report as JSON-ready data."""
    rows = []
    for s in sheets:
        rows.append(
            {
                "sheet_id": s.sheet_id,
                "regime": s.regime,
                "version": s.version,
                "plugin": s.plugin,
                "rules": s.rules,
                "rules_template": s.rules_template,
                "rules_plugin": s.rules_plugin,
                "points": {"full": s.points("full"), "partial": s.points("partial"), "judged": s.points("judged")},
                "total": s.total,
                "criteria": [
                    {**asdict(c), "facts": list(c.facts), "reason": asdict(c.reason) if c.reason else None}
                    for c in s.criteria
                ],
            }
        )
    regimes = [asdict(r) | {"total": r.total} for r in regime_totals(sheets)]
    return {"sheets": rows, "regimes": regimes}


def _regime_line(r: RegimeCoverage) -> str:
    return (
        f"{r.regime}: {r.sheets} bộ tiêu chí (sheets), {r.rules_template + r.rules_plugin} quy tắc (rules: "
        f"{r.rules_template} template, {r.rules_plugin} plugin); điểm (points) of {r.total}: "
        f"suy ra đầy đủ (fully derived) {r.full} ({r.share(r.full):.1f}%), "
        f"một phần (partly) {r.partial} ({r.share(r.partial):.1f}%), "
        f"đánh giá (judged) {r.judged} ({r.share(r.judged):.1f}%)"
    )


def print_report(sheets: list[SheetCoverage], console: Console) -> None:
    """The report as text: one block per sheet, then the sums per regime."""
    for s in sheets:
        console.print(
            f"{s.sheet_id} v{s.version} ({s.plugin}): {s.rules} quy tắc (rules: {s.rules_template} template, "
            f"{s.rules_plugin} plugin); điểm (points) of {s.total}: suy ra đầy đủ (fully derived) {s.points('full')}, "
            f"một phần (partly) {s.points('partial')}, đánh giá (judged) {s.points('judged')}",
            highlight=False,
            markup=False,
        )
        for c in s.judged:
            assert c.reason is not None
            console.print(
                f"  {c.criterion} {' '.join(c.title_vi.split())[:60]} ({c.max}): {KIND_VI[c.reason.kind]} "
                f"({c.reason.kind}): {c.reason.reason_vi} ({c.reason.reason_en})",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
    console.print("Theo chế độ (per regime):", highlight=False, markup=False)
    for r in regime_totals(sheets):
        console.print("  " + _regime_line(r), highlight=False, markup=False, soft_wrap=True)


def cmd_rules_report(args: argparse.Namespace, console: Console) -> int:
    sheets = coverage(OcopPlugins(), args.regime, args.sheet)
    if args.format == "json":
        print_json(report_data(sheets))
    else:
        print_report(sheets, console)
    return 0


def add_parsers(sub: Subparsers) -> None:
    """``ocop rules report``."""
    rules = sub.add_parser("rules", help="fact rules: what they decide")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    p = rules_sub.add_parser(
        "report", help="per sheet: points fully derived, partly derived and judged, and why each judged criterion is"
    )
    p.add_argument("--regime")
    p.add_argument("--sheet", help="one sheet id, e.g. 2026/07")
    add_format(p)
    p.set_defaults(run=cmd_rules_report)
