"""The request desk pages: intake with field-level Chinese errors, list with filters and export, detail on the access
trail, close with the one-time 评价码, other stations 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

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
