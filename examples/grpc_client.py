#!/usr/bin/env python3
"""Call the OCOP gRPC server with the typed client helper: health, sheets, then score product files.

python server.py &                                    # 127.0.0.1:50051
python examples/grpc_client.py examples/*.yaml        # score every example file
python examples/grpc_client.py --what-if local_labour_pct=80 examples/2026-processed-food.yaml
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from scoring_core.api.ocop.v1 import criteria_pb2
from scoring_core.client import DEFAULT_TARGET, OcopClient, OcopError, summary


def _value(text: str) -> object:
    """``80`` -> 80, ``true`` -> True, anything else stays text (``null`` removes the fact)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(argv: list[str] | None = None) -> int:
    """Score each file and print one line per product (or its violations)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="product files (YAML or JSON), as for `ocop score`")
    parser.add_argument("--address", default=DEFAULT_TARGET, help=f"server address (default {DEFAULT_TARGET})")
    parser.add_argument(
        "--what-if",
        action="append",
        default=[],
        metavar="FACT=VALUE",
        help="also simulate with this fact changed (repeatable)",
    )
    args = parser.parse_args(argv)
    failures = 0
    with OcopClient(args.address, timeout=10) as client:
        print(f"health: {client.health()} (scoring: {client.health('ocop.v1.ScoringService')})")
        sheets = client.sheets()
        available = sum(1 for s in sheets if s.state == criteria_pb2.AVAILABLE)
        print(f"sheets: {len(sheets)} registered, {available} available")
        for path in args.files:
            data = yaml.safe_load(Path(path).read_text("utf-8"))
            try:
                ev = client.score(data)
            except OcopError as err:
                failures += 1
                print(f"{path}: {err.code.name} {err.message_vi or err.message}")
                for v in err.violations:
                    print(f"  - {v.field}: {v.message_vi} ({v.description})")
                continue
            s = summary(ev)
            star = "bị loại (eliminated)" if s["eliminated"] else f"{s['final_star']}★"
            print(f"{path}: {s['sheet']} total {s['total']} {s['parts']} -> {star} [request {client.last_request_id}]")
            if args.what_if:
                facts = dict(item.split("=", 1) for item in args.what_if)
                sim = client.simulate(data, facts={k: _value(v) for k, v in facts.items()})
                print(
                    f"  what if {facts}: total {sim.simulated.total} ({sim.total_delta}), "
                    f"changed {[c.criterion for c in sim.changes]}"
                )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
