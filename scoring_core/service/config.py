"""Server settings from flags, then environment variables (OCOP_*), then defaults."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from scoring_core.errors import ConfigError

DEFAULT_ADDRESS = "127.0.0.1:50051"


@dataclass(frozen=True)
class ServerConfig:
    """How the gRPC server runs."""

    address: str = DEFAULT_ADDRESS
    workers: int = 8
    max_concurrent_rpcs: int = 64
    max_streams: int = 32
    max_streams_per_peer: int = 16
    stream_idle_timeout: float = 60.0
    max_stream_seconds: float = 3600.0
    processes: int = 1
    log_format: str = "auto"
    log_level: str = "info"
    grace: float = 10.0
    data_dir: str = "var"
    database_url: str = ""
    checkpoint_interval: float = 300.0
    checkpoint_every: int = 1
    signing_key: str = ""
    witness: str = ""
    allow_key_in_data_dir: bool = False
    verify_at_start: str = "tail"
    auth_file: str = ""
    auth: str = "on"
    council_min_members: int = 5


#: flag -> (field, environment variable, type, help)
_OPTIONS: dict[str, tuple[str, str, type, str]] = {
    "--address": ("address", "OCOP_ADDRESS", str, "HOST:PORT to listen on (port 0: any free port)"),
    "--workers": ("workers", "OCOP_WORKERS", int, "worker threads per process"),
    "--max-concurrent-rpcs": (
        "max_concurrent_rpcs",
        "OCOP_MAX_CONCURRENT_RPCS",
        int,
        "RPCs served at once per process; beyond, RESOURCE_EXHAUSTED",
    ),
    "--max-streams": (
        "max_streams",
        "OCOP_MAX_STREAMS",
        int,
        "streams (BatchScore...) open at once per process, on threads of their own; beyond, RESOURCE_EXHAUSTED",
    ),
    "--max-streams-per-peer": (
        "max_streams_per_peer",
        "OCOP_MAX_STREAMS_PER_PEER",
        int,
        "streams open at once from one client address",
    ),
    "--stream-idle-timeout": (
        "stream_idle_timeout",
        "OCOP_STREAM_IDLE_TIMEOUT",
        float,
        "seconds a stream may send nothing before it is closed (DEADLINE_EXCEEDED)",
    ),
    "--max-stream-seconds": (
        "max_stream_seconds",
        "OCOP_MAX_STREAM_SECONDS",
        float,
        "seconds a stream may stay open",
    ),
    "--processes": ("processes", "OCOP_PROCESSES", int, "server processes sharing the port (SO_REUSEPORT, Linux)"),
    "--log-format": ("log_format", "OCOP_LOG_FORMAT", str, "json, console, or auto (console on a terminal)"),
    "--log-level": ("log_level", "OCOP_LOG_LEVEL", str, "debug, info, warning or error"),
    "--grace": ("grace", "OCOP_GRACE_SECONDS", float, "seconds in-flight RPCs get to finish on shutdown"),
    "--data-dir": (
        "data_dir",
        "OCOP_DATA_DIR",
        str,
        "directory of the SQLite audit store (audit.sqlite3) and the signing key",
    ),
    "--database-url": (
        "database_url",
        "OCOP_DATABASE_URL",
        str,
        "PostgreSQL URL of the audit store (instead of SQLite); schema from OCOP_DATABASE_SCHEMA",
    ),
    "--checkpoint-interval": (
        "checkpoint_interval",
        "OCOP_CHECKPOINT_INTERVAL",
        float,
        "seconds between signed checkpoints of the audit head kept in the store (0: only at shutdown)",
    ),
    "--checkpoint-every": (
        "checkpoint_every",
        "OCOP_CHECKPOINT_EVERY",
        int,
        "sign a checkpoint into the witness every N events (1: after every group commit; every commit is "
        "witnessed either way)",
    ),
    "--signing-key": (
        "signing_key",
        "OCOP_SIGNING_KEY",
        str,
        "Ed25519 PEM key that signs checkpoints (generated if absent; default $XDG_CONFIG_HOME/ocop/signing_key.pem)",
    ),
    "--witness": (
        "witness",
        "OCOP_WITNESS",
        str,
        "directory (or .jsonl file) outside the store where every commit is witnessed "
        "(default $XDG_STATE_HOME/ocop/witness)",
    ),
    "--allow-key-in-data-dir": (
        "allow_key_in_data_dir",
        "OCOP_ALLOW_KEY_IN_DATA_DIR",
        bool,
        "start although the signing key or the witness is inside the data directory",
    ),
    "--verify-at-start": (
        "verify_at_start",
        "OCOP_VERIFY_AT_START",
        str,
        "tail: verify from the last witnessed head; full: the whole chain",
    ),
    "--auth-file": ("auth_file", "OCOP_AUTH_FILE", str, "YAML/JSON file of bearer tokens and roles"),
    "--auth": ("auth", "OCOP_AUTH", str, "on, or off for local development (every caller may write)"),
    "--council-min-members": (
        "council_min_members",
        "OCOP_COUNCIL_MIN_MEMBERS",
        int,
        "fewest distinct people a council session seats (one person, one seat)",
    ),
}


def _truth(value: str) -> bool:
    """An environment switch: 1/true/yes/on or 0/false/no/off."""
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the server flags to ``parser`` (``server.py`` and ``ocop serve`` share them)."""
    defaults = ServerConfig()
    for flag, (name, env, kind, text) in _OPTIONS.items():
        if kind is bool:
            parser.add_argument(flag, dest=name, action="store_true", default=None, help=f"{text} (env {env}=1)")
            continue
        choices = {
            "log_format": ["auto", "json", "console"],
            "auth": ["on", "off"],
            "verify_at_start": ["tail", "full"],
        }
        extra: dict[str, Any] = {"choices": choices[name]} if name in choices else {}
        parser.add_argument(
            flag,
            dest=name,
            type=kind,
            default=None,
            metavar=name.upper(),
            **extra,
            help=f"{text} (env {env}, default {getattr(defaults, name) or 'none'})",
        )


