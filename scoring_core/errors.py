"""Errors the service reports to callers: field violations (vi/en), not found, unavailable, refusals; bad settings."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

# Vietnamese messages for pydantic's error types; the English text comes from pydantic itself.
_VI = {
    "missing": "Thiếu trường bắt buộc",
    "extra_forbidden": "Trường không được phép",
    "int_type": "Phải là số nguyên",
    "int_parsing": "Phải là số nguyên",
    "int_from_float": "Phải là số nguyên",
    "string_type": "Phải là chuỗi ký tự",
    "bool_type": "Phải là đúng/sai (true/false)",
    "dict_type": "Phải là một đối tượng (bảng khóa - giá trị)",
    "model_type": "Phải là một đối tượng (bảng khóa - giá trị)",
    "date_type": "Phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "Phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "Phải là ngày dạng YYYY-MM-DD",
    "literal_error": "Giá trị không nằm trong danh sách cho phép",
    "greater_than_equal": "Giá trị quá nhỏ",
    "string_too_short": "Không được để trống",
    "string_too_long": "Chuỗi quá dài",
    "string_blank": "Không được để trống (chỉ có khoảng trắng)",
    "date_range": "Ngày nằm ngoài khoảng cho phép (từ 2019-08-21 đến một năm sau hôm nay)",
    "fact_value": "Giá trị không hợp lệ (số không hữu hạn hoặc lồng quá sâu)",
    "enum": "Giá trị không nằm trong danh sách cho phép",
    "int_parsing_size": "Số quá lớn",
    "value_error": "Giá trị không hợp lệ",
}


#: At most this many characters of a caller's input are quoted back in an error.
QUOTE_LIMIT = 100


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of an input value quoting at most ``limit`` of its characters (and its length when cut)."""
    text = value if isinstance(value, str) else str(value)
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text)} characters)"


@dataclass(frozen=True)
class FieldViolation:
    """One bad field: its path as in the request, why (English) and the Vietnamese message."""

    field: str
    description: str
    message_vi: str

    def text(self) -> str:
        """``field: Vietnamese (English)``, as a council reads it."""
        return f"{self.field}: {self.message_vi} ({self.description})"


class InvalidRequest(ValueError):
    """The request has bad fields; every violation is listed, nothing was done."""

    def __init__(self, violations: list[FieldViolation]) -> None:
        super().__init__("; ".join(v.text() for v in violations))
        self.violations = violations


class NotFound(LookupError):
    """No such sheet or regime."""

    def __init__(self, field: str, description: str, message_vi: str) -> None:
        super().__init__(description)
        self.violation = FieldViolation(field, description, message_vi)


class SheetUnavailable(RuntimeError):
    """The sheet exists but does not add up, so it is never served."""

    def __init__(self, sheet_id: str, reason: str) -> None:
        super().__init__(f"sheet {sheet_id} is unavailable: {reason}")
        self.sheet_id = sheet_id
        self.reason = reason
        self.message_vi = f"Bộ tiêu chí {sheet_id} không sử dụng được (không khớp tổng điểm): {reason}"


class Refused(RuntimeError):
    """An operation refused for a reason the caller can act on, in English and Vietnamese.

    ``code`` names the status: not_found, failed_precondition, permission_denied, unauthenticated,
    invalid, already_exists or unavailable.
    """

    def __init__(self, code: str, message_en: str, message_vi: str, reason: str = "") -> None:
        super().__init__(message_en)
        self.code, self.message_en, self.message_vi = code, message_en, message_vi
        self.reason = reason or code.upper()
        self.metadata: dict[str, str] = {}  # ErrorInfo metadata (e.g. the event that decided)

    def text(self) -> str:
        """Vietnamese with the English gloss."""
        return f"{self.message_vi} ({self.message_en})"


class ConfigError(Exception):
    """The deployment's settings are wrong (a flag, an environment variable, a file they name): nothing starts.

    Library code raises it; the ``ocop`` command and the server's start-up turn it into exit status 1.
    The message is for the operator (English), naming the setting and what it expects.
    """


def field_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    """A pydantic location as a dotted field path (``judgements.C8.option``)."""
    parts = [prefix] if prefix else []
    for p in loc:
        if isinstance(p, int) and parts:
            parts[-1] = f"{parts[-1]}[{p}]"
        else:
            parts.append(clip(str(p)))
    return ".".join(parts)


def violations_from(exc: ValidationError, prefix: str = "") -> list[FieldViolation]:
    """Every pydantic error as a field violation (union branches collapsed to one per field)."""
    seen: dict[str, FieldViolation] = {}
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
        path = field_path(loc, prefix)
        if path in seen:
            continue
        seen[path] = FieldViolation(path, err["msg"], _VI.get(err["type"], "Giá trị không hợp lệ"))
    return list(seen.values())
