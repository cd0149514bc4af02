"""Option-label patterns that turn a criterion's official wording into a rule-template binding.

Each recogniser looks at one criterion (or one case of it): its normalised title and its
options ``(n, label, effect)``.  It returns ``{option number: template parameters}`` for the
options it can bind faithfully from their wording, or ``None``.  Thresholds are read from the
labels ("từ 50% đến dưới 75%", "≥ 75%", "trên 75%"); a label that does not fit the expected
wording leaves the criterion to judgement.  Developer tool only (used by import_sheets.py).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Opt = tuple[int, str, str | None]  # (n, normalised label, effect)
Params = dict[int, Any]


def norm(text: str) -> str:
    """NFC, lower case, ≥/≤ spelt out, single spaces."""
    text = unicodedata.normalize("NFC", text).lower().replace("≥", ">=").replace("≤", "<=")
    return re.sub(r"\s+", " ", text).strip()


# --- numeric bands ------------------------------------------------------------------------------
def parse_band(label: str) -> dict[str, int] | None:
    """The share band a label states, e.g. "từ 50% đến dưới 75%" -> {"min": 50, "below": 75}."""
    if m := re.search(r"từ (\d+) ?% đến dưới (\d+) ?%", label):
        return {"min": int(m[1]), "below": int(m[2])}
    if m := re.search(r"từ (\d+) ?% đến (\d+) ?%", label):
        return {"min": int(m[1])} if m[2] == "100" else {"min": int(m[1]), "max": int(m[2])}
    if m := re.search(r">= ?(\d+) ?%", label):
        return {"min": int(m[1])}
    if m := re.search(r"trên (\d+) ?%", label):
        return {"above": int(m[1])}
    if m := re.search(r"(?:dưới|<) ?(\d+) ?%", label):
        # "Có sử dụng ..., nhưng có tỷ lệ dưới 50%": some, but under 50%
        return {"above": 0, "below": int(m[1])} if "nhưng" in label else {"below": int(m[1])}
    return None


def _interval(band: dict[str, Any]) -> tuple[float, bool, float, bool]:
    low = band.get("min", band.get("above", float("-inf")))
    high = band.get("below", band.get("max", float("inf")))
    return low, "min" in band, high, "max" in band


def disjoint(bands: list[dict[str, Any]]) -> bool:
    """No two bands share a value."""
    for i, a in enumerate(bands):
        for b in bands[i + 1 :]:
            (alo, ali, ahi, ahi_in), (blo, bli, bhi, bhi_in) = _interval(a), _interval(b)
            if not (
                ahi < blo or bhi < alo or (ahi == blo and not (ahi_in and bli)) or (bhi == alo and not (bhi_in and ali))
            ):
                return False
    return True


def close_touching(bands: list[dict[str, Any]]) -> None:
    """ "từ 50% đến 75%" followed by "≥ 75%": the boundary goes to the higher option."""
    for i, band in enumerate(bands):
        for later in bands[i + 1 :]:
            if "max" in band and later.get("min") == band["max"]:
                band["below"] = band.pop("max")


def _bands(opts: list[Opt]) -> Params | None:
    found = {n: parse_band(label) for n, label, _ in opts}
    if not found or any(b is None for b in found.values()):
        return None
    bands = list(found.values())
    close_touching(bands)
    return found if disjoint(bands) else None


# --- A1 -----------------------------------------------------------------------------------------
_ALL_IMPORTED = re.compile(r"toàn bộ nguyên liệu nhập khẩu hoặc không (?:rõ|có) nguồn gốc")


def raw_material(opts: list[Opt]) -> Params | None:
    knockout = [n for n, label, effect in opts if _ALL_IMPORTED.search(label) and effect == "eliminate"]
    rest = [o for o in opts if o[0] not in knockout]
    if any("nguyên liệu có nguồn gốc trong t" not in label for _, label, _ in rest):
        return None
    found = _bands(rest)
    if found is None or len(knockout) > 1:
        return None
    if knockout:
        found = {n: {**b, "not_all_imported": True} for n, b in found.items()}
        found[knockout[0]] = "all_imported_or_unknown"
    return found


def commune_produce(opts: list[Opt]) -> Params | None:
    return None if any("trên địa bàn cấp xã" not in label for _, label, _ in opts) else _bands(opts)


def _classify(opts: list[Opt], table: list[tuple[str, Any]]) -> dict[int, Any] | None:
    """Map every option through the first matching (regex, value) row; None if one does not fit."""
    found = {}
    for n, label, _ in opts:
        value = next((v for rx, v in table if re.search(rx, label)), None)
        if value is None:
            return None
        found[n] = value
    return found


def area_certification(opts: list[Opt]) -> Params | None:
    return _classify(
        opts,
        [
            (r"^không được cấp giấy chứng nhận", "none"),
            (r"theo tiêu chuẩn quốc gia", "national"),
            (r"theo tiêu chuẩn quốc tế", "international"),
        ],
    )


def linkage(opts: list[Opt]) -> Params | None:
    found: Params = {}
    bases = set()
    for n, label, _ in opts:
        if label.startswith("không có liên kết"):
            found[n] = {"max": 0}  # no linkage contract at all
            continue
        band = parse_band(label) if "hợp đồng liên kết" in label else None
        basis = (
            "output"
            if "sản lượng tiêu thụ" in label
            else "input"
            if re.search(r"[dđ]ầu vào cho chế biến", label)
            else None
        )
        if band is None or basis is None:
            return None
        bases.add(basis)
        if m := re.search(r"t[ừử] (\d+) tháng trở lên", label):
            band["months"] = {"min": int(m[1])}
        found[n] = band
    if len(bases) != 1:
        return None
    basis = bases.pop()
    for band in found.values():
        band["basis"] = basis
    for band in found.values():  # "trên 75%" next to "trên 75% ... từ 12 tháng trở lên"
        for other in found.values():
            if "months" in other and "months" not in band and band.get("above", -1) == other.get("above"):
                band["months"] = {"below": other["months"]["min"]}
    return found


def environment(opts: list[Opt]) -> Params | None:
    found = _classify(
        opts,
        [
            (r"hồ sơ, thủ tục về môi trường.*bao gói thân thiện", "records_waste_packaging"),
            (r"hồ sơ, thủ tục về môi trường.*thu gom và xử lý chất thải", "records_waste"),
            (r"^có hồ sơ, thủ tục về môi trường", "records"),
        ],
    )
    return found if found and len(set(found.values())) == len(found) else None


def sustainable_technology(opts: list[Opt]) -> Params | None:
    return _classify(
        opts,
        [
            (r"^không sử dụng công nghệ theo hướng bền vững", False),
            (r"^có áp dụng công nghệ theo hướng bền vững", True),
        ],
    )


def energy_or_technology(opts: list[Opt]) -> Params | None:
    return _classify(
        opts,
        [
            (r"^không sử dụng năng lượng hiện đại, bền vững", False),
            (r"^có sử dụng năng lượng hiện đại, bền vững", True),
        ],
    )


def bilingual(opts: list[Opt]) -> Params | None:
    return _classify(opts, [(r"^ghi nhãn hàng hóa có sử dụng song ngữ", True)])


# --- A3 -----------------------------------------------------------------------------------------
_FORMS = [  # (phrase, legal forms); the more specific phrases first
    (r"hộ gia đình, trang trại có đăng ký kinh doanh", ["household", "farm"]),
    (r"(?:hộ sản xuất/)?hộ gia đình có đăng ký kinh doanh", ["household"]),
    (r"trang trại", ["farm"]),
    (r"tổ hợp tác(?: \(có giấy đăng ký kinh doanh[^)]*\))?", ["cooperative_group"]),
    (r"công ty (?:trách nhiệm hữu hạn \(tnhh\)|tnhh) (?:1|một) thành viên", ["llc_single_member"]),
    (r"công ty tnhh hai thành viên trở lên", ["llc_multi_member"]),
    (r"công ty tnhh", ["llc_single_member", "llc_multi_member"]),
    (r"doanh nghiệp tư nhân(?: \(dntn\))?", ["private_enterprise"]),
    (r"htx tổ chức, hoạt động theo (?:đúng quy định của pháp luật|luật htx(?: 2012)?)", ["cooperative"]),
    (r"các đối tượng còn lại", ["other"]),
]
_JSC = re.compile(r"công ty cổ phần có vốn góp của cộng đồng (?:người )?địa phương ?(<|>=) ?(\d+) ?%")
_UNREPRESENTED = [r"trung tâm điều hành"]  # alternatives no legal_form value stands for: not derived


def legal_form(opts: list[Opt]) -> Params | None:
    found: Params = {}
    seen: set[str] = set()
    for n, label, _ in opts:
        params: dict[str, Any] = {}
        rest = label
        if m := _JSC.search(rest):
            bound = int(m[2])
            params["joint_stock_capital"] = {"below": bound} if m[1] == "<" else {"min": bound}
            rest = rest.replace(m[0], " ")
        forms: list[str] = []
        for rx, values in _FORMS:
            if m := re.search(rx, rest):
                forms += [v for v in values if v not in forms]
                rest = rest.replace(m[0], " ")
        for rx in _UNREPRESENTED:
            rest = re.sub(rx, " ", rest)
        if re.sub(r"hoặc|[;,.()\s]", "", rest) or seen & set(forms):
            return None
        seen |= set(forms)
        if forms:
            params["forms"] = forms
        found[n] = params
    capitals = [p["joint_stock_capital"] for p in found.values() if "joint_stock_capital" in p]
    return found if disjoint(capitals) else None


def accounting(opts: list[Opt]) -> Params | None:
    """1048: none or on demand / regular / a system; 1048/26: on demand / regular (its top); 148: "Không có
    hoạt động kế toán theo quy định" / "Có tổ chức công tác kế toán theo quy định".  Whether accounting only
    on demand is "theo quy định" depends on the producer's legal duty: on 148 it is left to the council."""
    found = _classify(
        opts,
        [
            (r"^không có kế toán hoặc chỉ thuê kế toán khi có yêu cầu, thời vụ", ["none", "on_demand"]),
            (r"^có kế toán khi có yêu cầu, thời vụ", ["on_demand"]),
            (r"^có kế toán, công tác kế toán được thực hiện thường xuyên", ["regular"]),
            (r"^có tổ chức hệ thống kế toán", ["system"]),
            (r"^không có hoạt động kế toán theo quy định", ["none"]),
            (r"^có tổ chức công tác kế toán theo quy định", ["regular", "system"]),
        ],
    )
    if found and ["system"] not in found.values():  # the regular accounts are the top: a system meets them too
        found = {n: ["regular", "system"] if v == ["regular"] else v for n, v in found.items()}
    return found


