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


def _flag(name: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(name=name, type="boolean", meaning_vi=meaning_vi, meaning_en=meaning_en)


def _pct(name: str, meaning_vi: str, meaning_en: str) -> FactSpec:
    return FactSpec(
        name=name, type="number", unit="%", minimum=0, maximum=100, meaning_vi=meaning_vi, meaning_en=meaning_en
    )


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
]
