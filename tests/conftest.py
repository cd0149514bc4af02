"""Fixtures the test modules share: an audit store on each backend, the scorer, a gRPC server and channel.

``store`` runs a test on each audit backend (SQLite, and PostgreSQL in a fresh schema, dropped after;
skipped with the reason when PostgreSQL is unreachable); ``scorer`` is the one scorer of the run over
every installed plugin plus the ``audittest`` sheets.

``server`` is one server per module on the ``grpctest`` plugin (``grpc_support.start``: no official
sheet needed, audit data in a temporary directory).  A module marked ``pytest.mark.audit_backends``
gets instead, once for each audit backend, a server on a fresh store of that backend (SQLite, and
PostgreSQL in a fresh schema, skipped with the reason when unreachable) with the test identities of
``grpc_audit_support``.  ``channel`` is a ready channel to the module's server.

Helpers (the test plugin, the product builder, error details, callers) live in the support modules
beside this file: ``grpc_support``, ``grpc_audit_support``, ``audit_support``, ``product_files``,
``sheet_builders``; ``tools/`` and ``bench/`` are importable through pytest's ``pythonpath``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from audit_support import drop_store, make_store, shared_scorer
from grpc_audit_support import serve
from grpc_support import start

from scoring_core.audit.store import AuditStore
from scoring_core.scoring.pipeline import Scorer
from scoring_core.service import RunningServer

BACKENDS = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "audit_backends: the module's server runs on a fresh audit store of each backend (SQLite, PostgreSQL)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "server" in metafunc.fixturenames and metafunc.definition.get_closest_marker("audit_backends"):
        metafunc.parametrize("server", BACKENDS, indirect=True, scope="module")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AuditStore]:
    """An empty audit store, on each backend."""
    opened = make_store(request.param, tmp_path)
    try:
        yield opened
    finally:
        drop_store(opened)


@pytest.fixture
def scorer() -> Scorer:
    """The scorer of the run (built once): every installed plugin plus ``audittest``."""
    return shared_scorer()


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The module's server: on ``grpctest``, or on the audit backend the module is parametrized with."""
    backend = getattr(request, "param", None)
    if backend is not None:
        yield from serve(backend, tmp_path_factory.mktemp(backend))
        return
    running = start()
    try:
        yield running
    finally:
        running.stop(grace=None)


@pytest.fixture(scope="module")
def channel(server: RunningServer) -> Iterator[grpc.Channel]:
    """A channel to the module's server, ready before the first call."""
    with grpc.insecure_channel(server.address) as ch:
        grpc.channel_ready_future(ch).result(timeout=10)
        yield ch
