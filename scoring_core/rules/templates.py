"""The core's rule templates: rules written once that sheet bindings refer to by name.

A binding gives, for each option number of a criterion, the parameters its template turns into
the condition under which that option is chosen.  Parameters are parsed strictly: a bad value
raises a ``ValueError`` naming the template, so a sheet with a wrong binding fails at load.

Ladder templates (``environmental_records``, ``profit_growth``, ``intellectual_property``,
``quality_assurance``) take level names; each level's condition already excludes the levels
above it on the sheets that use it, so the options of one criterion never hold together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from scoring_core.rules.catalogue import CORE_FACTS_BY_NAME
from scoring_core.rules.conditions import All, Any_, Compare, Condition, Op, all_of, any_of, fact
from scoring_core.rules.fact_rules import RuleTemplate

Cond = Compare | All | Any_


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Band(_Params):
    """A numeric interval: ``min`` (>=) or ``above`` (>), ``below`` (<) or ``max`` (<=)."""

    min: float | None = None
    above: float | None = None
    below: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _check(self) -> Band:
        low, high = self._low(), self._high()
        if low is None and high is None:
            raise ValueError("a band needs at least one bound (min, above, below or max)")
        if self.min is not None and self.above is not None:
            raise ValueError("give either min or above, not both")
        if self.below is not None and self.max is not None:
            raise ValueError("give either below or max, not both")
        if low is not None and high is not None:
            closed = self.min is not None and self.max is not None
            if low > high or (low == high and not closed):
                raise ValueError(f"empty band: lower bound {low:g} is not below upper bound {high:g}")
        return self

    def _low(self) -> float | None:
        return self.min if self.min is not None else self.above

    def _high(self) -> float | None:
        return self.below if self.below is not None else self.max

    def on(self, name: str) -> Cond:
        """The band as a condition on fact ``name`` (bounds checked against its catalogue range)."""
        spec = CORE_FACTS_BY_NAME[name]
        parts: list[Cond] = []
        bounds: tuple[tuple[Op, float | None], ...] = (
            ("gte", self.min),
            ("gt", self.above),
            ("lt", self.below),
            ("lte", self.max),
        )
        for op, value in bounds:
            if value is None:
                continue
            if (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum
            ):
                raise ValueError(f"bound {value:g} is outside the range of fact {name}")
            if spec.type == "integer" and value != int(value):
                raise ValueError(f"bound {value:g} of integer fact {name} must be whole")
            parts.append(fact(name, op, int(value) if value == int(value) else value))
        return parts[0] if len(parts) == 1 else all_of(*parts)


def _names(template: str, fact_name: str, params: Any) -> list[str]:
    """A level name or a non-empty list of distinct level names, each a value of the enum fact."""
    chosen = [params] if isinstance(params, str) else params
    allowed = CORE_FACTS_BY_NAME[fact_name].values or []
    if (
        not isinstance(chosen, list)
        or not chosen
        or len(set(chosen)) != len(chosen)
        or any(not isinstance(v, str) or v not in allowed for v in chosen)
    ):
        raise ValueError(f"template {template}: expected one or more of {allowed} (no repeats), got {params!r}")
    return chosen


def _is(name: str, value: bool | str = True) -> Compare:
    return fact(name, "eq", value)


def _one_of(name: str, values: list[str]) -> Compare:
    return _is(name, values[0]) if len(values) == 1 else fact(name, "in", values)


def _template(name: str, reads: list[str], vi: str, en: str, build: Callable[[Any], Cond]) -> RuleTemplate:
    def checked(params: Any) -> Cond:
        try:
            return build(params)
        except ValueError as err:  # pydantic's ValidationError too; the message names the template
            if str(err).startswith(f"template {name}:"):
                raise
            raise ValueError(f"template {name}: bad parameters {params!r}: {err}") from err

    return RuleTemplate(name=name, reads=sorted(reads), meaning_vi=vi, meaning_en=en, build=checked)


def _band_template(name: str, fact_name: str, vi: str, en: str) -> RuleTemplate:
    return _template(name, [fact_name], vi, en, lambda p: Band.model_validate(p).on(fact_name))


def _flag_template(name: str, fact_name: str, vi: str, en: str) -> RuleTemplate:
    def build(params: Any) -> Cond:
        if not isinstance(params, bool):
            raise ValueError(f"template {name}: expected true or false, got {params!r}")
        return _is(fact_name, params)

    return _template(name, [fact_name], vi, en, build)


def _enum_template(name: str, fact_name: str, vi: str, en: str) -> RuleTemplate:
    return _template(name, [fact_name], vi, en, lambda p: _one_of(fact_name, _names(name, fact_name, p)))


def _level_template(name: str, levels: dict[str, Cond], vi: str, en: str) -> RuleTemplate:
    def build(params: Any) -> Cond:
        if not isinstance(params, str) or params not in levels:
            raise ValueError(f"template {name}: expected one of {sorted(levels)}, got {params!r}")
        return levels[params]

    reads = set().union(*(c.facts() for c in levels.values()))
    return _template(name, sorted(reads), vi, en, build)


# --- raw material origin (A1.1 "Nguồn nguyên liệu") -------------------------------------------
RAW_KNOCKOUT = "all_imported_or_unknown"


class RawMaterialBand(Band):
    not_all_imported: bool = False  # set when the criterion has the all-imported knock-out option


def _raw_material(params: Any) -> Cond:
    if params == RAW_KNOCKOUT:
        return _is("raw_material_all_imported_or_unknown")
    band = RawMaterialBand.model_validate(params)
    share = band.on("raw_material_province_pct")
    low = band._low()
    if not band.not_all_imported or (low is not None and (low > 0 or band.above is not None)):
        return share  # a share above 0 from the province already means not all of it is imported
    # the band reaches 0%: "all imported or unknown" must be ruled out, by the fact or by a share above 0
    return all_of(
        share, any_of(fact("raw_material_province_pct", "gt", 0), _is("raw_material_all_imported_or_unknown", False))
    )


# --- energy or technology (1048 A1.6 "Sử dụng năng lượng, công nghệ thân thiện bền vững trong SX") ---
def _energy_or_technology(params: Any) -> Cond:
    """true: "Có sử dụng năng lượng ... bền vững .../công nghệ thân thiện môi trường" (either one);
    false: "Không sử dụng ..." (neither)."""
    if not isinstance(params, bool):
        raise ValueError(f"template sustainable_energy_or_technology: expected true or false, got {params!r}")
    energy, technology = _is("sustainable_energy", params), _is("sustainable_technology", params)
    return any_of(energy, technology) if params else all_of(energy, technology)


# --- chain linkage contracts (A1 "Liên kết chuỗi trong sản xuất") ------------------------------
class LinkageParams(Band):
    basis: Literal["output", "input"]
    months: Band | None = None


def _linkage(params: Any) -> Cond:
    p = LinkageParams.model_validate(params)
    share = p.on(f"linkage_contract_{p.basis}_pct")
    return share if p.months is None else all_of(share, p.months.on("linkage_contract_months"))


# --- legal form (A3.1 "Loại hình tổ chức sản xuất - kinh doanh") -------------------------------
class LegalFormParams(_Params):
    forms: list[str] = []  # values of the catalogue's legal_form (listed once, there)
    joint_stock_capital: Band | None = None  # joint-stock company with this community capital share

    @model_validator(mode="after")
    def _check(self) -> LegalFormParams:
        if not self.forms and self.joint_stock_capital is None:
            raise ValueError("give forms and/or joint_stock_capital")
        if len(set(self.forms)) != len(self.forms):
            raise ValueError("forms repeat")
        known = CORE_FACTS_BY_NAME["legal_form"].values or []
        if unknown := [f for f in self.forms if f not in known]:
            raise ValueError(f"forms {unknown} are not legal forms of the catalogue ({', '.join(known)})")
        if self.joint_stock_capital is not None and "joint_stock_company" in self.forms:
            raise ValueError("joint_stock_company is in forms and also limited by joint_stock_capital")
        return self


def _legal_form(params: Any) -> Cond:
    p = LegalFormParams.model_validate(params)
    parts: list[Cond] = [_one_of("legal_form", list(p.forms))] if p.forms else []
    if p.joint_stock_capital is not None:
        parts.append(
            all_of(_is("legal_form", "joint_stock_company"), p.joint_stock_capital.on("community_capital_pct"))
        )
    return parts[0] if len(parts) == 1 else any_of(*parts)


# --- legal representative (A3.2 "Đại diện pháp luật ... là nữ; ... dân tộc thiểu số; ...") -------
Group = Literal["woman", "ethnic_minority", "disability"]


class RepresentativeParams(_Params):
    any_of: list[Group] | None = None  # the representative belongs to at least one group
    none_of: list[Group] | None = None  # the representative belongs to none of them

    @model_validator(mode="after")
    def _check(self) -> RepresentativeParams:
        groups = self.any_of if self.any_of is not None else self.none_of
        if (self.any_of is None) == (self.none_of is None) or not groups:
            raise ValueError("give exactly one of any_of / none_of, with at least one group")
        if len(set(groups)) != len(groups):
            raise ValueError("groups repeat")
        return self


def _representative(params: Any) -> Cond:
    p = RepresentativeParams.model_validate(params)
    member = p.any_of is not None
    parts = [_is(f"representative_{g}", member) for g in (p.any_of or p.none_of or [])]
    if len(parts) == 1:
        return parts[0]
    return any_of(*parts) if member else all_of(*parts)


# --- local labour (A3.3 "Sử dụng lao động địa phương") ------------------------------------------
class LabourParams(Band):
    scope: Literal["commune", "district"]


def _labour(params: Any) -> Cond:
    p = LabourParams.model_validate(params)
    return p.on(f"local_labour_{p.scope}_pct")


# --- distribution area (B4.1 "Khu vực phân phối chính") -----------------------------------------
Top = Literal[
    "export_or_modern_channel", "export_or_modern_channel_6_months", "export_contract", "international_market"
]
Reach = Literal["commune", "district", "province", "national", "international"]
_EXPORT, _MODERN, _MONTHS = "export_contract", "modern_channel_contract", "modern_channel_months"
_TOPS: dict[str, tuple[Cond, Cond]] = {  # top tier: (condition, its negation on present facts)
    "export_or_modern_channel": (any_of(_is(_EXPORT), _is(_MODERN)), all_of(_is(_EXPORT, False), _is(_MODERN, False))),
    "export_or_modern_channel_6_months": (
        any_of(_is(_EXPORT), all_of(_is(_MODERN), fact(_MONTHS, "gte", 6))),
        all_of(_is(_EXPORT, False), any_of(_is(_MODERN, False), fact(_MONTHS, "lt", 6))),
    ),
    "export_contract": (_is(_EXPORT), _is(_EXPORT, False)),
    "international_market": (_is("market_reach", "international"), fact("market_reach", "ne", "international")),
}


class DistributionParams(_Params):
    top: Top | None = None  # this option is the top tier
    reach: list[Reach] | None = None  # otherwise: the market reach of this option...
    agents: Band | None = None  # ...its number of distribution agents...
    unless: Top | None = None  # ...and the top tier it must not reach

    @model_validator(mode="after")
    def _check(self) -> DistributionParams:
        if (self.top is None) == (self.reach is None):
            raise ValueError("give either top or reach")
        if self.top is not None and (self.agents is not None or self.unless is not None):
            raise ValueError("a top option takes no agents or unless")
        if self.reach is not None and (not self.reach or len(set(self.reach)) != len(self.reach)):
            raise ValueError("reach must list distinct areas")
        return self


def _distribution(params: Any) -> Cond:
    p = DistributionParams.model_validate(params)
    if p.top is not None:
        return _TOPS[p.top][0]
    parts: list[Cond] = [_one_of("market_reach", list(p.reach or []))]
    if p.agents is not None:
        parts.append(p.agents.on("distribution_agents"))
    if p.unless is not None:
        parts.append(_TOPS[p.unless][1])
    return parts[0] if len(parts) == 1 else all_of(*parts)


# --- ladders given by level names -----------------------------------------------------------
def _environment_levels() -> dict[str, Cond]:
    records, waste, pack = "environmental_records", "waste_treatment_records", "eco_packaging_records"
    return {
        "records": all_of(_is(records), _is(waste, False)),
        "records_waste": all_of(_is(records), _is(waste), _is(pack, False)),
        "records_waste_packaging": all_of(_is(records), _is(waste), _is(pack)),
    }


#: Cooperative ratings by rank, lowest first ("khá trở lên" = good or above); "unrated" has no rank.
COOPERATIVE_RANKS = ["weak", "average", "good", "excellent"]


def rated_at_least(level: str) -> Compare:
    """The cooperative's rating is ``level`` or above it (a rating compares by rank, not by name)."""
    return fact("cooperative_rating", "in", COOPERATIVE_RANKS[COOPERATIVE_RANKS.index(level) :])


