"""``ocop serve``: run the gRPC server (ocop.v1) with the settings of flags, then OCOP_* variables."""

from __future__ import annotations

import argparse

from rich.console import Console

from scoring_core.cli.common import Subparsers
from scoring_core.service.config import add_arguments, from_args


def cmd_serve(args: argparse.Namespace, console: Console) -> int:
    """Serve until a signal; a bad setting raises ConfigError (exit 1), the server's own failures exit 1."""
    from scoring_core.service.server import serve  # grpc and the servicers: only when serving

    return serve(from_args(args))


def add_parsers(sub: Subparsers) -> None:
    """Register ``ocop serve`` with the server's own options."""
    p = sub.add_parser("serve", help="run the gRPC server (ocop.v1)")
    add_arguments(p)
    p.set_defaults(run=cmd_serve)
