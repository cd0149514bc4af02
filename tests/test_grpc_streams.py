"""No starvation: idle BatchScore streams hold no thread unary calls need; caps, idle timeout, lifetime."""

import queue
import threading
import time

import grpc
import pytest
from grpc_support import details, start
from product_files import product

from scoring_core.api.ocop.v1 import scoring_pb2_grpc
from scoring_core.client import to_request
from scoring_core.service.streams import peer_address


class _HeldStream:
    """A BatchScore stream whose client sends only when told to (idle until then)."""

    def __init__(self, stub: scoring_pb2_grpc.ScoringServiceStub) -> None:
        self.outbox: queue.Queue = queue.Queue()
        self.call = stub.BatchScore(iter(self.outbox.get, None))

    def send(self, data) -> None:
        self.outbox.put(to_request(data))

    def close(self) -> None:
        self.outbox.put(None)
        self.call.cancel()


def _readers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "ocop-stream-reader")


def test_score_answered_while_16_idle_batch_streams_are_held():
    running = start(workers=2)  # few unary threads: the streams must not take them
    try:
        with grpc.insecure_channel(running.address) as ch:
            stub = scoring_pb2_grpc.ScoringServiceStub(ch)
            held = [_HeldStream(stub) for _ in range(16)]
            try:
                held[0].send(product())
                assert next(held[0].call).evaluation.total == "100", "the streams are really open"
                time.sleep(0.3)
                for _ in range(20):
                    assert stub.Score(to_request(product()), timeout=5).total == "100"
                held[1].send(product())  # every stream is still being served
                assert next(held[1].call).evaluation.total == "100"
            finally:
                for h in held:
                    h.close()
    finally:
        running.stop(grace=None)


def test_streams_beyond_the_peer_cap_are_refused_at_once():
    running = start(max_streams=8, max_streams_per_peer=2)
    try:
        with grpc.insecure_channel(running.address) as ch:
            stub = scoring_pb2_grpc.ScoringServiceStub(ch)
            held = [_HeldStream(stub) for _ in range(3)]
            try:
                deadline = time.monotonic() + 10
                while not any(h.call.done() for h in held) and time.monotonic() < deadline:
                    time.sleep(0.02)
                time.sleep(0.2)
                refused = [h for h in held if h.call.done()]
                assert len(refused) == 1, "the stream beyond the cap (whichever arrived last) is refused at once"
                with pytest.raises(grpc.RpcError) as err:
                    next(refused[0].call)
                assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
                assert details(err.value)["ErrorInfo"].reason == "TOO_MANY_STREAMS_FROM_PEER"
                admitted = next(h for h in held if h not in refused)
                admitted.send(product())
                assert next(admitted.call).evaluation.total == "100"
            finally:
                for h in held:
                    h.close()
            time.sleep(0.3)
            again = _HeldStream(stub)  # slots are given back when streams end
            again.send(product())
            assert next(again.call).evaluation.total == "100"
            again.close()
    finally:
        running.stop(grace=None)


def test_an_idle_stream_is_closed_after_the_idle_timeout_and_its_reader_ends():
    before = _readers()
    running = start(stream_idle_timeout=0.5, max_stream_seconds=30)
    try:
        with grpc.insecure_channel(running.address) as ch:
            stub = scoring_pb2_grpc.ScoringServiceStub(ch)
            idle = _HeldStream(stub)
            idle.send(product())
            assert next(idle.call).evaluation.total == "100"
            started = time.monotonic()
            with pytest.raises(grpc.RpcError) as err:
                next(idle.call)
            assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            assert details(err.value)["ErrorInfo"].reason == "STREAM_IDLE"
            assert 0.3 < time.monotonic() - started < 5
            idle.close()
            deadline = time.monotonic() + 5
            while _readers() > before and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _readers() == before, "the reader thread of the closed stream ended"
    finally:
        running.stop(grace=None)


def test_a_stream_that_never_ends_is_closed_at_its_lifetime():
    running = start(stream_idle_timeout=5, max_stream_seconds=0.8)
    try:
        with grpc.insecure_channel(running.address) as ch:
            stub = scoring_pb2_grpc.ScoringServiceStub(ch)
            busy = _HeldStream(stub)
            answered = 0
            with pytest.raises(grpc.RpcError) as err:
                for _ in range(100):
                    busy.send(product())
                    next(busy.call)
                    answered += 1
                    time.sleep(0.05)
            assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            assert details(err.value)["ErrorInfo"].reason == "STREAM_TOO_LONG"
            assert 3 <= answered < 100
            busy.close()
    finally:
        running.stop(grace=None)


def test_peer_address_drops_the_port():
    assert peer_address("ipv4:10.0.0.7:5123") == "ipv4:10.0.0.7"
    assert peer_address("ipv6:[::1]:5123") == "ipv6:[::1]"
    assert peer_address("unix:/tmp/s") == "unix:/tmp/s"