def _profit_levels() -> dict[str, Cond]:
    years, rating = "profit_growth_years", "cooperative_rating"
    coop, other = _is("legal_form", "cooperative"), fact("legal_form", "ne", "cooperative")
    return {  # 2026: a cooperative qualifies by its rating or by profit growth like any other form
        "coop_average_or_profit_1y": all_of(
            fact(years, "lt", 2),
            any_of(fact(years, "gte", 1), all_of(coop, _is(rating, "average"))),
            any_of(other, fact(rating, "in", ["average", "weak", "unrated"])),
        ),
        "coop_good_plus_or_profit_2y": any_of(fact(years, "gte", 2), all_of(coop, rated_at_least("good"))),
        # 148: a cooperative by its rating only, other forms by profit growth.  "Hợp tác xã xếp loại khá"
        # is the top of the ladder: a cooperative rated "tốt" (above "khá") meets it a fortiori.
        "coop_average_else_profit_1y": any_of(
            all_of(coop, _is(rating, "average")), all_of(other, fact(years, "gte", 1), fact(years, "lt", 2))
        ),
        "coop_good_else_profit_2y": any_of(all_of(coop, rated_at_least("good")), all_of(other, fact(years, "gte", 2))),
    }


def _ip_levels() -> dict[str, Cond]:
    registered, origin, title = _is("trademark_status", "registered"), "origin_sign", "ip_title"
    return {  # a registered mark has passed the accepted-application stage
        "application_accepted": any_of(
            _is("trademark_status", "application_accepted"), all_of(registered, _is(origin, False))
        ),
        "registered": all_of(registered, _is(origin, False)),
        "registered_origin_sign": all_of(registered, _is(origin)),
        "registered_origin_sign_no_ip_title": all_of(registered, _is(origin), _is(title, False)),
        "registered_origin_sign_ip_title": all_of(registered, _is(origin), _is(title)),
    }


