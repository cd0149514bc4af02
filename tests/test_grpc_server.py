"""The server as a whole: health, reflection, one log line per RPC, server.py with signals and processes."""

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import grpc
import pytest
import structlog
import yaml
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from grpc_support import TestScorer, start
from product_files import product

from scoring_core.api.ocop.v1 import criteria_pb2, criteria_pb2_grpc, scoring_pb2_grpc
from scoring_core.client import to_request
from scoring_core.errors import ConfigError
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.service.config import ServerConfig, from_args, parse_args

ROOT = Path(__file__).resolve().parent.parent
Status = health_pb2.HealthCheckResponse


def test_health_per_service(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", "ocop.v1.CriteriaService", "ocop.v1.ScoringService"):
        assert health.Check(health_pb2.HealthCheckRequest(service=service)).status == Status.SERVING, service
    with pytest.raises(grpc.RpcError) as err:
        health.Check(health_pb2.HealthCheckRequest(service="ocop.v1.Nope"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_scoring_not_serving_without_any_available_sheet():
    running = start(TestScorer(OcopPlugins(allow=set(), block={"core"})))
    try:
        with grpc.insecure_channel(running.address) as ch:
            health = health_pb2_grpc.HealthStub(ch)
            check = lambda service: health.Check(health_pb2.HealthCheckRequest(service=service)).status  # noqa: E731
            assert (check(""), check("ocop.v1.CriteriaService"), check("ocop.v1.ScoringService")) == (
                Status.SERVING,
                Status.SERVING,
                Status.NOT_SERVING,
            )
    finally:
        running.stop(grace=None)


def test_reflection_lists_and_calls_without_the_protos(channel):
    database = ProtoReflectionDescriptorDatabase(channel)
    services = set(database.get_services())
    assert {"ocop.v1.CriteriaService", "ocop.v1.ScoringService", "grpc.health.v1.Health"} <= services
    pool = descriptor_pool.DescriptorPool(database)
    method = pool.FindServiceByName("ocop.v1.ScoringService").FindMethodByName("Score")
    request_class = message_factory.GetMessageClass(method.input_type)
    response_class = message_factory.GetMessageClass(method.output_type)
    request = json_format.ParseDict(
        {  # what a generic client (grpcurl -d) sends: proto JSON
            "product": {"id": "P-1", "name": "Trà thử"},
            "sheet": "regimes/2026/sheets/98",
            "evaluated_on": "2026-08-01",
            "facts": {"grpctest_labour_pct": 80, "grpctest_certified": True},
            "judgements": {
                "A1.2": {"case": 1, "option": 2},
                "B5.1": {"option": 2},
                "B5.2": {"option": 2},
                "C6.2": {"option": 2},
            },
        },
        request_class(),
    )
    score = channel.unary_unary(
        "/ocop.v1.ScoringService/Score",
        request_serializer=request_class.SerializeToString,
        response_deserializer=response_class.FromString,
    )
    result = json_format.MessageToDict(score(request), preserving_proto_field_name=True)
    assert (result["total"], result["final_star"], result["sheet_name"]) == ("100", 5, "regimes/2026/sheets/98")


def test_one_log_line_per_rpc_with_context_bound_per_call(channel):
    events: list[dict] = []

    def capture(_logger, _name, event):
        events.append(dict(event))
        raise structlog.DropEvent

    saved = structlog.get_config()
    structlog.configure(processors=[structlog.contextvars.merge_contextvars, capture])
    try:
        stub = scoring_pb2_grpc.ScoringServiceStub(channel)
        stub.Score(to_request(product()), metadata=(("x-request-id", "log-1"),))
        with pytest.raises(grpc.RpcError):
            stub.Score(to_request(product(sheet="2026/42")), metadata=(("x-request-id", "log-2"),))
        criteria_pb2_grpc.CriteriaServiceStub(channel).ListFacts(
            criteria_pb2.ListFactsRequest(), metadata=(("x-request-id", "log-3"),)
        )
    finally:
        structlog.configure(**saved)
    lines = {e["request_id"]: e for e in events if e["event"] == "rpc"}
    assert len([e for e in events if e["event"] == "rpc"]) == 3
    ok = lines["log-1"]
    assert (ok["method"], ok["code"], ok["regime"], ok["sheet"]) == (
        "/ocop.v1.ScoringService/Score",
        "OK",
        "2026",
        "2026/98",
    )
    assert ok["peer"].startswith("ipv4:127.0.0.1:") and ok["duration_ms"] > 0
    assert (lines["log-2"]["code"], lines["log-2"]["sheet"]) == ("NOT_FOUND", "2026/42")
    assert "regime" not in lines["log-3"] and "sheet" not in lines["log-3"], "context leaked between calls"


def test_config_flags_env_and_defaults():
    assert parse_args([]) == ServerConfig() and ServerConfig().address == "127.0.0.1:50051"
    import argparse

    from scoring_core.service.config import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    env = {"OCOP_ADDRESS": "0.0.0.0:6000", "OCOP_WORKERS": "3", "OCOP_LOG_FORMAT": "console"}
    config = from_args(parser.parse_args(["--workers", "5", "--max-concurrent-rpcs", "9"]), env)
    assert (config.address, config.workers, config.max_concurrent_rpcs, config.log_format) == (
        "0.0.0.0:6000",
        5,
        9,
        "console",
    )
    with pytest.raises(ConfigError):
        from_args(parser.parse_args([]), {"OCOP_PROCESSES": "0"})


class _Server:
    """``python server.py`` in a subprocess, its JSON log lines read on a thread."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.data = tempfile.TemporaryDirectory(prefix="ocop-server-")  # the audit store and signing key
        self.proc = subprocess.Popen(
            [sys.executable, "server.py", "--log-format", "json", *args],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "OCOP_DATA_DIR": self.data.name, **(env or {})},
        )
        self.lines: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(json.loads(line))  # every line is JSON

    def wait_for(self, event: str, timeout: float = 30) -> dict:
        while True:
            item = self.lines.get(timeout=timeout)
            self.seen.append(item)
            if item["event"] == event:
                return item

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


def test_server_py_serves_and_shuts_down_gracefully_on_sigterm():
    srv = _Server("--address", "127.0.0.1:0", env={"OCOP_WORKERS": "3"})
    try:
        started = srv.wait_for("server_started")
        assert started["workers"] == 3
        with grpc.insecure_channel(started["address"]) as ch:
            health = health_pb2_grpc.HealthStub(ch)
            assert health.Check(health_pb2.HealthCheckRequest(), timeout=10).status == Status.SERVING
            assert "ocop.v1.ScoringService" in ProtoReflectionDescriptorDatabase(ch).get_services()
            criteria_pb2_grpc.CriteriaServiceStub(ch).ListRegimes(
                criteria_pb2.ListRegimesRequest(), metadata=(("x-request-id", "sub-1"),)
            )
            line = srv.wait_for("rpc")
            while line.get("request_id") != "sub-1":
                line = srv.wait_for("rpc")
            assert line["code"] == "OK" and line["method"] == "/ocop.v1.CriteriaService/ListRegimes"
            assert {"peer", "duration_ms", "timestamp", "level"} <= set(line)
    finally:
        code = srv.stop()
    assert code == 0
    assert srv.wait_for("shutdown_requested")["signal"] == "SIGTERM"
    srv.wait_for("server_stopped")


@pytest.mark.skipif(not hasattr(__import__("socket"), "SO_REUSEPORT"), reason="needs SO_REUSEPORT")
def test_several_processes_share_one_port():
    srv = _Server("--processes", "2", env={"OCOP_ADDRESS": "127.0.0.1:0"})
    try:
        address = srv.wait_for("processes_started")["address"]
        pids = {srv.wait_for("server_started")["pid"], srv.wait_for("server_started")["pid"]}
        assert len(pids) == 2
        with grpc.insecure_channel(address) as ch:
            assert health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=10).status == 1
    finally:
        code = srv.stop()
    assert code == 0
    stopped = {srv.wait_for("server_stopped")["pid"], srv.wait_for("server_stopped")["pid"]}
    assert stopped == pids


def test_example_client_script(server, tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(yaml.safe_dump(product(), allow_unicode=True), "utf-8")
    bad.write_text(yaml.safe_dump(product(sheet="2026/97"), allow_unicode=True), "utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "examples/grpc_client.py",
            "--address",
            server.address,
            "--what-if",
            "grpctest_labour_pct=60",
            str(good),
            str(bad),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1, run.stderr
    assert "health: SERVING" in run.stdout and "total 100" in run.stdout and "5★" in run.stdout
    assert "(-10)" in run.stdout and "FAILED_PRECONDITION" in run.stdout
