"""The plugin manager: entry points, refusals that name the plugin, conflicts, amendments, tracing, docs."""

import copy
import inspect
import re
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest

from scoring_core.errors import SheetUnavailable
from scoring_core.plugins import hookspecs
from scoring_core.plugins.hookspecs import hookimpl
from scoring_core.plugins.manager import OcopPlugins
from scoring_core.rules.fact_rules import FactRule
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.sheets.sources import SheetSource

DOCS = Path(__file__).resolve().parents[1] / "docs" / "hooks.md"
REAL = list(entry_points(group=hookspecs.ENTRY_POINT_GROUP))


def food_sheet(sheet_id="2026/07"):
    entry = OcopPlugins(allow={"core", "food"}).sheet(sheet_id.split("/")[0], sheet_id)
    return copy.deepcopy(entry.sheet.model_dump(mode="json"))


class ExtraSheets:
    """A third-party plugin that ships the given raw sheets."""

    def __init__(self, *sheets):
        self.sheets = sheets

    @hookimpl
    def ocop_sheets(self):
        return [SheetSource(origin=f"test:{i}", data=s) for i, s in enumerate(self.sheets)]


def test_every_hook_is_documented_with_its_exact_signature():
    text = DOCS.read_text("utf-8")
    documented = dict(re.findall(r"^## `(ocop_\w+)(\(.*\).*)`$", text, re.M))
    specs = {n: f for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if n.startswith("ocop_")}
    assert documented.keys() == specs.keys()
    for name, fn in specs.items():
        assert documented[name] == str(inspect.signature(fn)).replace("'", ""), name
        assert fn.__doc__ and len(fn.__doc__.strip().splitlines()) == 1, f"{name}: one-line docstring"


def test_builtins_load_through_the_entry_point_group():
    names = {ep.name for ep in REAL}
    assert {"core", "food", "beverage", "herbal", "textile", "souvenir", "rural_tourism", "ornamental"} <= names
    info = {p.name: p for p in OcopPlugins().plugins()}
    assert all(info[n].loaded and not info[n].error for n in names)


def test_a_second_claim_on_a_sheet_is_refused_naming_both_plugins():
    manager = OcopPlugins(allow={"core", "food"}, extra={"province_x": ExtraSheets(food_sheet())})
    [refusal] = manager.refusals
    assert "'province_x'" in refusal and "'food'" in refusal and "2026/07" in refusal
    assert manager.sheet("2026", "2026/07").plugin == "food"


class Impostor:
    """A working plugin that ships nothing: taken for a built-in, it would replace it."""

    @hookimpl
    def ocop_sheets(self):
        return []


IMPOSTOR = Impostor()


def _listing(manager):
    return [(e.sheet_id, e.version, e.plugin, e.available, e.content_hash) for e in manager.sheets()]


def test_a_built_in_name_from_elsewhere_is_refused_whatever_the_load_order():
    group = hookspecs.ENTRY_POINT_GROUP
    impostors = [
        EntryPoint(name="food", value=f"{__name__}:IMPOSTOR", group=group),  # importable: would load if let in
        EntryPoint(name="core", value="no_such_module_ocop:plugin", group=group),  # never imported
    ]
    baseline = _listing(OcopPlugins(entry_points_=REAL, allow=None, block=set()))
    for eps in ([*impostors, *REAL], [*REAL, *reversed(impostors)]):
        manager = OcopPlugins(entry_points_=eps, allow=None, block=set())
        assert _listing(manager) == baseline
        for name, module in (("food", "ocop_food"), ("core", "scoring_core.plugins.builtin")):
            held, refused = (p for p in manager.plugins() if p.name == name)
            assert (held.loaded, held.builtin, held.error) == (True, True, None)
            assert (refused.loaded, refused.builtin) == (False, False)
            assert "belongs to the built-in plugin of distribution" in refused.error, refused.error
            assert module not in refused.error and "ModuleNotFoundError" not in refused.error


def test_an_in_process_object_may_not_take_a_built_in_name():
    manager = OcopPlugins(allow={"core", "food"}, block=set(), extra={"food": IMPOSTOR})
    held, refused = (p for p in manager.plugins() if p.name == "food")
    assert held.builtin and held.distribution == "ocop-plugin-food" and not refused.loaded
    assert "ocop-plugin-food" in refused.error
    assert manager.sheet("2026", "2026/07").plugin == "food"


def test_a_plugin_that_fails_to_import_is_refused_and_the_others_work():
    broken = EntryPoint(name="broken", value="no_such_module_ocop:plugin", group=hookspecs.ENTRY_POINT_GROUP)
    manager = OcopPlugins(entry_points_=[*REAL, broken])
    info = {p.name: p for p in manager.plugins()}
    assert not info["broken"].loaded and "no_such_module_ocop" in info["broken"].error
    assert manager.sheet("2026", "2026/07").available


