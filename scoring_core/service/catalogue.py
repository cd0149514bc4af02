"""Regimes, sheets and facts of the core -> CriteriaService messages."""

from __future__ import annotations

from scoring_core.api.ocop.v1 import criteria_pb2
from scoring_core.plugins.manager import SheetEntry
from scoring_core.rules.fact_rules import FactRule
from scoring_core.rules.facts import FactSpec
from scoring_core.service.evaluations import KNOCK_OUT, LEVEL, text
from scoring_core.service.values import to_struct
from scoring_core.sheets.model import Criterion, Option
from scoring_core.sheets.regimes import Regime

FACT_TYPES = {
    "number": criteria_pb2.NUMBER,
    "integer": criteria_pb2.INTEGER,
    "boolean": criteria_pb2.BOOLEAN,
    "enum": criteria_pb2.ENUM,
    "date": criteria_pb2.DATE,
}


def sheet_name(sheet_id: str) -> str:
    """``2026/07`` -> ``regimes/2026/sheets/07``."""
    regime, _, number = sheet_id.partition("/")
    return f"regimes/{regime}/sheets/{number}"


def regime_message(regime: Regime) -> criteria_pb2.Regime:
    """One regime."""
    return criteria_pb2.Regime(
        name=f"regimes/{regime.code}",
        code=regime.code,
        decisions=regime.decisions,
        effective_from=regime.effective_from.isoformat(),
        effective_to=regime.effective_to.isoformat() if regime.effective_to else "",
        part_maxima=regime.part_maxima,
        bands=[criteria_pb2.Band(stars=b.stars, min_total=b.min_total, below=b.below) for b in regime.bands],
        recognition=[
            criteria_pb2.RecognitionPeriod(
                start=p.start.isoformat(),
                end=p.end.isoformat() if p.end else "",
                basis=p.basis,
                levels={star: LEVEL[level] for star, level in p.levels.items()},
            )
            for p in regime.recognition
        ],
        validity_months=regime.validity_months,
        transition_note=regime.transition_note,
    )


def _option(option: Option) -> criteria_pb2.Option:
    return criteria_pb2.Option(
        n=option.n,
        label=text(option.label_vi, option.label_en),
        points=option.points,
        min_star=option.min_star,
        knock_out=KNOCK_OUT.get(option.effect or "", criteria_pb2.KNOCK_OUT_KIND_UNSPECIFIED),
    )


def _rule(rule: FactRule) -> criteria_pb2.FactRule:
    return criteria_pb2.FactRule(
        name=rule.name,
        case=rule.case,
        option=rule.option,
        reads=rule.reads,
        origin=rule.origin,
        condition=to_struct(rule.when.model_dump(mode="json")),
    )


def _criterion(criterion: Criterion, rules: list[FactRule]) -> criteria_pb2.Criterion:
    return criteria_pb2.Criterion(
        id=criterion.id,
        title=text(criterion.title_vi, criterion.title_en),
        max=criterion.max,
        notes_vi=criterion.notes_vi,
        min_star=criterion.min_star,
        applies_when=criteria_pb2.STORY_EXISTS
        if criterion.applies_when == "story_exists"
        else criteria_pb2.APPLIES_WHEN_UNSPECIFIED,
        options=[_option(o) for o in criterion.options],
        branches=[
            criteria_pb2.Branch(
                case=b.case, label=text(b.label_vi, b.label_en), options=[_option(o) for o in b.options]
            )
            for b in criterion.branches or []
        ],
        rules=[_rule(r) for r in rules],
        facts=sorted({name for r in rules for name in r.reads}),
    )


def sheet_message(entry: SheetEntry, full: bool) -> criteria_pb2.Sheet:
    """One sheet version; ``full`` adds parts, groups, criteria, options and rules."""
    msg = criteria_pb2.Sheet(
        name=sheet_name(entry.sheet_id),
        sheet_id=entry.sheet_id,
        regime=entry.regime,
        version=entry.version,
        sector=entry.sector or "",
        display_name=text(entry.name_vi, entry.name_en),
        state=criteria_pb2.AVAILABLE if entry.available else criteria_pb2.UNAVAILABLE,
        unavailable_reason=entry.reason or "",
        plugin=entry.plugin,
        plugin_version=entry.plugin_version or "",
        content_hash=entry.content_hash or "",
        rule_count=len(entry.rules),
        origin=entry.origin,
    )
    if not full or entry.sheet is None:
        return msg
    sheet = entry.sheet
    by_criterion: dict[str, list[FactRule]] = {}
    for rule in entry.rules:
        by_criterion.setdefault(rule.criterion, []).append(rule)
    msg.sheet_no, msg.group_vi = sheet.sheet_no, sheet.group_vi
    msg.issues.extend(sheet.issues)
    for part in sheet.parts:
        msg.parts.append(
            criteria_pb2.Part(
                code=part.code,
                max=part.max,
                title=text(part.title_vi, part.title_en),
                groups=[
                    criteria_pb2.Group(
                        id=g.id,
                        max=g.max,
                        title=text(g.title_vi, g.title_en),
                        criteria=[_criterion(c, by_criterion.get(c.id, [])) for c in g.criteria],
                    )
                    for g in part.groups
                ],
            )
        )
    return msg


def fact_message(spec: FactSpec) -> criteria_pb2.Fact:
    """One fact of the catalogue."""
    return criteria_pb2.Fact(
        name=f"facts/{spec.name}",
        fact_id=spec.name,
        type=FACT_TYPES[spec.type],
        unit=spec.unit or "",
        values=spec.values or [],
        minimum=spec.minimum,
        maximum=spec.maximum,
        meaning=text(spec.meaning_vi, spec.meaning_en),
    )
