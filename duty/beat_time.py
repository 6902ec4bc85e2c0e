"""Time in the beat (规范001 第一百零一条), per officer and month, with the days behind the figure.

A working day (the rules engine's holiday calendar: statutory days off and 调休 make-up days) counts as a day in
the beat when the officer has at least one located activity in their own beat that day (``duty.activities``, plus
the lines they added by hand to their duty log marked “在本警务区”). A working day wholly on leave is not working
time and leaves the denominator. Days after ``today`` are not counted yet. Readings: ``duty.rules.TIME_IN_BEAT``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.utils import timezone

from org.models import StaffKind
from rules.calendar import is_workday

from .activities import Activity, collect
from .models import EntrySource, Leave, LeaveKind, WorkLogEntry
from .rules import TIME_IN_BEAT_BY_CODE


@dataclass
class BeatDay:
    day: date
    working: bool
    on_leave: bool = False
    in_beat: bool = False
    activities: list = field(default_factory=list)


@dataclass
class BeatTime:
    staff: object
    rule: dict
    days: list[BeatDay]

    @cached_property
    def working_days(self) -> int:
        return sum(1 for d in self.days if d.working and not d.on_leave)

    @cached_property
    def in_beat_days(self) -> int:
        return sum(1 for d in self.days if d.working and not d.on_leave and d.in_beat)

    @cached_property
    def ratio(self) -> Decimal | None:
        if not self.working_days:
            return None
        return (Decimal(self.in_beat_days) / Decimal(self.working_days)).quantize(Decimal("0.0001"))

    @cached_property
    def meets(self) -> bool | None:
        # "以上" includes the number (第一百二十五条): 16/20 = 80 % meets.
        return None if self.ratio is None else self.ratio >= self.rule["target"]

    @cached_property
    def short_days(self) -> list[BeatDay]:
        return [d for d in self.days if d.working and not d.on_leave and not d.in_beat]


def rule_for(staff) -> dict:
    """专职社区民警 80 %, other community officers 40 % (第一百零一条)."""
    full = staff.kind == StaffKind.COMMUNITY_OFFICER and staff.is_full_time
    return TIME_IN_BEAT_BY_CODE["art101_full_time" if full else "art101_other"]


def month_bounds(month: date) -> tuple[date, date]:
    start = month.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return start, end


def _whole_day_leave(leaves, staff_id: int, day: date, tz=None) -> bool:
    tz = tz or timezone.get_current_timezone()
    # The working hours of 规范002 (8:30–17:30): a leave covering them is a day off work.
    start, end = datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=8, minutes=30), None
    end = start + timedelta(hours=9)
    for leave in leaves:
        if leave.staff_id != staff_id or leave.kind != LeaveKind.LEAVE:
            continue
        until = min(leave.ends_at, leave.returned_at) if leave.returned_at else leave.ends_at
        if leave.starts_at <= start and until >= end:
            return True
    return False


def beat_time(staff_list, start: date, end: date, *, today: date | None = None) -> list[BeatTime]:
    """The time in the beat of each staff member over ``start``..``end`` (counted up to ``today``).

    The activities and leaves are grouped by officer (and day) once: a city's 400 officers × 30 days each
    scanning every activity and leave took a second (issue 11)."""
    today = today or timezone.localdate()
    staff_list = list(staff_list)
    if not staff_list:
        return []
    last = min(end, today)
    users = {}
    for s in staff_list:
        user = getattr(s, "user", None)
        if user is not None:
            users[user.pk] = s
    by_staff: dict[int, list[Activity]] = {s.pk: [] for s in staff_list}
    for a in collect(list(users), start, last):
        by_staff[users[a.user_id].pk].append(a)
    manual = WorkLogEntry.objects.filter(
        log__staff__in=staff_list, log__day__gte=start, log__day__lte=last, source=EntrySource.MANUAL, in_beat=True
    ).values_list("log__staff_id", "log__day", "text")
    for staff_id, day, text in manual:
        by_staff[staff_id].append(Activity(0, day, None, "manual", "", text, "", ""))
    leaves_by_staff = defaultdict(list)
    for leave in Leave.objects.filter(
        staff__in=staff_list,
        starts_at__lt=timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time())),
    ):
        leaves_by_staff[leave.staff_id].append(leave)
    tz = timezone.get_current_timezone()
    calendar = []
    day = start
    while day <= last:
        calendar.append((day, is_workday(day)))
        day += timedelta(days=1)
    out = []
    for s in staff_list:
        beat_path = s.org_unit.path
        by_day = defaultdict(list)
        for a in by_staff[s.pk]:
            by_day[a.day].append(a)
        leaves = leaves_by_staff.get(s.pk, [])
        days = []
        for day, working in calendar:
            bd = BeatDay(day, working, on_leave=bool(leaves) and _whole_day_leave(leaves, s.pk, day, tz))
            bd.activities = by_day.get(day, [])
            bd.in_beat = any(a.source == "manual" or a.path.startswith(beat_path) for a in bd.activities)
            days.append(bd)
        out.append(BeatTime(s, rule_for(s), days))
    return out
