"""Golden cases: a product file and the result a council checked by hand or by the reference evaluator."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from scoring_core.sheets.sources import package_json_files


class ExpectedCriterion(BaseModel):
    """What one criterion must come out as."""

    model_config = ConfigDict(extra="forbid")
    option: int | None = None
    case: int | None = None
    points: str
    status: str = "scored"


class Expected(BaseModel):
    """The result a golden case must produce."""

    model_config = ConfigDict(extra="forbid")
    total: str
    parts: dict[str, str]
    band_star: int
    final_star: int | None
    recognised: bool
    eliminated: bool
    failed_gates: list[dict[str, Any]] = []
    breakdown: dict[str, ExpectedCriterion] = {}


class GoldenCase(BaseModel):
    """One named case: the product file (as in ``ocop score``) and what it must give."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    product: dict[str, Any]
    expected: Expected
    origin: str = ""


def package_golden_cases(package: str, folder: str = "golden") -> list[GoldenCase]:
    """Every golden case a plugin package ships (each file holds one case or a list of cases)."""
    cases = []
    for origin, data in package_json_files(package, folder):
        for item in data if isinstance(data, list) else [data]:
            cases.append(GoldenCase.model_validate({**item, "origin": origin}))
    return cases
