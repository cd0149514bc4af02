"""Opening the trail for writing: the key, the witness, and the check at start before anything is appended.

``open_trail`` loads the signing key (outside the data directory), finds the store's witness,
verifies the chain from the last witnessed head (or wholly, ``full=True``) and installs the
witness guard on the store.  On a broken chain the guard is marked broken: the store still
serves reads, every append is refused, and nothing is ever signed.  A store that has events but
no witness yet is adopted once its whole chain verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import structlog

from scoring_core.audit.checkpoints import Signer, load_signer
from scoring_core.audit.store import AuditStore
from scoring_core.audit.verify import VerifyReport, verify
from scoring_core.audit.witness import TrailBroken, Witness, WitnessGuard

log = structlog.get_logger("ocop.audit.trail")


@dataclass
class Trail:
    """The signing key, the witness guard installed on the store, and what the check at start found."""

    signer: Signer
    guard: WitnessGuard
    report: VerifyReport

    @property
    def broken(self) -> TrailBroken | None:
        """Why writes are refused (None while the trail holds)."""
        return self.guard.broken


def check_at_start(store: AuditStore, guard: WitnessGuard, full: bool = False) -> VerifyReport:
    """Verify the store against the witness before any write; mark the guard broken when it does not hold."""
    view, head = guard.current(), store.head()
    report = None
    if view.records == 0:
        report = verify(store)
        if report.ok and head[0] > 0 and guard.adopt(head) is None:
            report = None  # another process adopted it first: check against what it witnessed
    if report is None:
        anchor = 0 if full else min(view.must_have, head[0])
        report = verify(store, witness=guard.current, start=anchor + 1, use_stored=full or anchor == 0)
        if not report.ok and anchor > 0:
            report = verify(store, witness=guard.current)  # name the first bad event over the whole chain
    if not report.ok:
        guard.fail(report.problem_en or "the chain does not verify", report.problem_vi or "chuỗi không hợp lệ")
    return report


def open_trail(
    store: AuditStore,
    *,
    data_dir: str | Path | None = None,
    key: str | Path | None = None,
    witness: str | Path | None = None,
    allow_in_data_dir: bool | None = None,
    sign_every: int = 1,
    full: bool = False,
) -> Trail:
    """Load the key and the witness, check the store, and guard its appends from now on."""
    signer = load_signer(data_dir, key, allow_in_data_dir=allow_in_data_dir)
    guard = WitnessGuard(
        Witness.for_store(store, witness, data_dir, allow_in_data_dir=allow_in_data_dir), signer, sign_every
    )
    report = check_at_start(store, guard, full)
    store.guard = guard
    log.info(
        "audit_trail_checked",
        ok=report.ok,
        events=report.size,
        first_bad=report.first_bad,
        witness=guard.witness.where,
        key_id=signer.key_id,
        full=full,
    )
    return Trail(signer, guard, report)
