"""A plain-Python reference evaluator of one sheet, written apart from the core on purpose.

It reads the raw sheet JSON and the conditions as plain dicts and re-implements the scoring
semantics of shared/ocop/README.md in one function, with integer arithmetic.  The golden-case
generator uses it to compute expected results (so a golden case is not the engine checking
itself), and the benchmarks use it as "the limit" of what scoring one product can cost.
"""

from __future__ import annotations

from typing import Any

BANDS = ((90, 5), (70, 4), (50, 3), (30, 2))


def holds(cond: dict[str, Any], facts: dict[str, Any]) -> bool:
    """Evaluate a condition dict (``all``/``any``/comparison) on facts; a missing fact is false."""
    if "all" in cond:
        return all(holds(c, facts) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, facts) for c in cond["any"])
    name, op, want = cond["fact"], cond["op"], cond["value"]
    if name not in facts:
        return False
    have = facts[name]
    if op == "eq":
        return have == want
    if op == "ne":
        return have != want
    if op == "in":
        return have in want
    if isinstance(have, bool) or not isinstance(have, (int, float)):
        return False
    return {"gt": have > want, "gte": have >= want, "lt": have < want, "lte": have <= want}[op]


def _options(criterion: dict[str, Any], case: int | None) -> list[dict[str, Any]]:
    if criterion.get("branches"):
        return next((b["options"] for b in criterion["branches"] if b["case"] == case), [])
    return criterion["options"]


def evaluate(
    sheet: dict[str, Any],
    rules: list[dict[str, Any]],
    facts: dict[str, Any],
    judgements: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """Score one product.

    ``rules``: ``{"criterion", "case", "option", "when": condition dict}``;
    ``judgements``: criterion -> ``{"option", "case"?, "reason"?}``.
    """
    derived: dict[str, tuple[int | None, int]] = {}
    crits = {c["id"]: c for p in sheet["parts"] for g in p["groups"] for c in g["criteria"]}

    def rank(cid: str, case: int | None, n: int) -> tuple[int, int]:
        o = next(o for o in _options(crits[cid], case) if o["n"] == n)
        return (1 if o["effect"] else 0, o["points"])

    for r in rules:
        if holds(r["when"], facts):
            held = derived.get(r["criterion"])
            if held is None or rank(r["criterion"], r["case"], r["option"]) > rank(r["criterion"], *held):
                derived[r["criterion"]] = (r["case"], r["option"])
    chosen = dict(derived)
    for cid, j in judgements.items():
        mine = (j.get("case"), j["option"])
        if cid not in chosen or (j.get("reason") and chosen[cid] != mine):
            chosen[cid] = mine

    lines: dict[str, dict[str, Any]] = {}
    parts: dict[str, int] = {}
    knockout = None
    stopped = False
    for part in sheet["parts"]:
        parts[part["code"]] = 0
        for group in part["groups"]:
            first_points = 0
            for i, c in enumerate(group["criteria"]):
                line = {"option": None, "case": None, "points": 0}
                if stopped:
                    line["status"] = "not_evaluated"
                elif c.get("applies_when") == "story_exists" and first_points <= 0:
                    line["status"] = "not_applicable"
                elif c["id"] not in chosen:
                    line["status"] = "not_assessed"
                else:
                    case, n = chosen[c["id"]]
                    o = next(o for o in _options(c, case) if o["n"] == n)
                    line = {"option": n, "case": case, "points": o["points"], "status": "scored"}
                    if o["effect"] and knockout is None:
                        knockout = {"criterion": c["id"], "kind": o["effect"]}
                    if o["effect"] == "stop":
                        stopped = True
                if i == 0:
                    first_points = line["points"]
                parts[part["code"]] += line["points"]
                lines[c["id"]] = line

    failed = []
    for c in crits.values():
        got = lines[c["id"]]["points"]
        case = lines[c["id"]]["case"]
        cases = [b["case"] for b in c["branches"]] if c.get("branches") else [None]
        scan = [case] if case is not None or not c.get("branches") else cases
        for star in (3, 4, 5):
            if c.get("min_star") == star and got <= 0:
                failed.append({"criterion": c["id"], "star": star})
            if not any(o["min_star"] == star for k in cases for o in _options(c, k)):
                continue
            need = [o["points"] for k in scan for o in _options(c, k) if o["min_star"] and o["min_star"] <= star]
            if need:
                required = max(need) if len(scan) == 1 else min(need)
                if got < required:
                    failed.append({"criterion": c["id"], "star": star})

    total = sum(parts.values())
    band = next((s for floor, s in BANDS if total >= floor), 1)
    failed_stars = {g["star"] for g in failed}
    final = 1
    for star in range(1, band + 1):
        if star >= 3 and star in failed_stars:
            break
        final = star
    eliminated = knockout is not None
    return {
        "total": str(total),
        "parts": {k: str(v) for k, v in parts.items()},
        "band_star": band,
        "final_star": None if eliminated else final,
        "recognised": not eliminated and final >= 3,
        "eliminated": eliminated,
        "failed_gates": failed,
        "knockout": knockout,
        "breakdown": {cid: {**x, "points": str(x["points"])} for cid, x in lines.items()},
    }
