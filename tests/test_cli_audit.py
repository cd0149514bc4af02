"""The secretary's command line on the store: the example council of five (re-score, 4★, a contest upheld),
the trail, checkpoints, replay, and ``ocop audit verify`` catching an edited, a deleted and a truncated event."""

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import trail_env  # noqa: F401  (keys and witnesses in a temporary directory)
import yaml

from scoring_core.audit import EventKind, open_store
from scoring_core.audit.events import NewEvent, now_iso
from scoring_core.audit.witness import Witness
from scoring_core.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "examples" / "council"
SESSION, PID = "nb-2026-10-tinh", "vn-2026-000123"
MEMBERS = {"an": "Trần Thị An", "binh": "Lê Văn Bình", "cuong": "Phạm Văn Cường", "dung": "Hoàng Thị Dung"}


def ocop(capsys, *args, data=None):
    """Run one command; (exit status, stdout, stderr)."""
    code = main([*args[:2], *(["--data-dir", str(data)] if data else []), *args[2:]])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """The example council run through the CLI: (data dir, result seq, revision seq, exported checkpoints)."""
    data = tmp_path_factory.mktemp("cli")

    def run(*args):
        assert main([*args[:2], "--data-dir", str(data), *args[2:]]) == 0, args

    run("council", "open", str(COUNCIL / "session.yaml"))
    for round_, em in ((1, "em-round1"), (2, "em")):
        for file, name in (*MEMBERS.items(), (em, "Vũ Văn Em")):
            run("council", "submit", SESSION, PID, name, str(COUNCIL / "sheets" / f"{file}.yaml"))
        run("council", "close", SESSION, PID, "--by", "Lê Văn Bình", "--request-id", f"close-{round_}")
    conn = sqlite3.connect(data / "audit.sqlite3")
    result = conn.execute("SELECT max(seq) FROM audit_events WHERE kind = 'council_result'").fetchone()[0]
    conn.close()
    run(
        "contest",
        "file",
        str(result),
        "C7",
        "--option",
        "4",
        "--reason",
        "Đạt giải vàng hội chợ",
        "--evidence",
        "giấy chứng nhận 45/2026",
        "--by",
        "HTX Nông nghiệp Kim Sơn",
        "--as",
        "producer",
    )
    run(
        "contest",
        "resolve",
        str(result + 2),
        "uphold",
        "--reason",
        "Hội đồng xem xét minh chứng",
        "--by",
        "Trần Thị An",
    )
    exported = data / "checkpoints.json"
    run("audit", "checkpoint", "--export", str(exported))
    return data, result, exported


def test_the_council_workflow_and_its_trail(council, capsys):
    data, result, _ = council
    code, out, _ = ocop(capsys, "council", "show", SESSION, "--format", "json", data=data)
    shown = json.loads(out)
    assert code == 0 and shown["products"][0]["status"] == "recognised" and shown["products"][0]["round"] == 2
    assert shown["products"][0]["total"] == "76.80"  # after the contest: C7 at 5 points for every member
    code, out, _ = ocop(capsys, "audit", "trail", PID, "--format", "json", data=data)
    entries = json.loads(out)["entries"]
    kinds = [e["kind"] for e in entries]
    assert kinds == (
        ["council_opened"]
        + ["member_sheet_submitted"] * 5
        + ["council_result"]
        + ["member_sheet_submitted"] * 5
        + ["council_result", "recognition_issued", "contest_filed"]
        + ["member_sheet_submitted"] * 5
        + ["council_result", "recognition_issued", "contest_resolved"]
    )
    texts = [e["text_vi"] for e in entries]
    assert "chênh lệch 12 điểm" in texts[6] and "Công nhận 4 sao cấp tỉnh (điểm trung bình 75.20)" in texts[12]
    assert f"bản sửa đổi lần 1 của #{result}" in texts[20] and "thay thế quyết định" in texts[21]
    code, out, _ = ocop(capsys, "audit", "trail", PID, data=data)
    assert code == 0 and "Khiếu nại #" in out
    code, out, _ = ocop(capsys, "council", "recognitions", "--product", PID, "--format", "json", data=data)
    assert [r["status"] for r in json.loads(out)] == ["superseded", "active"]


