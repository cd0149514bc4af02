#!/usr/bin/env python3
"""Start the OCOP scoring gRPC server (ocop.v1): ``python server.py [--address HOST:PORT] ...``; see --help."""

import sys

from scoring_core.service.config import parse_args
from scoring_core.service.server import serve

if __name__ == "__main__":
    sys.exit(serve(parse_args()))
