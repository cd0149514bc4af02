"""``ocop plugin new NAME``: a complete plugin distribution with one sheet, one rule, one golden case and its tests.

The sheet is small but valid for its regime (every part adds up to the regime's maximum), gets a
sheet number from 900 up so it cannot collide with an official sheet, and the plugin adds one
Python rule of its own (criterion A1.1 from the core fact ``raw_material_province_pct``).  The
golden case's expected result is computed here by plain arithmetic on the options it chooses,
not by the engine, so the generated test checks the engine from outside.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from scoring_core.plugins.hookspecs import ENTRY_POINT_GROUP
from scoring_core.plugins.manager import BUILTIN_PLUGINS
from scoring_core.sheets.regimes import regimes

NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MAX_NAME = 40
FIRST_SHEET_NO = 900  # official sheets are numbered 1..26: a scaffolded sheet never takes their ids
SHARE = "raw_material_province_pct"
EXIT_BAD_INPUT = 2


class ScaffoldError(ValueError):
    """The plugin cannot be created; the message is in Vietnamese with an English gloss."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(f"{message_vi} ({message_en})")
        self.message_vi = message_vi
        self.message_en = message_en


def distribution_name(name: str) -> str:
    """The distribution (and folder) name of plugin ``name``: ``ocop-plugin-<name>`` with hyphens."""
    return "ocop-plugin-" + name.replace("_", "-")


def check_name(name: str) -> None:
    """Raise ScaffoldError unless ``name`` can name a plugin, its entry point and its package ``ocop_<name>``."""
    if not NAME_RE.fullmatch(name) or len(name) > MAX_NAME:
        raise ScaffoldError(
            f"Tên plugin {name!r} không hợp lệ: dùng chữ thường không dấu a-z, chữ số và dấu gạch dưới đơn, "
            f"bắt đầu bằng chữ cái, tối đa {MAX_NAME} ký tự (ví dụ: mut_gung)",
            f"invalid plugin name {name!r}: use lower-case ASCII letters, digits and single underscores, "
            f"starting with a letter, at most {MAX_NAME} characters (e.g. mut_gung)",
        )
    if name in BUILTIN_PLUGINS:  # even where the built-in is not installed: the loader would refuse it
        owner = BUILTIN_PLUGINS[name].distribution
        raise ScaffoldError(
            f"Tên plugin {name!r} dành riêng cho plugin có sẵn của {owner}",
            f"plugin name {name!r} is reserved for the built-in plugin of {owner}",
        )
    taken = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if name in taken:
        dist = taken[name].dist
        owner = dist.name if dist is not None else "?"
        raise ScaffoldError(
            f"Tên plugin {name!r} đã được dùng bởi {owner}", f"plugin name {name!r} is already taken by {owner}"
        )


def default_sheet_no(name: str) -> int:
    """A sheet number from 900 to 999 derived from the plugin name (stable, rarely shared)."""
    return FIRST_SHEET_NO + zlib.crc32(name.encode()) % 100


def _option(n: int, points: int, label_vi: str, label_en: str) -> dict[str, Any]:
    return {"n": n, "label_vi": label_vi, "label_en": label_en, "points": points, "min_star": None, "effect": None}


def _criterion(cid: str, title_vi: str, title_en: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": cid,
        "title_vi": title_vi,
        "title_en": title_en,
        "max": max(o["points"] for o in options),
        "options": options,
    }


def _part(
    code: str, title_vi: str, title_en: str, group_vi: str, group_en: str, criteria: list[dict[str, Any]]
) -> dict[str, Any]:
    total = sum(c["max"] for c in criteria)
    group = {"id": f"{code}1", "max": total, "title_vi": group_vi, "title_en": group_en, "criteria": criteria}
    return {"code": code, "max": total, "title_vi": title_vi, "title_en": title_en, "groups": [group]}


