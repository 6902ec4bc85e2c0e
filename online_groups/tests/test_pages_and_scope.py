"""The 云格 pages and API: the officer's phone page logs and acknowledges, the group page shows members and
violations, lists filter and export; another station's groups and requests answer 404 and never appear."""

import pytest

from audit.models import AccessRecord
from online_groups.models import Broadcast, OnlineGroup, OnlineRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_groups():
    return {g.chat_id: g for g in OnlineGroup.objects.filter(chat_id__startswith="wr-demo-")}


def test_group_list_badges_filters_and_export(login, client, demo_groups):
    login("officer")
    page = client.get("/online-groups/").content.decode()
    assert "江枫社区平安群" in page and "配置不全" in page and "昵称不规范" in page
    only_bad = client.get("/online-groups/?compliance=composition").content.decode()
    assert demo_groups["wr-demo-2"].name in only_bad and demo_groups["wr-demo-1"].name not in only_bad
    assert client.get("/online-groups/?visibility=nope&within=x").status_code == 200  # bad filters: no 500
    export = client.get("/online-groups/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_group_page_shows_members_and_violations(login, client, demo_groups):
    login("officer")
    page = client.get(f"/online-groups/{demo_groups['wr-demo-3'].pk}/").content.decode()
    assert 'id="nickname-badge">昵称不规范' in page
    assert "群昵称为空，应为“单位-姓名-电话号码”（规范000 §7.2.1）" in page
    assert "昵称中的电话与人员信息登记的电话不符（规范000 §7.2.1）" in page
    assert "社区民警" in page and "单位账号" in page and "居民" in page
    short = client.get(f"/online-groups/{demo_groups['wr-demo-2'].pk}/").content.decode()
    assert "社区专职辅警仅1名，应为2名" in short


def test_phone_page_logs_then_acknowledges(users, login, client, demo_groups):
    login("officer")
    group = demo_groups["wr-demo-1"]
    assert client.get("/online-groups/intake/").status_code == 200
    bad = client.post("/online-groups/intake/", {"group": group.pk, "category": "help", "content": ""})
    assert "请填写内容" in bad.content.decode()
    response = client.post("/online-groups/intake/", {"group": group.pk, "category": "help", "content": "门禁卡丢了",
                                                       "resident_name": "3栋住户"})  # fmt: skip
    assert response.status_code == 302
    request = OnlineRequest.objects.get(content="门禁卡丢了")
    assert request.acknowledged_at is None and request.assigned_to == users["officer"] and request.source == "sidebar"
    waiting = client.get("/online-groups/intake/").content.decode()
    assert request.number in waiting and "待回复" in waiting
    assert client.post(f"/online-groups/requests/{request.pk}/acknowledge/", {"next": "intake"})["Location"] == (
        "/online-groups/intake/"
    )
    request.refresh_from_db()
    assert request.acknowledged_by == users["officer"]
    detail = client.get(f"/online-groups/requests/{request.pk}/").content.decode()
    assert "内首次回复" in detail
    assert AccessRecord.objects.filter(user=users["officer"], object_type="online_request",
                                       object_id=str(request.pk)).count() == 1  # fmt: skip


def test_request_list_shows_the_late_first_response(login, client):
    login("officer")
    page = client.get("/online-groups/requests/?status=all&late=1").content.decode()
    assert "楼下有人撬电动车锁" in page and "首次回复超时" in page
    assert "老人走失" not in page  # answered in 4 minutes


def test_another_stations_records_answer_404_and_lists_exclude_them(users, login, client, demo_groups):
    group = demo_groups["wr-demo-1"]
    request = OnlineRequest.objects.filter(group=group).first()
    broadcast = Broadcast.objects.first()
    login("officer2")
    assert client.get(f"/online-groups/{group.pk}/").status_code == 404
    assert client.get(f"/online-groups/requests/{request.pk}/").status_code == 404
    assert client.post(f"/online-groups/requests/{request.pk}/close/", {"outcome": "x"}).status_code == 404
    assert client.get(f"/online-groups/broadcasts/{broadcast.pk}/").status_code == 404
    assert group.name not in client.get("/online-groups/?dismissed=1").content.decode()
    assert request.number not in client.get("/online-groups/requests/?status=all").content.decode()
    api = client.get("/api/v1/online-groups/groups").json()
    assert group.pk not in [g["id"] for g in api["items"]]
    assert client.get(f"/api/v1/online-groups/groups/{group.pk}").status_code == 404
    assert client.get(f"/api/v1/online-groups/requests/{request.pk}").status_code == 404
    before = OnlineRequest.objects.count()
    response = client.post("/api/v1/online-groups/requests", {"group_id": group.pk, "category": "help", "content": "x"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 404 and OnlineRequest.objects.count() == before
    request.refresh_from_db()
    assert request.is_open or request.outcome != "x"


def test_api_lists_groups_and_logs_a_request(users, login, client, demo_groups):
    login("officer")
    group = demo_groups["wr-demo-2"]
    listing = client.get("/api/v1/online-groups/groups?compliance=composition&page_size=2").json()
    assert listing["count"] >= 1 and len(listing["items"]) <= 2
    detail = client.get(f"/api/v1/online-groups/groups/{group.pk}").json()
    assert detail["composition_ok"] is False and detail["findings"][0]["clause"] == "规范000 §4.1"
    bad = client.post("/api/v1/online-groups/requests", {"group_id": group.pk, "category": "nope", "content": ""},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    made = client.post("/api/v1/online-groups/requests", {"group_id": group.pk, "category": "dispute",
                                                           "content": "邻居装修噪音纠纷", "acknowledged": True},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    body = made.json()
    assert body["first_response_minutes"] == 30 and body["acknowledged_by"] and body["late"] is False
    stats = client.get("/api/v1/online-groups/stats").json()
    assert {r["code"] for r in stats["indicators"]} >= {"yunge_first_response_in_clock_rate", "yunge_composition_rate"}


def test_stats_broadcast_and_settings_pages(users, login, client, demo_groups):
    login("lead")
    stats = client.get("/online-groups/stats/").content.decode()
    assert "云格首次响应及时率" in stats and "P90" in stats and "解读" in stats
    settings_page = client.get("/online-groups/settings/").content.decode()
    assert "首次响应时限：警情受理" in settings_page and "每群每月群发上限" in settings_page
    login("officer")
    assert client.get("/online-groups/broadcasts/").status_code == 200
    response = client.post("/online-groups/broadcasts/new/", {"groups": [demo_groups["wr-demo-3"].pk],
                                                              "text": "冬季防火提示"})  # fmt: skip
    assert response.status_code == 302
    broadcast = Broadcast.objects.get(text="冬季防火提示")
    assert broadcast.targets.get().group == demo_groups["wr-demo-3"]
    page = client.get(f"/online-groups/broadcasts/{broadcast.pk}/").content.decode()
    assert "冬季防火提示" in page
    assert client.get("/online-groups/settings/").status_code == 403  # the readings are the station lead's


def test_an_unmatched_colleague_is_matched_to_a_staff_member_from_the_group_page(users, login, client, demo_groups):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from online_groups import services
    from org.models import Staff, StaffKind

    group = demo_groups["wr-demo-2"]
    at = datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    rows = [{"userid": m.userid, "type": m.member_type, "name": m.name, "group_nickname": m.nickname,
             "join_time": int(at.timestamp())} for m in group.members.filter(left_at=None)]  # fmt: skip
    rows.append({"userid": "wx-new-aux", "type": 1, "name": "", "group_nickname": "", "join_time": int(at.timestamp())})
    services.group_snapshot_apply(payload={"chat_id": group.chat_id, "name": group.name, "members": rows}, at=at)
    member = group.members.get(userid="wx-new-aux")
    assert member.role == "" and member.staff is None
    aux = (
        Staff.objects.filter(org_unit__parent=group.org_unit.parent, kind=StaffKind.AUXILIARY)
        .exclude(pk__in=group.members.exclude(staff=None).values("staff"))
        .first()
        or Staff.objects.filter(kind=StaffKind.AUXILIARY, scope_path__startswith=group.station.path).last()
    )
    login("officer")
    assert "对应人员" in client.get(f"/online-groups/{group.pk}/").content.decode()
    response = client.post(f"/online-groups/{group.pk}/members/{member.pk}/match/", {"staff": aux.pk})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.staff == aux and member.role == "auxiliary"
