"""Who calls: the identity a transport established (name, roles, levels, auth off), and acting under a name.

A transport authenticates the caller (gRPC: ``service.auth``, from a bearer token) and checks
the roles each method needs; the application layer takes the resulting ``Identity`` (None: an
anonymous reader) and uses it for what depends on the request: the name an action is recorded
under, the products a producer may contest, the levels an overseer acts on.  Council and
contest authority by session (who chairs, who is a member) is the domain's (``councils``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import structlog

from scoring_core.errors import Refused

log = structlog.get_logger("ocop.auth")

ROLES = frozenset({"integration", "producer", "member", "secretary", "chair", "overseer", "admin", "auditor"})
LEVELS = ("district", "province", "central")
COUNCIL = frozenset({"member", "secretary", "chair"})


class Denied(Refused):
    """A call refused: ``unauthenticated`` (who are you?) or ``permission_denied`` (not allowed)."""


@dataclass(frozen=True)
class Identity:
    """A caller: its name (recorded as the actor), its roles, and the products it may contest."""

    name: str
    roles: frozenset[str]
    products: tuple[str, ...] = ()
    dev: bool = False  # auth off (local development): every role; names come from the request
    levels: tuple[str, ...] = ()  # an overseer's levels (empty: every level)

    def oversees(self) -> frozenset[str]:
        """The levels whose decisions this identity may act on as an officer (a higher-level role)."""
        if self.dev:
            return frozenset(LEVELS)
        if "overseer" not in self.roles:
            return frozenset()
        return frozenset(self.levels or LEVELS)

    def has(self, roles: Iterable[str]) -> bool:
        """True when the identity holds one of ``roles``."""
        return self.dev or bool(self.roles & set(roles))

    def may_contest(self, product_id: str) -> bool:
        """A producer limited to some products contests only those."""
        return self.dev or not self.products or any(fnmatch.fnmatchcase(product_id, p) for p in self.products)


#: The caller when authentication is off: every role, names from the request.
DEV = Identity(name="", roles=ROLES, dev=True)


def denied(
    code: Literal["unauthenticated", "permission_denied"], en: str, vi: str, who: Identity | None, **context: Any
) -> Denied:
    """Log a denial (English) and return the error to raise."""
    log.warning("auth_denied", code=code.upper(), reason=en, identity=who.name if who else None, **context)
    return Denied(code, en, vi)


def known(who: Identity | None) -> Identity:
    """The caller of a write, who must be known (a transport lets no anonymous write through)."""
    if who is None:
        raise denied(
            "unauthenticated",
            "this call needs a bearer token",
            "Cần mã xác thực (authorization: Bearer <token>) cho thao tác này",
            None,
        )
    return who


def acting_as(who: Identity, given: str, field: str) -> str:
    """The name the caller acts under: its own (``given`` must be empty or the same), or, auth off, ``given``."""
    if who.dev:
        return given.strip() or "anonymous"
    if given.strip() and given.strip() != who.name:
        raise denied(
            "permission_denied",
            f"{who.name} cannot act as {given} ({field})",
            f"{who.name} không được thao tác thay cho {given} ({field}): mỗi người chỉ thao tác với tên của mình",
            who,
            field=field,
        )
    return who.name
