"""Tests of the rules engine (scoring_core.rules.engine): results equal Condition.holds, and every guard."""

from __future__ import annotations

import copy
import math
import os
import random
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from scoring_core.rules import engine as engine_module
from scoring_core.rules.conditions import All, Any_, Compare, all_of, any_of, between, fact
from scoring_core.rules.engine import EngineError, Firing, RulesEngine, engine_version
from scoring_core.rules.fact_rules import FactRule

ROOT = Path(__file__).resolve().parents[1]


def rule(name: str, when: Compare | All | Any_, criterion: str | None = None, option: int = 1, case=None):
    """A FactRule with test defaults."""
    return FactRule(name=name, criterion=criterion or name, case=case, option=option, when=when, origin="template:test")


def expected(rules: list[FactRule], facts: dict[str, Any]) -> list[str]:
    """The plain-Python reference: rule names whose condition holds, in the engine's order."""
    hits = [r for r in rules if r.when.holds(facts)]
    return [r.name for r in sorted(hits, key=lambda r: (r.criterion, r.case or 0, r.option, r.name))]


def names(firings: list[Firing]) -> list[str]:
    return [f.rule for f in firings]


@pytest.fixture
def eng() -> RulesEngine:
    return RulesEngine()


LABOUR = [
    rule("L1", between("local_labour_pct", None, 25), "A1.1", 1),
    rule("L2", between("local_labour_pct", 25, 75), "A1.1", 2),
    rule("L3", between("local_labour_pct", 75, None), "A1.1", 3),
    rule("K1", fact("producer_kind", "in", ["coop", "enterprise"]), "A2", 2),
    rule("K2", fact("producer_kind", "eq", "household"), "A2", 1),
    rule("B1", fact("has_brand", "eq", True), "B1", 1),
    rule("N1", fact("region", "ne", "north"), "C1", 1),
    rule(
        "X1",
        all_of(fact("has_brand", "eq", True), any_of(fact("years", "gte", 5), fact("region", "eq", "south"))),
        "D1",
        2,
    ),
]


# --- results -------------------------------------------------------------------------------------


def test_options_for_ranges_enums_booleans_ne_and_nesting(eng: RulesEngine) -> None:
    rs = eng.ensure_ruleset("2026/07@sha256:labour", LABOUR)
    assert names(eng.derive(rs, {"local_labour_pct": 24.9})) == ["L1"]
    assert names(eng.derive(rs, {"local_labour_pct": 25})) == ["L2"]
    assert names(eng.derive(rs, {"local_labour_pct": 75.0})) == ["L3"]
    assert names(eng.derive(rs, {"producer_kind": "coop"})) == ["K1"]
    assert names(eng.derive(rs, {"producer_kind": "household"})) == ["K2"]
    assert names(eng.derive(rs, {"producer_kind": "other"})) == []
    assert names(eng.derive(rs, {"has_brand": True})) == ["B1"]
    assert names(eng.derive(rs, {"has_brand": False})) == []
    assert names(eng.derive(rs, {"region": "south"})) == ["N1"]
    assert names(eng.derive(rs, {"region": "north"})) == []
    assert names(eng.derive(rs, {})) == []  # ne on a missing fact: no match
    assert names(eng.derive(rs, {"has_brand": True, "years": 5})) == ["B1", "X1"]
    assert names(eng.derive(rs, {"has_brand": True, "years": 4, "region": "south"})) == ["B1", "N1", "X1"]
    assert names(eng.derive(rs, {"has_brand": False, "years": 9, "region": "south"})) == ["N1"]


def test_firing_carries_the_rule_and_the_facts_it_read(eng: RulesEngine) -> None:
    rules = [
        rule("X", all_of(fact("a", "gte", 1), fact("b", "eq", "y")), "C2", 3, case=2),
        rule("Y", any_of(fact("a", "gte", 1), fact("missing", "eq", 1)), "C1", 1),
    ]
    rs = eng.ensure_ruleset("firing", rules)
    got = eng.derive(rs, {"a": 2, "b": "y", "other": 1})
    assert got == [
        Firing("Y", "C1", None, 1, "template:test", {"a": 2}),
        Firing("X", "C2", 2, 3, "template:test", {"a": 2, "b": "y"}),
    ]


def test_sorted_by_criterion_case_option(eng: RulesEngine) -> None:
    true = fact("t", "eq", 1)
    rules = [
        rule("y", true, "A", 2, case=2),
        rule("z", true, "B", 1),
        rule("w", true, "A", 9),
        rule("x", true, "A", 1, case=2),
    ]
    got = eng.derive(eng.ensure_ruleset("sort", rules), {"t": 1})
    assert [(f.criterion, f.case, f.option) for f in got] == [
        ("A", None, 9),
        ("A", 2, 1),
        ("A", 2, 2),
        ("B", None, 1),
    ]


