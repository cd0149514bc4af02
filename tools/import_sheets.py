"""Import the official sheets from ../shared into the product-group plugins, with rule bindings.

Developer script, not used at run time.  For every sheet of ``<sheets>/index.json`` it writes
``plugins/<sector>/ocop_<sector>/sheets/<regime>-<NN>.json``: the sheet exactly as in shared,
plus ``"version": 1`` and ``"rules"``, the bindings recognised from the option labels
(``tools/label_patterns.py``).  Criteria no pattern recognises stay to a person's judgement.

    python tools/import_sheets.py [SHEETS_DIR] [--out PLUGINS_DIR] [--report]

``--report`` then prints ``ocop rules report``: it counts every rule the engine runs, the
plugins' Python rules included, from the installed plugins (so only without ``--out``).
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from label_patterns import (  # noqa: E402
    Opt,
    Params,
    accounting,
    area_certification,
    bilingual,
    commune_produce,
    distribution_area,
    distribution_organisation,
    energy_or_technology,
    environment,
    intellectual_property,
    ip_infringement,
    legal_form,
    linkage,
    local_labour,
    norm,
    nutrition,
    periodic_testing,
    profit_growth,
    quality_assurance,
    quality_declaration,
    raw_material,
    representative,
    revenue_growth,
    standards_dossier,
    sustainable_technology,
)

from scoring_core.rules.templates import CORE_TEMPLATES_BY_NAME  # noqa: E402
from scoring_core.sheets.wording import excerpt  # noqa: E402

# (template, regex on the normalised criterion title, recogniser of the option labels)
RECOGNISERS = [
    ("raw_material_origin", r"^nguồn nguyên liệu$", raw_material),
    ("commune_produce_share", r"^nguồn gốc sản phẩm$", commune_produce),
    (
        "raw_material_area_certification",
        r"^vùng (?:nguyên liệu|sản xuất) được cấp chứng nhận chất lượng",
        area_certification,
    ),
    ("linkage_contract", r"^liên kết (?:chuỗi trong )?sản xuất$", linkage),
    ("environmental_records", r"^bảo vệ môi trường trong quá trình sản xuất$", environment),
    ("sustainable_technology", r"^sử dụng công nghệ theo hướng bền vững", sustainable_technology),
    ("sustainable_energy_or_technology", r"^sử dụng năng lượng, công nghệ thân thiện", energy_or_technology),
    ("bilingual_label", r"^ghi nhãn hàng hóa có sử dụng song ngữ", bilingual),
    ("legal_form", r"^loại hình tổ chức", legal_form),
    ("legal_representative", r"^đại diện pháp luật của chủ thể", representative),
    ("local_labour_share", r"^sử dụng lao động địa phương$", local_labour),
    ("accounting", r"^kế toán$", accounting),
    ("profit_growth", r"^tăng trưởng sản xuất kinh doanh$", profit_growth),
    ("revenue_growth", r"^tăng trưởng sản xuất kinh doanh$", revenue_growth),
    ("intellectual_property", r"^sở hữu trí tuệ$", intellectual_property),
    ("ip_infringement", r"^thiết kế độc đáo", ip_infringement),
    ("distribution_area", r"^khu vực phân phối chính$", distribution_area),
    ("distribution_organisation", r"^tổ chức phân phối", distribution_organisation),
    ("quality_declaration", r"^(?:hồ sơ )?công bố", quality_declaration),
    ("standards_dossier", r"^công bố chất lượng$", standards_dossier),
    ("quality_assurance", r"^đảm bảo chất lượng sản phẩm$", quality_assurance),
    ("periodic_testing", r"^kiểm tra (?:chất lượng )?định kỳ", periodic_testing),
    ("nutrition_indicators", r"^dinh dưỡng", nutrition),
]


def criteria(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    """Every criterion of a sheet in official order."""
    return [c for part in sheet["parts"] for group in part["groups"] for c in group["criteria"]]


def _options(raw: list[dict[str, Any]]) -> list[Opt]:
    return [(o["n"], norm(o["label_vi"]), o["effect"]) for o in raw]


def _recognise(title: str, options: list[Opt], context: dict[str, Any]) -> tuple[str, Params] | None:
    hits = []
    for template, title_rx, match in RECOGNISERS:
        wanted = {k: v for k, v in context.items() if k in inspect.signature(match).parameters}
        if re.search(title_rx, title) and (params := match(options, **wanted)):
            hits.append((template, params))
    if len(hits) > 1:
        raise SystemExit(f"ambiguous labels under {title!r}: {[t for t, _ in hits]}")
    return hits[0] if hits else None


_KEY_ORDER = [
    "top",
    "scope",
    "basis",
    "forms",
    "reach",
    "any_of",
    "none_of",
    "min",
    "above",
    "below",
    "max",
    "agents",
    "months",
    "joint_stock_capital",
    "unless",
    "not_all_imported",
    "level",
    "compliant",
    "below",
    "requires",
    "short_of",
]


def _ordered(params: Any) -> Any:
    if not isinstance(params, dict):
        return params
    keys = sorted(params, key=lambda k: (_KEY_ORDER.index(k) if k in _KEY_ORDER else len(_KEY_ORDER), k))
    return {k: _ordered(params[k]) for k in keys}


def canonical(params: Any) -> Any:
    """An option's parameters with keys in one fixed order; a list of one level name as that name."""
    if isinstance(params, list) and len(params) == 1 and isinstance(params[0], str):
        return params[0]
    return _ordered(params)


