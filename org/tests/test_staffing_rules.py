"""Staffing warnings computed from the data (规范001 第五条、第七条、第八条、第十条、第十三条、第二十条、第二十三条)."""

import pytest
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_role_assign
from org import rules
from org.models import OrgUnitKind, StaffKind
from org.selectors import staffing_warnings
from org.services import org_unit_create, staff_create

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


@pytest.fixture
def city():
    return org_unit_create(acting_user=None, kind=OrgUnitKind.CITY_BUREAU, name="测试市公安局", code="T")


@pytest.fixture
def viewer(city):
    user = User.objects.create_user(username="t_control", password="x")
    user_role_assign(acting_user=None, user=user, role=Role.CONTROL_CENTRE, org_unit=city)
    return user


def station(city, code, *, two_teams=False):
    return org_unit_create(
        acting_user=None,
        kind=OrgUnitKind.STATION,
        name=f"{code}派出所",
        code=code,
        parent=city,
        has_two_teams_one_room=two_teams,
    )


def beat(parent, code, *, population=0, post=True, communities=0):
    b = org_unit_create(acting_user=None, kind=OrgUnitKind.BEAT, name=f"{code}警务区", code=code, parent=parent)
    for i in range(communities):
        org_unit_create(
            acting_user=None,
            kind=OrgUnitKind.COMMUNITY,
            name=f"{code}社区{i}",
            code=f"{code}C{i}",
            parent=b,
            population=population // max(communities, 1),
        )
    if post:
        org_unit_create(acting_user=None, kind=OrgUnitKind.POLICE_POST, name=f"{code}警务室", code=f"{code}P", parent=b)
    return b


def add(kind, unit, n=1):
    for i in range(n):
        staff_create(acting_user=None, name="测试" + "甲乙丙丁戊己庚辛壬癸"[i % 10], kind=kind, org_unit=unit)


def codes(user, unit):
    return {(w.rule.code, w.unit.code) for w in staffing_warnings(user=user, within=unit)}


def test_art5_community_officers_at_least_40_percent_with_two_teams_one_room(city, viewer):
    s = station(city, "S1", two_teams=True)
    b = beat(s, "S1B1")
    add(StaffKind.COMMUNITY_OFFICER, b, 4)
    add(StaffKind.OTHER_POLICE, s, 6)  # 4 / 10 = 40 % — "以上" includes the number (第一百二十五条)
    assert ("art5_community_officer_share", "S1") not in codes(viewer, s)
    add(StaffKind.OTHER_POLICE, s, 1)  # 4 / 11 = 36.4 %
    [warning] = [w for w in staffing_warnings(user=viewer, within=s) if w.rule.code == "art5_community_officer_share"]
    assert warning.shown_value == "36.4%" and warning.shown_limit == "≥40%" and warning.rule.source == "规范001 第五条"


def test_art5_without_two_teams_every_police_officer_covers_a_beat(city, viewer):
    s = station(city, "S2")
    b = beat(s, "S2B1")
    add(StaffKind.COMMUNITY_OFFICER, b, 1)
    add(StaffKind.STATION_LEAD, s, 1)  # the lead is not counted
    assert ("art5_all_police_on_beats", "S2") not in codes(viewer, s)
    add(StaffKind.OTHER_POLICE, s, 2)
    assert ("art5_all_police_on_beats", "S2") in codes(viewer, s)


def test_art23_two_teams_one_room_due_from_25_police_or_15_with_enough_auxiliaries(city, viewer):
    s = station(city, "S3")
    b = beat(s, "S3B1")
    add(StaffKind.COMMUNITY_OFFICER, b, 14)
    add(StaffKind.AUXILIARY, b, 20)
    assert ("art23_two_teams_one_room_due", "S3") not in codes(viewer, s)  # 14 police: below 15
    add(StaffKind.COMMUNITY_OFFICER, b, 1)  # 15 police, 20 auxiliaries ≥ 15
    assert ("art23_two_teams_one_room_due", "S3") in codes(viewer, s)
    s.has_two_teams_one_room = True
    s.save()
    assert ("art23_two_teams_one_room_due", "S3") not in codes(viewer, s)


def test_art23_twenty_five_police_need_two_teams_one_room_whatever_the_auxiliaries(city, viewer):
    s = station(city, "S4")
    b = beat(s, "S4B1")
    add(StaffKind.COMMUNITY_OFFICER, b, 24)
    assert ("art23_two_teams_one_room_due", "S4") not in codes(viewer, s)
    add(StaffKind.COMMUNITY_OFFICER, b, 1)
    assert ("art23_two_teams_one_room_due", "S4") in codes(viewer, s)


