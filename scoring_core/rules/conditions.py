"""A small condition language over product facts: data in sheets, compiled to durable_rules.

A condition is JSON-shaped data:

    {"all": [COND, ...]}                 every condition holds
    {"any": [COND, ...]}                 at least one holds
    {"fact": NAME, "op": OP, "value": V} one comparison on one fact

OP is one of ``eq ne gt gte lt lte in``; ``in`` takes a list.  A comparison on a fact the
product does not have is false, so a criterion whose facts are missing is simply not derived.
``scoring_core.rules.engine`` compiles a condition into a durable_rules ruleset (keeping types apart,
as ``holds`` does); ``holds`` evaluates it in plain Python, and the engine tests check that
the two agree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FactValue = bool | int | float | str
Op = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in"]


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Compare(BaseModel):
    """One comparison of a fact with a constant."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    fact: str
    op: Op
    value: FactValue | list[FactValue]

    def facts(self) -> set[str]:
        return {self.fact}

    def holds(self, facts: Mapping[str, Any]) -> bool:
        if self.fact not in facts:
            return False
        have, want = facts[self.fact], self.value
        if self.op == "in":
            return have in (want if isinstance(want, list) else [want])
        if self.op == "eq":
            return bool(have == want)
        if self.op == "ne":
            return bool(have != want)
        if isinstance(have, bool) or not isinstance(have, (int, float)):
            return False
        return _ORDER[self.op](have, want)


class All(BaseModel):
    """Every sub-condition holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    all: list[Condition] = Field(min_length=1)

    def facts(self) -> set[str]:
        return set().union(*(c.facts() for c in self.all))

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return all(c.holds(facts) for c in self.all)


class Any_(BaseModel):
    """At least one sub-condition holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    any: list[Condition] = Field(min_length=1)

    def facts(self) -> set[str]:
        return set().union(*(c.facts() for c in self.any))

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return any(c.holds(facts) for c in self.any)


Condition = Annotated[Compare | All | Any_, Field(union_mode="smart")]
All.model_rebuild()
Any_.model_rebuild()


# Builders, so Python rules read like the sheet text.
def fact(name: str, op: Op, value: FactValue | Sequence[FactValue]) -> Compare:
    """One comparison: ``fact("local_labour_pct", "gte", 75)``; ``in`` takes a list of values."""
    return Compare(fact=name, op=op, value=value if isinstance(value, FactValue) else list(value))


def all_of(*conditions: Compare | All | Any_) -> All:
    """Every condition holds."""
    return All(all=list(conditions))


def any_of(*conditions: Compare | All | Any_) -> Any_:
    """At least one condition holds."""
    return Any_(any=list(conditions))


def between(name: str, low: float | None, below: float | None) -> Compare | All:
    """``low <= fact < below`` (either bound may be open)."""
    parts = []
    if low is not None:
        parts.append(fact(name, "gte", low))
    if below is not None:
        parts.append(fact(name, "lt", below))
    if not parts:
        raise ValueError(f"between({name!r}) needs at least one bound")
    return parts[0] if len(parts) == 1 else All(all=parts)


def undecided(condition: Compare | All | Any_, facts: Mapping[str, Any]) -> tuple[bool | None, frozenset[str]]:
    """The condition in three values: (True or False when the facts given settle it, and no fact is
    named), or (None, the absent facts that could still settle it).  A branch already settled by
    the given facts names nothing: for a producer that is not a cooperative, "a cooperative rated
    good, or two years of profit growth" needs only the years."""
    if isinstance(condition, Compare):
        if condition.fact not in facts:
            return None, frozenset((condition.fact,))
        return condition.holds(facts), frozenset()
    decisive = isinstance(condition, Any_)  # what one part settles: True for any, False for all
    parts = condition.any if isinstance(condition, Any_) else condition.all
    open_: list[frozenset[str]] = []
    for part in parts:
        value, names = undecided(part, facts)
        if value is decisive:
            return decisive, frozenset()
        if value is None:
            open_.append(names)
    if not open_:
        return not decisive, frozenset()
    return None, frozenset().union(*open_)
