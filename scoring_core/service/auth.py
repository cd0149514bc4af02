"""Who calls, and what they may do: bearer tokens from a deployment file, roles per method, denials logged.

The deployment file (``OCOP_AUTH_FILE``, YAML or JSON) names identities::

    reads: open                      # or "authenticated": every call needs a known token
    identities:
      - name: "Cổng OCOP Ninh Bình"  # recorded as the actor of what it writes
        roles: [integration]         # integration producer member secretary chair admin auditor
        token_sha256: "9f86d08…"     # sha256 (hex) of the bearer token; or `token:` (tests only)
      - name: "HTX Kim Sơn"
        roles: [producer]
        products: ["vn-2026-*"]      # a producer contests only these products (fnmatch)
      - name: "Văn phòng Điều phối OCOP tỉnh"
        roles: [overseer]            # a higher level: acts as an officer on decisions made at
        levels: [district, province] # these levels (close, resolve, revoke); all levels if omitted

The caller's ``Identity`` (``scoring_core.app.identity``) is bound for the handler, which hands it
to the application layer.  A caller sends ``authorization: Bearer <token>``.  Every call that writes needs a known token
whose identity holds one of the method's roles; council roles are then checked per session by
name (a member submits only their own sheet, only the chair or secretary closes or resolves).
A token that is sent but unknown is refused on every call.  Without a file writes are refused,
unless ``OCOP_AUTH=off`` (local development: every caller may do everything, and names come
from the request).  Denials are UNAUTHENTICATED or PERMISSION_DENIED, logged, and write nothing.
"""

from __future__ import annotations

import contextvars
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import grpc
import structlog
import yaml

from scoring_core.app.identity import COUNCIL, DEV, LEVELS, ROLES, Denied, Identity, denied
from scoring_core.errors import ConfigError, Refused
from scoring_core.service.errors import abort

__all__ = [
    "COUNCIL",
    "DEV",
    "LEVELS",
    "READS",
    "ROLES",
    "WRITES",
    "WRITES_WHEN",
    "AuthConfig",
    "AuthInterceptor",
    "Denied",
    "Identity",
    "current",
    "load_auth",
    "policy",
]
log = structlog.get_logger("ocop.auth")

Mode = Literal["tokens", "off", "unconfigured"]

_V1 = "/ocop.v1."
#: Methods that write, and the deployment roles allowed to call them.
WRITES: dict[str, frozenset[str]] = {
    f"{_V1}CouncilService/OpenCouncilSession": frozenset({"admin", "chair", "secretary"}),
    f"{_V1}CouncilService/SubmitMemberSheet": COUNCIL,
    f"{_V1}CouncilService/CloseProduct": frozenset({"chair", "secretary", "overseer"}),
    f"{_V1}CouncilService/RevokeRecognition": frozenset({"chair", "secretary", "overseer"}),
    f"{_V1}ContestService/FileContest": COUNCIL | {"producer"},
    f"{_V1}ContestService/ResolveContest": frozenset({"chair", "secretary", "overseer"}),
    f"{_V1}AuditService/CreateCheckpoint": frozenset({"admin", "auditor"}),
}
#: Methods that write only when the request asks to (``Score`` with ``record``).
WRITES_WHEN: dict[str, tuple[Callable[[Any], bool], frozenset[str]]] = {
    f"{_V1}ScoringService/Score": (lambda request: bool(getattr(request, "record", False)), frozenset({"integration"})),
}
#: Methods that only read.  An ocop.v1 method in none of these tables needs ``admin`` (fail closed).
READS = frozenset(
    {
        *(f"{_V1}CriteriaService/{m}" for m in ("ListRegimes", "GetRegime", "ListSheets", "GetSheet", "ListFacts")),
        f"{_V1}ScoringService/BatchScore",
        f"{_V1}ScoringService/Simulate",
        *(
            f"{_V1}CouncilService/{m}"
            for m in ("GetCouncilSession", "GetCouncilResult", "ListRecognitions", "ListExpiringRecognitions")
        ),
        f"{_V1}ContestService/GetContest",
        f"{_V1}ContestService/ListContests",
        *(
            f"{_V1}AuditService/{m}"
            for m in (
                "GetAuditTrail",
                "GetEvent",
                "ListEvents",
                "VerifyAuditTrail",
                "ReplayEvaluation",
                "ListCheckpoints",
            )
        ),
    }
)
ADMIN_ONLY = frozenset({"admin"})


