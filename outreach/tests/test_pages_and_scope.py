"""The request desk pages: intake with field-level Chinese errors, list with filters and export, detail on the access
trail, close with the one-time 评价码, other stations 404."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from audit.models import AccessRecord
from outreach.models import ServiceRequest

from .factories import beat_of, receive

pytestmark = pytest.mark.django_db


def test_window_intake_close_and_rate_through_the_pages(users, login, client):
    officer = users["officer"]
    beat = beat_of(officer)
    login("officer")
    assert client.get("/outreach/requests/new/").status_code == 200
    bad = client.post("/outreach/requests/new/", {"beat": beat.pk, "service_type": "consultation", "channel": "window",
                                                  "content": "", "applicant_phone": "123"})  # fmt: skip
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "请填写诉求内容" in html and "联系电话应为11位手机号或带区号的固定电话，请核对" in html
    response = client.post(
        "/outreach/requests/new/",
        {"beat": beat.pk, "service_type": "urgent_certificate", "channel": "window", "is_urgent": "on",
         "content": "明日出国需开具亲属关系证明", "applicant_name": "窗口群众乙", "applicant_phone": "13900002222"},
    )  # fmt: skip
    assert response.status_code == 302
    obj = ServiceRequest.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    page = client.get(f"/outreach/requests/{obj.pk}/").content.decode()
    assert "139****2222" in page and "13900002222" not in page
    assert AccessRecord.objects.filter(user=officer, object_type="service_request", object_id=str(obj.pk)).exists()
    assert client.post(f"/outreach/requests/{obj.pk}/close/", {"result": "已当场出具证明"}).status_code == 302
    page = client.get(f"/outreach/requests/{obj.pk}/").content.decode()
    assert 'id="rating-code"' in page
    again = client.get(f"/outreach/requests/{obj.pk}/").content.decode()
    assert 'id="rating-code"' not in again  # shown once
    response = client.post(f"/outreach/requests/{obj.pk}/rate/", {"satisfaction": "satisfied"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.satisfaction == "satisfied" and obj.rating_channel == "window"


def test_list_filters_export_and_other_station_404(users, login, client):
    officer = users["officer"]
    login("officer")
    listing = client.get("/outreach/requests/?status=all&service_type=nope&urgent=1")
    assert listing.status_code == 200
    export = client.get("/outreach/requests/?status=all&export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    obj = receive(officer, when=timezone.now() - timedelta(hours=1))
    login("officer2")
    assert client.get(f"/outreach/requests/{obj.pk}/").status_code == 404
    assert client.post(f"/outreach/requests/{obj.pk}/close/", {"result": "x"}).status_code == 404


@pytest.fixture
def back_to_chinese(settings):
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_pages_and_service_messages_come_in_english(users, login, client, settings, back_to_chinese):
    officer = users["officer"]
    beat = beat_of(officer)
    login("officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/outreach/requests/").content.decode()
    assert "Service requests" in html and "Receive a request" in html
    response = client.post("/outreach/requests/new/", {"beat": beat.pk, "service_type": "consultation",
                                                       "channel": "window", "content": ""})  # fmt: skip
    assert "Please fill in Request" in response.content.decode()
    public = client.get(f"/public/beats/{beat.code}/").content.decode()
    assert "Community officer and auxiliaries" in public


def test_api_receive_read_close_and_indicators_under_scope(users, login, client):
    officer = users["officer"]
    beat = beat_of(officer)
    login("officer")
    bad = client.post("/api/v1/outreach/requests", {"beat_id": beat.pk, "service_type": "nope", "content": ""},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    made = client.post("/api/v1/outreach/requests", {"beat_id": beat.pk, "service_type": "id_card",
                                                     "content": "补领身份证", "applicant_phone": "13700001111"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    body = made.json()
    assert body["limit"] == "3个工作日" and body["applicant_phone"] == "137****1111"
    detail = client.get(f"/api/v1/outreach/requests/{body['id']}")
    assert detail.status_code == 200
    assert AccessRecord.objects.filter(object_type="service_request", object_id=str(body["id"]), channel="api").exists()
    closed = client.post(f"/api/v1/outreach/requests/{body['id']}/close", {"result": "已受理并上报"},
                         content_type="application/json")  # fmt: skip
    assert closed.status_code == 200 and len(closed.json()["rating_code"]) == 8
    rows = client.get(f"/api/v1/outreach/indicators?unit_id={beat.pk}").json()
    assert {"art93_1_service_in_time_rate", "art93_4_satisfaction_rate"} <= {r["code"] for r in rows}
    login("officer2")
    assert client.get(f"/api/v1/outreach/requests/{body['id']}").status_code == 404
    assert client.get(f"/api/v1/outreach/indicators?unit_id={beat.pk}").status_code == 404


def test_hand_over_page_names_the_new_owner(users, login, client):
    officer, lead = users["officer"], users["lead"]
    obj = receive(officer, when=timezone.now() - timedelta(hours=1))
    login("officer")
    assert client.get(f"/outreach/requests/{obj.pk}/hand-over/").status_code == 200
    response = client.post(f"/outreach/requests/{obj.pk}/hand-over/", {"to_user": lead.pk, "reason": "需所领导协调"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.owner == lead
