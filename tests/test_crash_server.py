"""The crash harness in short (bench/crash.py runs it 100 times): SIGKILL the server during recorded scoring;
every acknowledged evaluation survives, the chain verifies, and a retried request id is recorded once."""

import crash
import pytest
from audit_support import PG_URL, pg_unavailable


@pytest.mark.parametrize(("backend", "cycles"), [("sqlite", 3), ("postgres", 2)])
def test_sigkill_during_recorded_scoring(backend, cycles, tmp_path):
    if backend == "postgres" and pg_unavailable():
        pytest.skip(pg_unavailable())
    report = crash.run(
        cycles=cycles,
        threads=4,
        seed=7,
        work=tmp_path,
        database_url=PG_URL if backend == "postgres" else None,
        max_kill_after=0.3,
    )
    assert report.ok, report.problems
    assert report.cycles == cycles and report.acknowledged > 0
    assert report.evaluations_stored == report.attempted  # every attempted request id stored exactly once
    assert report.lost == report.duplicates == report.changed == report.verify_failures == 0
