"""The audit store the ``audit``, ``council`` and ``contest`` commands work on, directly, as the server does.

The store is the one the server uses: OCOP_DATABASE_URL (PostgreSQL) or ``<OCOP_DATA_DIR>/audit.sqlite3``
(``--data-dir`` / ``--database-url`` override), with the server's signing key and witness
(``--signing-key`` / OCOP_SIGNING_KEY, ``--witness`` / OCOP_WITNESS): commands that write are
witnessed like the server's, and refused while the trail does not verify.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from scoring_core.audit import open_store
from scoring_core.audit.store import AuditStore
from scoring_core.audit.trail import Trail, open_trail
from scoring_core.audit.witness import Witness
from scoring_core.audit.witness_log import WitnessLog


def store_options() -> argparse.ArgumentParser:
    """The options every store command shares (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir", help="directory of audit.sqlite3 and the signing key (env OCOP_DATA_DIR, default ./var)"
    )
    parent.add_argument("--database-url", help="PostgreSQL URL (env OCOP_DATABASE_URL); SQLite when absent")
    parent.add_argument(
        "--signing-key",
        help="the checkpoint signing key (env OCOP_SIGNING_KEY, default ~/.config/ocop/signing_key.pem)",
    )
    parent.add_argument(
        "--witness", help="witness directory or .jsonl file (env OCOP_WITNESS, default ~/.local/state/ocop/witness)"
    )
    parent.add_argument(
        "--allow-key-in-data-dir",
        action="store_true",
        default=None,
        help="accept a signing key or witness inside the data directory (env OCOP_ALLOW_KEY_IN_DATA_DIR=1)",
    )
    return parent


def open_plain(args: argparse.Namespace) -> AuditStore:
    """The store named by the options or the environment, unguarded (for commands that check it themselves)."""
    return open_store(args.data_dir, args.database_url)


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[AuditStore]:
    """The store, checked against its witness, closed afterwards.

    Its appends are witnessed; on a broken trail reads go on and every append is refused.  A key or
    witness inside the data directory raises ``KeyPlacementError`` unless allowed.
    """
    store = open_plain(args)
    trail: Trail | None = None
    try:
        trail = open_trail(
            store,
            data_dir=args.data_dir,
            key=args.signing_key,
            witness=args.witness,
            allow_in_data_dir=args.allow_key_in_data_dir,
        )
        yield store
    finally:
        store.close()
        if trail is not None:
            trail.guard.witness.close()


def witness_of(args: argparse.Namespace, store: AuditStore) -> WitnessLog:
    """The store's witness as the options name it (to read it)."""
    return Witness.for_store(store, args.witness, args.data_dir, args.allow_key_in_data_dir)