def representative(opts: list[Opt]) -> Params | None:
    found: Params = {}
    groups_seen = set()
    for n, label, _ in opts:
        groups = [
            g
            for g, rx in (("woman", r"\bnữ\b"), ("ethnic_minority", r"dân tộc thiểu số"), ("disability", r"khuyết tật"))
            if re.search(rx, label)
        ]
        if not groups:
            return None
        groups_seen.add(tuple(groups))
        found[n] = {"none_of" if "không phải" in label else "any_of": groups}
    kinds = sorted(next(iter(p)) for p in found.values())
    return found if len(groups_seen) == 1 and kinds == ["any_of", "none_of"] else None


def local_labour(opts: list[Opt]) -> Params | None:
    scopes = {m[1] for _, label, _ in opts if (m := re.search(r"người trên địa bàn cấp (xã|huyện)", label))}
    if len(scopes) != 1 or any("người trên địa bàn cấp" not in label for _, label, _ in opts):
        return None
    found = _bands(opts)
    scope = {"xã": "commune", "huyện": "district"}[scopes.pop()]
    return None if found is None else {n: {**b, "scope": scope} for n, b in found.items()}


def profit_growth(opts: list[Opt]) -> Params | None:
    found = _classify(
        opts,
        [
            (
                r"^hợp tác xã xếp loại trung bình hoặc năm trước liền kề năm đánh giá có lợi nhuận cao hơn"
                r".*các loại hình khác: năm trước liền kề",
                "coop_average_or_profit_1y",
            ),
            (
                r"^hợp tác xã xếp loại khá trở lên hoặc có 02 năm liên tiếp tăng trưởng dương về lợi nhuận"
                r".*các loại hình khác: có 02 năm liên tiếp",
                "coop_good_plus_or_profit_2y",
            ),
            (
                r"^hợp tác xã xếp loại trung bình, các loại hình khác có lợi nhuận tăng trưởng dương so với "
                r"năm trước liền kề$",
                "coop_average_else_profit_1y",
            ),
            (
                r"^hợp tác xã xếp loại khá, các loại hình khác có 2 năm liên tiếp tăng trưởng dương về lợi "
                r"nhuận$",
                "coop_good_else_profit_2y",
            ),
        ],
    )
    ladders = (
        ["coop_average_or_profit_1y", "coop_good_plus_or_profit_2y"],
        ["coop_average_else_profit_1y", "coop_good_else_profit_2y"],
    )
    return found if found and list(found.values()) in ladders else None


