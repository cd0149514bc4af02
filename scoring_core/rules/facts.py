"""The catalogue of product facts a rule may read (name, type, unit, meaning vi/en), and implications between them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scoring_core.rules.conditions import Compare, Condition, FactValue

FactType = Literal["number", "integer", "boolean", "enum", "date"]


class FactSpec(BaseModel):
    """One product fact: what it is called, its type and unit, and what it means."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FactType
    unit: str | None = None
    values: list[str] | None = None  # the allowed values of an enum fact
    minimum: float | None = None
    maximum: float | None = None
    meaning_vi: str
    meaning_en: str

    def check(self, value: Any) -> tuple[Any, str | None]:
        """(normalised value, None) when the value fits, else (None, English reason)."""
        if self.type == "boolean":
            return (value, None) if isinstance(value, bool) else (None, "must be true or false")
        if self.type in ("number", "integer"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return None, f"must be a {self.type}"
            if self.type == "integer" and int(value) != value:
                return None, "must be a whole number"
            if self.minimum is not None and value < self.minimum:
                return None, f"must be at least {self.minimum:g}"
            if self.maximum is not None and value > self.maximum:
                return None, f"must be at most {self.maximum:g}"
            return value, None
        if self.type == "enum":
            if value not in (self.values or []):
                return None, f"must be one of: {', '.join(self.values or [])}"
            return value, None
        if isinstance(value, date):
            return value.isoformat(), None
        try:
            return date.fromisoformat(str(value)).isoformat(), None
        except ValueError:
            return None, "must be a date YYYY-MM-DD"


class Implication(BaseModel):
    """A fact that follows from others: when ``when`` holds, fact ``then`` has value ``value``.

    Declared once in the fact catalogue, not re-derived in each sheet.  A product file that omits
    ``then`` gets it completed (so a rule reading it sees it); a file that gives another value
    contradicts itself, and the evaluation says so.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: Condition
    then: str
    value: FactValue
    meaning_vi: str
    meaning_en: str

    @property
    def reads(self) -> list[str]:
        """Every fact it involves (its premises and ``then``), sorted."""
        return sorted(self.when.facts() | {self.then})

    def violated_by(self, facts: Mapping[str, Any]) -> bool:
        """True when the premises hold and ``then`` is given with another value."""
        return self.then in facts and self.when.holds(facts) and not _implied(self).holds(facts)


def _implied(implication: Implication) -> Compare:
    return Compare(fact=implication.then, op="eq", value=implication.value)


def complete(implications: Sequence[Implication], facts: Mapping[str, Any]) -> tuple[dict[str, Any], list[Implication]]:
    """(the facts with every implied fact the file omits added, the implications the facts violate).

    Implications apply until nothing changes (one may complete a premise of another); an
    implied value never replaces a given one.  Both lists keep the order the implications have.
    """
    out = dict(facts)
    if not implications:
        return out, []
    for _ in range(len(implications)):
        added = False
        for implication in implications:
            if implication.then not in out and implication.when.holds(out):
                out[implication.then] = implication.value
                added = True
        if not added:
            break
    return out, [i for i in implications if i.violated_by(out)]
