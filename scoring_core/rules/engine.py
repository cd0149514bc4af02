"""The rules engine: FactRules run on one private durable_rules host behind a small interface.

The Host registers and holds the rulesets; facts are asserted and actions run through the
durable_rules C core directly, because durable's Python layer is unsafe here:

* its action runner (``Promise.run``) swallows action exceptions into ``state["exception"]``;
* ``json.dumps`` writes floats such as ``1e-05``/``1e+20``, which durable's JSON parser rejects;
* a session's action context is never initialised by the C core, so deleting a fresh session
  that matched nothing frees garbage (segfault), and sessions are looked up by a 32-bit hash
  of the sid alone.  Hence every ruleset is warmed up once at registration and at most one
  session is live at a time (under the lock): the core's free list is LIFO, so that one clean
  slot is always reused;
* a rule fires once per true branch of an ``$or``; the engine keeps one firing per rule.

Conditions are compiled with types kept apart, so the engine agrees with ``Condition.holds``
(durable itself compares ``"abc" > 5`` and ``True == 1`` loosely): equality reads ``e<i>``
(numbers, bools as 0/1, strings as ``"s:..."``, anything else a sentinel that equals no
constant) and ordering reads ``n<i>`` (present only for non-bool, non-NaN numbers; +-inf is
sent as +-max float).  Constants durable cannot hold exactly are refused with EngineError.
Fact keys never reach durable_rules, so ``sid``/``id``/``$s`` in a product cannot hijack it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import sys
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from typing import Any, NamedTuple

import durable_rules_engine as _dre
from durable import engine as _durable

from scoring_core.rules.conditions import All, Any_, Compare
from scoring_core.rules.fact_rules import FactRule

_NOT_HANDLED = 1  # assert_fact result codes of the C core
_SID_NOT_FOUND = "error code: 309"
_OTHER = '"x:"'  # the equality value of a fact that equals no constant (None, NaN, lists, ...)
_NEVER = "v:"  # a constant no encoded fact value equals (``in []``)
_INT64 = 2**63
_WARM = {"all": [{"m": {"w": 1}}]}  # the warm-up rule; product facts only have e<i>/n<i> keys


class Firing(NamedTuple):
    """One rule that fired: ``criterion`` takes ``option`` (of ``case``)."""

    rule: str
    criterion: str
    case: int | None
    option: int
    origin: str
    facts_read: dict[str, Any]
    quote: str | None = None  # the words of the option the rule implements


class EngineError(RuntimeError):
    """The engine cannot run a ruleset: bad rules, a failed action, or a broken session."""


@cache
def engine_version() -> str:
    """The engine and durable_rules versions, for audit records."""
    return f"ocop-rules/1 durable_rules/{version('durable_rules')}"


class _Host(_durable.Host):  # type: ignore[misc]  # durable_rules ships no types
    """A durable_rules host without its two forever-re-arming timer threads."""

    def _run(self) -> None:
        """Start no dispatch or timer threads: actions run synchronously in ``derive``."""


@dataclass(frozen=True)
class _Rule:
    """A FactRule as the engine runs it (its firing's fields read once)."""

    rule: FactRule
    reads: tuple[str, ...]
    name: str = ""
    criterion: str = ""
    case: int | None = None
    option: int = 0
    origin: str = ""
    quote: str | None = None


@dataclass
class _Ruleset:
    """A registered ruleset: its handle, rules and how facts are encoded for it."""

    name: str
    handle: int
    rules: tuple[FactRule, ...]
    fields: tuple[tuple[str, str | None, str | None], ...]  # (fact, ',"e<i>":' or None, ',"n<i>":' or None)
    actions: dict[str, _Rule | None]  # durable rule name -> rule (None: the warm-up rule)
    broken: str | None = None
    #: (fact, type, value) -> its JSON fragment (both channels): dossiers repeat the same few values
    encoded: dict[tuple[str, type, Any], str] = field(default_factory=dict)


def _float_json(value: float) -> str:
    """A float as durable's parser reads it (it needs a fraction before any exponent)."""
    if math.isinf(value):
        value = math.copysign(sys.float_info.max, value)
    text = float.__repr__(value)
    return text.replace("e", ".0e") if "e" in text and "." not in text else text


def _int_json(value: int) -> str:
    """An int as durable reads it (as a double beyond int64)."""
    if -_INT64 <= value < _INT64:
        return str(int(value))
    try:
        return _float_json(float(value))
    except OverflowError:
        return _float_json(math.inf if value > 0 else -math.inf)


def _eq_json(value: Any) -> str:
    """A fact value on the equality channel (Python ``==`` semantics)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return _int_json(value)
    if isinstance(value, float):
        return _OTHER if value != value else _float_json(value)
    if isinstance(value, str):
        return json.dumps("s:" + value, ensure_ascii=False)
    return _OTHER


def _ord_json(value: Any) -> str | None:
    """A fact value on the ordering channel, or None when ``holds`` never orders it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return _int_json(value) if isinstance(value, int) else _float_json(value)


def _number_const(value: Any, rule: str) -> int | float:
    """A numeric constant that durable_rules parses exactly as Python holds it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and -_INT64 <= value < _INT64:
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        if value.is_integer() and abs(value) < _INT64:
            return int(value)
        if "e" not in repr(value) or "." in repr(value):
            return value
    raise EngineError(f"rule {rule}: constant {value!r} cannot be represented in durable_rules")


def _eq_const(value: Any, rule: str) -> int | float | str:
    """A constant on the equality channel."""
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, (bool, int, float)):
        return _number_const(value, rule)
    raise EngineError(f"rule {rule}: cannot compare with {value!r}")


class _Compiler:
    """Compiles conditions to durable_rules expressions over namespaced, typed fact keys."""

    def __init__(self) -> None:
        self.eq: dict[str, str] = {}
        self.ord: dict[str, str] = {}
        self.index: dict[str, int] = {}

    def key(self, fact: str, channel: dict[str, str], prefix: str) -> str:
        """The durable key of ``fact`` on one channel."""
        if fact not in channel:
            channel[fact] = f"{prefix}{self.index.setdefault(fact, len(self.index))}"
        return channel[fact]

    def compile(self, cond: Compare | All | Any_, rule: str) -> dict[str, Any]:
        """One condition as a durable_rules expression."""
        if isinstance(cond, All):
            return {"$and": [self.compile(c, rule) for c in cond.all]}
        if isinstance(cond, Any_):
            return {"$or": [self.compile(c, rule) for c in cond.any]}
        if cond.op in ("gt", "gte", "lt", "lte"):
            if isinstance(cond.value, (str, list)):
                raise EngineError(f"rule {rule}: {cond.op} needs a number, not {cond.value!r}")
            key = self.key(cond.fact, self.ord, "n")
            return {f"${cond.op}": {key: _number_const(cond.value, rule)}}
        key = self.key(cond.fact, self.eq, "e")
        if cond.op == "in":
            values = cond.value if isinstance(cond.value, list) else [cond.value]
            if not values:
                return {key: _NEVER}
            return {"$or": [{key: _eq_const(v, rule)} for v in values]}
        if isinstance(cond.value, list):
            raise EngineError(f"rule {rule}: {cond.op} cannot compare with a list")
        if cond.op == "eq":
            return {key: _eq_const(cond.value, rule)}
        return {"$and": [{"$ex": {key: 1}}, {"$neq": {key: _eq_const(cond.value, rule)}}]}

    def fields(self) -> tuple[tuple[str, str | None, str | None], ...]:
        """Per fact read: its JSON key prefixes on the equality and ordering channels."""
        return tuple(
            (
                fact,
                f',"{self.eq[fact]}":' if fact in self.eq else None,
                f',"{self.ord[fact]}":' if fact in self.ord else None,
            )
            for fact in self.index
        )


def _never_run(c: Any) -> None:
    """Registered as every rule's durable action; actions are driven by RulesEngine instead."""
    raise EngineError("durable_rules tried to run an action itself")


def _ruleset_name(key: str) -> str:
    """A valid, deterministic ruleset name, unique per key."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"ocop_{re.sub(r'[^A-Za-z0-9_]', '_', key)[:48]}_{digest}"


class RulesEngine:
    """One private durable_rules host; thread-safe through one lock; no timer threads."""

    def __init__(self) -> None:
        self._host = _Host()
        self._lock = threading.Lock()
        self._rulesets: dict[str, _Ruleset] = {}
        self._sid_prefix = uuid.uuid4().hex
        self._counter = itertools.count()
        self._live = 0
        self._names: dict[str, str] = {}  # key -> ruleset name

    @property
    def live_sessions(self) -> int:
        """Sessions not yet deleted (0 between calls unless a session could not be deleted)."""
        return self._live

    @property
    def rulesets(self) -> list[str]:
        """The names of the registered rulesets."""
        return list(self._rulesets)

    def ensure_ruleset(self, key: str, rules: Sequence[FactRule]) -> str:
        """Register ``rules`` once under a name derived from ``key``; return that name."""
        rules = tuple(rules)
        name = self._names.get(key) or _ruleset_name(key)
        with self._lock:
            known = self._rulesets.get(name)
            if known is not None:
                if known.rules is not rules and known.rules != rules:
                    raise EngineError(f"ruleset {name}: key {key!r} is already registered with other rules")
                return name
            names = [r.name for r in rules]
            if len(set(names)) != len(names):
                raise EngineError(f"ruleset {name}: rule names are not unique")
            compiler = _Compiler()
            definition: dict[str, Any] = {"w": {**_WARM, "run": _never_run}}
            actions: dict[str, _Rule | None] = {"w": None}
            for i, rule in enumerate(rules):
                expr = compiler.compile(rule.when, rule.name)
                definition[f"r{i}"] = {"all": [{"m": expr}], "run": _never_run}
                actions[f"r{i}"] = _Rule(
                    rule, tuple(rule.reads), rule.name, rule.criterion, rule.case, rule.option, rule.origin, rule.quote
                )
            try:
                self._host.set_rulesets({name: definition})
                handle = self._host.get_ruleset(name)._handle
            except Exception as error:
                raise EngineError(f"ruleset {name}: durable_rules refused it: {error!r}") from error
            ruleset = _Ruleset(name, handle, rules, compiler.fields(), actions)
            self._rulesets[name] = ruleset
            self._names[key] = name
            fired = self._run(ruleset, ',"w":1', {})  # leaves the session slot's context clean
            if fired != ["w"]:
                ruleset.broken = f"warm-up fired {fired}"
                raise EngineError(f"ruleset {name}: {ruleset.broken}")
            return name

    def derive(self, ruleset: str, facts: Mapping[str, Any]) -> list[Firing]:
        """The rules of ``ruleset`` that fire on one product's facts, sorted."""
        with self._lock:
            return self._derive(self._get(ruleset), facts)

    def derive_many(self, ruleset: str, products: Sequence[Mapping[str, Any]]) -> list[list[Firing]]:
        """``derive`` for several products under one lock (one session each, one at a time)."""
        with self._lock:
            rs = self._get(ruleset)
            return [self._derive(rs, facts) for facts in products]

    def _get(self, name: str) -> _Ruleset:
        """A registered, usable ruleset."""
        rs = self._rulesets.get(name)
        if rs is None:
            raise EngineError(f"ruleset {name}: not registered")
        if rs.broken:
            raise EngineError(f"ruleset {name} is broken: {rs.broken}")
        return rs

    def _derive(self, rs: _Ruleset, facts: Mapping[str, Any]) -> list[Firing]:
        """Encode the facts as one durable fact, run it and build the firings."""
        parts = []
        known = rs.encoded
        fresh = []
        for fact, eq_key, ord_key in rs.fields:
            if fact in facts:
                value = facts[fact]
                try:
                    key = (fact, type(value), value)
                    fragment = known.get(key)
                except TypeError:  # unhashable: encoded each time
                    key, fragment = None, None
                if fragment is None:
                    fragment = ""
                    if eq_key:
                        fragment = eq_key + _eq_json(value)
                    if ord_key and (number := _ord_json(value)) is not None:
                        fragment += ord_key + number
                    if key is not None:
                        fresh.append((key, fragment))
                parts.append(fragment)
        fired = self._run(rs, "".join(parts), facts)
        if fresh:  # kept once durable has accepted them
            if len(known) >= 4096:
                known.clear()
            known.update(fresh)
        if len(fired) > 1:
            fired.sort(key=_firing_order)
        return fired

    def _run(self, rs: _Ruleset, body: str, facts: Mapping[str, Any]) -> list[Any]:
        """Assert one fact (``body`` is its JSON after the sid) in a fresh session, run every
        action, delete the session."""
        sid = f"{self._sid_prefix}.{next(self._counter)}"
        fired: list[Any] = []
        asserted = False
        rule = "-"
        self._live += 1
        try:
            try:
                code, state = _dre.assert_fact(rs.handle, f'{{"sid":"{sid}"{body}}}')
            except Exception as error:
                raise EngineError(f"ruleset {rs.name}: durable_rules rejected the facts: {error!r}") from error
            asserted = True
            if code == _NOT_HANDLED:
                return fired
            if code != 0:
                raise EngineError(f"ruleset {rs.name}: unexpected assert result {code}")
            started = _dre.start_action_for_state(rs.handle, state)
            message = started[1] if started else None
            seen = set()  # durable fires a rule once per true branch of an $or: keep one
            while message is not None:
                rule = message[2 : message.index('"', 2)]
                if rule not in seen:
                    seen.add(rule)
                    action = rs.actions[rule]
                    fired.append(self._fire(action, facts) if action else rule)
                message = _dre.complete_and_start_action(rs.handle, state)
            return fired
        except EngineError:
            raise
        except Exception as error:
            action = rs.actions.get(rule)
            name = action.rule.name if action else rule
            raise EngineError(f"ruleset {rs.name}: action of rule {name} failed: {error!r}") from error
        finally:
            self._delete(rs, sid, asserted)

    def _delete(self, rs: _Ruleset, sid: str, asserted: bool) -> None:
        """Delete a session; a session that cannot be deleted breaks its ruleset."""
        try:
            _dre.delete_state(rs.handle, sid)
        except Exception as error:
            if asserted or not str(error).endswith(_SID_NOT_FOUND):
                rs.broken = f"session {sid} could not be deleted: {error}"
                raise EngineError(f"ruleset {rs.name} is broken: {rs.broken}") from error
        self._live -= 1

    def _fire(self, rule: _Rule, facts: Mapping[str, Any]) -> Firing:
        """The action of one rule: its firing with the values of the facts it read."""
        read = {name: facts[name] for name in rule.reads if name in facts}
        return Firing(rule.name, rule.criterion, rule.case, rule.option, rule.origin, read, rule.quote)


def _firing_order(f: Firing) -> tuple[str, int, int, str]:
    return (f.criterion, f.case or 0, f.option, f.rule)
