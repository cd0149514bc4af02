"""Catalogue bench: a synthetic national catalogue of 15,000 products re-ranked under the 2026 regime.

The catalogue holds products ranked under the two earlier regimes, spread evenly over every
available sheet of 1048/2019 (22 sheets) and 148/2023 (22 sheets).  When 26/2026 takes over, each
product is re-ranked on its 2026 sheet (``TARGET``: the same product group; all 26 sheets of 2026
are used): the same dossier facts (each product's dossier covers the facts both sheets' rules
read), the council's judgements carried over where the 2026 sheet has the same criterion with
an option of the same number and wording (and case), and the other criteria judged anew at the
product's own level.  The
2026 product files are prepared beforehand (that is the councils' work); the timed re-rank parses
them, scores every product through the core's full path (``Scorer.score_many``, 1000 products per
call) and counts who gains or loses stars.  It runs in one process, then in two forked processes
(the machine has two cores); the figure is the faster.  A sample is checked against the
reference evaluator.
"""

from __future__ import annotations

import gc
import multiprocessing
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import Generator, kits, reference_judgements, target
from reference_eval import evaluate

from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest

SIZE = 15_000
CHUNK = 1000
#: 1048/2019 sheet -> its 2026 sheet (same product group); 148/2023 sheets keep their number.
TARGET_1048 = {
    "01": "01",
    "02": "02",
    "04": "04",
    "05": "05",
    "06": "06",
    "07": "07",
    "08": "08",
    "09": "08",
    "11": "10",
    "12": "11",
    "13": "12",
    "14": "13",
    "15": "14",
    "17": "16",
    "18": "17",
    "20": "19",
    "21": "20",
    "22": "20",
    "23": "22",
    "24": "21",
    "25": "21",
    "26": "26",
}


def target_sheet(sheet_id: str) -> str:
    regime, number = sheet_id.split("/")
    return f"2026/{TARGET_1048[number] if regime == '1048' else number}"


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _carry(product: dict[str, Any], gen: Generator, q: float, rng: random.Random) -> dict[str, Any]:
    """The product file for its 2026 sheet: same facts, judgements carried over or made at its level."""
    kit = gen.kit
    judgements: dict[str, Any] = {}
    old = product["judgements"]
    was = {c.id: c for c in kits()[product["sheet"]].criteria}
    fresh = gen.judgements(rng, q, product["facts"])
    for c in kit.criteria:
        j = old.get(c.id)
        if j is not None and c.id in was:
            case, n = (j.get("case"), j["option"]) if isinstance(j, dict) else (None, j)
            mine, then = c.option(case, n), was[c.id].option(case, n)
            if mine is not None and then is not None and _same(mine.label_vi, then.label_vi):
                judgements[c.id] = j
                continue
        cid = c.id
        if cid in fresh:
            judgements[cid] = fresh[cid]
    return {**product, "sheet": kit.sheet_id, "regime": "2026", "evaluated_on": "2026-10-15", "judgements": judgements}


