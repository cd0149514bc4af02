"""Write golden cases for every complete sheet of the plugins, with expectations from the reference evaluator.

Usage: ``python tools/make_golden.py [PLUGIN ...]`` (default: every plugin).  For each complete
sheet it builds a few products (deterministic, seeded by the sheet id): the best product, a
realistic fact profile with council judgements, the same without a product story, each kind of
knock-out the sheet has, and a product that misses one star gate.  The expected result of each
comes from ``tools/reference_eval.py``, which shares no scoring code with the core, so a golden
case checks the engine against an independent reading of the rules.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_eval import evaluate

from scoring_core.plugins.manager import OcopPlugins, SheetEntry
from scoring_core.rules.facts import FactSpec, Implication

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = [0, 10, 25, 40, 49, 50, 60, 74, 75, 76, 80, 100]
COUNTS = [0, 1, 2, 3, 4, 5, 6, 8, 12, 18, 24, 36]


def _fact_value(spec: FactSpec, rng: random.Random) -> Any:
    if spec.type == "boolean":
        return rng.random() < 0.6
    if spec.type == "enum":
        return rng.choice(spec.values or [])
    if spec.type == "integer":
        return rng.choice(COUNTS)
    return rng.choice([v for v in NUMBERS if spec.maximum is None or v <= spec.maximum])


def _best(criterion) -> tuple[int | None, int]:
    return max(
        ((c, o.n) for c in criterion.cases for o in criterion.options_of(c)),
        key=lambda co: criterion.option(*co).points,
    )


def _judgement(case: int | None, n: int) -> Any:
    return {"case": case, "option": n} if case is not None else n


def consistent(profile: dict[str, Any], implications: list[Implication]) -> dict[str, Any]:
    """The profile made true to itself: a fact a declared implication settles takes the implied value
    (a product with 74% of its raw material from the province is not "all imported")."""
    out = dict(profile)
    for implication in implications:
        if implication.then in out and implication.when.holds(out):
            out[implication.then] = implication.value
    return out


def _scenarios(
    entry: SheetEntry, facts: dict[str, FactSpec], implications: list[Implication] = ()
) -> list[tuple[str, str, dict, dict]]:
    """(name, description, facts, judgements) for the products of one sheet."""
    sheet = entry.sheet
    assert sheet is not None
    rng = random.Random(entry.sheet_id)
    crits = [c for _, _, c in sheet.criteria()]
    bound = {r.criterion for r in entry.rules}
    reads = sorted({f for r in entry.rules for f in r.reads})
    best = {c.id: _judgement(*_best(c)) for c in crits}
    out = [("best", "every criterion at its best option, by judgement", {}, best)]

    profile = consistent({name: _fact_value(facts[name], rng) for name in reads}, list(implications))
    judged = {}
    for c in crits:
        if c.id in bound:
            continue
        case = rng.choice(c.cases)
        plain = [o for o in c.options_of(case) if o.effect is None]
        judged[c.id] = _judgement(case, rng.choice(plain).n)
    out.append(("profile", "a seeded fact profile decides the rule criteria; judgements the others", profile, judged))

    for part in sheet.parts:
        for group in part.groups:
            if any(c.applies_when for c in group.criteria):
                story = group.criteria[0]
                zero = [(case, o.n) for case in story.cases for o in story.options_of(case) if o.points == 0]
                if zero:
                    out.append(
                        (
                            "no-story",
                            f"best product without a story ({story.id} at 0 points)",
                            {},
                            {**best, story.id: _judgement(*zero[0])},
                        )
                    )
                break

    for kind in ("eliminate", "stop"):
        hits = [(c, case, o) for c in crits for case in c.cases for o in c.options_of(case) if o.effect == kind]
        if hits:
            c, case, o = rng.choice(hits)
            out.append(
                (
                    f"knockout-{kind}",
                    f"best product with {c.id} option {o.n} ({kind})",
                    {},
                    {**best, c.id: _judgement(case, o.n)},
                )
            )

    gated = [
        (c, case, o)
        for c in crits
        for case in c.cases
        for o in c.options_of(case)
        if o.min_star in (4, 5) and any(p.points < o.points for p in c.options_of(case) if not p.effect)
    ]
    if gated:
        c, case, o = rng.choice(gated)
        below = max((p for p in c.options_of(case) if p.points < o.points and not p.effect), key=lambda p: p.points)
        out.append(
            (
                "gate-missed",
                f"best product with {c.id} at option {below.n}, below its {o.min_star}★ gate",
                {},
                {**best, c.id: _judgement(case, below.n)},
            )
        )
    return out


def cases_for(
    entry: SheetEntry, facts: dict[str, FactSpec], implications: list[Implication] = ()
) -> list[dict[str, Any]]:
    """The golden cases of one sheet, each with its expected result."""
    sheet = entry.sheet
    assert sheet is not None
    raw = sheet.model_dump(mode="json")
    rules = [
        {"criterion": r.criterion, "case": r.case, "option": r.option, "when": r.when.model_dump(mode="json")}
        for r in entry.rules
    ]
    cases = []
    for name, description, fact_values, judgements in _scenarios(entry, facts, implications):
        plain = {k: (v if isinstance(v, dict) else {"option": v}) for k, v in judgements.items()}
        result = evaluate(raw, rules, fact_values, plain)
        cases.append(
            {
                "name": f"{entry.sheet_id} {name}",
                "description": description,
                "product": {
                    "product": {
                        "id": f"golden-{entry.sheet_id.replace('/', '-')}-{name}",
                        "name": f"{sheet.name_vi} ({name})",
                    },
                    "sheet": entry.sheet_id,
                    "regime": entry.regime,
                    "evaluated_on": None,
                    "facts": fact_values,
                    "judgements": judgements,
                    "judged_by": "golden",
                },
                "expected": {
                    key: result[key]
                    for key in ("total", "parts", "band_star", "final_star", "recognised", "eliminated", "failed_gates")
                }
                | {"breakdown": result["breakdown"]},
            }
        )
    for case in cases:
        case["product"].pop("evaluated_on")
    return cases


def main(argv: list[str]) -> int:
    """Regenerate the golden files of the named plugins (all when none is named)."""
    plugins = OcopPlugins()
    facts = plugins.facts()
    names = argv or sorted({e.plugin for e in plugins.sheets()})
    for name in names:
        entries = [e for e in plugins.sheets() if e.plugin == name and e.available]
        package = f"ocop_{name}"
        folder = ROOT / "plugins" / name / package / "golden"
        folder.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            path = folder / f"{entry.regime}-{entry.sheet_id.split('/')[1]}.json"
            text = json.dumps(cases_for(entry, facts, plugins.implications()), ensure_ascii=False, indent=1) + "\n"
            path.write_text(text, "utf-8")
        print(f"{name}: {len(entries)} sheets -> {folder.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
