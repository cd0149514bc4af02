"""The gRPC service of package ocop.v1: criteria, scoring, council, contest and audit servicers, auth, the server."""

from scoring_core.service.config import ServerConfig
from scoring_core.service.server import RunningServer, build_server, serve

__all__ = ["RunningServer", "ServerConfig", "build_server", "serve"]
