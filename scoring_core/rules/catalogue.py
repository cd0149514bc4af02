"""The core's catalogue of product facts: the facts the built-in rule templates read.

Every fact is documented in Vietnamese (what a council member reads) with an English gloss.
Percentages are 0..100.  A fact the product file does not give is simply missing: a rule that
reads it is not derived and the criterion is left to a person's judgement.
"""

from __future__ import annotations

from scoring_core.rules.conditions import fact
from scoring_core.rules.facts import FactSpec, Implication


def _pct(name: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(
        name=name,
        type="number",
        unit="%",
        minimum=0,
        maximum=100,
        meaning_vi=meaning_vi,
        meaning_en=meaning_en,
    )


def _flag(name: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(name=name, type="boolean", meaning_vi=meaning_vi, meaning_en=meaning_en)


def _enum(name: str, values: list[str], meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(name=name, type="enum", values=values, meaning_vi=meaning_vi, meaning_en=meaning_en)


def _count(name: str, unit: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(name=name, type="integer", unit=unit, minimum=0, meaning_vi=meaning_vi, meaning_en=meaning_en)


CORE_FACTS: list[FactSpec] = [
    # A1 - raw material, production organisation, environment
    _pct(
        "raw_material_province_pct",
        "Tỷ lệ nguyên liệu có nguồn gốc trong tỉnh (%)",
        "Share of the raw material that originates in the province (%)",
    ),
    _flag(
        "raw_material_all_imported_or_unknown",
        "Sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc",
        "All raw material is imported or of unknown origin",
    ),
    _pct(
        "produce_commune_pct",
        "Tỷ lệ sản phẩm được trồng, nuôi hoặc đánh bắt trên địa bàn cấp xã (%)",
        "Share of the product grown, raised or caught within the commune (%)",
    ),
    _enum(
        "raw_material_area_certification",
        ["none", "national", "international"],
        "Chứng nhận chất lượng của vùng nguyên liệu/vùng sản xuất: none = không được cấp; "
        "national = theo tiêu chuẩn quốc gia (VietGAP, hữu cơ,...); international = theo tiêu "
        "chuẩn quốc tế (GlobalGAP, hữu cơ - Organic, ASC, BAP, MSC,...)",
        "Quality certification of the raw-material (production) area: none; national standard "
        "(VietGAP, organic...); international standard (GlobalGAP, Organic, ASC, BAP, MSC...)",
    ),
    _pct(
        "linkage_contract_output_pct",
        "Tỷ lệ sản lượng tiêu thụ có hợp đồng liên kết (%)",
        "Share of the output sold under chain-linkage contracts (%)",
    ),
    _pct(
        "linkage_contract_input_pct",
        "Tỷ lệ sản lượng nguyên liệu đầu vào cho chế biến có hợp đồng liên kết (%)",
        "Share of the raw-material input for processing bought under linkage contracts (%)",
    ),
    _count(
        "linkage_contract_months",
        "months",
        "Số tháng tổ chức thực hiện hợp đồng liên kết ổn định, tính đến thời điểm đăng ký đánh giá, phân hạng OCOP",
        "Months the linkage contracts have been carried out steadily, up to the registration for OCOP assessment",
    ),
    _flag(
        "environmental_records",
        "Có hồ sơ, thủ tục về môi trường theo quy định của pháp luật về bảo vệ môi trường",
        "Has the environmental records and procedures required by environmental law",
    ),
    _flag(
        "waste_treatment_records",
        "Có hồ sơ minh chứng về công trình thu gom và xử lý chất thải theo quy định",
        "Has evidence of waste collection and treatment works as required",
    ),
    _flag(
        "eco_packaging_records",
        "Có hồ sơ minh chứng về sử dụng bao gói thân thiện với môi trường",
        "Has evidence of using environmentally friendly packaging",
    ),
    _flag(
        "sustainable_technology",
        "Có áp dụng công nghệ theo hướng bền vững môi trường (tiết kiệm nguyên liệu, nhiên liệu; "
        "xử lý/tái chế chất thải; tận thu, tái sử dụng, tái chế phụ phẩm nông nghiệp,...)",
        "Applies environmentally sustainable technology (saving materials and fuel; treating or "
        "recycling waste; recovering and reusing agricultural by-products...)",
    ),
    _flag(
        "sustainable_energy",
        "Có sử dụng năng lượng hiện đại, bền vững, đáng tin cậy (sạch, tái tạo,...) trong sản xuất",
        "Uses modern, sustainable and reliable energy (clean, renewable...) in production",
    ),
    # A2 - product development
    _flag(
        "bilingual_label",
        "Ghi nhãn hàng hóa có sử dụng song ngữ (Việt - Anh hoặc ngôn ngữ nước ngoài khác)",
        "The product label is bilingual (Vietnamese and English or another foreign language)",
    ),
    # A3 - community strength
    _enum(
        "legal_form",
        [
            "household",
            "farm",
            "cooperative_group",
            "llc_single_member",
            "llc_multi_member",
            "private_enterprise",
            "joint_stock_company",
            "cooperative",
            "other",
        ],
        "Loại hình chủ thể: household = hộ sản xuất/hộ gia đình có đăng ký kinh doanh; farm = "
        "trang trại; cooperative_group = tổ hợp tác; llc_single_member = công ty TNHH một thành "
        "viên; llc_multi_member = công ty TNHH hai thành viên trở lên; private_enterprise = "
        "doanh nghiệp tư nhân; joint_stock_company = công ty cổ phần; cooperative = hợp tác xã "
        "tổ chức, hoạt động theo đúng quy định của pháp luật; other = loại hình khác",
        "Legal form of the producer: registered household business, farm, cooperative group, "
        "single-member LLC, multi-member LLC, private enterprise, joint-stock company, "
        "cooperative operating lawfully, or other",
    ),
    _pct(
        "community_capital_pct",
        "Tỷ lệ vốn góp của cộng đồng người địa phương trong công ty cổ phần (%)",
        "Share of the joint-stock company's capital contributed by the local community (%)",
    ),
    _flag(
        "representative_woman", "Đại diện pháp luật của chủ thể là nữ", "The producer's legal representative is a woman"
    ),
    _flag(
        "representative_ethnic_minority",
        "Đại diện pháp luật của chủ thể là đồng bào dân tộc thiểu số",
        "The producer's legal representative belongs to an ethnic minority",
    ),
    _flag(
        "representative_disability",
        "Đại diện pháp luật của chủ thể là người khuyết tật",
        "The producer's legal representative is a person with a disability",
    ),
    _pct(
        "local_labour_commune_pct",
        "Tỷ lệ lao động là người trên địa bàn cấp xã (%)",
        "Share of the workers who live in the commune (%)",
    ),
    _pct(
        "local_labour_district_pct",
        "Tỷ lệ lao động là người trên địa bàn cấp huyện (%)",
        "Share of the workers who live in the district (%)",
    ),
    _enum(
        "accounting",
        ["none", "on_demand", "regular", "system"],
        "Tổ chức kế toán: none = không có kế toán; on_demand = chỉ thuê kế toán khi có yêu cầu, thời vụ; "
        "regular = có kế toán, công tác kế toán được thực hiện thường xuyên theo quy định; system = có tổ chức "
        "hệ thống kế toán",
        "Accounting: none; an accountant hired only on demand or seasonally; an accountant doing the accounts "
        "regularly as required; an organised accounting system",
    ),
    _count(
        "profit_growth_years",
        "years",
        "Số năm liên tiếp có lợi nhuận tăng trưởng dương, tính ngược từ năm trước liền kề năm "
        "đánh giá (0 nếu lợi nhuận năm trước liền kề không cao hơn năm trước đó)",
        "Consecutive years of positive profit growth counted back from the year before the "
        "assessment (0 when last year's profit did not exceed the year before)",
    ),
    _enum(
        "cooperative_rating",
        ["excellent", "good", "average", "weak", "unrated"],
        "Xếp loại hợp tác xã: excellent = tốt; good = khá; average = trung bình; weak = yếu; unrated = chưa xếp loại",
        "Cooperative rating: excellent, good, average, weak, or not rated",
    ),
    FactSpec(
        name="revenue_growth_pct",
        type="number",
        unit="%",
        meaning_vi="Tăng trưởng doanh thu so với năm trước liền kề (%, có thể âm)",
        meaning_en="Revenue growth over the previous year (%, may be negative)",
    ),
    _enum(
        "trademark_status",
        ["none", "application_accepted", "registered"],
        "Nhãn hiệu sử dụng trên sản phẩm: none = chưa có đơn được chấp nhận; application_accepted "
        "= đơn đăng ký nhãn hiệu đã được cơ quan có thẩm quyền chấp nhận hoặc công bố (đã qua "
        "thẩm định hình thức); registered = đã được cấp Giấy chứng nhận đăng ký nhãn hiệu",
        "Trademark used on the product: none; application accepted or published (formal "
        "examination passed); registration certificate granted",
    ),
    _flag(
        "origin_sign",
        "Sản phẩm có sử dụng dấu hiệu chỉ dẫn nguồn gốc địa lý gắn với cộng đồng địa phương "
        "(sản phẩm đã được bảo hộ chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận thì có "
        "văn bản ghi nhận quyền sử dụng)",
        "The product uses a geographical-origin sign tied to the local community (with a "
        "document granting the right of use where a geographical indication, collective mark or "
        "certification mark protects the product)",
    ),
    _flag(
        "ip_title",
        "Có Bằng độc quyền kiểu dáng công nghiệp, Bằng sáng chế, Bằng độc quyền giải pháp hữu "
        "ích hoặc Giấy chứng nhận đăng ký quyền tác giả (trừ đối với nhãn hiệu)",
        "Holds an industrial design, patent or utility solution title, or a copyright "
        "registration certificate (other than for the trademark)",
    ),
    _flag(
        "ip_infringement",
        "Sản phẩm vi phạm sở hữu trí tuệ (theo kết luận của cơ quan có thẩm quyền)",
        "The product infringes intellectual property rights (as found by a competent body)",
    ),
    # B4 - marketing
    _enum(
        "market_reach",
        ["commune", "district", "province", "national", "international"],
        "Khu vực phân phối chính rộng nhất: commune = trong địa bàn cấp xã; district = ngoài xã, "
        "trong huyện; province = ngoài huyện, trong tỉnh; national = ngoài tỉnh; international = "
        "thị trường quốc tế",
        "Widest main distribution area: within the commune; beyond the commune within the "
        "district; beyond the district within the province; other provinces; abroad",
    ),
    _count(
        "distribution_agents",
        "agents",
        "Số đại diện/đại lý phân phối sản phẩm",
        "Number of distribution representatives or agents",
    ),
    _flag(
        "export_contract",
        "Có hợp đồng xuất khẩu và tài liệu minh chứng thực hiện hợp đồng",
        "Has export contracts with evidence that they are carried out",
    ),
    _flag(
        "modern_channel_contract",
        "Có hợp đồng phân phối tại kênh thương mại hiện đại (siêu thị, thương mại điện tử,...) "
        "và tài liệu minh chứng thực hiện hợp đồng, đường dẫn gian hàng điện tử",
        "Has a distribution contract with a modern channel (supermarket, e-commerce...) with "
        "evidence of its performance and a link to the online shop",
    ),
    _count(
        "modern_channel_months",
        "months",
        "Số tháng phân phối ổn định tại kênh thương mại hiện đại",
        "Months of steady distribution through the modern channel",
    ),
    _enum(
        "distribution_organisation",
        ["none", "person", "department", "department_it"],
        "Tổ chức phân phối: none = không có người chịu trách nhiệm; person = có người chịu trách "
        "nhiệm quản lý phân phối; department = có bộ phận/phòng quản lý phân phối; department_it "
        "= có bộ phận/phòng quản lý phân phối, có ứng dụng công nghệ thông tin trong quản lý",
        "Distribution organisation: nobody in charge; a person in charge; a distribution "
        "department; a distribution department using IT in its management",
    ),
    # C - quality
    _enum(
        "quality_declaration",
        ["none", "standard_only", "declared_incomplete", "declared", "national_standard", "international_standard"],
        "Công bố chất lượng sản phẩm: none = không có tiêu chuẩn, không có bản công bố; "
        "standard_only = có tiêu chuẩn sản phẩm nhưng chưa công bố; declared_incomplete = có bản tự công bố "
        "nhưng thiếu; declared = có công bố chất lượng sản phẩm (đầy đủ); "
        "national_standard = có công bố theo quy định và áp dụng các tiêu chuẩn "
        "quốc gia; international_standard = có công bố theo quy định và áp dụng các tiêu chuẩn "
        "quốc tế",
        "Product quality declaration: none; a product standard but no declaration; a self-declaration that "
        "is incomplete; declared (complete); "
        "declared applying national standards; declared applying international standards",
    ),
    _flag(
        "raw_material_standard",
        "Hồ sơ công bố có tiêu chuẩn nguyên liệu",
        "The declaration dossier includes the raw-material standard",
    ),
    _flag(
        "packaging_standard",
        "Hồ sơ công bố có tiêu chuẩn bao bì sản phẩm",
        "The declaration dossier includes the packaging standard",
    ),
    _flag(
        "independent_test_report",
        "Có phiếu kiểm nghiệm theo tiêu chuẩn tại cơ quan kiểm nghiệm độc lập",
        "Has a test report against the standard from an independent testing body",
    ),
    _flag(
        "facility_certificate",
        "Cơ sở có giấy chứng nhận đủ điều kiện an toàn thực phẩm (hoặc đủ điều kiện sản xuất) "
        "theo quy định, còn hiệu lực, hoặc chứng nhận tương đương được miễn cấp (GMP, HACCP, "
        "ISO 22000,...). Chỉ giá trị true được đọc (= held); false không phân biệt được miễn cấp với "
        "thiếu: dùng facility_certificate_status",
        "The facility holds a valid food-safety (or production) eligibility certificate, or an "
        "equivalent certificate accepted in its place (GMP, HACCP, ISO 22000...). Only true is read "
        "(= held); false cannot tell an exempt producer from a missing certificate: use facility_certificate_status",
    ),
    _enum(
        "facility_certificate_status",
        ["held", "not_required", "missing"],
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc đủ điều kiện sản xuất): held = có, còn "
        "hiệu lực, phù hợp (hoặc chứng nhận tương đương được chấp nhận); not_required = cơ sở thuộc diện "
        "không phải cấp theo quy định (ví dụ Nghị định 15/2018/NĐ-CP, Điều 12); missing = phải có theo quy "
        "định nhưng không có, hết hiệu lực hoặc không phù hợp",
        "Facility food-safety (or production) eligibility certificate: held (valid and matching, or an accepted "
        "equivalent); not_required (the facility is legally exempt, e.g. Decree 15/2018 art. 12); missing "
        "(required by law but not held, expired or not matching)",
    ),
    _enum(
        "quality_control_plan",
        ["none", "activities_only", "plan", "plan_with_traceability"],
        "Kiểm soát chất lượng sản phẩm: none = không có hoạt động kiểm soát chất lượng; activities_only = có "
        "hoạt động kiểm soát nhưng không có kế hoạch; plan = có kế hoạch kiểm soát (nội bộ) chất lượng sản phẩm; "
        "plan_with_traceability = có kế hoạch kiểm soát nội bộ gắn với truy xuất nguồn gốc theo quy định",
        "Product quality control: no quality-control activity; activities without a plan; an (internal) "
        "quality-control plan; an internal plan tied to traceability as required",
    ),
    _flag(
        "batch_records",
        "Có ghi hồ sơ lô sản xuất",
        "Production batch records are kept",
    ),
    _enum(
        "quality_management_certification",
        ["none", "national", "international"],
        "Chứng nhận hệ thống quản lý chất lượng của cơ sở (ISO, GMP, HACCP,...): none = không "
        "có; national = theo tiêu chuẩn quốc gia; international = theo tiêu chuẩn quốc tế "
        "(ISO, HACCP, BRC, Halal, FDA,...)",
        "Certified quality management system of the facility (ISO, GMP, HACCP...): none; to a "
        "national standard; to an international standard (ISO, HACCP, BRC, Halal, FDA...)",
    ),
    _flag(
        "export_eligibility",
        "Đủ điều kiện an toàn thực phẩm cho xuất khẩu và các thủ tục pháp lý khác theo yêu cầu của thị trường đích",
        "Eligible for export: food-safety conditions for export and the target market's other legal procedures are met",
    ),
    _flag(
        "export_dossier",
        "Có hồ sơ đủ điều kiện xuất khẩu và các thủ tục pháp lý khác theo yêu cầu của thị trường đích (sản "
        "phẩm phi thực phẩm: thủ công mỹ nghệ, mỹ phẩm, trang thiết bị y tế,...)",
        "Has the export dossier and the target market's other legal procedures (non-food products: "
        "handicrafts, cosmetics, medical devices...)",
    ),
    _enum(
        "periodic_test_result",
        ["none", "failed", "passed_partial", "passed_full", "not_required"],
        "Kiểm tra định kỳ các chỉ tiêu an toàn (phiếu kiểm nghiệm): none = không có; failed = "
        "có, nhưng không đạt; passed_partial = có, đạt nhưng không đủ chỉ tiêu; passed_full = "
        "có, đạt đầy đủ các chỉ tiêu theo quy định; not_required = sản phẩm không bắt buộc kiểm nghiệm định "
        "kỳ theo quy định",
        "Periodic safety tests (test reports): none; tested but failed; passed but not all "
        "required indicators; passed on every required indicator; not required by law for this product",
    ),
    _count(
        "nutrition_indicators",
        "indicators",
        "Số chỉ tiêu dinh dưỡng được chỉ ra hàm lượng theo phiếu kiểm nghiệm",
        "Number of nutritional indicators whose content a test report states",
    ),
]

CORE_FACTS_BY_NAME: dict[str, FactSpec] = {f.name: f for f in CORE_FACTS}

# Facts that follow from others, declared once here rather than re-derived in each sheet's bindings.
CORE_IMPLICATIONS: list[Implication] = [
    # "Sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc" cannot hold of a product that
    # uses raw material from the province at all (A1.1, every sheet with the import knock-out).
    Implication(
        name="provincial_raw_material_not_all_imported",
        when=fact("raw_material_province_pct", "gt", 0),
        then="raw_material_all_imported_or_unknown",
        value=False,
        meaning_vi="Có nguyên liệu có nguồn gốc trong tỉnh (tỷ lệ trên 0%) thì không phải toàn bộ nguyên liệu "
        "nhập khẩu hoặc không rõ nguồn gốc",
        meaning_en="Raw material from the province (a share above 0%) means not all of it is imported or of "
        "unknown origin",
    ),
    # The old flag "holds the food-safety facility certificate" cannot be true of a producer whose
    # certificate status says it is missing ("không có giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm").
    Implication(
        name="missing_facility_certificate_not_held",
        when=fact("facility_certificate_status", "eq", "missing"),
        then="facility_certificate",
        value=False,
        meaning_vi="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm còn thiếu thì không thể coi là đã có",
        meaning_en="A food-safety facility certificate whose status is missing is not held",
    ),
]
