"""The ocop command: listings, sheet printing, and bad input (every problem, field path, vi+en, exit 2)."""

import json

import trail_env  # noqa: F401  (keys and witnesses in a temporary directory)
import yaml

from scoring_core.cli.main import main


def run_json(capsys, *argv):
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_sheets_lists_the_40_food_sheets_with_honest_statuses(capsys):
    rows = run_json(capsys, "sheets", "--sector", "food")
    assert len(rows) == 40
    unavailable = {r["sheet_id"]: r["reason"] for r in rows if not r["available"]}
    assert set(unavailable) == {"1048/03", "1048/10", "148/07", "148/11", "148/12", "148/13"}
    assert all(unavailable.values())
    assert "C6.d" in unavailable["148/07"]


def test_sheets_lists_all_78_and_filters_by_regime(capsys):
    assert len(run_json(capsys, "sheets")) == 78
    rows = run_json(capsys, "sheets", "--regime", "2026")
    assert len(rows) == 26 and all(r["available"] for r in rows)


def test_sheet_prints_options_gates_and_knockouts(capsys):
    assert main(["sheet", "2026/07"]) == 0
    out = capsys.readouterr().out
    assert "Nguồn nguyên liệu" in out and "bị loại" in out and "dừng đánh giá" in out and "***" in out


def test_sheet_json_names_the_facts_each_rule_reads(capsys):
    data = run_json(capsys, "sheet", "2026/07")
    a33 = [r for r in data["rules"] if r["criterion"] == "A3.3"]
    assert a33 and all(r["reads"] == ["local_labour_commune_pct"] for r in a33)


def write(tmp_path, data):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return str(path)


BASE = {"product": {"id": "x", "name": "Thử"}, "sheet": "2026/07", "evaluated_on": "2026-10-01"}


def test_bad_input_lists_every_problem_with_its_field(tmp_path, capsys):
    bad = {
        **BASE,
        "facts": {"local_labour_commune_pct": 140, "no_such_fact": 1},
        "judgements": {"C7": 9, "Z9": 1, "A1.3": {"option": 2, "case": 1}},
    }
    assert main(["score", write(tmp_path, bad)]) == 2
    err = capsys.readouterr().err
    for field in (
        "facts.local_labour_commune_pct",
        "facts.no_such_fact",
        "judgements.C7.option",
        "judgements.Z9",
        "judgements.A1.3.case",
    ):
        assert field in err, field
    assert "Không có dữ kiện" in err and "unknown fact" in err


def test_schema_errors_name_the_field(tmp_path, capsys):
    assert (
        main(["score", write(tmp_path, {"product": {"id": "x"}, "sheet": "07", "evaluated_on": "soon", "extra": 1})])
        == 2
    )
    err = capsys.readouterr().err
    for field in ("product.name", "evaluated_on", "extra"):
        assert field in err, field
    assert "Thiếu trường bắt buộc" in err


def test_unknown_sheet_and_regime_and_missing_file(tmp_path, capsys):
    assert main(["score", write(tmp_path, {**BASE, "sheet": "2026/99"})]) == 2
    assert "2026/99" in capsys.readouterr().err
    assert main(["score", write(tmp_path, {**BASE, "sheet": "07", "regime": "1999"})]) == 2
    assert "1999" in capsys.readouterr().err
    assert main(["score", str(tmp_path / "missing.yaml")]) == 2
    assert "FILE" in capsys.readouterr().err


def test_sheet_of_another_regime_than_named_is_refused(tmp_path, capsys):
    assert main(["score", write(tmp_path, {**BASE, "regime": "148"})]) == 2
    assert "sheet" in capsys.readouterr().err


def test_sheet_number_alone_takes_the_regime_from_the_date(tmp_path, capsys):
    # filed before 26/2026 took effect: 148, whose sheet 07 does not add up, so it is refused
    assert (
        main(
            ["score", write(tmp_path, {**BASE, "sheet": "07", "evaluated_on": "2026-06-01", "filed_on": "2026-05-01"})]
        )
        == 2
    )
    assert "148/07" in capsys.readouterr().err
    data = run_json(
        capsys,
        "score",
        write(tmp_path, {**BASE, "sheet": "01", "evaluated_on": "2026-06-01", "filed_on": "2026-05-01"}),
    )
    assert data["regime"] == "148" and data["sheet"] == "148/01" and "transition" in data["regime_reason_en"]


def test_facts_and_plugins_listings(capsys):
    facts = run_json(capsys, "facts")
    assert any(f["name"] == "local_labour_commune_pct" and f["unit"] == "%" for f in facts)
    plugins = run_json(capsys, "plugins")
    names = {p["name"]: p for p in plugins["plugins"]}
    assert {"core", "food", "ornamental"} <= names.keys()
    assert names["food"]["distribution"] == "ocop-plugin-food"
    assert all(s["content_hash"].startswith("sha256:") for s in names["food"]["sheets"] if s["content_hash"])