def revenue_growth(opts: list[Opt]) -> Params | None:
    found = _classify(
        opts,
        [
            (r"^tăng trưởng < ?10 ?% về doanh thu", {"below": 10}),
            (r"^(?:có )?tăng trưởng >= ?10 ?% về doanh thu", {"min": 10}),
            (r"^có tăng trưởng về doanh thu", {"above": 0, "below": 10}),
        ],
    )
    return found if found and disjoint(list(found.values())) else None


def intellectual_property(opts: list[Opt]) -> Params | None:
    registered = r"nhãn hiệu .*được cấp giấy chứng nhận đ[aă]ng ký"
    found = _classify(
        opts,
        [
            (r"^đơn đăng ký nhãn hiệu đã được cơ quan có thẩm quyền chấp nhận", "application_accepted"),
            (
                registered + r".*dấu hiệu chỉ dẫn nguồn gốc địa lý.*(?:bằng|đăng) độc quyền",
                "registered_origin_sign_ip_title",
            ),
            (registered + r".*dấu hiệu chỉ dẫn nguồn gốc địa lý", "registered_origin_sign"),
            (registered + r"$", "registered"),
        ],
    )
    if found and "registered_origin_sign_ip_title" in found.values():
        found = {n: v + "_no_ip_title" if v == "registered_origin_sign" else v for n, v in found.items()}
    ladders = (
        ["application_accepted", "registered_origin_sign_no_ip_title", "registered_origin_sign_ip_title"],
        ["registered", "registered_origin_sign"],
    )
    return found if found and list(found.values()) in ladders else None


