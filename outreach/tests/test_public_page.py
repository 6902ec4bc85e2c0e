"""警务公开 (规范001 第九十四条、第九十五条; 规范003 阳光警务): /public/ and /public/beats/<code>/ open without sign-in,
show the team (name, police number, official phone) and counts, and nothing about any resident; no external URL.
Ratings with the one-time code and suggestions need no account, once per request, throttled per address."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from org.models import Staff, StaffKind
from outreach import errors
from outreach.models import ServiceRequest
from registry.models import Resident

from .factories import beat_of, close, receive

pytestmark = pytest.mark.django_db
ID_PATTERN = re.compile(r"\d{17}[\dXx]|\d{6}\*{4,}")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_public_beat_page_shows_the_team_and_leaks_nothing_personal(users, client):
    officer = users["officer"]
    beat = beat_of(officer)
    # A request with resident data in the beat: none of it may reach the page.
    receive(officer, when=timezone.now() - timedelta(hours=2), applicant_name="欧阳娜娜", applicant_phone="13912345678",
            content="家住江枫小区幸福路8号3栋2单元301室，咨询户口迁入")  # fmt: skip
    client.logout()
    index = client.get("/public/")
    assert index.status_code == 200 and beat.name in index.content.decode()
    response = client.get(f"/public/beats/{beat.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    staff = Staff.objects.filter(org_unit=beat, kind=StaffKind.COMMUNITY_OFFICER).first()
    assert staff.name in html and (not staff.police_number or staff.police_number in html)
    if staff.phone:
        assert staff.phone not in html  # the personal phone never; the official one only
    residents = Resident.objects.filter(scope_path__startswith=beat.path)
    assert residents.exists()
    for r in residents:
        assert r.name not in html, r.name
        assert not r.id_number or r.id_number not in html
        if r.address_id:
            assert r.address.full_text not in html
    for leak in ("欧阳娜娜", "13912345678", "幸福路8号3栋", "江枫小区幸福路"):
        assert leak not in html
    assert not ID_PATTERN.search(html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html) and "http://" not in html and "https://" not in html
    assert client.get("/public/beats/NOPE/").status_code == 404


def test_resident_rates_with_the_code_and_the_monthly_figures_move(users, client):
    officer = users["officer"]
    beat = beat_of(officer)
    client.logout()
    before = client.get(f"/public/beats/{beat.code}/").context["page"]["figures"]
    request = receive(officer, when=timezone.now() - timedelta(minutes=20))
    _done, code = close(officer, request, when=timezone.now())
    figures = client.get(f"/public/beats/{beat.code}/").context["page"]["figures"]
    assert figures["received"] == before["received"] + 1 and figures["closed"] == before["closed"] + 1
    bad = client.post("/public/rate/", {"code": "XXXXXXXX", "satisfaction": "satisfied"}, REMOTE_ADDR="10.0.0.7")
    assert errors.RATING_CODE in bad.content.decode()
    ok = client.post("/public/rate/", {"code": code, "satisfaction": "basic"}, REMOTE_ADDR="10.0.0.7")
    assert 'id="rate-done"' in ok.content.decode()
    again = client.post("/public/rate/", {"code": code, "satisfaction": "satisfied"}, REMOTE_ADDR="10.0.0.7")
    assert errors.RATING_CODE in again.content.decode()
    request.refresh_from_db()
    assert (request.satisfaction, request.rating_channel) == ("basic", "code")
    after = client.get(f"/public/beats/{beat.code}/").context["page"]["figures"]
    assert after["rated"] == figures["rated"] + 1 and after["satisfied"] == figures["satisfied"] + 1


def test_suggestion_lands_as_a_request_and_submissions_are_throttled(users, client):
    officer = users["officer"]
    beat = beat_of(officer)
    client.logout()
    response = client.post(f"/public/beats/{beat.code}/", {"content": "路口路灯坏了，晚上不安全", "contact": ""},
                           REMOTE_ADDR="10.0.0.9")  # fmt: skip
    assert response.status_code == 302
    request = ServiceRequest.objects.filter(beat=beat, service_type="suggestion").latest("pk")
    assert request.owner == officer and request.channel == "online" and request.received_by is None
    bad = client.post(f"/public/beats/{beat.code}/", {"content": ""}, REMOTE_ADDR="10.0.0.9")
    assert "请填写意见建议" in bad.content.decode()
    for _i in range(10):
        client.post("/public/rate/", {"code": "ZZZZZZZZ", "satisfaction": "satisfied"}, REMOTE_ADDR="10.0.0.9")
    limited = client.post("/public/rate/", {"code": "ZZZZZZZZ", "satisfaction": "satisfied"}, REMOTE_ADDR="10.0.0.9")
    assert errors.RATE_LIMITED in limited.content.decode()
