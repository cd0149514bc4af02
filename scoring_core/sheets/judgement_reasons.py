"""Why a criterion no fact rule decides needs a person: a small table keyed by what its wording asks.

Each entry matches the criterion's title (lower case, spaces collapsed), and where the options'
wording tells two readings apart, their labels too (promotion counted in numbers of activities is
factual; "một số"/"nhiều" activities is not).  It says, in Vietnamese
with an English gloss, either why the wording calls for a person's judgement (``judgement``:
sensory assessment, the quality of the story, packaging design...) or that the wording is factual
(a threshold, a count, a document held) but no fact or template covers it yet (``unbound``), so
the report does not pass a gap off as judgement.  Entries are tried in order; the first that
matches gives the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["judgement", "unbound"]


@dataclass(frozen=True)
class JudgementReason:
    """Why a person decides a criterion (``judgement``), or why no rule does yet (``unbound``)."""

    key: str
    kind: Kind
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class _Entry:
    title: re.Pattern[str]
    options: re.Pattern[str] | None
    reason: JudgementReason

    def matches(self, title: str, options: str) -> bool:
        return bool(self.title.search(title)) and (self.options is None or bool(self.options.search(options)))


def _entry(key: str, title: str, kind: Kind, vi: str, en: str, options: str | None = None) -> _Entry:
    return _Entry(re.compile(title), re.compile(options) if options else None, JudgementReason(key, kind, vi, en))


_TABLE: tuple[_Entry, ...] = (
    # rural tourism
    _entry(
        "site_visit",
        r"vị trí|kiến trúc|cảnh quan",
        "judgement",
        "Vị trí, kiến trúc và cảnh quan: hội đồng khảo sát thực địa",
        "Location, architecture and landscape: seen on a site visit by the council",
    ),
    _entry(
        "heritage",
        r"di sản|bảo tồn|đa dạng sinh học",
        "judgement",
        "Mức độ bảo vệ, bảo tồn di sản văn hóa, thiên nhiên: hội đồng nhận định",
        "How well cultural and natural heritage is protected: the council's assessment",
    ),
    _entry(
        "guest_experience",
        r"trải nghiệm|thu hút khách|quá trình dịch vụ|chất lượng phục vụ|chất lượng sản phẩm dịch vụ|hàng hóa dịch vụ"
        r"|tổ chức dịch vụ|thị trường mục tiêu|tiện nghi",
        "judgement",
        "Chất lượng trải nghiệm, phục vụ và tiện nghi cho khách (có phần dựa trên đánh giá của khách): "
        "hội đồng đánh giá trực tiếp",
        "Quality of the guest experience, service and amenities (partly guests' ratings): assessed in person",
    ),
    _entry(
        "tourism_management",
        r"bộ phận điều phối|cơ chế quản lý",
        "judgement",
        "Bộ máy điều phối, quy chế quản lý hoạt động ra sao: hội đồng nhận định",
        "How the coordinating body and management rules work in practice: the council's assessment",
    ),
    _entry(
        "trained_staff",
        r"quản lý và nhân viên",
        "unbound",
        "Tỷ lệ lao động được đào tạo, nhân viên thông thạo ngoại ngữ: ngưỡng số, chưa có dữ kiện trong danh mục",
        "Share of trained staff, staff with a foreign language: thresholds, no catalogue fact yet",
    ),
    _entry(
        "new_rural_commune",
        r"nông thôn mới",
        "unbound",
        "Xã/thôn được công nhận đạt chuẩn nông thôn mới: văn bản công nhận, chưa có dữ kiện trong danh mục",
        "Commune recognised as meeting the new-rural standard: a recognition held, no catalogue fact yet",
    ),
    _entry(
        "promotion_agents",
        r"liên kết chuỗi giá trị trong quảng bá|liên kết vùng",
        "unbound",
        "Số đại diện/đại lý quảng bá, liên kết vùng: đếm được, chưa có dữ kiện trong danh mục",
        "Number of promotion agents, regional links: countable, no catalogue fact yet",
    ),
    _entry(
        "tourism_business_conditions",
        r"điều kiện kinh doanh|an ninh trật tự|an toàn và an ninh",
        "unbound",
        "Đăng ký, điều kiện kinh doanh, an ninh an toàn: là hồ sơ, nhưng các trường hợp của phiếu không ghi ai "
        "cung cấp dịch vụ nên quy tắc không chọn được trường hợp",
        "Registration, business and safety conditions: documents, but the sheet's cases do not say who provides the "
        "service, so no rule can pick the case",
    ),
    # the product story and what it carries
    _entry(
        "story",
        r"câu chuyện",
        "judgement",
        "Chất lượng câu chuyện sản phẩm: nội dung, cấu trúc và cách kể",
        "The quality of the product story: its content, structure and telling",
    ),
    _entry(
        "local_identity",
        r"trí tuệ|bản sắc",
        "judgement",
        "Mức độ sản phẩm thể hiện tri thức, bản sắc địa phương",
        "How far the product carries local know-how and identity",
    ),
    _entry(
        "idea_origin",
        r"nguồn gốc ý tưởng",
        "judgement",
        "Mức độ sáng tạo, cải tiến của ý tưởng sản phẩm so với sản phẩm sẵn có",
        "How novel or improved the product idea is against existing products",
    ),
    # design, packaging, label
    _entry(
        "design",
        r"tính độc đáo|kiểu dáng|thiết kế|mỹ thuật|thẩm mỹ|tinh xảo|hoa văn|tổng thể|yếu tố tích hợp|tạo hình",
        "judgement",
        "Tính độc đáo, thẩm mỹ và tay nghề của thiết kế sản phẩm",
        "Originality, aesthetics and craft of the product's design",
    ),
    _entry(
        "packaging",
        r"bao bì|bao gói|đóng gói",
        "judgement",
        "Thiết kế, chất liệu và tính hoàn thiện của bao bì",
        "Packaging design, material and finish",
    ),
    _entry(
        "label",
        r"nhãn",
        "judgement",
        "Nội dung, hình thức và phong cách của nhãn sản phẩm",
        "The label's content, presentation and style",
    ),
    # use value
    _entry(
        "efficacy",
        r"hiệu quả sử dụng|tác dụng không mong muốn|tính an toàn",
        "judgement",
        "Hiệu quả và độ an toàn khi sử dụng: hội đồng cân nhắc tài liệu nghiên cứu và minh chứng của người dùng",
        "Efficacy and safety in use: the council weighs studies and users' evidence",
    ),
    _entry(
        "use_value",
        r"tiện lợi|tính năng|tính thực tiễn|độ tin cậy|tuổi thọ|hướng dẫn sử dụng",
        "judgement",
        "Giá trị sử dụng (tiện lợi, tính năng, độ bền, hướng dẫn sử dụng): hội đồng nhận định",
        "Use value (convenience, features, durability, instructions for use): the council's assessment",
    ),
    _entry(
        "ingredient_quality",
        r"chất lượng của nguyên|nguyên iiệu",
        "judgement",
        "Chất lượng nguyên liệu, thành phần: hội đồng nhận định trên mẫu và hồ sơ",
        "Quality of the raw materials and components: judged on the sample and the dossier",
    ),
    # production and business
    _entry(
        "capacity",
        r"năng lực sản xuất",
        "judgement",
        "Quy mô sản xuất nhỏ/trung bình/lớn so với mức trung bình của cùng loại sản phẩm ở địa phương: "
        "hội đồng so sánh",
        "Production scale (small, medium, large) against the local average for the same product: the council compares",
    ),
    _entry(
        "processing_depth",
        r"gia tăng giá trị",
        "judgement",
        "Mức độ chế biến, công nghệ áp dụng (phân loại, sơ chế, chế biến, chế biến sâu, công nghệ cao): lời văn không "
        "định ranh giới giữa các mức; hội đồng phân loại theo hồ sơ",
        "Depth of processing and technology used (sorting, preliminary, processed, deep processing, high technology): "
        "the wording draws no line between the levels; the council classifies from the dossier",
    ),
    _entry(
        "promotion_counted",
        r"quảng bá|xúc tiến",
        "unbound",
        "Số hoạt động quảng bá (ngưỡng ghi bằng số), website, hội chợ trong/ngoài tỉnh, quốc tế: đếm được, chưa có dữ "
        "kiện trong danh mục",
        "Number of promotion activities (a numeric threshold), website, fairs in or beyond the province or abroad: "
        "countable, no catalogue fact yet",
        options=r"\d+ hoạt động",
    ),
    _entry(
        "promotion",
        r"quảng bá|xúc tiến|bộ nhận diện",
        "judgement",
        "Mức độ và phạm vi hoạt động quảng bá ('một số', 'nhiều' hoạt động: lời văn không có ngưỡng số)",
        "Extent and reach of promotion ('some', 'many' activities: the wording gives no number)",
    ),
    _entry(
        "export_potential",
        r"cơ hội thị trường",
        "judgement",
        "Tiềm năng xuất khẩu (khu vực, ngoài khu vực, thị trường tiêu chuẩn cao): đánh giá khả năng, không "
        "phải hợp đồng đã có",
        "Export potential (regional, wider, high-standard markets): an assessment of what is possible, not contracts "
        "held",
    ),
    _entry(
        "accounting",
        r"kế toán",
        "unbound",
        "Tổ chức kế toán (có kế toán thường xuyên, có hệ thống kế toán): là hồ sơ, chưa có dữ kiện trong danh mục",
        "Accounting (a regular accountant, an accounting system): documentary, no catalogue fact yet",
    ),
    _entry(
        "community_management",
        r"sự tham gia của cộng đồng",
        "unbound",
        "Tỷ lệ thành viên quản trị là người trong tỉnh, chủ hộ là người trong tỉnh: ngưỡng số, chưa có dữ kiện trong "
        "danh mục",
        "Share of senior managers from the province, a household head from the province: thresholds, no catalogue "
        "fact yet",
    ),
    _entry(
        "local_labour_income",
        r"lao động địa phương",
        "unbound",
        "Tỷ lệ lao động địa phương hoặc thu nhập bình quân so với chuẩn nông thôn mới: chưa có dữ kiện thu nhập, chưa "
        "gắn quy tắc",
        "Local labour share or average income against the new-rural standard: no income fact, not bound yet",
    ),
    _entry(
        "sustainable_energy",
        r"năng lượng, công nghệ thân thiện",
        "unbound",
        "Có/không sử dụng năng lượng sạch, tái tạo hoặc công nghệ thân thiện môi trường: là dữ kiện có/không; dữ kiện "
        "sustainable_technology gần nghĩa nhưng không nói về năng lượng, nên chưa gắn quy tắc",
        "Uses clean or renewable energy or environment-friendly technology, or not: a yes/no fact; the catalogue's "
        "sustainable_technology is close but says nothing of energy, so it is not bound",
    ),
    _entry(
        "environment",
        r"môi trường|năng lượng|công nghệ thân thiện",
        "judgement",
        "Bảo vệ môi trường, tiết kiệm năng lượng: lời văn xen hồ sơ với nhận định ('có quan tâm', "
        "'chưa theo quy định', 'mức độ áp dụng')",
        "Environment and energy: the wording mixes records with judgement ('shows concern', 'not yet as required', "
        "'extent of use')",
    ),
    _entry(
        "linkage_tightness",
        r"liên kết",
        "judgement",
        "Mức độ chặt chẽ của liên kết sản xuất ('chặt chẽ', 'không rõ ràng'): hội đồng nhận định trên các hợp đồng",
        "How tight the production linkage is ('tight', 'unclear'): judged on the contracts",
    ),
    # the sample itself (before the documents: "chỉ tiêu cảm quan (kiểm tra theo tiêu chuẩn công bố)")
    _entry(
        "sensory",
        r"cảm quan|màu|mùi|\bvị\b|thể chất|thế chất|tạp chất|ngoại hình|hình dạng|hình dang|hình dáng|kích thước"
        r"|đồng đều|độ chín|trạng thái|kết cấu|sắp đặt|tính đầy đủ",
        "judgement",
        "Đánh giá cảm quan, ngoại quan mẫu sản phẩm (màu, mùi, vị, hình dạng, độ sạch...) do hội đồng thực hiện",
        "Sensory and visual assessment of the product sample (colour, smell, taste, shape, cleanliness...) by the "
        "council",
    ),
    _entry(
        "quality_documents",
        r"công bố|đảm bảo chất lượng|kiểm tra định kỳ|an toàn thực phẩm|chất lượng an toàn|điều kiện đảm bảo"
        r"|chỉ tiêu attp",
        "unbound",
        "Hồ sơ công bố, chứng nhận, kiểm nghiệm: là tài liệu nắm giữ, nhưng lời văn của tiêu chí này chưa khớp mẫu quy "
        "tắc nào",
        "Declarations, certificates, test reports: documents held, but this criterion's wording fits no rule "
        "template yet",
    ),
    _entry(
        "distribution",
        r"khu vực phân phối|tổ chức phân phối",
        "unbound",
        "Khu vực, tổ chức phân phối: lời văn của phiếu này chưa khớp mẫu quy tắc",
        "Distribution area or organisation: this sheet's wording fits no rule template yet",
    ),
)

UNCLASSIFIED = JudgementReason(
    "unclassified",
    "unbound",
    "Chưa phân loại: lời văn của tiêu chí chưa có trong bảng lý do",
    "Not classified: the criterion's wording is not in the table of reasons",
)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def judgement_reason(title_vi: str, option_labels: Iterable[str] = ()) -> JudgementReason:
    """Why a person decides the criterion with this title and these option labels (``UNCLASSIFIED`` when the
    table has no entry)."""
    title, options = _norm(title_vi), _norm(" | ".join(option_labels))
    return next((e.reason for e in _TABLE if e.matches(title, options)), UNCLASSIFIED)
