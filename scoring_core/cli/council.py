"""``ocop council`` and ``ocop contest``: the basic council workflow for a secretary, directly on the store.

ocop council open examples/council/session.yaml          # prints the session id
ocop council submit SESSION PRODUCT MEMBER sheet.yaml      # one member's judgements (their paper sheet)
ocop council close SESSION PRODUCT --by "Lê Văn Bình"     # quorum, spread, mean, stars, level
ocop council show SESSION
ocop contest file EVENT CRITERION --option 3 --reason "..." --by "HTX ..." --as producer
ocop contest resolve CONTEST uphold --reason "..." --by "Trần Thị An"
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.table import Table

from scoring_core.audit.store import AuditStore
from scoring_core.cli.common import Subparsers, add_format, print_json, read_file, say
from scoring_core.cli.store import opened, store_options
from scoring_core.errors import ConfigError, FieldViolation, InvalidRequest

if TYPE_CHECKING:
    from scoring_core.councils.book import CouncilBook
    from scoring_core.councils.contests import ContestBook


def _books(store: AuditStore) -> tuple[CouncilBook, ContestBook]:
    """The council and contest books on ``store`` (OCOP_COUNCIL_MIN_MEMBERS, default 5, as the server)."""
    from scoring_core.councils.book import CouncilBook
    from scoring_core.councils.contests import ContestBook
    from scoring_core.scoring.pipeline import Scorer

    setting = os.environ.get("OCOP_COUNCIL_MIN_MEMBERS") or "5"
    if not setting.isascii() or not setting.isdigit():
        raise ConfigError(f"OCOP_COUNCIL_MIN_MEMBERS must be a whole number of at least 2, not {setting[:40]!r}")
    councils = CouncilBook(store, Scorer(), int(setting))
    return councils, ContestBook(store, councils.scorer, councils)


def _day(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidRequest(
            [
                FieldViolation(
                    field,
                    f"expected a date YYYY-MM-DD, got {value!r}",
                    f"Phải là ngày dạng YYYY-MM-DD, nhận được {value!r}",
                )
            ]
        ) from None


def _actor(args: argparse.Namespace, fallback: str) -> str:
    return args.by or os.environ.get("OCOP_ACTOR") or fallback


def cmd_open(args: argparse.Namespace, console: Console) -> int:
    spec = read_file(args.file)
    if not isinstance(spec, dict):
        raise InvalidRequest(
            [
                FieldViolation(
                    "FILE",
                    "expected a mapping (level, sheet, members, products)",
                    "Tệp phải là một bảng (level, sheet, members, products)",
                )
            ]
        )
    members = spec.get("members") or []
    officer = next(
        (
            m.get("name")
            for role in ("secretary", "chair")
            for m in members
            if isinstance(m, dict) and m.get("role") == role
        ),
        None,
    )
    opened_on = _day(spec.get("opened_on"), "opened_on") or date.today()
    with opened(args) as store:
        councils, _ = _books(store)
        state = councils.open_session(
            level=spec.get("level"),
            regime=str(spec["regime"]) if spec.get("regime") else None,
            sheet=str(spec.get("sheet") or ""),
            members=members,
            products=spec.get("products") or [],
            opened_on=opened_on,
            actor=_actor(args, officer or "secretary"),
            request_id=args.request_id,
            session_id=spec.get("session_id"),
        )
    s = state.spec
    say(
        console,
        f"Đã mở phiên hội đồng (session opened) [bold]{s.session_id}[/]: {s.level}, {s.sheet} "
        f"v{s.sheet_version}, {len(s.members)} thành viên (members), {len(s.products)} sản phẩm (products)",
    )
    return 0


def cmd_submit(args: argparse.Namespace, console: Console) -> int:
    data = read_file(args.file)
    judgements = data.get("judgements", data) if isinstance(data, dict) else None
    if not isinstance(judgements, dict):
        raise InvalidRequest(
            [
                FieldViolation(
                    "FILE",
                    "expected the member's judgements (criterion: option)",
                    "Tệp phải chứa các lựa chọn của thành viên (tiêu chí: phương án)",
                )
            ]
        )
    if isinstance(data, dict) and data.get("member") not in (None, args.member):
        raise InvalidRequest(
            [
                FieldViolation(
                    "FILE",
                    f"this is the sheet of {data['member']}, not {args.member}",
                    f"Đây là phiếu của {data['member']}, không phải của {args.member}",
                )
            ]
        )
    with opened(args) as store:
        councils, _ = _books(store)
        event = councils.submit(
            args.session,
            args.product,
            args.member,
            judgements,
            actor=_actor(args, args.member),
            request_id=args.request_id,
        )
    result = event.payload["evaluation"]["result"]
    say(
        console,
        f"Phiếu #{event.seq} của {args.member}, vòng (round) {event.payload['round']}: tổng (total) "
        f"{result['total']} điểm",
    )
    return 0


def cmd_close(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as store:
        councils, _ = _books(store)
        decision = councils.close(
            args.session,
            args.product,
            by=args.by,
            request_id=args.request_id,
            decided_on=_day(args.decided_on, "--decided-on"),
        )
    o = decision.outcome
    say(console, f"Kết quả #{decision.event.seq} (result): {o.reason_vi} ({o.reason_en})")
    for m in o.members:
        say(console, f"  {m.member} ({m.role}): {m.total}")
    if decision.recognition is not None:
        p = decision.recognition.payload
        say(
            console,
            f"Quyết định công nhận #{decision.recognition.seq}: {p['star']} sao, hiệu lực đến (valid until) "
            f"{p['valid_until']}",
        )
    return 0


def cmd_show(args: argparse.Namespace, console: Console) -> int:
    from scoring_core.councils.council import quorum_problem

    with opened(args) as store:
        councils, _ = _books(store)
        state = councils.session(args.session)
    s = state.spec
    rows: list[dict[str, Any]] = []
    for pid, st in state.products.items():
        latest = st.results[-1].payload["outcome"] if st.results else None
        missing = quorum_problem(s, list(st.sheets))
        rows.append(
            {
                "product_id": pid,
                "round": st.round,
                "submitted": list(st.sheets),
                "quorum": missing is None,
                "status": latest["status"] if latest else "open",
                "total": latest.get("total") if latest else None,
                "final_star": latest.get("final_star") if latest else None,
                "reason_vi": latest["reason_vi"] if latest else (missing.message_vi if missing else ""),
            }
        )
    if args.format == "json":
        print_json(
            {
                "session_id": s.session_id,
                "level": s.level,
                "regime": s.regime,
                "sheet": s.sheet,
                "opened_on": s.opened_on,
                "members": [m.model_dump() for m in s.members],
                "products": rows,
            }
        )
        return 0
    say(
        console,
        f"Phiên hội đồng (session) [bold]{s.session_id}[/]: {s.level}, chế độ (regime) {s.regime}, "
        f"{s.sheet} v{s.sheet_version}, ngày (date) {s.opened_on}",
    )
    say(console, "Thành viên (members): " + ", ".join(f"{m.name} ({m.role})" for m in s.members))
    table = Table()
    for col in ("sản phẩm (product)", "vòng (round)", "đã nộp (submitted)", "trạng thái (status)", "ghi chú"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["product_id"], str(r["round"]), ", ".join(r["submitted"]), r["status"], r["reason_vi"])
    say(console, table)
    return 0


def cmd_recognitions(args: argparse.Namespace, console: Console) -> int:
    today = _day(args.today, "--today") or date.today()
    with opened(args) as store:
        councils, _ = _books(store)
        items = (
            councils.expiring(args.expiring, today)
            if args.expiring is not None
            else councils.recognitions(args.product)
        )
    rows = [
        {
            "seq": r.seq,
            "product_id": r.product_id,
            "star": r.star,
            "level": r.level,
            "valid_until": r.valid_until,
            "status": r.status,
        }
        for r in items
    ]
    if args.format == "json":
        print_json(rows)
        return 0
    for r in rows:
        say(
            console,
            f"#{r['seq']} {r['product_id']}: {r['star']} sao ({r['level']}), hiệu lực đến (valid until) "
            f"{r['valid_until']}, {r['status']}",
        )
    return 0


def cmd_file(args: argparse.Namespace, console: Console) -> int:
    if (args.option is None) == (args.fact is None):
        raise InvalidRequest(
            [
                FieldViolation(
                    "--option/--fact",
                    "give --option N or --fact NAME --value V",
                    "Cần --option N hoặc --fact TÊN --value GIÁ_TRỊ",
                )
            ]
        )
    if args.option is not None:
        claim: dict[str, Any] = {"option": args.option, "case": args.case}
    else:
        try:
            value = json.loads(args.value)
        except (TypeError, ValueError):
            value = args.value
        claim = {"fact": args.fact, "value": value}
    with opened(args) as store:
        _, contests = _books(store)
        event = contests.file(
            args.target,
            args.criterion,
            claim,
            args.reason,
            by=args.by,
            role=args.role,
            evidence=args.evidence or [],
            request_id=args.request_id,
        )
    say(console, f"Đã ghi khiếu nại #{event.seq} (contest filed) đối với #{args.target}, tiêu chí {args.criterion}")
    return 0


def cmd_resolve(args: argparse.Namespace, console: Console) -> int:
    outcome: Literal["upheld", "rejected"] = "upheld" if args.decision == "uphold" else "rejected"
    with opened(args) as store:
        _, contests = _books(store)
        state = contests.resolve(
            args.contest, outcome, args.reason, by=args.by, role=args.role, request_id=args.request_id
        )
    r = state.resolution
    assert r is not None
    verdict = "được chấp nhận (upheld)" if r.outcome == "upheld" else "bị bác (rejected)"
    extra = f"; bản sửa đổi (revision) #{r.revision}" if r.revision else ""
    say(console, f"Khiếu nại #{args.contest}: {verdict}{extra}")
    return 0


def add_parsers(sub: Subparsers) -> None:
    """Register ``ocop council`` and ``ocop contest``."""
    parent = store_options()
    rid: dict[str, Any] = {"metavar": "ID", "help": "a unique id: a retry records nothing twice"}
    council = sub.add_parser("council", help="council sessions for a secretary").add_subparsers(
        dest="council_command", required=True
    )
    p = council.add_parser("open", parents=[parent], help="open a session from a YAML file")
    p.add_argument("file")
    p.add_argument("--by", help="who opens it (default: the file's secretary, else its chair)")
    p.add_argument("--request-id", **rid)
    p.set_defaults(run=cmd_open)
    p = council.add_parser("submit", parents=[parent], help="record one member's sheet for one product")
    for name in ("session", "product", "member", "file"):
        p.add_argument(name)
    p.add_argument("--by", help="who enters it (default: the member)")
    p.add_argument("--request-id", **rid)
    p.set_defaults(run=cmd_submit)
    p = council.add_parser("close", parents=[parent], help="conclude one product (chair or secretary)")
    p.add_argument("session")
    p.add_argument("product")
    p.add_argument("--by", required=True, help="the chair or secretary closing")
    p.add_argument("--decided-on", metavar="YYYY-MM-DD")
    p.add_argument("--request-id", **rid)
    p.set_defaults(run=cmd_close)
    p = council.add_parser("show", parents=[parent], help="a session and where each product stands")
    p.add_argument("session")
    add_format(p)
    p.set_defaults(run=cmd_show)
    p = council.add_parser("recognitions", parents=[parent], help="recognitions, or those expiring soon")
    p.add_argument("--product")
    p.add_argument("--expiring", type=int, metavar="DAYS")
    p.add_argument("--today", metavar="YYYY-MM-DD")
    add_format(p)
    p.set_defaults(run=cmd_recognitions)
    contest = sub.add_parser("contest", help="file and resolve contests").add_subparsers(
        dest="contest_command", required=True
    )
    p = contest.add_parser("file", parents=[parent], help="contest an evaluation or council result (event seq)")
    p.add_argument("target", type=int)
    p.add_argument("criterion")
    p.add_argument("--option", type=int)
    p.add_argument("--case", type=int)
    p.add_argument("--fact")
    p.add_argument("--value", help="the corrected value (JSON, or text)")
    p.add_argument("--reason", required=True)
    p.add_argument("--evidence", action="append", metavar="REF")
    p.add_argument("--by", required=True)
    p.add_argument("--as", dest="role", choices=["producer", "member"], default="producer")
    p.add_argument("--request-id", **rid)
    p.set_defaults(run=cmd_file)
    p = contest.add_parser("resolve", parents=[parent], help="uphold or reject a contest (chair or secretary)")
    p.add_argument("contest", type=int)
    p.add_argument("decision", choices=["uphold", "reject"])
    p.add_argument("--reason", required=True)
    p.add_argument("--by", required=True)
    p.add_argument(
        "--role",
        choices=["chair", "secretary"],
        help="for a plain evaluation; a council's own chair or secretary is found by name",
    )
    p.add_argument("--request-id", **rid)
    p.set_defaults(run=cmd_resolve)
