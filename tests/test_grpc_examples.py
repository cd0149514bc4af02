"""Done-when check: Score over gRPC equals ``ocop score --format json`` for every examples/*.yaml."""

import json
import subprocess
import sys
from pathlib import Path

import grpc
import pytest
import yaml
from grpc_support import ENGINE, start

from scoring_core.client import OcopClient, OcopError, summary
from scoring_core.scoring.pipeline import Scorer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").rglob("*.yaml")  # product files (council files are not)
    if "council" not in p.relative_to(ROOT / "examples").parts
)
OCOP = Path(sys.executable).with_name("ocop")
SUMMARY = ("regime", "sheet", "total", "parts", "band_star", "final_star", "recognised", "eliminated")


@pytest.fixture(scope="module")
def client():
    running = start(Scorer(engine=ENGINE))  # the installed plugins, as `ocop score` sees them
    with OcopClient(running.address, timeout=30) as helper:
        yield helper
    running.stop(grace=None)


def _cli(path: Path) -> subprocess.CompletedProcess:
    command = [str(OCOP)] if OCOP.exists() else [sys.executable, "-m", "scoring_core.cli"]
    return subprocess.run(
        [*command, "score", str(path), "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(ROOT / "examples")) for p in EXAMPLES])
def test_score_over_grpc_equals_ocop_score_json(client, path):
    cli = _cli(path)
    data = yaml.safe_load(path.read_text("utf-8"))
    if cli.returncode != 0:
        assert cli.returncode == 2, cli.stderr
        cli_fields = {line[4:].split(":", 1)[0] for line in cli.stderr.splitlines() if line.startswith("  - ")}
        with pytest.raises((OcopError, ValueError)) as err:
            client.score(data)
        if isinstance(err.value, OcopError):
            assert err.value.code in (
                grpc.StatusCode.INVALID_ARGUMENT,
                grpc.StatusCode.NOT_FOUND,
                grpc.StatusCode.FAILED_PRECONDITION,
            )
            if err.value.code == grpc.StatusCode.INVALID_ARGUMENT:
                assert cli_fields <= {v.field for v in err.value.violations}
        return
    expected = json.loads(cli.stdout)
    got = summary(client.score(data))
    for key in SUMMARY:
        assert got[key] == expected[key], key
    assert [(g["criterion"], g["star"], g["required_points"], g["points"]) for g in got["failed_gates"]] == [
        (g["criterion"], g["star"], g["required_points"], g["points"]) for g in expected["failed_gates"]
    ]
    assert [(k["criterion"], k["option"], k["kind"]) for k in got["knockouts"]] == [
        (k["criterion"], k["option"], k["kind"]) for k in expected.get("knockouts", [])
    ]
    assert [(x["criterion"], x["option"], x["points"], x["status"]) for x in got["breakdown"]] == [
        (x["criterion"], x["option"], x["points"], x["status"]) for x in expected["breakdown"]
    ]


def test_three_bad_fields_of_a_real_product_file_in_one_answer(client):
    data = yaml.safe_load((ROOT / "examples" / "2026-processed-food.yaml").read_text("utf-8"))
    if "local_labour_commune_pct" not in data.get("facts", {}) or "C6.1" not in data.get("judgements", {}):
        pytest.skip("the example changed")
    data["product"]["name"] = ""
    data["facts"]["local_labour_commune_pct"] = 170
    data["judgements"]["C6.1"] = 9
    with pytest.raises(OcopError) as err:
        client.score(data)
    assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert {v.field for v in err.value.violations} == {
        "product.name",
        "facts.local_labour_commune_pct",
        "judgements.C6.1.option",
    }
    assert all(v.description and v.message_vi for v in err.value.violations)
