"""Build, run and stop the gRPC server: health, reflection, signals, several processes."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, replace

import grpc
import structlog
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from scoring_core.api.ocop.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    contests_pb2,
    contests_pb2_grpc,
    councils_pb2,
    councils_pb2_grpc,
    criteria_pb2,
    criteria_pb2_grpc,
    scoring_pb2,
    scoring_pb2_grpc,
)
from scoring_core.app import Audit, Catalogue, Contests, Councils, Scoring
from scoring_core.audit.store import AuditStore
from scoring_core.errors import ConfigError
from scoring_core.scoring.pipeline import Scorer
from scoring_core.service.audit import AuditServicer
from scoring_core.service.audit_setup import AuditRuntime
from scoring_core.service.auth import AuthConfig, AuthInterceptor, load_auth
from scoring_core.service.config import ServerConfig
from scoring_core.service.contests import ContestServicer
from scoring_core.service.councils import CouncilServicer
from scoring_core.service.criteria import CriteriaServicer
from scoring_core.service.decoding import TolerantDecoding, request_descriptors
from scoring_core.service.interceptors import RequestContextInterceptor
from scoring_core.service.logs import configure
from scoring_core.service.scoring import ScoringServicer
from scoring_core.service.streams import StreamGuard, StreamLimits
from scoring_core.service.trail_gate import TrailGateInterceptor

log = structlog.get_logger("ocop.server")
CRITERIA = criteria_pb2.DESCRIPTOR.services_by_name["CriteriaService"].full_name
SCORING = scoring_pb2.DESCRIPTOR.services_by_name["ScoringService"].full_name
COUNCILS = councils_pb2.DESCRIPTOR.services_by_name["CouncilService"].full_name
CONTESTS = contests_pb2.DESCRIPTOR.services_by_name["ContestService"].full_name
AUDIT = audit_pb2.DESCRIPTOR.services_by_name["AuditService"].full_name
SERVICES = (CRITERIA, SCORING, COUNCILS, CONTESTS, AUDIT)
#: Services that exist to write: NOT_SERVING while the audit trail does not verify.
WRITERS = (COUNCILS, CONTESTS)
SERVING, NOT_SERVING = health_pb2.HealthCheckResponse.SERVING, health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass
class RunningServer:
    """A started server and what it serves on."""

    server: grpc.Server
    address: str
    port: int
    health: health.HealthServicer
    scorer: Scorer
    audit: AuditRuntime
    auth: AuthConfig

    @property
    def store(self) -> AuditStore:
        """The audit store this process writes to."""
        return self.audit.store

    def stop(self, grace: float | None = 10.0) -> None:
        """Graceful shutdown: health NOT_SERVING, stop with a grace period, final checkpoint, close the store."""
        self.health.enter_graceful_shutdown()
        self.server.stop(grace).wait()
        self.audit.close()


def _host_port(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ConfigError(f"address {address!r}: expected HOST:PORT")
    return host.strip("[]"), int(port)


def build_server(
    config: ServerConfig, scorer: Scorer | None = None, store: AuditStore | None = None, auth: AuthConfig | None = None
) -> RunningServer:
    """A started server with every service, health (per service) and reflection.

    ``store`` (default: opened from the config) and ``auth`` (default: from the config) are
    owned by the server from then on: ``stop()`` closes the store.
    """
    scorer = scorer or Scorer()
    auth = auth or load_auth(config.auth_file or None, config.auth)
    host = _host_port(config.address)[0]
    if auth.mode == "off" and host not in ("127.0.0.1", "localhost", "::1"):
        raise ConfigError(f"OCOP_AUTH=off lets anyone write: allowed only on a loopback address, not {config.address}")
    runtime = AuditRuntime.start(config, scorer, store)
    # Watch answers from its own thread: a watcher holds no thread of the pool.
    checker = health.HealthServicer(
        experimental_non_blocking=True,
        experimental_thread_pool=futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocop-health"),
    )

    def writers_down() -> None:
        for name in WRITERS:
            checker.set(name, NOT_SERVING)
        log.error("writers_not_serving", services=list(WRITERS), reason=str(runtime.broken))

    runtime.trail.guard.on_broken = lambda _exc: writers_down()  # a store changed while serving
    limits = StreamLimits(
        config.max_streams, config.max_streams_per_peer, config.stream_idle_timeout, config.max_stream_seconds
    )
    try:
        gate = TrailGateInterceptor(lambda: runtime.broken, writers_down)
        # ``workers`` threads for unary calls and ``max_streams`` more for the streams StreamGuard
        # admits: however many streams are held open, unary calls keep their threads.
        server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=config.workers + config.max_streams, thread_name_prefix="ocop-rpc"),
            interceptors=[
                RequestContextInterceptor(),
                AuthInterceptor(auth),
                gate,
                StreamGuard(limits),
                TolerantDecoding(request_descriptors(criteria_pb2, scoring_pb2, councils_pb2, contests_pb2, audit_pb2)),
            ],
            maximum_concurrent_rpcs=config.max_concurrent_rpcs,
            options=[("grpc.so_reuseport", 1 if config.processes > 1 else 0)],
        )
        catalogue = Catalogue(scorer.plugins)
        scoring = Scoring(scorer, runtime.store)  # Score(record=true) records into the store
        councils, contests = Councils(runtime.councils), Contests(runtime.contests)
        audit = Audit(runtime.contests, runtime.trail.guard)
        criteria_pb2_grpc.add_CriteriaServiceServicer_to_server(CriteriaServicer(catalogue), server)
        scoring_pb2_grpc.add_ScoringServiceServicer_to_server(ScoringServicer(scoring), server)
        councils_pb2_grpc.add_CouncilServiceServicer_to_server(CouncilServicer(councils), server)
        contests_pb2_grpc.add_ContestServiceServicer_to_server(ContestServicer(contests), server)
        audit_pb2_grpc.add_AuditServiceServicer_to_server(AuditServicer(audit), server)
        health_pb2_grpc.add_HealthServicer_to_server(checker, server)
        reflection.enable_server_reflection((*SERVICES, health.SERVICE_NAME, reflection.SERVICE_NAME), server)
        port = server.add_insecure_port(config.address)
        server.start()
    except BaseException:
        runtime.close()
        raise
    available = sum(1 for e in scorer.plugins.sheets() if e.available)
    checker.set("", SERVING)
    for name in (CRITERIA, COUNCILS, CONTESTS, AUDIT):
        checker.set(name, SERVING)
    checker.set(SCORING, SERVING if available else NOT_SERVING)
    if not available:
        log.warning("no_sheet_available", service=SCORING, health="NOT_SERVING")
    if runtime.broken is not None:
        writers_down()
    host, _ = _host_port(config.address)
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return RunningServer(
        server=server, address=address, port=port, health=checker, scorer=scorer, audit=runtime, auth=auth
    )


def _serve_until_signal(config: ServerConfig) -> int:
    """Serve in this process until SIGTERM or SIGINT, then shut down gracefully."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("shutdown_requested", signal=signal.Signals(signum).name, pid=os.getpid())
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    try:
        running = build_server(config)
    except Exception as exc:  # a port in use, an unreachable database...
        log.error("server_failed_to_start", address=config.address, error=str(exc))
        return 1
    # The plugins, sheets and compiled rulesets (some 100,000 objects) live as long as the process:
    # keep the cyclic collector off them, so a full collection triggered by the garbage of requests
    # walks only what requests left (a 60 ms pause becomes well under 1 ms).
    gc.collect()
    gc.freeze()
    log.info(
        "server_started",
        address=running.address,
        pid=os.getpid(),
        workers=config.workers,
        max_concurrent_rpcs=config.max_concurrent_rpcs,
        max_streams=config.max_streams,
        services=list(SERVICES),
        store=running.store.describe(),
        auth=running.auth.mode,
    )
    while not stop.wait(1.0):
        pass
    running.stop(config.grace)
    log.info("server_stopped", pid=os.getpid())
    return 0


