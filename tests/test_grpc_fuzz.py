"""A seeded fuzz of hostile requests over every RPC, with the token of every role (bench/fuzz.py runs 10,000)."""

import grpc
import pytest
from fuzz_support import Fuzz
from grpc_audit_support import serve

#: (backend, requests): a few hundred, bounded in time as well.
RUNS = [("sqlite", 500), ("postgres", 300)]


@pytest.mark.parametrize(("kind", "count"), RUNS)
def test_hostile_requests_get_no_internal_and_write_nothing(kind, count, tmp_path):
    for running in serve(kind, tmp_path):
        with grpc.insecure_channel(running.address) as channel:
            grpc.channel_ready_future(channel).result(timeout=10)
            fuzz = Fuzz(running, channel, seed=20261128, huge=1 << 18)
            fuzz.seed()
            fuzz.run(count, budget=45)
            assert fuzz.sent >= min(count, 150), f"only {fuzz.sent} requests in the time allowed"
            assert not fuzz.problems, "\n".join(fuzz.problems[:20])
            assert fuzz.writes_from_rejected == 0
            assert set(fuzz.by_method) >= {"BatchScore", "VerifyAuditTrail", "OpenCouncilSession", "FileContest"}
            assert fuzz.rejected > count // 3 and fuzz.codes["OK"] > 0, fuzz.codes
            assert fuzz.healthy() == []