def test_replay_and_verify(council, capsys):
    data, result, exported = council
    assert ocop(capsys, "audit", "replay", str(result - 1), data=data)[0] == 0
    code, out, _ = ocop(capsys, "audit", "verify", "--checkpoints", str(exported), data=data)
    assert code == 0 and "Chuỗi sự kiện hợp lệ" in out
    code, _, err = ocop(capsys, "audit", "replay", str(result), data=data)  # a council result, not a sheet
    assert code == 3 and "không thể tính lại" in err.lower()


def _copy(data: Path, to: Path) -> sqlite3.Connection:
    """A copy of the store (an attacker's working copy), with the append-only triggers dropped."""
    to.mkdir()
    for f in data.glob("audit.sqlite3*"):
        shutil.copy(f, to / f.name)
    conn = sqlite3.connect(to / "audit.sqlite3", isolation_level=None)
    for t in (
        "audit_events_no_update",
        "audit_events_no_delete",
        "audit_topics_no_update",
        "audit_topics_no_delete",
        "audit_checkpoints_no_update",
        "audit_checkpoints_no_delete",
    ):
        conn.execute(f"DROP TRIGGER {t}")
    return conn


def test_verify_detects_an_edited_event(council, capsys, tmp_path):
    data, _, _ = council
    conn = _copy(data, tmp_path / "edited")
    body = conn.execute("SELECT body FROM audit_events WHERE seq = 4").fetchone()[0]
    edited = body.replace('"member":"Phạm Văn Cường"'.encode(), '"member":"Trần Thị An"'.encode())
    assert edited != body
    conn.execute("UPDATE audit_events SET body = ? WHERE seq = 4", (edited,))
    conn.close()
    code, out, _ = ocop(capsys, "audit", "verify", data=tmp_path / "edited")
    assert code == 1 and "#4" in out and "bị sửa" in out and "altered" in out
    code, out, _ = ocop(capsys, "audit", "verify", "--format", "json", data=tmp_path / "edited")
    assert json.loads(out)["first_bad"] == 4


def test_verify_detects_a_deleted_event(council, capsys, tmp_path):
    data, _, _ = council
    conn = _copy(data, tmp_path / "deleted")
    conn.execute("DELETE FROM audit_events WHERE seq = 9")
    conn.close()
    code, out, _ = ocop(capsys, "audit", "verify", data=tmp_path / "deleted")
    assert code == 1 and "#9" in out and "đã bị xóa" in out


def test_verify_detects_a_truncated_tail_against_an_exported_checkpoint(council, capsys, tmp_path):
    data, result, exported = council
    conn = _copy(data, tmp_path / "truncated")
    conn.execute("DELETE FROM audit_events WHERE seq > ?", (result,))
    conn.execute("DELETE FROM audit_topics WHERE seq > ?", (result,))  # the session index too, as a careful attacker
    conn.execute("DELETE FROM audit_checkpoints")
    conn.close()
    assert ocop(capsys, "audit", "verify", data=tmp_path / "truncated")[0] == 0  # nothing inside tells
    code, out, _ = ocop(capsys, "audit", "verify", "--checkpoints", str(exported), data=tmp_path / "truncated")
    assert code == 1 and f"#{result + 1}" in out and "bị cắt" in out and "truncated" in out


def _witness_of(data: Path) -> Path:
    store = open_store(data)
    try:
        return Witness.for_store(store).path
    finally:
        store.close()


