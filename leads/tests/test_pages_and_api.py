"""Pages over the same services: the phone-width report with field-level Chinese errors, the grid worker's narrow
reach (their own leads, no registry, no informants), the officer's and control centre's pages, check-in and points."""

import pytest
from django.utils import timezone

from leads.models import CheckIn, Lead

from .factories import report, route

pytestmark = pytest.mark.django_db


def test_grid_worker_reports_from_a_phone_page_with_field_errors_in_chinese(login, client, users):
    login("grid")
    page = client.get("/leads/new/").content.decode()
    assert 'name="viewport"' in page and 'name="subject_text"' in page and "第四十六条" in page
    before = Lead.objects.count()
    response = client.post("/leads/new/", {"kind": "hazard", "channel": "grid"})
    html = response.content.decode()
    assert response.status_code == 200 and Lead.objects.count() == before
    for message in ("请填写对象", "请填写时间", "请填写地点", "请填写事件"):
        assert message in html
    occurred = (timezone.localtime() - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    form = {"kind": "hazard", "channel": "grid", "subject_text": "3号楼住户", "occurred_at": occurred}
    form |= {"place_text": "3号楼楼道", "event": "楼道堆放电瓶车电池"}
    response = client.post("/leads/new/", form)
    lead = Lead.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    assert lead.reported_by == users["grid"] and lead.org_unit.kind == "grid"
    assert client.get(f"/leads/{lead.pk}/").status_code == 200
    for url in ("/leads/informants/", "/leads/queue/", "/leads/store/", "/registry/residents/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/leads/home/").status_code == 200


def test_pages_open_for_officer_control_and_lead(login, client, users):
    lead = report(users["volunteer"])
    login("officer")
    pages = ["/leads/", "/leads/visits/", "/leads/cards/", "/leads/informants/", "/leads/patrols/"]
    pages += ["/leads/indicators/", "/leads/residents/", "/leads/?export=xlsx", f"/leads/{lead.pk}/"]
    pages += ["/leads/visits/new/", "/leads/cards/new/", "/leads/informants/new/", "/leads/patrols/new/"]
    for url in pages:
        assert client.get(url).status_code == 200, url
    response = client.post(f"/leads/{lead.pk}/submit/")
    assert response.status_code == 302, response.content.decode()[-3000:]
    login("control")
    assert lead.event in client.get("/leads/queue/").content.decode()
    assert client.post(f"/leads/{lead.pk}/judge/", {"decision": "adopt"}).status_code == 302
    lead.refresh_from_db()
    assert lead.status == "adopted"
    assert client.get("/leads/settings/").status_code == 200
    login("lead")
    for url in ("/leads/store/", "/leads/store/new/", "/leads/store/award/", "/leads/settings/"):
        assert client.get(url).status_code == 200, url
    login("officer2")
    assert client.get(f"/leads/{lead.pk}/").status_code == 404


def test_volunteer_checks_in_twice_with_one_client_id_and_sees_points(login, client, users):
    walk = route(users["officer"])
    point = walk.points.first()
    login("volunteer")
    page = client.get(f"/leads/patrols/{walk.pk}/").content.decode()
    assert "签到" in page
    client_id = page.split('name="client_id" value="')[1].split('"')[0]
    for _ in range(2):
        assert client.post(f"/leads/patrols/points/{point.pk}/check-in/", {"client_id": client_id}).status_code == 302
    assert CheckIn.objects.filter(client_id=client_id).count() == 1
    assert "巡逻签到" in client.get("/leads/points/").content.decode()


def test_api_lead_refused_field_by_field_checkin_twice_once_and_points(login, client, users):
    import uuid

    login("volunteer")
    grid_id = users["volunteer"].role_assignments.get().org_unit_id
    body = {"org_unit_id": grid_id, "kind": "hazard", "channel": "grid"}
    refused = client.post("/api/v1/leads", body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"] == {
        "subject_text": ["请填写对象"],
        "occurred_at": ["请填写时间"],
        "place_text": ["请填写地点"],
        "event": ["请填写事件"],
    }
    body |= {"subject_text": "商户", "occurred_at": timezone.now().isoformat(), "place_text": "菜市场", "event": "占道"}
    created = client.post("/api/v1/leads", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["history"][0]["kind"] == "collected"
    assert client.get("/api/v1/leads").json()["count"] >= 1
    walk = route(users["officer"])
    checkin = {"point_id": walk.points.first().pk, "client_id": str(uuid.uuid4())}
    first = client.post("/api/v1/patrols/checkins", checkin, content_type="application/json")
    again = client.post("/api/v1/patrols/checkins", checkin, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert first.json()["balance"] == again.json()["balance"]
    me = client.get("/api/v1/points/me").json()
    assert me["balance"] == first.json()["balance"] and me["checkins"] >= 1
    assert client.get("/api/v1/leads/informants/").status_code == 403
    login("officer2")
    assert client.get(f"/api/v1/leads/{created.json()['id']}").status_code == 404