def _unsafe(sheet: dict[str, Any], cid: str) -> bool:
    """In an incomplete sheet, a criterion an issue names is not bound."""
    if sheet["status"] == "complete":
        return False
    return any(re.search(rf"(?<![\w.]){re.escape(cid)}(?![\w.])", issue) for issue in sheet["issues"])


def bindings(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    """The rule bindings the option labels of a sheet support, in official criterion order."""
    rules = []
    for crit in criteria(sheet):
        if _unsafe(sheet, crit["id"]):
            continue
        title = norm(crit["title_vi"])
        cases = [(b["case"], b["options"]) for b in crit["branches"]] if crit["branches"] else [(None, crit["options"])]
        for case, raw in cases:
            hit = _recognise(title, _options(raw), {"sector": sheet["sector"], "title": title})
            if hit is None:
                continue
            template, params = hit
            params = {n: canonical(v) for n, v in params.items()}
            build = CORE_TEMPLATES_BY_NAME[template].build
            for value in params.values():
                build(value)  # a bad parameter stops the import here
            labels = {o["n"]: o["label_vi"] for o in raw}
            binding: dict[str, Any] = {"criterion": crit["id"]}
            if case is not None:
                binding["case"] = case
            binding["template"] = template
            binding["options"] = {str(n): {"when": params[n], "quote": excerpt(labels[n])} for n in sorted(params)}
            rules.append(binding)
    return rules


def with_rules(sheet: dict[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The sheet as in shared plus ``version`` (after ``sheet_id``) and ``rules`` (after ``parts``)."""
    out: dict[str, Any] = {}
    for key, value in sheet.items():
        out[key] = value
        if key == "sheet_id":
            out["version"] = 1
        if key == "parts":
            out["rules"] = rules
    return out


def target(plugins: Path, sheet: dict[str, Any]) -> Path:
    """plugins/<sector>/ocop_<sector>/sheets/<regime>-<NN>.json"""
    sector = sheet["sector"]
    return plugins / sector / f"ocop_{sector}" / "sheets" / f"{sheet['regime']}-{sheet['sheet_no']:02d}.json"


def dumps(data: dict[str, Any]) -> str:
    """The deterministic file text."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def run(sheets_dir: Path, plugins: Path) -> list[Path]:
    """Write every sheet.  Returns the files written."""
    index = json.loads((sheets_dir / "index.json").read_text("utf-8"))
    written = []
    for entry in index["sheets"]:
        sheet = json.loads((sheets_dir / entry["file"]).read_text("utf-8"))
        path = target(plugins, sheet)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(with_rules(sheet, bindings(sheet))), "utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sheets", nargs="?", type=Path, default=REPO / ".." / "shared" / "ocop" / "sheets")
    parser.add_argument("--out", type=Path, default=REPO / "plugins", help="plugins folder to write into")
    parser.add_argument(
        "--report", action="store_true", help="then print `ocop rules report` (every rule, plugin rules included)"
    )
    args = parser.parse_args(argv)
    if args.report and args.out.resolve() != (REPO / "plugins").resolve():
        parser.error("--report reads the installed plugins: use it without --out")
    run(args.sheets.resolve(), args.out)
    if args.report:  # the same report as `ocop rules report`, on the sheets just written
        from rich.console import Console

        from scoring_core.cli.rules import coverage, print_report
        from scoring_core.plugins.manager import OcopPlugins

        print_report(coverage(OcopPlugins()), Console())


if __name__ == "__main__":
    main()
