"""Reads of duty records, always through the user's data scope (view_duty); out of scope looks missing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import Perm
from org.models import OrgUnit, OrgUnitKind, Staff, StaffKind, path_prefixes

from . import roster
from .beat_time import beat_time, month_bounds
from .models import DutySetting, Leave, Shift, ShiftKind, SupportRequest, SupportStatus, WorkLog
from .rules import SETTING_BY_CODE


def setting_value(code: str, unit: OrgUnit):
    """The station's value of a ``duty.rules.SETTINGS`` row (the nearest unit up the tree wins), else its default."""
    values = dict(
        DutySetting.objects.filter(code=code, org_unit__path__in=path_prefixes(unit.path)).values_list(
            "org_unit__path", "value"
        )
    )
    for path in reversed(path_prefixes(unit.path)):
        if path in values:
            return values[path]
    return SETTING_BY_CODE[code]["default"]


def station_of(unit: OrgUnit) -> OrgUnit:
    if unit.kind == OrgUnitKind.STATION:
        return unit
    return OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.STATION).first() or unit


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def shift_list(*, user, filters: dict | None = None):
    """Roster slots in scope; filters: within (a unit), start/end (days), kind, staff (name), no_backup."""
    filters = filters or {}
    qs = Shift.objects.visible_to(user, perm=Perm.VIEW_DUTY).select_related("org_unit", "staff", "backup")
    if within := filters.get("within"):
        qs = qs.within(within)
    if start := filters.get("start"):
        qs = qs.filter(day__gte=start)
    if end := filters.get("end"):
        qs = qs.filter(day__lte=end)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(staff__name__icontains=q) | Q(backup__name__icontains=q))
    if filters.get("no_backup"):
        qs = qs.filter(backup__isnull=True)
    return qs.order_by("day", "start", "id")


def shift_get(*, user, pk) -> Shift:
    return shift_list(user=user).get(pk=pk)


def station_week(*, user, station: OrgUnit, start: date) -> dict:
    """A station's roster for the week from Monday ``start``: the units, the shifts by (unit, day) and every roster
    problem (``duty.roster``)."""
    start = week_start(start)
    days = [start + timedelta(days=i) for i in range(7)]
    shifts = list(
        shift_list(user=user, filters={"within": station, "start": start - timedelta(days=1), "end": days[-1]})
    )
    units = list(
        OrgUnit.objects.visible_to(user, perm=Perm.VIEW_DUTY)
        .filter(
            path__startswith=station.path,
            kind__in=[OrgUnitKind.STATION, OrgUnitKind.BEAT, OrgUnitKind.POLICE_POST],
            is_active=True,
        )
        .order_by("path")
    )
    tz = timezone.get_current_timezone()
    leaves = list(
        Leave.objects.filter(
            scope_path__startswith=station.path,
            starts_at__lt=datetime.combine(days[-1] + timedelta(days=2), datetime.min.time(), tz),
            ends_at__gt=datetime.combine(start, datetime.min.time(), tz),
        )
    )
    problems = roster.week_problems(
        station=station,
        week_start=start,
        shifts=shifts,
        leaves=leaves,
        units=units,
        setting=lambda code: setting_value(code, station),
    )
    grid = [
        {"unit": u, "cells": [[s for s in shifts if s.org_unit_id == u.pk and s.day == d] for d in days]} for u in units
    ]
    return {
        "start": start,
        "prev": start - timedelta(days=7),
        "next": start + timedelta(days=7),
        "days": days,
        "grid": grid,
        "problems": problems,
        "shifts": [s for s in shifts if s.day >= start],
    }


def on_duty_at(*, station: OrgUnit, when: datetime) -> list[Staff]:
    """Who is on duty (值班) at ``station`` at ``when``: the A post of each duty shift covering the moment, or its B
    post when A is on leave or out (AB岗). Not scoped by user: the system asks it (org.hooks)."""
    day = timezone.localtime(when).date()
    shifts = (
        Shift.objects.filter(
            scope_path__startswith=station.path, kind=ShiftKind.DUTY, day__in=[day, day - timedelta(days=1)]
        )
        .select_related("staff", "backup", "staff__user", "backup__user")
        .order_by("day", "start", "id")
    )
    leaves = list(Leave.objects.filter(scope_path__startswith=station.path, starts_at__lte=when, ends_at__gt=when))
    found: list[Staff] = []
    for s in shifts:
        start, end = roster.shift_span(s)
        if not start <= when < end:
            continue
        if not roster.absent(s.staff_id, when, when + timedelta(seconds=1), leaves):
            found.append(s.staff)
        elif s.backup_id and not roster.absent(s.backup_id, when, when + timedelta(seconds=1), leaves):
            found.append(s.backup)
    return list({s.pk: s for s in found}.values())


def my_duty_today(*, user, today: date | None = None):
    """The user's own shifts today (A or B) — the workbench's “今日勤务”."""
    today = today or timezone.localdate()
    staff_id = getattr(user, "staff_id", None)
    if not staff_id:
        return []
    return list(
        Shift.objects.filter(day=today)
        .filter(Q(staff_id=staff_id) | Q(backup_id=staff_id))
        .select_related("org_unit", "staff", "backup")
        .order_by("start")
    )


