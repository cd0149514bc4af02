"""The catalogue of product facts a rule may read: name, type, unit and meaning (vi/en)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