def test_art7_about_5000_residents_per_officer(city, viewer):
    s = station(city, "S5")
    b = beat(s, "S5B1", population=12000, communities=2)
    add(StaffKind.COMMUNITY_OFFICER, b, 2)  # 6000 each: at the line
    add(StaffKind.AUXILIARY, b, 2)
    assert ("art7_residents_per_officer", "S5B1") not in codes(viewer, s)
    b2 = beat(s, "S5B2", population=12002, communities=2)
    add(StaffKind.COMMUNITY_OFFICER, b2, 2)
    add(StaffKind.AUXILIARY, b2, 2)
    assert ("art7_residents_per_officer", "S5B2") in codes(viewer, s)


def test_art8_art20_art10_beat_needs_officer_post_and_auxiliaries(city, viewer):
    s = station(city, "S6")
    b = beat(s, "S6B1", post=False, communities=2, population=100)
    found = codes(viewer, s)
    assert {
        ("art8_beat_has_officer", "S6B1"),
        ("art20_beat_has_police_post", "S6B1"),
        ("art10_auxiliary_per_community", "S6B1"),
    } <= found
    add(StaffKind.AUXILIARY, b, 1)
    add(StaffKind.POLICE_ASSISTANT, b, 1)
    assert ("art10_auxiliary_per_community", "S6B1") not in codes(viewer, s)


def test_art13_security_committee_at_least_three(city, viewer):
    s = station(city, "S7")
    b = beat(s, "S7B1", communities=1)
    community = b.children.get(kind=OrgUnitKind.COMMUNITY)
    add(StaffKind.SECURITY_COMMITTEE, community, 2)
    assert ("art13_security_committee_size", community.code) in codes(viewer, s)
    add(StaffKind.SECURITY_COMMITTEE, community, 1)
    assert ("art13_security_committee_size", community.code) not in codes(viewer, s)


def test_demo_district_shows_warnings_on_the_page(login, client):
    login("lead")
    response = client.get("/org/staffing/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "社区民警占派出所警力比应在40%以上" in body and "规范001 第五条" in body
    assert "每个治保会不少于三人" in body
    login("officer")
    assert client.get("/org/staffing/").status_code == 403


def test_every_rule_cites_its_article_and_checks_pass():
    assert all(r.source.startswith("规范001 第") for r in rules.STAFFING_RULES)
    assert [e for e in checks.run_checks() if e.id.startswith("org.")] == []


def test_system_check_rejects_a_bad_rule_row(monkeypatch):
    bad = rules.StaffingRule(code="bad", title="x", source="nowhere", applies_to="planet", measure="nope")
    monkeypatch.setattr("org.checks.STAFFING_RULES", (*rules.STAFFING_RULES, bad))
    ids = {e.id for e in checks.run_checks() if e.id.startswith("org.")}
    assert ids == {"org.E002", "org.E003", "org.E004", "org.E005"}


def _page_queries(client, path="/org/staffing/") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_staffing_page_queries_do_not_grow_with_the_number_of_units(city, viewer, client):
    """Issue 11: a whole city has ~3 250 units; the figures are rolled up in a fixed number of queries."""
    client.force_login(viewer)
    s = station(city, "Q1")
    for i in range(2):
        b = beat(s, f"Q1B{i}", population=9000, communities=2)
        add(StaffKind.COMMUNITY_OFFICER, b, 1)
    few, body = _page_queries(client)
    assert body.count("社区民警以每人负责实有人口五千人左右为宜") >= 3  # the summary, 2 rows and the rules
    for i in range(2, 8):
        b = beat(s, f"Q1B{i}", population=9000, communities=2)
        add(StaffKind.COMMUNITY_OFFICER, b, 1)
    add(StaffKind.OTHER_POLICE, station(city, "Q2"), 2)
    many, _ = _page_queries(client)
    assert many == few
    assert len(codes(viewer, city)) > 8


def test_staffing_page_groups_by_rule_and_pages(city, viewer, client, monkeypatch):
    monkeypatch.setattr("web.views.org.STAFFING_PAGE_SIZE", 2)
    client.force_login(viewer)
    s = station(city, "P1")
    for i in range(3):
        beat(s, f"P1B{i}", population=9000, communities=1)  # no officer: art7 and art8 warn on each beat
    warnings = staffing_warnings(user=viewer)
    art7 = [w for w in warnings if w.rule.code == "art7_residents_per_officer"]
    assert len(art7) == 3 and art7[0].shown_value == "9000"
    _, body = _page_queries(client, "/org/staffing/?rule=art7_residents_per_officer")
    assert "第 1 / 2 页，共 3 条" in body and "P1B0警务区" in body and "P1B2警务区" not in body
    _, body = _page_queries(client, "/org/staffing/?rule=art7_residents_per_officer&page=2")
    assert "P1B2警务区" in body and "P1B0警务区" not in body
    _, body = _page_queries(client)
    assert f'<strong>全部预警</strong></td><td class="text-end">{len(warnings)}</td>' in body
