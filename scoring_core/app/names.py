"""Resource names of the audit and council API: ``events/{seq}``, ``councils/{id}``, ``products/{id}/trail``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from scoring_core.errors import FieldViolation, InvalidRequest, quoted
from scoring_core.scoring.request import DATE_TEXT, FIRST_DAY, latest_day

#: The largest number a resource name may carry (the store's sequence numbers are int64).
MAX_NUMBER = 2**63 - 1
_NUMBER = re.compile(r"[0-9]{1,19}")


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
    if not _NUMBER.fullmatch(text) or not 1 <= int(text) <= MAX_NUMBER:
        raise bad(
            field,
            f"expected {collection}/{{number}} (ASCII digits, 1 to 2^63-1), got {quoted(value)}",
            f"Cần dạng {collection}/{{số}} (chữ số 0-9, từ 1 đến 2^63-1), nhận được {quoted(value)}",
        )
    return int(text)


def session_id(value: str, field: str = "session") -> str:
    """The id of ``councils/{id}`` (a bare id is accepted too)."""
    text = value.removeprefix("councils/")
    if not text.strip() or "/" in text or len(text) > 128:
        raise bad(
            field,
            f"expected councils/{{id}}, got {quoted(value)}",
            f"Cần dạng councils/{{mã phiên}}, nhận được {quoted(value)}",
        )
    return text


def trail_product(value: str, field: str = "name") -> str:
    """The product id of ``products/{id}/trail``."""
    if not (value.startswith("products/") and value.endswith("/trail")) or len(value) <= len("products//trail"):
        raise bad(
            field,
            f"expected products/{{id}}/trail, got {quoted(value)}",
            f"Cần dạng products/{{mã sản phẩm}}/trail, nhận được {quoted(value)}",
        )
    product = value[len("products/") : -len("/trail")]
    return required(product, field)


def required(value: str, field: str) -> str:
    """``value``, which must not be empty."""
    if not value.strip():
        raise bad(field, "Field required", "Thiếu trường bắt buộc")
    return value


#: The longest free text kept in the trail (a reason: as long as a judgement's reason may be).
TEXT_MAX = 4000
#: The most evidence references a contest carries, and the longest one (a link or a document reference).
EVIDENCE_MAX, REFERENCE_MAX = 100, 2000


def text(value: str, field: str, limit: int = TEXT_MAX) -> str:
    """A required free text kept in the trail (a reason): not blank, at most ``limit`` characters."""
    required(value, field)
    if len(value) > limit:
        raise bad(
            field,
            f"at most {limit} characters (got {len(value)})",
            f"Tối đa {limit} ký tự (nhận được {len(value)})",
        )
    return value


def references(values: Sequence[str], field: str) -> list[str]:
    """Evidence references: at most ``EVIDENCE_MAX``, each not blank and at most ``REFERENCE_MAX`` characters."""
    if len(values) > EVIDENCE_MAX:
        raise bad(
            field,
            f"at most {EVIDENCE_MAX} items (got {len(values)})",
            f"Tối đa {EVIDENCE_MAX} mục (nhận được {len(values)})",
        )
    return [text(v, f"{field}[{i}]", REFERENCE_MAX) for i, v in enumerate(values)]


def day(value: str, field: str, default: date | None = None) -> date | None:
    """A YYYY-MM-DD date from the first regime (2019-08-21) to a year ahead; ``default`` when empty.

    Only the calendar form is taken: no week dates (``2026-W01-1``), no basic form (``20260801``).
    """
    if not value:
        return default
    try:
        if not DATE_TEXT.fullmatch(value):
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise bad(
            field,
            f"expected a date YYYY-MM-DD, got {quoted(value)}",
            f"Phải là ngày dạng YYYY-MM-DD, nhận được {quoted(value)}",
        ) from None
    if not FIRST_DAY <= parsed <= latest_day():
        raise bad(
            field,
            f"{parsed} is out of range: from {FIRST_DAY} (the first regime) to a year from today ({latest_day()})",
            f"Ngày {parsed} nằm ngoài khoảng cho phép: từ {FIRST_DAY} (bộ tiêu chí đầu tiên) "
            f"đến một năm sau hôm nay ({latest_day()})",
        )
    return parsed


def days(value: int, field: str, limit: int = 3660) -> timedelta:
    """A number of days from 0 to ``limit`` (ten years by default)."""
    if not 0 <= value <= limit:
        raise bad(field, f"must be from 0 to {limit} days", f"Phải từ 0 đến {limit} ngày")
    return timedelta(days=value)


def sheet_reference(text: str) -> str:
    """``regimes/2026/sheets/07`` -> ``2026/07``; other forms (``2026/07``, ``07``) unchanged."""
    parts = text.split("/")
    if len(parts) == 4 and parts[0] == "regimes" and parts[2] == "sheets":
        return f"{parts[1]}/{parts[3]}"
    return text
