"""规范000 §4.1 (1+2+2+N), §4.2.4 (station account) and §7.2.1 (单位-姓名-电话号码) on fixed groups: pure
functions, no database."""

import pytest

from online_groups.compliance import (
    VIOLATION,
    WARNING,
    MemberFacts,
    StaffFacts,
    check,
    composition_findings,
    nickname_findings,
    parse_nickname,
)

pytestmark = pytest.mark.fast

UNITS = ("枫桥第1警务区", "枫桥派出所", "江枫市公安局枫桥分局", "江枫市公安局")
OFFICER = StaffFacts(name="张建国", phones=("13800001111", "0512-66010001"), units=UNITS)
STATION = StaffFacts(name="李强", phones=("13800002222",), units=UNITS[1:])
BUREAU = StaffFacts(name="陈立新", phones=("13951400021",), units=UNITS[2:])
AUX1 = StaffFacts(name="王芳", phones=("13800003333",), units=UNITS)
AUX2 = StaffFacts(name="赵磊", phones=("13800004444",), units=UNITS)
GRID = StaffFacts(name="孙丽", phones=("13800005555",), units=("枫桥社区第1网格", *UNITS))


def m(role, staff=None, nickname="", label=None, station=False):
    return MemberFacts(label=label or nickname or role, role=role, nickname=nickname, staff=staff,
                       is_station_account=station)  # fmt: skip


def compliant():
    return [
        m("community_officer", OFFICER, "枫桥派出所-张建国-13800001111"),
        m("station_police", STATION, "枫桥派出所-李强-13800002222"),
        m("bureau_police", BUREAU, "枫桥分局-陈立新-13951400021"),
        m("auxiliary", AUX1, "枫桥第1警务区-王芳-13800003333"),
        m("auxiliary", AUX2, "枫桥派出所-赵磊-13800004444"),
        m("grid_worker", GRID, "枫桥社区第1网格-孙丽-13800005555"),
        m("station_account", None, "枫桥派出所", station=True),
        m("resident", None, "老王"),
        m("resident", None, ""),
    ]


def codes(findings, level=None):
    return sorted(f.code for f in findings if level is None or f.level == level)


def test_a_compliant_group_has_no_findings():
    result = check(compliant(), station_account="station-01")
    assert result.findings == []
    assert result.composition_ok and result.nickname_ok


def test_art4_1_one_auxiliary_is_a_violation_citing_the_clause():
    members = [x for x in compliant() if x.staff is not AUX2]
    found = composition_findings(members, station_account="station-01")
    assert [(f.level, f.code, f.message) for f in found] == [
        (
            VIOLATION,
            "composition_auxiliary",
            "社区专职辅警仅1名，应为2名（规范000 §4.1“2”：每个群组内有2名社区专职辅警）",
        )
    ]


def test_art4_1_missing_officer_auxiliaries_station_and_bureau_police_and_station_account():
    members = [m("resident", None, "老王")]
    found = composition_findings(members, station_account="", has_specialist=False)
    assert codes(found, VIOLATION) == [
        "composition_auxiliary",
        "composition_bureau_police",
        "composition_community_officer",
        "composition_station_account",
        "composition_station_police",
    ]
    assert codes(found, WARNING) == ["composition_helpers", "composition_specialist"]
    messages = {f.code: f.message for f in found}
    assert messages["composition_community_officer"] == "缺少社区民警（规范000 §4.1“1”：每个群组内有1名社区民警）"
    assert messages["composition_auxiliary"] == "缺少社区专职辅警（规范000 §4.1“2”：每个群组内有2名社区专职辅警）"
    assert messages["composition_station_account"].startswith("未登记本所企业微信账号（规范000 §4.2.4")


def test_art4_2_4_station_account_registered_but_not_in_the_group():
    members = [x for x in compliant() if not x.is_station_account]
    found = composition_findings(members, station_account="station-01")
    assert codes(found) == ["composition_station_account"]
    assert "本所企业微信账号未在群内" in found[0].message


