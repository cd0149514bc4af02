"""CriteriaService over ``app.Catalogue``: regimes, sheets (available or not, with why) and the fact catalogue."""

from __future__ import annotations

import grpc

from scoring_core.api.ocop.v1 import criteria_pb2, criteria_pb2_grpc
from scoring_core.app.catalogue import Catalogue
from scoring_core.service.catalogue import fact_message, regime_message, sheet_message


class CriteriaServicer(criteria_pb2_grpc.CriteriaServiceServicer):
    """Messages to ``Catalogue`` calls and back; errors go to the interceptor."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def ListRegimes(
        self, request: criteria_pb2.ListRegimesRequest, context: grpc.ServicerContext
    ) -> criteria_pb2.ListRegimesResponse:
        """Every regime, oldest first."""
        found = self.catalogue.regimes(request.page_size, request.page_token)
        return criteria_pb2.ListRegimesResponse(
            regimes=[regime_message(r) for r in found.items], next_page_token=found.next_page_token
        )

    def GetRegime(self, request: criteria_pb2.GetRegimeRequest, context: grpc.ServicerContext) -> criteria_pb2.Regime:
        """One regime."""
        return regime_message(self.catalogue.regime(request.name))

    def ListSheets(
        self, request: criteria_pb2.ListSheetsRequest, context: grpc.ServicerContext
    ) -> criteria_pb2.ListSheetsResponse:
        """Sheets of one regime (or all) and one sector (or all), with state and reason."""
        found = self.catalogue.sheets(request.parent, request.sector, request.page_size, request.page_token)
        full = request.view == criteria_pb2.FULL
        return criteria_pb2.ListSheetsResponse(
            sheets=[sheet_message(e, full) for e in found.items], next_page_token=found.next_page_token
        )

    def GetSheet(self, request: criteria_pb2.GetSheetRequest, context: grpc.ServicerContext) -> criteria_pb2.Sheet:
        """One sheet, everything a client needs to build the scoring form."""
        entry = self.catalogue.sheet(request.name, request.version)
        return sheet_message(entry, full=request.view != criteria_pb2.BASIC)

    def ListFacts(
        self, request: criteria_pb2.ListFactsRequest, context: grpc.ServicerContext
    ) -> criteria_pb2.ListFactsResponse:
        """The fact catalogue by name."""
        found = self.catalogue.facts(request.page_size, request.page_token)
        return criteria_pb2.ListFactsResponse(
            facts=[fact_message(f) for f in found.items], next_page_token=found.next_page_token
        )