def sheet_data(name: str, regime: str, sheet_no: int) -> dict[str, Any]:
    """The plugin's one sheet: four criteria whose parts add up to the regime's maxima."""
    maxima = regimes()[regime].part_maxima
    a, b, c = maxima["A"], maxima["B"], maxima["C"]
    parts = [
        _part(
            "A",
            "SẢN XUẤT VÀ SỨC MẠNH CỘNG ĐỒNG",
            "Production and community strength",
            "TỔ CHỨC SẢN XUẤT",
            "Organisation of production",
            [
                _criterion(
                    "A1.1",
                    "Nguồn nguyên liệu",
                    "Raw material origin",
                    [
                        _option(
                            1,
                            3,
                            "Dưới 50% nguyên liệu có nguồn gốc trong tỉnh",
                            "Under 50% of the raw material from the province",
                        ),
                        _option(
                            2,
                            6,
                            "Từ 50% đến dưới 75% nguyên liệu có nguồn gốc trong tỉnh",
                            "50% to under 75% of the raw material from the province",
                        ),
                        _option(
                            3,
                            10,
                            "Từ 75% nguyên liệu có nguồn gốc trong tỉnh trở lên",
                            "75% or more of the raw material from the province",
                        ),
                    ],
                ),
                _criterion(
                    "A1.2",
                    "Tổ chức sản xuất",
                    "Organisation of production",
                    [
                        _option(1, (a - 10) // 2, "Có kế hoạch sản xuất", "Has a production plan"),
                        _option(
                            2,
                            a - 10,
                            "Có kế hoạch sản xuất và ghi chép hồ sơ lô sản xuất",
                            "Has a production plan and keeps batch records",
                        ),
                    ],
                ),
            ],
        ),
        _part(
            "B",
            "TIẾP THỊ VÀ CÂU CHUYỆN SẢN PHẨM",
            "Marketing and product story",
            "CÂU CHUYỆN SẢN PHẨM",
            "Product story",
            [
                _criterion(
                    "B1.1",
                    "Câu chuyện sản phẩm",
                    "Product story",
                    [
                        _option(1, 0, "Không có câu chuyện sản phẩm", "No product story"),
                        _option(2, b // 2, "Có câu chuyện sản phẩm", "Has a product story"),
                        _option(
                            3,
                            b,
                            "Có câu chuyện sản phẩm được tư liệu hóa, thể hiện trên bao bì và website",
                            "Has a documented product story, on the packaging and the website",
                        ),
                    ],
                )
            ],
        ),
        _part(
            "C",
            "CHẤT LƯỢNG SẢN PHẨM",
            "Product quality",
            "CHẤT LƯỢNG",
            "Quality",
            [
                _criterion(
                    "C1.1",
                    "Chỉ tiêu cảm quan",
                    "Sensory quality",
                    [
                        _option(1, c // 3, "Chấp nhận được", "Acceptable"),
                        _option(2, 2 * c // 3, "Phù hợp với đặc tính sản phẩm", "Fits the product's character"),
                        _option(
                            3, c, "Rất phù hợp với đặc tính sản phẩm, hấp dẫn", "Fits the product very well, appealing"
                        ),
                    ],
                )
            ],
        ),
    ]
    return {
        "regime": regime,
        "sheet_no": sheet_no,
        "sheet_id": f"{regime}/{sheet_no}",
        "version": 1,
        "name_vi": f"Bộ tiêu chí của plugin {name}",
        "name_en": f"Sheet of plugin {name}",
        "sector": name,
        "group_vi": f"Plugin {name}",
        "status": "complete",
        "issues": [],
        "parts": parts,
        "rules": [],
        "provenance": {"source": "ocop plugin new (scaffold): replace with the sheet this plugin publishes"},
    }


def golden_case(name: str, sheet: dict[str, Any]) -> dict[str, Any]:
    """One golden case: A1.1 from a fact (80% in the province: option 3), the rest judged; totals by hand."""
    regime = regimes()[sheet["regime"]]
    chosen = {"A1.1": 3, "A1.2": 2, "B1.1": 3, "C1.1": 2}
    points = {
        c["id"]: next(o["points"] for o in c["options"] if o["n"] == chosen[c["id"]])
        for p in sheet["parts"]
        for g in p["groups"]
        for c in g["criteria"]
    }
    parts = {p["code"]: sum(points[c["id"]] for g in p["groups"] for c in g["criteria"]) for p in sheet["parts"]}
    total = sum(parts.values())
    star = next(b.stars for b in sorted(regime.bands, key=lambda b: -b.stars) if total >= (b.min_total or 0))
    return {
        "name": f"{sheet['sheet_id']} profile",
        "description": "A1.1 derived by the plugin's rule from 80% raw material from the province; others judged",
        "product": {
            "product": {"id": f"golden-{name}-profile", "name": f"Sản phẩm mẫu của plugin {name}"},
            "sheet": sheet["sheet_id"],
            "regime": sheet["regime"],
            "facts": {SHARE: 80},
            "judgements": {k: v for k, v in chosen.items() if k != "A1.1"},
            "judged_by": "golden",
        },
        "expected": {
            "total": str(total),
            "parts": {k: str(v) for k, v in parts.items()},
            "band_star": star,
            "final_star": star,
            "recognised": star >= 3,
            "eliminated": False,
            "failed_gates": [],
            "breakdown": {
                cid: {"option": chosen[cid], "case": None, "points": str(p), "status": "scored"}
                for cid, p in points.items()
            },
        },
    }


def _pyproject(name: str) -> str:
    return f'''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{distribution_name(name)}"
version = "0.1.0"
description = "OCOP scoring plugin {name}: one sheet, its own rule and golden case."
requires-python = ">=3.11"
dependencies = ["ocop-scoring>=0.1"]

[project.entry-points."ocop.plugins"]
{name} = "ocop_{name}:plugin"

[tool.setuptools.packages.find]
include = ["ocop_{name}*"]

[tool.setuptools.package-data]
ocop_{name} = ["sheets/*.json", "golden/*.json"]

[tool.pytest.ini_options]
testpaths = ["tests"]
'''


def _package(name: str, sheet_id: str) -> str:
    return f'''"""OCOP plugin {name}: one sheet, one rule of its own and a golden case.

Made by ``ocop plugin new``; the sheet is {sheet_id}, in ``sheets/``.
"""

from __future__ import annotations

from scoring_core.plugins import FactRule, Sheet, SheetDataPlugin, between, hookimpl

NAME = "{name}"
SHEET_ID = "{sheet_id}"
SHARE = "{SHARE}"  # a fact of the core catalogue (see `ocop facts`)


class Plugin(SheetDataPlugin):
    """Serves sheets/*.json and golden/*.json, and adds this plugin's own rule for A1.1."""

    @hookimpl
    def ocop_rules(self, sheet: Sheet) -> list[FactRule]:
        """A1.1 "Nguồn nguyên liệu" (raw material origin) from the share of raw material from the province."""
        if sheet.sheet_id != SHEET_ID:
            return []
        # each option's condition, and the words of the option it implements (checked against the sheet at load)
        bands = {{
            1: (between(SHARE, 0, 50), "Dưới 50%"),
            2: (between(SHARE, 50, 75), "Từ 50% đến dưới 75%"),
            3: (between(SHARE, 75, None), "Từ 75% nguyên liệu có nguồn gốc trong tỉnh trở lên"),
        }}
        return [
            FactRule(
                name=f"A1.1#0/{{n}}:{{NAME}}",
                criterion="A1.1",
                option=n,
                when=when,
                origin=f"plugin:{{NAME}}",
                quote=quote,
            )
            for n, (when, quote) in bands.items()
        ]


plugin = Plugin(__name__)
'''


def _tests(name: str, sheet_id: str, regime: str) -> str:
    return f'''"""Plugin {name}: its golden cases through the maintainers' kit, and its own rule."""

import pytest

from scoring_core.plugins import ScoreRequest


def test_golden_cases_pass(ocop_golden):
    ocop_golden("{name}")


@pytest.mark.parametrize(("share", "option"), [(10, 1), (50, 2), (74, 2), (75, 3), (100, 3)])
def test_own_rule_reads_the_raw_material_share(ocop_scorer, share, option):
    scorer = ocop_scorer("{name}")
    product = {{
        "product": {{"id": "t", "name": "t"}},
        "sheet": "{sheet_id}",
        "regime": "{regime}",
        "facts": {{"{SHARE}": share}},
    }}
    request = ScoreRequest.parse(product)
    line = next(x for x in scorer.score(request).breakdown if x.criterion == "A1.1")
    assert (line.option, line.source.origin) == (option, "plugin:{name}")
'''


def _readme(name: str, sheet_id: str, regime: str, filename: str) -> str:
    dist = distribution_name(name)
    return f"""# {dist}

Plugin OCOP `{name}` (OCOP scoring plugin `{name}`), tạo bằng `ocop plugin new` (made by `ocop plugin new`).

- `ocop_{name}/sheets/{filename}`: bộ tiêu chí `{sheet_id}` (the sheet, as data; every part must add up to
  the maxima of regime {regime}, or the sheet is refused as unavailable with the reason).
- `ocop_{name}/__init__.py`: quy tắc riêng của plugin (the plugin's own rule: A1.1 from `{SHARE}`).
- `ocop_{name}/golden/`: trường hợp mẫu và kết quả mong đợi (golden cases: a product file and its expected result).
- `tests/`: kiểm thử bằng bộ công cụ `ocop_golden` / `ocop_scorer` (tests with the kit's pytest fixtures).

## Cài đặt và kiểm thử (install and test)

```sh
pip install -e .            # entry point `{name}` in the group `ocop.plugins`
pytest                      # golden cases + the plugin's own rule
ocop plugins                # {name} with its distribution, version and the sheet's content hash
ocop sheet {sheet_id}          # the sheet as a council reads it
```

## Sửa đổi (amendments)

Không sửa bộ tiêu chí đã dùng để chấm (never edit a sheet already used for decisions): thêm tệp mới với
`"version": 2` (add a new file with version 2). Phiên bản mới có mã băm nội dung mới (a new content hash);
quyết định cũ giữ phiên bản đã dùng và vẫn chấm lại được (earlier decisions keep their version and can be
replayed). `OCOP_PLUGINS_ALLOW`, `OCOP_PLUGINS_BLOCK` (tên, cách nhau bằng dấu phẩy; comma-separated
names) và `OCOP_TRACE_HOOKS=1` điều khiển việc nạp plugin (control loading).
"""


def plugin_files(name: str, regime: str, sheet_no: int) -> dict[str, str]:
    """Every file of the distribution: relative path -> text."""
    sheet = sheet_data(name, regime, sheet_no)
    filename = f"{regime}-{sheet_no}.json"
    package = f"ocop_{name}"

    def as_json(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    return {
        "pyproject.toml": _pyproject(name),
        "README.md": _readme(name, sheet["sheet_id"], regime, filename),
        f"{package}/__init__.py": _package(name, sheet["sheet_id"]),
        f"{package}/sheets/{filename}": as_json(sheet),
        f"{package}/golden/{filename}": as_json([golden_case(name, sheet)]),
        f"tests/test_{name}_golden.py": _tests(name, sheet["sheet_id"], regime),
    }


def new_plugin(name: str, dest: Path, regime: str = "2026", *, sheet_no: int | None = None) -> Path:
    """Write the distribution ``dest/ocop-plugin-<name>/`` and return its folder."""
    check_name(name)
    if regime not in regimes():
        known = ", ".join(regimes())
        raise ScaffoldError(
            f"Không có chế độ (bộ tiêu chí) {regime!r}; các chế độ: {known}",
            f"unknown regime {regime!r}; known: {known}",
        )
    sheet_no = default_sheet_no(name) if sheet_no is None else sheet_no
    if sheet_no < FIRST_SHEET_NO:
        raise ScaffoldError(
            f"Số bộ tiêu chí phải từ {FIRST_SHEET_NO} trở lên để không trùng bộ chính thức",
            f"the sheet number must be {FIRST_SHEET_NO} or more, not to collide with official ones",
        )
    root = Path(dest) / distribution_name(name)
    if root.exists():
        raise ScaffoldError(f"Thư mục {root} đã tồn tại", f"{root} already exists")
    for relative, text in plugin_files(name, regime, sheet_no).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register ``ocop plugin new NAME [--dest DIR] [--regime R] [--sheet-no N]`` on the ``ocop`` sub-parsers."""
    plugin = subparsers.add_parser("plugin", help="tools for plugin authors (công cụ cho người viết plugin)")
    sub = plugin.add_subparsers(dest="plugin_command", required=True)
    new = sub.add_parser("new", help="create a working plugin: one sheet, one rule, one golden case, tests")
    new.add_argument("name", metavar="NAME", help="plugin name, e.g. mut_gung (package ocop_NAME)")
    new.add_argument("--dest", type=Path, default=Path("."), help="parent folder (default: the current one)")
    new.add_argument("--regime", default="2026", help="regime of the sheet: 2026, 148 or 1048 (default 2026)")
    new.add_argument("--sheet-no", type=int, help=f"sheet number ({FIRST_SHEET_NO} or more; default from NAME)")
    new.set_defaults(run=run)
    return plugin


def run(args: argparse.Namespace, console: Any = None) -> int:
    """Create the plugin ``args`` describe; print where, or the error (exit 2)."""
    try:
        root = new_plugin(args.name, args.dest, args.regime, sheet_no=args.sheet_no)
    except ScaffoldError as exc:
        print(f"Không tạo được plugin (cannot create the plugin): {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Đã tạo plugin {args.name} (created plugin {args.name}): {root}")
    print(f"  pip install -e {root}")
    print(f"  cd {root} && pytest")
    return 0