def test_verify_catches_a_truncation_and_a_forged_tail_with_the_witness(council, capsys, tmp_path):
    data, result, _ = council
    witness = _witness_of(data)
    conn = _copy(data, tmp_path / "truncated")
    conn.execute("DELETE FROM audit_events WHERE seq > ?", (result,))
    conn.execute("DELETE FROM audit_topics WHERE seq > ?", (result,))  # the session index too, as a careful attacker
    conn.execute("DELETE FROM audit_checkpoints")
    conn.close()
    code, out, _ = ocop(capsys, "audit", "verify", data=tmp_path / "truncated")
    assert code == 0 and "Không có nhân chứng" in out  # a copy elsewhere has no witness of its own
    code, out, _ = ocop(capsys, "audit", "verify", "--witness", str(witness), data=tmp_path / "truncated")
    assert code == 1 and f"#{result + 1}" in out and "truncated" in out
    conn = _copy(data, tmp_path / "forged")
    last = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    ev = NewEvent.make(EventKind.PLUGIN_SEEN, {"forged": 1}, actor="mallory").seal(last[0] + 1, last[1], now_iso())
    conn.execute(
        "INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ev.seq, ev.kind, ev.time, ev.actor, ev.request_id, ev.subject, ev.prev_hash, ev.hash, ev.body),
    )
    conn.close()
    code, out, _ = ocop(
        capsys, "audit", "verify", "--witness", str(witness), "--format", "json", data=tmp_path / "forged"
    )
    found = json.loads(out)
    assert code == 1 and found["first_bad"] == last[0] + 1 and "never witnessed" in found["problem_en"]


def test_a_command_on_a_tampered_store_is_refused_and_signs_nothing(council, capsys, tmp_path):
    data, result, _ = council
    conn = _copy(data, tmp_path / "edited")
    conn.close()
    code, _, _ = ocop(capsys, "audit", "checkpoint", data=tmp_path / "edited")  # adopted: it verifies
    assert code == 0
    conn = sqlite3.connect(tmp_path / "edited" / "audit.sqlite3", isolation_level=None)
    conn.execute("DROP TRIGGER audit_events_no_delete")  # opening the store put it back
    conn.execute("DROP TRIGGER audit_topics_no_delete")
    conn.execute("DELETE FROM audit_events WHERE seq > ?", (result,))
    conn.execute("DELETE FROM audit_topics WHERE seq > ?", (result,))  # the session index too, as a careful attacker
    conn.close()
    witness = _witness_of(tmp_path / "edited")
    lines = witness.read_bytes()
    code, _, err = ocop(capsys, "audit", "checkpoint", data=tmp_path / "edited")
    assert code == 3 and "AUDIT_TRAIL_UNVERIFIED" not in err and "truncated" in err
    filing = ("contest", "file", str(result), "C8", "--option", "3", "--reason", "x", "--by", "HTX Nông nghiệp Kim Sơn")
    code, _, err = ocop(capsys, *filing, "--as", "producer", data=tmp_path / "edited")
    assert code == 3 and "không nhận thao tác ghi" in err
    assert witness.read_bytes() == lines


def test_refusals_and_bad_input(council, capsys, tmp_path):
    data, result, _ = council
    code, _, err = ocop(capsys, "council", "close", SESSION, PID, "--by", "Phạm Văn Cường", data=data)
    assert code == 3 and "chỉ chủ tịch hoặc thư ký" in err
    code, _, err = ocop(capsys, "council", "open", str(tmp_path / "missing.yaml"), data=data)
    assert code == 2 and "Không đọc được tệp" in err
    code, _, err = ocop(
        capsys, "council", "submit", SESSION, PID, "Phạm Văn Cường", str(COUNCIL / "sheets" / "an.yaml"), data=data
    )
    assert code == 2 and "Đây là phiếu của Trần Thị An" in err
    code, _, err = ocop(
        capsys, "contest", "resolve", str(result + 2), "reject", "--reason", "x", "--by", "Trần Thị An", data=data
    )
    assert code == 3 and "đã được giải quyết" in err


def test_auth_token_entry(capsys):
    assert main(["auth", "token", "Cổng Ninh Bình", "--role", "integration"]) == 0
    out = capsys.readouterr().out
    token = out.split(": ", 1)[1].splitlines()[0]
    entry = yaml.safe_load(out)["identities"][0]
    assert entry["token_sha256"] == hashlib.sha256(token.encode()).hexdigest() and entry["roles"] == ["integration"]
