"""A seeded fuzz of hostile requests over every RPC of the ocop.v1 services, and its checks.

``Fuzz`` seeds a server (a session with sheets, a closed product and its recognition, a contest,
a recorded evaluation), then sends requests built from a valid one per method with one to three
fields replaced by hostile values (NaN and ±Inf, enum values outside the enum, dates out of range
or in odd forms, names with non-ASCII digits or beyond int64, blank and huge strings, forged page
tokens, malformed PEM and checkpoints, deeply nested values), with the token of a random role.
Every answer is checked: no INTERNAL or UNKNOWN, a rich status on every error (field violations
on INVALID_ARGUMENT), error texts of bounded size, nothing written by a rejected request, every
BatchScore item answered.  The test runs a few hundred; ``bench/fuzz.py`` runs 10,000.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import struct_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from grpc_audit_support import (
    ADMIN,
    AUDITOR,
    BEST,
    CHAIR,
    FACTS,
    IDENTITIES,
    INTEGRATION,
    MEMBERS,
    PRODUCER,
    SECRETARY,
    Caller,
    open_request,
    sheet_request,
)
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from product_files import product as product_file

from scoring_core.api.ocop.v1 import (
    audit_pb2,
    contests_pb2,
    councils_pb2,
    criteria_pb2,
    criteria_pb2_grpc,
    scoring_pb2,
)
from scoring_core.client import to_request
from scoring_core.service.server import SERVICES, RunningServer
from scoring_core.service.values import to_value

#: An error's message and trailers together stay under this: clients drop trailers past 8 KB
#: (the input is quoted at most ~100 characters).
MAX_ERROR_BYTES = 8_000
#: Requests stay under gRPC's 4 MB limit (beyond, the transport refuses them before any handler).
MAX_REQUEST_BYTES = 3_500_000
BAD_CODES = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.DATA_LOSS}


def product(pid: str = "P-1", **extra: Any) -> dict[str, Any]:
    """A product file on sheet 2026/98 with the council tests' facts (90 points)."""
    return product_file(pid, **{"facts": FACTS, "judgements": BEST, **extra})