def test_a_police_role_without_a_staff_record_is_not_counted():
    members = [m("community_officer", None, "枫桥派出所-张建国-13800001111"), *compliant()[1:]]
    result = check(members, station_account="station-01")
    assert codes(result.findings, VIOLATION) == ["composition_community_officer", "nickname_unmatched"]
    assert codes(result.findings, WARNING) == ["composition_unmatched"]


@pytest.mark.parametrize(
    "text",
    [
        "枫桥派出所-张建国-13800001111",
        "枫桥派出所－张建国－13800001111",  # full-width hyphen
        "枫桥派出所—张建国—138 0000 1111",  # em dash, spaces in the number
        "枫桥派出所 – 张建国 – 13800001111",  # en dash with spaces
        "枫桥派出所 张建国 13800001111",  # spaces only
        "枫桥派出所-张建国-0512-66010001",  # a landline with its area code: the published official phone
        "江枫市公安局枫桥分局枫桥派出所-张 建国-13800001111",  # the full unit name; a space inside the name
        "枫桥第1警务区-张建国-(0512)66010001",
    ],
)
def test_art7_2_1_nickname_parsing_is_lenient(text):
    member = m("community_officer", OFFICER, text)
    assert nickname_findings(member) == []


def test_art7_2_1_parse_keeps_the_landline_whole():
    parsed = parse_nickname("枫桥派出所－李强－0512－66010001")
    assert (parsed.unit, parsed.name, parsed.phone) == ("枫桥派出所", "李强", "051266010001")
    assert parse_nickname("李强") is None
    assert parse_nickname("枫桥派出所-李强") is None
    assert parse_nickname("枫桥派出所-李强-电话待补") is None


def test_art7_2_1_empty_nickname_of_police_is_a_violation_residents_exempt():
    found = nickname_findings(m("auxiliary", AUX1, "", label="王芳"))
    assert [(f.level, f.code, f.message) for f in found] == [
        (VIOLATION, "nickname_empty", "王芳：群昵称为空，应为“单位-姓名-电话号码”（规范000 §7.2.1）")
    ]
    assert nickname_findings(m("resident", None, "")) == []
    assert nickname_findings(m("resident", None, "随便起的名字")) == []
    assert nickname_findings(m("station_account", None, "", station=True)) == []


def test_art7_2_1_unit_name_and_phone_must_match_the_staff_record():
    found = nickname_findings(m("community_officer", OFFICER, "运河派出所-张建军-13800009999"))
    assert codes(found) == ["nickname_name", "nickname_phone", "nickname_unit"]
    assert all(f.level == VIOLATION for f in found)
    by_code = {f.code: f.message for f in found}
    assert (
        by_code["nickname_name"]
        == "运河派出所-张建军-13800009999：昵称中的姓名“张建军”与人员信息“张建国”不符（规范000 §7.2.1）"
    )


def test_art7_2_1_grid_workers_and_volunteers_are_only_warned():
    found = nickname_findings(m("grid_worker", GRID, "孙丽"))
    assert [(f.level, f.code) for f in found] == [(WARNING, "nickname_format")]
    found = nickname_findings(m("volunteer", None, ""))
    assert [(f.level, f.code) for f in found] == [(WARNING, "nickname_empty")]
    members = [*compliant(), m("volunteer", None, "")]
    result = check(members, station_account="station-01")
    assert result.nickname_ok and result.composition_ok  # warnings do not make a group non-compliant


def test_a_bad_nickname_makes_the_group_nickname_non_compliant_only():
    members = compliant()
    members[0] = m("community_officer", OFFICER, "枫桥派出所-张建国-13800000000")
    result = check(members, station_account="station-01")
    assert result.composition_ok and not result.nickname_ok
    assert codes(result.findings) == ["nickname_phone"]
