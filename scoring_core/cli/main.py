"""The ``ocop`` command: its parser, assembled here from the command modules, and its entry point.

Each command module (``catalogue``, ``score``, ``serve``, ``audit``, ``auth``, ``council``, ``rules``;
``ocop plugin new`` comes from ``plugins.scaffold``) registers its sub-commands with ``add_parsers``
and imports only ``cli.common`` (output, files, exit statuses) and ``cli.store`` (the audit store).
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from scoring_core.cli import audit, auth, catalogue, council, rules, score, serve
from scoring_core.cli.common import log_to_stderr, run
from scoring_core.plugins.scaffold import add_parser as add_plugin_parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``ocop``, every sub-command in the order ``ocop --help`` lists them."""
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP scoring: sheets, scores, stars.")
    sub = parser.add_subparsers(dest="command", required=True)
    catalogue.add_sheet_parsers(sub)  # sheets, sheet
    score.add_parsers(sub)
    catalogue.add_listing_parsers(sub)  # facts, plugins
    serve.add_parsers(sub)
    add_plugin_parser(sub)  # plugin new
    audit.add_parsers(sub)
    auth.add_parsers(sub)
    council.add_parsers(sub)  # council, contest
    rules.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ocop`` console script (and of ``python -m scoring_core.cli``)."""
    args = build_parser().parse_args(argv)
    if args.command != "serve":  # the server configures its own logs; here they must not mix with stdout
        log_to_stderr()
    return run(args.run, args, Console(stderr=False, soft_wrap=False))


if __name__ == "__main__":
    sys.exit(main())
