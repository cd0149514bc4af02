"""Where the signing key and the witness live: outside the data directory, unless told otherwise.

Whoever holds the data directory (the SQLite file, a database dump) must not also hold what
proves the trail: a key beside the store lets a rewrite be re-signed, and a witness beside it
can be rewritten with the store.  Defaults follow the XDG base directories:

* signing key: ``OCOP_SIGNING_KEY``, else ``$XDG_CONFIG_HOME/ocop/signing_key.pem``
  (``~/.config/ocop/signing_key.pem``), generated there on first use (mode 0600);
* witness: ``OCOP_WITNESS``, else ``$XDG_STATE_HOME/ocop/witness/`` (``~/.local/state/...``),
  one file per store.

A key or witness inside the data directory is refused unless explicitly allowed
(``--allow-key-in-data-dir`` / ``OCOP_ALLOW_KEY_IN_DATA_DIR=1``).
"""

from __future__ import annotations

import os
from pathlib import Path

KEY_FILE = "signing_key.pem"


class KeyPlacementError(RuntimeError):
    """The signing key or the witness is inside the data directory and that was not allowed."""


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value and Path(value).is_absolute() else Path.home() / fallback


def default_key_path() -> Path:
    """``$XDG_CONFIG_HOME/ocop/signing_key.pem`` (``~/.config/ocop/signing_key.pem``)."""
    return _xdg("XDG_CONFIG_HOME", ".config") / "ocop" / KEY_FILE


def default_witness_dir() -> Path:
    """``$XDG_STATE_HOME/ocop/witness`` (``~/.local/state/ocop/witness``)."""
    return _xdg("XDG_STATE_HOME", ".local/state") / "ocop" / "witness"


def key_path(given: str | Path | None = None) -> Path:
    """The signing key's path: ``given``, else OCOP_SIGNING_KEY, else the XDG default."""
    return Path(given or os.environ.get("OCOP_SIGNING_KEY") or default_key_path()).expanduser()


def witness_path(given: str | Path | None = None) -> Path:
    """The witness (a directory of per-store files, or one file): ``given``, else OCOP_WITNESS, else the default."""
    return Path(given or os.environ.get("OCOP_WITNESS") or default_witness_dir()).expanduser()


def allowed_in_data_dir(flag: bool | None = None) -> bool:
    """The explicit permission: the flag, else OCOP_ALLOW_KEY_IN_DATA_DIR (1, true, yes)."""
    if flag is not None:
        return flag
    return os.environ.get("OCOP_ALLOW_KEY_IN_DATA_DIR", "").strip().lower() in ("1", "true", "yes", "on")


def inside(path: Path, directory: Path) -> bool:
    """True when ``path`` is ``directory`` or below it (symlinks resolved)."""
    try:
        path.resolve().relative_to(directory.resolve())
    except ValueError:
        return False
    return True


def check_outside(what: str, path: Path, data_dir: Path, allow: bool) -> None:
    """Refuse ``path`` inside ``data_dir`` unless ``allow``."""
    if not allow and inside(path, data_dir):
        raise KeyPlacementError(
            f"the {what} {path} is inside the data directory {data_dir}: whoever holds the data could then "
            f"re-sign or rewrite the trail. Put it elsewhere (OCOP_SIGNING_KEY / OCOP_WITNESS), or allow it "
            f"explicitly with --allow-key-in-data-dir (OCOP_ALLOW_KEY_IN_DATA_DIR=1)"
        )
