"""A witness record (one JSON line) and what every witness backend offers: the file and PostgreSQL.

Both backends (``audit.witness.Witness``, ``audit.witness_pg.PostgresWitness``) read and write these
records and nothing else, so they import this module and not each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from scoring_core.audit.checkpoints import Checkpoint

WITNESS_TYPE = "ocop-audit-witness/v1"
BINDING = frozenset({"committed", "checkpoint", "adopted"})
Head = tuple[int, str]


@dataclass(frozen=True)
class WitnessEntry:
    """One witness record: ``intent``, ``committed``, ``checkpoint`` or ``adopted`` (see ``audit.witness``)."""

    state: str
    head: Head
    prev: Head | None = None
    hashes: tuple[str, ...] = ()
    checkpoint: Checkpoint | None = None

    def to_line(self) -> bytes:
        """The JSON line appended to the witness."""
        data: dict[str, Any] = {"type": WITNESS_TYPE, "state": self.state, "head": list(self.head)}
        if self.prev is not None:
            data["prev"] = list(self.prev)
        if self.hashes:
            data["hashes"] = list(self.hashes)
        if self.checkpoint is not None:
            data["checkpoint"] = self.checkpoint.to_json()
        return json.dumps(data, separators=(",", ":")).encode("ascii") + b"\n"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WitnessEntry:
        """Read one record (ValueError/KeyError/TypeError when malformed)."""
        if data.get("type") != WITNESS_TYPE or data.get("state") not in BINDING | {"intent"}:
            raise ValueError("not an OCOP witness record")
        prev = data.get("prev")
        cp = data.get("checkpoint")
        return cls(
            str(data["state"]),
            (int(data["head"][0]), str(data["head"][1])),
            (int(prev[0]), str(prev[1])) if prev is not None else None,
            tuple(str(h) for h in data.get("hashes", ())),
            Checkpoint.from_json(cp) if cp is not None else None,
        )


class WitnessLog(Protocol):
    """An append-only sequence of witness records kept apart from the store."""

    damaged: int  # unreadable records seen (a write torn by a crash)

    @property
    def where(self) -> str:
        """Where the records are (for logs and reports; no credentials)."""
        ...

    def exists(self) -> bool:
        """True when it holds something."""
        ...

    def append(self, entry: WitnessEntry, sync: bool = True) -> None:
        """Append one record; ``sync``: durably before returning."""
        ...

    def append_if_empty(self, entry: WitnessEntry) -> bool:
        """Append ``entry`` as the first record unless there is one already (atomically)."""
        ...

    def read(self, offset: int = 0) -> tuple[list[WitnessEntry], int]:
        """Records after ``offset`` and the offset to resume from."""
        ...

    def entries(self) -> list[WitnessEntry]:
        """Every readable record, in order."""
        ...

    def close(self) -> None:
        """Release what it holds."""
        ...
