"""``ocop audit`` (verify, trail, checkpoint, replay) and ``ocop auth token``, working directly on the store.

The store is the one the server uses: OCOP_DATABASE_URL (PostgreSQL) or ``<OCOP_DATA_DIR>/audit.sqlite3``
(``--data-dir`` / ``--database-url`` override), with the server's signing key and witness
(``--signing-key`` / OCOP_SIGNING_KEY, ``--witness`` / OCOP_WITNESS): commands that write are
witnessed like the server's, and refused while the trail does not verify.  The council and
contest commands are in ``cli/council.py``; ``add_parsers`` registers both.

Exit status: 0 done (the chain verifies, the replay is identical), 1 it does not, 2 invalid input,
3 refused (not found, not allowed, wrong state).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from scoring_core.audit import open_store
from scoring_core.audit.checkpoints import (
    Checkpoint,
    export_checkpoints,
    import_checkpoints,
    load_signer,
    stored_checkpoints,
)
from scoring_core.audit.keys import KeyPlacementError
from scoring_core.audit.store import AuditStore
from scoring_core.audit.trail import open_trail
from scoring_core.audit.verify import verify
from scoring_core.audit.witness import Witness, WitnessGuard, view_of
from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, Refused, SheetUnavailable
from scoring_core.scoring.replay import ReplayError, replay_result

EXIT_FAILED, EXIT_BAD_INPUT, EXIT_REFUSED = 1, 2, 3
Handler = Callable[[argparse.Namespace, Console], int]


def say(console: Console, text: Any, markup: bool = True) -> None:
    """Print one message (or a table) as is: no highlighting, no hard wrapping of long lines."""
    console.print(text, highlight=False, soft_wrap=True, markup=markup)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def store_options() -> argparse.ArgumentParser:
    """The options every store command shares."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir", help="directory of audit.sqlite3 and the signing key (env OCOP_DATA_DIR, default ./var)"
    )
    parent.add_argument("--database-url", help="PostgreSQL URL (env OCOP_DATABASE_URL); SQLite when absent")
    parent.add_argument(
        "--signing-key",
        help="the checkpoint signing key (env OCOP_SIGNING_KEY, default ~/.config/ocop/signing_key.pem)",
    )
    parent.add_argument(
        "--witness", help="witness directory or .jsonl file (env OCOP_WITNESS, default ~/.local/state/ocop/witness)"
    )
    parent.add_argument(
        "--allow-key-in-data-dir",
        action="store_true",
        default=None,
        help="accept a signing key or witness inside the data directory (env OCOP_ALLOW_KEY_IN_DATA_DIR=1)",
    )
    return parent


def _placement(exc: KeyPlacementError) -> Refused:
    return Refused(
        "failed_precondition",
        str(exc),
        "Khóa ký hoặc nhân chứng nằm trong thư mục dữ liệu: người giữ dữ liệu có thể ký lại hoặc viết lại chuỗi",
    )


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[AuditStore]:
    """The store named by the options or the environment, checked against its witness, closed afterwards.

    Its appends are witnessed; on a broken trail reads go on and every append is refused.
    """
    store = open_store(args.data_dir, args.database_url)
    trail = None
    try:
        try:
            trail = open_trail(
                store,
                data_dir=args.data_dir,
                key=getattr(args, "signing_key", None),
                witness=getattr(args, "witness", None),
                allow_in_data_dir=getattr(args, "allow_key_in_data_dir", None),
            )
        except KeyPlacementError as exc:
            raise _placement(exc) from None
        yield store
    finally:
        store.close()
        if trail is not None:
            trail.guard.witness.close()


def witness_of(args: argparse.Namespace, store: AuditStore) -> Witness:
    """The store's witness as the options name it (read only)."""
    try:
        return Witness.for_store(
            store, getattr(args, "witness", None), args.data_dir, getattr(args, "allow_key_in_data_dir", None)
        )
    except KeyPlacementError as exc:
        raise _placement(exc) from None