def leave_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Leave.objects.visible_to(user, perm=Perm.VIEW_DUTY).select_related("staff", "staff__org_unit", "approved_by")
    if within := filters.get("within"):
        qs = qs.within(within)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(staff__name__icontains=q)
    if filters.get("open"):
        qs = qs.filter(returned_at__isnull=True)
    return qs.order_by("-starts_at", "-id")


def leave_get(*, user, pk) -> Leave:
    return leave_list(user=user).get(pk=pk)


def work_log_list(*, user, filters: dict | None = None):
    """Duty logs in scope; filters: within, start/end, q (staff name), unsigned, mine."""
    filters = filters or {}
    qs = WorkLog.objects.visible_to(user, perm=Perm.VIEW_DUTY).select_related("staff", "staff__org_unit", "signed_by")
    qs = qs.annotate(entry_count=Count("entries"))
    if within := filters.get("within"):
        qs = qs.within(within)
    if start := filters.get("start"):
        qs = qs.filter(day__gte=start)
    if end := filters.get("end"):
        qs = qs.filter(day__lte=end)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(staff__name__icontains=q)
    if filters.get("unsigned"):
        qs = qs.filter(signed_at__isnull=True)
    if filters.get("mine"):
        qs = qs.filter(staff_id=getattr(user, "staff_id", None))
    return qs.order_by("-day", "scope_path", "id")


def work_log_get(*, user, pk) -> WorkLog:
    return work_log_list(user=user).get(pk=pk)


def duty_staff(*, user, within: OrgUnit | None = None):
    """The community officers in scope (time in the beat is their measure, 第一百零一条)."""
    qs = (
        Staff.objects.visible_to(user, perm=Perm.VIEW_DUTY)
        .filter(kind=StaffKind.COMMUNITY_OFFICER, is_active=True)
        .select_related("org_unit", "user")
    )
    if within is not None:
        qs = qs.within(within)
    return qs.order_by("scope_path", "name")


def staff_get(*, user, pk) -> Staff:
    return Staff.objects.visible_to(user, perm=Perm.VIEW_DUTY).select_related("org_unit").get(pk=pk)


def time_in_beat(*, user, month: date, within: OrgUnit | None = None, today: date | None = None):
    start, end = month_bounds(month)
    return beat_time(duty_staff(user=user, within=within), start, end, today=today)


def support_list(*, user, filters: dict | None = None, now: datetime | None = None):
    filters = filters or {}
    now = now or timezone.now()
    qs = SupportRequest.objects.visible_to(user, perm=Perm.VIEW_DUTY).select_related("org_unit", "requested_by")
    if within := filters.get("within"):
        qs = qs.within(within)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if filters.get("overdue"):
        qs = qs.filter(status=SupportStatus.WAITING, due_at__lt=now)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(subject__icontains=q) | Q(to_unit__icontains=q))
    return qs.order_by("-requested_at", "-id")


def support_get(*, user, pk) -> SupportRequest:
    return support_list(user=user).get(pk=pk)


def staffing_report(*, user, today: date | None = None) -> dict:
    """第一百一十条 (five years in the beat, fifteen training days a year) and 第一百一十二条 (a vehicle per beat):
    the community officers and beats in scope below each row (``duty.rules.STAFFING``)."""
    from django.db.models import Sum

    from .models import VEHICLE_KINDS, Equipment, Training
    from .rules import STAFFING_BY_CODE

    today = today or timezone.localdate()
    officers = list(duty_staff(user=user))
    tenure = STAFFING_BY_CODE["art110_tenure_years"]
    short_tenure = []
    for s in officers:
        if s.joined_on is None:
            short_tenure.append((s, None))
            continue
        try:
            anniversary = s.joined_on.replace(year=s.joined_on.year + tenure["value"])
        except ValueError:  # 29 February
            anniversary = s.joined_on.replace(year=s.joined_on.year + tenure["value"], day=28)
        if anniversary > today:
            short_tenure.append((s, (today - s.joined_on).days // 365))
    training = STAFFING_BY_CODE["art110_training_days"]
    days = dict(
        Training.objects.filter(staff__in=officers, start_on__year=today.year)
        .values("staff_id")
        .annotate(total=Sum("days"))
        .values_list("staff_id", "total")
    )
    short_training = [(s, days.get(s.pk, 0)) for s in officers if days.get(s.pk, 0) < training["value"]]
    vehicle = STAFFING_BY_CODE["art112_vehicle"]
    beats = list(
        OrgUnit.objects.visible_to(user, perm=Perm.VIEW_DUTY)
        .filter(kind=OrgUnitKind.BEAT, is_active=True)
        .order_by("path")
    )
    counts = dict(
        Equipment.objects.filter(beat__in=beats, kind__in=VEHICLE_KINDS, in_service=True)
        .values("beat_id")
        .annotate(n=Count("id"))
        .values_list("beat_id", "n")
    )
    no_vehicle = [b for b in beats if counts.get(b.pk, 0) < vehicle["value"]]
    return {
        "tenure": tenure,
        "short_tenure": short_tenure,
        "training": training,
        "short_training": short_training,
        "vehicle": vehicle,
        "no_vehicle": no_vehicle,
        "year": today.year,
    }
