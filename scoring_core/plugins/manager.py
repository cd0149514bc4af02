"""The plugin manager and its typed facade: load, validate, register; nobody else touches ``pm.hook``.

Built-in plugins (the core's facts and templates, the product groups) and third-party ones are
found through the same entry-point group ``ocop.plugins`` and loaded the same way.  A plugin
that fails to import, or a claim that collides with another plugin's, is refused with a
message naming it (and the other plugin); every other plugin keeps working.

A plugin is built-in because of the distribution and module that register it, never because of
its entry-point name: a built-in's name used by any other distribution is refused, before its
code is imported, and the built-in keeps its name, its sheets and its place at the head of the
load order.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
import structlog
from pydantic import ValidationError

from scoring_core.plugins import hookspecs
from scoring_core.plugins.golden import GoldenCase
from scoring_core.rules.fact_rules import FactRule, RuleTemplate
from scoring_core.rules.facts import FactSpec, Implication
from scoring_core.sheets.checks import sheet_problems
from scoring_core.sheets.model import Sheet
from scoring_core.sheets.regimes import regimes
from scoring_core.sheets.sources import SheetSource
from scoring_core.sheets.wording import quoted

log = structlog.get_logger("ocop.plugins")


@dataclass(frozen=True)
class Builtin:
    """Who may register a built-in plugin's name: its distribution (as pip knows it) and its module."""

    distribution: str
    module: str

    def owns(self, distribution: str | None, module: str | None) -> bool:
        """True when an entry point of ``distribution`` pointing at ``module`` is this built-in.

        An entry point built in-process (no distribution, as in tests) is judged by its module alone.
        """
        if distribution is not None and canonical_name(distribution) != self.distribution:
            return False
        return module is not None and (module == self.module or module.startswith(self.module + "."))


#: The plugins this project ships, in load order. They load first, so a claim by a third-party plugin
#: on one of their sheets is the one refused, and their names are theirs alone.
BUILTIN_PLUGINS: dict[str, Builtin] = {
    "core": Builtin("ocop-scoring", "scoring_core.plugins.builtin"),
    "food": Builtin("ocop-plugin-food", "ocop_food"),
    "beverage": Builtin("ocop-plugin-beverage", "ocop_beverage"),
    "herbal": Builtin("ocop-plugin-herbal", "ocop_herbal"),
    "textile": Builtin("ocop-plugin-textile", "ocop_textile"),
    "souvenir": Builtin("ocop-plugin-souvenir", "ocop_souvenir"),
    "rural_tourism": Builtin("ocop-plugin-rural-tourism", "ocop_rural_tourism"),
    "ornamental": Builtin("ocop-plugin-ornamental", "ocop_ornamental"),
}


def canonical_name(distribution: str) -> str:
    """A distribution name as pip compares them (PEP 503: case and runs of ``-_.`` folded)."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


@dataclass(frozen=True)
class PluginInfo:
    """A plugin as loaded: where it comes from and what it registered, or why it was refused."""

    name: str
    distribution: str | None
    version: str | None
    loaded: bool
    error: str | None = None
    sheets: tuple[str, ...] = ()
    builtin: bool = False


@dataclass(frozen=True)
class _Candidate:
    """An entry point (or an in-process object) about to be registered under a name."""

    name: str
    distribution: str | None
    version: str | None
    module: str | None
    load: Callable[[], object]

    @property
    def builtin(self) -> bool:
        """True when the distribution and module that register this name are the built-in's own."""
        owner = BUILTIN_PLUGINS.get(self.name)
        return owner is not None and owner.owns(self.distribution, self.module)

    def impersonation(self) -> str | None:
        """Why this candidate may not use its name (a built-in's, from elsewhere), or None."""
        owner = BUILTIN_PLUGINS.get(self.name)
        if owner is None or self.builtin:
            return None
        claimant = f"distribution {self.distribution} {self.version or ''}".strip() if self.distribution else "code"
        return (
            f"plugin name {self.name!r} belongs to the built-in plugin of distribution {owner.distribution}; "
            f"{claimant} (module {self.module or '?'}) may not use it; refused"
        )


@dataclass(frozen=True)
class SheetEntry:
    """A registered sheet version: served when available, else shown with its reason."""

    regime: str
    sheet_id: str
    version: int
    plugin: str
    plugin_version: str | None
    origin: str
    sector: str | None
    name_vi: str | None
    name_en: str | None
    sheet: Sheet | None
    problems: tuple[str, ...] = ()
    rules: tuple[FactRule, ...] = ()

    @property
    def available(self) -> bool:
        """True when the sheet adds up and may be served."""
        return self.sheet is not None and not self.problems

    @property
    def reason(self) -> str | None:
        """Why the sheet is unavailable (None when it is available)."""
        return "; ".join(self.problems) if self.problems else None

    @property
    def content_hash(self) -> str | None:
        """The sheet's content hash (None when it could not be parsed)."""
        return self.sheet.content_hash if self.sheet is not None else None


