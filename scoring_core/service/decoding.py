"""Requests that do not decode (values nested past protobuf's limit, broken bytes): INVALID_ARGUMENT naming the field.

gRPC answers a request it cannot decode with INTERNAL and, on a stream, ends the whole stream.
Here the decoder never fails: a request that does not decode becomes ``Undecodable``, which names
the fields at fault (``facts.x``, ``request.facts.x``) by decoding the top-level fields one at a
time.  A unary call then gets INVALID_ARGUMENT with those field violations; a BatchScore item
gets its own error and the stream goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from scoring_core.errors import FieldViolation, InvalidRequest, clip
from scoring_core.service.errors import abort


class Undecodable:
    """A request message that did not decode, and the fields at fault."""

    def __init__(self, violations: list[FieldViolation]) -> None:
        self.violations = violations

    def error(self) -> InvalidRequest:
        """The error to answer with."""
        return InvalidRequest(self.violations)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


def _fields(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """(field number, the whole field as encoded, its payload when length-delimited) of each top-level field."""
    at = 0
    while at < len(data):
        start = at
        tag, at = _varint(data, at)
        wire, payload = tag & 7, b""
        if wire == 0:
            _, at = _varint(data, at)
        elif wire == 1:
            at += 8
        elif wire == 5:
            at += 4
        elif wire == 2:
            length, at = _varint(data, at)
            payload = data[at : at + length]
            at += length
        else:
            raise ValueError(f"wire type {wire}")
        if at > len(data):
            raise ValueError("truncated field")
        yield tag >> 3, data[start:at], payload


def _map_key(entry: bytes) -> str:
    for number, _, payload in _fields(entry):
        if number == 1:
            return clip(payload.decode("utf-8", "replace"))
    return ""


def locate(descriptor: Descriptor, data: bytes, prefix: str = "") -> list[str]:
    """The paths of the fields of ``data`` (a ``descriptor`` message) that do not decode."""
    cls = _message_class(descriptor)
    out: list[str] = []
    try:
        for number, whole, payload in _fields(data):
            try:
                cls.FromString(whole)
                continue
            except Exception:  # this field is at fault
                pass
            fd = descriptor.fields_by_number.get(number)
            sub = fd.message_type if fd is not None else None
            if fd is None:
                out.append(prefix.rstrip(".") or "(request)")
            elif sub is not None and sub.GetOptions().map_entry:
                out.append(f"{prefix}{fd.name}.{_map_key(payload)}")
            elif sub is not None and sub.full_name.startswith("ocop."):
                out += locate(sub, payload, f"{prefix}{fd.name}.") or [f"{prefix}{fd.name}"]
            else:
                out.append(f"{prefix}{fd.name}")
    except ValueError:
        out.append(prefix.rstrip(".") or "(request)")
    return list(dict.fromkeys(out))


def _message_class(descriptor: Descriptor) -> type[Message]:
    return message_factory.GetMessageClass(descriptor)


def tolerant(deserializer: Callable[[bytes], Any] | None, descriptor: Descriptor | None) -> Callable[[bytes], Any]:
    """A request deserializer that returns ``Undecodable`` instead of failing."""

    def decode(data: bytes) -> Any:
        try:
            return deserializer(data) if deserializer else data
        except Exception:
            paths = locate(descriptor, data) if descriptor is not None else []
            return Undecodable(
                [
                    FieldViolation(
                        path,
                        "does not decode: values nested more than 100 deep, or malformed bytes",
                        "Không đọc được giá trị: lồng quá 100 cấp hoặc dữ liệu hỏng",
                    )
                    for path in paths or ["(request)"]
                ]
            )

    return decode


class TolerantDecoding(grpc.ServerInterceptor):
    """Decodes ocop.v1 requests without ever failing; a unary request that does not decode is refused."""

    def __init__(self, descriptors: dict[str, Descriptor]) -> None:
        self.descriptors = descriptors  # method path -> request message descriptor

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        """The handler with a tolerant decoder (and, for unary requests, the refusal)."""
        handler = continuation(details)
        descriptor = self.descriptors.get(details.method)
        if handler is None or descriptor is None:
            return handler
        kinds = {
            (False, False): (grpc.unary_unary_rpc_method_handler, handler.unary_unary),
            (False, True): (grpc.unary_stream_rpc_method_handler, handler.unary_stream),
            (True, False): (grpc.stream_unary_rpc_method_handler, handler.stream_unary),
            (True, True): (grpc.stream_stream_rpc_method_handler, handler.stream_stream),
        }
        factory, behavior = kinds[(handler.request_streaming, handler.response_streaming)]
        if not handler.request_streaming:
            behavior = _refusing(behavior, handler.response_streaming)
        return factory(
            behavior,
            request_deserializer=tolerant(handler.request_deserializer, descriptor),
            response_serializer=handler.response_serializer,
        )


#: The longest request_id taken (it is stored with what it records, and echoed).
MAX_REQUEST_ID = 128


def enum_violations(msg: Message, prefix: str = "") -> list[FieldViolation]:
    """Every enum field of ``msg`` (and of its ocop messages) holding a number outside its enum."""
    out: list[FieldViolation] = []
    for fd, value in msg.ListFields():
        path = f"{prefix}{fd.name}"
        if fd.enum_type is not None:
            known = {v.number for v in fd.enum_type.values}
            for i, number in enumerate(value if fd.is_repeated else [value]):
                if number not in known:
                    where = f"{path}[{i}]" if fd.is_repeated else path
                    names = ", ".join(v.name for v in fd.enum_type.values)
                    out.append(
                        FieldViolation(
                            where,
                            f"{number} is not a {fd.enum_type.name} ({clip(names, 200)})",
                            f"Giá trị {number} không thuộc {fd.enum_type.name} ({clip(names, 200)})",
                        )
                    )
        elif fd.message_type is not None and fd.message_type.full_name.startswith("ocop."):
            if fd.message_type.GetOptions().map_entry:
                items = [(f"{path}.{clip(str(k))}", v) for k, v in value.items() if isinstance(v, Message)]
            elif fd.is_repeated:
                items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
            else:
                items = [(path, value)]
            for where, item in items:
                out += enum_violations(item, f"{where}.")
    return out


def refusal(request: Any) -> InvalidRequest | None:
    """Why a decoded request is refused before its handler sees it: it did not decode, an enum holds a
    number outside the enum, or its request_id is too long."""
    if isinstance(request, Undecodable):
        return request.error()
    if not isinstance(request, Message):
        return None
    bad = enum_violations(request)
    if len(getattr(request, "request_id", "")) > MAX_REQUEST_ID:
        bad.append(
            FieldViolation(
                "request_id",
                f"at most {MAX_REQUEST_ID} characters (a UUID)",
                f"Mã yêu cầu tối đa {MAX_REQUEST_ID} ký tự (một UUID)",
            )
        )
    return InvalidRequest(bad) if bad else None


def _refusing(behavior: Callable[..., Any], streaming: bool) -> Callable[..., Any]:
    if streaming:

        def stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            if (error := refusal(request)) is not None:
                abort(context, error)
            yield from behavior(request, context)

        return stream

    def unary(request: Any, context: grpc.ServicerContext) -> Any:
        if (error := refusal(request)) is not None:
            abort(context, error)
        return behavior(request, context)

    return unary


def request_descriptors(*files: Any) -> dict[str, Descriptor]:
    """Method path -> request descriptor for every service of the given ``*_pb2`` modules."""
    out = {}
    for module in files:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                out[f"/{service.full_name}/{method.name}"] = method.input_type
    return out