# --- standards dossier (herbal C6 "Công bố chất lượng": "Có hồ sơ công bố tiêu chuẩn sản phẩm; tiêu chuẩn
# nguyên liệu; tiêu chuẩn bao bì; phiếu kiểm nghiệm ...") ----------------------------------------------
Document = Literal["raw_material_standard", "packaging_standard", "independent_test_report"]
_DECLARED_DOSSIER = fact("quality_declaration", "in", ["declared", "national_standard", "international_standard"])


class DossierParams(_Params):
    """The documents a rung lists besides the declaration (``a|b``: either one) and those of the next rung
    up, of which it must lack at least one (so the rungs stay exclusive)."""

    requires: list[str] = []
    short_of: list[str] = []

    @model_validator(mode="after")
    def _check(self) -> DossierParams:
        allowed = set(Document.__args__)  # type: ignore[attr-defined]
        for item in self.requires + self.short_of:
            if not item or any(d not in allowed for d in item.split("|")):
                raise ValueError(f"unknown document {item!r}: one of {sorted(allowed)}, alternatives joined by |")
        return self


def _held(item: str) -> Cond:
    parts = [_is(d) for d in item.split("|")]
    return parts[0] if len(parts) == 1 else any_of(*parts)


def _lacking(item: str) -> Cond:
    parts = [_is(d, False) for d in item.split("|")]
    return parts[0] if len(parts) == 1 else all_of(*parts)


