"""Proof from outside: plugins installed with pip into a throw-away venv are found through entry points alone.

The example third-party plugin (``examples/third_party_plugin``: Ninh Bình's version 2 of sheet 2026/07)
is used by ``ocop`` and by the gRPC server with no core change, and leaves everything as it was once
uninstalled; the broken ones (``examples/broken_plugins``, among them an impostor whose entry points
carry built-in names) are refused by name while every built-in sheet stays available.  Installs come
from local folders only (``--no-index --no-deps``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

import pytest
import trail_env  # noqa: F401  (keys and witnesses in a temporary directory)
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
THIRD_PARTY = EXAMPLES / "third_party_plugin"
BROKEN = EXAMPLES / "broken_plugins"
PRODUCT = THIRD_PARTY / "products" / "2026-07-dua-say-tam-diep.yaml"
OFFICIAL_PRODUCT = EXAMPLES / "2026-processed-food.yaml"
NINH_BINH = "ocop-plugin-ninh-binh"
BROKEN_DISTS = ("ocop-plugin-broken-sums", "ocop-plugin-broken-import", "ocop-plugin-sheet-claim")
IMPOSTOR = "ocop-plugin-impostor"  # entry points named core and food
TIMEOUT = 120


class TempVenv:
    """A throw-away venv that sees this interpreter's packages (core, built-in plugins, pytest) through a bridge.

    ``python -m venv --system-site-packages`` run from a venv exposes the *base* interpreter's
    site-packages, not the venv's, so the core would be missing; a ``.pth`` file that calls
    ``site.addsitedir`` on this interpreter's site-packages makes it (and its editable installs)
    visible instead, while what pip installs into the new venv stays there alone.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=TIMEOUT)
        self.python = root / "bin" / "python"
        purelib = self.run(self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
        bridge = Path(purelib.stdout.strip()) / "_ocop_base_site.pth"
        bridge.write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n", "utf-8")
        self.ocop_script = root / "bin" / "ocop"  # the console script pip writes for the core
        self.ocop_script.write_text(
            f"#!{self.python}\nimport sys\nfrom scoring_core.cli.main import main\nsys.exit(main())\n", "utf-8"
        )
        self.ocop_script.chmod(0o755)
        self.scratch = root / "sources"
        self.scratch.mkdir()

    @property
    def env(self) -> dict[str, str]:
        """The environment of every command: no plugin filters from outside, pip offline and quiet."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OCOP_", "PYTHON", "PIP_"))}
        return env | {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONDONTWRITEBYTECODE": "1"}

    def run(self, *command: str | Path, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Run a command in the venv's environment; on failure show its output."""
        done = subprocess.run(
            [str(c) for c in command],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=cwd or self.root,
            timeout=TIMEOUT,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{command} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def ocop(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
        """The venv's ``ocop`` command."""
        return self.run(self.ocop_script, *args, check=check)

    def ocop_json(self, *args: str | Path) -> Any:
        """``ocop ... --format json``, parsed (log lines printed before the JSON are skipped, see below)."""
        lines = self.ocop(*args, "--format", "json").stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.rstrip() in ("{", "[", "{}", "[]"))
        return json.loads("\n".join(lines[start:]))

    def install(self, *folders: Path) -> None:
        """``pip install --no-deps`` copies of local distribution folders (their sources stay untouched)."""
        copies = []
        for folder in folders:
            copy = self.scratch / f"{folder.name}-{time.monotonic_ns()}"
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
            copies.append(copy)
        self.run(
            sys.executable,
            "-m",
            "pip",
            "--python",
            self.python,
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            *copies,
        )

    def uninstall(self, *distributions: str) -> None:
        """``pip uninstall -y`` distributions from the venv."""
        self.run(sys.executable, "-m", "pip", "--python", self.python, "uninstall", "-q", "-y", *distributions)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> TempVenv:
    """One throw-away venv for the module; each test uninstalls what it installed."""
    return TempVenv(tmp_path_factory.mktemp("venv"))


@pytest.fixture(scope="module")
def baseline(venv: TempVenv) -> dict[str, Any]:
    """What the venv lists before any example is installed."""
    return {"sheets": venv.ocop_json("sheets"), "plugins": venv.ocop_json("plugins")}


def _rows(sheets: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(s["sheet_id"], s["version"], s["plugin"], s["available"], s["content_hash"]) for s in sheets}


def _plugin(listing: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in listing["plugins"] if p["name"] == name)


RECORD = """
import json, sys, yaml
from scoring_core.scoring.replay import evaluation_record
from scoring_core.scoring.request import ScoreRequest
from scoring_core.scoring.pipeline import Scorer
scorer = Scorer()
request = ScoreRequest.parse(yaml.safe_load(open(sys.argv[1], encoding="utf-8")))
print(json.dumps(evaluation_record(request, scorer.score(request), scorer.policy)))
"""

REPLAY = """
import json, sys
from scoring_core.scoring.replay import rescore
from scoring_core.scoring.pipeline import Scorer
record = json.load(open(sys.argv[1], encoding="utf-8"))
scorer = Scorer()
old = scorer.plugins.sheet_by_hash(record["content_hash"])
again = rescore(scorer, record).model_dump(mode="json")
print(json.dumps({"plugin": old.plugin, "version": old.version, "available": old.available,
                  "same": {k: again[k] == record["result"][k] for k in record["result"]}}))
"""


def test_the_bridge_venv_sees_the_core_and_every_built_in_plugin(venv, baseline):
    names = {p["name"] for p in baseline["plugins"]["plugins"] if p["loaded"] and not p["error"]}
    assert {"core", "food", "beverage", "herbal", "textile", "souvenir", "rural_tourism", "ornamental"} <= names
    assert baseline["plugins"]["refusals"] == []
    assert len(baseline["sheets"]) >= 78 and all(s["plugin"] != "ninh_binh" for s in baseline["sheets"])


def test_third_party_plugin_is_found_used_and_uninstalled_cleanly(venv, baseline, tmp_path):
    before = venv.ocop_json("score", PRODUCT)
    assert (before["plugin"], before["sheet_version"]) == ("food", 1)
    record = tmp_path / "record.json"
    record.write_text(venv.run(venv.python, "-c", RECORD, PRODUCT).stdout, "utf-8")

    venv.install(THIRD_PARTY)
    try:
        listing = venv.ocop_json("plugins")
        mine = _plugin(listing, "ninh_binh")
        assert (mine["distribution"], mine["version"], mine["loaded"], mine["error"]) == (
            NINH_BINH,
            "1.0.0",
            True,
            None,
        )
        [sheet] = mine["sheets"]
        assert (sheet["sheet_id"], sheet["version"], sheet["available"]) == ("2026/07", 2, True)
        assert sheet["content_hash"] != before["content_hash"]  # an amendment gets a new content hash
        assert listing["refusals"] == []

        sheets = venv.ocop_json("sheets")
        assert _rows(sheets) == _rows(baseline["sheets"]) | {("2026/07", 2, "ninh_binh", True, sheet["content_hash"])}

        after = venv.ocop_json("score", PRODUCT)
        assert (after["plugin"], after["plugin_version"], after["sheet_version"]) == ("ninh_binh", "1.0.0", 2)
        assert after["content_hash"] == sheet["content_hash"]
        same = ("total", "parts", "band_star", "final_star", "recognised", "eliminated")
        assert {k: after[k] for k in same} == {k: before[k] for k in same}  # version 2 adds notes and a rule

        copied = yaml.safe_load(PRODUCT.read_text("utf-8"))
        copied["facts"]["ninh_binh_duplicate_finding"] = True
        copy = tmp_path / "copied.yaml"
        copy.write_text(yaml.safe_dump(copied, allow_unicode=True), "utf-8")
        eliminated = venv.ocop_json("score", copy)
        assert eliminated["eliminated"] and eliminated["final_star"] is None
        assert [(k["criterion"], k["kind"]) for k in eliminated["knockouts"]] == [("A2.1", "eliminate")]

        replay = json.loads(venv.run(venv.python, "-c", REPLAY, record).stdout)
        assert (replay["plugin"], replay["version"], replay["available"]) == ("food", 1, True)
        assert all(replay["same"].values()), replay["same"]  # the earlier decision replays on version 1

        own_tests = venv.run(
            venv.python, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", THIRD_PARTY / "tests", check=False
        )
        assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr
    finally:
        venv.uninstall(NINH_BINH)

    assert venv.ocop_json("sheets") == baseline["sheets"]
    assert venv.ocop_json("plugins") == baseline["plugins"]
    assert venv.ocop_json("score", PRODUCT)["content_hash"] == before["content_hash"]


def test_broken_plugins_are_refused_by_name_and_every_other_plugin_keeps_working(venv, baseline):
    venv.install(*(BROKEN / name for name in ("sums", "import_error", "sheet_claim")))
    try:
        listing = venv.ocop_json("plugins")
        failed = _plugin(listing, "broken_import")
        assert (failed["distribution"], failed["loaded"]) == ("ocop-plugin-broken-import", False)
        assert "broken_import" in failed["error"] and "ModuleNotFoundError" in failed["error"]

        claims = [r for r in listing["refusals"] if "'a_claim'" in r]
        assert len(claims) == 1 and "2026/07" in claims[0] and "'food'" in claims[0], listing["refusals"]
        assert _plugin(listing, "a_claim")["sheets"] == []

        sums = _plugin(listing, "broken_sums")
        assert [(s["sheet_id"], s["available"]) for s in sums["sheets"]] == [("2026/91", False)]
        sheets = venv.ocop_json("sheets")
        [bad] = [s for s in sheets if s["plugin"] == "broken_sums"]
        assert "part A: criteria maxima add up to 38, not 40" in bad["reason"]

        assert _rows(sheets) - {("2026/91", 1, "broken_sums", False, bad["content_hash"])} == _rows(baseline["sheets"])
        for name in ("core", "food", "beverage", "herbal", "textile", "souvenir", "rural_tourism", "ornamental"):
            assert _plugin(listing, name) == _plugin(baseline["plugins"], name), name
        scored = venv.ocop_json("score", OFFICIAL_PRODUCT)
        assert (scored["plugin"], scored["sheet"], scored["final_star"]) == ("food", "2026/07", 4)
    finally:
        venv.uninstall(*BROKEN_DISTS)
    assert venv.ocop_json("plugins") == baseline["plugins"]


def test_an_impostor_of_built_in_names_is_refused_by_name_and_the_built_ins_keep_working(venv, baseline):
    venv.install(BROKEN / "impostor")
    try:
        listing = venv.ocop_json("plugins")
        sheets = venv.ocop_json("sheets")
        scored = venv.ocop_json("score", OFFICIAL_PRODUCT)
    finally:
        venv.uninstall(IMPOSTOR)

    assert sheets == baseline["sheets"]  # every sheet, available or not, exactly as before
    assert listing["refusals"] == []
    for name, real in (("core", "ocop-scoring"), ("food", "ocop-plugin-food")):
        held, refused = (p for p in listing["plugins"] if p["name"] == name)
        assert held == _plugin(baseline["plugins"], name) and held["builtin"], name
        assert (refused["distribution"], refused["loaded"], refused["builtin"], refused["sheets"]) == (
            IMPOSTOR,
            False,
            False,
            [],
        )
        assert IMPOSTOR in refused["error"] and real in refused["error"], refused["error"]
    assert (scored["plugin"], scored["sheet"], scored["final_star"]) == ("food", "2026/07", 4)
    assert scored["content_hash"] == next(s for s in sheets if s["sheet_id"] == "2026/07")["content_hash"]
    assert venv.ocop_json("plugins") == baseline["plugins"]


def test_json_output_stays_clean_when_a_plugin_is_refused(venv):
    venv.install(BROKEN / "import_error")
    try:
        out = venv.ocop("plugins", "--format", "json").stdout
    finally:
        venv.uninstall("ocop-plugin-broken-import")
    json.loads(out)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_server_started_from_the_venv_scores_on_the_third_party_sheet(venv, tmp_path):
    from scoring_core.client import OcopClient, OcopError, summary

    venv.install(THIRD_PARTY)
    address = f"127.0.0.1:{_free_port()}"
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(venv.python), str(ROOT / "server.py"), "--address", address, "--log-format", "json"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=venv.env,
        cwd=venv.root,
    )
    try:
        with OcopClient(address, timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.health() == "SERVING":
                        break
                except OcopError:
                    pass
                assert server.poll() is None, (tmp_path / "server.log").read_text("utf-8")
                assert time.monotonic() < deadline, "the server did not become healthy within 60 s"
                time.sleep(0.2)
            evaluation = client.score_file(PRODUCT)
            assert (evaluation.plugin, evaluation.sheet_version) == ("ninh_binh", 2)
            assert summary(evaluation)["final_star"] == 3
            sheet = client.sheet("2026/07")
            assert (sheet.plugin, sheet.version) == ("ninh_binh", 2)
            assert any(s.plugin == "food" for s in client.sheets(regime="2026"))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        venv.uninstall(NINH_BINH)