@dataclass
class _Registry:
    facts: dict[str, tuple[str, FactSpec]] = field(default_factory=dict)
    templates: dict[str, tuple[str, RuleTemplate]] = field(default_factory=dict)
    implications: dict[str, tuple[str, Implication]] = field(default_factory=dict)
    sheets: dict[tuple[str, str, int], SheetEntry] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)


def _returning(obj: object) -> Callable[[], object]:
    """A loader for an object that is already there."""
    return lambda: obj


def _implication_problem(implication: Implication, facts: dict[str, tuple[str, FactSpec]]) -> str | None:
    """Why an implication cannot be used (a fact it names is not in the catalogue, or its value does not fit)."""
    unknown = [f for f in implication.reads if f not in facts]
    if unknown:
        return f"unknown facts {unknown}"
    _, problem = facts[implication.then][1].check(implication.value)
    return f"value {implication.value!r} of {implication.then}: {problem}" if problem else None


def _env_set(name: str) -> set[str] | None:
    value = os.environ.get(name, "").strip()
    return {v.strip() for v in value.split(",") if v.strip()} if value else None


class OcopPlugins:
    """Typed facade over the pluggy manager: the only way the rest of the service sees plugins."""

    def __init__(
        self,
        *,
        allow: set[str] | None = None,
        block: set[str] | None = None,
        trace: Callable[[str], None] | None = None,
        entry_points_: Iterable[EntryPoint] | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        """Load every plugin of the entry-point group (plus ``extra`` objects, for tests).

        ``allow``/``block`` default to the comma-separated environment variables
        ``OCOP_PLUGINS_ALLOW``/``OCOP_PLUGINS_BLOCK``; ``trace`` receives one line per hook
        call (``OCOP_TRACE_HOOKS=1`` traces to the log).
        """
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        allow = allow if allow is not None else _env_set("OCOP_PLUGINS_ALLOW")
        block = block if block is not None else (_env_set("OCOP_PLUGINS_BLOCK") or set())
        if trace is None and os.environ.get("OCOP_TRACE_HOOKS") == "1":
            trace = lambda line: log.info("hook_trace", line=line)  # noqa: E731
        if trace is not None:
            self.pm.trace.root.setwriter(trace)
            self.pm.enable_tracing()
        self._infos: dict[str, PluginInfo] = {}
        self._name_refusals: list[PluginInfo] = []  # candidates refused for the name they claimed
        eps = list(entry_points(group=hookspecs.ENTRY_POINT_GROUP)) if entry_points_ is None else list(entry_points_)
        candidates = [
            _Candidate(
                ep.name, ep.dist.name if ep.dist else None, ep.dist.version if ep.dist else None, ep.module, ep.load
            )
            for ep in eps
            if ep.name not in block
        ]
        # Genuine built-ins first ("core" at their head, so the shared catalogue wins any clash), then by name.
        order = {name: i for i, name in enumerate(BUILTIN_PLUGINS)}
        for candidate in sorted(candidates, key=lambda c: (order[c.name] if c.builtin else len(order), c.name)):
            if allow is None or candidate.name in allow or (candidate.builtin and candidate.name == "core"):
                self._register(candidate)
        for name, obj in (extra or {}).items():  # in-process objects: after every entry point, never filtered
            self._register(_Candidate(name, None, None, None, _returning(obj)))
        self._registry = self._collect()

    # -- loading ---------------------------------------------------------------------------
    def _register(self, candidate: _Candidate) -> None:
        name = candidate.name
        refusal = candidate.impersonation()
        if refusal is None and name in self._infos:
            refusal = f"plugin name {name!r} is already taken by {self._owner(name)}"
        if refusal is not None:  # refused by name: its code is never imported
            log.warning("plugin_refused", plugin=name, distribution=candidate.distribution, error=refusal)
            self._name_refusals.append(self._info(candidate, loaded=False, error=refusal))
            return
        try:
            self.pm.register(candidate.load(), name=name)
        except Exception as exc:  # a broken plugin must not take the others down
            self._refuse(candidate, f"cannot load plugin {name!r}: {type(exc).__name__}: {exc}")
            return
        try:
            self.pm.check_pending()  # an implementation of a hook nobody specified
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            self._refuse(candidate, f"plugin {name!r} is invalid: {exc}")
            return
        self._infos[name] = self._info(candidate, loaded=True)

    @staticmethod
    def _info(candidate: _Candidate, *, loaded: bool, error: str | None = None) -> PluginInfo:
        return PluginInfo(
            name=candidate.name,
            distribution=candidate.distribution,
            version=candidate.version,
            loaded=loaded,
            error=error,
            builtin=candidate.builtin,
        )

    def _owner(self, name: str) -> str:
        info = self._infos[name]
        return f"{name} ({info.distribution or 'unpackaged'} {info.version or ''})".strip()

    def _refuse(self, candidate: _Candidate, error: str) -> None:
        log.warning("plugin_refused", plugin=candidate.name, error=error)
        self._infos[candidate.name] = self._info(candidate, loaded=False, error=error)

    def _call(self, plugin: str, hook: str, **kwargs: Any) -> list[Any]:
        """Call one hook of one plugin through pluggy, so tracing and validation still apply."""
        others = [p for n, p in self.pm.list_name_plugin() if n != plugin]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        results = caller(**kwargs)
        return [item for result in results for item in (result or [])]

    def _collect(self) -> _Registry:
        reg = _Registry()
        loaded = [n for n, info in self._infos.items() if info.loaded]
        for name in loaded:
            for spec in self._guarded(name, "ocop_facts"):
                self._claim(reg.facts, spec.name, name, spec, "fact", reg)
            for template in self._guarded(name, "ocop_rule_templates"):
                self._claim(reg.templates, template.name, name, template, "rule template", reg)
        for name in loaded:  # once every fact is known
            for implication in self._guarded(name, "ocop_implications"):
                problem = _implication_problem(implication, reg.facts)
                if problem:
                    reg.refusals.append(
                        f"plugin {name!r} declares implication {implication.name!r}: {problem}; refused"
                    )
                    continue
                self._claim(reg.implications, implication.name, name, implication, "implication", reg)
        for name in loaded:
            claimed = []
            for source in self._guarded(name, "ocop_sheets"):
                entry = self._sheet_entry(name, source, reg)
                key = (entry.regime, entry.sheet_id, entry.version)
                if key in reg.sheets:
                    other = reg.sheets[key].plugin
                    msg = (
                        f"plugin {name!r} claims sheet {entry.sheet_id} version {entry.version} "
                        f"of regime {entry.regime}, already claimed by plugin {other!r}; refused"
                    )
                    reg.refusals.append(msg)
                    log.warning("sheet_claim_refused", plugin=name, other=other, sheet=entry.sheet_id)
                    continue
                reg.sheets[key] = entry
                claimed.append(entry.sheet_id)
            self._infos[name] = replace(self._infos[name], sheets=tuple(claimed))
        return reg

    def _guarded(self, plugin: str, hook: str, **kwargs: Any) -> list[Any]:
        try:
            return self._call(plugin, hook, **kwargs)
        except Exception as exc:
            error = f"plugin {plugin!r} failed in {hook}: {type(exc).__name__}: {exc}"
            log.warning("plugin_hook_failed", plugin=plugin, hook=hook, error=str(exc))
            self._infos[plugin] = replace(self._infos[plugin], error=error)
            return []

    @staticmethod
    def _claim(table: dict[str, tuple[str, Any]], key: str, plugin: str, value: Any, what: str, reg: _Registry) -> None:
        if key in table and table[key][1] != value:
            reg.refusals.append(
                f"plugin {plugin!r} defines {what} {key!r} differently from plugin {table[key][0]!r}; refused"
            )
            return
        table.setdefault(key, (plugin, value))

    def _sheet_entry(self, plugin: str, source: SheetSource, reg: _Registry) -> SheetEntry:
        raw = source.data
        info = self._infos[plugin]
        version = raw.get("version", 1)
        unparsed = SheetEntry(
            regime=str(raw.get("regime", "?")),
            sheet_id=str(raw.get("sheet_id", source.origin)),
            version=version if isinstance(version, int) else 1,
            plugin=plugin,
            plugin_version=info.version,
            origin=source.origin,
            sector=raw.get("sector"),
            name_vi=raw.get("name_vi"),
            name_en=raw.get("name_en"),
            sheet=None,
        )
        try:
            sheet = Sheet.model_validate(raw)
        except ValidationError as exc:
            errors = exc.errors()[:10]
            return replace(
                unparsed, problems=tuple(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
            )
        problems = sheet_problems(sheet, regimes().get(sheet.regime))
        rules: list[FactRule] = []
        if not problems:
            rules, rule_problems = self._compile_rules(plugin, sheet, reg)
            problems += rule_problems
        return replace(unparsed, sheet=sheet, problems=tuple(problems), rules=tuple(rules))

    def _compile_rules(self, plugin: str, sheet: Sheet, reg: _Registry) -> tuple[list[FactRule], list[str]]:
        rules: list[FactRule] = []
        problems: list[str] = []
        for binding in sheet.rules:
            template = reg.templates.get(binding.template)
            if template is None:
                problems.append(f"rule binding {binding.criterion}: unknown template {binding.template!r}")
                continue
            for n, bound in binding.options.items():
                try:
                    when = template[1].build(bound.when)
                except (ValueError, TypeError, ValidationError) as exc:
                    problems.append(f"rule binding {binding.criterion} option {n}: {exc}")
                    continue
                rules.append(
                    FactRule(
                        name=f"{binding.criterion}#{binding.case or 0}/{n}",
                        criterion=binding.criterion,
                        case=binding.case,
                        option=int(n),
                        when=when,
                        origin=f"template:{binding.template}",
                        quote=bound.quote,
                    )
                )
        try:
            rules += self._call(plugin, "ocop_rules", sheet=sheet)
        except Exception as exc:
            problems.append(f"plugin {plugin!r} failed in ocop_rules: {type(exc).__name__}: {exc}")
        for rule in rules:
            unknown = [f for f in rule.reads if f not in reg.facts]
            if unknown:
                problems.append(f"rule {rule.name} reads unknown facts {unknown}")
            criterion = sheet.criteria_by_id.get(rule.criterion)
            option = criterion.option(rule.case, rule.option) if criterion is not None else None
            if option is None:
                problems.append(f"rule {rule.name} names an option the sheet does not have")
            elif rule.quote is not None and not quoted(rule.quote, option.label_vi):
                problems.append(f"rule {rule.name}: quote {rule.quote!r} is not in the option's wording")
        return rules, problems

    # -- the facade ------------------------------------------------------------------------
    def plugins(self) -> list[PluginInfo]:
        """Every plugin seen, loaded or refused, by name (the holder of a name before those refused it)."""
        ranked = [(p.name, 0, p) for p in self._infos.values()] + [(p.name, 1, p) for p in self._name_refusals]
        return [p for _, _, p in sorted(ranked, key=lambda r: r[:2])]

    @property
    def refusals(self) -> list[str]:
        """Every claim refused at load (sheet, fact or template collisions)."""
        return list(self._registry.refusals)

    def facts(self) -> dict[str, FactSpec]:
        """The fact catalogue: every fact any plugin declared."""
        return {k: v for k, (_, v) in sorted(self._registry.facts.items())}

    def implications(self) -> list[Implication]:
        """Every implication between facts, by name."""
        return [v for _, (_, v) in sorted(self._registry.implications.items())]

    def templates(self) -> dict[str, RuleTemplate]:
        """Every rule template, by name."""
        return {k: v for k, (_, v) in sorted(self._registry.templates.items())}

    def sheets(self, regime: str | None = None, sector: str | None = None) -> list[SheetEntry]:
        """Every registered sheet version (available or not), in regime and sheet order."""
        order = {code: i for i, code in enumerate(regimes())}
        entries = [
            e
            for e in self._registry.sheets.values()
            if (regime is None or e.regime == regime) and (sector is None or e.sector == sector)
        ]
        return sorted(entries, key=lambda e: (order.get(e.regime, 99), e.sheet_id, e.version))

    def sheet(self, regime: str, sheet_id: str, version: int | None = None) -> SheetEntry | None:
        """One sheet: the given version, or the newest; None when nobody ships it."""
        versions = [e for (r, s, _), e in self._registry.sheets.items() if r == regime and s == sheet_id]
        if version is not None:
            versions = [e for e in versions if e.version == version]
        return max(versions, key=lambda e: e.version, default=None)

    def sheet_by_hash(self, content_hash: str) -> SheetEntry | None:
        """The sheet version with this content hash (for replaying a past decision)."""
        return next((e for e in self._registry.sheets.values() if e.content_hash == content_hash), None)

    def golden_cases(self, plugin: str | None = None) -> list[tuple[str, GoldenCase]]:
        """(plugin, case) for every golden case of one plugin or of all."""
        names = [plugin] if plugin else [n for n, i in self._infos.items() if i.loaded]
        return [(n, case) for n in names for case in self._guarded(n, "ocop_golden_cases")]
