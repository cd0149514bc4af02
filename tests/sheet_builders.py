"""One small sheet with every feature (knock-outs, two cases, story-only, gates), shared by the tests."""

from __future__ import annotations

from typing import Any


def option(n: int, points: int, min_star: int | None = None, effect: str | None = None) -> dict[str, Any]:
    """One option as sheet data."""
    return {
        "n": n,
        "label_vi": f"phương án {n}",
        "label_en": f"option {n}",
        "points": points,
        "min_star": min_star,
        "effect": effect,
    }


def criterion(cid: str, mx: int, options: list | None = None, **extra: Any) -> dict[str, Any]:
    """One criterion as sheet data (``branches``, ``applies_when``, ``min_star`` through ``extra``)."""
    return {
        "id": cid,
        "title_vi": f"tiêu chí {cid}",
        "title_en": f"criterion {cid}",
        "max": mx,
        "options": options or [],
        **extra,
    }


def feature_sheet(
    regime: str = "2026",
    number: int = 99,
    *,
    version: int = 1,
    sector: str = "food",
    part_a_max: int = 40,
    a11_first: int = 5,
) -> dict[str, Any]:
    """A sheet of A 40 (``part_a_max`` to break it), B 25, C 35 with every scoring feature.

    A1.1: options 5/10★4/20★5 and an eliminate; A1.2: two cases, case 1 gated at 4★; B5.1 the story
    and B5.2 story-only with a 3★ criterion gate; C6.1 with a stop option; C6.2 plain.
    """
    return {
        "regime": regime,
        "sheet_no": number,
        "sheet_id": f"{regime}/{number}",
        "version": version,
        "name_vi": f"Bộ thử {number}",
        "name_en": f"Test sheet {number}",
        "sector": sector,
        "group_vi": "Thử nghiệm",
        "parts": [
            {
                "code": "A",
                "max": part_a_max,
                "title_vi": "Phần A",
                "groups": [
                    {
                        "id": "A1",
                        "max": 40,
                        "title_vi": "A1",
                        "criteria": [
                            criterion(
                                "A1.1",
                                20,
                                [
                                    option(1, a11_first),
                                    option(2, 10, 4),
                                    option(3, 20, 5),
                                    option(4, 0, effect="eliminate"),
                                ],
                            ),
                            criterion(
                                "A1.2",
                                20,
                                branches=[
                                    {
                                        "case": 1,
                                        "label_vi": "Trường hợp 1",
                                        "options": [option(1, 10), option(2, 20, 4)],
                                    },
                                    {"case": 2, "label_vi": "Trường hợp 2", "options": [option(1, 15), option(2, 20)]},
                                ],
                            ),
                        ],
                    },
                ],
            },
            {
                "code": "B",
                "max": 25,
                "title_vi": "Phần B",
                "groups": [
                    {
                        "id": "B5",
                        "max": 25,
                        "title_vi": "Câu chuyện",
                        "criteria": [
                            criterion("B5.1", 10, [option(1, 0), option(2, 10)]),
                            criterion(
                                "B5.2", 15, [option(1, 5), option(2, 15)], applies_when="story_exists", min_star=3
                            ),
                        ],
                    },
                ],
            },
            {
                "code": "C",
                "max": 35,
                "title_vi": "Phần C",
                "groups": [
                    {
                        "id": "C6",
                        "max": 35,
                        "title_vi": "C6",
                        "criteria": [
                            criterion("C6.1", 15, [option(1, 0), option(2, 15), option(3, 0, effect="stop")]),
                            criterion("C6.2", 20, [option(1, 10), option(2, 20)]),
                        ],
                    },
                ],
            },
        ],
    }