def from_args(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> ServerConfig:
    """The settings: a flag wins over its environment variable, which wins over the default."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    known = {f.name for f in fields(ServerConfig)}
    for flag, (name, var, kind, _) in _OPTIONS.items():
        given = getattr(args, name, None)
        if given is None and env.get(var):
            try:
                given = _truth(env[var]) if kind is bool else kind(env[var])
            except ValueError:
                raise ConfigError(f"{var}={env[var]!r}: expected {kind.__name__} (as for {flag})") from None
        if given is not None and name in known:
            values[name] = given
    config = ServerConfig(**values)
    problems = [
        f"{n} must be at least 1"
        for n in ("workers", "max_concurrent_rpcs", "processes", "max_streams", "max_streams_per_peer")
        if getattr(config, n) < 1
    ]
    if config.stream_idle_timeout <= 0 or config.max_stream_seconds <= 0:
        problems.append("stream idle timeout and max stream seconds must be positive")
    if config.council_min_members < 2:
        problems.append("council min members must be at least 2 (a lone chair can never recognise)")
    if config.checkpoint_interval < 0:
        problems.append("checkpoint interval must not be negative")
    if config.checkpoint_every < 1:
        problems.append("checkpoint-every must be at least 1")
    if config.verify_at_start not in ("tail", "full"):
        problems.append("verify-at-start must be tail or full")
    if config.auth not in ("on", "off"):
        problems.append("auth must be on or off")
    if config.log_format not in ("auto", "json", "console"):
        problems.append("log format must be auto, json or console")
    if problems:
        raise ConfigError("; ".join(problems))
    return config


def parse_args(argv: list[str] | None = None) -> ServerConfig:
    """Parse ``server.py`` flags."""
    parser = argparse.ArgumentParser(prog="server.py", description="The OCOP scoring gRPC server (ocop.v1).")
    add_arguments(parser)
    return from_args(parser.parse_args(argv))
