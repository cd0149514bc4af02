"""No starvation by streams: a cap on concurrent streams (per process and per peer), an idle timeout, a lifetime.

The sync server serves each call on a pool thread, and a stream holds its thread for as long as
it is open, idle or not.  The server's pool therefore has ``workers`` threads for unary calls
plus ``max_streams`` for streams, and this interceptor admits at most ``max_streams`` streams at
once (``max_streams_per_peer`` from one client address): beyond, RESOURCE_EXHAUSTED at once.  A
stream whose client sends nothing for ``idle_timeout`` seconds, or that is still open after
``max_lifetime`` seconds, is ended with DEADLINE_EXCEEDED (ErrorInfo ``STREAM_IDLE`` or
``STREAM_TOO_LONG``).  So idle or never-ending streams never take the threads unary calls need.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import grpc
import structlog

from scoring_core.errors import Refused
from scoring_core.service.errors import abort

log = structlog.get_logger("ocop.streams")
_END = object()


@dataclass(frozen=True)
class StreamLimits:
    """How many streams are admitted, and how long one may idle or live."""

    max_streams: int = 32
    max_streams_per_peer: int = 16
    idle_timeout: float = 60.0
    max_lifetime: float = 3600.0


def peer_address(peer: str) -> str:
    """The client address of a gRPC peer string, without its port (``ipv4:10.0.0.7:5123`` -> ``ipv4:10.0.0.7``)."""
    if peer.startswith(("ipv4:", "ipv6:")):
        return peer.rsplit(":", 1)[0]
    return peer


class _Slots:
    """Streams open now, in all and per peer."""

    def __init__(self, limits: StreamLimits) -> None:
        self.limits = limits
        self.lock = threading.Lock()
        self.total = 0
        self.by_peer: Counter[str] = Counter()

    def take(self, peer: str) -> Refused | None:
        """Admit one stream of ``peer``; the refusal when a cap is reached."""
        with self.lock:
            if self.total >= self.limits.max_streams:
                return Refused(
                    "resource_exhausted",
                    f"too many open streams on this server (at most {self.limits.max_streams}); retry later",
                    f"Máy chủ đang mở quá nhiều luồng (tối đa {self.limits.max_streams}); hãy thử lại sau",
                    "TOO_MANY_STREAMS",
                )
            if self.by_peer[peer] >= self.limits.max_streams_per_peer:
                return Refused(
                    "resource_exhausted",
                    f"too many open streams from {peer} (at most {self.limits.max_streams_per_peer})",
                    f"Quá nhiều luồng đang mở từ {peer} (tối đa {self.limits.max_streams_per_peer})",
                    "TOO_MANY_STREAMS_FROM_PEER",
                )
            self.total += 1
            self.by_peer[peer] += 1
            return None

    def give_back(self, peer: str) -> None:
        """One stream of ``peer`` has ended."""
        with self.lock:
            self.total -= 1
            self.by_peer[peer] -= 1
            if self.by_peer[peer] <= 0:
                del self.by_peer[peer]


class TimedRequests:
    """A request iterator whose ``next`` gives up after ``idle`` seconds, or once the stream is too old.

    A reader thread pulls one message at a time from gRPC's blocking iterator, only when the
    handler asks for the next one (gRPC flow control still holds back a fast client).  When the
    handler gives up, the call ends, gRPC's iterator stops, and the reader ends with it.
    """

    def __init__(self, source: Iterator[Any], idle: float, deadline: float) -> None:
        self._source, self._idle, self._deadline = source, idle, deadline
        self._want = threading.Semaphore(0)
        self._got: queue.SimpleQueue[tuple[Any, BaseException | None]] = queue.SimpleQueue()
        self._closed = False
        self._reader: threading.Thread | None = None

    def _read(self) -> None:
        while True:
            self._want.acquire()
            if self._closed:
                return
            try:
                item = next(self._source)
            except StopIteration:
                self._got.put((_END, None))
                return
            except BaseException as exc:  # the call was cancelled: hand it to the handler
                self._got.put((_END, exc))
                return
            self._got.put((item, None))

    def __iter__(self) -> TimedRequests:
        return self

    def __next__(self) -> Any:
        if self._closed:
            raise StopIteration
        if self._reader is None:
            self._reader = threading.Thread(target=self._read, name="ocop-stream-reader", daemon=True)
            self._reader.start()
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise _too_long()
        self._want.release()
        try:
            item, error = self._got.get(timeout=min(self._idle, left))
        except queue.Empty:
            self.close()
            raise (_idle(self._idle) if self._idle <= left else _too_long()) from None
        if error is not None:
            self.close()
            raise error
        if item is _END:
            self.close()
            raise StopIteration
        return item

    def close(self) -> None:
        """No more reads: the reader ends once gRPC's iterator returns."""
        self._closed = True
        self._want.release()


def _idle(seconds: float) -> Refused:
    return Refused(
        "deadline_exceeded",
        f"the stream sent nothing for {seconds:g} s: closed",
        f"Luồng không gửi yêu cầu nào trong {seconds:g} giây nên đã bị đóng",
        "STREAM_IDLE",
    )


def _too_long() -> Refused:
    return Refused(
        "deadline_exceeded",
        "the stream has been open for longer than this server allows: closed (open a new one)",
        "Luồng đã mở quá thời gian máy chủ cho phép nên đã bị đóng (hãy mở luồng mới)",
        "STREAM_TOO_LONG",
    )


class StreamGuard(grpc.ServerInterceptor):
    """Admits streaming calls within the caps and bounds how long their requests may keep them open."""

    def __init__(self, limits: StreamLimits, skip: tuple[str, ...] = ("/grpc.health.v1.Health/Watch",)) -> None:
        self.limits, self.skip = limits, skip
        self.slots = _Slots(limits)

    def _wrap(self, behavior: Callable[..., Any], request_streaming: bool, response_streaming: bool) -> Any:
        limits, slots = self.limits, self.slots

        def admitted(request: Any, context: grpc.ServicerContext) -> tuple[str, Any]:
            peer = peer_address(context.peer() or "")
            refusal = slots.take(peer)
            if refusal is not None:
                log.warning("stream_refused", peer=peer, reason=refusal.reason)
                abort(context, refusal)
            if request_streaming:
                request = TimedRequests(request, limits.idle_timeout, time.monotonic() + limits.max_lifetime)
            return peer, request

        def finish(peer: str, request: Any) -> None:
            if isinstance(request, TimedRequests):
                request.close()
            slots.give_back(peer)

        if response_streaming:

            def stream_out(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                peer, request = admitted(request, context)
                try:
                    yield from behavior(request, context)
                finally:
                    finish(peer, request)

            return stream_out

        def stream_in(request: Any, context: grpc.ServicerContext) -> Any:
            peer, request = admitted(request, context)
            try:
                return behavior(request, context)
            finally:
                finish(peer, request)

        return stream_in

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        """Streaming handlers wrapped; unary ones as they are."""
        handler = continuation(details)
        if handler is None or details.method.startswith(self.skip):
            return handler
        if not (handler.request_streaming or handler.response_streaming):
            return handler
        kinds = {
            (False, True): (grpc.unary_stream_rpc_method_handler, handler.unary_stream),
            (True, False): (grpc.stream_unary_rpc_method_handler, handler.stream_unary),
            (True, True): (grpc.stream_stream_rpc_method_handler, handler.stream_stream),
        }
        factory, behavior = kinds[(handler.request_streaming, handler.response_streaming)]
        return factory(
            self._wrap(behavior, handler.request_streaming, handler.response_streaming),
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
