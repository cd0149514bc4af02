"""The ``ocop`` package as a whole: every command behind one error map, the server's roles in ``auth token``,
bad settings as exit status 1, and no library module that exits the process."""

import ast
from pathlib import Path

import pytest

from scoring_core.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_REFUSED, report
from scoring_core.cli.main import build_parser, main
from scoring_core.errors import ConfigError, InvalidRequest, NotFound, Refused
from scoring_core.service.auth import ROLES, load_auth

ROOT = Path(__file__).resolve().parent.parent


def test_every_role_the_server_knows_gets_a_token_it_accepts(capsys, tmp_path):
    for role in sorted(ROLES):
        extra = ["--level", "province"] if role == "overseer" else []
        assert main(["auth", "token", f"Người {role}", "--role", role, *extra]) == 0
        out = capsys.readouterr().out
        (tmp_path / "auth.yaml").write_text(out, "utf-8")
        token = out.split(": ", 1)[1].splitlines()[0]
        identity = load_auth(str(tmp_path / "auth.yaml"), "on").lookup(token)
        assert identity is not None and identity.roles == {role}
        assert identity.oversees() == ({"province"} if role == "overseer" else set())


def test_a_level_without_the_overseer_role_is_invalid_input(capsys):
    assert main(["auth", "token", "Cổng", "--role", "admin", "--level", "district"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--level" in err and "overseer" in err


def test_a_bad_server_setting_exits_1_with_its_message(capsys, monkeypatch):
    monkeypatch.setenv("OCOP_PROCESSES", "0")
    assert main(["serve"]) == EXIT_FAILED
    assert "processes must be at least 1" in capsys.readouterr().err
    monkeypatch.setenv("OCOP_WORKERS", "many")
    assert main(["serve"]) == EXIT_FAILED
    assert "OCOP_WORKERS='many': expected int" in capsys.readouterr().err


def test_the_error_map_names_the_field_and_gives_each_kind_its_status(capsys):
    assert report(NotFound("ID", "no sheet 9/9", "Không có bộ tiêu chí 9/9")) == EXIT_BAD_INPUT
    assert "ID: Không có bộ tiêu chí 9/9 (no sheet 9/9)" in capsys.readouterr().err
    assert report(InvalidRequest([])) == EXIT_BAD_INPUT
    assert report(Refused("not_found", "no event 7", "Không có sự kiện 7")) == EXIT_REFUSED
    assert "Bị từ chối (refused): Không có sự kiện 7 (no event 7)" in capsys.readouterr().err
    assert report(ConfigError("OCOP_AUTH='maybe': expected on or off")) == EXIT_FAILED
    with pytest.raises(TypeError):
        report(KeyError("not one of ours"))


def test_one_parser_holds_every_command():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices or ()) == [
        "sheets",
        "sheet",
        "score",
        "facts",
        "plugins",
        "serve",
        "plugin",
        "audit",
        "auth",
        "council",
        "contest",
        "rules",
    ]


def test_no_library_module_raises_system_exit():
    """Only the program's entry point exits; library code raises typed errors (ConfigError...) instead."""
    entry_points = {ROOT / "scoring_core" / "cli" / "__main__.py"}
    found = []
    for path in sorted((ROOT / "scoring_core").rglob("*.py")):
        if path in entry_points or "api" in path.relative_to(ROOT / "scoring_core").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(target, ast.Name) and target.id == "SystemExit":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], found


@pytest.mark.parametrize("setting", ["1", "0", "many"])
def test_no_setting_lets_one_person_recognise_from_the_command_line(capsys, monkeypatch, tmp_path, setting):
    """A council of fewer than two people is refused wherever the book is made (server, ``ocop``, a script)."""
    from audit_support import make_store

    monkeypatch.setenv("OCOP_COUNCIL_MIN_MEMBERS", setting)
    session = Path(__file__).resolve().parents[1] / "examples" / "council" / "session.yaml"
    assert main(["council", "open", "--data-dir", str(tmp_path), str(session)]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert ("whole number of at least 2" if setting == "many" else f"at least 2, not {setting}") in err
    store = make_store("sqlite", tmp_path)
    try:
        assert store.size() == 0  # nothing written
    finally:
        store.close()


def test_the_council_book_refuses_a_minimum_below_two(tmp_path):
    from audit_support import make_store, shared_scorer

    from scoring_core.councils.book import CouncilBook

    store = make_store("sqlite", tmp_path)
    try:
        with pytest.raises(ConfigError, match="at least 2"):
            CouncilBook(store, shared_scorer(), min_members=1)
    finally:
        store.close()