def ip_infringement(opts: list[Opt]) -> Params | None:
    hits = [n for n, label, effect in opts if label == "sản phẩm vi phạm sở hữu trí tuệ" and effect == "eliminate"]
    return {hits[0]: True} if len(hits) == 1 else None


# --- B4 -----------------------------------------------------------------------------------------
_OUT_COMMUNE = ["district", "province", "national", "international"]
_IN_DISTRICT, _OUT_DISTRICT = ["commune", "district"], ["province", "national", "international"]
_AREA_KINDS = [  # (label regex, kind)
    (r"^thị trường trong địa bàn cấp xã$", "in_commune"),
    (r"^thị trường ngoài địa bàn cấp xã, có dưới 5 đại diện/đại lý phân phối$", "out_commune_lt5"),
    (r"^thị trường ngoài địa bàn cấp xã, có >= ?5 đại diện/đại lý phân phối$", "out_commune_ge5"),
    (
        r"^thị trường quốc tế \(có hợp đồng và tài liệu minh chứng thực hiện hợp đồng\) hoặc phân phối "
        r"tại các kênh thương mại hiện đại: siêu thị, thương mại điện tử,\.\.\. \(có hợp đồng",
        "intl_or_modern",
    ),
    (r"^thị trường trong huyện$", "in_district"),
    (r"^thị trường ngoài huyện, có dưới 5 đại diện/đại,? lý phân phối$", "out_district_lt5"),
    (r"^thị trường ngoài huyện, có >= ?5 đại diện/đại,? lý phân phối$", "out_district_ge5"),
    (
        r"^thị trường quốc tế \(có hợp đồng\); hoặc phân phối tại các kênh thương mại hiện đại: siêu thị, "
        r"thương mại điện tử,?\.\.\. \(có hợp đồng và vận hành ổn định ít nhất 6 tháng\)$",
        "intl_or_modern_6m",
    ),
    (r"^thị trường ngoài huyện$", "out_district"),
    (r"^thị trường ngoài tỉnh$", "out_province"),
    (r"^thị trường ngoài thị trường cấp xã$", "out_commune_unclear"),
    (r"^thị trường trong địa bàn cấp tỉnh$", "in_province_unclear"),
    (r"^thị trường ngoài địa bàn cấp tỉnh$", "out_province"),
    (r"^thị trường quốc tế$", "intl"),
    (r"^thị trường quốc tế \(có hợp đồng(?: và (?:tài liệu )?minh chứng thực hiện hợp đồng)?\)$", "intl_contract"),
]
_AREA_LAYOUTS: dict[tuple[str, ...], list[Any]] = {  # kinds in official order -> params (None: judged)
    ("in_commune", "out_commune_lt5", "out_commune_ge5", "intl_or_modern"): [
        {"reach": ["commune"]},
        {"reach": _OUT_COMMUNE, "agents": {"below": 5}},
        {"reach": _OUT_COMMUNE, "agents": {"min": 5}},
        "export_or_modern_channel",
    ],
    ("in_district", "out_district_lt5", "out_district_ge5", "intl_or_modern_6m"): [
        {"reach": _IN_DISTRICT},
        {"reach": _OUT_DISTRICT, "agents": {"below": 5}},
        {"reach": _OUT_DISTRICT, "agents": {"min": 5}},
        "export_or_modern_channel_6_months",
    ],
    ("in_district", "out_district_lt5", "out_district_ge5", "intl"): [
        {"reach": _IN_DISTRICT},
        {"reach": ["province", "national"], "agents": {"below": 5}},
        {"reach": ["province", "national"], "agents": {"min": 5}},
        "international_market",
    ],
    ("in_district", "out_district", "out_province", "intl_contract"): [
        {"reach": _IN_DISTRICT},
        {"reach": ["province"]},
        {"reach": ["national", "international"]},
        "export_contract",
    ],
    # 2026 ornamental sheets: "ngoài thị trường cấp xã" and "trong địa bàn cấp tỉnh" overlap; judged
    ("in_commune", "out_commune_unclear", "in_province_unclear", "out_province", "intl_contract"): [
        {"reach": ["commune"]},
        None,
        None,
        {"reach": ["national", "international"]},
        "export_contract",
    ],
}


