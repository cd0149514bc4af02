"""The catalogue: regimes, the sheets the plugins registered (available or not, with why), the fact catalogue.

The regime and sheet a call is about are bound to its log context (structlog contextvars).
"""

from __future__ import annotations

import structlog

from scoring_core.app.errors import ResourceNotFound
from scoring_core.app.pagination import Page, page
from scoring_core.errors import FieldViolation, InvalidRequest
from scoring_core.plugins.manager import OcopPlugins, SheetEntry
from scoring_core.rules.facts import FactSpec
from scoring_core.sheets.regimes import Regime, regimes


def regime_code(name: str, field: str) -> str:
    """``regimes/2026`` -> ``2026``; NotFound for unknown regimes, InvalidRequest for bad names."""
    prefix, _, code = name.partition("/")
    if prefix != "regimes" or not code or "/" in code:
        raise InvalidRequest(
            [
                FieldViolation(
                    field,
                    f"expected regimes/{{regime}}, got {name!r}",
                    f"Tên chế độ phải có dạng regimes/{{mã}}, nhận được {name!r}",
                )
            ]
        )
    if code not in regimes():
        raise ResourceNotFound(
            field, name, f"no regime {code!r}; known: {', '.join(regimes())}", f"Không có chế độ {code!r}"
        )
    return code


def sheet_id_of(name: str, field: str = "name") -> str:
    """``regimes/2026/sheets/7`` -> ``2026/07`` (the regime must exist)."""
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != "regimes" or parts[2] != "sheets" or not parts[3]:
        raise InvalidRequest(
            [
                FieldViolation(
                    field,
                    f"expected regimes/{{regime}}/sheets/{{sheet}}, got {name!r}",
                    f"Tên bộ tiêu chí phải có dạng regimes/{{chế độ}}/sheets/{{số}}, nhận được {name!r}",
                )
            ]
        )
    code = regime_code("/".join(parts[:2]), field)
    number = parts[3].zfill(2) if parts[3].isdigit() else parts[3]
    return f"{code}/{number}"


class Catalogue:
    """Read-only views of the regimes and of what the plugins registered."""

    def __init__(self, plugins: OcopPlugins) -> None:
        self.plugins = plugins

    def regimes(self, page_size: int = 0, page_token: str = "") -> Page[Regime]:
        """Every regime, oldest first."""
        return page(list(regimes().values()), page_size, page_token, "regimes")

    def regime(self, name: str) -> Regime:
        """One regime by name (``regimes/2026``)."""
        code = regime_code(name, "name")
        structlog.contextvars.bind_contextvars(regime=code)
        return regimes()[code]

    def sheets(self, parent: str = "", sector: str = "", page_size: int = 0, page_token: str = "") -> Page[SheetEntry]:
        """The sheets of one regime (``regimes/2026``; empty or ``regimes/-``: all) and one sector (empty: all)."""
        code = None if parent in ("", "regimes/-") else regime_code(parent, "parent")
        if code:
            structlog.contextvars.bind_contextvars(regime=code)
        entries = self.plugins.sheets(regime=code, sector=sector or None)
        return page(entries, page_size, page_token, f"sheets|{code}|{sector}")

    def sheet(self, name: str, version: int = 0) -> SheetEntry:
        """One sheet by name (``regimes/2026/sheets/07``), the newest version or ``version``."""
        sheet_id = sheet_id_of(name)
        structlog.contextvars.bind_contextvars(regime=sheet_id.partition("/")[0], sheet=sheet_id)
        entry = self.plugins.sheet(sheet_id.partition("/")[0], sheet_id, version or None)
        if entry is None:
            which = f" version {version}" if version else ""
            raise ResourceNotFound(
                "name", name, f"no sheet {sheet_id}{which} is registered", f"Không có bộ tiêu chí {sheet_id}{which}"
            )
        return entry

    def facts(self, page_size: int = 0, page_token: str = "") -> Page[FactSpec]:
        """The fact catalogue, by name."""
        return page(list(self.plugins.facts().values()), page_size, page_token, "facts")
