"""Run every benchmark, print its figures (medians, ratios taken in the same run) and the targets met or missed.

    ./dev bench                  # everything (about 10 minutes on 2 cores)
    ./dev bench --quick          # smaller samples, under a minute or so
    ./dev bench --only engine,grpc
    ./dev bench --json out.json  # also write every figure as JSON

Each bench runs in a fresh child process (so one bench's heap does not weigh on the next), with a
time limit; the benches only talk to 127.0.0.1 and stop by themselves.  Nothing is installed
here: zen-engine comes with the ``bench`` extra (``pip install -e '.[bench]'``); without it the
engine bench skips the peer and says so.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BENCHES = ["engine", "grpc", "recorded", "catalogue", "memory", "fuzz"]
MODULES = {
    "engine": "engine",
    "grpc": "grpc_bench",
    "recorded": "recorded",
    "catalogue": "catalogue",
    "memory": "memory",
    "fuzz": "fuzz",
}
#: seconds each bench may take (full, quick) before it is stopped
LIMITS = {
    "engine": (150, 40),
    "grpc": (200, 60),
    "recorded": (130, 60),
    "catalogue": (90, 40),
    "memory": (400, 60),
    "fuzz": (300, 60),
}


def _quiet_logs() -> None:
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def child(name: str, quick: bool, out: str) -> int:
    """Run one bench in this process and write its result as JSON to ``out``."""
    _quiet_logs()
    module = __import__(MODULES[name])
    result = module.run(quick)
    Path(out).write_text(json.dumps(result, default=str), "utf-8")
    return 0


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "scoring_core", "bench", "server.py"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit in ("products/s", "/s"):
        return f"{value:,.0f} {unit}"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "%":
        return f"{value:+.2f}%"
    return f"{value:.3g} {unit}".strip()


def table(targets: list[dict[str, Any]]) -> list[str]:
    """The final table: every target, its figure, met or missed and by how much."""
    rows = []
    for t in targets:
        limit = ("≤ " if t["at_most"] else "≥ ") + _fmt(t["limit"], t["unit"])
        if t["met"] is None:
            verdict = f"not measured ({t['note']})" if t["note"] else "not measured"
        else:
            v, lim = t["value"], t["limit"]
            relative = lim and t["unit"] != "%"
            margin = (v / lim - 1) * 100 if relative else v - lim
            word = "met" if t["met"] else "MISSED"
            unit = "%" if relative else (" points" if t["unit"] == "%" else "")
            verdict = f"{word} ({margin:+.0f}{unit} vs target)"
        rows.append((t["name"], _fmt(t["value"], t["unit"]), limit, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return [f"  {a:<{widths[0]}}  {b:>{widths[1]}}  {c:<{widths[2]}}  {d}" for a, b, c, d in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run_all.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples (about a minute)")
    parser.add_argument("--only", default=",".join(BENCHES), help=f"comma-separated subset of {BENCHES}")
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.quick, args.out)
    chosen = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(chosen) - set(BENCHES)
    if unknown:
        parser.error(f"unknown bench(es): {', '.join(sorted(unknown))}")
    from products import machine

    print(f"OCOP scoring benchmarks ({'quick' if args.quick else 'full'}) — {datetime.datetime.now():%Y-%m-%d %H:%M}")
    print(f"machine: {machine()}")
    print(f"code: {_git()}")
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.2f} (the machine's other work skews the figures)\n")
    results: dict[str, Any] = {}
    targets: list[dict[str, Any]] = []
    began = time.perf_counter()
    for name in chosen:
        limit = LIMITS[name][1 if args.quick else 0]
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            out = f.name
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            name,
            "--out",
            out,
            *(["--quick"] if args.quick else []),
        ]
        started = time.perf_counter()
        print(f"[{name}: load average {os.getloadavg()[0]:.2f} before it starts]")
        proc = subprocess.Popen(cmd, cwd=HERE.parent, start_new_session=True)
        try:
            code = proc.wait(limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)  # the child's own process group: only what this run started
            proc.wait()
            code = None
        data = Path(out).read_text("utf-8") if os.path.getsize(out) else ""
        os.unlink(out)
        if code == 0 and data:
            result = json.loads(data)
            results[name] = result
            targets += result.get("targets", [])
            print(f"  ({name}: {time.perf_counter() - started:.0f} s)\n")
        else:
            why = f"stopped after its {limit} s limit" if code is None else f"failed (exit {code})"
            print(f"  {name}: {why}\n")
            targets.append(
                {
                    "name": f"{name}: bench",
                    "value": None,
                    "limit": 0,
                    "unit": "",
                    "at_most": True,
                    "met": None,
                    "note": why,
                }
            )
    print(f"targets (all figures from this run, {time.perf_counter() - began:.0f} s):")
    print("\n".join(table(targets)))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"machine": machine(), "code": _git(), "quick": args.quick, "results": results}, indent=1, default=str
            ),
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
