"""Replayable evaluation records: what an evaluation event stores, and replaying it exactly.

An evaluation record holds everything needed to recompute the decision: regime, sheet id and
version, plugin and version, the sheet's content hash, engine version, gate policy, the
request (facts and judgements), the date used as "today" and the result (Evaluation JSON).
Replay scores the stored request on the sheet version with the stored content hash, through
the very same ``Scorer`` pipeline, and compares with the stored result field by field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from scoring_core.audit.events import Event, EventKind, plain
from scoring_core.audit.store import AuditStore
from scoring_core.plugins.manager import OcopPlugins, SheetEntry
from scoring_core.rules.engine import engine_version
from scoring_core.scoring.evaluation import Evaluation
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.ranking import GatePolicy
from scoring_core.scoring.request import ScoreRequest


class ReplayError(LookupError):
    """The event cannot be replayed here (not an evaluation, or its sheet version is not installed)."""


@dataclass(frozen=True)
class Difference:
    """One field where the replayed result differs from the stored one (``path`` like ``breakdown[3].points``)."""

    path: str
    stored: Any
    replayed: Any


def evaluation_record(request: ScoreRequest, evaluation: Evaluation, policy: GatePolicy | str) -> dict[str, Any]:
    """The replayable record of one evaluation (JSON-ready, as it is stored)."""
    ev = evaluation
    return {
        "regime": ev.regime,
        "sheet": ev.sheet,
        "sheet_version": ev.sheet_version,
        "plugin": ev.plugin,
        "plugin_version": ev.plugin_version,
        "content_hash": ev.content_hash,
        "engine_version": ev.engine_version,
        "policy": str(policy),
        "today": ev.evaluated_on.isoformat(),
        "request": request.model_dump(mode="json"),
        "result": ev.model_dump(mode="json"),
    }


def record_evaluation(
    store: AuditStore,
    request: ScoreRequest,
    evaluation: Evaluation,
    *,
    actor: str,
    policy: GatePolicy | str,
    request_id: str | None = None,
    revision_of: int | None = None,
    contest: int | None = None,
    request_hash: str | None = None,
) -> Event:
    """Append an ``evaluation_recorded`` event (a revision when ``revision_of`` names the earlier one)."""
    payload = {
        "product_id": evaluation.product["id"],
        "evaluation": evaluation_record(request, evaluation, policy),
        "revision_of": revision_of,
        "contest": contest,
    }
    return store.append(
        EventKind.EVALUATION_RECORDED,
        payload,
        actor=actor,
        request_id=request_id,
        subject=evaluation.product["id"],
        request_hash=request_hash,
    )


class _PinnedPlugins:
    """The plugin facade with one sheet pinned to a given version (everything else delegated)."""

    def __init__(self, plugins: OcopPlugins, entry: SheetEntry) -> None:
        self._plugins, self._entry = plugins, entry

    def sheet(self, regime: str, sheet_id: str, version: int | None = None) -> SheetEntry | None:
        if (regime, sheet_id) == (self._entry.regime, self._entry.sheet_id):
            return self._entry
        return self._plugins.sheet(regime, sheet_id, version)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plugins, name)


def score_pinned(
    scorer: Scorer, request: ScoreRequest, entry: SheetEntry, today: date, policy: GatePolicy | str | None = None
) -> Evaluation:
    """Score ``request`` on exactly ``entry`` (a past sheet version), through the same pipeline."""
    pinned = Scorer(
        _PinnedPlugins(scorer.plugins, entry),  # type: ignore[arg-type]  # an OcopPlugins in all it is asked
        scorer.engine,
        GatePolicy(policy) if policy else scorer.policy,
    )
    return pinned.score(request, today)


def stored_record(event: Event) -> dict[str, Any]:
    """The evaluation record an event carries (evaluation or member sheet)."""
    record = event.payload.get("evaluation") if isinstance(event.payload, dict) else None
    if not isinstance(record, dict) or "request" not in record:
        raise ReplayError(f"event {event.seq} ({event.kind}) carries no evaluation record")
    return record


def rescore(scorer: Scorer, record: dict[str, Any], request: ScoreRequest | None = None) -> Evaluation:
    """Score ``request`` (default: the stored one) on the record's sheet version, date and policy."""
    entry = scorer.plugins.sheet_by_hash(record["content_hash"])
    if entry is None or entry.sheet is None:
        raise ReplayError(
            f"sheet {record['sheet']} version {record['sheet_version']} ({record['content_hash']}) is not installed"
        )
    request = request or ScoreRequest.model_validate(record["request"])
    return score_pinned(scorer, request, entry, date.fromisoformat(record["today"]), record.get("policy"))


def _diff(stored: Any, replayed: Any, path: str, out: list[Difference]) -> None:
    if isinstance(stored, dict) and isinstance(replayed, dict):
        for key in sorted(set(stored) | set(replayed)):
            _diff(stored.get(key), replayed.get(key), f"{path}.{key}" if path else key, out)
    elif isinstance(stored, list) and isinstance(replayed, list) and len(stored) == len(replayed):
        for i, (a, b) in enumerate(zip(stored, replayed, strict=True)):
            _diff(a, b, f"{path}[{i}]", out)
    elif stored != replayed:
        out.append(Difference(path, stored, replayed))


def replay_result(event: Event, scorer: Scorer, ignore: Iterable[str] = ()) -> tuple[Evaluation, list[Difference]]:
    """Recompute a stored evaluation; (the replayed evaluation, differences from the stored result)."""
    record = stored_record(event)
    evaluation = rescore(scorer, record)
    replayed = plain(evaluation.model_dump(mode="json"))
    for key in set(replayed).difference(record["result"]):  # a field added since, with nothing in it: no change
        if replayed[key] in (None, False, [], {}):
            del replayed[key]
    differences: list[Difference] = []
    _diff(record["result"], replayed, "", differences)
    skip = set(ignore)
    return evaluation, [d for d in differences if d.path.split(".")[0].split("[")[0] not in skip]


def replay(event: Event, scorer: Scorer, ignore: Iterable[str] = ()) -> tuple[bool, list[Difference]]:
    """Recompute a stored evaluation; (identical, differences).  ``ignore`` lists top-level fields to skip."""
    differences = replay_result(event, scorer, ignore)[1]
    return not differences, differences


def record_plugins_seen(store: AuditStore, plugins: OcopPlugins, actor: str = "ocop-server") -> list[Event]:
    """Record every available sheet version (plugin, version, content hash) once; repeats write nothing."""
    futures = []
    for entry in plugins.sheets():
        if not entry.available:
            continue
        payload = {
            "plugin": entry.plugin,
            "plugin_version": entry.plugin_version,
            "regime": entry.regime,
            "sheet": entry.sheet_id,
            "sheet_version": entry.version,
            "content_hash": entry.content_hash,
            "origin": entry.origin,
            "engine_version": engine_version(),
        }
        rid = f"plugin-seen:{entry.plugin}:{entry.plugin_version}:{entry.sheet_id}:{entry.version}:{entry.content_hash}"
        futures.append(
            store.append_async(
                EventKind.PLUGIN_SEEN, payload, actor=actor, request_id=rid, subject=f"plugin/{entry.plugin}"
            )
        )
    return [f.result() for f in futures]
