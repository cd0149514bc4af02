"""The scoring pipeline: request -> regime -> sheet -> derive (engine) -> merge -> score -> rank."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scoring_core.errors import FieldViolation, InvalidRequest, NotFound, SheetUnavailable
from scoring_core.evaluation import Evaluation
from scoring_core.plugins import OcopPlugins, SheetEntry
from scoring_core.ranking import GatePolicy, final_star, gates_from_lines, recognition
from scoring_core.regimes import RegimeChoice, RegimeError, choose_regime, regimes
from scoring_core.request import ScoreRequest, check_against_sheet
from scoring_core.rules import RulesEngine, engine_version
from scoring_core.scoring import choose_options, part_totals, score_sheet


class Scorer:
    """Scores products on the sheets the plugins registered; one engine, rulesets compiled once."""

    def __init__(
        self,
        plugins: OcopPlugins | None = None,
        engine: RulesEngine | None = None,
        policy: GatePolicy = GatePolicy.CAP,
    ) -> None:
        self.plugins = plugins or OcopPlugins()
        self.engine = engine or RulesEngine()
        self.policy = policy
        self._facts = self.plugins.facts()

    def resolve(self, request: ScoreRequest) -> tuple[RegimeChoice, SheetEntry]:
        """The regime used (and why) and the sheet entry; errors name the field at fault."""
        sheet_regime, number = request.sheet_parts()
        if sheet_regime is not None and request.regime is not None and sheet_regime != request.regime:
            raise InvalidRequest([FieldViolation(
                "sheet", f"sheet {request.sheet} belongs to regime {sheet_regime}, not {request.regime}",
                f"Bộ tiêu chí {request.sheet} thuộc chế độ {sheet_regime}, không phải {request.regime}",
            )])
        try:
            choice = choose_regime(
                request.regime or sheet_regime, request.evaluated_on, request.filed_on, request.evaluation_kind
            )
        except RegimeError as exc:
            if exc.field == "regime" and (request.regime or sheet_regime) not in (None, *regimes()):
                raise NotFound(exc.field, exc.message_en, exc.message_vi) from None
            raise InvalidRequest([FieldViolation(exc.field, exc.message_en, exc.message_vi)]) from None
        sheet_id = f"{choice.regime}/{number.zfill(2) if number.isdigit() else number}"
        entry = self.plugins.sheet(choice.regime, sheet_id)
        if entry is None:
            raise NotFound("sheet", f"no sheet {sheet_id} is registered", f"Không có bộ tiêu chí {sheet_id}")
        if not entry.available:
            raise SheetUnavailable(sheet_id, entry.reason or "unavailable")
        return choice, entry

    def score(self, request: ScoreRequest, today: date | None = None) -> Evaluation:
        """Score one product; ``today`` is the evaluation date when the request gives none."""
        return self.score_many([request], today)[0]

    def score_many(self, requests: Sequence[ScoreRequest], today: date | None = None) -> list[Evaluation]:
        """Score several products (each may fail on its own: the first error is raised)."""
        out = []
        for request in requests:
            choice, entry = self.resolve(request)
            sheet = entry.sheet
            assert sheet is not None
            facts = check_against_sheet(request, sheet, self._facts)
            ruleset = self.engine.ensure_ruleset(f"{entry.sheet_id}@{entry.content_hash}", entry.rules)
            firings = self.engine.derive(ruleset, facts)
            choices = choose_options(sheet, firings, request.judgements, request.judged_by)
            lines, knockouts = score_sheet(sheet, choices)
            parts = part_totals(sheet, lines)
            total = sum(parts.values())
            regime = regimes()[choice.regime]
            gates = gates_from_lines(sheet, lines)
            eliminated = bool(knockouts)
            star = None if eliminated else final_star(regime, total, gates, self.policy)
            day = request.evaluated_on or today or date.today()
            out.append(Evaluation(
                product=request.product.model_dump(), regime=choice.regime,
                regime_reason_en=choice.reason_en, regime_reason_vi=choice.reason_vi,
                sheet=entry.sheet_id, sheet_version=entry.version, sheet_name_vi=sheet.name_vi,
                sheet_name_en=sheet.name_en, content_hash=sheet.content_hash, plugin=entry.plugin,
                plugin_version=entry.plugin_version, engine_version=engine_version(), evaluated_on=day,
                breakdown=lines, parts=parts, part_maxima={p.code: p.max for p in sheet.parts}, total=total,
                band_star=regime.band_star(total), failed_gates=gates, final_star=star,
                recognised=star is not None and star >= 3, eliminated=eliminated, knockouts=knockouts,
                recognition=recognition(regime, star, day),
            ))
        return out
