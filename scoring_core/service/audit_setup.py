"""The audit side of a server process: its store, signing key, witness, checkpoints and the books.

Each server process opens its own store (SQLite WAL or PostgreSQL); writers in different
processes serialise on the chain head inside the store's write transaction, and each commit is
witnessed outside the store first.  At start the chain is verified from its last witnessed head;
on a broken chain the process serves reads and refuses every write, and signs nothing.  On
shutdown the ticker stops (signing the final head, unless the trail is broken) before the store
closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import structlog

from scoring_core.audit import open_store
from scoring_core.audit.checkpoints import Signer
from scoring_core.audit.store import AuditStore
from scoring_core.audit.trail import Trail, open_trail
from scoring_core.audit.witness import Ticker, TrailBroken
from scoring_core.councils.book import CouncilBook
from scoring_core.councils.contests import ContestBook
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.replay import record_plugins_seen
from scoring_core.service.config import ServerConfig

log = structlog.get_logger("ocop.server")


@dataclass
class AuditRuntime:
    """What the council, contest, audit and recording services share in one process."""

    store: AuditStore
    signer: Signer
    councils: CouncilBook
    contests: ContestBook
    checkpointer: Ticker
    trail: Trail

    @property
    def broken(self) -> TrailBroken | None:
        """Why writes are refused (None while the trail verifies)."""
        return self.trail.broken

    @classmethod
    def start(cls, config: ServerConfig, scorer: Scorer, store: AuditStore | None = None) -> AuditRuntime:
        """Open the store (unless given), check it against the witness, record the sheet versions seen
        and start the checkpoint ticker (the writes only while the trail holds)."""
        store = store or open_store(config.data_dir, config.database_url or None)
        try:
            trail = open_trail(
                store,
                data_dir=config.data_dir,
                key=config.signing_key or None,
                witness=config.witness or None,
                allow_in_data_dir=config.allow_key_in_data_dir or None,
                sign_every=config.checkpoint_every,
                full=config.verify_at_start == "full",
            )
            councils = CouncilBook(store, scorer, config.council_min_members)
            expired = []
            if trail.broken is None:
                record_plugins_seen(store, scorer.plugins)
                expired = councils.observe_expiries(date.today())
            else:
                log.error(
                    "audit_trail_refuses_writes",
                    first_bad=trail.report.first_bad,
                    problem=trail.report.problem_en,
                    note="reads are served; every write is refused and nothing is signed",
                )
            checkpointer = Ticker(trail.guard, store, config.checkpoint_interval).start()
        except BaseException:
            store.close()
            raise
        log.info(
            "audit_ready",
            store=store.describe(),
            events=store.size(),
            key_id=trail.signer.key_id,
            witness=trail.guard.witness.where,
            writes="refused" if trail.broken else "accepted",
            checkpoint_interval=config.checkpoint_interval,
            checkpoint_every=config.checkpoint_every,
            expiries_recorded=len(expired),
        )
        return cls(store, trail.signer, councils, ContestBook(store, scorer, councils), checkpointer, trail)

    def close(self) -> None:
        """Stop the ticker (it signs the final head unless the trail is broken), then close the store."""
        try:
            self.checkpointer.stop()
        except Exception as exc:  # the store must still be closed
            log.error("audit_checkpoint_failed", error=f"{type(exc).__name__}: {exc}")
        self.store.close()
        self.trail.guard.witness.close()
