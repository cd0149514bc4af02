"""Realistic products for the benchmarks, shared by every bench script.

A product here is a product file (what ``ocop score`` and gRPC ``Score`` take): the dossier's
facts for every fact the sheet's rules read, and the council's judgements for the criteria no
fact decides.  Each product has a hidden "quality" q (a clipped normal around 0.70, so most
products land at 3-4 stars, as in the national catalogue); facts and judgements lean towards the
better options as q grows.  About 10% of the facts are missing from a dossier (the council then
judges the criterion), about 5% of the rule-decided criteria also get a council judgement (half
of them with a reason, so they override the rule), about 2% of products are given a knock-out
option by the council and about 1% have a dossier fact that knocks them out.  Dossiers are true
to the catalogue's implications (no "all imported" beside a provincial share) and spell out the
facts they imply, so every evaluator reads the same dossier.  Everything is
seeded: the same call gives the same products.

It also gives each sheet in the forms the other evaluators take: the raw sheet JSON and rule
dicts of ``tools/reference_eval.py``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from reference_eval import holds  # noqa: E402

from scoring_core.plugins.manager import OcopPlugins, SheetEntry  # noqa: E402
from scoring_core.rules.facts import FactSpec, complete  # noqa: E402
from scoring_core.sheets.model import Criterion  # noqa: E402

#: An evaluation date inside each regime's validity.
DATES = {"1048": "2021-06-15", "148": "2024-06-15", "2026": "2026-10-15"}
NUMBERS = [0, 10, 25, 40, 49, 50, 60, 74, 75, 76, 80, 90, 100]
COUNTS = [0, 1, 2, 3, 4, 5, 6, 8, 12, 18, 24, 36]
PROVINCES = ["Ninh Bình", "Hà Giang", "Lâm Đồng", "Bến Tre", "Quảng Nam", "Sơn La", "Thái Nguyên", "An Giang"]


@dataclass
class SheetKit:
    """One available sheet in every form the benches need."""

    entry: SheetEntry
    raw: dict[str, Any]  # the sheet JSON (reference evaluator, zen graph)
    rules: list[dict[str, Any]]  # {"criterion", "case", "option", "when"} (reference evaluator, zen graph)
    reads: list[str]  # the facts the sheet's rules read
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def sheet_id(self) -> str:
        return self.entry.sheet_id

    @property
    def regime(self) -> str:
        return self.entry.regime


@cache
def plugins() -> OcopPlugins:
    """The installed plugins, loaded once per process."""
    return OcopPlugins()


def kit(entry: SheetEntry) -> SheetKit:
    """A sheet entry with its reference forms."""
    sheet = entry.sheet
    assert sheet is not None and entry.available, entry.sheet_id
    rules = [
        {"criterion": r.criterion, "case": r.case, "option": r.option, "when": r.when.model_dump(mode="json")}
        for r in entry.rules
    ]
    return SheetKit(
        entry,
        sheet.model_dump(mode="json"),
        rules,
        sorted({f for r in entry.rules for f in r.reads}),
        [c for _, _, c in sheet.criteria()],
    )


@cache
def kits() -> dict[str, SheetKit]:
    """Every available sheet (newest version), keyed by sheet id (``2026/07``)."""
    out: dict[str, SheetKit] = {}
    for entry in plugins().sheets():
        if entry.available:
            newest = plugins().sheet(entry.regime, entry.sheet_id)
            if newest is entry:
                out[entry.sheet_id] = kit(entry)
    return out


def _lean(rng: random.Random, q: float, n: int) -> int:
    """An index in ``range(n)`` leaning towards the top as ``q`` grows (with some noise)."""
    x = min(1.0, max(0.0, rng.gauss(q, 0.2)))
    return min(n - 1, int(x * n))


def fact_value(spec: FactSpec, rng: random.Random, q: float) -> Any:
    """A plausible dossier value of one fact for a product of quality ``q``."""
    if spec.type == "boolean":
        return rng.random() < 0.25 + 0.6 * q
    if spec.type == "enum":
        return rng.choice(spec.values or [])
    if spec.type == "integer":
        return COUNTS[_lean(rng, q, len(COUNTS))]
    values = [
        v
        for v in NUMBERS
        if (spec.maximum is None or v <= spec.maximum) and (spec.minimum is None or v >= spec.minimum)
    ]
    return values[_lean(rng, q, len(values))]


def _judgement(case: int | None, n: int, reason: str | None = None) -> Any:
    if case is None and reason is None:
        return n
    out: dict[str, Any] = {"option": n}
    if case is not None:
        out["case"] = case
    if reason:
        out["reason"] = reason
    return out


class Generator:
    """Seeded realistic products for one sheet."""

    def __init__(self, sheet: SheetKit, catalogue: dict[str, FactSpec] | None = None, seed: int = 1) -> None:
        self.kit = sheet
        self.catalogue = catalogue or plugins().facts()
        self.implications = plugins().implications()
        self.seed = seed
        self.bound: dict[str, list[dict[str, Any]]] = {}
        for rule in sheet.rules:
            self.bound.setdefault(rule["criterion"], []).append(rule)
        self.knockouts = [
            (c, case, o) for c in sheet.criteria for case in c.cases for o in c.options_of(case) if o.effect
        ]
        by_id = {c.id: c for c in sheet.criteria}
        self.fact_knockouts = [r for r in sheet.rules if by_id[r["criterion"]].option(r["case"], r["option"]).effect]

    def quality(self, rng: random.Random) -> float:
        return min(1.0, max(0.05, rng.gauss(0.70, 0.15)))

    def facts(
        self,
        rng: random.Random,
        q: float,
        reads: list[str] | None = None,
        knockout: bool = False,
        avoid: list[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """A dossier: most facts the rules read (about 10% missing); no fact knock-out (of this sheet's
        rules, or of the ``avoid`` rules) unless asked."""
        facts = {
            name: fact_value(self.catalogue[name], rng, q) for name in (reads or self.kit.reads) if rng.random() >= 0.10
        }
        for rule in [*self.fact_knockouts, *avoid] if not knockout else []:
            for _ in range(20):
                if not holds(rule["when"], facts):
                    break
                for name in {c["fact"] for c in _compares(rule["when"])} & facts.keys():
                    facts[name] = fact_value(self.catalogue[name], rng, q)
            else:
                for name in {c["fact"] for c in _compares(rule["when"])}:
                    facts.pop(name, None)
        for implication in self.implications:  # a dossier true to itself (the catalogue's implications)
            if implication.violated_by(facts):
                if knockout:  # keep the fact that knocks it out: a dossier saying "all imported" gives no share
                    for name in implication.when.facts():
                        facts.pop(name, None)
                else:
                    facts[implication.then] = implication.value
        # the facts the scorer would imply, written out, so the other evaluators read the same dossier
        return complete(self.implications, facts)[0]

    def judge(self, criterion: Criterion, rng: random.Random, q: float) -> tuple[int | None, int]:
        """The (case, option) a council picks for a product of quality ``q`` (no knock-out)."""
        case = rng.choice(criterion.cases)
        plain = sorted((o for o in criterion.options_of(case) if o.effect is None), key=lambda o: (o.points, o.n))
        if not plain:
            plain = list(criterion.options_of(case))
        return case, plain[_lean(rng, q, len(plain))].n

    def judgements(self, rng: random.Random, q: float, facts: dict[str, Any]) -> dict[str, Any]:
        """The council's judgements: every criterion no rule decides on these facts, and a few others."""
        out: dict[str, Any] = {}
        for c in self.kit.criteria:
            rules = self.bound.get(c.id)
            decided = bool(rules) and any(holds(r["when"], facts) for r in rules)
            if decided and rng.random() >= 0.05:
                continue
            case, n = self.judge(c, rng, q)
            reason = "hồ sơ bổ sung sau thẩm định" if decided and rng.random() < 0.5 else None
            out[c.id] = _judgement(case, n, reason)
        if self.knockouts and rng.random() < 0.02:
            c, case, o = rng.choice(self.knockouts)
            out[c.id] = _judgement(case, o.n, "hồ sơ vi phạm" if c.id in self.bound else None)
        return out

    def product(
        self, i: int, q: float | None = None, reads: list[str] | None = None, avoid: list[dict[str, Any]] = ()
    ) -> dict[str, Any]:
        """Product number ``i`` of this sheet (a product file); ``reads``: the facts its dossier covers."""
        rng = random.Random(f"{self.seed}:{self.kit.sheet_id}:{i}")
        q = self.quality(rng) if q is None else q
        facts = self.facts(rng, q, reads, knockout=rng.random() < 0.01, avoid=avoid)
        sid = self.kit.sheet_id
        return {
            "product": {
                "id": f"vn-{sid.replace('/', '-')}-{i:06d}",
                "name": f"Sản phẩm {i} ({sid})",
                "producer": f"HTX {i % 997}",
                "province": PROVINCES[i % len(PROVINCES)],
            },
            "sheet": sid,
            "regime": self.kit.regime,
            "evaluated_on": DATES[self.kit.regime],
            "facts": facts,
            "judgements": self.judgements(rng, q, facts),
            "judged_by": "Hội đồng tỉnh",
        }

    def products(self, n: int, start: int = 0) -> list[dict[str, Any]]:
        return [self.product(i) for i in range(start, start + n)]