def distribution_area(opts: list[Opt]) -> Params | None:
    kinds = _classify(opts, _AREA_KINDS)
    layout = _AREA_LAYOUTS.get(tuple(kinds.values())) if kinds else None
    if layout is None:
        return None
    top = layout[-1]
    found: Params = {}
    for n, params in zip(kinds, layout, strict=True):
        if params is not None:
            found[n] = {"top": top} if params == top else {**params, "unless": top}
    return found


def distribution_organisation(opts: list[Opt]) -> Params | None:
    return _classify(
        opts,
        [
            (r"^không có người chịu trách nhiệm quản lý phân phối", "none"),
            (r"^có người chịu trách nhiệm quản lý phân phối", "person"),
            (r"^có bộ phận/phòng quản lý ph[aâả]n phối, có ứng dụng công nghệ thông tin", "department_it"),
            (r"^có bộ phận/phòng quản lý phân phối\.?$", "department"),
        ],
    )


# --- C --------------------------------------------------------------------------------------------
_DECLARED = ["declared", "national_standard", "international_standard"]
# A generic declaration missing.  A cosmetic notification receipt ("Phiếu công bố sản phẩm mỹ phẩm") and a
# medical device's standard receipt ("Phiếu tiếp nhận hồ sơ công bố tiêu chuẩn áp dụng") are sector licences,
# not the food-style declaration: the herbal plugin's own facts decide those stops.
_NOT_DECLARED_STOP = r"^không có (?:phiếu công bố sản phẩm|hồ sơ công bố tiêu chuẩn sản phẩm) theo quy định$"


