"""gRPC test support: a self-contained test plugin, a real server on a free port, error details.

The fixtures built on it (``server``, ``channel``) are in ``tests/conftest.py``.  The plugin ``grpctest``
ships its own facts and sheets, so these tests do not depend on the official sheet data: 2026/98 (valid,
with fact rules), 2026/97 (does not add up: unavailable) and 2026/96 (valid, but its plugin rule cannot
run: a plugin failure at scoring time).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import time
from datetime import date
from typing import Any

import grpc
import trail_env  # noqa: F401  (keys and witnesses in a temporary directory)
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sheet_builders import feature_sheet

from scoring_core.audit.store import AuditStore
from scoring_core.plugins.hookspecs import hookimpl
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.conditions import fact
from scoring_core.rules.engine import RulesEngine
from scoring_core.rules.fact_rules import FactRule
from scoring_core.rules.facts import FactSpec
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.service import RunningServer, ServerConfig, build_server
from scoring_core.service.auth import AuthConfig
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.sources import SheetSource

ENGINE = RulesEngine()  # one durable_rules host per process, shared by every test scorer


def sheet_data(number: int, part_a_max: int = 40) -> dict[str, Any]:
    """A small 2026 sheet with every feature: knock-outs, two cases, story-only, star gates."""
    return feature_sheet("2026", number, sector="grpctest", part_a_max=part_a_max)


class GrpcTestPlugin:
    """Facts, three sheets and Python fact rules, registered like any plugin."""

    @hookimpl
    def ocop_facts(self) -> list[FactSpec]:
        return [
            FactSpec(
                name="grpctest_labour_pct",
                type="number",
                unit="%",
                minimum=0,
                maximum=100,
                meaning_vi="Tỷ lệ lao động địa phương",
                meaning_en="share of local labour",
            ),
            FactSpec(
                name="grpctest_certified", type="boolean", meaning_vi="Có chứng nhận", meaning_en="holds a certificate"
            ),
            FactSpec(
                name="grpctest_region", type="enum", values=["north", "south"], meaning_vi="Vùng", meaning_en="region"
            ),
        ]

    @hookimpl
    def ocop_sheets(self) -> list[SheetSource]:
        return [SheetSource(origin=f"grpctest:{n}", data=sheet_data(n, a)) for n, a in ((98, 40), (97, 39), (96, 40))]

    @hookimpl
    def ocop_rules(self, sheet: Sheet) -> list[FactRule]:
        def rule(criterion: str, option: int, when: Any) -> FactRule:
            return FactRule(
                name=f"{criterion}#0/{option}", criterion=criterion, option=option, when=when, origin="plugin:grpctest"
            )

        labour = "grpctest_labour_pct"
        rules = [
            rule("A1.1", 3, fact(labour, "gte", 75)),
            rule("A1.1", 2, fact(labour, "lt", 75)),
            rule("C6.1", 2, fact("grpctest_certified", "eq", True)),
            rule("C6.1", 1, fact("grpctest_certified", "eq", False)),
        ]
        if sheet.sheet_id == "2026/96":  # a constant durable_rules cannot represent: fails when scoring
            rules.append(rule("C6.2", 2, fact(labour, "gt", 1e300)))
        return rules


class TestScorer(Scorer):
    """A Scorer that sleeps for products named ``slow-<seconds>`` and counts its calls."""

    __test__ = False

    def __init__(self, plugins: OcopPlugins) -> None:
        super().__init__(plugins, ENGINE)
        self.calls = 0
        self.lock = threading.Lock()

    def score(self, request: ScoreRequest, today: date | None = None) -> Evaluation:
        with self.lock:
            self.calls += 1
        if request.product.id.startswith("slow-"):
            time.sleep(float(request.product.id.removeprefix("slow-")))
        return super().score(request, today)


def test_scorer() -> TestScorer:
    """A scorer over the core-free test plugin only."""
    return TestScorer(OcopPlugins(allow=set(), block={"core"}, extra={"grpctest": GrpcTestPlugin()}))


test_scorer.__test__ = False  # type: ignore[attr-defined]


def start(
    scorer: Scorer | None = None, store: AuditStore | None = None, auth: AuthConfig | None = None, **settings: Any
) -> RunningServer:
    """A real server on a free port of 127.0.0.1, its audit data in a fresh temporary directory."""
    if "data_dir" not in settings:
        settings["data_dir"] = tempfile.mkdtemp(prefix="ocop-grpc-")
        atexit.register(shutil.rmtree, settings["data_dir"], True)
    settings.setdefault("checkpoint_interval", 0)
    return build_server(ServerConfig(address="127.0.0.1:0", **settings), scorer or test_scorer(), store, auth)


def details(error: grpc.RpcError) -> dict[str, Any]:
    """The rich error details of a failed call, by type name (BadRequest, LocalizedMessage...)."""
    status = rpc_status.from_call(error)
    assert status is not None, "no google.rpc.Status in the trailers"
    out: dict[str, Any] = {}
    for item in status.details:
        for kind in (
            error_details_pb2.BadRequest,
            error_details_pb2.LocalizedMessage,
            error_details_pb2.ResourceInfo,
            error_details_pb2.PreconditionFailure,
            error_details_pb2.ErrorInfo,
            error_details_pb2.RequestInfo,
        ):
            if item.Is(kind.DESCRIPTOR):
                msg = kind()
                item.Unpack(msg)
                out[kind.DESCRIPTOR.name] = msg
    return out


def violated_fields(error: grpc.RpcError) -> list[str]:
    """The field paths of a BadRequest."""
    return [v.field for v in details(error)["BadRequest"].field_violations]
