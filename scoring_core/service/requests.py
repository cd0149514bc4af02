"""ocop.v1 request messages -> the plain values the application layer takes (unset optional fields left out)."""

from __future__ import annotations

from typing import Any

from scoring_core.api.ocop.v1 import common_pb2, scoring_pb2
from scoring_core.service.values import from_value_map

KINDS = {common_pb2.FIRST: "first", common_pb2.UPGRADE: "upgrade", common_pb2.RE_EVALUATION: "re_evaluation"}


def product_data(p: common_pb2.Product) -> dict[str, Any]:
    """A Product message as the product file writes it."""
    return {"id": p.id, "name": p.name, **{k: getattr(p, k) for k in ("producer", "province") if getattr(p, k)}}


def judgement_data(judgement: common_pb2.Judgement) -> dict[str, Any]:
    """A Judgement message as the product file writes it."""
    out: dict[str, Any] = {"option": judgement.option}
    if judgement.HasField("case"):
        out["case"] = judgement.case
    if judgement.by:
        out["by"] = judgement.by
    if judgement.reason:
        out["reason"] = judgement.reason
    return out


def request_data(msg: scoring_pb2.ScoreRequest) -> dict[str, Any]:
    """A ScoreRequest message as a product file."""
    data: dict[str, Any] = {"sheet": msg.sheet}
    if msg.HasField("product"):
        data["product"] = product_data(msg.product)
    for name in ("regime", "evaluated_on", "filed_on", "judged_by"):
        if getattr(msg, name):
            data[name] = getattr(msg, name)
    if msg.evaluation_kind:
        data["evaluation_kind"] = KINDS.get(msg.evaluation_kind, f"unknown ({msg.evaluation_kind})")
    if msg.facts:
        data["facts"] = from_value_map(msg.facts)
    if msg.judgements:
        data["judgements"] = {cid: judgement_data(j) for cid, j in msg.judgements.items()}
    return data
