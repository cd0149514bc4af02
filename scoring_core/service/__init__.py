"""The gRPC transport of package ocop.v1: servicers over the application layer, auth, interceptors, the server.

Submodules are imported on use: ``scoring_core.service.values`` or ``.config`` alone loads no server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoring_core.service.config import ServerConfig
    from scoring_core.service.server import RunningServer, build_server, serve

__all__ = ["RunningServer", "ServerConfig", "build_server", "serve"]
_HOMES = {"ServerConfig": "config", "RunningServer": "server", "build_server": "server", "serve": "server"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"scoring_core.service.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