def _dossier(params: Any) -> Cond:
    if params == "none":  # "Không có hồ sơ công bố tiêu chuẩn sản phẩm"
        return fact("quality_declaration", "in", ["none", "standard_only"])
    p = DossierParams.model_validate(params)
    parts = [_DECLARED_DOSSIER, *(_held(i) for i in p.requires)]
    if p.short_of:
        lacks = [_lacking(i) for i in p.short_of]
        parts.append(lacks[0] if len(lacks) == 1 else any_of(*lacks))
    return all_of(*parts)


# --- quality assurance ("Đảm bảo chất lượng sản phẩm") -----------------------------------------
_CERT, _STATUS = "facility_certificate", "facility_certificate_status"
_QMS, _EXPORT_OK, _DOSSIER, _AREA = (
    "quality_management_certification",
    "export_eligibility",
    "export_dossier",
    "raw_material_area_certification",
)
_CERTIFIED = ["national", "international"]
_PLAN, _BATCH = "quality_control_plan", "batch_records"
_PLANNED = ["plan", "plan_with_traceability"]


def _quality_levels() -> dict[str, Cond]:
    """Each level reads only what its wording prints; a level never requires a document it does not name."""
    qms = fact(_QMS, "in", _CERTIFIED)
    return {
        # "có giấy chứng nhận đủ điều kiện an toàn thực phẩm theo quy định" (and nothing above it)
        "food_safety_certificate": all_of(any_of(_is(_STATUS, "held"), _is(_CERT)), _is(_QMS, "none")),
        # "có chứng nhận quản lý chất lượng (tiên tiến / theo tiêu chuẩn quốc gia) (ISO/GMP/HACCP...)", below a
        # top level of an international certification with food-safety export eligibility
        "quality_management": all_of(qms, any_of(_is(_QMS, "national"), _is(_EXPORT_OK, False))),
        # ... below a top level of food-safety export eligibility
        "quality_management_no_export": all_of(qms, _is(_EXPORT_OK, False)),
        # ... below a top level of an export dossier ("hồ sơ / thủ tục pháp lý để xuất khẩu")
        "quality_management_no_export_dossier": all_of(qms, _is(_DOSSIER, False)),
        # "... tiên tiến (VietGAP/GlobalGAP/hữu cơ...)": the production area's certification
        "area_certified_no_export": all_of(fact(_AREA, "in", _CERTIFIED), _is(_EXPORT_OK, False)),
        # "... tiên tiến của Việt Nam (VietGAP/hữu cơ/..)", below an international certification with export
        "area_certified_national": all_of(
            _is(_AREA, "national"), any_of(fact(_QMS, "in", ["none", "national"]), _is(_EXPORT_OK, False))
        ),
        # "... tiên tiến (VietGAP/hữu cơ/ISO...)": the area's certification or the facility's
        "area_or_quality_management_no_export": all_of(
            any_of(fact(_AREA, "in", _CERTIFIED), qms), _is(_EXPORT_OK, False)
        ),
        # "chứng nhận quản lý chất lượng theo tiêu chuẩn quốc tế, đủ điều kiện ATTP cho xuất khẩu ..."
        "international_export": all_of(_is(_QMS, "international"), _is(_EXPORT_OK)),
        # "(giấy) chứng nhận đủ điều kiện ATTP cho xuất khẩu và các thủ tục pháp lý khác ..."
        "export": _is(_EXPORT_OK),
        # "hồ sơ đủ điều kiện xuất khẩu ..." / "đủ các thủ tục pháp lý để xuất khẩu vào thị trường đích"
        "export_dossier": _is(_DOSSIER),
        # "(Giấy) chứng nhận đủ điều kiện ATTP/sản xuất ... không phù hợp theo quy định" / "Không có Giấy chứng
        # nhận đủ điều kiện sản xuất theo quy định": required by law and not held (an exempt producer is not)
        "no_certificate": _is(_STATUS, "missing"),
        # the lower rungs, documents held: "Không có hoạt động kiểm soát chất lượng sản phẩm", "Có kế hoạch
        # kiểm soát (nội bộ) chất lượng sản phẩm", "... gắn với truy xuất nguồn gốc theo quy định", "Có ghi hồ
        # sơ lô sản xuất"; each also needs the rungs above it ruled out (``below``)
        "no_control": _is(_PLAN, "none"),
        "no_control_no_batch": all_of(_is(_PLAN, "none"), _is(_BATCH, False)),
        "control_plan": _is(_PLAN, "plan"),
        "control_plan_traceability": _is(_PLAN, "plan_with_traceability"),
        "control_plan_no_batch": all_of(fact(_PLAN, "in", _PLANNED), _is(_BATCH, False)),
        "batch_records_no_plan": all_of(fact(_PLAN, "in", ["none", "activities_only"]), _is(_BATCH)),
        "control_plan_batch": all_of(fact(_PLAN, "in", _PLANNED), _is(_BATCH)),
    }


