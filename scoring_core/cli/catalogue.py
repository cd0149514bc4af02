"""``ocop sheets``, ``ocop sheet``, ``ocop facts``, ``ocop plugins``: what the installed plugins provide."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console
from rich.table import Table

from scoring_core.cli.common import Subparsers, add_format, json_text, print_json
from scoring_core.errors import NotFound
from scoring_core.plugins.manager import OcopPlugins, SheetEntry


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
        print_json([sheet_row(e) for e in entries])
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
        raise NotFound("ID", f"no sheet {args.id}", f"Không có bộ tiêu chí {args.id}")
    if args.format == "json":
        print_json(
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


def cmd_facts(args: argparse.Namespace, console: Console) -> int:
    plugins = OcopPlugins()
    facts = plugins.facts()
    if args.format == "json":
        print_json([f.model_dump() for f in facts.values()])
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
            f"{implication.then} = {json_text(implication.value)}",
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
        print_json({"plugins": rows, "refusals": manager.refusals})
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


def add_sheet_parsers(sub: Subparsers) -> None:
    """Register ``ocop sheets`` and ``ocop sheet``."""
    p = sub.add_parser("sheets", help="list sheets and whether they are available")
    p.add_argument("--regime")
    p.add_argument("--sector")
    add_format(p)
    p.set_defaults(run=cmd_sheets)

    p = sub.add_parser("sheet", help="print one sheet as a council reads it")
    p.add_argument("id", help="sheet id, e.g. 2026/07")
    add_format(p)
    p.set_defaults(run=cmd_sheet)


def add_listing_parsers(sub: Subparsers) -> None:
    """Register ``ocop facts`` and ``ocop plugins``."""
    p = sub.add_parser("facts", help="list the product facts rules can read")
    add_format(p)
    p.set_defaults(run=cmd_facts)

    p = sub.add_parser("plugins", help="list loaded plugins with their sheets and content hashes")
    add_format(p)
    p.set_defaults(run=cmd_plugins)
