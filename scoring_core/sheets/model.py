"""The official sheet as data: parts, groups, criteria, options, gates, knock-outs, fact-rule bindings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PartCode = Literal["A", "B", "C"]
Effect = Literal["eliminate", "stop"]
Star = int


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer of a criterion: its points, its star gate and its knock-out effect."""

    n: int = Field(ge=1)
    label_vi: str
    label_en: str | None = None
    points: int = Field(ge=0)
    min_star: Star | None = None
    effect: Effect | None = None


class Branch(_Frozen):
    """One of the two cases of a criterion that offers a choice ("Trường hợp 1/2")."""

    case: int = Field(ge=1)
    label_vi: str
    label_en: str | None = None
    options: list[Option]


class Criterion(_Frozen):
    """One line of the sheet; scored with exactly one option (of one branch when it has two)."""

    id: str
    title_vi: str
    title_en: str | None = None
    max: int = Field(ge=0)
    notes_vi: list[str] = []
    applies_when: Literal["story_exists"] | None = None
    min_star: Star | None = None
    branches: list[Branch] | None = None
    options: list[Option] = []

    def options_of(self, case: int | None) -> list[Option]:
        """The options of a case (or the plain options when the criterion has no branches)."""
        if self.branches is None:
            return self.options
        for branch in self.branches:
            if branch.case == case:
                return branch.options
        return []

    def option(self, case: int | None, n: int) -> Option | None:
        """Option ``n`` of ``case``, or None when there is no such option."""
        return self.option_index.get((None if self.branches is None else case, n))

    @cached_property
    def option_index(self) -> dict[tuple[int | None, int], Option]:
        """Every option keyed by (case, number), built once; the case is None without branches (the
        first option wins should numbers repeat, as in a scan)."""
        index: dict[tuple[int | None, int], Option] = {}
        for case in self.cases:
            for o in self.options_of(case):
                index.setdefault((case, o.n), o)
        return index

    @property
    def cases(self) -> list[int | None]:
        """The cases one may score in: ``[None]`` without branches."""
        return [None] if self.branches is None else [b.case for b in self.branches]

    @property
    def best_points(self) -> int:
        """Best points over every option of every case."""
        return max((o.points for c in self.cases for o in self.options_of(c)), default=0)


class Group(_Frozen):
    """A numbered group of criteria inside a part (A1, B4, C6...)."""

    id: str
    max: int = Field(ge=0)
    title_vi: str
    title_en: str | None = None
    criteria: list[Criterion]


class Part(_Frozen):
    """Part A (production and community), B (marketing and story) or C (quality)."""

    code: PartCode
    max: int = Field(ge=0)
    title_vi: str
    title_en: str | None = None
    groups: list[Group]


class BoundOption(_Frozen):
    """One option of a binding: the template's parameters and the words of the option they implement.

    ``quote`` is a short verbatim excerpt of the option's official label (``label_vi``), so a reviewer
    sees which words the parameters stand for without opening another file; a sheet whose quote is
    not found in the option's label does not load (``sheets.checks``).
    """

    when: Any
    quote: str = Field(min_length=3)


class RuleBinding(_Frozen):
    """Ties a criterion to a rule template: for each option number, the template's parameters and a quote.

    ``options`` maps an option number (as a string, JSON keys being strings) to the parameters
    the template turns into a condition on facts (``when``) and the words of the option (``quote``).
    """

    criterion: str
    case: int | None = None
    template: str
    options: dict[str, BoundOption]


class Sheet(_Frozen):
    """One official scoring sheet (bộ tiêu chí) of one regime, as a plugin ships it."""

    regime: str
    sheet_no: int = Field(ge=1)
    sheet_id: str
    version: int = Field(default=1, ge=1)
    name_vi: str
    name_en: str | None = None
    sector: str
    group_vi: str
    status: Literal["complete", "incomplete"] = "complete"
    issues: list[str] = []
    parts: list[Part]
    rules: list[RuleBinding] = []
    provenance: dict[str, Any] = {}

    def criteria(self) -> Iterator[tuple[Part, Group, Criterion]]:
        """Every criterion in official order, with its part and group."""
        for part in self.parts:
            for group in part.groups:
                for criterion in group.criteria:
                    yield part, group, criterion

    @cached_property
    def criteria_by_id(self) -> dict[str, Criterion]:
        """Criteria keyed by id (ids are unique once the sheet is valid)."""
        return {c.id: c for _, _, c in self.criteria()}

    @cached_property
    def judgement_keys(self) -> frozenset[tuple[str, int | None, int]]:
        """(criterion, case, option) of every judgement the sheet accepts (case None exactly without branches)."""
        return frozenset((c.id, case, n) for c in self.criteria_by_id.values() for case, n in c.option_index)

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON of the sheet: a new version of the data gets a new hash."""
        canonical = json.dumps(self.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def key(self) -> tuple[str, str]:
        """(regime, sheet id): the identity two plugins may not both claim."""
        return (self.regime, self.sheet_id)
