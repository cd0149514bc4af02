"""One OCOP sheet as a JDM decision graph for zen-engine (GoRules): the peer of the engine bench.

What the graph computes, so the comparison is fair (the same work as ``tools/reference_eval.py``):

* **input** ``{"f": facts, "j": {criterion key: {"o": option, "k": case, "r": has a reason}}}``
  (criterion ids with ``.`` replaced by ``_``; built once per product, outside the timed loop,
  as the other evaluators get their inputs ready too);
* **one decision table per criterion**, hit policy ``first``, one condition column; rows in this order:
  1. a judgement that states a reason (it overrides any rule), one row per (case, option);
  2. the sheet's fact rules for the criterion (the bound templates and the plugins' own rules,
     each condition compiled to a ZEN expression; a missing fact makes a comparison false), ordered
     knock-out first, then most points, so "first" picks what the core's merge picks when several fire;
  3. a judgement without a reason (it only fills a criterion no rule decided), one row per (case, option);
  4. a catch-all: not assessed, 0 points.
  Outputs: the option's points ``p``, knock-out effect ``e`` (0 none, 1 eliminate, 2 stop),
  case ``k`` and option ``n``;
* **one expression node** that walks the criteria in official order: a ``stop`` knock-out zeroes
  everything after it, a story-only criterion counts only when its group's first criterion has
  points; then the part totals and the total, the band star (the regime's half-open bands), every
  star gate (required answer, required points per case; the least any case asks when no case is
  scored), the list of failed gates, the final star (highest star whose band and gates, and all
  lower stars' gates, are met), eliminated (any knock-out scored; then no final star).

It does not build the audit texts, sources, conflicts or the recognition (the core's
``Evaluation`` has them; the reference evaluator does not either).  ``engine.py`` checks on every
benchmark product that the graph's total, parts, band, final star, eliminated and failed gates
equal the reference evaluator's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from scoring_core.sheets.regimes import regimes

EFFECT = {None: 0, "eliminate": 1, "stop": 2}


def key(cid: str) -> str:
    """A criterion id as a ZEN identifier (``A1.1`` -> ``A1_1``, ``A1.đ`` -> ``A1_u111``)."""
    return re.sub(r"[^A-Za-z0-9]", lambda m: "_" if m.group() == "." else f"u{ord(m.group()):x}", cid)


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    raise ValueError(f"cannot write {value!r} in ZEN")


_OPS = {"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def condition(cond: dict[str, Any]) -> str:
    """A condition dict (the sheet's rule language) as a ZEN boolean expression over ``f``."""
    if "all" in cond:
        return "(" + " and ".join(condition(c) for c in cond["all"]) + ")"
    if "any" in cond:
        return "(" + " or ".join(condition(c) for c in cond["any"]) + ")"
    name, op, value = f"f.{cond['fact']}", cond["op"], cond["value"]
    if op == "in":
        value = value if isinstance(value, list) else [value]
        return f"({name} != null and {name} in {_literal(value)})"
    return f"({name} != null and {name} {_OPS[op]} {_literal(value)})"


def _options(criterion: dict[str, Any], case: int | None) -> list[dict[str, Any]]:
    if criterion.get("branches"):
        return next((b["options"] for b in criterion["branches"] if b["case"] == case), [])
    return criterion["options"]


def _cases(criterion: dict[str, Any]) -> list[int | None]:
    return [b["case"] for b in criterion["branches"]] if criterion.get("branches") else [None]


def _row(rid: str, cond: str, option: dict[str, Any] | None, case: int | None) -> dict[str, Any]:
    if option is None:
        return {"_id": rid, "c": cond, "p": "0", "e": "0", "k": "null", "n": "null"}
    return {
        "_id": rid,
        "c": cond,
        "p": str(option["points"]),
        "e": str(EFFECT[option.get("effect")]),
        "k": "null" if case is None else str(case),
        "n": str(option["n"]),
    }


def _judged(k: str, case: int | None, n: int, reason: bool | None) -> str:
    parts = [f"j.{k}.o == {n}"]
    if case is not None:
        parts.append(f"j.{k}.k == {case}")
    if reason is not None:
        parts.append(f"j.{k}.r == {'true' if reason else 'false'}")
    return " and ".join(parts)


def criterion_table(criterion: dict[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The decision table of one criterion (hit policy first)."""
    k = key(criterion["id"])
    rows: list[dict[str, Any]] = []
    choices = [(case, o) for case in _cases(criterion) for o in _options(criterion, case)]
    for case, o in choices:
        rows.append(_row(f"jr{len(rows)}", _judged(k, case, o["n"], True), o, case))
    ranked = []
    for i, r in enumerate(rules):
        o = next(o for o in _options(criterion, r["case"]) if o["n"] == r["option"])
        ranked.append(((1 if o.get("effect") else 0, o["points"]), i, r, o))
    ranked.sort(key=lambda x: (-x[0][0], -x[0][1], x[1]))
    for _, _, r, o in ranked:
        rows.append(_row(f"r{len(rows)}", condition(r["when"]), o, r["case"]))
    for case, o in choices:
        rows.append(_row(f"j{len(rows)}", _judged(k, case, o["n"], None), o, case))
    rows.append(_row(f"d{len(rows)}", "", None, None))
    return {
        "id": f"t_{k}",
        "type": "decisionTableNode",
        "name": criterion["id"],
        "position": {"x": 0, "y": 0},
        "content": {
            "hitPolicy": "first",
            "inputs": [{"id": "c", "name": "condition", "type": "expression"}],
            "outputs": [{"id": o, "field": f"c.{k}.{o}", "name": o, "type": "expression"} for o in "pekn"],
            "rules": rows,
        },
    }


def _gates(criterion: dict[str, Any]) -> list[tuple[int, str]]:
    """(star, ZEN condition of failing it) for each gate of one criterion, as the reference reads them."""
    c = criterion
    cases = _cases(c)
    out = []
    for star in (3, 4, 5):
        fails = []
        if c.get("min_star") == star:
            fails.append("{p} <= 0")
        if any(o.get("min_star") == star for k in cases for o in _options(c, k)):

            def required(scan: list[int | None], star: int = star) -> int | None:
                need = [
                    o["points"] for k in scan for o in _options(c, k) if o.get("min_star") and o["min_star"] <= star
                ]
                if not need:
                    return None
                return max(need) if len(scan) == 1 else min(need)

            if not c.get("branches"):
                need = required([None])
                if need is not None:
                    fails.append(f"{{p}} < {need}")
            else:
                per_case = {k: required([k]) for k in cases}
                expr = "false" if required(cases) is None else f"{{p}} < {required(cases)}"
                for k, need in per_case.items():
                    expr = f"({{k}} == {k} ? {'false' if need is None else f'{{p}} < {need}'} : {expr})"
                fails.append(expr)
        if fails:
            out.append((star, " or ".join(f"({f})" for f in fails)))
    return out


def summary_node(sheet: dict[str, Any]) -> dict[str, Any]:
    """The expression node: official-order walk, totals, band, gates, final star, eliminated."""
    exprs: list[tuple[str, str]] = []
    stopped = "false"
    parts: dict[str, list[str]] = {}
    gate_items: list[str] = []
    failed: dict[int, list[str]] = {3: [], 4: [], 5: []}
    effects = []
    i = 0
    for part in sheet["parts"]:
        parts[part["code"]] = []
        for group in part["groups"]:
            first = None
            for c in group["criteria"]:
                k = key(c["id"])
                live = f"not ({stopped})" if stopped != "false" else "true"
                if c.get("applies_when") == "story_exists" and first is not None:
                    live = f"{live} and $.p{first} > 0"
                elif c.get("applies_when") == "story_exists":
                    live = "false"
                exprs.append((f"p{i}", f"({live}) ? c.{k}.p : 0"))
                exprs.append((f"e{i}", f"({live}) ? c.{k}.e : 0"))
                exprs.append((f"k{i}", f"({live}) ? c.{k}.k : null"))
                exprs.append((f"s{i}", f"{'false' if stopped == 'false' else stopped} or $.e{i} == 2"))
                stopped = f"$.s{i}"
                effects.append(f"$.e{i}")
                parts[part["code"]].append(f"$.p{i}")
                for star, fail in _gates(c):
                    name = f"g{i}_{star}"
                    exprs.append((name, fail.replace("{p}", f"$.p{i}").replace("{k}", f"$.k{i}")))
                    failed[star].append(f"$.{name}")
                    cid = json.dumps(c["id"], ensure_ascii=False)
                    gate_items.append(f"{{criterion: {cid}, star: {star}, f: $.{name}}}")
                if first is None:
                    first = i
                i += 1
    for code, items in parts.items():
        exprs.append((f"part_{code}", " + ".join(items) or "0"))
    exprs.append(("total", " + ".join(f"$.part_{code}" for code in parts)))
    regime = regimes()[sheet["regime"]]
    band = "1"
    for b in sorted(regime.bands, key=lambda b: b.stars):
        if b.min_total is not None:
            band = f"($.total >= {b.min_total} ? {b.stars} : {band})"
    exprs.append(("band", band))
    for star in (3, 4, 5):
        exprs.append((f"f{star}", " or ".join(failed[star]) or "false"))
    listed = f"filter([{', '.join(gate_items)}], #.f)"
    exprs.append(("failed_gates", f"map({listed}, {{criterion: #.criterion, star: #.star}})"))
    exprs.append(("eliminated", f"({' + '.join(effects)}) > 0"))
    exprs.append(
        (
            "final_star",
            "$.eliminated ? null : ($.band < 3 ? $.band : ($.f3 ? 2 : ($.band < 4 ? $.band : "
            "($.f4 ? 3 : ($.band < 5 ? $.band : ($.f5 ? 4 : 5))))))",
        )
    )
    return {
        "id": "summary",
        "type": "expressionNode",
        "name": "summary",
        "position": {"x": 0, "y": 0},
        "content": {"expressions": [{"id": f"x{n}", "key": k, "value": v} for n, (k, v) in enumerate(exprs)]},
    }


def sheet_graph(sheet: dict[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole JDM graph of one sheet: input -> one table per criterion -> summary -> output."""
    crits = [c for p in sheet["parts"] for g in p["groups"] for c in g["criteria"]]
    keys = [key(c["id"]) for c in crits]
    assert len(set(keys)) == len(keys), "criterion keys collide"
    by_criterion: dict[str, list[dict[str, Any]]] = {}
    for r in rules:
        by_criterion.setdefault(r["criterion"], []).append(r)
    tables = [criterion_table(c, by_criterion.get(c["id"], [])) for c in crits]
    nodes = [
        {"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
        *tables,
        summary_node(sheet),
        {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 0, "y": 0}},
    ]
    edges = [{"id": f"a{t['id']}", "sourceId": "in", "targetId": t["id"], "type": "edge"} for t in tables]
    edges += [{"id": f"b{t['id']}", "sourceId": t["id"], "targetId": "summary", "type": "edge"} for t in tables]
    edges.append({"id": "so", "sourceId": "summary", "targetId": "out", "type": "edge"})
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def zen_context(facts: dict[str, Any], judgements: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The graph's input for one product (judgements as the reference evaluator takes them)."""
    return {
        "f": facts,
        "j": {
            key(cid): {"o": j["option"], "k": j.get("case"), "r": bool(j.get("reason"))}
            for cid, j in judgements.items()
        },
    }


def zen_summary(result: dict[str, Any], sheet: dict[str, Any]) -> dict[str, Any]:
    """The graph's result in the reference evaluator's terms (for the agreement check)."""
    return {
        "total": str(result["total"]),
        "parts": {p["code"]: str(result[f"part_{p['code']}"]) for p in sheet["parts"]},
        "band_star": result["band"],
        "final_star": result.get("final_star"),
        "eliminated": result["eliminated"],
        "failed_gates": sorted((g["criterion"], g["star"]) for g in result["failed_gates"]),
    }
