"""CriteriaService: regimes, sheets (available or not, with why) and the fact catalogue."""

from __future__ import annotations

import grpc
import structlog

from scoring_core.api.ocop.v1 import criteria_pb2, criteria_pb2_grpc
from scoring_core.errors import FieldViolation, InvalidRequest
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.service.catalogue import fact_message, regime_message, sheet_message
from scoring_core.service.errors import ResourceNotFound, abort
from scoring_core.service.pagination import page
from scoring_core.sheets.regimes import regimes


def _regime_code(name: str, field: str) -> str:
    """``regimes/2026`` -> ``2026``; NOT_FOUND for unknown regimes, INVALID_ARGUMENT for bad names."""
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


class CriteriaServicer(criteria_pb2_grpc.CriteriaServiceServicer):
    """Read-only views of what the plugins registered."""

    def __init__(self, plugins: OcopPlugins) -> None:
        self.plugins = plugins

    def ListRegimes(self, request: criteria_pb2.ListRegimesRequest, context: grpc.ServicerContext):
        """Every regime, oldest first."""
        try:
            items, token = page(list(regimes().values()), request.page_size, request.page_token, "regimes")
            return criteria_pb2.ListRegimesResponse(regimes=[regime_message(r) for r in items], next_page_token=token)
        except Exception as exc:
            abort(context, exc)

    def GetRegime(self, request: criteria_pb2.GetRegimeRequest, context: grpc.ServicerContext):
        """One regime."""
        try:
            code = _regime_code(request.name, "name")
            structlog.contextvars.bind_contextvars(regime=code)
            return regime_message(regimes()[code])
        except Exception as exc:
            abort(context, exc)

    def ListSheets(self, request: criteria_pb2.ListSheetsRequest, context: grpc.ServicerContext):
        """Sheets of one regime (or all) and one sector (or all), with state and reason."""
        try:
            code = None if request.parent in ("", "regimes/-") else _regime_code(request.parent, "parent")
            if code:
                structlog.contextvars.bind_contextvars(regime=code)
            entries = self.plugins.sheets(regime=code, sector=request.sector or None)
            query = f"sheets|{code}|{request.sector}"
            items, token = page(entries, request.page_size, request.page_token, query)
            full = request.view == criteria_pb2.FULL
            return criteria_pb2.ListSheetsResponse(
                sheets=[sheet_message(e, full) for e in items], next_page_token=token
            )
        except Exception as exc:
            abort(context, exc)

    def GetSheet(self, request: criteria_pb2.GetSheetRequest, context: grpc.ServicerContext):
        """One sheet, everything a client needs to build the scoring form."""
        try:
            parts = request.name.split("/")
            if len(parts) != 4 or parts[0] != "regimes" or parts[2] != "sheets" or not parts[3]:
                raise InvalidRequest(
                    [
                        FieldViolation(
                            "name",
                            f"expected regimes/{{regime}}/sheets/{{sheet}}, got {request.name!r}",
                            "Tên bộ tiêu chí phải có dạng regimes/{chế độ}/sheets/{số}, "
                            f"nhận được {request.name!r}",
                        )
                    ]
                )
            code = _regime_code("/".join(parts[:2]), "name")
            number = parts[3].zfill(2) if parts[3].isdigit() else parts[3]
            sheet_id = f"{code}/{number}"
            structlog.contextvars.bind_contextvars(regime=code, sheet=sheet_id)
            entry = self.plugins.sheet(code, sheet_id, request.version or None)
            if entry is None:
                version = f" version {request.version}" if request.version else ""
                raise ResourceNotFound(
                    "name",
                    request.name,
                    f"no sheet {sheet_id}{version} is registered",
                    f"Không có bộ tiêu chí {sheet_id}{version}",
                )
            return sheet_message(entry, full=request.view != criteria_pb2.BASIC)
        except Exception as exc:
            abort(context, exc)

    def ListFacts(self, request: criteria_pb2.ListFactsRequest, context: grpc.ServicerContext):
        """The fact catalogue by name."""
        try:
            items, token = page(list(self.plugins.facts().values()), request.page_size, request.page_token, "facts")
            return criteria_pb2.ListFactsResponse(facts=[fact_message(f) for f in items], next_page_token=token)
        except Exception as exc:
            abort(context, exc)