def trailer_bytes(error: grpc.RpcError) -> int:
    """An error's trailers as they travel: binary values in base64, the message percent-encoded outside ASCII."""
    binary = sum(len(k) + len(v) * 4 // 3 + 4 for k, v in error.trailing_metadata() or ())
    return binary + sum(1 if ch.isascii() else 3 * len(ch.encode()) for ch in error.details() or "")


def nested(depth: int) -> struct_pb2.Value:
    """A Value nested ``depth`` lists deep."""
    value = struct_pb2.Value(number_value=1)
    for _ in range(depth):
        outer = struct_pb2.Value()
        outer.list_value.values.add().CopyFrom(value)
        value = outer
    return value


def _forged_token(rng: random.Random) -> str:
    raw = rng.choice(
        [
            {"o": 10**30, "q": "x"},
            {"o": -5, "q": "0"},
            {"o": "1", "q": None},
            {"o": 1e309},
            [1, 2],
            "o",
            {"o": 3},
            {"o": 2**63, "q": "abc"},
        ]
    )
    text = json.dumps(raw) if rng.random() < 0.9 else "{" * 5000
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@dataclass
class Known:
    """What the seeded server holds: names a hostile request may point at."""

    session: str = "hd-fuzz"
    product_id: str = "P-1"
    result: int = 0
    recognition: int = 0
    contest: int = 0
    recorded: int = 0
    recorded_request_id: str = "fuzz-recorded"
    facts: dict[str, str] = field(default_factory=dict)  # name -> type
    sheets: list[str] = field(default_factory=list)  # regimes/{r}/sheets/{n} of every registered sheet
    pem: str = ""


class Fuzz:
    """The hostile requests of one seed against one running server."""

    def __init__(self, running: RunningServer, channel: grpc.Channel, seed: int, huge: int = 1 << 20) -> None:
        self.running, self.channel, self.rng, self.huge = running, channel, random.Random(seed), huge
        self.callers = {name: Caller(channel, name) for name in IDENTITIES}
        self.callers["(anonymous)"] = Caller(channel)
        self.callers["(forged)"] = Caller(channel, raw_token="not-a-token")
        self.known = Known()
        self.codes: Counter[str] = Counter()
        self.by_method: Counter[str] = Counter()
        self.problems: list[str] = []
        self.sent = self.rejected = self.writes_from_rejected = 0
        self.max_error_bytes = 0

    # -- seeding ---------------------------------------------------------------------------
    def seed(self) -> None:
        """A session of the five test members, their sheets, a closed product, a contest, a recorded evaluation."""
        k, chair = self.known, self.callers[CHAIR]
        chair(chair.councils.OpenCouncilSession, open_request(k.session))
        for name, _ in MEMBERS:
            who = self.callers[name]
            who(who.councils.SubmitMemberSheet, sheet_request(k.session, member=name))
        result = chair(
            chair.councils.CloseProduct,
            councils_pb2.CloseProductRequest(session=f"councils/{k.session}", product_id="P-1"),
        )
        k.result = int(result.name.split("/")[1])
        k.recognition = int(result.recognition.name.split("/")[1]) if result.recognition.name else k.result + 1
        producer = self.callers[PRODUCER]
        claim = contests_pb2.ContestClaim(option=1)
        contest = producer(
            producer.contests.FileContest,
            contests_pb2.FileContestRequest(
                target=result.name,
                criterion="B5.1",
                claim=claim,
                reason="Lý do",
                filed_as=contests_pb2.FILED_AS_PRODUCER,
            ),
        )
        k.contest = int(contest.name.split("/")[1])
        integration = self.callers[INTEGRATION]
        recorded = to_request(product("P-2"))
        recorded.record, recorded.request_id = True, k.recorded_request_id
        k.recorded = int(integration(integration.scoring.Score, recorded).name.split("/")[1])
        facts = criteria_pb2_grpc.CriteriaServiceStub(self.channel).ListFacts(
            criteria_pb2.ListFactsRequest(page_size=1000)
        )
        k.facts = {f.name: criteria_pb2.FactType.Name(f.type).lower() for f in facts.facts}
        sheets = criteria_pb2_grpc.CriteriaServiceStub(self.channel).ListSheets(
            criteria_pb2.ListSheetsRequest(parent="regimes/-", page_size=1000)
        )
        k.sheets = [s.name for s in sheets.sheets]
        auditor = self.callers[AUDITOR]
        k.pem = auditor(auditor.audit.CreateCheckpoint, audit_pb2.CreateCheckpointRequest()).public_key

    # -- hostile values --------------------------------------------------------------------
    def string(self) -> str:
        k, rng = self.known, self.rng
        pool = [
            "",
            " ",
            "\t \n",
            "\u00a0\u3000",
            "\x00",
            "x\x00y",
            "😀" * 3,
            "'; DROP TABLE events; --",
            "%s%n{0}",
            "events/²",
            "events/٣",
            "events/１",
            f"events/{2**63}",
            f"events/{2**64 + 1}",
            "events/-1",
            "events/0",
            "events/1e3",
            "events/ 1",
            "events/+1",
            "events/0x1",
            "events/1_0",
            f"events/{k.result}",
            f"events/{k.recorded}",
            f"contests/{k.contest}",
            f"contests/{2**63}",
            "contests/٣",
            "contests/",
            f"recognitions/{k.recognition}",
            "recognitions/²",
            f"recognitions/{2**70}",
            f"councils/{k.session}",
            "councils/",
            "councils/../x",
            "councils/a/b",
            f"products/{k.product_id}/trail",
            "products//trail",
            "P-1",
            "P-2",
            " P-1",
            "regimes/2026/sheets/98",
            "regimes/2026/sheets/٩٨",
            "regimes/2026",
            "regimes/-",
            "regimes/",
            "2026/98",
            "98",
            "٩٨",
            "2026",
            "148",
            "1048",
            "9999-12-31",
            "0001-01-01",
            "2019-08-20",
            "2019-08-21",
            "2026-W01-1",
            "2026W011",
            "2026-W53",
            "20260801",
            "2026-02-30",
            "2026-1-1",
            "+2026-08-01",
            "2026-08-01T00:00:00",
            "2026-08-01 ",
            "3000-01-01",
            "２０２６-０８-０１",
            "NaN",
            "Infinity",
            "-1",
            "null",
            "{}",
            "B5.1",
            "A1.2",
            "Z9",
            CHAIR,
            SECRETARY,
            "not base64 ~~~",
            _forged_token(rng),
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\n" + "A" * 5000,
            '[{"size": 1}]',
            "[]",
            '{"checkpoints": 5}',
            '[{"size": "x", "head_hash": 1}]',
            "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        ]
        roll = rng.random()
        if roll < 0.03:
            return (rng.choice(["x", "events/9", "facts_", " "]) * self.huge)[: self.huge]
        if roll < 0.10:
            return (rng.choice(pool) * rng.randint(50, 400))[: self.huge // 4]
        if roll < 0.16 and k.sheets:  # a registered sheet, in one of the forms a request may use
            name = rng.choice(k.sheets)
            return rng.choice([name, name.removeprefix("regimes/").replace("/sheets/", "/"), name[-2:]])
        return rng.choice(pool)

    def number(self) -> float:
        return self.rng.choice(
            [float("nan"), float("inf"), float("-inf"), -0.0, 1e308, -1e308, 0.5, 2.0**53 + 1, -1.0, 0.0, 75.0, 1e-320]
        )

    def integer(self, bits: int) -> int:
        top = 2 ** (bits - 1)
        return self.rng.choice([0, -1, 1, 2, 3, 99, 999, top - 1, -top, 2**31 - 1 if bits > 32 else top // 2])

    def value(self) -> struct_pb2.Value:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return struct_pb2.Value(number_value=self.number())
        if roll < 0.65:
            return struct_pb2.Value(string_value=self.string())
        if roll < 0.72:
            return struct_pb2.Value(bool_value=rng.random() < 0.5)
        if roll < 0.76:
            return struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)
        if roll < 0.90:
            return nested(rng.choice([3, 30, 90, 99, 101, 150, 400]))
        return to_value({"a": [1, {"b": self.string()}], "c": None})

    def fact_name(self) -> str:
        names = list(self.known.facts) or list(FACTS)
        return self.rng.choice(names) if self.rng.random() < 0.8 else self.string()

    # -- mutation --------------------------------------------------------------------------
    def _fields(self, msg: Message, prefix: str = "") -> list[tuple[Message, FieldDescriptor, str]]:
        """Every field of ``msg`` and of its set sub-messages (not map entries)."""
        out = []
        for fd in msg.DESCRIPTOR.fields:
            out.append((msg, fd, prefix + fd.name))
            if fd.type == FieldDescriptor.TYPE_MESSAGE and not fd.is_repeated:
                if fd.message_type.full_name.startswith("ocop.") and msg.HasField(fd.name):
                    out += self._fields(getattr(msg, fd.name), f"{prefix}{fd.name}.")
            elif (
                fd.type == FieldDescriptor.TYPE_MESSAGE
                and fd.message_type.full_name.startswith("ocop.")
                and not fd.message_type.GetOptions().map_entry
            ):
                for i, item in enumerate(getattr(msg, fd.name)[:3]):
                    out += self._fields(item, f"{prefix}{fd.name}[{i}].")
        return out

    def mutate(self, msg: Message, fd: FieldDescriptor) -> None:
        """Replace one field of ``msg`` with a hostile value of its type."""
        rng, name = self.rng, fd.name
        if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            target = getattr(msg, name)
            value_fd = fd.message_type.fields_by_name["value"]
            key = (
                self.fact_name()
                if value_fd.message_type is not None and value_fd.message_type.full_name == "google.protobuf.Value"
                else rng.choice(["A1.2", "B5.1", "C6.2", "Z9", "", "²", self.string()])
            )
            if value_fd.message_type is None:
                target[key] = self.string()
            elif value_fd.message_type.full_name == "google.protobuf.Value":
                target[key].CopyFrom(self.value())
            else:
                judgement = target[key]
                judgement.option = self.integer(32)
                if rng.random() < 0.6:
                    judgement.case = self.integer(32)
                if rng.random() < 0.3:
                    judgement.reason = self.string()
            return
        if fd.is_repeated:
            items = getattr(msg, name)
            if fd.type == FieldDescriptor.TYPE_STRING:
                items.extend(self.string() for _ in range(rng.randint(1, 3)))
            elif fd.type == FieldDescriptor.TYPE_MESSAGE:
                item = items.add()
                for sub in item.DESCRIPTOR.fields:
                    if rng.random() < 0.7 and not sub.is_repeated:
                        self.mutate(item, sub)
            return
        if fd.type == FieldDescriptor.TYPE_STRING:
            setattr(msg, name, self.string())
        elif fd.type == FieldDescriptor.TYPE_BYTES:
            setattr(msg, name, rng.randbytes(rng.choice([0, 1, 64, 5000])))
        elif fd.type == FieldDescriptor.TYPE_BOOL:
            setattr(msg, name, rng.random() < 0.5)
        elif fd.type == FieldDescriptor.TYPE_ENUM:
            setattr(msg, name, rng.choice([-1, 99, 2**31 - 1, -(2**31), *[v.number for v in fd.enum_type.values]]))
        elif fd.type in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32):
            setattr(msg, name, self.integer(32))
        elif fd.type in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64):
            setattr(msg, name, self.integer(64))
        elif fd.type == FieldDescriptor.TYPE_MESSAGE and fd.message_type.full_name == "google.protobuf.Value":
            getattr(msg, name).CopyFrom(self.value())
        elif fd.type == FieldDescriptor.TYPE_MESSAGE:
            sub = getattr(msg, name)
            if rng.random() < 0.3:
                msg.ClearField(name)
            else:
                for inner in sub.DESCRIPTOR.fields:
                    if rng.random() < 0.5:
                        self.mutate(sub, inner)

    def hostile(self, msg: Message) -> Message:
        """``msg`` with one to three fields made hostile (a valid request now and then)."""
        if self.rng.random() < 0.08:
            return msg
        fields = self._fields(msg)
        for _ in range(self.rng.choice([1, 1, 2, 3])):
            holder, fd, _ = self.rng.choice(fields)
            self.mutate(holder, fd)
            if msg.ByteSize() > MAX_REQUEST_BYTES:  # gRPC refuses it before any handler sees it
                holder.ClearField(fd.name)
        return msg

    # -- valid requests per method ----------------------------------------------------------
    def bases(self) -> dict[str, tuple[str, Callable[[], Message]]]:
        """Method -> (service stub attribute, a valid request)."""
        k, rng = self.known, self.rng
        session = f"councils/{k.session}"
        uid = lambda: f"fz-{rng.getrandbits(40):x}"  # noqa: E731
        return {
            "ListRegimes": ("criteria", lambda: criteria_pb2.ListRegimesRequest(page_size=1)),
            "GetRegime": ("criteria", lambda: criteria_pb2.GetRegimeRequest(name="regimes/2026")),
            "ListSheets": ("criteria", lambda: criteria_pb2.ListSheetsRequest(parent="regimes/2026", page_size=2)),
            "GetSheet": ("criteria", lambda: criteria_pb2.GetSheetRequest(name="regimes/2026/sheets/98")),
            "ListFacts": ("criteria", lambda: criteria_pb2.ListFactsRequest(page_size=2)),
            "Score": ("scoring", lambda: to_request(product(rng.choice(["P-1", "P-3", "Q-1"])))),
            "Simulate": (
                "scoring",
                lambda: scoring_pb2.SimulateRequest(request=to_request(product()), remove_judgements=["B5.1"]),
            ),
            "OpenCouncilSession": ("councils", lambda: open_request(uid(), request_id=uid())),
            "GetCouncilSession": ("councils", lambda: councils_pb2.GetCouncilSessionRequest(name=session)),
            "SubmitMemberSheet": ("councils", lambda: sheet_request(k.session, member=rng.choice(MEMBERS)[0])),
            "CloseProduct": (
                "councils",
                lambda: councils_pb2.CloseProductRequest(session=session, product_id="P-1", decided_on="2026-08-02"),
            ),
            "GetCouncilResult": (
                "councils",
                lambda: councils_pb2.GetCouncilResultRequest(session=session, product_id="P-1"),
            ),
            "ListRecognitions": (
                "councils",
                lambda: councils_pb2.ListRecognitionsRequest(product_id="P-1", today="2026-09-01"),
            ),
            "ListExpiringRecognitions": (
                "councils",
                lambda: councils_pb2.ListExpiringRecognitionsRequest(within_days=400, today="2026-09-01"),
            ),
            "RevokeRecognition": (
                "councils",
                lambda: councils_pb2.RevokeRecognitionRequest(name=f"recognitions/{k.recognition}", reason="Vi phạm"),
            ),
            "FileContest": (
                "contests",
                lambda: contests_pb2.FileContestRequest(
                    target=f"events/{k.result}",
                    criterion="B5.2",
                    claim=contests_pb2.ContestClaim(option=1),
                    reason="Lý do",
                    filed_as=rng.choice([contests_pb2.FILED_AS_PRODUCER, contests_pb2.FILED_AS_MEMBER]),
                ),
            ),
            "ResolveContest": (
                "contests",
                lambda: contests_pb2.ResolveContestRequest(
                    name=f"contests/{k.contest}", decision=contests_pb2.REJECT, reason="Không đủ căn cứ"
                ),
            ),
            "GetContest": ("contests", lambda: contests_pb2.GetContestRequest(name=f"contests/{k.contest}")),
            "ListContests": ("contests", lambda: contests_pb2.ListContestsRequest(product_id="P-1")),
            "GetAuditTrail": ("audit", lambda: audit_pb2.GetAuditTrailRequest(name="products/P-1/trail", page_size=2)),
            "GetEvent": ("audit", lambda: audit_pb2.GetEventRequest(name=f"events/{k.result}")),
            "ListEvents": ("audit", lambda: audit_pb2.ListEventsRequest(page_size=3, start=1)),
            "VerifyAuditTrail": (
                "audit",
                lambda: audit_pb2.VerifyAuditTrailRequest(trusted_public_keys=[k.pem] if k.pem else []),
            ),
            "ReplayEvaluation": ("audit", lambda: audit_pb2.ReplayEvaluationRequest(name=f"events/{k.recorded}")),
            "CreateCheckpoint": ("audit", lambda: audit_pb2.CreateCheckpointRequest()),
            "ListCheckpoints": ("audit", lambda: audit_pb2.ListCheckpointsRequest(page_size=1)),
            "BatchScore": ("scoring", lambda: to_request(product())),
        }

    # -- sending and checking ------------------------------------------------------------------
    def _size(self) -> int:
        return self.running.store.head()[0]

    def _check_error(self, method: str, error: grpc.RpcError, before: int) -> None:
        code = error.code()
        self.codes[code.name] += 1
        self.rejected += 1
        if code in BAD_CODES:
            self.problems.append(f"{method}: {code.name} {str(error.details())[:200]}")
        try:
            status = rpc_status.from_call(error)
        except ValueError:  # the trailers were dropped on the way (too large): the code is not the handler's
            status = None
        size = trailer_bytes(error)
        self.max_error_bytes = max(self.max_error_bytes, size)
        if status is None and code != grpc.StatusCode.DEADLINE_EXCEEDED:
            self.problems.append(f"{method}: {code.name} without details: {str(error.details())[:200]}")
        if size > MAX_ERROR_BYTES:
            self.problems.append(f"{method}: {size} bytes of error text")
        bad_request = status is not None and any(d.type_url.endswith("google.rpc.BadRequest") for d in status.details)
        if code == grpc.StatusCode.INVALID_ARGUMENT and status is not None and not bad_request:
            self.problems.append(f"{method}: INVALID_ARGUMENT without field violations")
        if self._size() != before:
            self.writes_from_rejected += 1
            self.problems.append(f"{method}: rejected ({code.name}) but the store grew")

    def _batch(self, caller: Caller, make: Callable[[], Message]) -> None:
        items = [self.hostile(make()) if self.rng.random() < 0.7 else make() for _ in range(self.rng.randint(2, 6))]
        items = [item if item.ByteSize() < MAX_REQUEST_BYTES else make() for item in items]
        before = self._size()
        try:
            answers = list(caller(caller.scoring.BatchScore, iter(items)))
        except grpc.RpcError as error:
            self._check_error("BatchScore", error, before)
            if error.code() not in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
                self.problems.append(f"BatchScore: the stream ended with {error.code().name}")
            return
        self.codes["OK"] += 1
        if [a.index for a in answers] != list(range(len(items))):
            self.problems.append(f"BatchScore: {len(answers)} answers to {len(items)} items")
        for a in answers:
            if a.HasField("error"):
                self.codes[f"item:{a.error.code}"] += 1
                if a.error.code in (13, 2, 15):
                    self.problems.append(f"BatchScore item: code {a.error.code} {a.error.message[:200]}")
                if len(a.error.SerializeToString()) > MAX_ERROR_BYTES:
                    self.problems.append(f"BatchScore item: {len(a.error.SerializeToString())} bytes of error")
        if self._size() != before:
            self.problems.append("BatchScore wrote to the store")

    def one(self) -> None:
        """Send one hostile request with a random caller and check the answer."""
        bases = self.bases()
        method = self.rng.choice(sorted(bases))
        attr, make = bases[method]
        caller = self.callers[self.rng.choice(sorted(self.callers))]
        self.sent += 1
        self.by_method[method] += 1
        if method == "BatchScore":
            self._batch(caller, make)
            return
        stub = getattr(caller, attr) if attr != "criteria" else criteria_pb2_grpc.CriteriaServiceStub(self.channel)
        request = self.hostile(make())
        before = self._size()
        try:
            getattr(stub, method)(request, metadata=caller.metadata, timeout=30)
        except grpc.RpcError as error:
            self._check_error(method, error, before)
        else:
            self.codes["OK"] += 1

    def run(self, count: int, budget: float = 1e9) -> float:
        """Send ``count`` requests (or as many as fit in ``budget`` seconds); the seconds taken."""
        started = time.monotonic()
        for _ in range(count):
            if time.monotonic() - started > budget:
                break
            self.one()
        return time.monotonic() - started

    def healthy(self) -> list[str]:
        """What is wrong with the server after the fuzz (nothing: an empty list)."""
        problems = []
        health = health_pb2_grpc.HealthStub(self.channel)
        for name in ("", *SERVICES):
            status = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=10).status
            if status != health_pb2.HealthCheckResponse.SERVING:
                problems.append(f"health of {name or 'the server'}: {status}")
        caller = self.callers[ADMIN]
        if caller(caller.scoring.Score, to_request(product())).total != "90":
            problems.append("a valid Score no longer scores 90")
        return problems
