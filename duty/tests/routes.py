"""How the route matrix exercises the duty pages and API (docs/adr/0004; inert until web/route_matrix.py lands)."""

from datetime import time, timedelta

from django.utils import timezone
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record, Summary

from duty.models import Leave, Shift, SupportRequest, WorkLog, WorkLogEntry
from org.models import Staff, StaffKind

SEARCH = {"q": MATRIX}


def _staff(side):
    staff = Staff.objects.filter(kind=StaffKind.COMMUNITY_OFFICER, org_unit=side.beat).first()
    return staff or Staff.objects.create(name=side.mark, kind=StaffKind.COMMUNITY_OFFICER, org_unit=side.beat)


def make_shift(side):
    return Shift.objects.create(
        org_unit=side.beat,
        day=timezone.localdate(),
        start=time(9),
        end=time(10),
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
    log = WorkLog.objects.create(staff=_staff(side), day=timezone.localdate() - timedelta(days=1))
    WorkLogEntry.objects.create(log=log, source="manual", text=side.mark, in_beat=True)
    return log


def make_support(side):
    now = timezone.now()
    station = side.beat.parent
    return SupportRequest.objects.create(
        org_unit=station, to_unit=MATRIX, subject=side.mark, requested_at=now, due_at=now + timedelta(days=1)
    )


RECORDS = {
    "shift": Record(make=make_shift),
    "leave": Record(make=make_leave),
    "work_log": Record(make=make_log),
    "support_request": Record(make=make_support),
    "duty_staff": Record(make=_staff),
}

ROUTES = {
    "duty:roster": Summary(),
    "duty:shift_list": List("shift", query=SEARCH, export=True),
    "duty:shift_new": Summary(),
    "duty:shift_cancel": Action("shift"),
    "duty:leave_list": List("leave", query=SEARCH, export=True),
    "duty:leave_new": Summary(),
    "duty:leave_detail": Detail("leave"),
    "duty:log_list": List("work_log", export=True),
    "duty:my_log": Summary(),
    "duty:log_detail": Detail("work_log"),
    "duty:time_in_beat": Summary(),
    "duty:time_in_beat_detail": Detail("duty_staff"),
    "duty:support_list": List("support_request", query=SEARCH, export=True),
    "duty:support_new": Summary(),
    "duty:support_detail": Detail("support_request"),
    "duty:settings": Summary(),
    "duty:staffing": Summary(),
    "GET /api/v1/duty/shifts": List("shift", query=SEARCH),
    "POST /api/v1/duty/shifts": Create(
        data=lambda side: {
            "org_unit_id": side.beat.pk,
            "day": timezone.localdate().isoformat(),
            "start": "09:00",
            "end": "10:00",
            "kind": "patrol",
            "staff_id": _staff(side).pk,
        }
    ),
    "DELETE /api/v1/duty/shifts/{shift_id}": Action("shift"),
    "GET /api/v1/duty/roster/{station_id}": Summary(),
    "GET /api/v1/duty/on-duty/{station_id}": Summary(),
    "GET /api/v1/duty/logs": List("work_log"),
    "GET /api/v1/duty/logs/{log_id}": Detail("work_log"),
    "POST /api/v1/duty/logs/mine/{day}": Summary(),
    "POST /api/v1/duty/logs/{log_id}/entries": Action("work_log", data=lambda g: {"text": MATRIX}),
    "POST /api/v1/duty/logs/{log_id}/sign": Action("work_log", data=lambda g: {"note": MATRIX}),
    "GET /api/v1/duty/time-in-beat": Summary(),
    "GET /api/v1/duty/time-in-beat/{staff_id}": Detail("duty_staff"),
    "GET /api/v1/duty/leave": List("leave", query=SEARCH),
    "POST /api/v1/duty/leave": Summary(),
    "POST /api/v1/duty/leave/{leave_id}/return": Action("leave"),
    "GET /api/v1/duty/support": List("support_request", query=SEARCH),
    "POST /api/v1/duty/support": Summary(),
    "POST /api/v1/duty/support/{request_id}/answer": Action("support_request", data=lambda r: {"answer": MATRIX}),
}