# The random cross-check: facts of the right and of the wrong types, rules of every shape.
FACTS = ["n0", "n1", "n2", "k0", "k1", "b0", "sid", "id"]
NUMBERS = [0, 1, 5, 25, 50, 75, 100, 1.5, -3, 2.5e-07, 10**15, 74.99999999999999]
STRINGS = ["a", "b", "Hà Nội", "", "5", "1", 'quo"te', "back\\slash", "true"]
WEIRD = [None, math.nan, math.inf, -math.inf, "5", True, False, 0, 1, 1.0, -0.0, [1], {"a": 1}, 10**20, 1e-07]


def random_condition(rng: random.Random, depth: int = 0) -> Compare | All | Any_:
    if depth < 2 and rng.random() < 0.35:
        parts = [random_condition(rng, depth + 1) for _ in range(rng.randint(1, 3))]
        return All(all=parts) if rng.random() < 0.5 else Any_(any=parts)
    name = rng.choice(FACTS)
    op = rng.choice(["eq", "ne", "in", "gt", "gte", "lt", "lte"])
    if op in ("gt", "gte", "lt", "lte"):
        return fact(name, op, rng.choice([*NUMBERS, True]))
    pool = [*NUMBERS, *STRINGS, True, False]
    if op == "in":
        return fact(name, op, rng.sample(pool, rng.randint(0, 3)))
    return fact(name, op, rng.choice(pool))


def random_facts(rng: random.Random) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name in FACTS:
        if rng.random() < 0.2:
            continue
        if rng.random() < 0.25:
            facts[name] = rng.choice(WEIRD)
        elif name.startswith("n"):
            facts[name] = rng.choice([rng.uniform(-10, 110), rng.randint(-5, 105), rng.choice(NUMBERS)])
        elif name.startswith("b"):
            facts[name] = rng.random() < 0.5
        else:
            facts[name] = rng.choice(STRINGS)
    return facts


def test_engine_equals_plain_python_holds_on_random_facts(eng: RulesEngine) -> None:
    rng = random.Random(20260701)
    rules = [rule(f"R{i}", random_condition(rng), f"C{i % 7}", i) for i in range(60)]
    rs = eng.ensure_ruleset("random", rules)
    for _ in range(400):
        facts = random_facts(rng)
        assert names(eng.derive(rs, facts)) == expected(rules, facts), facts


def test_a_rule_fires_once_when_several_branches_of_an_any_hold(eng: RulesEngine) -> None:
    rules = [rule("R", any_of(fact("a", "eq", 1), fact("b", "in", ["x", "y"]), fact("a", "gte", 0)))]
    rs = eng.ensure_ruleset("branches", rules)
    assert names(eng.derive(rs, {"a": 1, "b": "x"})) == ["R"]


def test_facts_fire_every_matching_rule_not_only_the_first(eng: RulesEngine) -> None:
    rules = [rule("first", fact("a", "gte", 1), "C", 1), rule("second", fact("a", "lte", 9), "C", 2)]
    assert names(eng.derive(eng.ensure_ruleset("facts", rules), {"a": 5})) == ["first", "second"]


def test_derive_many_equals_derive(eng: RulesEngine) -> None:
    rs = eng.ensure_ruleset("many", LABOUR)
    rng = random.Random(7)
    products = [
        {"local_labour_pct": rng.uniform(0, 100), "has_brand": rng.random() < 0.5, "years": rng.randint(0, 9)}
        for _ in range(50)
    ]
    assert eng.derive_many(rs, products) == [eng.derive(rs, p) for p in products]
    assert eng.derive_many(rs, []) == []


def test_an_empty_rules_list_derives_nothing(eng: RulesEngine) -> None:
    rs = eng.ensure_ruleset("empty", [])
    assert eng.derive(rs, {"a": 1}) == []
    assert eng.live_sessions == 0


# --- guards ---------------------------------------------------------------------------------------


def test_the_engine_starts_no_threads() -> None:
    before = set(threading.enumerate())
    eng = RulesEngine()
    rs = eng.ensure_ruleset("threads", LABOUR)
    eng.derive(rs, {"local_labour_pct": 80})
    eng.derive(rs, {})
    assert set(threading.enumerate()) == before
    assert threading.active_count() == len(before)


