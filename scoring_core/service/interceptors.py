"""Per-call request id, context and one log line per RPC, bound on the handler's own thread."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import structlog

from scoring_core.service.errors import abort

log = structlog.get_logger("ocop.rpc")
REQUEST_ID = "x-request-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:/+=-]{1,128}$")


class _Call:
    """One RPC being served: binds its context on the serving thread and logs it once at the end."""

    def __init__(self, method: str, incoming_id: str | None, context: grpc.ServicerContext) -> None:
        self.method, self.context = method, context
        self.request_id = incoming_id if incoming_id and _SAFE_ID.match(incoming_id) else uuid.uuid4().hex
        self.started = time.perf_counter()

    def begin(self) -> None:
        """Bind the call's context to this thread and return the request id to the caller."""
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=self.request_id, method=self.method)
        self.context.send_initial_metadata(((REQUEST_ID, self.request_id),))

    def end(self, error: BaseException | None) -> None:
        """Log the one line of this RPC and clear the thread's context."""
        code = self._code(error)
        level = "error" if code in ("INTERNAL", "UNKNOWN", "DATA_LOSS") else "info"
        getattr(log, level)(
            "rpc",
            peer=self.context.peer(),
            code=code,
            duration_ms=round((time.perf_counter() - self.started) * 1000, 3),
        )
        structlog.contextvars.clear_contextvars()

    def _code(self, error: BaseException | None) -> str:
        if self.context.time_remaining() <= 0:
            return "DEADLINE_EXCEEDED"
        if not self.context.is_active() and isinstance(error, GeneratorExit):
            return "CANCELLED"
        code = self.context.code()  # type: ignore[attr-defined]  # grpc has it (experimental); its stubs lack it
        if code is not None:
            return code.name
        return "UNKNOWN" if error is not None and not isinstance(error, GeneratorExit) else "OK"


def _last_resort(context: grpc.ServicerContext, exc: BaseException) -> None:
    """An exception no handler mapped: INTERNAL with no details (logged here, never sent)."""
    if isinstance(exc, Exception) and context.code() is None and context.is_active():  # type: ignore[attr-defined]
        abort(context, exc)


def _unary(behavior: Callable[..., Any], method: str, incoming: str | None) -> Callable[..., Any]:
    def handle(request: Any, context: grpc.ServicerContext) -> Any:
        call = _Call(method, incoming, context)
        call.begin()
        error: BaseException | None = None
        try:
            return behavior(request, context)
        except BaseException as exc:
            error = exc
            _last_resort(context, exc)
            raise
        finally:
            call.end(error)

    return handle


def _streaming(behavior: Callable[..., Any], method: str, incoming: str | None) -> Callable[..., Any]:
    def handle(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        call = _Call(method, incoming, context)
        call.begin()
        error: BaseException | None = None
        try:
            yield from behavior(request, context)
        except BaseException as exc:
            error = exc
            _last_resort(context, exc)
            raise
        finally:
            call.end(error)

    return handle


class RequestContextInterceptor(grpc.ServerInterceptor):
    """Wraps every handler so the request id, method and status are logged once per call.

    ``intercept_service`` runs on the server's shared polling thread, so nothing is bound there:
    the wrapped behaviour binds the context on the worker thread that serves the call.
    """

    def __init__(self, skip: tuple[str, ...] = ("/grpc.health.v1.Health/Watch",)) -> None:
        self.skip = skip

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        """The handler of ``details.method``, wrapped."""
        handler = continuation(details)
        if handler is None or details.method.startswith(self.skip):
            return handler
        incoming = dict(details.invocation_metadata or ()).get(REQUEST_ID)
        method = details.method
        wrap = _streaming if handler.response_streaming else _unary
        kinds = {
            (False, False): (grpc.unary_unary_rpc_method_handler, handler.unary_unary),
            (False, True): (grpc.unary_stream_rpc_method_handler, handler.unary_stream),
            (True, False): (grpc.stream_unary_rpc_method_handler, handler.stream_unary),
            (True, True): (grpc.stream_stream_rpc_method_handler, handler.stream_stream),
        }
        factory, behavior = kinds[(handler.request_streaming, handler.response_streaming)]
        return factory(
            wrap(behavior, method, incoming),  # type: ignore[arg-type]  # x-request-id is no -bin key: a str
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