#: A top rung ruled out, on facts that are present: what a lower rung needs for each top rung the criterion has.
_NOT_ABOVE: dict[str, Cond] = {
    "quality_management": _is(_QMS, "none"),
    "quality_management_no_export": _is(_QMS, "none"),
    "quality_management_no_export_dossier": _is(_QMS, "none"),
    "international_export": any_of(_is(_QMS, "none"), _is(_QMS, "national"), _is(_EXPORT_OK, False)),
    "area_certified_national": fact(_AREA, "in", ["none", "international"]),
    "area_certified_no_export": _is(_AREA, "none"),
    "area_or_quality_management_no_export": all_of(_is(_AREA, "none"), _is(_QMS, "none")),
    "export": _is(_EXPORT_OK, False),
    "export_dossier": _is(_DOSSIER, False),
}


#: Holding the facility certificate, or being legally exempt from it (Decree 15/2018/NĐ-CP art. 12 exempts,
#: among others, facilities certified GMP, HACCP, ISO 22000, IFS, BRC or FSSC 22000).
_COMPLIANT = any_of(fact(_STATUS, "in", ["held", "not_required"]), _is(_CERT))


class QualityParams(_Params):
    level: str
    compliant: bool = False  # the level also needs the facility to meet its certificate duty
    below: list[str] = []  # the top rungs of the criterion this (lower) rung must rule out