def test_no_leaked_sessions_beyond_the_1024_cap(eng: RulesEngine, monkeypatch) -> None:
    rs = eng.ensure_ruleset("leak", LABOUR)
    for i in range(3000):
        assert names(eng.derive(rs, {"local_labour_pct": i % 100})), i
    assert eng.live_sessions == 0
    for _ in range(1100):  # nothing matched
        assert eng.derive(rs, {"unrelated": 1}) == []
    assert eng.live_sessions == 0

    def failing(self, rule, facts):
        raise ValueError("boom")

    monkeypatch.setattr(RulesEngine, "_fire", failing)
    for _ in range(1100):  # an action raised
        with pytest.raises(EngineError):
            eng.derive(rs, {"local_labour_pct": 50})
    monkeypatch.undo()
    assert eng.live_sessions == 0
    assert names(eng.derive(rs, {"local_labour_pct": 50})) == ["L2"]


def test_a_session_that_matched_nothing_is_deleted_in_the_core(eng: RulesEngine, monkeypatch) -> None:
    rs = eng.ensure_ruleset("nomatch", LABOUR)
    deleted: list[str] = []
    real = engine_module._dre.delete_state

    def spy(handle: int, sid: str) -> None:
        deleted.append(sid)
        real(handle, sid)

    monkeypatch.setattr(engine_module._dre, "delete_state", spy)
    assert eng.derive(rs, {"nothing": 1}) == []  # no action ever started in this session
    assert len(deleted) == 1 and eng.live_sessions == 0
    handle = eng._rulesets[rs].handle
    with pytest.raises(engine_module._dre.error, match="309"):  # 309: no such session
        engine_module._dre.get_state(handle, deleted[0])


