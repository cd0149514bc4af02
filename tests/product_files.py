"""The one builder of product files in the tests (what ``ocop score`` reads and ``to_request`` sends).

By default: product ``P-1`` on sheet 2026/98 of the test plugins (``grpctest``, ``audittest``), with facts
and judgements that score 100 points there (A1.1 option 3 from 80 % local labour).  Keywords replace the
product's id, its facts or judgements; any other keyword replaces or adds a top-level key of the file
(``sheet=``, ``evaluated_on=``, ``request_id=``, ``product=``...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: A1.1 option 3 (80 % local labour: 15 points) and C6.1 option 2 (certified) on sheet 2026/98.
FACTS: Mapping[str, Any] = {"grpctest_labour_pct": 80, "grpctest_certified": True}
#: The best judgement of every criterion of 2026/98 that no fact decides.
JUDGEMENTS: Mapping[str, Any] = {"A1.2": {"case": 1, "option": 2}, "B5.1": 2, "B5.2": 2, "C6.2": 2}


def product(
    pid: str = "P-1",
    *,
    facts: Mapping[str, Any] = FACTS,
    judgements: Mapping[str, Any] = JUDGEMENTS,
    **extra: Any,
) -> dict[str, Any]:
    """A product file; ``product(pid)["product"]`` is the product block alone (as a council's dossier holds it)."""
    return {
        "product": {"id": pid, "name": "Trà thử", "producer": "HTX Thử", "province": "Hà Nội"},
        "sheet": "2026/98",
        "evaluated_on": "2026-08-01",
        "facts": dict(facts),
        "judgements": dict(judgements),
    } | extra
