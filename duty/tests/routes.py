"""How the route matrix exercises the duty pages and API (docs/adr/0004). Records carry the side's mark in a staff
member's name (what the roster, leave and log lists show); each action that changes or removes a record has its own."""

from datetime import date, time, timedelta

from django.utils import timezone

from accounts.models import User
from duty.models import Leave, Shift, SupportRequest, WorkLog, WorkLogEntry
from org.models import Staff, StaffKind
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record, Summary

SEARCH = {"q": MATRIX}
LEAD = ("lead",)
LOG_DAY = date(2025, 1, 6)


def make_staff(side):
    return Staff.objects.create(name=side.mark, kind=StaffKind.COMMUNITY_OFFICER, org_unit=side.beat)


def _staff(side):
    return side.made.get("duty_staff") or make_staff(side)


def make_shift(side, hour=9):
    return Shift.objects.create(
        org_unit=side.beat,
        day=timezone.localdate() - timedelta(days=400),
        start=time(hour),
        end=time(hour + 1),
        kind="patrol",
        staff=_staff(side),
        note=MATRIX,
    )


def make_leave(side):
    now = timezone.now()
    return Leave.objects.create(
        staff=_staff(side), kind="out", starts_at=now, ends_at=now + timedelta(hours=2), reason=MATRIX
    )


def make_log(side):
    log = WorkLog.objects.create(staff=_staff(side), day=LOG_DAY)
    WorkLogEntry.objects.create(log=log, source="manual", text=side.mark, in_beat=True)
    return log


def make_own_log(side):
    """The side's officer's own log (only its officer completes it): the officer gets a staff record if none."""
    officer = side.officer
    if officer.staff_id is None:
        staff = Staff.objects.create(name=f"{side.mark}民警", kind=StaffKind.COMMUNITY_OFFICER, org_unit=side.beat)
        User.objects.filter(pk=officer.pk).update(staff=staff)
        officer.staff = staff
    return WorkLog.objects.create(staff=officer.staff, day=LOG_DAY + timedelta(days=1))


def make_support(side):
    now = timezone.now()
    return SupportRequest.objects.create(
        org_unit=side.station, to_unit=MATRIX, subject=side.mark, requested_at=now, due_at=now + timedelta(days=1)
    )


RECORDS = {
    "duty_staff": Record(make=make_staff),
    "duty_station": Record(make=lambda side: side.station),
    "shift": Record(make=make_shift),
    "shift_to_cancel": Record(make=lambda side: make_shift(side, 11)),
    "shift_to_delete": Record(make=lambda side: make_shift(side, 13)),
    "leave": Record(make=make_leave),
    "leave_to_return": Record(make=make_leave),
    "work_log": Record(make=make_log),
    "own_work_log": Record(make=make_own_log),
    "support_request": Record(make=make_support),
    "support_to_answer": Record(make=make_support),
}


def _shift_form(side, hour):
    staff = _staff(side)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {
        "org_unit": side.beat.pk,
        "day": day,
        "start": f"{hour:02d}:00",
        "end": f"{hour + 1:02d}:00",
        "kind": "patrol",
        "staff": staff.pk,
    }


def _leave_form(side):
    start = timezone.localtime() + timedelta(days=40)
    return {
        "staff": _staff(side).pk,
        "kind": "out",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "reason": MATRIX,
    }


def _support_form(side):
    due = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    return {"org_unit": side.station.pk, "to_unit": MATRIX, "subject": MATRIX, "due_at": due}


def _shift_body(side):
    form = _shift_form(side, 15)
    return {
        "org_unit_id": form["org_unit"],
        "day": form["day"],
        "start": form["start"],
        "end": form["end"],
        "kind": "patrol",
        "staff_id": form["staff"],
    }


def _leave_body(side):
    form = _leave_form(side)
    return {
        "staff_id": form["staff"],
        "kind": "out",
        "starts_at": form["starts_at"],
        "ends_at": form["ends_at"],
        "reason": MATRIX,
    }


def _support_body(side):
    form = _support_form(side)
    return {"org_unit_id": form["org_unit"], "to_unit": MATRIX, "subject": MATRIX, "due_at": form["due_at"]}


ROUTES = {
    "duty:roster": Summary(),
    "duty:shift_list": List("shift", query=SEARCH, export=True),
    "duty:shift_new": Create(data=lambda side: _shift_form(side, 17)),
    "duty:shift_cancel": Action("shift_to_cancel"),
    "duty:leave_list": List("leave", query=SEARCH, export=True),
    "duty:leave_new": Create(data=_leave_form),
    "duty:leave_detail": Detail("leave"),
    "duty:log_list": List("work_log", query=SEARCH, export=True),
    "duty:my_log": Summary(roles=("officer",)),
    "duty:log_detail": Detail("work_log"),
    "duty:time_in_beat": Summary(),
    "duty:time_in_beat_detail": Detail("duty_staff"),
    # Support requests are the station's (第二十四条): officers, whose scope is their beat, do not see them.
    "duty:support_list": List("support_request", query=SEARCH, export=True, roles=LEAD),
    "duty:support_new": Create(data=_support_form, roles=LEAD),
    "duty:support_detail": Detail("support_request", roles=LEAD),
    "duty:settings": Summary(roles=LEAD),
    "duty:staffing": Summary(),
    "GET /api/v1/duty/shifts": List("shift", query=SEARCH),
    "POST /api/v1/duty/shifts": Create(data=_shift_body),
    "DELETE /api/v1/duty/shifts/{shift_id}": Action("shift_to_delete"),
    "GET /api/v1/duty/roster/{station_id}": Detail("duty_station", roles=LEAD),
    "GET /api/v1/duty/on-duty/{station_id}": Detail("duty_station", roles=LEAD),
    "GET /api/v1/duty/logs": List("work_log", query=SEARCH),
    "GET /api/v1/duty/logs/{log_id}": Detail("work_log"),
    "GET /api/v1/duty/logs/mine/{day}": Summary(url=lambda side: {"day": "2025-01-08"}, roles=("officer",)),
    "POST /api/v1/duty/logs/{log_id}/entries": Action("own_work_log", data=lambda g: {"text": MATRIX}),
    "POST /api/v1/duty/logs/{log_id}/sign": Action("work_log", data=lambda g: {"note": MATRIX}),
    "GET /api/v1/duty/time-in-beat": Summary(),
    "GET /api/v1/duty/time-in-beat/{staff_id}": Detail("duty_staff"),
    "GET /api/v1/duty/leave": List("leave", query=SEARCH),
    "POST /api/v1/duty/leave": Create(data=_leave_body),
    "POST /api/v1/duty/leave/{leave_id}/return": Action("leave_to_return"),
    "GET /api/v1/duty/support": List("support_request", query=SEARCH, roles=LEAD),
    "POST /api/v1/duty/support": Create(data=_support_body, roles=LEAD),
    "POST /api/v1/duty/support/{request_id}/answer": Action(
        "support_to_answer", data=lambda r: {"answer": MATRIX}, roles=LEAD
    ),
}
