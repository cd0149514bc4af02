"""Domain errors -> google.rpc.Status with rich details, in this one place; no traceback ever reaches a client.

The servicers let every error go: the interceptor (``interceptors``) ends the call with
``to_status`` of it.  ``__all__`` re-exports the application layer's errors for the transport.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

import grpc
import structlog
from google.protobuf import any_pb2
from google.protobuf.message import Message
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from scoring_core.app.errors import DeadlineExceeded, PluginFailure
from scoring_core.audit.store import StoreClosed
from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, Refused, SheetUnavailable, clip
from scoring_core.scoring.replay import ReplayError

__all__ = ["DeadlineExceeded", "abort", "check_deadline", "to_status"]
DOMAIN = "ocop.v1"
LOCALE = "vi-VN"
log = structlog.get_logger("ocop.service")


def _pack(*messages: Message) -> list[any_pb2.Any]:
    packed = []
    for message in messages:
        item = any_pb2.Any()
        item.Pack(message)
        packed.append(item)
    return packed


def _request_info() -> error_details_pb2.RequestInfo:
    request_id = structlog.contextvars.get_contextvars().get("request_id", "")
    return error_details_pb2.RequestInfo(request_id=str(request_id))


def _localized(text: str) -> error_details_pb2.LocalizedMessage:
    return error_details_pb2.LocalizedMessage(locale=LOCALE, message=text)


#: Bounds on what an error carries back, whatever the input: gRPC clients drop trailers past 8 KB
#: (and then see RESOURCE_EXHAUSTED with no details), so a status stays near 5 KB at most, counted
#: in bytes as they travel (``grpc-message`` percent-encodes every byte outside ASCII: 3 each;
#: the details travel as base64: 4 per 3).
MAX_VIOLATIONS = 12
FIELD_LIMIT = 120
TEXT_LIMIT = 200
MESSAGE_BYTES = 1000  # grpc-message, percent-encoded
DETAIL_BYTES = 2400  # the field violations, UTF-8
SUMMARY_BYTES = 500  # a localized summary or message, UTF-8


def _cut(text: str, limit: int, width: Callable[[str], int]) -> str:
    """``text`` cut where its ``width`` would pass ``limit`` (an ellipsis marks the cut)."""
    if sum(map(width, text)) <= limit:
        return text
    used, out = 0, []
    for ch in text:
        used += width(ch)
        if used > limit - 3:
            break
        out.append(ch)
    return "".join(out) + "…"


def _wire(ch: str) -> int:
    return 1 if ch.isascii() else 3 * len(ch.encode("utf-8", "replace"))


def _utf8(ch: str) -> int:
    return len(ch.encode("utf-8", "replace"))


def message_text(text: str) -> str:
    """A status message within MESSAGE_BYTES as gRPC sends it."""
    return _cut(text, MESSAGE_BYTES, _wire)


def summary_text(text: str) -> str:
    """A localized message within SUMMARY_BYTES."""
    return _cut(text, SUMMARY_BYTES, _utf8)


def _bounded(v: FieldViolation) -> FieldViolation:
    return FieldViolation(clip(v.field, FIELD_LIMIT), clip(v.description, TEXT_LIMIT), clip(v.message_vi, TEXT_LIMIT))


def _unique(violations: list[FieldViolation]) -> list[FieldViolation]:
    seen: dict[str, FieldViolation] = {}
    for v in violations:
        seen.setdefault(v.field, v)
    return list(seen.values())


def _fitting(violations: list[FieldViolation]) -> list[FieldViolation]:
    """The first violations that fit in MAX_VIOLATIONS and DETAIL_BYTES (at least one)."""
    out: list[FieldViolation] = []
    used = 0
    for v in violations[:MAX_VIOLATIONS]:
        used += len(f"{v.field}{v.description}{v.message_vi}".encode()) + 40
        if out and used > DETAIL_BYTES:
            break
        out.append(v)
    return out


def _summary(head: str, parts: list[str], more: int, more_text: str) -> str:
    """``head``, how many are left out (first, so that it survives a cut), then ``parts``."""
    return head + (more_text.format(len(parts) + more, len(parts)) if more else "") + "; ".join(parts)


def _bad_request(violations: list[FieldViolation]) -> status_pb2.Status:
    everything = _unique([_bounded(v) for v in violations])
    violations = _fitting(everything)
    more = len(everything) - len(violations)
    details = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(
                field=v.field,
                description=v.description,
                reason="INVALID_FIELD",
                localized_message=_localized(v.message_vi),
            )
            for v in violations
        ]
    )
    message = _summary(
        "invalid request: ",
        [f"{v.field}: {v.description}" for v in violations],
        more,
        "{} bad fields, the first {} listed: ",
    )
    summary_vi = _summary(
        "Dữ liệu không hợp lệ: ",
        [f"{v.field}: {v.message_vi}" for v in violations],
        more,
        "{} trường sai, liệt kê {} trường đầu: ",
    )
    message, summary_vi = message_text(message), summary_text(summary_vi)
    return status_pb2.Status(
        code=code_pb2.INVALID_ARGUMENT, message=message, details=_pack(details, _localized(summary_vi), _request_info())
    )


def _not_found(exc: NotFound) -> status_pb2.Status:
    b = _bounded(exc.violation)
    v = FieldViolation(b.field, summary_text(b.description), summary_text(b.message_vi))
    kind = getattr(exc, "kind", "") or {"regime": "Regime", "sheet": "Sheet"}.get(
        v.field.rsplit(".", 1)[-1], "Resource"
    )
    resource = error_details_pb2.ResourceInfo(
        resource_type=f"{DOMAIN}/{kind}",
        resource_name=clip(getattr(exc, "resource_name", ""), FIELD_LIMIT),
        description=v.description,
    )
    bad = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(
                field=v.field, description=v.description, reason="NOT_FOUND", localized_message=_localized(v.message_vi)
            )
        ]
    )
    return status_pb2.Status(
        code=code_pb2.NOT_FOUND,
        message=message_text(v.description),
        details=_pack(resource, bad, _localized(v.message_vi), _request_info()),
    )


def _unavailable(exc: SheetUnavailable) -> status_pb2.Status:
    regime, _, number = exc.sheet_id.partition("/")
    failure = error_details_pb2.PreconditionFailure(
        violations=[
            error_details_pb2.PreconditionFailure.Violation(
                type="SHEET_UNAVAILABLE", subject=f"regimes/{regime}/sheets/{number}", description=exc.reason
            )
        ]
    )
    return status_pb2.Status(
        code=code_pb2.FAILED_PRECONDITION,
        message=message_text(str(exc)),
        details=_pack(failure, _localized(summary_text(exc.message_vi)), _request_info()),
    )


def _plugin_failure(exc: PluginFailure) -> status_pb2.Status:
    info = error_details_pb2.ErrorInfo(
        reason="PLUGIN_FAILED", domain=DOMAIN, metadata={"plugin": exc.plugin, "sheet": exc.sheet}
    )
    vi = f"Plugin {exc.plugin!r} gặp lỗi khi chấm điểm theo bộ tiêu chí {exc.sheet}"
    return status_pb2.Status(
        code=code_pb2.INTERNAL, message=str(exc), details=_pack(info, _localized(vi), _request_info())
    )


#: Refused.code -> status code.
REFUSED = {
    "not_found": code_pb2.NOT_FOUND,
    "failed_precondition": code_pb2.FAILED_PRECONDITION,
    "permission_denied": code_pb2.PERMISSION_DENIED,
    "unauthenticated": code_pb2.UNAUTHENTICATED,
    "invalid": code_pb2.INVALID_ARGUMENT,
    "already_exists": code_pb2.ALREADY_EXISTS,
    "unavailable": code_pb2.UNAVAILABLE,
    "resource_exhausted": code_pb2.RESOURCE_EXHAUSTED,
    "deadline_exceeded": code_pb2.DEADLINE_EXCEEDED,
    "aborted": code_pb2.ABORTED,
}


def _refused(exc: Refused) -> status_pb2.Status:
    info = error_details_pb2.ErrorInfo(reason=exc.reason, domain=DOMAIN, metadata=getattr(exc, "metadata", {}))
    return status_pb2.Status(
        code=REFUSED.get(exc.code, code_pb2.FAILED_PRECONDITION),
        message=message_text(exc.message_en),
        details=_pack(info, _localized(summary_text(exc.message_vi)), _request_info()),
    )


def to_status(exc: BaseException) -> status_pb2.Status:
    """The google.rpc.Status a client sees for ``exc`` (unknown errors say only "internal error")."""
    if isinstance(exc, InvalidRequest):
        return _bad_request(exc.violations)
    if isinstance(exc, NotFound):
        return _not_found(exc)
    if isinstance(exc, SheetUnavailable):
        return _unavailable(exc)
    if isinstance(exc, PluginFailure):
        return _plugin_failure(exc)
    if isinstance(exc, Refused):
        return _refused(exc)
    if isinstance(exc, ReplayError):
        return _refused(Refused("failed_precondition", str(exc), f"Không thể tính lại: {exc}", "NOT_REPLAYABLE"))
    if isinstance(exc, StoreClosed):
        return _refused(
            Refused(
                "unavailable",
                "the audit store is closed (the server is shutting down)",
                "Kho nhật ký đã đóng (máy chủ đang dừng)",
                "STORE_CLOSED",
            )
        )
    if isinstance(exc, DeadlineExceeded):
        return status_pb2.Status(
            code=code_pb2.DEADLINE_EXCEEDED,
            message="deadline exceeded before the work was done",
            details=_pack(_request_info()),
        )
    log.error("unexpected_error", exc_info=exc)
    return status_pb2.Status(
        code=code_pb2.INTERNAL,
        message="internal error",
        details=_pack(_localized("Lỗi nội bộ của máy chủ"), _request_info()),
    )


def abort(context: grpc.ServicerContext, exc: BaseException) -> NoReturn:
    """End the call with the rich status of ``exc``."""
    context.abort_with_status(rpc_status.to_status(to_status(exc)))
    raise AssertionError("abort_with_status returned")  # pragma: no cover


def check_deadline(context: grpc.ServicerContext) -> None:
    """Raise DeadlineExceeded when the caller's deadline has passed or the call was cancelled."""
    if not context.is_active() or context.time_remaining() <= 0:
        raise DeadlineExceeded()
