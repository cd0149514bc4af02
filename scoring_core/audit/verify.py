"""Recompute the hash chain, check it against the witness and signed checkpoints, and name the first bad event.

Edits, deletions, insertions and reorderings break the chain itself.  A rewrite into a new,
self-consistent chain, a truncated tail and an event forged at the tail with a correct link are
caught by what is held outside the store: the witness holds the hash of every event a server
wrote, so the first event whose hash differs from it (or that it never saw) is named exactly;
checkpoints held by outsiders bound the first changed event between the last one that matches
and the first one that does not.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from scoring_core.audit.checkpoints import Checkpoint, stored_checkpoints
from scoring_core.audit.events import GENESIS, Event, canonical_bytes, chain_hash, topics_of
from scoring_core.audit.store import AuditStore
from scoring_core.audit.witness import WitnessView

RECENT = 4096  # how far back an out-of-place link is traced to name an insertion


@dataclass
class VerifyReport:
    """The outcome: ``ok``, the first bad event (or None) and why, in Vietnamese and English."""

    ok: bool
    size: int
    head_hash: str
    first_bad: int | None = None
    problem_en: str | None = None
    problem_vi: str | None = None
    checkpoints_checked: int = 0
    checkpoint_problems: list[str] = field(default_factory=list)
    witnessed: int | None = None  # events the witness vouches for (None: no witness was used)

    def text(self) -> str:
        """One line a person reads."""
        if self.ok:
            seen = ", khớp nhân chứng (matches the witness)" if self.witnessed is not None else ", không có nhân chứng"
            return (
                f"Chuỗi sự kiện hợp lệ: {self.size} sự kiện, {self.checkpoints_checked} điểm kiểm tra{seen} "
                f"(chain verifies: {self.size} events, {self.checkpoints_checked} checkpoints)"
            )
        return f"{self.problem_vi} ({self.problem_en})"


class _Bad(Exception):
    def __init__(self, seq: int, en: str, vi: str) -> None:
        super().__init__(en)
        self.seq, self.en, self.vi = seq, en, vi


def _inserted(prev_hash: str, recent: OrderedDict[str, int], expected: int) -> _Bad | None:
    """The link skips back to an earlier event: the events after it were inserted."""
    target = recent.get(prev_hash)
    if target is None or target >= expected - 1:
        return None
    return _Bad(
        target + 1,
        f"event {target + 1} was inserted: event {expected} links back to event {target}",
        f"Sự kiện {target + 1} bị chèn thêm: sự kiện {expected} liên kết về sự kiện {target}",
    )


def _check(ev: Event, expected: int, prev: str, recent: OrderedDict[str, int], prev_witnessed: bool = False) -> None:
    """Raise _Bad when ``ev`` is not the event that should stand at ``expected`` after ``prev``."""
    n = ev.seq
    if n != expected:
        raise _Bad(
            expected,
            f"event {expected} is missing (deleted); the next stored event is {n}",
            f"Thiếu sự kiện {expected} (đã bị xóa); sự kiện kế tiếp được lưu là {n}",
        )
    try:
        env = json.loads(ev.body)
        canonical = canonical_bytes(env) == ev.body
    except (ValueError, TypeError):
        env, canonical = None, False
    if not isinstance(env, dict) or not canonical:
        raise _Bad(
            n,
            f"event {n} was altered: its stored bytes are not canonical JSON",
            f"Sự kiện {n} bị sửa: dữ liệu lưu không phải JSON chuẩn tắc",
        )
    if env.get("seq") != n:
        found = _inserted(ev.prev_hash, recent, expected)
        if found:
            raise found
        raise _Bad(
            n,
            f"event {n} holds the record of event {env.get('seq')}: events were reordered or renumbered",
            f"Sự kiện {n} chứa bản ghi của sự kiện {env.get('seq')}: thứ tự sự kiện bị đảo hoặc đánh số lại",
        )
    for column in ("kind", "time", "actor", "request_id", "subject"):
        if env.get(column) != getattr(ev, column):
            raise _Bad(
                n,
                f"event {n} was altered: column {column} differs from its stored bytes",
                f"Sự kiện {n} bị sửa: cột {column} khác với dữ liệu lưu",
            )
    if ev.hash != chain_hash(ev.prev_hash, ev.body):
        raise _Bad(
            n,
            f"event {n} was altered: its hash does not match its stored bytes",
            f"Sự kiện {n} bị sửa: mã băm không khớp với dữ liệu lưu",
        )
    if ev.prev_hash != prev:
        found = _inserted(ev.prev_hash, recent, expected)
        if found:
            raise found
        if n == 1:
            raise _Bad(1, "event 1 does not start the chain", "Sự kiện 1 không bắt đầu chuỗi")
        if prev_witnessed:
            raise _Bad(
                n,
                f"event {n} does not link to event {n - 1}, which matches the witness: event {n} was forged or altered",
                f"Sự kiện {n} không liên kết với sự kiện {n - 1} (khớp nhân chứng): sự kiện {n} bị giả mạo hoặc bị sửa",
            )
        raise _Bad(
            n - 1,
            f"event {n} does not link to event {n - 1}: event {n - 1} was altered and re-hashed "
            f"(or event {n} was forged)",
            f"Sự kiện {n} không liên kết với sự kiện {n - 1}: sự kiện {n - 1} bị sửa và tính lại mã băm "
            f"(hoặc sự kiện {n} bị giả mạo)",
        )


def _against_witness(ev: Event, witness: WitnessView) -> None:
    """Raise _Bad when the witness never saw ``ev`` or saw another event in its place."""
    n = ev.seq
    if n > witness.end:
        raise _Bad(
            n,
            f"event {n} was never witnessed: the witness ends at event {witness.end}, so events from {n} on were "
            f"written outside the server (a forged tail)",
            f"Sự kiện {n} chưa từng được nhân chứng ghi nhận (nhân chứng dừng ở sự kiện {witness.end}): các sự kiện "
            f"từ {n} được ghi ngoài máy chủ (giả mạo phần cuối)",
        )
    seen = witness.witnessed(n)
    if seen is not None and seen != ev.hash:
        raise _Bad(
            n,
            f"event {n} was changed: its hash {ev.hash[:16]}… differs from the witnessed {seen[:16]}… "
            f"(rewritten, reordered, inserted or removed from here on)",
            f"Sự kiện {n} bị thay đổi: mã băm {ev.hash[:16]}… khác với mã nhân chứng ghi {seen[:16]}… "
            f"(bị viết lại, đảo thứ tự, chèn hoặc xóa từ đây)",
        )


class _TopicIndex:
    """The stored topic index read alongside the events: each event must be filed under exactly its topics."""

    def __init__(self, rows: Iterator[tuple[int, str]]) -> None:
        self.rows = rows
        self.next: tuple[int, str] | None = next(rows, None)

    def check(self, ev: Event) -> None:
        """Raise _Bad when the index files ``ev`` under other topics than its own (a row hidden, added or moved)."""
        found: set[str] = set()
        while self.next is not None and self.next[0] <= ev.seq:
            seq, topic = self.next
            if seq < ev.seq:
                raise self._stray(seq, topic)
            found.add(topic)
            self.next = next(self.rows, None)
        try:
            expected = set(topics_of(ev.kind, ev.body))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise _Bad(
                ev.seq,
                f"event {ev.seq} was altered: a council event without its payload",
                f"Sự kiện {ev.seq} bị sửa: sự kiện hội đồng không có nội dung",
            ) from None
        if found != expected:
            has, wants = ", ".join(sorted(found)) or "nothing", ", ".join(sorted(expected)) or "nothing"
            raise _Bad(
                ev.seq,
                f"the session index was changed at event {ev.seq}: it is filed under {has} instead of {wants} "
                "(a session read from the index would not see it, or see it where it does not belong)",
                f"Chỉ mục phiên hội đồng bị sửa tại sự kiện {ev.seq}: được xếp vào {has} thay vì {wants} "
                "(đọc phiên họp theo chỉ mục sẽ không thấy sự kiện này, hoặc thấy ở nơi không thuộc về nó)",
            )

    def rest(self, size: int, end: int | None) -> None:
        """Raise _Bad for a row naming an event the store does not hold (rows after ``end`` are left for later)."""
        if self.next is not None and self.next[0] > size and end is None:
            raise self._stray(*self.next)

    @staticmethod
    def _stray(seq: int, topic: str) -> _Bad:
        return _Bad(
            seq,
            f"the session index files event {seq} under {topic}, but no such event is stored there",
            f"Chỉ mục phiên hội đồng xếp sự kiện {seq} vào {topic} nhưng không có sự kiện đó",
        )


def verify(
    store: AuditStore,
    checkpoints: Iterable[Checkpoint] | None = None,
    trusted_keys: Sequence[bytes] | None = None,
    use_stored: bool = True,
    witness: WitnessView | Callable[[], WitnessView] | None = None,
    start: int = 1,
) -> VerifyReport:
    """Recompute the chain; check the witness, the given checkpoints (and the stored ones unless ``use_stored=False``).

    ``trusted_keys`` are PEM public keys; without them a checkpoint is checked against the key
    it carries (which proves integrity since that checkpoint, not who signed it).  ``witness``
    (an empty one counts as none) holds the hash of every event a server wrote; given as a
    callable, it is read after the store's head, so that writers running meanwhile (who witness
    before they commit) are never taken for forgers: events appended after that head are left for
    the next verification.  ``start`` recomputes from that event on, trusting the stored hash of
    the one before it once it matches the witness (the check at start-up, from the last witnessed head).
    """
    end: int | None = None
    if witness is not None:
        end = store.head()[0]
        witness = witness() if callable(witness) else witness
        if witness.records == 0:
            witness = None
    given = list(checkpoints or []) + (stored_checkpoints(store) if use_stored else [])
    report = VerifyReport(ok=True, size=0, head_hash=GENESIS, witnessed=witness.end if witness else None)
    valid: dict[int, list[Checkpoint]] = {}
    for cp in given:
        problem = cp.problem(trusted_keys)
        if problem:
            report.checkpoint_problems.append(problem)
        elif cp.size > 0:
            valid.setdefault(cp.size, []).append(cp)
    report.checkpoints_checked = sum(len(v) for v in valid.values())
    signed = witness.last_checkpoint if witness is not None else None
    if trusted_keys and signed is not None and signed.problem(trusted_keys):
        report.checkpoint_problems.append(f"witness: {signed.problem(trusted_keys)}")
    recent: OrderedDict[str, int] = OrderedDict()
    prev, expected, last_good_cp = GENESIS, 1, 0
    try:
        if start > 1:
            before = store.get(start - 1)
            if before is None:
                raise _Bad(start - 1, f"event {start - 1} is missing", f"Thiếu sự kiện {start - 1}")
            if witness is not None:
                _against_witness(before, witness)
            prev, expected, last_good_cp = before.hash, start, start - 1
            recent[before.hash] = before.seq
        index = _TopicIndex(store.topic_rows(start))
        for ev in store.events(start, end):
            intact = witness is not None and witness.witnessed(expected - 1) == prev
            _check(ev, expected, prev, recent, intact)
            index.check(ev)
            if witness is not None:
                _against_witness(ev, witness)
            prev = ev.hash
            recent[ev.hash] = ev.seq
            if len(recent) > RECENT:
                recent.popitem(last=False)
            for cp in valid.get(ev.seq, []):
                if cp.head_hash != ev.hash:
                    raise _Bad(
                        last_good_cp + 1,
                        f"the chain was rewritten: the checkpoint of {cp.time} says event {cp.size} has hash "
                        f"{cp.head_hash}, the chain has {ev.hash}; the first event not covered by a matching "
                        f"checkpoint is {last_good_cp + 1}",
                        f"Chuỗi bị viết lại: điểm kiểm tra lúc {cp.time} ghi sự kiện {cp.size} có mã băm "
                        f"{cp.head_hash}, chuỗi hiện có {ev.hash}; sự kiện đầu tiên không được điểm kiểm "
                        f"tra khớp bảo đảm là {last_good_cp + 1}",
                    )
            if ev.seq in valid:
                last_good_cp = ev.seq
            expected += 1
        size = expected - 1
        beyond = [s for s in valid if s > size]
        if witness is not None and witness.must_have > size and witness.must_have > store.head()[0]:
            beyond.append(witness.must_have)
        if beyond:
            raise _Bad(
                size + 1,
                f"the tail was truncated: the witness or a checkpoint covers {max(beyond)} events, the store "
                f"holds {size}",
                f"Phần cuối chuỗi bị cắt: nhân chứng hoặc điểm kiểm tra ghi {max(beyond)} sự kiện, kho chỉ còn {size}",
            )
        index.rest(size, end)
    except _Bad as bad:
        report.ok = False
        report.first_bad, report.problem_en, report.problem_vi = bad.seq, bad.en, bad.vi
    report.size = expected - 1
    report.head_hash = prev
    if report.checkpoint_problems and report.ok:
        report.ok = False
        report.problem_en = "; ".join(report.checkpoint_problems)
        report.problem_vi = "Điểm kiểm tra không hợp lệ: " + report.problem_en
    return report
