"""Demo duty records (idempotent), for the station of demo_officer as of ``today``:

* the week's roster: 24-hour duty at the station every day with A and B, the officer's patrols — and one patrol
  with no B post (the AB gap the roster page shows);
* demo_officer's duty log for yesterday, already filled from yesterday's records;
* the second beat's officer at about 75 % time in the beat this month (below the 80 % of 第一百零一条), from
  duty-log lines entered by hand;
* a leave record, a support request waiting for its answer, a motorcycle on the first beat only, training days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from org.models import Staff, StaffKind
from rules.calendar import is_workday

from . import services
from .models import EntrySource, Shift, Training, WorkLog, WorkLogEntry


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@transaction.atomic
def seed_duty(*, today: date) -> int:
    officer = User.objects.filter(username="demo_officer").select_related("staff").first()
    lead = User.objects.filter(username="demo_lead").first()
    if officer is None or lead is None or officer.staff is None:
        return 0
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    station = beat.parent
    if Shift.objects.filter(scope_path__startswith=station.path).exists():
        return 0
    police = list(
        Staff.objects.filter(scope_path__startswith=station.path, kind=StaffKind.COMMUNITY_OFFICER, is_active=True)
        .select_related("org_unit")
        .order_by("scope_path", "pk")
    )
    auxiliaries = list(
        Staff.objects.filter(scope_path__startswith=station.path, kind=StaffKind.AUXILIARY).order_by("pk")[:2]
    )
    monday = today - timedelta(days=today.weekday())
    me = officer.staff
    # The 24-hour duty pair never includes the demo officer, whose own patrols are on the roster below: with fewer
    # than two other officers (a district of two beats a station) an auxiliary not helping on those patrols stands in.
    others = [p for p in police if p.pk != me.pk] + [x for x in auxiliaries[1:]]
    others = others or [me]
    a, b = others[0], others[1] if len(others) > 1 else me
    for i in range(-1, 7):
        day = monday + timedelta(days=i)
        first, second = (a, b) if i % 2 else (b, a)
        services.shift_create(
            acting_user=lead,
            org_unit=station,
            day=day,
            start=time(8, 30),
            end=time(8, 30),
            kind="duty",
            staff=first,
            backup=second,
        )
    helper = auxiliaries[0] if auxiliaries else b
    for i, kind in ((0, "patrol"), (2, "reception"), (3, "patrol")):
        services.shift_create(
            acting_user=lead,
            org_unit=beat,
            day=monday + timedelta(days=i),
            start=time(9),
            end=time(11, 30),
            kind=kind,
            staff=me,
            backup=helper if i != 3 else None,  # Thursday's patrol: the AB gap
        )
    # Yesterday's duty log of the demo officer, filled from yesterday's records.
    services.work_log_fill(acting_user=None, staff=me, day=today - timedelta(days=1), today=today)
    # The second beat's officer: about three days in four in the beat this month, by hand-entered lines.
    other = next((p for p in police if p.org_unit_id != beat.pk), None)
    if other is not None:
        working = [d for d in (today.replace(day=1) + timedelta(days=n) for n in range(today.day)) if is_workday(d)]
        for n, day in enumerate(working):
            if n % 4 == 3:
                continue  # every fourth working day spent elsewhere (training, the station)
            log = WorkLog.objects.create(staff=other, day=day, filled_at=_at(day, 18))
            WorkLogEntry.objects.create(
                log=log,
                source=EntrySource.MANUAL,
                at=time(9),
                text="社区巡逻、走访商户",
                place=other.org_unit.name,
                place_unit=other.org_unit,
                in_beat=True,
            )
    services.leave_record(
        acting_user=lead,
        staff=b,
        kind="leave",
        starts_at=_at(today + timedelta(days=2), 8),
        ends_at=_at(today + timedelta(days=2), 18),
        reason="年休假（演示）",
    )
    services.support_request(
        acting_user=lead,
        org_unit=station,
        to_unit="江枫分局治安管理大队",
        subject="周末大型庙会安保警力支援",
        content="预计人流两万人次，请求增派警力20名。",
        due_at=_at(today + timedelta(days=3), 17),
        now=_at(today, 9),
    )
    services.equipment_register(acting_user=lead, beat=beat, kind="motorcycle", number="苏E·1234警")
    Training.objects.create(staff=me, start_on=date(today.year, 3, 10), days=10, topic="社区警务实务培训")
    return 1
