"""Alert pages: the board with its clocks, filters and export; raising with field-level errors; the alert page's
actions; the workbench panel; out of scope looks missing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert, AlertStatus

from .factories import beat_of

pytestmark = pytest.mark.django_db


def test_control_centre_raises_a_red_alert_and_the_officers_workbench_shows_the_hour(users, login, client):
    c = login("control")
    page = c.get("/alerts/new/")
    assert page.status_code == 200 and "发布三色预警" in page.content.decode()
    # a form with nothing in it says what is missing, field by field, and writes nothing
    before = Alert.objects.count()
    refused = c.post("/alerts/new/", {"colour": "red"}).content.decode()
    assert "请选择预警所在的警务区" in refused and "请填写预警事项" in refused
    assert Alert.objects.count() == before
    beat = beat_of(users["officer"])
    response = c.post("/alerts/new/", {"colour": "red", "beat": beat.pk, "title": "某小区聚集风险"})
    alert = Alert.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/alerts/{alert.pk}/"
    # the officer's workbench shows it with its one-hour clock
    workbench = login("officer").get("/").content.decode()
    assert "某小区聚集风险" in workbench and "红色预警1小时响应" in workbench
    due = timezone.localtime(alert.raised_at + timedelta(hours=1))
    assert f"{due:%m-%d %H:%M}" in workbench
    # the board lists it; another station's lead gets nothing and a 404 on the page
    board = client.get("/alerts/?colour=red").content.decode()
    assert "某小区聚集风险" in board
    assert client.get("/alerts/?export=xlsx").status_code == 200
    other = login("lead2")
    assert "某小区聚集风险" not in other.get("/alerts/").content.decode()
    assert other.get(f"/alerts/{alert.pk}/").status_code == 404
    assert other.post(f"/alerts/{alert.pk}/respond/", {"respond-note": "越权"}).status_code == 404


def test_officer_responds_links_and_is_told_why_closing_is_refused(users, login):
    c = login("control")
    beat = beat_of(users["officer"])
    c.post("/alerts/new/", {"colour": "red", "beat": beat.pk, "title": "红色测试"})
    alert = Alert.objects.latest("pk")
    o = login("officer")
    o.post(f"/alerts/{alert.pk}/respond/", {"respond-note": "已到场"})
    o.post(f"/alerts/{alert.pk}/departments/", {"name": "街道办事处"})
    page = o.post(f"/alerts/{alert.pk}/close/", {"close-note": "处置完毕"}, follow=True).content.decode()
    assert "红色预警须至少3个部门联动方可闭环，目前仅1个" in page
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESPONDED
    assert "街道办事处" in page and "（1/3）" in page


@pytest.fixture
def back_to_chinese(settings):
    """LocaleMiddleware leaves the last request's language active in this thread; later tests expect Chinese."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_alert_and_duty_pages_come_in_english_from_the_app_catalogues(login, client, settings, back_to_chinese):
    login("lead")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    board = client.get("/alerts/").content.decode()
    assert "Three-colour alert" in board and "Next clock" in board
    refused = client.post("/alerts/new/", {"colour": "red"}).content.decode()
    assert "Choose the beat of the alert" in refused and "Enter what the alert is about" in refused
    roster = client.get("/duty/").content.decode()
    assert "Roster checks" in roster and "Duty and alerts" in roster
    assert "Time in the beat" in client.get("/duty/time-in-beat/").content.decode()
