"""Duty pages: the station's week roster with its checks, the shift form's field errors, the duty log with
sign-off, time in the beat with the days behind it, leave, support requests, settings, staffing; scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from duty.models import Shift, SupportRequest

from .factories import station_of_officer, station_staff

pytestmark = pytest.mark.django_db


def test_every_duty_page_answers_the_lead_and_the_officer(users, login):
    lead = login("lead")
    for url in (
        "/duty/",
        "/duty/shifts/",
        "/duty/shifts/?export=xlsx",
        "/duty/shifts/new/",
        "/duty/leave/",
        "/duty/leave/new/",
        "/duty/logs/",
        "/duty/time-in-beat/",
        "/duty/time-in-beat/?month=2026-11&below=1",
        "/duty/support/",
        "/duty/support/new/",
        "/duty/settings/",
        "/duty/staffing/",
    ):
        assert lead.get(url).status_code == 200, url
    officer = login("officer")
    assert officer.get("/duty/").status_code == 200
    assert officer.get("/duty/shifts/new/").status_code == 403
    mine = officer.get("/duty/logs/mine/")
    assert mine.status_code == 200 and "工作日志" in mine.content.decode()


def test_lead_rosters_a_slot_sees_the_gaps_and_the_form_explains_errors(users, login, scenario_roster):
    lead = login("lead")
    station = station_of_officer(users)
    a, b = station_staff(users)[:2]
    refused = lead.post("/duty/shifts/new/", {"org_unit": station.pk, "kind": "duty"}).content.decode()
    assert "请填写日期" in refused and "请选择A岗人员" in refused
    same = lead.post(
        "/duty/shifts/new/",
        {
            "org_unit": station.pk,
            "day": "2026-11-23",
            "start": "08:30",
            "end": "08:30",
            "kind": "duty",
            "staff": a.pk,
            "backup": a.pk,
        },
    ).content.decode()
    assert "B岗不能与A岗为同一人" in same
    before = Shift.objects.count()
    ok = lead.post(
        "/duty/shifts/new/",
        {"org_unit": station.pk, "day": "2026-11-23", "start": "08:30", "end": "08:30", "kind": "duty", "staff": a.pk},
    )
    assert ok.status_code == 302 and Shift.objects.count() == before + 1
    week = lead.get(f"/duty/?station={station.pk}&week=2026-11-23").content.decode()
    assert "每个班次配B岗" in week and f"A岗{a.name}未配B岗" in week
    assert "7×24小时值班无空档" in week
    assert b.name  # a second person exists for the AB pair
    other = login("lead2")
    shift = Shift.objects.latest("pk")
    assert other.post(f"/duty/shifts/{shift.pk}/cancel/").status_code == 404


def test_time_in_beat_page_lists_the_officer_and_the_days(users, login):
    lead = login("lead")
    page = lead.get("/duty/time-in-beat/?month=2026-11").content.decode()
    staff = users["officer"].staff
    assert staff.name in page and "专职社区民警在警务区工作时间" in page
    detail = lead.get(f"/duty/time-in-beat/{staff.pk}/?month=2026-11").content.decode()
    assert "2026-11-02" in detail
    assert login("lead2").get(f"/duty/time-in-beat/{staff.pk}/").status_code == 404


def test_support_request_needs_a_deadline(users, login):
    lead = login("lead")
    station = station_of_officer(users)
    refused = lead.post(
        "/duty/support/new/", {"org_unit": station.pk, "to_unit": "分局治安大队", "subject": "大型活动安保"}
    ).content.decode()
    assert "请填写答复期限（第二十四条：支援须有时限）" in refused
    due = timezone.localdate() + timedelta(days=7)  # a week ahead of the suite's day (conftest TEST_NOW)
    ok = lead.post(
        "/duty/support/new/",
        {"org_unit": station.pk, "to_unit": "分局治安大队", "subject": "大型活动安保", "due_at": f"{due}T18:00"},
    )
    req = SupportRequest.objects.latest("pk")
    assert ok.status_code == 302 and timezone.localtime(req.due_at).date() == due
    lead.post(f"/duty/support/{req.pk}/", {"answer": "同意派员20名"})
    req.refresh_from_db()
    assert req.status == "answered"