@contextlib.contextmanager
def _reserved_port(host: str, port: int) -> Iterator[int]:
    """Hold HOST:PORT (port 0: a free one) with SO_REUSEPORT while the worker processes share it."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise ConfigError("--processes > 1 needs SO_REUSEPORT (Linux)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 0:
        raise ConfigError("cannot set SO_REUSEPORT")
    try:
        sock.bind((host or "0.0.0.0", port))
        yield sock.getsockname()[1]
    finally:
        sock.close()


def _serve_processes(config: ServerConfig) -> int:
    """Fork ``processes`` servers sharing one port; no gRPC object exists before the fork."""
    host, port = _host_port(config.address)
    with _reserved_port(host, port) as bound:
        child = replace(config, address=f"[{host}]:{bound}" if ":" in host else f"{host}:{bound}")
        context = multiprocessing.get_context("fork")
        workers = [
            context.Process(target=_child, args=(child,), name=f"ocop-server-{i}") for i in range(config.processes)
        ]
        for worker in workers:
            worker.start()
        log.info("processes_started", address=child.address, pids=[w.pid for w in workers])

        def forward(signum: int, _frame: object) -> None:
            for worker in workers:
                if worker.is_alive() and worker.pid:
                    os.kill(worker.pid, signal.SIGTERM)

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, forward)
        for worker in workers:
            worker.join()
    return max((w.exitcode or 0) for w in workers)


def _child(config: ServerConfig) -> None:
    sys.exit(_serve_until_signal(config))


def serve(config: ServerConfig) -> int:
    """Configure logs and serve until a signal; the exit status (1: the server could not start)."""
    configure(config.log_format, config.log_level)  # type: ignore[arg-type]
    try:
        if config.processes > 1:
            return _serve_processes(config)
        return _serve_until_signal(config)
    except ConfigError as exc:  # a bad address, no SO_REUSEPORT (in a worker: logged by _serve_until_signal)
        log.error("server_failed_to_start", address=config.address, error=str(exc))
        return 1
