"""The two cases of rural tourism criteria: community services or a single site, chosen by a fact.

Sheets 148/26 and 2026/26 score business conditions (C8) and safety (C9) in one of two cases,
"Trường hợp 1: (Dịch vụ du lịch do) cộng đồng (cung cấp)" or "Trường hợp 2: Điểm dịch vụ du
lịch / Dịch vụ du lịch do tổ chức, cá nhân cung cấp".  The fact ``tourism_provider`` picks the
case; the option within it is derived only where the sheet's wording rests on documents (business
registration, eligibility certificates, recognition, safety conditions, training records).  Each
option's condition excludes the options above it, so a missing fact leaves the criterion to the
council rather than settling it low.  Single-case criteria whose wording is a count, a share or a
recognition (promotion agents B4.a/B4.1, the new-rural commune B5.c/B5.3, trained staff C12/C13) are
derived on every regime from the plugin's facts, as are the tours linked with other sites (B4.b/B4.2) and
the promotion and sales organisation (B4.c/B4.3).  Every rule quotes the words of its option; a rule
whose words the sheet does not print is not made (an amended wording drops the rule, never the sheet).
Amenities (C15) are left to the council: their top options
rest on guests' ratings.  Sheet 1048/26's cases are left alone: they carry no label saying who
provides the service (and its A3.2 cases mean organisation vs household, not community vs site).
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring_core.plugins import (
    All,
    Any_,
    Compare,
    Criterion,
    FactRule,
    Op,
    Option,
    Sheet,
    all_of,
    any_of,
    fact,
    normalise,
    quoted,
)

from .facts import (
    AGENTS_IN_AND_OUT,
    CERTIFIED_PCT,
    CONDITIONS_MET,
    FOREIGN_LANGUAGE,
    NEW_RURAL,
    PROMOTION_AGENTS,
    PROVIDER,
    REGISTERED,
    SAFE_PCT,
    SAFETY_MET,
    SALES_ORGANISATION,
    SITE_RECOGNISED,
    STAFF_TRAINING,
    STANDARD_FACILITY,
    TOUR_LINKS,
    TRAINED_PCT,
)

Cond = Compare | All | Any_
PLUGIN = "rural_tourism"

#: What a branch label says for each provider (lower case): the case is found from the sheet's own words.
PROVIDER_LABELS: dict[str, tuple[str, ...]] = {
    "community": ("cộng đồng",),
    "site": ("điểm dịch vụ du lịch", "tổ chức, cá nhân"),
}


def _yes(name: str) -> Compare:
    return fact(name, "eq", True)


def _no(name: str) -> Compare:
    return fact(name, "eq", False)


def _share(name: str, low: tuple[Op, float] | None, high: tuple[Op, float] | None) -> Cond:
    parts = [fact(name, *bound) for bound in (low, high) if bound is not None]
    return parts[0] if len(parts) == 1 else all_of(*parts)


@dataclass(frozen=True)
class Worded:
    """An option's condition and the words it implements: the first of ``quotes`` the label prints is quoted."""

    quotes: tuple[str, ...]
    when: Cond

    def quote_in(self, option: Option) -> str | None:
        """The quote this option's label prints, or None (then no rule is made)."""
        return next((normalise(q) for q in self.quotes if quoted(q, option.label_vi)), None)


def w(*quotes_then_condition: str | Cond) -> Worded:
    """``w("quote", ["other wording", ...] condition)``: the condition last."""
    *quotes, when = quotes_then_condition
    assert all(isinstance(q, str) for q in quotes) and not isinstance(when, str)
    return Worded(tuple(quotes), when)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CaseRules:
    """One two-case criterion: a phrase of its title (a guard) and, per provider, option -> worded condition."""

    title: str
    options: dict[str, dict[int, Worded]]


@dataclass(frozen=True)
class PlainRules:
    """A criterion without cases: a phrase of its title (a guard) and option -> worded condition."""

    title: str
    options: dict[int, Worded]


def _licensed(*more: Cond) -> All:
    return all_of(_yes(REGISTERED), _yes(CONDITIONS_MET), *more)


