"""Signed checkpoints: a deployment key (Ed25519) signs (size, head hash) of the chain.

The key lives outside the data directory (``audit.keys``: OCOP_SIGNING_KEY, else
``$XDG_CONFIG_HOME/ocop/signing_key.pem``, generated there once, mode 0600).  Checkpoints go to
the witness after every group commit (``audit.witness``); some are also kept in the store's own
append-only table and can be exported as JSON so that outsiders keep copies: a later truncation
or rewrite of the chain no longer matches a copy they hold.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from scoring_core.audit.events import canonical_bytes, now_iso
from scoring_core.audit.keys import KEY_FILE, allowed_in_data_dir, check_outside, key_path
from scoring_core.audit.store import AuditStore, StoredCheckpoint, default_data_dir

log = structlog.get_logger("ocop.audit.checkpoints")

STATEMENT_TYPE = "ocop-audit-checkpoint/v1"
__all__ = ["KEY_FILE", "Checkpoint", "Signer", "load_signer", "make_checkpoint"]


def key_id(public_pem: bytes) -> str:
    """A short, stable name of a public key: ``ed25519:`` + 16 hex digits of its sha256."""
    key = serialization.load_pem_public_key(public_pem)
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519:" + hashlib.sha256(raw).hexdigest()[:16]


class Signer:
    """The deployment's private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.key_id = key_id(self.public_pem)

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature of ``data``."""
        return self._key.sign(data)


def load_signer(
    data_dir: str | Path | None = None, key: str | Path | None = None, *, allow_in_data_dir: bool | None = None
) -> Signer:
    """The key at ``key``, else OCOP_SIGNING_KEY, else ``$XDG_CONFIG_HOME/ocop/signing_key.pem`` (made once, 0600).

    A key inside the data directory is refused (``KeyPlacementError``) unless allowed.  An explicit
    path that does not exist yet is generated too, so a deployment may name where its key goes.
    """
    path = key_path(key)
    check_outside("signing key", path, default_data_dir(data_dir), allowed_in_data_dir(allow_in_data_dir))
    if not path.exists():
        _generate(path)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path}: the signing key must be an Ed25519 private key")
    return Signer(loaded)


def _generate(path: Path) -> None:
    """Write a new key atomically: a private temp file (0600) hard-linked into place."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if another process won the race: its key is kept
        log.info("signing_key_generated", path=str(path))
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that the chain had ``size`` events ending in ``head_hash``."""

    size: int
    head_hash: str
    time: str
    key_id: str
    signature: bytes
    public_key: bytes

    def statement(self) -> bytes:
        """The exact bytes that are signed."""
        return canonical_bytes(
            {
                "type": STATEMENT_TYPE,
                "size": self.size,
                "head_hash": self.head_hash,
                "time": self.time,
                "key_id": self.key_id,
            }
        )

    def problem(self, trusted: Sequence[bytes] | None = None) -> str | None:
        """Why the signature does not hold (None when it does); ``trusted`` public keys (PEM) if given."""
        keys = list(trusted) if trusted else [self.public_key]
        for pem in keys:
            if key_id(pem) != self.key_id:
                continue
            public = serialization.load_pem_public_key(pem)
            assert isinstance(public, Ed25519PublicKey)
            try:
                public.verify(self.signature, self.statement())
                return None
            except InvalidSignature:
                return f"checkpoint at size {self.size}: bad signature"
        return f"checkpoint at size {self.size}: signed by unknown key {self.key_id}"

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for export."""
        return {
            "type": STATEMENT_TYPE,
            "size": self.size,
            "head_hash": self.head_hash,
            "time": self.time,
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode("ascii"),
            "public_key": self.public_key.decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checkpoint:
        """Read an exported checkpoint."""
        if data.get("type") != STATEMENT_TYPE:
            raise ValueError(f"not an OCOP audit checkpoint: type {data.get('type')!r}")
        return cls(
            int(data["size"]),
            str(data["head_hash"]),
            str(data["time"]),
            str(data["key_id"]),
            base64.b64decode(data["signature"]),
            str(data["public_key"]).encode("ascii"),
        )

    @classmethod
    def from_stored(cls, stored: StoredCheckpoint) -> Checkpoint:
        """A checkpoint read back from the store's table."""
        return cls(stored.size, stored.head_hash, stored.time, stored.key_id, stored.signature, stored.public_key)

    def to_stored(self) -> StoredCheckpoint:
        """The row the store keeps."""
        return StoredCheckpoint(
            self.size, self.head_hash, self.time, self.key_id, self.statement(), self.signature, self.public_key
        )


def sign_checkpoint(size: int, head_hash: str, signer: Signer, time: str | None = None) -> Checkpoint:
    """A checkpoint of (size, head hash) signed now."""
    unsigned = Checkpoint(size, head_hash, time or now_iso(), signer.key_id, b"", signer.public_pem)
    return Checkpoint(
        unsigned.size,
        unsigned.head_hash,
        unsigned.time,
        unsigned.key_id,
        signer.sign(unsigned.statement()),
        signer.public_pem,
    )


def make_checkpoint(store: AuditStore, signer: Signer) -> Checkpoint:
    """Sign the store's current head and keep the checkpoint in the store."""
    size, head = store.head()
    cp = sign_checkpoint(size, head, signer)
    store.add_checkpoint(cp.to_stored())
    log.info("audit_checkpoint", size=size, head_hash=head, key_id=signer.key_id)
    return cp


def stored_checkpoints(store: AuditStore) -> list[Checkpoint]:
    """The checkpoints the store keeps, oldest first."""
    return [Checkpoint.from_stored(s) for s in store.stored_checkpoints()]


def export_checkpoints(checkpoints: Iterable[Checkpoint]) -> str:
    """JSON text (one object with a list) for outsiders to keep."""
    return json.dumps({"checkpoints": [c.to_json() for c in checkpoints]}, ensure_ascii=False, indent=1)


def import_checkpoints(text: str) -> list[Checkpoint]:
    """Read checkpoints exported by ``export_checkpoints``."""
    data = json.loads(text)
    return [Checkpoint.from_json(item) for item in data["checkpoints"]]
