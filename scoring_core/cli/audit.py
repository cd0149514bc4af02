"""``ocop audit``: verify the trail, adopt what the witness never saw, a product's trail, checkpoints, replay.

The commands work directly on the server's store (``cli/store.py``).  Exit status as in
``cli/common.py``: 1 when the chain does not verify or a replay differs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scoring_core.audit.checkpoints import (
    Checkpoint,
    export_checkpoints,
    import_checkpoints,
    load_signer,
    stored_checkpoints,
)
from scoring_core.audit.verify import verify
from scoring_core.audit.witness import WitnessGuard, view_of
from scoring_core.cli.common import EXIT_FAILED, Subparsers, add_format, print_json, say
from scoring_core.cli.store import open_plain, opened, store_options, witness_of
from scoring_core.errors import FieldViolation, InvalidRequest, Refused
from scoring_core.scoring.replay import replay_result


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
    store = open_plain(args)
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
        print_json(
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
    store = open_plain(args)
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
        signer = load_signer(args.data_dir, args.signing_key, allow_in_data_dir=args.allow_key_in_data_dir)
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
        print_json(
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
        print_json(
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


def add_parsers(sub: Subparsers) -> None:
    """Register ``ocop audit`` and its sub-commands."""
    parent = store_options()
    audit = sub.add_parser("audit", help="the audit trail: verify, trail, checkpoint, replay").add_subparsers(
        dest="audit_command", required=True
    )
    p = audit.add_parser("verify", parents=[parent], help="recompute the chain and check the checkpoints")
    p.add_argument("--checkpoints", action="append", metavar="FILE", help="exported checkpoints held elsewhere")
    p.add_argument("--trusted-key", action="append", metavar="PEM", help="public key checkpoints must be signed with")
    p.add_argument("--no-stored", action="store_true", help="ignore the checkpoints kept in the store")
    p.add_argument("--no-witness", action="store_true", help="do not read the witness (the chain and checkpoints only)")
    add_format(p)
    p.set_defaults(run=cmd_verify)
    p = audit.add_parser(
        "adopt", parents=[parent], help="vouch for events the witness never saw (after a power loss; never a change)"
    )
    p.add_argument("--confirm", action="store_true", help="adopt them (without it: say what would be adopted)")
    p.set_defaults(run=cmd_adopt)
    p = audit.add_parser("trail", parents=[parent], help="every event about a product, as a council reads it")
    p.add_argument("product")
    add_format(p)
    p.set_defaults(run=cmd_trail)
    p = audit.add_parser("checkpoint", parents=[parent], help="sign the head now; --export writes every checkpoint")
    p.add_argument("--export", metavar="FILE")
    p.set_defaults(run=cmd_checkpoint)
    p = audit.add_parser("replay", parents=[parent], help="recompute a recorded evaluation or member sheet")
    p.add_argument("seq", type=int)
    add_format(p)
    p.set_defaults(run=cmd_replay)
