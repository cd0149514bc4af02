"""CouncilService over ``app.Councils``: sessions, member sheets, results and recognitions.

The interceptor has checked the caller's deployment role; the application layer and the council
book check the rest (an opener chairs or keeps the minutes, a member submits their own sheet,
only the session's officers close or revoke).
"""

from __future__ import annotations

import grpc

from scoring_core.api.ocop.v1 import councils_pb2, councils_pb2_grpc
from scoring_core.app.councils import Councils
from scoring_core.service.auth import current
from scoring_core.service.council_convert import (
    STATE,
    open_inputs,
    recognition_message,
    result_message,
    session_message,
    sheet_message,
)
from scoring_core.service.requests import judgement_data

STATE_NAME = {number: name for name, number in STATE.items()}


class CouncilServicer(councils_pb2_grpc.CouncilServiceServicer):
    """Messages to ``Councils`` calls and back; errors go to the interceptor."""

    def __init__(self, councils: Councils) -> None:
        self.councils = councils

    def OpenCouncilSession(
        self, request: councils_pb2.OpenCouncilSessionRequest, context: grpc.ServicerContext
    ) -> councils_pb2.CouncilSession:
        """Open a session; the opener chairs it or keeps its minutes (or is an admin)."""
        level, members, products = open_inputs(request)
        state = self.councils.open_session(
            current(),
            level=level,
            regime=request.regime,
            sheet=request.sheet,
            members=members,
            products=products,
            opened_on=request.opened_on,
            session_id=request.session_id,
            request_id=request.request_id,
        )
        return session_message(state, self.councils.recognitions_of(), self.councils.book.store)

    def GetCouncilSession(
        self, request: councils_pb2.GetCouncilSessionRequest, context: grpc.ServicerContext
    ) -> councils_pb2.CouncilSession:
        """A session and where each product stands."""
        state = self.councils.session(request.name)
        return session_message(state, self.councils.recognitions_of(), self.councils.book.store)

    def SubmitMemberSheet(
        self, request: councils_pb2.SubmitMemberSheetRequest, context: grpc.ServicerContext
    ) -> councils_pb2.MemberSheet:
        """Record the caller's own sheet for one product."""
        event = self.councils.submit(
            current(),
            session=request.session,
            product_id=request.product_id,
            judgements={cid: judgement_data(j) for cid, j in request.judgements.items()},
            member=request.member,
            request_id=request.request_id,
        )
        return sheet_message(event, request.request_id)

    def CloseProduct(
        self, request: councils_pb2.CloseProductRequest, context: grpc.ServicerContext
    ) -> councils_pb2.CouncilResult:
        """Conclude one product (the session's chair or secretary)."""
        result = self.councils.close(
            current(),
            session=request.session,
            product_id=request.product_id,
            closed_by=request.closed_by,
            decided_on=request.decided_on,
            request_id=request.request_id,
        )
        return result_message(result.event, result.recognitions, self.councils.book.store)

    def GetCouncilResult(
        self, request: councils_pb2.GetCouncilResultRequest, context: grpc.ServicerContext
    ) -> councils_pb2.CouncilResult:
        """The latest result of one product in a session."""
        result = self.councils.result(request.session, request.product_id)
        return result_message(result.event, result.recognitions, self.councils.book.store)

    def ListRecognitions(
        self, request: councils_pb2.ListRecognitionsRequest, context: grpc.ServicerContext
    ) -> councils_pb2.ListRecognitionsResponse:
        """Recognitions, oldest first."""
        found = self.councils.recognitions(
            request.product_id,
            STATE_NAME.get(request.state, "") if request.state else "",
            request.today,
            request.page_size,
            request.page_token,
        )
        return councils_pb2.ListRecognitionsResponse(
            recognitions=[recognition_message(r, state) for r, state in found.items],
            next_page_token=found.next_page_token,
        )

    def ListExpiringRecognitions(
        self, request: councils_pb2.ListExpiringRecognitionsRequest, context: grpc.ServicerContext
    ) -> councils_pb2.ListExpiringRecognitionsResponse:
        """Active recognitions ending within ``within_days`` (due for re-evaluation)."""
        found = self.councils.expiring(request.within_days, request.today, request.page_size, request.page_token)
        return councils_pb2.ListExpiringRecognitionsResponse(
            recognitions=[recognition_message(r, state) for r, state in found.items],
            next_page_token=found.next_page_token,
        )

    def RevokeRecognition(
        self, request: councils_pb2.RevokeRecognitionRequest, context: grpc.ServicerContext
    ) -> councils_pb2.RecognitionRecord:
        """Revoke an active recognition with a reason."""
        state = self.councils.revoke(current(), name=request.name, reason=request.reason, request_id=request.request_id)
        return recognition_message(state)
