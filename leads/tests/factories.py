"""Helpers for the 群众工作 tests: the demo's grid, the four elements, a route with points."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import RoleAssignment
from leads import services

TZ = ZoneInfo("Asia/Shanghai")


def at(day, hour=10, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def unit_of(user):
    return RoleAssignment.objects.filter(user=user).select_related("org_unit").first().org_unit


def elements(**extra) -> dict:
    """对象、时间、地点、事件 (规范001 第四十六条)."""
    return {
        "kind": "hazard",
        "channel": "grid",
        "subject_text": "江枫小区3号楼业主",
        "occurred_at": timezone.now().replace(microsecond=0) - timezone.timedelta(hours=1),
        "place_text": "江枫小区3号楼楼道",
        "event": "楼道堆放大量纸箱和电动车电池，存在火灾隐患",
    } | extra


def report(user, unit=None, **extra):
    return services.lead_report(acting_user=user, org_unit=unit or unit_of(user), **elements(**extra))


def route(officer, unit=None, names=("江枫小区东门", "江枫小区北门")):
    return services.patrol_route_create(
        acting_user=officer,
        org_unit=unit or unit_of(officer),
        name="江枫小区夜巡路线",
        must_lines="东门—中心花园—北门",
        points=[{"name": n} for n in names],
    )