@dataclass(frozen=True)
class AuthConfig:
    """How callers are known: by token (sha256 -> identity), not at all (off), or not configured."""

    mode: Mode
    identities: dict[str, Identity] = field(default_factory=dict)
    reads: Literal["open", "authenticated"] = "open"
    source: str = ""

    def lookup(self, token: str) -> Identity | None:
        """The identity of a bearer token."""
        return self.identities.get(hashlib.sha256(token.encode()).hexdigest())


def _identity(item: Any, index: int, source: str) -> tuple[str, Identity]:
    where = f"{source}: identities[{index}]"
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise ConfigError(f"{where}: needs a name")
    roles = item.get("roles") or []
    unknown = sorted(set(roles) - ROLES) if isinstance(roles, list) else ["(not a list)"]
    if not roles or unknown:
        raise ConfigError(f"{where}: roles must be a non-empty list of {', '.join(sorted(ROLES))}; got {roles}")
    digest = item.get("token_sha256")
    if item.get("token"):
        digest = hashlib.sha256(str(item["token"]).encode()).hexdigest()
    if not isinstance(digest, str) or len(digest) != 64:
        raise ConfigError(f"{where}: needs token_sha256 (64 hex digits) or token")
    products = tuple(str(p) for p in item.get("products") or ())
    levels = item.get("levels") or []
    if not isinstance(levels, list) or set(levels) - set(LEVELS):
        raise ConfigError(f"{where}: levels must be a list of {', '.join(LEVELS)}; got {levels}")
    return digest.lower(), Identity(item["name"].strip(), frozenset(roles), products, levels=tuple(levels))


def load_auth(path: str | None = None, mode: str | None = None) -> AuthConfig:
    """The authorization of the deployment: ``path`` (else OCOP_AUTH_FILE), or off when ``mode`` is off."""
    mode = (mode or os.environ.get("OCOP_AUTH") or "on").lower()
    if mode == "off":
        log.warning("auth_off", note="OCOP_AUTH=off: every caller may write; for local development only")
        return AuthConfig("off", source="OCOP_AUTH=off")
    if mode != "on":
        raise ConfigError(f"OCOP_AUTH={mode!r}: expected on or off")
    path = path or os.environ.get("OCOP_AUTH_FILE")
    if not path:
        log.warning(
            "auth_not_configured",
            note="no OCOP_AUTH_FILE: every write is refused (OCOP_AUTH=off for local development)",
        )
        return AuthConfig("unconfigured")
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the authorization file: {exc}") from None
    reads = data.get("reads", "open")
    if reads not in ("open", "authenticated"):
        raise ConfigError(f"{path}: reads must be open or authenticated")
    pairs = [_identity(item, i, path) for i, item in enumerate(data.get("identities") or [])]
    identities = dict(pairs)
    if len(identities) != len(pairs):
        raise ConfigError(f"{path}: two identities share one token")
    if any(isinstance(i, dict) and i.get("token") for i in data.get("identities") or []):
        log.warning("auth_plain_tokens", path=path, note="plain tokens are for tests; store token_sha256")
    log.info("auth_loaded", path=path, identities=len(identities), reads=reads)
    return AuthConfig("tokens", identities, reads, path)


_CURRENT: contextvars.ContextVar[Identity | None] = contextvars.ContextVar("ocop_identity", default=None)


def current() -> Identity | None:
    """The identity of the call being served on this thread (None outside a call or when anonymous)."""
    return _CURRENT.get()


def _refused_in_handler(exc: Refused, who: Identity | None, method: str) -> None:
    """Log the council's own permission refusals as denials (the application layer's ``Denied`` logs itself)."""
    if exc.code == "permission_denied" and not isinstance(exc, Denied):
        log.warning(
            "auth_denied",
            code="PERMISSION_DENIED",
            reason=exc.message_en,
            identity=who.name if who else None,
            method=method,
        )


