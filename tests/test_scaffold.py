"""``ocop plugin new``: the generated plugin is valid for its regime, its golden case is right, its tests pass."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

import pytest
from reference_eval import evaluate
from test_external_plugins import TempVenv

from scoring_core.plugins import ENTRY_POINT_GROUP, scaffold
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.plugins.scaffold import ScaffoldError, new_plugin
from scoring_core.plugins.testing import run_golden
from scoring_core.rules.engine import RulesEngine
from scoring_core.scoring.pipeline import Scorer
from scoring_core.sheets.checks import sheet_problems
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.regimes import regimes

ENGINE = RulesEngine()


def _load(root: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> object:
    """Import the generated package from its folder (not installed) and return its plugin object."""
    monkeypatch.syspath_prepend(str(root))
    return importlib.import_module(f"ocop_{name}").plugin


@pytest.mark.parametrize("name", ["Food", "mứt_gừng", "9lives", "two__parts", "trailing_", "with-hyphen", "", "a" * 41])
def test_bad_names_are_refused_in_vietnamese_and_english(tmp_path, name):
    with pytest.raises(ScaffoldError) as err:
        new_plugin(name, tmp_path)
    assert "không hợp lệ" in err.value.message_vi and "invalid plugin name" in err.value.message_en
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["core", "food", "rural_tourism"])
def test_a_built_in_name_is_refused_installed_or_not(tmp_path, name):
    with pytest.raises(ScaffoldError, match="reserved for the built-in plugin of ocop-"):
        new_plugin(name, tmp_path)
    assert not any(tmp_path.iterdir())


def test_a_name_another_plugin_has_is_refused(tmp_path, monkeypatch):
    site = tmp_path / "site"  # an installed distribution, as far as importlib.metadata can tell
    info = site / "ocop_plugin_mut_gung-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ocop-plugin-mut-gung\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nmut_gung = ocop_mut_gung:plugin\n", "utf-8")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(ScaffoldError, match="'mut_gung' is already taken by ocop-plugin-mut-gung"):
        new_plugin("mut_gung", tmp_path / "out")


def test_unknown_regime_official_sheet_numbers_and_an_existing_folder_are_refused(tmp_path):
    with pytest.raises(ScaffoldError, match="unknown regime '2030'"):
        new_plugin("demo", tmp_path, "2030")
    with pytest.raises(ScaffoldError, match="collide with official ones"):
        new_plugin("demo", tmp_path, sheet_no=7)
    new_plugin("demo", tmp_path)
    with pytest.raises(ScaffoldError, match="already exists"):
        new_plugin("demo", tmp_path)


@pytest.mark.parametrize("regime", ["2026", "148", "1048"])
def test_the_sheet_adds_up_and_the_golden_case_matches_the_reference_evaluator(tmp_path, monkeypatch, regime):
    name = f"demo_{regime}"
    root = new_plugin(name, tmp_path, regime)
    assert root == tmp_path / f"ocop-plugin-demo-{regime}"
    [sheet_file] = (root / f"ocop_{name}" / "sheets").glob("*.json")
    sheet = Sheet.model_validate(json.loads(sheet_file.read_text("utf-8")))
    assert sheet_problems(sheet, regimes()[regime]) == []
    assert {p.code: p.max for p in sheet.parts} == regimes()[regime].part_maxima
    assert sheet.sheet_no >= 900 and sheet.sheet_id == f"{regime}/{sheet.sheet_no}"

    plugins = OcopPlugins(allow={"core"}, block=set(), extra={name: _load(root, name, monkeypatch)})
    entry = plugins.sheet(regime, sheet.sheet_id)
    assert entry.available and [r.origin for r in entry.rules] == [f"plugin:{name}"] * 3
    [(_, case)] = plugins.golden_cases(name)
    rules = [
        {"criterion": r.criterion, "case": r.case, "option": r.option, "when": r.when.model_dump(mode="json")}
        for r in entry.rules
    ]
    judgements = {k: {"option": v} for k, v in case.product["judgements"].items()}
    reference = evaluate(sheet.model_dump(mode="json"), rules, case.product["facts"], judgements)
    assert case.expected.model_dump(
        include={"total", "parts", "band_star", "final_star", "recognised", "eliminated"}
    ) == {k: reference[k] for k in ("total", "parts", "band_star", "final_star", "recognised", "eliminated")}
    assert {k: v.model_dump() for k, v in case.expected.breakdown.items()} == reference["breakdown"]
    assert run_golden(Scorer(plugins, ENGINE), name) == {case.name: []}


def test_the_golden_test_fails_when_the_expectation_is_wrong(tmp_path, monkeypatch):
    root = new_plugin("demo_wrong", tmp_path)
    [golden] = (root / "ocop_demo_wrong" / "golden").glob("*.json")
    cases = json.loads(golden.read_text("utf-8"))
    cases[0]["expected"]["total"] = "1"
    golden.write_text(json.dumps(cases), "utf-8")
    plugins = OcopPlugins(allow={"core"}, block=set(), extra={"demo_wrong": _load(root, "demo_wrong", monkeypatch)})
    [problems] = run_golden(Scorer(plugins, ENGINE), "demo_wrong").values()
    assert any(p.startswith("total: expected '1'") for p in problems)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocop")
    scaffold.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def test_the_command_creates_the_plugin_or_explains_why_not(tmp_path, capsys):
    args = _parser().parse_args(["plugin", "new", "mut_gung", "--dest", str(tmp_path), "--regime", "148"])
    assert args.run(args, None) == 0
    assert "mut_gung" in capsys.readouterr().out
    assert (tmp_path / "ocop-plugin-mut-gung" / "ocop_mut_gung" / "sheets").is_dir()
    args = _parser().parse_args(["plugin", "new", "Mứt-Gừng", "--dest", str(tmp_path)])
    assert args.run(args, None) == scaffold.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "Không tạo được plugin" in err and "không hợp lệ" in err and "invalid plugin name" in err


def test_ocop_plugin_new_is_wired_into_the_cli(tmp_path):
    from scoring_core.cli import main as cli

    args = cli.build_parser().parse_args(["plugin", "new", "demo_cli", "--dest", str(tmp_path)])
    assert cli.main(["plugin", "new", "demo_cli", "--dest", str(tmp_path)]) == 0
    assert args.name == "demo_cli" and (tmp_path / "ocop-plugin-demo-cli" / "pyproject.toml").is_file()


def test_a_generated_plugin_installs_and_its_own_tests_pass(tmp_path_factory):
    venv = TempVenv(tmp_path_factory.mktemp("venv"))
    root = new_plugin("mut_gung", tmp_path_factory.mktemp("src"))
    sheet_id = json.loads(next((root / "ocop_mut_gung" / "sheets").glob("*.json")).read_text("utf-8"))["sheet_id"]
    venv.install(root)
    own = venv.run(venv.python, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", root / "tests", check=False)
    assert own.returncode == 0 and " passed" in own.stdout, own.stdout + own.stderr
    rows = {(s["sheet_id"], s["plugin"], s["available"]) for s in venv.ocop_json("sheets")}
    assert (sheet_id, "mut_gung", True) in rows and ("2026/07", "food", True) in rows
    listing = venv.ocop_json("plugins")
    mine = next(p for p in listing["plugins"] if p["name"] == "mut_gung")
    assert (mine["distribution"], mine["version"], mine["loaded"], mine["error"]) == (
        "ocop-plugin-mut-gung",
        "0.1.0",
        True,
        None,
    )
    assert listing["refusals"] == []
