"""Optional dependencies: the server runs without psycopg and grpcio-tools; PostgreSQL without its extra says so.

``psycopg`` (extra ``postgres``) and ``grpcio-tools`` (extra ``codegen``) are absent from a plain install.
Each run below starts a fresh interpreter in which importing them fails exactly as when they are not
installed, so what the server and ``ocop`` import at start is what a plain install has.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from scoring_core.client import OcopClient, OcopError

OPTIONAL = ("psycopg", "psycopg_pool", "psycopg_binary", "psycopg_c", "grpc_tools")

# Runs ``ocop ARGS`` with the optional packages made unimportable; at exit, prints which of them got loaded.
WITHOUT_EXTRAS = f"""
import atexit, importlib.abc, json, sys
OPTIONAL = {OPTIONAL!r}
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in OPTIONAL:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Absent())
atexit.register(lambda: print("LOADED " + json.dumps(sorted(m for m in sys.modules if m in OPTIONAL)), flush=True))
from scoring_core.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    return env | {"OCOP_DATA_DIR": str(tmp_path / "data"), "OCOP_AUTH": "off"} | extra


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _loaded(output: str) -> list[str]:
    line = next(x for x in output.splitlines() if x.startswith("LOADED "))
    return list(json.loads(line.removeprefix("LOADED ")))


def test_the_server_starts_and_serves_without_psycopg_or_grpcio_tools(tmp_path):
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [sys.executable, "-c", WITHOUT_EXTRAS, "serve", "--address", address, "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(tmp_path),
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
                assert server.poll() is None, server.communicate()[0]
                assert time.monotonic() < deadline, "the server did not become healthy within 60 s"
                time.sleep(0.2)
            assert any(s.plugin == "food" for s in client.sheets(regime="2026"))
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert server.returncode == 0, output
    started = next(json.loads(x) for x in output.splitlines() if '"server_started"' in x)
    assert started["store"] == f"sqlite:{tmp_path / 'data' / 'audit.sqlite3'}"  # the audit trail is in SQLite
    assert _loaded(output) == []


def test_postgresql_without_its_extra_is_refused_naming_the_extra(tmp_path):
    url = "postgresql://nobody@127.0.0.1:1/none"
    served = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRAS, "serve", "--address", "127.0.0.1:0", "--log-format", "json"],
        capture_output=True,
        text=True,
        env=_env(tmp_path, OCOP_DATABASE_URL=url),
        timeout=60,
    )
    assert served.returncode == 1, served.stdout + served.stderr
    assert "server_failed_to_start" in served.stdout + served.stderr
    assert "pip install 'ocop-scoring[postgres]'" in served.stdout + served.stderr

    verified = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRAS, "audit", "verify", "--database-url", url],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert verified.returncode == 3, verified.stdout + verified.stderr
    assert "ocop-scoring[postgres]" in verified.stderr and "phần bổ sung 'postgres'" in verified.stderr
    assert _loaded(verified.stdout) == []
