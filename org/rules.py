"""Staffing thresholds of the standard, as data. One row per rule; ``measures.py`` names the predicates.

Each row: the org kind it applies to, the measure it reads (a registered function of a unit's counts),
the limit (``min`` or ``max``, "以上/以下" include the number itself — 规范001 第一百二十五条), an
optional ``when`` condition (also a registered measure, the rule applies when it is truthy), and how an
ambiguous article was read. ``org.checks`` rejects a malformed row at start-up.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class StaffingRule:
    code: str
    title: str
    source: str
    applies_to: str  # OrgUnitKind value
    measure: str
    min: Decimal | None = None
    max: Decimal | None = None
    when: str | None = None
    params: dict = field(default_factory=dict)
    unit: str = ""  # how the value is shown: "%" for a share, "" for a count
    reading: str = ""


STAFFING_RULES: tuple[StaffingRule, ...] = (
    StaffingRule(
        code="art5_community_officer_share",
        title="社区民警占派出所警力比应在40%以上",
        source="规范001 第五条",
        applies_to="station",
        when="has_two_teams_one_room",
        measure="community_officer_share",
        min=Decimal("0.40"),
        unit="%",
        reading="警力 = 在岗民警（社区民警、所领导、其他民警），不含辅警；只对已设“两队一室”的派出所计算。",
    ),
    StaffingRule(
        code="art5_all_police_on_beats",
        title="未设“两队一室”的派出所，所有民警应包联警务区（社区民警全员化）",
        source="规范001 第五条",
        applies_to="station",
        when="lacks_two_teams_one_room",
        measure="police_not_on_beat",
        max=Decimal("0"),
        reading="“包联”按人员所属单位判断：所属单位为警务区或其下单位即为包联；所领导不计。",
    ),
    StaffingRule(
        code="art23_two_teams_one_room_due",
        title="民警25名以上，或15名以上且辅警充足的派出所，应设置“两队一室”",
        source="规范001 第二十三条",
        applies_to="station",
        when="lacks_two_teams_one_room",
        measure="two_teams_one_room_due",
        max=Decimal("0"),
        params={"police_min": 25, "police_min_with_auxiliaries": 15, "auxiliaries_per_police": Decimal("1")},
        reading="“辅警力量充足”的标准条文未量化，按辅警（含警务助理）人数不少于民警人数认定，可在此调整。",
    ),
    StaffingRule(
        code="art7_residents_per_officer",
        title="社区民警以每人负责实有人口五千人左右为宜",
        source="规范001 第七条",
        applies_to="beat",
        measure="residents_per_community_officer",
        max=Decimal("6000"),
        reading="“五千人左右”按上浮20%即6000人为预警线；警务区无社区民警而有人口时同样预警。",
    ),
    StaffingRule(
        code="art8_beat_has_officer",
        title="每个警务区至少配备一名社区民警（一区一警）",
        source="规范001 第八条、第九条",
        applies_to="beat",
        measure="community_officer_count",
        min=Decimal("1"),
    ),
    StaffingRule(
        code="art10_auxiliary_per_community",
        title="按“一村(格)一警”配齐辅警或警务助理",
        source="规范001 第十条",
        applies_to="beat",
        measure="auxiliary_shortfall",
        max=Decimal("0"),
        reading="按警务区内社区/行政村个数计，辅警与警务助理人数不少于社区/行政村个数。",
    ),
    StaffingRule(
        code="art13_security_committee_size",
        title="每个治保会不少于三人",
        source="规范001 第十三条",
        applies_to="community",
        measure="security_committee_members",
        min=Decimal("3"),
        reading="每个社区/行政村按一个治保会计，成员为所属该社区（含其网格）的治保会成员。",
    ),
    StaffingRule(
        code="art20_beat_has_police_post",
        title="每个警务区设置一个社区警务室",
        source="规范001 第二十条",
        applies_to="beat",
        measure="police_post_count",
        min=Decimal("1"),
    ),
)
