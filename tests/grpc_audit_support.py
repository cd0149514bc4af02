"""Support for the council, contest, audit and authorization tests over gRPC.

``serve`` starts a real server (the ``grpctest`` sheets of grpc_support) on an audit store of
the given backend (SQLite, or PostgreSQL in a fresh schema, skipped with the reason when
unreachable) with an authorization file of plain test tokens.  ``Caller`` calls every service
as one identity (or anonymously).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import yaml
from audit_support import drop_store, make_store
from grpc_support import start

from scoring_core.api.ocop.v1 import (
    audit_pb2_grpc,
    common_pb2,
    contests_pb2_grpc,
    councils_pb2,
    councils_pb2_grpc,
    criteria_pb2,
    scoring_pb2_grpc,
)
from scoring_core.client import to_request
from scoring_core.service.auth import load_auth
from scoring_core.service.server import RunningServer
from scoring_core.service.values import to_value

CHAIR, SECRETARY, C, D, E = "Chủ tịch An", "Thư ký Bình", "Cường", "Dung", "Em"
MEMBERS = [(CHAIR, "chair"), (SECRETARY, "secretary"), (C, "member"), (D, "member"), (E, "member")]
INTEGRATION, PRODUCER, OTHER_PRODUCER = "Cổng tích hợp tỉnh", "HTX Thử", "HTX Khác"
STRANGER, ADMIN, AUDITOR = "Người lạ", "Quản trị", "Kiểm toán"
#: Officers of another council, and overseers (a higher-level role) of the province and of the centre.
OTHER_CHAIR, OTHER_SECRETARY = "Chủ tịch Hòa", "Thư ký Lan"
PROVINCE_OVERSEER, CENTRAL_OVERSEER = "Điều phối tỉnh", "Điều phối trung ương"
IDENTITIES = {
    OTHER_CHAIR: ["chair"],
    OTHER_SECRETARY: ["secretary"],
    PROVINCE_OVERSEER: ["overseer"],
    CENTRAL_OVERSEER: ["overseer"],
    CHAIR: ["chair"],
    SECRETARY: ["secretary"],
    C: ["member"],
    D: ["member"],
    E: ["member"],
    STRANGER: ["member"],
    INTEGRATION: ["integration"],
    PRODUCER: ["producer"],
    OTHER_PRODUCER: ["producer"],
    ADMIN: ["admin"],
    AUDITOR: ["auditor"],
}
PRODUCTS = {PRODUCER: ["P-*"], OTHER_PRODUCER: ["Q-*"]}
LEVELS = {PROVINCE_OVERSEER: ["province"], CENTRAL_OVERSEER: ["central"]}
# The product facts of these tests (``product(pid, facts=FACTS)``): A1.1 option 2 (10 points), C6.1 option 2.
FACTS = {"grpctest_labour_pct": 70, "grpctest_certified": True}
BEST = {"A1.2": {"case": 1, "option": 2}, "B5.1": 2, "B5.2": 2, "C6.2": 2}  # with FACTS: 90 points


def token(name: str) -> str:
    """The plain test token of an identity."""
    return "tok-" + name.encode().hex()


def write_auth_file(path: Path) -> Path:
    """An authorization file with a plain token per test identity."""
    identities = [
        {
            "name": n,
            "roles": r,
            "token": token(n),
            **({"products": PRODUCTS[n]} if n in PRODUCTS else {}),
            **({"levels": LEVELS[n]} if n in LEVELS else {}),
        }
        for n, r in IDENTITIES.items()
    ]
    path.write_text(yaml.safe_dump({"reads": "open", "identities": identities}, allow_unicode=True), "utf-8")
    return path


def serve(kind: str, tmp: Path, **settings: Any) -> Iterator[RunningServer]:
    """Fixture body: a server on a fresh store of ``kind`` with the test identities; dropped afterwards."""
    store = make_store(kind, tmp)
    running = start(
        store=store, auth=load_auth(str(write_auth_file(tmp / "auth.yaml")), "on"), data_dir=str(tmp), **settings
    )
    try:
        yield running
    finally:
        running.stop(grace=None)
        drop_store(store)


class Caller:
    """Every service, called as ``name`` (None: no token; a string not among the identities: a bad token)."""

    def __init__(self, channel: grpc.Channel, name: str | None = None, raw_token: str | None = None) -> None:
        tok = raw_token or (token(name) if name else None)
        self.metadata = (("authorization", f"Bearer {tok}"),) if tok else ()
        self.councils = councils_pb2_grpc.CouncilServiceStub(channel)
        self.contests = contests_pb2_grpc.ContestServiceStub(channel)
        self.audit = audit_pb2_grpc.AuditServiceStub(channel)
        self.scoring = scoring_pb2_grpc.ScoringServiceStub(channel)

    def __call__(self, method: Any, request: Any) -> Any:
        """Call ``method`` with this caller's token."""
        return method(request, metadata=self.metadata, timeout=30)


def open_request(
    session_id: str,
    pid: str = "P-1",
    members: list[tuple[str, str]] | None = None,
    request_id: str = "",
    facts: dict[str, Any] | None = None,
) -> councils_pb2.OpenCouncilSessionRequest:
    """A session of the five test members on sheet 2026/98 for one product."""
    roles = {"chair": councils_pb2.CHAIR, "secretary": councils_pb2.SECRETARY, "member": councils_pb2.MEMBER}
    msg = councils_pb2.OpenCouncilSessionRequest(
        request_id=request_id,
        session_id=session_id,
        level=criteria_pb2.PROVINCE,
        regime="2026",
        sheet="regimes/2026/sheets/98",
        opened_on="2026-08-01",
        members=[councils_pb2.CouncilMember(name=n, role=roles[r]) for n, r in members or MEMBERS],
    )
    dossier = msg.products.add(
        product=common_pb2.Product(id=pid, name="Trà thử", producer=PRODUCER),
        filed_on="2026-07-01",
        evaluation_kind=common_pb2.FIRST,
    )
    for name, value in (FACTS if facts is None else facts).items():
        dossier.facts[name].CopyFrom(to_value(value))
    return msg


def sheet_request(
    session_id: str, member: str = "", pid: str = "P-1", request_id: str = "", **changes: Any
) -> councils_pb2.SubmitMemberSheetRequest:
    """A member's sheet: BEST with changes (``C6_2=1`` sets C6.2)."""
    judgements = {**BEST, **{k.replace("_", "."): v for k, v in changes.items()}}
    msg = councils_pb2.SubmitMemberSheetRequest(
        request_id=request_id, session=f"councils/{session_id}", product_id=pid, member=member
    )
    for cid, request in to_request({"judgements": judgements}).judgements.items():
        msg.judgements[cid].CopyFrom(request)
    return msg