def test_a_plugin_with_an_unknown_hook_is_refused():
    class Odd:
        @hookimpl
        def ocop_unknown_hook(self):
            return []

    manager = OcopPlugins(allow={"core"}, extra={"odd": Odd()})
    info = {p.name: p for p in manager.plugins()}
    assert not info["odd"].loaded and "ocop_unknown_hook" in info["odd"].error


def test_a_plugin_whose_hook_raises_is_named_and_the_others_work():
    class Exploding:
        @hookimpl
        def ocop_sheets(self):
            raise RuntimeError("disk on fire")

    manager = OcopPlugins(allow={"core", "food"}, extra={"exploding": Exploding()})
    info = {p.name: p for p in manager.plugins()}
    assert "exploding" in info["exploding"].error and "disk on fire" in info["exploding"].error
    assert manager.sheet("2026", "2026/07").available


def test_a_sheet_that_does_not_add_up_is_never_served():
    bad = food_sheet()
    bad["sheet_id"], bad["sheet_no"] = "2026/90", 90
    bad["parts"][0]["groups"][0]["criteria"][0]["options"][2]["points"] = 2  # A1.1 best option below its max
    manager = OcopPlugins(allow={"core"}, extra={"province_x": ExtraSheets(bad)})
    entry = manager.sheet("2026", "2026/90")
    assert not entry.available and "A1.1" in entry.reason
    request = ScoreRequest.parse({"product": {"id": "p", "name": "n"}, "sheet": "2026/90", "regime": "2026"})
    with pytest.raises(SheetUnavailable, match=r"A1\.1"):
        Scorer(manager).score(request)


def test_a_sheet_with_a_structural_error_is_unavailable_with_the_path():
    bad = food_sheet()
    bad["sheet_id"], bad["sheet_no"] = "2026/91", 91
    del bad["parts"][2]["groups"][0]["criteria"][0]["max"]
    entry = OcopPlugins(allow={"core"}, extra={"x": ExtraSheets(bad)}).sheet("2026", "2026/91")
    assert entry is not None and not entry.available and "max" in entry.reason


def test_a_binding_to_an_unknown_template_makes_the_sheet_unavailable():
    bad = food_sheet()
    bad["sheet_id"], bad["sheet_no"] = "2026/92", 92
    bad["rules"][0]["template"] = "no_such_template"
    entry = OcopPlugins(allow={"core"}, extra={"x": ExtraSheets(bad)}).sheet("2026", "2026/92")
    assert not entry.available and "no_such_template" in entry.reason


def test_an_amendment_is_a_new_version_with_a_new_hash_and_the_old_one_stays():
    amended = food_sheet()
    amended["version"] = 2
    amended["provenance"] = {**amended["provenance"], "amendment": "province X clarifies A1.4"}
    manager = OcopPlugins(allow={"core", "food"}, extra={"province_x": ExtraSheets(amended)})
    v1, v2 = manager.sheet("2026", "2026/07", 1), manager.sheet("2026", "2026/07")
    assert (v1.version, v2.version, v2.plugin) == (1, 2, "province_x")
    assert v1.content_hash != v2.content_hash
    assert manager.sheet_by_hash(v1.content_hash) is v1


def test_allow_and_block_lists(monkeypatch):
    monkeypatch.setenv("OCOP_PLUGINS_BLOCK", "food,herbal")
    names = {p.name for p in OcopPlugins().plugins()}
    assert "food" not in names and "herbal" not in names and "beverage" in names
    monkeypatch.delenv("OCOP_PLUGINS_BLOCK")
    monkeypatch.setenv("OCOP_PLUGINS_ALLOW", "textile")
    assert {p.name for p in OcopPlugins().plugins()} == {"core", "textile"}


def test_hook_calls_can_be_traced():
    lines = []
    OcopPlugins(allow={"core", "textile"}, trace=lines.append)
    assert any("ocop_sheets" in line for line in lines)


def test_plugin_rules_join_the_template_rules():
    class OwnRule:
        @hookimpl
        def ocop_sheets(self):
            sheet = food_sheet()
            sheet["sheet_id"], sheet["sheet_no"] = "2026/93", 93
            return [SheetSource(origin="test", data=sheet)]

        @hookimpl
        def ocop_rules(self, sheet):
            from scoring_core.rules.conditions import fact

            return [
                FactRule(
                    name="own_c11",
                    criterion="C11",
                    option=3,
                    when=fact("export_contract", "eq", True),
                    origin="plugin:own",
                )
            ]

    manager = OcopPlugins(allow={"core"}, extra={"own": OwnRule()})
    entry = manager.sheet("2026", "2026/93")
    assert entry.available and any(r.name == "own_c11" for r in entry.rules)
    request = ScoreRequest.parse(
        {"product": {"id": "p", "name": "n"}, "sheet": "2026/93", "regime": "2026", "facts": {"export_contract": True}}
    )
    line = next(x for x in Scorer(manager).score(request).breakdown if x.criterion == "C11")
    assert (line.option, line.source.origin) == (3, "plugin:own")