def policy(method: str, request: Any) -> frozenset[str] | None:
    """The roles a call needs to write, or None when it only reads."""
    if method in WRITES:
        return WRITES[method]
    if method in WRITES_WHEN:
        writes, roles = WRITES_WHEN[method]
        return roles if writes(request) else None
    if method in READS or not method.startswith(_V1):
        return None
    return ADMIN_ONLY


def _bearer(context: grpc.ServicerContext) -> str | None:
    for key, value in context.invocation_metadata() or ():
        if key == "authorization":
            scheme, _, token = str(value).partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else ""
    return None


class AuthInterceptor(grpc.ServerInterceptor):
    """Authenticates each call on the worker thread that serves it and checks the method's roles.

    ``intercept_service`` runs on gRPC's shared thread: it only wraps the handler.  The wrapper
    (on the serving thread, inside the logging interceptor's context) reads the token, binds
    the identity for the handler, and refuses before the handler runs.
    """

    def __init__(self, config: AuthConfig) -> None:
        self.config = config

    def authenticate(self, method: str, request: Any, context: grpc.ServicerContext) -> Identity | None:
        """The caller's identity (None: anonymous read); raises Denied."""
        needs = policy(method, request)
        if self.config.mode == "off":
            return DEV
        if self.config.mode == "unconfigured":
            if needs is None:
                return None
            raise denied(
                "unauthenticated",
                "no authorization is configured on this server: writes are refused",
                "Máy chủ chưa cấu hình xác thực (OCOP_AUTH_FILE): không nhận thao tác ghi",
                None,
                method=method,
            )
        token = _bearer(context)
        who = self.config.lookup(token) if token else None
        if token is not None and who is None:
            raise denied(
                "unauthenticated",
                "unknown or malformed bearer token",
                "Mã xác thực không hợp lệ (unknown bearer token)",
                None,
                method=method,
            )
        if who is None and (needs is not None or self.config.reads == "authenticated"):
            raise denied(
                "unauthenticated",
                "this call needs a bearer token (authorization: Bearer <token>)",
                "Cần mã xác thực (authorization: Bearer <token>) cho thao tác này",
                None,
                method=method,
            )
        if who is not None and needs is not None and not who.has(needs):
            name, roles = method.rsplit("/", 1)[-1], ", ".join(sorted(needs))
            raise denied(
                "permission_denied",
                f"{who.name} may not call {name} (needs one of: {roles})",
                f"{who.name} không có quyền thực hiện {name} (cần vai trò: {roles})",
                who,
                method=method,
            )
        return who

    def _unary(self, behavior: Callable[..., Any], method: str) -> Callable[..., Any]:
        def handle(request: Any, context: grpc.ServicerContext) -> Any:
            try:
                who = self.authenticate(method, request, context)
            except Denied as exc:
                abort(context, exc)
            token = _CURRENT.set(who)
            try:
                return behavior(request, context)
            except Refused as exc:  # logged as a denial when it is one; the interceptor maps it
                _refused_in_handler(exc, who, method)
                raise
            finally:
                _CURRENT.reset(token)

        return handle

    def _streaming(self, behavior: Callable[..., Any], method: str) -> Callable[..., Any]:
        def handle(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            try:
                who = self.authenticate(method, request, context)
            except Denied as exc:
                abort(context, exc)
            token = _CURRENT.set(who)
            try:
                yield from behavior(request, context)
            except Refused as exc:  # logged as a denial when it is one; the interceptor maps it
                _refused_in_handler(exc, who, method)
                raise
            finally:
                _CURRENT.reset(token)

        return handle

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        """The handler of ``details.method``, wrapped with authentication."""
        handler = continuation(details)
        if handler is None or not details.method.startswith(_V1):
            return handler
        kinds = {
            (False, False): (grpc.unary_unary_rpc_method_handler, handler.unary_unary),
            (False, True): (grpc.unary_stream_rpc_method_handler, handler.unary_stream),
            (True, False): (grpc.stream_unary_rpc_method_handler, handler.stream_unary),
            (True, True): (grpc.stream_stream_rpc_method_handler, handler.stream_stream),
        }
        factory, behavior = kinds[(handler.request_streaming, handler.response_streaming)]
        wrap = self._streaming if handler.response_streaming else self._unary
        return factory(
            wrap(behavior, details.method),
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )
