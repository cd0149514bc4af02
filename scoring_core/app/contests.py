"""Contests: filing and resolving them over the contest book, and reading them.

A producer files as a producer (only for its products when its identity lists them); a council
person files as a member.  Who resolves (the chair or secretary of the council concerned, or an
overseer of its level) is the contest book's rule (``councils.contests``).
"""

from __future__ import annotations

from typing import Any, Literal

from scoring_core.app import names
from scoring_core.app.idempotency import fingerprint, prior
from scoring_core.app.identity import COUNCIL, Identity, acting_as, denied, known
from scoring_core.app.pagination import Page, page
from scoring_core.audit.events import EventKind
from scoring_core.councils.contests import ContestBook, ContestState
from scoring_core.councils.council import CouncilError

FiledAs = Literal["producer", "member"]
Decision = Literal["upheld", "rejected"]


def claim_of(claim: dict[str, Any] | None) -> dict[str, Any]:
    """The claim as the contest book takes it: ``{"option", "case"?}`` or ``{"fact", "value"}``."""
    if claim and claim.get("option") is not None:
        return {"option": claim["option"], **({"case": claim["case"]} if claim.get("case") is not None else {})}
    if claim and "fact" in claim:
        return {"fact": names.required(claim["fact"] or "", "claim.fact"), "value": claim.get("value")}
    raise names.bad(
        "claim", "claim either an option or a corrected fact", "Cần đề nghị một phương án hoặc sửa một dữ kiện"
    )


class Contests:
    """Contests over one contest book (sharing the council book and its lock)."""

    def __init__(self, contests: ContestBook) -> None:
        self.contests = contests
        self.store = contests.store

    def _state(self, seq: int) -> ContestState:
        filed = self.store.get(seq)
        if filed is None or filed.kind != EventKind.CONTEST_FILED:
            raise CouncilError("not_found", f"no contest {seq}", f"Không có khiếu nại {seq}")
        return next(c for c in self.contests.contests(filed.payload["product_id"]) if c.seq == seq)

    def file(
        self,
        caller: Identity | None,
        *,
        target: str,
        criterion: str,
        claim: dict[str, Any] | None,
        reason: str,
        filed_as: str | None = None,
        filed_by: str = "",
        evidence: list[str] | None = None,
        request_id: str = "",
    ) -> tuple[ContestState, bool]:
        """File a contest against ``events/{n}`` (an evaluation or a council result) as producer (the default)
        or council member; the contest, and whether ``request_id`` had filed it already."""
        who = known(caller)
        seq = names.numbered(names.required(target, "target"), "events", "target")
        criterion, reason = names.required(criterion, "criterion"), names.text(reason, "reason")
        evidence = names.references(list(evidence or []), "evidence")
        wanted = claim_of(claim)
        role: FiledAs
        if filed_as in (None, "producer"):
            role = "producer"
        elif filed_as == "member":
            role = "member"
        else:
            raise names.bad(
                "filed_as",
                "give FILED_AS_PRODUCER or FILED_AS_MEMBER",
                "Cần chọn FILED_AS_PRODUCER hoặc FILED_AS_MEMBER",
            )
        if not who.has({"producer"} if role == "producer" else COUNCIL):
            raise denied(
                "permission_denied",
                f"{who.name} cannot file as {role}",
                f"{who.name} không được khiếu nại với tư cách {role}",
                who,
            )
        contested = self.store.get(seq)
        if role == "producer" and contested is not None and not who.may_contest(contested.subject or ""):
            raise denied(
                "permission_denied",
                f"{who.name} is not the producer of {contested.subject}",
                f"{who.name} không phải nhà sản xuất của sản phẩm {contested.subject}",
                who,
            )
        by = acting_as(who, filed_by, "filed_by")
        values = {
            "target": target,
            "criterion": criterion,
            "claim": wanted,
            "reason": reason,
            "filed_as": role,
            "filed_by": filed_by,
            "evidence": evidence,
        }
        rhash = fingerprint("FileContest", by, values)
        event = self.contests.file(
            seq,
            criterion,
            wanted,
            reason,
            by=by,
            role=role,
            evidence=evidence,
            request_id=request_id or None,
            request_hash=rhash,
        )
        return self._state(event.seq), event.duplicate

    def resolve(
        self,
        caller: Identity | None,
        *,
        name: str,
        decision: str | None,
        reason: str,
        resolved_by: str = "",
        request_id: str = "",
    ) -> tuple[ContestState, bool]:
        """Uphold (a linked revision is recorded) or reject a pending contest (``contests/{n}``); the contest,
        and whether ``request_id`` had resolved it already."""
        who = known(caller)
        seq = names.numbered(names.required(name, "name"), "contests", "name")
        outcome: Decision
        if decision == "upheld":
            outcome = "upheld"
        elif decision == "rejected":
            outcome = "rejected"
        else:
            raise names.bad("decision", "give UPHOLD or REJECT", "Cần chọn UPHOLD (chấp nhận) hoặc REJECT (bác)")
        reason = names.text(reason, "reason")
        by = acting_as(who, resolved_by, "resolved_by")
        role = next((r for r in ("chair", "secretary") if r in who.roles), "chair" if who.dev else None)
        values = {"name": name, "decision": decision, "reason": reason, "resolved_by": resolved_by}
        rhash = fingerprint("ResolveContest", by, values)
        kinds = (EventKind.CONTEST_RESOLVED, EventKind.MEMBER_SHEET_SUBMITTED, EventKind.EVALUATION_RECORDED)
        already = prior(self.store, request_id, kinds, rhash) is not None
        state = self.contests.resolve(
            seq,
            outcome,
            reason,
            by=by,
            role=role,
            request_id=request_id or None,
            request_hash=rhash,
            over=who.oversees(),
        )
        return state, already

    def contest(self, name: str) -> ContestState:
        """One contest (``contests/{n}``)."""
        return self._state(names.numbered(name, "contests", "name"))

    def list(self, product_id: str, page_size: int = 0, page_token: str = "") -> Page[ContestState]:
        """The contests about one product, in filing order."""
        pid = names.required(product_id, "product_id")
        return page(self.contests.contests(pid), page_size, page_token, pid)