def build(size: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(catalogue product files on their own sheets, the same products' 2026 product files)."""
    sources = [k for sid, k in sorted(kits().items()) if not sid.startswith("2026/")]
    gens = {k.sheet_id: Generator(k, seed=31) for k in sources}
    targets = {sid: Generator(kits()[sid], seed=31) for sid in {target_sheet(k.sheet_id) for k in sources}}
    before, after = [], []
    for i in range(size):
        kit = sources[i % len(sources)]
        rng = random.Random(f"catalogue:{i}")
        q = gens[kit.sheet_id].quality(rng)
        tgen = targets[target_sheet(kit.sheet_id)]
        reads = sorted(set(kit.reads) | set(tgen.kit.reads))
        product = gens[kit.sheet_id].product(i // len(sources), q=q, reads=reads, avoid=tgen.fact_knockouts)
        before.append(product)
        after.append(_carry(product, tgen, q, rng))
    return before, after


_JOB: dict[str, Any] = {}


def _rank(files: list[dict[str, Any]], scorer: Scorer) -> list[int | None]:
    """Final stars (None: eliminated) of product files, scored CHUNK at a time."""
    out: list[int | None] = []
    for i in range(0, len(files), CHUNK):
        requests = [ScoreRequest.parse(p) for p in files[i : i + CHUNK]]
        out.extend(ev.final_star for ev in scorer.score_many(requests))
    return out


def _worker(part: int) -> list[int | None]:
    return _rank(_JOB["files"][part :: _JOB["parts"]], _JOB["scorer"])


def rank(files: list[dict[str, Any]], scorer: Scorer, processes: int) -> list[int | None]:
    """Final stars of every file, in order, using ``processes`` forked processes (1: this one)."""
    if processes == 1:
        return _rank(files, scorer)
    _JOB.update(files=files, scorer=scorer, parts=processes)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_worker, range(processes))
    out: list[int | None] = [None] * len(files)
    for p, stars in enumerate(parts):
        out[p::processes] = stars
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Build the catalogue, rank it, re-rank it under 2026; print and return figures and targets."""
    size = 3000 if quick else SIZE
    t0 = time.perf_counter()
    before, after = build(size)
    built = time.perf_counter() - t0
    scorer = Scorer()
    for sid in {p["sheet"] for p in before + after}:  # compile every ruleset before timing
        scorer.score(ScoreRequest.parse(next(p for p in before + after if p["sheet"] == sid)))
    gc.collect()
    gc.freeze()  # the catalogue and the loaded sheets live on: the collector need not walk them (nor copy them)
    t0 = time.perf_counter()
    old = rank(before, scorer, 2)
    t_old = time.perf_counter() - t0
    times = {}
    new: list[int | None] = []
    for processes in (2, 1):
        gc.collect()
        gc.freeze()
        t0 = time.perf_counter()
        new = rank(after, scorer, processes)
        times[processes] = time.perf_counter() - t0
    gc.unfreeze()
    # check a sample against the reference evaluator
    sample = range(0, size, max(1, size // 300))
    wrong = 0
    for i in sample:
        k = kits()[after[i]["sheet"]]
        ref = evaluate(k.raw, k.rules, after[i]["facts"], reference_judgements(after[i]))
        wrong += ref["final_star"] != new[i]
    rank_of = {None: 0}
    moves = Counter()
    for a, b in zip(old, new, strict=True):
        ra, rb = rank_of.get(a, a), rank_of.get(b, b)
        moves["gain" if rb > ra else "lose" if rb < ra else "same"] += 1
    transitions = Counter((a, b) for a, b in zip(old, new, strict=True) if a != b)
    best = min(times.values())
    label = {None: "elim"}
    top = ", ".join(f"{label.get(a, a)}→{label.get(b, b)} {n}" for (a, b), n in transitions.most_common(6))
    print(
        f"catalogue: {size} products over {len({p['sheet'] for p in before})} sheets of 1048 and 148, re-ranked on "
        f"{len({p['sheet'] for p in after})} sheets of 2026 (built in {built:.1f} s)"
    )
    print(
        f"  ranked under their own regime in {t_old:.2f} s (2 processes); re-ranked under 2026 in "
        f"{times[1]:.2f} s (1 process), {times[2]:.2f} s (2 processes)  = {size / best:,.0f} products/s"
    )
    print(
        f"  {moves['gain']} gain stars, {moves['lose']} lose stars, {moves['same']} unchanged "
        f"(eliminated counts as 0★); most common moves: {top}"
    )
    print(f"  reference evaluator agrees on {len(sample) - wrong}/{len(sample)} sampled products")
    scale = SIZE / size
    return {
        "size": size,
        "gain": moves["gain"],
        "lose": moves["lose"],
        "same": moves["same"],
        "seconds": times,
        "targets": [
            target(
                f"catalogue: 15k products re-ranked{' (quick: 3k scaled ×5)' if quick else ''}", best * scale, 2.0, "s"
            ),
            target("catalogue: sampled products where the reference evaluator disagrees", wrong, 0),
        ],
    }


if __name__ == "__main__":
    run("--quick" in sys.argv)
