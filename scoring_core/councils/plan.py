"""One decision as one append: the events it writes, in order, some naming the seq of an earlier one.

A council decision often writes several events (a result and its recognition; re-scored sheets,
the revised result, its recognition or the revocation of the old one, and the contest's
resolution).  ``Plan`` lists them; payloads that name an earlier step's seq are functions of
``seqs`` (label -> seq) and are built by the store's writer once the places are known, inside
the transaction that also checks the condition.  Everything else is encoded beforehand, on the
caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scoring_core.audit.events import Event, NewEvent
from scoring_core.audit.store import AuditStore, Condition

#: A payload that names earlier steps' seqs: given {label: seq}, the payload.
Later = Callable[[dict[str, int]], Any]


@dataclass
class Plan:
    """Events to append together, all or none; the first carries the operation's request id and hash."""

    actor: str
    request_id: str
    request_hash: str | None = None
    _steps: list[tuple[str, NewEvent | tuple[str, Later, str, str | None]]] = field(default_factory=list)

    def add(self, label: str, kind: str, payload: Any, *, subject: str | None, actor: str | None = None) -> str:
        """Add an event; ``payload`` may be a function of the earlier steps' seqs.  Returns ``label``."""
        first = not self._steps
        rid = self.request_id if first else f"{self.request_id}:{label}"
        rhash = self.request_hash if first else None
        who = actor or self.actor
        if callable(payload) and (first or who != self.actor):
            raise ValueError("the first step and steps by another actor need a fixed payload")
        if callable(payload):
            self._steps.append((label, (kind, payload, rid, subject)))
        else:
            self._steps.append(
                (label, NewEvent.make(kind, payload, actor=who, request_id=rid, subject=subject, request_hash=rhash))
            )
        return label

    def labels(self) -> list[str]:
        """The labels, in order."""
        return [label for label, _ in self._steps]

    def build(self, base: int) -> list[NewEvent]:
        """The events, the first at seq ``base`` (run by the store's writer)."""
        seqs = {label: base + i for i, (label, _) in enumerate(self._steps)}
        out = []
        for _, step in self._steps:
            if isinstance(step, NewEvent):
                out.append(step)
            else:
                kind, payload, rid, subject = step
                out.append(NewEvent.make(kind, payload(seqs), actor=self.actor, request_id=rid, subject=subject))
        return out

    def append(self, store: AuditStore, expect: Condition | None) -> dict[str, Event]:
        """Append the plan in one transaction if ``expect`` holds; the stored events by label."""
        events = store.append_all(self.build, expect=expect)
        return dict(zip(self.labels(), events, strict=False))