def _compares(cond: dict[str, Any]) -> list[dict[str, Any]]:
    if "all" in cond or "any" in cond:
        return [x for c in cond.get("all", cond.get("any", [])) for x in _compares(c)]
    return [cond]


def reference_judgements(product: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A product file's judgements as ``tools/reference_eval.py`` takes them."""
    return {k: v if isinstance(v, dict) else {"option": v} for k, v in product["judgements"].items()}


def mixed_products(n: int, seed: int = 1, sheets: list[str] | None = None) -> list[dict[str, Any]]:
    """``n`` products spread round-robin over ``sheets`` (default: every available sheet)."""
    chosen = [kits()[s] for s in (sheets or sorted(kits()))]
    gens = [Generator(k, seed=seed) for k in chosen]
    return [gens[i % len(gens)].product(i // len(gens)) for i in range(n)]


# -- measuring (shared by the bench scripts) ------------------------------------------------------
def median(values: list[float]) -> float:
    """The median (the mean of the two middle values for an even count)."""
    s = sorted(values)
    n = len(s)
    if not n:
        return float("nan")
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank)."""
    s = sorted(values)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def rss_mb() -> float:
    """This process's resident set size in MiB (from /proc/self/statm)."""
    import os

    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def machine() -> str:
    """CPU model, cores, memory and Python: where the figures come from."""
    import os
    import platform

    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 2**20
    except OSError:
        mem = float("nan")
    return (
        f"{model}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def target(
    name: str, value: float | None, limit: float, unit: str = "", at_most: bool = True, note: str = ""
) -> dict[str, Any]:
    """One target of the issue, met or missed (``value`` None: not measured, with ``note`` saying why)."""
    met = None if value is None else (value <= limit if at_most else value >= limit)
    return {"name": name, "value": value, "limit": limit, "unit": unit, "at_most": at_most, "met": met, "note": note}