_DOSSIER = "có hồ sơ công bố tiêu chuẩn sản phẩm"
_DOSSIER_ITEMS = [  # (phrase after the dossier, document item); longer phrases first
    (r"tiêu chuẩn nguyên liệu/tiêu chuẩn bao bì(?: sản phẩm)?", "raw_material_standard|packaging_standard"),
    (r"tiêu chuẩn nguyên liệu", "raw_material_standard"),
    (r"tiêu chuẩn bao bì(?: sản phẩm)?", "packaging_standard"),
    (r"phiếu kiểm nghiệm theo tiêu chuẩn tại cơ quan kiểm nghiệm độc lập", "independent_test_report"),
]


def _dossier_items(label: str) -> list[str] | None:
    rest = label[len(_DOSSIER) :].strip(" .")
    items = []
    for part in filter(None, (p.strip() for p in rest.split(";"))):
        item = next((v for rx, v in _DOSSIER_ITEMS if re.fullmatch(rx, part)), None)
        if item is None:
            return None
        items.append(item)
    return items


def _covers(upper: list[str], lower: list[str]) -> bool:
    """Every item of the lower rung is met by the upper rung's items (a|b is met by a, b or a|b)."""
    return all(any(set(u.split("|")) <= set(item.split("|")) for u in upper) for item in lower)


def standards_dossier(opts: list[Opt]) -> Params | None:
    """Herbal C6: nested rungs of documents; each rung must lack one document of the rung above it.  The stop
    "Không có hồ sơ công bố tiêu chuẩn sản phẩm / Phiếu công bố sản phẩm theo quy định" is the generic
    declaration missing; the cosmetic and medical-device licence stops are the herbal plugin's."""
    found: Params = {}
    rungs: list[tuple[int, list[str]]] = []
    for n, label, effect in opts:
        if re.search(
            r"^không có (?:hồ sơ công bố tiêu chuẩn sản phẩm|phiếu công bố sản phẩm)(?: theo quy định)?$", label
        ):
            found[n] = "none"
        elif label.startswith(_DOSSIER) and effect is None:
            items = _dossier_items(label)
            if items is None:
                return None
            rungs.append((n, items))
        elif not (effect == "stop" and re.search(r"phiếu công bố sản phẩm mỹ phẩm|phiếu tiếp nhận hồ sơ", label)):
            return None
    if not rungs:
        return None
    for (n, items), above in zip(rungs, [*rungs[1:], None], strict=True):
        if above is not None and not _covers(above[1], items):
            return None  # not nested: left to judgement
        params: dict[str, Any] = {"requires": items} if items else {}
        if above is not None:
            params["short_of"] = above[1]
        found[n] = params
    return found


def quality_declaration(opts: list[Opt]) -> Params | None:
    if any(label.startswith(_DOSSIER) for _, label, _ in opts):
        return None  # the herbal standards dossier (standards_dossier)
    stops = {
        n: ["none", "standard_only"]
        for n, label, effect in opts
        if effect == "stop" and re.search(_NOT_DECLARED_STOP, label)
    }
    rest = [o for o in opts if o[0] not in stops]
    found = _classify(
        rest,
        [
            (r"^có công bố chất lượng sản phẩm$", ["declared"]),
            (
                r"^có công bố chất lượng sản phẩm theo quy định.* áp dụng các tiêu chuẩn quốc gia$",
                ["national_standard"],
            ),
            (
                r"^có công bố chất lượng sản phẩm theo quy định và áp dụng các tiêu chuẩn quốc tế$",
                ["international_standard"],
            ),
            (r"^không có bản công bố tiêu chuẩn sản phẩm/chất lượng$", ["none"]),
            # 1048 "Hồ sơ công bố chất lượng sản phẩm": a wrong declaration ("có nhưng không đúng") is not
            # "none": only a missing one is derived
            (r"^không có bản (?:tự )?công bố ?\(hoặc có nhưng không đúng\)$", ["none"]),
            (r"^có bản tự công bố nhưng thiếu$", ["declared_incomplete"]),
            (r"^có bản tiêu chuẩn sản phẩm$", ["standard_only"]),
            (r"^có bản tự công bố \(hoặc tương đương\)[,.] có tiêu chuẩn sản phẩm$", _DECLARED),
            (r"^có tiêu chuẩn (?:chất lượng )?sản phẩm$", ["standard_only"]),
            (r"^có công bố tiêu chuẩn/chất lượng sản phẩm theo quy định$", _DECLARED),
            (r"^có tiêu chuẩn sản phẩm, có bản công bố tiêu chuẩn/chất lượng$", _DECLARED),
        ],
    )
    found = {**(found or {}), **stops}
    return found or None


