"""Memory bench: the resident set size of one process over 1,000,000 evaluations.

The core in-process (no gRPC): 2,000 distinct realistic products over every available sheet of
the three regimes, parsed once (in sheet order, as a batch job would), scored again and again with
``Scorer.score_many`` (100 per call), each result dropped once checked; what is loaded beforehand
is frozen out of the collector's reach, as the server does.  RSS is read from /proc/self/statm every 50,000 evaluations.
"Flat" is measured against the RSS after the first 10% (every ruleset compiled, every cache
warm): the growth is the largest RSS afterwards over that baseline.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import mixed_products, rss_mb, target

from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest

CHUNK = 100


def run(quick: bool = False, total: int | None = None) -> dict[str, Any]:
    """Score ``total`` evaluations (1,000,000; quick: 60,000) and sample RSS; print and return the figures."""
    total = total or (60_000 if quick else 1_000_000)
    every = max(CHUNK, total // 20)
    start_rss = rss_mb()
    scorer = Scorer()
    requests = sorted((ScoreRequest.parse(p) for p in mixed_products(2000, seed=41)), key=lambda r: r.sheet)
    gc.collect()
    gc.freeze()  # what is loaded lives on (as the server does): the collector walks what scoring leaves
    loaded_rss = rss_mb()
    samples: list[tuple[int, float]] = []
    done = 0
    stars = 0
    began = time.perf_counter()
    while done < total:
        i = done % len(requests)
        chunk = requests[i : i + CHUNK]
        for ev in scorer.score_many(chunk):
            stars += ev.final_star or 0
        done += len(chunk)
        if done % every < len(chunk):
            samples.append((done, rss_mb()))
    elapsed = time.perf_counter() - began
    warm = next(r for n, r in samples if n >= total // 10)
    after = [r for n, r in samples if n >= total // 10]
    growth = (max(after) - warm) / warm * 100
    marks = {n: r for n, r in samples}
    shown = [samples[0], *(s for s in samples if s[0] in (total // 10, total // 2)), samples[-1]]
    print(
        f"memory: {total:,} evaluations in one process ({elapsed:.0f} s, {elapsed / total * 1e6:.0f} µs each), "
        f"RSS sampled every {every:,}"
    )
    print(
        f"  RSS before loading {start_rss:.0f} MiB, loaded {loaded_rss:.0f} MiB; "
        + ", ".join(f"after {n:,}: {r:.1f} MiB" for n, r in shown)
        + f"; growth after the first 10%: {growth:+.2f}% (max {max(after):.1f} MiB)"
    )
    return {
        "total": total,
        "samples": marks,
        "growth_pct": growth,
        "seconds": elapsed,
        "targets": [target(f"memory: RSS growth over {total:,} evaluations (after the first 10%)", growth, 5.0, "%")],
    }


if __name__ == "__main__":
    n = next((int(a) for a in sys.argv[1:] if a.isdigit()), None)
    run("--quick" in sys.argv, n)
