"""Sheets as plugins ship them: raw JSON data in the plugin package, read with importlib.resources."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict


class SheetSource(BaseModel):
    """One sheet's raw data and where it came from (``package:path``)."""

    model_config = ConfigDict(frozen=True)
    origin: str
    data: dict[str, Any]


def package_json_files(package: str, folder: str) -> list[tuple[str, Any]]:
    """(origin, parsed JSON) of every ``*.json`` file in ``folder`` of ``package``, sorted by name."""
    root = resources.files(package).joinpath(folder)
    if not root.is_dir():
        return []
    files = sorted((f for f in root.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return [(f"{package}:{folder}/{f.name}", json.loads(f.read_text("utf-8"))) for f in files]


def package_sheets(package: str, folder: str = "sheets") -> list[SheetSource]:
    """Every sheet file a plugin package ships in its ``sheets/`` folder."""
    return [SheetSource(origin=o, data=d) for o, d in package_json_files(package, folder)]