_QA = [  # (label regex, quality_assurance level); positive levels are bound only as a top segment
    (
        r"^cơ sở (?:sơ chế|chế biến), đóng gói có giấy chứng nhận đủ điều kiện an toàn thực phẩm theo quy định$",
        "food_safety_certificate",
    ),
    (
        r"^cơ sở (?:sơ chế|chế biến), đóng gói có chứng nhận quản lý chất lượng theo tiêu chuẩn quốc gia",
        "quality_management",
    ),
    (
        r"^cơ sở (?:sơ chế|chế biến), đóng gói có chứng nhận quản lý chất lượng theo tiêu chuẩn quốc tế, đủ "
        r"điều kiện an toàn thực phẩm cho xuất khẩu",
        "international_export",
    ),
    (r"^có chứng nhận quản lý chất lượng tiên tiến \((?:iso|gmp|haccp)", "quality_management"),
    (r"^có chứng nhận quản lý chất lượng theo tiêu chuẩn việt nam$", "quality_management"),
    (
        r"^có chứng nhận quản lý chất lượng theo tiêu chuẩn quốc tế, đủ điều kiện attp cho xuất khẩu$",
        "international_export",
    ),
    (r"^có chứng nhận quản lý chất lượng tiên tiến của việt nam \(vietgap/hữu cơ", "area_certified_national"),
    (r"^có chứng nhận quản lý chất lượng tiên tiến \(vietgap/globalgap/hữu cơ", "area_certified"),
    (r"^có chứng nhận quản lý chất lượng tiên tiến \(vietgap/(?:hữu cơ/iso|iso/haccp)", "area_or_quality_management"),
    (
        r"^có chứng nhận quản lý chất lượng theo tiêu chuẩn quốc tế, đủ điều kiện attp cho xuất khẩu và các "
        r"thủ tục pháp lý khác",
        "international_export",
    ),
    (r"^có (?:giấy )?chứng nhận đủ điều kiện attp cho xuất khẩu và các thủ tục pháp lý khác", "export"),
    (
        r"^có (?:đủ các thủ tục pháp lý để xuất khẩu vào|hồ sơ đủ điều kiện xuất khẩu và các thủ tục pháp lý "
        r"khác theo yêu cầu của) thị trường đích",
        "export_dossier",
    ),
]
_NO_CERTIFICATE_STOP = (
    r"^(?:(?:giấy )?chứng nhận đủ điều kiện (?:attp|sản xuất)(?: \(hoặc tương đương\))? "
    r"không phù hợp|không có giấy chứng nhận đủ điều kiện sản xuất) theo quy định$"
)
#: below a top level, a level must rule that top level out: (top level, level) -> the level's name there
_BELOW_TOP = {
    ("export", "quality_management"): "quality_management_no_export",
    ("export", "area_certified"): "area_certified_no_export",
    ("export", "area_or_quality_management"): "area_or_quality_management_no_export",
    ("export_dossier", "quality_management"): "quality_management_no_export_dossier",
}
#: the sectors whose sheets are about food: the facility's food-safety duty is the floor of every level
FOOD_SECTORS = ("food", "beverage")


