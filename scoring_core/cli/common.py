"""What every ``ocop`` command shares: printing (console, JSON), reading YAML/JSON files, errors as exit statuses.

Exit status: 0 done, 1 failed (the chain does not verify, a replay differs, a setting is wrong),
2 invalid input, 3 refused (not found, not allowed, wrong state).  The errors a user can act on are
printed in Vietnamese with the English gloss, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

import structlog
import yaml
from rich.console import Console
from rich.markup import escape

from scoring_core.audit.keys import KeyPlacementError
from scoring_core.errors import ConfigError, FieldViolation, InvalidRequest, NotFound, Refused, SheetUnavailable
from scoring_core.scoring.replay import ReplayError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 1, 2, 3
#: Where a command module registers its sub-commands (``add_parsers(sub)``).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
#: A command: the parsed arguments and the console of its output; returns the exit status.
Handler: TypeAlias = Callable[[argparse.Namespace, Console], int]
#: The errors ``run`` reports; anything else is a bug and keeps its traceback.
REPORTED = (InvalidRequest, NotFound, SheetUnavailable, Refused, ReplayError, KeyPlacementError, ConfigError)
KEY_PLACEMENT_VI = (
    "Khóa ký hoặc nhân chứng nằm trong thư mục dữ liệu: người giữ dữ liệu có thể ký lại hoặc viết lại chuỗi"
)


def say(console: Console, text: Any, markup: bool = True) -> None:
    """Print one message (or a table) as is: no highlighting, no hard wrapping of long lines."""
    console.print(text, highlight=False, soft_wrap=True, markup=markup)


def print_json(data: Any) -> None:
    """``--format json``: indented, non-ASCII kept, dates and decimals as text."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def json_text(value: Any) -> str:
    """A value as JSON text, as a product file would give it (``true``, ``"có"``, ``40``)."""
    return json.dumps(value, ensure_ascii=False)


def add_format(parser: argparse.ArgumentParser) -> None:
    """The ``--format table|json`` option."""
    parser.add_argument("--format", choices=["table", "json"], default="table")


def read_file(path: str, field: str = "FILE") -> Any:
    """A YAML or JSON file (a product, a council session, a member's sheet); failures are violations of ``field``."""
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


def placement_refusal(exc: KeyPlacementError) -> Refused:
    """A signing key or witness inside the data directory, as a refusal the operator can act on."""
    return Refused("failed_precondition", str(exc), KEY_PLACEMENT_VI)


def report(exc: Exception) -> int:
    """Print one of the ``REPORTED`` errors on stderr; its exit status."""
    err = Console(stderr=True, soft_wrap=True)
    if isinstance(exc, KeyPlacementError):
        exc = placement_refusal(exc)
    match exc:
        case InvalidRequest():
            violations = exc.violations
        case NotFound():
            violations = [exc.violation]
        case SheetUnavailable():
            violations = [FieldViolation("sheet", str(exc), exc.message_vi)]
        case Refused():
            say(err, f"[bold red]Bị từ chối (refused)[/]: {escape(exc.text())}")
            return EXIT_REFUSED
        case ReplayError():
            say(err, f"[bold red]Không thể tính lại (cannot replay)[/]: {escape(str(exc))}")
            return EXIT_REFUSED
        case ConfigError():
            say(err, str(exc), markup=False)
            return EXIT_FAILED
        case _:
            raise TypeError(f"not a reported error: {exc!r}") from exc
    say(err, "[bold red]Dữ liệu không hợp lệ (invalid input):[/]")
    for v in violations:
        say(err, f"  - {v.text()}", markup=False)
    return EXIT_BAD_INPUT


def run(handler: Handler, args: argparse.Namespace, console: Console) -> int:
    """Run one command; the errors a user can act on become their message and exit status."""
    try:
        return handler(args, console)
    except REPORTED as exc:
        return report(exc)


def _stderr_logger(*_args: Any) -> structlog.PrintLogger:
    """A logger on the current ``sys.stderr`` (looked up at each use, so it never outlives the stream)."""
    return structlog.PrintLogger(sys.stderr)


def log_to_stderr() -> None:
    """Send structlog output to stderr, so that stdout holds only the command's output (``--format json``)."""
    structlog.configure(logger_factory=_stderr_logger)
