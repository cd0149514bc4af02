"""``ocop score``: score a product file and print it as a council score sheet (or as JSON)."""

from __future__ import annotations

import argparse
from datetime import date

from rich.console import Console
from rich.table import Table

from scoring_core.cli.common import Subparsers, add_format, json_text, print_json, read_file
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.request import ScoreRequest, latest_day


def print_evaluation(ev: Evaluation, console: Console) -> None:
    """The evaluation as a council score sheet."""
    console.print(
        f"[bold]{ev.product.get('name')}[/] ({ev.product.get('id')}) - {ev.sheet} {ev.sheet_name_vi}", highlight=False
    )
    console.print(f"Chế độ (regime) {ev.regime}: {ev.regime_reason_vi} ({ev.regime_reason_en})", highlight=False)
    table = Table(show_lines=False)
    for col in ("tiêu chí", "phương án", "điểm", "tối đa", "nguồn (source)", "ghi chú (note)"):
        table.add_column(col)
    for line in ev.breakdown:
        option = "" if line.option is None else (f"{line.case}/{line.option}" if line.case else str(line.option))
        note = f"{line.reason_vi} ({line.reason_en})" if line.reason_en else ""
        if line.source.quote:  # the words of the option the fact rule implements
            note = f"“{line.source.quote}” {note}".rstrip()
        if line.conflict:
            note += f" {line.conflict.reason_vi} ({line.conflict.reason_en})"
        table.add_row(line.criterion, option, str(line.points), str(line.max), line.source.label(), note)
    console.print(table)
    print_diagnosis(ev, console)
    parts = ", ".join(f"{k} {v}/{ev.part_maxima[k]}" for k, v in ev.parts.items())
    console.print(
        f"Tổng điểm (total): [bold]{ev.total}[/] ({parts}); hạng theo điểm (band star): {ev.band_star}★",
        highlight=False,
    )
    for gate in ev.failed_gates:
        console.print(
            f"  [yellow]Không đạt yêu cầu tối thiểu (failed gate)[/]: {gate.reason_vi} ({gate.reason_en})",
            highlight=False,
        )
    for knockout in ev.knockouts:
        console.print(
            f"[red]Không xếp hạng (not ranked)[/]: {knockout.reason_vi} ({knockout.reason_en})", highlight=False
        )
    if not ev.knockouts:
        console.print(
            f"Hạng sao (final star): [bold]{ev.final_star}★[/]; "
            f"công nhận (recognised): {'có (yes)' if ev.recognised else 'không (no)'}",
            highlight=False,
        )
    if ev.recognition:
        console.print(
            f"Cấp công nhận (level): {ev.recognition.level}; hiệu lực đến (valid until): {ev.recognition.valid_until}",
            highlight=False,
        )


def print_diagnosis(ev: Evaluation, console: Console) -> None:
    """Implied facts, missing facts and contradictions of an evaluation, as the secretary reads them."""
    for implied in ev.implied_facts:
        console.print(
            f"Dữ kiện suy ra (implied fact): {implied.fact} = {json_text(implied.value)}: "
            f"{implied.reason_vi} ({implied.reason_en})",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if ev.missing_facts:
        console.print(
            "[yellow]Dữ kiện còn thiếu (missing facts)[/] -> tiêu chí chưa đánh giá (criteria not assessed):",
            soft_wrap=True,
        )
        for name, criteria in ev.missing_facts.items():
            console.print(f"  - {name} -> {', '.join(criteria)}", highlight=False, markup=False, soft_wrap=True)
    if ev.conflicts:
        console.print(
            "[bold red]Dữ kiện mâu thuẫn, cần hội đồng xem xét (contradicting facts, flagged)[/]:", soft_wrap=True
        )
        for c in ev.conflicts:
            facts = ", ".join(f"{k} = {json_text(v)}" for k, v in c.facts.items())
            console.print(
                f"  - {', '.join(c.criteria)}: {c.reason_vi} ({c.reason_en}); dữ kiện (facts): {facts}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )


def cmd_score(args: argparse.Namespace, console: Console) -> int:
    from scoring_core.scoring.pipeline import Scorer

    request = ScoreRequest.parse(read_file(args.file), latest_day())
    evaluation = Scorer().score(request, today=args.today)
    if args.format == "json":
        print_json(evaluation.summary())
    else:
        print_evaluation(evaluation, console)
    return 0


def add_parsers(sub: Subparsers) -> None:
    """Register ``ocop score``."""
    p = sub.add_parser("score", help="score a product file (YAML or JSON)")
    p.add_argument("file")
    add_format(p)
    p.add_argument("--today", type=date.fromisoformat, help="evaluation date when the file gives none")
    p.set_defaults(run=cmd_score)
