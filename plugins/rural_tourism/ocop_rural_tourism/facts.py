"""The rural tourism plugin's own facts: who provides the service, and its licences and safety records."""

from __future__ import annotations

from scoring_core.plugins import FactSpec

PROVIDER = "tourism_provider"
REGISTERED = "tourism_business_registered"
CONDITIONS_MET = "tourism_business_conditions_met"
STANDARD_FACILITY = "tourism_standard_facility"
SITE_RECOGNISED = "tourism_site_recognised"
CERTIFIED_PCT = "tourism_certified_facilities_pct"
SAFETY_MET = "tourism_safety_conditions_met"
SAFE_PCT = "tourism_safe_facilities_pct"
STAFF_TRAINING = "tourism_staff_training"
NEW_RURAL = "tourism_new_rural_commune"
TRAINED_PCT = "tourism_trained_staff_pct"
FOREIGN_LANGUAGE = "tourism_foreign_language_staff"
PROMOTION_AGENTS = "tourism_promotion_agents"
AGENTS_IN_AND_OUT = "tourism_promotion_agents_in_and_out_of_province"
TOUR_LINKS = "tourism_tour_links"
SALES_ORGANISATION = "tourism_sales_organisation"


def _flag(name: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(name=name, type="boolean", meaning_vi=meaning_vi, meaning_en=meaning_en)


def _pct(name: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(
        name=name, type="number", unit="%", minimum=0, maximum=100, meaning_vi=meaning_vi, meaning_en=meaning_en
    )


def _count(name: str, unit: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(name=name, type="integer", unit=unit, minimum=0, meaning_vi=meaning_vi, meaning_en=meaning_en)


TOURISM_FACTS: list[FactSpec] = [
    FactSpec(
        name=PROVIDER,
        type="enum",
        values=["community", "site"],
        meaning_vi="Ai cung cấp dịch vụ du lịch (chọn trường hợp của các tiêu chí hai trường hợp): community = "
        "dịch vụ du lịch do cộng đồng cung cấp (cộng đồng dịch vụ du lịch); site = điểm dịch vụ du "
        "lịch, dịch vụ du lịch do tổ chức, cá nhân cung cấp",
        meaning_en="Who provides the tourism service (picks the case of two-case criteria): community = services "
        "provided by a community; site = a tourism service site, services provided by an organisation "
        "or an individual",
    ),
    _flag(
        REGISTERED,
        "Có đăng ký kinh doanh dịch vụ du lịch (cộng đồng: mọi cơ sở cung cấp dịch vụ đều đã đăng ký)",
        "Registered as a tourism service business (community: every service facility is registered)",
    ),
    _flag(
        CONDITIONS_MET,
        "Đáp ứng đủ điều kiện kinh doanh dịch vụ du lịch theo quy định của pháp luật (cộng đồng: mọi cơ sở "
        "cung cấp dịch vụ)",
        "Meets every legal condition for doing tourism service business (community: every service facility)",
    ),
    _flag(
        STANDARD_FACILITY,
        "Có cơ sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch theo Luật Du lịch",
        "Has a tourism business facility meeting the standard for serving tourists under the Tourism Law",
    ),
    _flag(
        SITE_RECOGNISED,
        "Được cơ quan có thẩm quyền công nhận là điểm du lịch",
        "Recognised as a tourist site by the competent authority",
    ),
    _pct(
        CERTIFIED_PCT,
        "Tỷ lệ cơ sở dịch vụ của cộng đồng được cấp chứng nhận đủ điều kiện kinh doanh theo quy định (dịch vụ "
        "lưu trú, vận chuyển,...) (%)",
        "Share of the community's service facilities certified as eligible for business (lodging, transport...) (%)",
    ),
    _flag(
        SAFETY_MET,
        "Đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng cháy và chữa cháy, bảo vệ môi trường, an toàn "
        "thực phẩm theo quy định của pháp luật (cộng đồng: mọi cơ sở cung ứng dịch vụ)",
        "Meets the legal conditions on security and order, fire safety, environmental protection and food "
        "safety (community: every service facility)",
    ),
    _pct(
        SAFE_PCT,
        "Tỷ lệ cơ sở kinh doanh dịch vụ của cộng đồng đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng "
        "cháy và chữa cháy, bảo vệ môi trường, an toàn thực phẩm theo quy định của pháp luật (%)",
        "Share of the community's service businesses meeting the legal conditions on security and order, fire "
        "safety, environmental protection and food safety (%)",
    ),
    _flag(
        STAFF_TRAINING,
        "Có thực hiện hướng dẫn, tập huấn thường xuyên/định kỳ cho nhân viên (có hồ sơ)",
        "Staff are instructed and trained regularly or periodically (with records)",
    ),
    _flag(
        NEW_RURAL,
        "Cộng đồng du lịch/điểm du lịch trên địa bàn xã hoặc thôn, bản, ấp đã được công nhận đạt chuẩn nông thôn "
        "mới (false: chưa được công nhận, hoặc không thuộc khu vực nông thôn)",
        "The community or site lies in a commune (or village) recognised as meeting the new-rural standard "
        "(false: not recognised, or not in a rural area)",
    ),
    _pct(
        TRAINED_PCT,
        "Tỷ lệ lao động tham gia quản lý và nhân viên đã qua đào tạo về chuyên môn, nghiệp vụ (%)",
        "Share of the managing and serving staff trained in their trade (%)",
    ),
    _flag(
        FOREIGN_LANGUAGE,
        "Có nhân viên tiếp đón thành thạo ít nhất 1 ngoại ngữ",
        "A reception staff member is fluent in at least one foreign language",
    ),
    _count(
        PROMOTION_AGENTS,
        "agents",
        "Số đại diện/đại lý quảng bá sản phẩm du lịch",
        "Number of representatives or agents promoting the tourism product",
    ),
    _flag(
        AGENTS_IN_AND_OUT,
        "Các đại diện/đại lý quảng bá sản phẩm ở cả trong và ngoài tỉnh",
        "The promotion representatives or agents are both in and outside the province",
    ),
    FactSpec(
        name=TOUR_LINKS,
        type="enum",
        values=["none", "province", "national", "international"],
        meaning_vi="Liên kết với các điểm dịch vụ du lịch khác để hình thành tour/chặng tuyến sản phẩm du lịch: none = "
        "không có; province = trong tỉnh; national = trong và ngoài tỉnh; international = trong, ngoài tỉnh và quốc tế",
        meaning_en="Links with other tourism sites forming tours: none; within the province; within and beyond the "
        "province; within, beyond the province and abroad",
    ),
    FactSpec(
        name=SALES_ORGANISATION,
        type="enum",
        values=["none", "person", "department", "department_it"],
        meaning_vi="Tổ chức quảng bá, bán hàng: none = không có người chịu trách nhiệm; person = có người chịu trách "
        "nhiệm quản lý quảng bá, bán hàng; department = có bộ phận/phòng quản lý quảng bá, bán hàng; department_it = "
        "có bộ phận/phòng, có ứng dụng công nghệ thông tin trong quản lý/bán hàng",
        meaning_en="Promotion and sales organisation: nobody in charge; a person in charge; a department; a "
        "department using IT in its management or sales",
    ),
]
