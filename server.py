#!/usr/bin/env python3
"""Start the OCOP scoring gRPC server (ocop.v1): ``python server.py [--address HOST:PORT] ...``; see --help."""

import sys

from scoring_core.errors import ConfigError
from scoring_core.service.config import parse_args
from scoring_core.service.server import serve


def main() -> int:
    """Read the settings and serve; a bad setting is printed and exits 1."""
    try:
        config = parse_args()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    return serve(config)


if __name__ == "__main__":
    sys.exit(main())
