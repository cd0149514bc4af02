"""The audit side of a server process: its store, signing key, periodic checkpoints and the books.

Each server process opens its own store (SQLite WAL or PostgreSQL); writers in different
processes serialise on the chain head inside the store's write transaction.  On shutdown the
checkpointer stops (signing the final head) before the store closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import structlog

from scoring_core.audit import open_store
from scoring_core.audit.checkpoints import PeriodicCheckpointer, Signer, load_signer
from scoring_core.audit.store import AuditStore
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
    checkpointer: PeriodicCheckpointer

    @classmethod
    def start(cls, config: ServerConfig, scorer: Scorer, store: AuditStore | None = None) -> AuditRuntime:
        """Open the store (unless given), record the sheet versions seen and start the checkpointer."""
        store = store or open_store(config.data_dir, config.database_url or None)
        try:
            signer = load_signer(config.data_dir)
            record_plugins_seen(store, scorer.plugins)
            councils = CouncilBook(store, scorer, config.council_min_members)
            expired = councils.observe_expiries(date.today())
            checkpointer = PeriodicCheckpointer(store, signer, config.checkpoint_interval or 1e9).start()
        except BaseException:
            store.close()
            raise
        log.info(
            "audit_ready",
            store=store.describe(),
            events=store.size(),
            key_id=signer.key_id,
            checkpoint_interval=config.checkpoint_interval,
            expiries_recorded=len(expired),
        )
        return cls(store, signer, councils, ContestBook(store, scorer, councils), checkpointer)

    def close(self) -> None:
        """Stop the checkpointer (it signs the final head), then close the store."""
        try:
            self.checkpointer.stop()
        except Exception as exc:  # the store must still be closed
            log.error("audit_checkpoint_failed", error=f"{type(exc).__name__}: {exc}")
        self.store.close()