def test_first_session_of_a_fresh_ruleset_matching_nothing_does_not_crash() -> None:
    # durable_rules never initialises a new session's action context; deleting one that ran no
    # action frees garbage and kills the process, so this runs in a subprocess.
    script = textwrap.dedent(
        """
        from scoring_core.rules.conditions import fact
        from scoring_core.rules.fact_rules import FactRule
        from scoring_core.rules.engine import RulesEngine
        eng = RulesEngine()
        rules = [FactRule(name="R", criterion="C", option=1, when=fact("a", "gt", 5), origin="t")]
        for key in ("one", "two", "three"):
            rs = eng.ensure_ruleset(key, rules)
            for _ in range(3):
                assert eng.derive(rs, {"a": 1}) == []
            assert [f.rule for f in eng.derive(rs, {"a": 6})] == ["R"]
            assert eng.derive(rs, {}) == []
        print("ok", eng.live_sessions)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stdout.split() == ["ok", "0"]


def test_a_session_the_core_never_created_is_guarded(eng: RulesEngine, monkeypatch) -> None:
    rs = eng.ensure_ruleset("rejected", LABOUR)
    monkeypatch.setattr(engine_module, "_ord_json", lambda value: "1e-05")  # durable cannot parse it
    with pytest.raises(EngineError, match="rejected the facts"):
        eng.derive(rs, {"local_labour_pct": 50})
    monkeypatch.undo()
    assert eng.live_sessions == 0
    assert names(eng.derive(rs, {"local_labour_pct": 50})) == ["L2"]


def test_concurrent_derives_each_get_their_own_result(monkeypatch) -> None:
    # At most one session may be live in the core: a second one lands in a never-initialised
    # slot, and deleting it when it matched nothing crashes the process.
    live, peak, guard = [0], [0], threading.Lock()
    real_assert, real_delete = engine_module._dre.assert_fact, engine_module._dre.delete_state

    def assert_fact(handle: int, text: str):
        with guard:
            live[0] += 1
            peak[0] = max(peak[0], live[0])
        return real_assert(handle, text)

    def delete_state(handle: int, sid: str) -> None:
        real_delete(handle, sid)
        with guard:
            live[0] -= 1

    monkeypatch.setattr(engine_module._dre, "assert_fact", assert_fact)
    monkeypatch.setattr(engine_module._dre, "delete_state", delete_state)
    eng = RulesEngine()
    rs = eng.ensure_ruleset("threads", LABOUR)
    rng = random.Random(3)
    work = [
        [
            {
                "local_labour_pct": rng.uniform(0, 100),
                "has_brand": rng.random() < 0.5,
                "region": rng.choice("ns"),
            }
            if rng.random() < 0.7
            else {"region": "north"}  # matches nothing
            for _ in range(150)
        ]
        for _ in range(8)
    ]
    barrier = threading.Barrier(8)
    results: dict[int, list[list[str]]] = {}
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = [names(eng.derive(rs, facts)) for facts in work[i]]
        except BaseException as error:
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    for i in range(8):
        assert results[i] == [expected(LABOUR, facts) for facts in work[i]]
    assert peak[0] == 1 and live[0] == 0 and eng.live_sessions == 0


def test_an_action_exception_is_raised_naming_the_rule(eng: RulesEngine, monkeypatch) -> None:
    rs = eng.ensure_ruleset("raising", LABOUR)
    real = RulesEngine._fire

    def fire(self, compiled, facts):
        if compiled.rule.name == "B1":
            raise ValueError("handler failed")
        return real(self, compiled, facts)

    monkeypatch.setattr(RulesEngine, "_fire", fire)
    with pytest.raises(EngineError, match=r"rule B1 failed.*handler failed") as raised:
        eng.derive(rs, {"has_brand": True, "local_labour_pct": 10})
    assert rs in str(raised.value)
    assert isinstance(raised.value.__cause__, ValueError)
    assert names(eng.derive(rs, {"local_labour_pct": 10})) == ["L1"]  # other rules still run
    monkeypatch.undo()
    assert names(eng.derive(rs, {"has_brand": True, "local_labour_pct": 10})) == ["L1", "B1"]
    assert eng.live_sessions == 0


def test_reserved_keys_in_facts_cannot_hijack_a_session(eng: RulesEngine) -> None:
    rules = [
        *LABOUR,
        rule("S", fact("sid", "eq", "victim"), "S", 1),
        rule("I", fact("id", "gt", 3), "I", 1),
    ]
    rs = eng.ensure_ruleset("reserved", rules)
    hostile = {"sid": "victim", "id": 4, "$s": 1, "local_labour_pct": 80}
    before = copy.deepcopy(hostile)
    assert names(eng.derive(rs, hostile)) == ["L3", "I", "S"]
    assert hostile == before  # not mutated
    for facts in ({"sid": "victim", "id": "x"}, {"sid": 1, "$s": 1}, {"local_labour_pct": 10, "sid": None}):
        assert names(eng.derive(rs, facts)) == expected(rules, facts)
    assert eng.live_sessions == 0


def test_same_key_same_rules_same_name_other_rules_raise(eng: RulesEngine) -> None:
    name = eng.ensure_ruleset("2026/07@sha256:abcd", LABOUR)
    assert name.isidentifier()
    assert eng.ensure_ruleset("2026/07@sha256:abcd", list(LABOUR)) == name
    with pytest.raises(EngineError, match="already registered"):
        eng.ensure_ruleset("2026/07@sha256:abcd", LABOUR[:-1])
    assert eng.ensure_ruleset("2026_07@sha256:abcd", LABOUR) != name  # sanitising keeps keys apart
    assert RulesEngine().ensure_ruleset("2026/07@sha256:abcd", LABOUR) == name  # deterministic
    assert eng.rulesets == [name, eng.ensure_ruleset("2026_07@sha256:abcd", LABOUR)]


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        (fact("d", "gte", "2020-01-01"), "needs a number"),  # durable compares strings; holds never does
        (fact("a", "gt", 1e-05), "cannot be represented"),  # durable's JSON parser rejects this float
        (fact("a", "eq", math.nan), "cannot be represented"),
        (fact("a", "eq", [1, 2]), "cannot compare with a list"),
    ],
)
def test_conditions_durable_cannot_run_as_holds_does_are_refused(eng: RulesEngine, when, reason) -> None:
    with pytest.raises(EngineError, match=f"rule bad: .*{reason}"):
        eng.ensure_ruleset("bad", [rule("bad", when)])


def test_duplicate_rule_names_and_unknown_rulesets_are_errors(eng: RulesEngine) -> None:
    with pytest.raises(EngineError, match="not unique"):
        eng.ensure_ruleset("dup", [LABOUR[0], LABOUR[0]])
    with pytest.raises(EngineError, match="not registered"):
        eng.derive("nope", {})


def test_extreme_numbers_reach_the_engine_intact(eng: RulesEngine) -> None:
    rules = [
        rule("tiny", fact("a", "lt", 1.5e-05)),
        rule("big", fact("a", "gt", 10**15)),
        rule("eq", fact("a", "eq", 0)),
    ]
    rs = eng.ensure_ruleset("numbers", rules)
    for value in (
        1e-05,
        1e-300,
        1e20,
        10**30,
        10**400,
        -(10**400),
        math.inf,
        -math.inf,
        -0.0,
        math.nan,
        2**63,
    ):
        assert names(eng.derive(rs, {"a": value})) == expected(rules, {"a": value}), value


def test_engine_version() -> None:
    assert engine_version().startswith("ocop-rules/1 durable_rules/2.")