def _safety(trained: bool) -> All:
    return all_of(_yes(SAFETY_MET), _yes(STAFF_TRAINING) if trained else _no(STAFF_TRAINING))


CASE_RULES: dict[tuple[str, str], CaseRules] = {
    # 2026/26 C8: (1) "đáp ứng đủ yêu cầu về đăng ký kinh doanh và điều kiện kinh doanh"; (2) "... và có cơ
    # sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch theo Luật Du lịch" (a site: "... và
    # được công nhận điểm du lịch hoặc có cơ sở ... đạt tiêu chuẩn ...").
    ("2026", "C8"): CaseRules(
        "điều kiện kinh doanh",
        {
            "community": {
                1: w(
                    "Các cơ sở cung cấp dịch vụ đáp ứng đủ yêu cầu về đăng ký kinh doanh và điều kiện kinh doanh",
                    _licensed(_no(STANDARD_FACILITY)),
                ),
                2: w(
                    "có cơ sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch",
                    _licensed(_yes(STANDARD_FACILITY)),
                ),
            },
            "site": {
                1: w(
                    "Đáp ứng đủ điều kiện về đăng ký kinh doanh và điều kiện kinh doanh",
                    _licensed(_no(STANDARD_FACILITY), _no(SITE_RECOGNISED)),
                ),
                2: w(
                    "được công nhận điểm du lịch hoặc có cơ sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn",
                    _licensed(any_of(_yes(STANDARD_FACILITY), _yes(SITE_RECOGNISED))),
                ),
            },
        },
    ),
    # 2026/26 C9: (1) "đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng cháy và chữa cháy, bảo vệ môi
    # trường, an toàn thực phẩm"; (2) "... và có thực hiện hướng dẫn, tập huấn thường xuyên/định kỳ cho nhân viên".
    ("2026", "C9"): CaseRules(
        "an ninh trật tự",
        {
            "community": {
                1: w("đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng cháy và chữa cháy", _safety(False)),
                2: w("có thực hiện hướng dẫn, tập huấn thường xuyên/định kỳ cho nhân viên", _safety(True)),
            },
            "site": {
                1: w("Đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng cháy và chữa cháy", _safety(False)),
                2: w("có thực hiện hướng dẫn, tập huấn thường xuyên/định kỳ cho nhân viên", _safety(True)),
            },
        },
    ),
    # 148/26 C8, community: "Dưới 50%" / "từ 50% đến dưới 75%" / "trên 75%" of the service facilities
    # certified eligible ("dưới 50%" read as everywhere: below 50, 0% included; exactly 75% is not worded:
    # left to the council); site: (1) "Có đăng ký kinh doanh dịch vụ du lịch"; (2) "Có đăng ký kinh doanh và
    # đáp ứng đủ điều kiện kinh doanh"; (3) "..., đáp ứng đủ điều kiện kinh doanh và được công nhận cơ sở kinh
    # doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch".
    ("148", "C8"): CaseRules(
        "điều kiện kinh doanh",
        {
            "community": {
                1: w(
                    "Dưới 50% cơ sở dịch vụ được cấp chứng nhận đủ điều kiện kinh doanh",
                    _share(CERTIFIED_PCT, None, ("lt", 50)),
                ),
                2: w(
                    "Có từ 50% đến dưới 75% cơ sở dịch vụ được chứng nhận đủ điều kiện kinh doanh",
                    _share(CERTIFIED_PCT, ("gte", 50), ("lt", 75)),
                ),
                3: w(
                    "Có trên 75% cơ sở dịch vụ được cấp chứng nhận đủ điều kiện kinh doanh",
                    _share(CERTIFIED_PCT, ("gt", 75), None),
                ),
            },
            "site": {
                1: w("Có đăng ký kinh doanh dịch vụ du lịch", all_of(_yes(REGISTERED), _no(CONDITIONS_MET))),
                2: w(
                    "Có đăng ký kinh doanh và đáp ứng đủ điều kiện kinh doanh",
                    _licensed(_no(STANDARD_FACILITY)),
                ),
                3: w(
                    "được công nhận cơ sở kinh doanh dịch vụ du lịch đạt tiêu chuẩn phục vụ khách du lịch",
                    _licensed(_yes(STANDARD_FACILITY)),
                ),
            },
        },
    ),
    # 148/26 C9, community: "Có ít nhất 75%" / "Có 100% số cơ sở kinh doanh dịch vụ đáp ứng điều kiện về an
    # ninh, trật tự, ..."; site: as 2026 C9 (conditions met, and staff trained regularly).
    ("148", "C9"): CaseRules(
        "an ninh trật tự",
        {
            "community": {
                1: w(
                    "Có ít nhất 75% số cơ sở kinh doanh dịch vụ đáp ứng điều kiện",
                    _share(SAFE_PCT, ("gte", 75), ("lt", 100)),
                ),
                2: w("Có 100% số cơ sở kinh doanh dịch vụ đáp ứng điều kiện", _share(SAFE_PCT, ("gte", 100), None)),
            },
            "site": {
                1: w("Đáp ứng điều kiện về an ninh, trật tự, an toàn về phòng cháy và chữa cháy", _safety(False)),
                2: w("có thực hiện hướng dẫn, tập huấn thường xuyên/định kỳ cho nhân viên", _safety(True)),
            },
        },
    ),
}

