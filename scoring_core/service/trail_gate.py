"""Refuses every write RPC while the audit trail does not verify; reads go on.

A write is what ``auth.policy`` says needs a role (``WRITES``, and ``Score`` with ``record``).
The refusal is FAILED_PRECONDITION with ErrorInfo reason ``AUDIT_TRAIL_UNVERIFIED`` and the
problem the verification found, in Vietnamese and English.  The store's witness guard refuses
the append too, so nothing reaches the trail whichever way a write comes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import grpc

from scoring_core.audit.witness import TrailBroken
from scoring_core.service.auth import WRITES, WRITES_WHEN, policy
from scoring_core.service.errors import abort


class TrailGateInterceptor(grpc.ServerInterceptor):
    """Wraps the write methods; ``broken()`` says why writes are refused (None: they are not)."""

    def __init__(self, broken: Callable[[], TrailBroken | None], on_broken: Callable[[], None]) -> None:
        self.broken, self.on_broken = broken, on_broken
        self._noticed = threading.Event()

    def refusal(self, method: str, request: Any) -> TrailBroken | None:
        """The error a call gets (None: it may go on)."""
        exc = self.broken()
        if exc is None or policy(method, request) is None:
            return None
        if not self._noticed.is_set():
            self._noticed.set()
            self.on_broken()
        return exc

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        """The handler, wrapped when the method can write."""
        handler = continuation(details)
        method = details.method
        if handler is None or (method not in WRITES and method not in WRITES_WHEN) or handler.unary_unary is None:
            return handler
        behavior = handler.unary_unary

        def handle(request: Any, context: grpc.ServicerContext) -> Any:
            exc = self.refusal(method, request)
            if exc is not None:
                abort(context, exc)
            return behavior(request, context)

        return grpc.unary_unary_rpc_method_handler(
            handle,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
