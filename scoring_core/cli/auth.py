"""``ocop auth token``: a new bearer token, and the entry that names its holder in the authorization file."""

from __future__ import annotations

import argparse
import hashlib
import secrets
from typing import Any

import yaml
from rich.console import Console

from scoring_core.cli.common import Subparsers
from scoring_core.errors import FieldViolation, InvalidRequest
from scoring_core.service.auth import LEVELS, ROLES


def cmd_token(args: argparse.Namespace, console: Console) -> int:
    """Print the token once (it is not stored) and its ``identities`` entry for OCOP_AUTH_FILE."""
    if args.level and "overseer" not in args.role:
        raise InvalidRequest(
            [
                FieldViolation(
                    "--level",
                    "levels bound an overseer only: add --role overseer",
                    "Chỉ người giám sát cấp trên (overseer) mới có cấp: thêm --role overseer",
                )
            ]
        )
    token = secrets.token_urlsafe(32)
    entry: dict[str, Any] = {
        "name": args.name,
        "roles": args.role,
        "token_sha256": hashlib.sha256(token.encode()).hexdigest(),
    }
    if args.product:
        entry["products"] = args.product
    if args.level:
        entry["levels"] = args.level
    print(f"# token for {args.name} (give it to them; it is not stored): {token}")
    print(yaml.safe_dump({"identities": [entry]}, allow_unicode=True, sort_keys=False), end="")
    return 0


def add_parsers(sub: Subparsers) -> None:
    """Register ``ocop auth token``."""
    auth = sub.add_parser("auth", help="authorization file helpers").add_subparsers(dest="auth_command", required=True)
    p = auth.add_parser("token", help="a new random bearer token and its entry for OCOP_AUTH_FILE")
    p.add_argument("name")
    p.add_argument("--role", action="append", required=True, choices=sorted(ROLES))
    p.add_argument("--product", action="append", metavar="PATTERN", help="products a producer may contest")
    p.add_argument("--level", action="append", choices=LEVELS, help="levels an overseer acts on (default: every level)")
    p.set_defaults(run=cmd_token)
