"""Engine bench: µs per product on real sheets, ours against the plain-Python limit and zen-engine.

For each sheet (2026/07 processed food and 2026/26 tourism; in full mode also 148/01 and
1048/12), the same seeded realistic products (``products.py``) go through:

* **ours**: ``Scorer.score_many`` (the core's full path: regime, sheet, fact checks, derive in
  durable_rules, merge with judgements, breakdown, part totals, gates, final star, recognition,
  and the whole auditable ``Evaluation``), and ``Scorer.score`` one product per call;
* **python**: ``tools/reference_eval.py``, a plain-Python evaluator over the raw sheet dicts
  (derive, merge, score, rank; no validation, no texts): "the limit";
* **zen**: zen-engine evaluating the sheet as a JDM decision graph (``zen_sheet.py`` says exactly
  what it computes): one decision table per criterion (hit policy first), one expression node.

Each evaluator gets its input ready-made (a parsed ``ScoreRequest``, plain dicts, the zen
context), built outside the timed loop; "with parsing" also times ``ScoreRequest.parse`` of
the product files.  Every round and every variant of ours scores products not scored before
(the core shares equal sources and lines across products, so scoring the same ones again would
flatter it); python and zen take the products of our ``score_many`` run.  Rounds interleave
the evaluators; each figure is the median over rounds of (round time / products).  What the
bench built beforehand (products in every form, plugins, the zen graph) is frozen out of the
garbage collector's reach (``gc.freeze``) for all evaluators alike, as a long-running server
does with its loaded sheets.  Before timing, the first round's products are checked: total,
parts, band, final star, eliminated and failed gates equal across the three.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from products import Generator, kits, median, reference_judgements, target
from reference_eval import evaluate

from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest

try:
    import zen
except ImportError:  # the bench extra is not installed
    zen = None

from zen_sheet import sheet_graph, zen_context, zen_summary

SHEETS = ["2026/07", "2026/26"]
MORE_SHEETS = ["148/01", "1048/12"]


def _ours(ev: Any) -> dict[str, Any]:
    return {
        "total": str(ev.total),
        "parts": {k: str(v) for k, v in ev.parts.items()},
        "band_star": ev.band_star,
        "final_star": ev.final_star,
        "eliminated": ev.eliminated,
        "failed_gates": sorted((g.criterion, g.star) for g in ev.failed_gates),
    }


def _ref(result: dict[str, Any]) -> dict[str, Any]:
    out = {k: result[k] for k in ("total", "parts", "band_star", "final_star", "eliminated")}
    out["failed_gates"] = sorted((g["criterion"], g["star"]) for g in result["failed_gates"])
    return out


def _per_product(fn: Any, n: int) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) / n * 1e6


def bench_sheet(scorer: Scorer, sheet_id: str, n: int, rounds: int) -> dict[str, Any]:
    """Medians (µs per product) of every evaluator on ``n`` products of one sheet, fresh products each time."""
    kit = kits()[sheet_id]
    gen = Generator(kit, seed=7)
    # every round scores products none of our variants saw before (the core shares equal sources and
    # lines across products: scoring the same products again would flatter it); python and zen get
    # the products of our score_many run
    variants = ("ours", "ours_single", "ours_parse")
    products = {
        (r, v): gen.products(n, start=(r * len(variants) + i) * n)
        for r in range(rounds)
        for i, v in enumerate(variants)
    }
    requests = {k: [ScoreRequest.parse(p) for p in ps] for k, ps in products.items() if k[1] != "ours_parse"}
    plain = {r: [(p["facts"], reference_judgements(p)) for p in products[(r, "ours")]] for r in range(rounds)}
    decision = None
    contexts: dict[int, list[dict[str, Any]]] = {}
    if zen is not None:
        graph = json.dumps(sheet_graph(kit.raw, kit.rules))
        decision = zen.ZenEngine().create_decision(graph)
        contexts = {r: [zen_context(f, j) for f, j in plain[r]] for r in range(rounds)}
    # agreement first (on the first round's products): the three must compute the same thing
    disagree = 0
    ours = scorer.score_many(requests[(0, "ours")])
    for i, (facts, judgements) in enumerate(plain[0]):
        want = _ref(evaluate(kit.raw, kit.rules, facts, judgements))
        got = [_ours(ours[i])]
        if decision is not None:
            got.append(zen_summary(decision.evaluate(contexts[0][i])["result"], kit.raw))
        disagree += any(g != want for g in got)
    stars = [ev.final_star for ev in ours]
    del ours
    scorer.score_many(requests[(0, "ours_single")][:5])  # nothing else to warm: rulesets are compiled
    # what was built for the benchmark lives on: keep the collector off it (for every evaluator alike)
    gc.collect()
    gc.freeze()
    times: dict[str, list[float]] = {"ours": [], "ours_single": [], "ours_parse": [], "python": [], "zen": []}
    try:
        for r in range(rounds):
            batch, single, files = requests[(r, "ours")], requests[(r, "ours_single")], products[(r, "ours_parse")]
            pairs, ctx = plain[r], contexts.get(r, [])
            times["ours"].append(_per_product(lambda b=batch: scorer.score_many(b), n))
            times["python"].append(_per_product(lambda x=pairs: [evaluate(kit.raw, kit.rules, f, j) for f, j in x], n))
            if decision is not None:
                times["zen"].append(_per_product(lambda x=ctx: [decision.evaluate(c) for c in x], n))
            times["ours_single"].append(_per_product(lambda x=single: [scorer.score(q) for q in x], n))
            times["ours_parse"].append(
                _per_product(lambda x=files: scorer.score_many([ScoreRequest.parse(p) for p in x]), n)
            )
    finally:
        gc.unfreeze()
    out: dict[str, Any] = {k: median(v) if v else None for k, v in times.items()}
    out["products"] = n
    out["disagree"] = disagree
    out["stars"] = {str(s): stars.count(s) for s in sorted(set(stars), key=lambda s: (s is None, s))}
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Run the engine bench; print and return its figures and targets."""
    n, rounds = (150, 3) if quick else (600, 7)
    scorer = Scorer()
    sheets = SHEETS if quick else SHEETS + MORE_SHEETS
    print(f"engine: µs per product, median of {rounds} rounds of {n} realistic products per sheet")
    if zen is None:
        print("  zen-engine is not installed (pip install -e '.[bench]'): the peer is skipped")
    results = {}
    for sid in sheets:
        r = bench_sheet(scorer, sid, n, rounds)
        results[sid] = r
        zen_txt = f"zen {r['zen']:7.1f}" if r["zen"] else "zen     n/a"
        ratio_zen = f"ours/zen {r['ours'] / r['zen']:.2f}" if r["zen"] else "ours/zen n/a"
        print(
            f"  {sid:8} ours {r['ours']:7.1f} (one per call {r['ours_single']:7.1f}, with parsing "
            f"{r['ours_parse']:7.1f})  python {r['python']:6.1f}  {zen_txt}  |  ours/python "
            f"{r['ours'] / r['python']:5.2f}  {ratio_zen}  | disagreements {r['disagree']}  stars {r['stars']}"
        )
    worst_py = max(r["ours"] / r["python"] for r in results.values())
    worst_py_single = max(r["ours_single"] / r["python"] for r in results.values())
    zen_ratios = [r["ours"] / r["zen"] for r in results.values() if r["zen"]]
    zen_single = [r["ours_single"] / r["zen"] for r in results.values() if r["zen"]]
    note = "" if zen is not None else "zen-engine not installed"
    targets = [
        target("engine: ours/python per product (score_many, worst sheet)", worst_py, 10.0, "×"),
        target("engine: ours/python per product (one per call, worst sheet)", worst_py_single, 10.0, "×"),
        target(
            "engine: ours/zen per product (score_many, worst sheet)",
            max(zen_ratios) if zen_ratios else None,
            1.0,
            "×",
            note=note,
        ),
        target(
            "engine: ours/zen per product (one per call, worst sheet)",
            max(zen_single) if zen_single else None,
            1.0,
            "×",
            note=note,
        ),
        target(
            "engine: products on which ours, python and zen disagree",
            sum(r["disagree"] for r in results.values()),
            0,
            "",
        ),
    ]
    return {"sheets": results, "targets": targets}


if __name__ == "__main__":
    run("--quick" in sys.argv)
