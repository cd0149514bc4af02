"""The ``ocop`` command: list and print sheets, score product files, list facts and plugins."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import structlog
import yaml
from rich.console import Console
from rich.table import Table

from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, SheetUnavailable
from scoring_core.plugins.manager import OcopPlugins, SheetEntry
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.request import ScoreRequest, latest_day

EXIT_BAD_INPUT = 2


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _fail(violations: list[FieldViolation], console: Console) -> int:
    console = Console(stderr=True, soft_wrap=True)
    console.print("[bold red]Dữ liệu không hợp lệ (invalid input):[/]", highlight=False)
    for v in violations:
        console.print(f"  - {v.text()}", highlight=False, markup=False)
    return EXIT_BAD_INPUT


def sheet_row(entry: SheetEntry) -> dict[str, Any]:
    """One sheet as ``ocop sheets --format json`` lists it."""
    return {
        "sheet_id": entry.sheet_id,
        "regime": entry.regime,
        "version": entry.version,
        "sector": entry.sector,
        "name_vi": entry.name_vi,
        "name_en": entry.name_en,
        "available": entry.available,
        "reason": entry.reason,
        "plugin": entry.plugin,
        "content_hash": entry.content_hash,
        "rules": len(entry.rules),
    }


def cmd_sheets(args: argparse.Namespace, console: Console) -> int:
    entries = OcopPlugins().sheets(regime=args.regime, sector=args.sector)
    if args.format == "json":
        _print_json([sheet_row(e) for e in entries])
        return 0
    table = Table(title="Bộ tiêu chí OCOP (OCOP sheets)")
    for col in ("sheet_id", "sector", "tên (name)", "trạng thái (status)"):
        table.add_column(col)
    for e in entries:
        status = "sẵn sàng (available)" if e.available else f"[red]không dùng được (unavailable)[/]: {e.reason}"
        table.add_row(e.sheet_id, e.sector or "", f"{e.name_vi}\n[dim]{e.name_en or ''}[/]", status)
    console.print(table)
    return 0


def cmd_sheet(args: argparse.Namespace, console: Console) -> int:
    regime, _, _ = args.id.partition("/")
    entry = OcopPlugins().sheet(regime, args.id)
    if entry is None:
        return _fail([FieldViolation("ID", f"no sheet {args.id}", f"Không có bộ tiêu chí {args.id}")], console)
    if args.format == "json":
        _print_json(
            {
                **sheet_row(entry),
                "sheet": entry.sheet.model_dump(mode="json") if entry.sheet else None,
                "rules": [r.model_dump(mode="json") | {"reads": r.reads} for r in entry.rules],
            }
        )
        return 0
    console.print(
        f"[bold]{entry.sheet_id} {entry.name_vi}[/] ({entry.name_en or ''}) - phiên bản (version) "
        f"{entry.version}, {entry.content_hash}",
        highlight=False,
    )
    if not entry.available:
        console.print(f"[red]Không sử dụng được (unavailable): {entry.reason}[/]", highlight=False)
    if entry.sheet is None:
        return 0
    reads: dict[str, set[str]] = {}
    for r in entry.rules:
        reads.setdefault(r.criterion, set()).update(r.reads)
    for part in entry.sheet.parts:
        table = Table(title=f"{part.title_vi} - tối đa (max) {part.max}", show_lines=True)
        for col in ("tiêu chí", "nội dung (criterion)", "phương án (options)", "tối đa"):
            table.add_column(col)
        for group in part.groups:
            for c in group.criteria:
                options = []
                for case in c.cases:
                    if case is not None:
                        options.append(f"[bold]Trường hợp {case}[/]")
                    for o in c.options_of(case):
                        marks = (f" [yellow]{'*' * o.min_star}[/]" if o.min_star else "") + (
                            f" [red]({'bị loại' if o.effect == 'eliminate' else 'dừng đánh giá'})[/]"
                            if o.effect
                            else ""
                        )
                        options.append(f"{o.n}. {o.label_vi} [bold]{o.points}đ[/]{marks}")
                title = c.title_vi + (f"\n[dim]{c.title_en}[/]" if c.title_en else "")
                if c.applies_when:
                    title += "\n[dim]chỉ áp dụng khi có câu chuyện (story only)[/]"
                if c.min_star:
                    title += f"\n[yellow]bắt buộc cho hạng {c.min_star} sao (required for {c.min_star}★)[/]"
                how = (
                    f"quy tắc dữ kiện (fact rule): {', '.join(sorted(reads[c.id]))}"
                    if c.id in reads
                    else "hội đồng đánh giá (judgement)"
                )
                table.add_row(c.id, f"{title}\n[cyan]{how}[/]", "\n".join(options), str(c.max))
        console.print(table)
    return 0


def load_product_file(path: str) -> Any:
    """Read a product file (YAML or JSON); errors become field violations on ``FILE``."""
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise InvalidRequest(
            [FieldViolation("FILE", f"cannot read {path}: {exc.strerror}", f"Không đọc được tệp {path}")]
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidRequest(
            [FieldViolation("FILE", f"not valid YAML/JSON: {exc}", "Tệp không đúng định dạng YAML/JSON")]
        ) from None


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


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def print_diagnosis(ev: Evaluation, console: Console) -> None:
    """Implied facts, missing facts and contradictions of an evaluation, as the secretary reads them."""
    for implied in ev.implied_facts:
        console.print(
            f"Dữ kiện suy ra (implied fact): {implied.fact} = {_value(implied.value)}: "
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
            facts = ", ".join(f"{k} = {_value(v)}" for k, v in c.facts.items())
            console.print(
                f"  - {', '.join(c.criteria)}: {c.reason_vi} ({c.reason_en}); dữ kiện (facts): {facts}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )


def cmd_score(args: argparse.Namespace, console: Console) -> int:
    from scoring_core.scoring.pipeline import Scorer

    try:
        request = ScoreRequest.parse(load_product_file(args.file), latest_day())
        evaluation = Scorer().score(request, today=args.today)
    except InvalidRequest as exc:
        return _fail(exc.violations, console)
    except NotFound as exc:
        return _fail([exc.violation], console)
    except SheetUnavailable as exc:
        return _fail([FieldViolation("sheet", str(exc), exc.message_vi)], console)
    if args.format == "json":
        _print_json(evaluation.summary())
    else:
        print_evaluation(evaluation, console)
    return 0


def cmd_facts(args: argparse.Namespace, console: Console) -> int:
    plugins = OcopPlugins()
    facts = plugins.facts()
    if args.format == "json":
        _print_json([f.model_dump() for f in facts.values()])
        return 0
    table = Table(title="Danh mục dữ kiện sản phẩm (product facts)")
    for col in ("name", "type", "unit", "ý nghĩa (meaning)"):
        table.add_column(col)
    for f in facts.values():
        kind = f.type + (f" {f.values}" if f.values else "")
        table.add_row(f.name, kind, f.unit or "", f"{f.meaning_vi}\n[dim]{f.meaning_en}[/]")
    console.print(table)
    for implication in plugins.implications():
        console.print(
            f"Suy ra (implication) {implication.name}: {implication.meaning_vi} ({implication.meaning_en}): "
            f"{implication.then} = {_value(implication.value)}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    return 0


def cmd_plugins(args: argparse.Namespace, console: Console) -> int:
    manager = OcopPlugins()
    rows: list[dict[str, Any]] = []
    for info in manager.plugins():
        sheets = [e for e in manager.sheets() if info.loaded and e.plugin == info.name]
        rows.append(
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "builtin": info.builtin,
                "loaded": info.loaded,
                "error": info.error,
                "sheets": [
                    {
                        "sheet_id": e.sheet_id,
                        "version": e.version,
                        "available": e.available,
                        "reason": e.reason,
                        "content_hash": e.content_hash,
                    }
                    for e in sheets
                ],
            }
        )
    if args.format == "json":
        _print_json({"plugins": rows, "refusals": manager.refusals})
        return 0
    table = Table(title="Plugin (plugins)")
    for col in ("name", "distribution", "version", "sheets", "status"):
        table.add_column(col)
    for r in rows:
        ok = "built-in" if r["builtin"] else "loaded"
        status = ok if r["loaded"] and not r["error"] else f"[red]{r['error']}[/]"
        table.add_row(r["name"], r["distribution"] or "", r["version"] or "", str(len(r["sheets"])), status)
    console.print(table)
    for refusal in manager.refusals:
        console.print(f"[red]refused[/]: {refusal}", highlight=False)
    return 0


def cmd_serve(args: argparse.Namespace, console: Console) -> int:
    from scoring_core.service.config import from_args
    from scoring_core.service.server import serve

    return serve(from_args(args)) or 0


def _stderr_logger(*_args: Any) -> structlog.PrintLogger:
    """A logger on the current ``sys.stderr`` (looked up at each use, so it never outlives the stream)."""
    return structlog.PrintLogger(sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``ocop`` (sub-commands register their options here)."""
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP scoring: sheets, scores, stars.")
    sub = parser.add_subparsers(dest="command", required=True)
    fmt: dict[str, Any] = {"choices": ["table", "json"], "default": "table"}

    p = sub.add_parser("sheets", help="list sheets and whether they are available")
    p.add_argument("--regime")
    p.add_argument("--sector")
    p.add_argument("--format", **fmt)
    p.set_defaults(run=cmd_sheets)

    p = sub.add_parser("sheet", help="print one sheet as a council reads it")
    p.add_argument("id", help="sheet id, e.g. 2026/07")
    p.add_argument("--format", **fmt)
    p.set_defaults(run=cmd_sheet)

    p = sub.add_parser("score", help="score a product file (YAML or JSON)")
    p.add_argument("file")
    p.add_argument("--format", **fmt)
    p.add_argument("--today", type=date.fromisoformat, help="evaluation date when the file gives none")
    p.set_defaults(run=cmd_score)

    p = sub.add_parser("facts", help="list the product facts rules can read")
    p.add_argument("--format", **fmt)
    p.set_defaults(run=cmd_facts)

    p = sub.add_parser("plugins", help="list loaded plugins with their sheets and content hashes")
    p.add_argument("--format", **fmt)
    p.set_defaults(run=cmd_plugins)

    from scoring_core.service.config import add_arguments

    p = sub.add_parser("serve", help="run the gRPC server (ocop.v1)")
    add_arguments(p)
    p.set_defaults(run=cmd_serve)

    from scoring_core.plugins.scaffold import add_parser as add_plugin_parser

    add_plugin_parser(sub)

    from scoring_core.cli.audit import add_parsers as add_audit_parsers

    add_audit_parsers(sub)

    from scoring_core.cli.rules import add_parsers as add_rules_parsers

    add_rules_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ocop`` console script."""
    args = build_parser().parse_args(argv)
    if args.command != "serve":  # the server configures its own logs; here they must not mix with stdout
        structlog.configure(logger_factory=_stderr_logger)
    console = Console(stderr=False, soft_wrap=False)
    return args.run(args, console)


if __name__ == "__main__":
    sys.exit(main())
