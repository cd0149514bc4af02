"""Resource names of the audit and council API: ``events/{seq}``, ``councils/{id}``, ``products/{id}/trail``."""

from __future__ import annotations

from datetime import date

from scoring_core.errors import FieldViolation, InvalidRequest


def bad(field: str, en: str, vi: str) -> InvalidRequest:
    """An InvalidRequest naming one field."""
    return InvalidRequest([FieldViolation(field, en, vi)])


def event_name(seq: int | None) -> str:
    """``events/{seq}``; empty for None."""
    return f"events/{seq}" if seq else ""


def council_name(session_id: str | None) -> str:
    """``councils/{id}``; empty for None."""
    return f"councils/{session_id}" if session_id else ""


def numbered(value: str, collection: str, field: str) -> int:
    """The number of ``{collection}/{n}`` (a bare number is accepted too)."""
    text = value.removeprefix(f"{collection}/")
    if not text.isdigit() or int(text) < 1:
        raise bad(
            field,
            f"expected {collection}/{{number}}, got {value!r}",
            f"Cần dạng {collection}/{{số}}, nhận được {value!r}",
        )
    return int(text)


def session_id(value: str, field: str = "session") -> str:
    """The id of ``councils/{id}`` (a bare id is accepted too)."""
    text = value.removeprefix("councils/")
    if not text or "/" in text:
        raise bad(
            field, f"expected councils/{{id}}, got {value!r}", f"Cần dạng councils/{{mã phiên}}, nhận được {value!r}"
        )
    return text


def trail_product(value: str, field: str = "name") -> str:
    """The product id of ``products/{id}/trail``."""
    if not (value.startswith("products/") and value.endswith("/trail")) or len(value) <= len("products//trail"):
        raise bad(
            field,
            f"expected products/{{id}}/trail, got {value!r}",
            f"Cần dạng products/{{mã sản phẩm}}/trail, nhận được {value!r}",
        )
    return value[len("products/") : -len("/trail")]


def required(value: str, field: str) -> str:
    """``value``, which must not be empty."""
    if not value.strip():
        raise bad(field, "Field required", "Thiếu trường bắt buộc")
    return value


def day(value: str, field: str, default: date | None = None) -> date | None:
    """A YYYY-MM-DD date; ``default`` when empty."""
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad(
            field, f"expected a date YYYY-MM-DD, got {value!r}", f"Phải là ngày dạng YYYY-MM-DD, nhận được {value!r}"
        ) from None