def _quality(params: Any) -> Cond:
    levels = _quality_levels()
    p = QualityParams.model_validate({"level": params} if isinstance(params, str) else params)
    if p.level not in levels:
        raise ValueError(f"template quality_assurance: expected a level of {sorted(levels)}, got {p.level!r}")
    if p.compliant and p.level in ("no_certificate", "food_safety_certificate"):
        raise ValueError(f"template quality_assurance: level {p.level} takes no compliant flag")
    if any(b not in _NOT_ABOVE for b in p.below) or len(set(p.below)) != len(p.below):
        raise ValueError(f"template quality_assurance: below must list distinct top rungs of {sorted(_NOT_ABOVE)}")
    parts: list[Condition] = [_COMPLIANT] if p.compliant else []
    parts += [levels[p.level], *(_NOT_ABOVE[b] for b in p.below)]
    return parts[0] if len(parts) == 1 else all_of(*parts)


CORE_TEMPLATES: list[RuleTemplate] = [
    _template(
        "raw_material_origin",
        ["raw_material_province_pct", "raw_material_all_imported_or_unknown"],
        "Tỷ lệ nguyên liệu có nguồn gốc trong tỉnh; bị loại nếu toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc",
        "Share of raw material from the province; eliminated when all of it is imported or of unknown origin",
        _raw_material,
    ),
    _band_template(
        "commune_produce_share",
        "produce_commune_pct",
        "Tỷ lệ sản phẩm được trồng, nuôi, đánh bắt trên địa bàn cấp xã",
        "Share of the product grown, raised or caught in the commune",
    ),
    _enum_template(
        "raw_material_area_certification",
        "raw_material_area_certification",
        "Vùng nguyên liệu/vùng sản xuất được cấp chứng nhận chất lượng (quốc gia, quốc tế)",
        "Raw-material area quality certification (national or international)",
    ),
    _template(
        "linkage_contract",
        ["linkage_contract_output_pct", "linkage_contract_input_pct", "linkage_contract_months"],
        "Tỷ lệ sản lượng có hợp đồng liên kết chuỗi và thời gian thực hiện hợp đồng ổn định",
        "Share of output (or processing input) under linkage contracts and how long they have been carried out",
        _linkage,
    ),
    _level_template(
        "environmental_records",
        _environment_levels(),
        "Hồ sơ, thủ tục về môi trường; công trình thu gom, xử lý chất thải; bao gói thân thiện với môi trường",
        "Environmental records; waste collection and treatment works; eco-friendly packaging",
    ),
    _flag_template(
        "sustainable_technology",
        "sustainable_technology",
        "Sử dụng công nghệ theo hướng bền vững trong sản xuất",
        "Sustainable technology used in production",
    ),
    _template(
        "sustainable_energy_or_technology",
        ["sustainable_energy", "sustainable_technology"],
        "Sử dụng năng lượng hiện đại, bền vững (sạch, tái tạo)/công nghệ thân thiện môi trường",
        "Modern sustainable energy (clean, renewable) or environment-friendly technology used in production",
        _energy_or_technology,
    ),
    _flag_template(
        "bilingual_label", "bilingual_label", "Ghi nhãn hàng hóa có sử dụng song ngữ", "Bilingual product label"
    ),
    _template(
        "legal_form",
        ["legal_form", "community_capital_pct"],
        "Loại hình tổ chức sản xuất - kinh doanh (và vốn góp của cộng đồng trong công ty cổ phần)",
        "Legal form of the producer (and the community's share of a joint-stock company's capital)",
        _legal_form,
    ),
    _template(
        "legal_representative",
        ["representative_woman", "representative_ethnic_minority", "representative_disability"],
        "Đại diện pháp luật của chủ thể là nữ, đồng bào dân tộc thiểu số hoặc người khuyết tật",
        "The legal representative is a woman, from an ethnic minority or a person with a disability",
        _representative,
    ),
    _template(
        "local_labour_share",
        ["local_labour_commune_pct", "local_labour_district_pct"],
        "Tỷ lệ lao động là người địa phương (cấp xã hoặc cấp huyện)",
        "Share of local workers (commune or district)",
        _labour,
    ),
    _enum_template(
        "accounting",
        "accounting",
        "Tổ chức công tác kế toán",
        "How the producer's accounting is organised",
    ),
    _level_template(
        "profit_growth",
        _profit_levels(),
        "Tăng trưởng sản xuất kinh doanh: xếp loại hợp tác xã, số năm lợi nhuận tăng trưởng dương",
        "Business growth: cooperative rating, years of positive profit growth",
    ),
    _band_template(
        "revenue_growth",
        "revenue_growth_pct",
        "Tăng trưởng doanh thu so với năm trước liền kề",
        "Revenue growth over the previous year",
    ),
    _level_template(
        "intellectual_property",
        _ip_levels(),
        "Sở hữu trí tuệ: nhãn hiệu, dấu hiệu chỉ dẫn nguồn gốc địa lý, văn bằng bảo hộ khác",
        "Intellectual property: trademark, geographical-origin sign, other IP titles",
    ),
    _flag_template(
        "ip_infringement",
        "ip_infringement",
        "Sản phẩm vi phạm sở hữu trí tuệ (bị loại)",
        "The product infringes IP (eliminated)",
    ),
    _template(
        "distribution_area",
        ["market_reach", "distribution_agents", _EXPORT, _MODERN, _MONTHS],
        "Khu vực phân phối chính, số đại lý, hợp đồng xuất khẩu hoặc kênh thương mại hiện đại",
        "Main distribution area, number of agents, export or modern-channel contracts",
        _distribution,
    ),
    _enum_template(
        "distribution_organisation",
        "distribution_organisation",
        "Tổ chức phân phối sản phẩm",
        "Organisation of product distribution",
    ),
    _template(
        "standards_dossier",
        ["quality_declaration", "raw_material_standard", "packaging_standard", "independent_test_report"],
        "Hồ sơ công bố tiêu chuẩn sản phẩm; tiêu chuẩn nguyên liệu, bao bì; phiếu kiểm nghiệm độc lập",
        "Standards declaration dossier; raw-material and packaging standards; an independent test report",
        _dossier,
    ),
    _enum_template(
        "quality_declaration", "quality_declaration", "Công bố chất lượng sản phẩm", "Product quality declaration"
    ),
    _template(
        "quality_assurance",
        sorted(set().union(*(c.facts() for c in _quality_levels().values())) | _COMPLIANT.facts()),
        "Đảm bảo chất lượng: giấy chứng nhận cơ sở đủ điều kiện, chứng nhận quản lý chất lượng, điều kiện xuất khẩu",
        "Quality assurance: facility eligibility certificate, quality management certification, export eligibility",
        _quality,
    ),
    _enum_template(
        "periodic_testing", "periodic_test_result", "Kiểm tra định kỳ các chỉ tiêu an toàn", "Periodic safety testing"
    ),
    _band_template(
        "nutrition_indicators",
        "nutrition_indicators",
        "Số chỉ tiêu dinh dưỡng theo phiếu kiểm nghiệm",
        "Number of nutritional indicators in the test report",
    ),
]

CORE_TEMPLATES_BY_NAME: dict[str, RuleTemplate] = {t.name: t for t in CORE_TEMPLATES}