#: Single-case criteria of every regime, by a phrase of the title (lower case).
PLAIN_RULES: list[PlainRules] = [
    # B4.a/B4.1 "Liên kết chuỗi giá trị trong quảng bá sản phẩm (du lịch)": (1) "Có đại diện/đại lý quảng bá
    # sản phẩm"; (2) "Có ≥ 3 ... trong và ngoài tỉnh"; (3) "Có ≥ 5 ... trong và ngoài tỉnh".  Agents all in
    # one province side are option 1 however many.
    PlainRules(
        "liên kết chuỗi giá trị trong quảng bá sản phẩm",
        {
            1: w(
                "Có đại diện/đại lý quảng bá sản phẩm",
                all_of(
                    fact(PROMOTION_AGENTS, "gte", 1),
                    any_of(fact(PROMOTION_AGENTS, "lt", 3), _no(AGENTS_IN_AND_OUT)),
                ),
            ),
            2: w(
                "Có ≥ 3 đại diện/đại lý quảng bá sản phẩm trong và ngoài tỉnh",
                all_of(_share(PROMOTION_AGENTS, ("gte", 3), ("lt", 5)), _yes(AGENTS_IN_AND_OUT)),
            ),
            3: w(
                "Có ≥ 5 đại diện/đại lý quảng bá sản phẩm trong và ngoài tỉnh",
                all_of(fact(PROMOTION_AGENTS, "gte", 5), _yes(AGENTS_IN_AND_OUT)),
            ),
        },
    ),
    # B4.b/B4.2 "Liên kết vùng và chuỗi giá trị ...": links with other sites "trong tỉnh" / "trong và ngoài tỉnh" /
    # "trong, ngoài tỉnh và quốc tế" to form tours.
    PlainRules(
        "liên kết vùng và chuỗi giá trị",
        {
            1: w("Có liên kết với các điểm dịch vụ du lịch khác trong tỉnh", fact(TOUR_LINKS, "eq", "province")),
            2: w(
                "Có liên kết với các điểm dịch vụ du lịch khác trong và ngoài tỉnh", fact(TOUR_LINKS, "eq", "national")
            ),
            3: w(
                "Có liên kết với các điểm dịch vụ du lịch khác trong, ngoài tỉnh và quốc tế",
                fact(TOUR_LINKS, "eq", "international"),
            ),
        },
    ),
    # B4.c/B4.3 "Tổ chức quảng bá, bán hàng": (1) "Có người chịu trách nhiệm quản lý quảng bá, bán hàng" (a
    # department without IT has its people in charge: it meets this); (2) "Có bộ phận/phòng ..., có ứng dụng
    # công nghệ thông tin trong quản lý/bán hàng".
    PlainRules(
        "tổ chức quảng bá, bán hàng",
        {
            1: w(
                "Có người chịu trách nhiệm quản lý quảng bá, bán hàng",
                "Có người chịu trách nhiệm quản lý quảng bá, phân phối sản phẩm du lịch",
                fact(SALES_ORGANISATION, "in", ["person", "department"]),
            ),
            2: w(
                "có ứng dụng công nghệ thông tin trong quản lý/bán hàng",
                "có ứng dụng công nghệ thông tin trong quản lý/phân phối sản phẩm du lịch",
                fact(SALES_ORGANISATION, "eq", "department_it"),
            ),
        },
    ),
    # B5.c/B5.3 "... trên địa bàn đạt chuẩn nông thôn mới": (1) "chưa được công nhận đạt chuẩn nông thôn mới
    # hoặc không thuộc khu vực nông thôn"; (2) "đã được công nhận đạt chuẩn nông thôn mới".
    PlainRules(
        "đạt chuẩn nông thôn mới",
        {
            1: w("chưa được công nhận đạt chuẩn nông thôn mới hoặc không thuộc khu vực nông thôn", _no(NEW_RURAL)),
            2: w("đã được công nhận đạt chuẩn nông thôn mới", _yes(NEW_RURAL)),
        },
    ),
    # C12/C13 "Quản lý và nhân viên": (1) "Có dưới 50%"; (2) "Có từ 50 - 75%" / "Có từ 50% đến 75%" (75
    # included); (3) "Trên 75% ...; có nhân viên tiếp đón thành thạo ít nhất 1 ngoại ngữ".  Above 75% without a
    # foreign language fits no option's words: left to the council.
    PlainRules(
        "quản lý và nhân viên",
        {
            1: w("Có dưới 50% lao động tham gia quản lý và nhân viên", fact(TRAINED_PCT, "lt", 50)),
            2: w(
                "Có từ 50 - 75% lao động tham gia quản lý và nhân viên",
                "Có từ 50% đến 75% lao động tham gia quản lý và nhân viên",
                _share(TRAINED_PCT, ("gte", 50), ("lte", 75)),
            ),
            3: w(
                "Trên 75% lao động tham gia quản lý và nhân viên",
                all_of(fact(TRAINED_PCT, "gt", 75), _yes(FOREIGN_LANGUAGE)),
            ),
        },
    ),
]


