"""/api/v1/alerts and /api/v1/duty: the same services and scope as the pages (422 per field, 403, 404)."""

import pytest

from alerts.models import Alert

from .factories import beat_of

pytestmark = pytest.mark.django_db


def test_alert_api_raise_respond_link_close_and_scope(users, login, client):
    c = login("control")
    beat = beat_of(users["officer"])
    bad = c.post(
        "/api/v1/alerts", {"colour": "purple", "beat_id": beat.pk, "title": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
    made = c.post(
        "/api/v1/alerts",
        {"colour": "red", "beat_id": beat.pk, "title": "接口红色预警"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert [k["obligation"] for k in body["clocks"]] == ["alert_red_response", "alert_red_close"]
    alert_id = body["id"]
    o = login("officer")
    assert (
        o.post(f"/api/v1/alerts/{alert_id}/respond", {"note": "已响应"}, content_type="application/json").status_code
        == 200
    )
    for name in ("甲部门", "乙部门"):
        r = o.post(f"/api/v1/alerts/{alert_id}/departments", {"name": name}, content_type="application/json")
        assert r.status_code == 201
    refused = o.post(f"/api/v1/alerts/{alert_id}/close", {"note": "完毕"}, content_type="application/json")
    assert refused.status_code == 422
    assert "红色预警须至少3个部门联动方可闭环，目前仅2个" in refused.content.decode()
    listed = o.get("/api/v1/alerts?colour=red").json()
    assert alert_id in [row["id"] for row in listed["items"]]
    other = login("officer2")
    assert other.get(f"/api/v1/alerts/{alert_id}").status_code == 404
    assert alert_id not in [row["id"] for row in other.get("/api/v1/alerts?status=all").json()["items"]]
    assert (
        other.post(f"/api/v1/alerts/{alert_id}/close", {"note": "x"}, content_type="application/json").status_code
        == 404
    )
    assert Alert.objects.get(pk=alert_id).status == "responded"


def test_duty_api_roster_on_duty_logs_and_time_in_beat(users, login):
    lead = login("lead")
    station = beat_of(users["officer"]).parent
    roster = lead.get(f"/api/v1/duty/roster/{station.pk}")
    assert roster.status_code == 200 and "problems" in roster.json()
    assert lead.get(f"/api/v1/duty/on-duty/{station.pk}").status_code == 200
    assert lead.get("/api/v1/duty/shifts").status_code == 200
    rows = lead.get("/api/v1/duty/time-in-beat").json()
    assert {"staff_name", "ratio", "meets", "short_days"} <= set(rows[0])
    officer = login("officer")
    mine = officer.get("/api/v1/duty/logs/mine/2026-11-17")
    assert mine.status_code == 200 and mine.json()["day"] == "2026-11-17"
    entry = officer.post(
        f"/api/v1/duty/logs/{mine.json()['id']}/entries",
        {"text": "夜间巡逻", "in_beat": True},
        content_type="application/json",
    )
    assert entry.status_code == 201 and entry.json()["entries"][-1]["text"] == "夜间巡逻"
    assert login("lead2").get(f"/api/v1/duty/logs/{mine.json()['id']}").status_code == 404
    lead = login("lead")
    bad = lead.post(
        "/api/v1/duty/support",
        {"org_unit_id": station.pk, "to_unit": "分局", "subject": "支援"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "第二十四条" in bad.content.decode()
