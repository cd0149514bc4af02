"""AIP-158 pagination: opaque page tokens bound to the query they were issued for."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from scoring_core.errors import FieldViolation, InvalidRequest

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
#: Offsets and cursors stay within int64 (the store's sequence numbers).
MAX_OFFSET = 2**63 - 2


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing and the token of the next (empty on the last page)."""

    items: list[T]
    next_page_token: str = ""


def _query_key(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()[:12]


def _token(offset: int, query: str) -> str:
    raw = json.dumps({"o": offset, "q": _query_key(query)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(token: str, query: str) -> int:
    """The offset a token stands for; InvalidRequest when it is not one of ours for this query."""
    if not token:
        return 0
    key, offset = None, -1
    if len(token) <= 200:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if isinstance(data, dict) and type(data.get("o")) is int:
                offset, key = data["o"], data.get("q")
        except (ValueError, TypeError, RecursionError):
            pass
    if key != _query_key(query) or not 0 <= offset < MAX_OFFSET:
        raise InvalidRequest(
            [
                FieldViolation(
                    "page_token",
                    "invalid page token, or one issued for other filters",
                    "Mã trang (page_token) không hợp lệ hoặc thuộc một truy vấn khác",
                )
            ]
        )
    return offset


def page(items: Sequence[T], page_size: int, page_token: str, query: str = "") -> Page[T]:
    """One page of ``items`` and the next page token (empty on the last page); the token is bound to ``query``."""
    if page_size < 0:
        raise InvalidRequest(
            [
                FieldViolation(
                    "page_size", "page_size must not be negative", "Kích thước trang (page_size) không được âm"
                )
            ]
        )
    size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    start = _offset(page_token, query)
    end = start + size
    return Page(list(items[start:end]), _token(end, query) if end < len(items) else "")


def cursor_token(value: int, query: str = "") -> str:
    """An opaque token standing for ``value`` (a cursor, e.g. the last seq returned) for this query."""
    return _token(value, query)


def cursor(token: str, query: str = "") -> int:
    """The cursor a token stands for (0 for no token); InvalidRequest when it is not ours for this query."""
    return _offset(token, query)