def case_of(criterion: Criterion, provider: str) -> int | None:
    """The case whose label names this provider, when exactly one does."""
    words = PROVIDER_LABELS[provider]
    cases = [b.case for b in criterion.branches or [] if any(w in b.label_vi.casefold() for w in words)]
    return cases[0] if len(cases) == 1 else None


def _rule(criterion: Criterion, case: int | None, n: int, worded: Worded, guard: Cond | None) -> FactRule | None:
    option = criterion.option(case, n)
    quote = worded.quote_in(option) if option is not None else None
    if quote is None:
        return None
    return FactRule(
        name=f"{criterion.id}#{case or 0}/{n}:{PLUGIN}",
        criterion=criterion.id,
        case=case,
        option=n,
        when=worded.when if guard is None else all_of(guard, worded.when),
        origin=f"plugin:{PLUGIN}",
        quote=quote,
    )


def case_rules(sheet: Sheet) -> list[FactRule]:
    """The plugin's rules for one sheet: provider -> case, documents -> option; counts and shares -> option."""
    rules: list[FactRule | None] = []
    for (regime, cid), spec in CASE_RULES.items():
        criterion = sheet.criteria_by_id.get(cid)
        if sheet.regime != regime or criterion is None or spec.title not in criterion.title_vi.casefold():
            continue
        cases = {provider: case_of(criterion, provider) for provider in spec.options}
        if None in cases.values() or len(set(cases.values())) != len(cases):
            continue
        for provider, options in spec.options.items():
            for n, worded in options.items():
                rules.append(_rule(criterion, cases[provider], n, worded, fact(PROVIDER, "eq", provider)))
    for _, _, criterion in sheet.criteria():
        plain = [p for p in PLAIN_RULES if p.title in criterion.title_vi.casefold()]
        if len(plain) != 1 or criterion.branches is not None:
            continue
        for n, worded in plain[0].options.items():
            rules.append(_rule(criterion, None, n, worded, None))
    return [r for r in rules if r is not None]
