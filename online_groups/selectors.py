"""Reads of 云格警务, always through the user's data scope (view_services); out of scope = missing.

The statistics (``response_stats``, the indicators) are readings until 规范000 §9 is known: first-response p50/p90
use the nearest-rank percentile over the requests answered in the period; the share within the clock counts every
request whose clock has run out (answered or not).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.roles import Perm
from org.models import OrgUnit, OrgUnitKind

from .catalogue import Category, RequestStatus
from .models import Broadcast, GroupMember, OnlineGroup, OnlineRequest


def group_list(*, user, filters: dict | None = None):
    """Groups in scope; filters: q (name or chat id), visibility, compliance (ok / composition / nickname),
    dismissed (include dismissed groups), within (a unit)."""
    filters = filters or {}
    qs = OnlineGroup.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("org_unit", "specialist")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(chat_id__icontains=q))
    if visibility := filters.get("visibility"):
        qs = qs.filter(visibility=visibility)
    compliance = filters.get("compliance")
    if compliance == "ok":
        qs = qs.filter(composition_ok=True, nickname_ok=True)
    elif compliance == "composition":
        qs = qs.filter(composition_ok=False)
    elif compliance == "nickname":
        qs = qs.filter(nickname_ok=False)
    if not filters.get("dismissed"):
        qs = qs.filter(dismissed_at=None)
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.annotate(member_count=Count("members", filter=Q(members__left_at=None))).order_by(
        "scope_path", "name", "pk"
    )


def group_get(*, user, pk) -> OnlineGroup:
    return (
        OnlineGroup.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
        .select_related("org_unit", "specialist", "registered_by")
        .get(pk=pk)
    )


def group_members(group: OnlineGroup, *, include_left: bool = True):
    qs = GroupMember.objects.filter(group=group).select_related("staff")
    if not include_left:
        qs = qs.filter(left_at=None)
    return qs.order_by(F("left_at").asc(nulls_first=True), "role", "pk")


def request_list(*, user, filters: dict | None = None, now: datetime | None = None):
    """Requests in scope; filters: q (number, content, resident), category, status (open / closed / all, default
    open), late (first response after its clock, or still missing past it), group, within."""
    filters = filters or {}
    now = now or timezone.now()
    qs = OnlineRequest.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related(
        "group", "assigned_to", "acknowledged_by"
    )
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(number__icontains=q) | Q(content__icontains=q) | Q(resident_name__icontains=q))
    if category := filters.get("category"):
        qs = qs.filter(category=category)
    status = filters.get("status") or RequestStatus.OPEN
    if status != "all":
        qs = qs.filter(status=status)
    if filters.get("late"):
        qs = qs.filter(Q(acknowledged_at__gt=F("respond_by")) | Q(acknowledged_at=None, respond_by__lt=now))
    if group := filters.get("group"):
        qs = qs.filter(group=group)
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-received_at", "-pk")


def request_get(*, user, pk) -> OnlineRequest:
    return (
        OnlineRequest.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
        .select_related("group", "org_unit", "beat", "logged_by", "acknowledged_by", "assigned_to")
        .get(pk=pk)
    )


def open_requests_for(*, user, limit: int = 20):
    """The phone page's list: open requests in scope still waiting for their first reply, oldest first."""
    return (
        OnlineRequest.objects.visible_to(user, perm=Perm.SERVE_RESIDENTS)
        .filter(status=RequestStatus.OPEN, acknowledged_at=None)
        .select_related("group")
        .order_by("received_at", "pk")[:limit]
    )


def intake_groups(*, user):
    return (
        OnlineGroup.objects.visible_to(user, perm=Perm.SERVE_RESIDENTS)
        .filter(dismissed_at=None)
        .order_by("scope_path", "name")
    )


def broadcast_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Broadcast.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("org_unit", "requested_by")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(text__icontains=q)
    return qs.annotate(
        target_count=Count("targets"),
        sent_count=Count("targets", filter=Q(targets__status="sent")),
        queued_count=Count("targets", filter=Q(targets__status="queued")),
    ).order_by("-requested_at", "-pk")


def broadcast_get(*, user, pk) -> Broadcast:
    return Broadcast.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("org_unit").get(pk=pk)


# ---------------------------------------------------------------- statistics (readings)


def span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def percentile(values: list[float], p: int) -> float | None:
    """Nearest-rank percentile (p in 1..100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def requests_in(unit: OrgUnit, start: date, end: date):
    since, until = span(start, end)
    return OnlineRequest.objects.filter(scope_path__startswith=unit.path, received_at__gte=since, received_at__lt=until)


def clocked_requests(unit: OrgUnit, start: date, end: date, now: datetime | None = None):
    """Requests of the period whose first-response clock has run out or that were answered: the denominator of the
    share within the clock."""
    now = now or timezone.now()
    return requests_in(unit, start, end).filter(Q(acknowledged_at__isnull=False) | Q(respond_by__lte=now))


def _figures(rows: list[tuple]) -> dict:
    minutes = [m for m, _ok, _counted in rows if m is not None]
    counted = [ok for _m, ok, c in rows if c]
    return {
        "count": len(rows),
        "answered": len(minutes),
        "p50": percentile(minutes, 50),
        "p90": percentile(minutes, 90),
        "within": sum(1 for ok in counted if ok),
        "clocked": len(counted),
        "share": (sum(1 for ok in counted if ok) / len(counted)) if counted else None,
    }


def response_stats(unit: OrgUnit, start: date, end: date, now: datetime | None = None) -> dict:
    """First response per group, station and category: count, p50/p90 minutes, share within the clock."""
    now = now or timezone.now()
    rows = requests_in(unit, start, end).values_list(
        "received_at", "acknowledged_at", "respond_by", "category", "group__name", "station__name"
    )
    by = {"all": defaultdict(list), "group": defaultdict(list), "station": defaultdict(list),
          "category": defaultdict(list)}  # fmt: skip
    labels = dict(Category.choices)
    for received, acknowledged, respond_by, category, group_name, station_name in rows:
        minutes = (acknowledged - received).total_seconds() / 60 if acknowledged else None
        counted = acknowledged is not None or respond_by <= now
        ok = acknowledged is not None and acknowledged <= respond_by
        row = (minutes, ok, counted)
        by["all"][""].append(row)
        by["group"][group_name or "（未对应群组）"].append(row)
        by["station"][station_name].append(row)
        by["category"][str(labels.get(category, category))].append(row)
    return {key: {name: _figures(r) for name, r in sorted(groups.items())} for key, groups in by.items()}


def active_groups(unit: OrgUnit):
    return OnlineGroup.objects.filter(scope_path__startswith=unit.path, dismissed_at=None)


def beats_under(unit: OrgUnit):
    return OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgUnitKind.BEAT, is_active=True)


def beat_coverage(unit: OrgUnit) -> tuple[int, int]:
    """(beats with at least one active group at or under them, beats under ``unit``)."""
    beats = list(beats_under(unit).values_list("path", flat=True))
    paths = set(active_groups(unit).values_list("scope_path", flat=True))
    covered = sum(1 for b in beats if any(p.startswith(b) for p in paths))
    return covered, len(beats)