def quality_assurance(opts: list[Opt], sector: str | None = None) -> Params | None:
    """The quality ladder's stop and top levels.

    A positive level needs the facility to meet its certificate duty (``compliant``: the certificate held,
    or the facility legally exempt) where the criterion prints the stop for a missing certificate (the
    options partition compliant and non-compliant producers), and on food sheets, whose ladder starts at
    the food-safety certificate.  Elsewhere (handicrafts, herbal products without the stop) a level reads
    only the certification it names.
    """
    found: Params = {}
    ladder = [o for o in opts if o[2] is None]
    for n, label, effect in opts:
        if effect == "stop" and re.search(_NO_CERTIFICATE_STOP, label):
            found[n] = "no_certificate"
    top: Params = {}
    for n, label, _ in reversed(ladder):  # the bound options must be the top of the ladder
        level = next((v for rx, v in _QA if re.search(rx, label)), None)
        if level is None:
            break
        top[n] = level
    tops = set(top.values())
    top = {n: next((_BELOW_TOP[(t, v)] for t in tops if (t, v) in _BELOW_TOP), v) for n, v in top.items()}
    if any(v in ("area_certified", "area_or_quality_management") for v in top.values()):
        return found or None  # no top level this level could be told apart from: left to judgement
    compliant = bool(found) or sector in FOOD_SECTORS
    for n, level in top.items():
        found[n] = {"level": level, "compliant": True} if compliant and level != "food_safety_certificate" else level
    lower = _lower_rungs([o for o in ladder if o[0] not in top])
    if lower is not None and "food_safety_certificate" not in top.values():
        below, stopped = sorted(set(top.values())), bool(found.keys() - top.keys())
        for n, level in lower.items():
            params: dict[str, Any] = {"level": level}
            if stopped:  # the criterion prints the stop: every rung needs the duty met
                params["compliant"] = True
            if below:
                params["below"] = below
            found[n] = params if len(params) > 1 else level
    return found or None


_QA_LOWER = [  # (label regex, rung) of the documents below the certifications
    (r"^không có hoạt động kiểm soát chất lượng sản phẩm\.?$", "no_control"),
    (r"^có kế hoạch kiểm soát nội bộ chất lượng sản phẩm\.?$", "control_plan"),
    (r"^có kế hoạch kiểm soát nội bộ gắn với truy xuất nguồn gốc theo quy định\.?$", "control_plan_traceability"),
    (r"^có kế hoạch kiểm soát chất lượng sản phẩm\.?$", "control_plan_no_batch"),
    (r"^có ghi hồ sơ lô sản xuất\.?$", "batch_records_no_plan"),
    (r"^có kế hoạch kiểm soát chất lượng sản phẩm, có ghi hồ sơ lô sản xuất\.?$", "control_plan_batch"),
]


def _lower_rungs(opts: list[Opt]) -> Params | None:
    """Every rung below the certifications, or None when one does not fit (then none is bound)."""
    found = _classify(opts, _QA_LOWER)
    if not found:
        return None
    if any(v.endswith("batch") or v == "batch_records_no_plan" for v in found.values()):
        found = {n: "no_control_no_batch" if v == "no_control" else v for n, v in found.items()}
    return found


_NOT_REQUIRED_IS_MAX = re.compile(r"trường hợp không bắt buộc,? thì đánh giá điểm tối đa")


def periodic_testing(opts: list[Opt], title: str = "") -> Params | None:
    """Test results by option; "trường hợp không bắt buộc, thì đánh giá điểm tối đa" in the title adds a
    test not required by law to the best option."""
    found = _classify(
        opts,
        [
            (r"^không có$", "none"),
            (r"^có, nhưng (?:một số chỉ tiêu )?không đạt$", "failed"),
            (r"^có, đạt nhưng không đủ$", "passed_partial"),
            (r"^có, đạt đầy đủ", "passed_full"),
        ],
    )
    if found and _NOT_REQUIRED_IS_MAX.search(title):
        found = {n: [v, "not_required"] if v == "passed_full" else v for n, v in found.items()}
    return found


def nutrition(opts: list[Opt]) -> Params | None:
    return _classify(
        opts,
        [
            (r"^không có$", {"max": 0}),
            (r"^có 1 - 2 chỉ tiêu$", {"min": 1, "max": 2}),
            (r"^có trên 2 chỉ tiêu$", {"above": 2}),
        ],
    )
