"""Fact rules: the compiled unit the engine runs (criterion, option, condition) and rule templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from scoring_core.rules.conditions import All, Any_, Compare


class FactRule(BaseModel):
    """When ``when`` holds on the product's facts, ``criterion`` takes ``option`` (of ``case``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    criterion: str
    case: int | None = None
    option: int
    when: Compare | All | Any_
    origin: str  # "template:<name>" or "plugin:<plugin name>"
    #: the words of the option this rule implements, verbatim from its label (checked at load)
    quote: str | None = None

    @property
    def reads(self) -> list[str]:
        """The facts this rule reads, sorted."""
        return sorted(self.when.facts())


class RuleTemplate(BaseModel):
    """A rule written once in the core (or a plugin) that sheets refer to by name.

    ``build`` turns the parameters a sheet binding gives for one option into the condition
    under which that option is chosen.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    name: str
    reads: list[str]
    meaning_vi: str
    meaning_en: str
    build: Callable[[Any], Compare | All | Any_]