def guarded(handler: Handler) -> Handler:
    """Run a command; bad input exits 2 and refusals 3, each printed in Vietnamese with the English gloss."""

    def run(args: argparse.Namespace, console: Console) -> int:
        err = Console(stderr=True, soft_wrap=True)
        try:
            return handler(args, console)
        except InvalidRequest as exc:
            violations = exc.violations
        except NotFound as exc:
            violations = [exc.violation]
        except SheetUnavailable as exc:
            violations = [FieldViolation("sheet", str(exc), exc.message_vi)]
        except Refused as exc:
            say(err, f"[bold red]Bị từ chối (refused)[/]: {escape(exc.text())}")
            return EXIT_REFUSED
        except ReplayError as exc:
            say(err, f"[bold red]Không thể tính lại (cannot replay)[/]: {escape(str(exc))}")
            return EXIT_REFUSED
        say(err, "[bold red]Dữ liệu không hợp lệ (invalid input):[/]")
        for v in violations:
            say(err, f"  - {v.text()}", markup=False)
        return EXIT_BAD_INPUT

    return run


def read_file(path: str, field: str = "FILE") -> Any:
    """A YAML or JSON file; unreadable or malformed files are field violations."""
    try:
        return yaml.safe_load(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise InvalidRequest(
            [FieldViolation(field, f"cannot read {path}: {exc.strerror}", f"Không đọc được tệp {path}")]
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidRequest(
            [FieldViolation(field, f"not valid YAML/JSON: {exc}", "Tệp không đúng định dạng YAML/JSON")]
        ) from None


# -- audit -----------------------------------------------------------------------------------------
def cmd_verify(args: argparse.Namespace, console: Console) -> int:
    given: list[Checkpoint] = []
    for path in args.checkpoints or []:
        try:
            given += import_checkpoints(Path(path).read_text("utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidRequest(
                [
                    FieldViolation(
                        "--checkpoints",
                        f"{path}: not exported checkpoints ({exc})",
                        f"{path}: không phải tệp điểm kiểm tra đã xuất",
                    )
                ]
            ) from None
    keys = []
    for path in args.trusted_key or []:
        try:
            keys.append(Path(path).read_bytes())
        except OSError as exc:
            raise InvalidRequest(
                [FieldViolation("--trusted-key", f"cannot read {path}: {exc.strerror}", f"Không đọc được tệp {path}")]
            ) from None
    store = open_store(args.data_dir, args.database_url)
    witness = None
    try:
        witness = None if args.no_witness else witness_of(args, store)
        view = (lambda: view_of(witness.entries())) if witness is not None and witness.exists() else None
        report = verify(store, given, keys or None, use_stored=not args.no_stored, witness=view)
    finally:
        store.close()
        if witness is not None:
            witness.close()
    if args.format == "json":
        _print_json(
            {
                "ok": report.ok,
                "size": report.size,
                "head_hash": report.head_hash,
                "first_bad": report.first_bad,
                "problem_en": report.problem_en,
                "problem_vi": report.problem_vi,
                "checkpoints_checked": report.checkpoints_checked,
                "checkpoint_problems": report.checkpoint_problems,
                "witness": witness.where if view is not None and witness is not None else None,
                "witnessed_events": report.witnessed,
            }
        )
        return 0 if report.ok else EXIT_FAILED
    if view is None and not args.no_witness and witness is not None:
        say(
            console,
            f"[yellow]Không có nhân chứng (no witness)[/] tại {witness.where}: không kiểm được việc cắt bớt hay giả "
            f"mạo phần cuối chuỗi (truncation and forged tails cannot be checked)",
            markup=True,
        )
    if report.ok:
        say(console, f"[green]OK[/] {report.text()}")
    else:
        where = f"sự kiện đầu tiên bị lỗi (first bad event): #{report.first_bad}; " if report.first_bad else ""
        say(console, f"[bold red]LỖI (FAILED)[/] {where}{report.text()}")
    return 0 if report.ok else EXIT_FAILED


def cmd_adopt(args: argparse.Namespace, console: Console) -> int:
    """Vouch for events the witness never saw (lost in a power loss): only a tail, never a change."""
    store = open_store(args.data_dir, args.database_url)
    witness = None
    try:
        witness = witness_of(args, store)
        chain = verify(store)
        if not chain.ok:
            say(console, f"[bold red]LỖI (FAILED)[/] sự kiện (event) #{chain.first_bad}: {chain.text()}")
            return EXIT_FAILED
        view = view_of(witness.entries())
        head = store.head()
        against = verify(store, witness=view)
        if against.ok:
            say(console, f"[green]OK[/] {against.text()}: không cần nhận (nothing to adopt)")
            return 0
        if view.records and (against.first_bad or 0) <= view.end:
            say(
                console,
                f"[bold red]LỖI (FAILED)[/] không thể nhận (cannot adopt) sự kiện #{against.first_bad}: "
                f"{against.text()}",
            )
            return EXIT_FAILED
        plan = (
            f"nhân chứng chưa ghi nhận các sự kiện {view.end + 1}..{head[0]} (the witness never saw events "
            f"{view.end + 1}..{head[0]}); mã băm cuối (head) {head[1]}"
        )
        if not args.confirm:
            raise Refused(
                "failed_precondition",
                f"{plan}: check them (ocop audit trail, ListEvents), then run again with --confirm",
                f"{plan}: hãy kiểm tra rồi chạy lại với --confirm",
            )
        try:
            signer = load_signer(args.data_dir, args.signing_key, allow_in_data_dir=args.allow_key_in_data_dir)
        except KeyPlacementError as exc:
            raise _placement(exc) from None
        WitnessGuard(witness, signer).adopt(head, only_if_empty=False)
        say(console, f"[yellow]Đã nhận (adopted)[/]: {plan}")
        return 0
    finally:
        store.close()
        if witness is not None:
            witness.close()


def cmd_trail(args: argparse.Namespace, console: Console) -> int:
    from scoring_core.councils.contests import ContestBook
    from scoring_core.scoring.pipeline import Scorer

    with opened(args) as store:
        trail = ContestBook(store, Scorer()).trail(args.product)
    if not trail.entries:
        raise Refused(
            "not_found",
            f"nothing is recorded about product {args.product}",
            f"Chưa có sự kiện nào về sản phẩm {args.product}",
        )
    if args.format == "json":
        _print_json(
            {
                "product_id": trail.product_id,
                "entries": [
                    {
                        "seq": e.seq,
                        "time": e.time,
                        "kind": e.kind,
                        "actor": e.actor,
                        "text_vi": e.text_vi,
                        "text_en": e.text_en,
                        "refs": e.refs,
                    }
                    for e in trail.entries
                ],
            }
        )
        return 0
    table = Table(title=f"Lịch sử sản phẩm {args.product} (audit trail)", show_lines=True)
    for col in ("#", "thời gian (time)", "người thực hiện (actor)", "nội dung (what happened)"):
        table.add_column(col)
    for e in trail.entries:
        table.add_row(str(e.seq), e.time[:19].replace("T", " "), e.actor, f"{e.text_vi}\n[dim]{e.text_en}[/]")
    say(console, table)
    return 0


def cmd_checkpoint(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as store:
        kept = stored_checkpoints(store)
        guard = store.guard
        assert isinstance(guard, WitnessGuard)
        if guard.broken is not None:  # never sign over a head the witness does not vouch for
            raise guard.broken
        if not kept or (kept[-1].size, kept[-1].head_hash) != store.head() or kept[-1].key_id != guard.signer.key_id:
            made = guard.checkpoint(store)
            if made is None:
                raise Refused("failed_precondition", "the trail is empty: nothing to sign", "Chuỗi sự kiện trống")
            kept.append(made)
        cp = kept[-1]
    say(
        console,
        f"Điểm kiểm tra (checkpoint): {cp.size} sự kiện (events), mã băm cuối (head) {cp.head_hash}, "
        f"khóa (key) {cp.key_id}",
    )
    if args.export:
        Path(args.export).write_text(export_checkpoints(kept) + "\n", "utf-8")
        say(console, f"Đã xuất {len(kept)} điểm kiểm tra vào {args.export} (exported)")
    return 0


def cmd_replay(args: argparse.Namespace, console: Console) -> int:
    from scoring_core.scoring.pipeline import Scorer

    with opened(args) as store:
        event = store.get(args.seq)
        if event is None:
            raise Refused("not_found", f"no event {args.seq}", f"Không có sự kiện {args.seq}")
        replayed, differences = replay_result(event, Scorer())
    if args.format == "json":
        _print_json(
            {
                "seq": args.seq,
                "identical": not differences,
                "total": str(replayed.total),
                "differences": [{"path": d.path, "stored": d.stored, "replayed": d.replayed} for d in differences],
            }
        )
    elif not differences:
        say(
            console,
            f"[green]Giống hệt (identical)[/]: sự kiện #{args.seq} tính lại cho cùng kết quả "
            f"(tổng {replayed.total} điểm)",
        )
    else:
        say(console, f"[bold red]Khác (differs)[/]: sự kiện #{args.seq}")
        for d in differences:
            say(console, f"  {d.path}: lưu (stored) {d.stored!r} -> tính lại (replayed) {d.replayed!r}", markup=False)
    return 0 if not differences else EXIT_FAILED


def cmd_token(args: argparse.Namespace, console: Console) -> int:
    token = secrets.token_urlsafe(32)
    entry: dict[str, Any] = {
        "name": args.name,
        "roles": args.role,
        "token_sha256": hashlib.sha256(token.encode()).hexdigest(),
    }
    if args.product:
        entry["products"] = args.product
    print(f"# token for {args.name} (give it to them; it is not stored): {token}")
    print(yaml.safe_dump({"identities": [entry]}, allow_unicode=True, sort_keys=False), end="")
    return 0


def add_parsers(sub: Any) -> None:
    """Register ``ocop audit``, ``ocop council``, ``ocop contest`` and ``ocop auth`` on ``sub``."""
    from scoring_core.cli.council import add_council_parsers

    parent, fmt = store_options(), {"choices": ["table", "json"], "default": "table"}
    audit = sub.add_parser("audit", help="the audit trail: verify, trail, checkpoint, replay").add_subparsers(
        dest="audit_command", required=True
    )
    p = audit.add_parser("verify", parents=[parent], help="recompute the chain and check the checkpoints")
    p.add_argument("--checkpoints", action="append", metavar="FILE", help="exported checkpoints held elsewhere")
    p.add_argument("--trusted-key", action="append", metavar="PEM", help="public key checkpoints must be signed with")
    p.add_argument("--no-stored", action="store_true", help="ignore the checkpoints kept in the store")
    p.add_argument("--no-witness", action="store_true", help="do not read the witness (the chain and checkpoints only)")
    p.add_argument("--format", **fmt)
    p.set_defaults(run=guarded(cmd_verify))
    p = audit.add_parser(
        "adopt", parents=[parent], help="vouch for events the witness never saw (after a power loss; never a change)"
    )
    p.add_argument("--confirm", action="store_true", help="adopt them (without it: say what would be adopted)")
    p.set_defaults(run=guarded(cmd_adopt))
    p = audit.add_parser("trail", parents=[parent], help="every event about a product, as a council reads it")
    p.add_argument("product")
    p.add_argument("--format", **fmt)
    p.set_defaults(run=guarded(cmd_trail))
    p = audit.add_parser("checkpoint", parents=[parent], help="sign the head now; --export writes every checkpoint")
    p.add_argument("--export", metavar="FILE")
    p.set_defaults(run=guarded(cmd_checkpoint))
    p = audit.add_parser("replay", parents=[parent], help="recompute a recorded evaluation or member sheet")
    p.add_argument("seq", type=int)
    p.add_argument("--format", **fmt)
    p.set_defaults(run=guarded(cmd_replay))
    auth = sub.add_parser("auth", help="authorization file helpers").add_subparsers(dest="auth_command", required=True)
    p = auth.add_parser("token", help="a new random bearer token and its entry for OCOP_AUTH_FILE")
    p.add_argument("name")
    p.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["integration", "producer", "member", "secretary", "chair", "admin", "auditor"],
    )
    p.add_argument("--product", action="append", metavar="PATTERN", help="products a producer may contest")
    p.set_defaults(run=cmd_token)
    add_council_parsers(sub, parent, fmt)


def main(argv: list[str] | None = None) -> int:
    """``python -m scoring_core.cli.audit audit verify ...`` (the same commands as ``ocop``)."""
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP audit trail, councils and contests.")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    structlog.configure(logger_factory=lambda *_: structlog.PrintLogger(sys.stderr))
    return args.run(args, Console(soft_wrap=False))


if __name__ == "__main__":
    sys.exit(main())
