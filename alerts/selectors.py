"""Reads of alerts, always through the user's data scope (view_alerts); out of scope looks missing."""

from __future__ import annotations

from datetime import datetime

from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.roles import Perm
from tasks.models import OPEN_STATUSES, Task

from .adapters import RECORD_TYPE
from .models import Alert, AlertStatus


def _open_clock_tasks():
    return Task.objects.filter(
        record_type=RECORD_TYPE,
        record_id=Cast(OuterRef("pk"), CharField()),
        status__in=OPEN_STATUSES,
        obligation_code__startswith="alert_",
    )


def alert_list(*, user, filters: dict | None = None, now: datetime | None = None):
    """Alerts in scope, with the next clock of each (the earliest open engine task's due time).

    filters: colour, status (default: open and responded; ``all``; or one status), overdue (a clock past due),
    q (title), within (a station or beat), mine (the user's beat tasks)."""
    filters = filters or {}
    now = now or timezone.now()
    clocks = _open_clock_tasks().order_by("due_at")
    qs = (
        Alert.objects.visible_to(user, perm=Perm.VIEW_ALERTS)
        .select_related("beat", "raised_by")
        .annotate(
            next_due_at=Subquery(clocks.values("due_at")[:1]),
            next_due_title=Subquery(clocks.values("title")[:1]),
            department_count=Count("departments", distinct=True),
        )
    )
    status = filters.get("status")
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=AlertStatus.CLOSED)
    if colour := filters.get("colour"):
        qs = qs.filter(colour=colour)
    if filters.get("overdue"):
        qs = qs.filter(next_due_at__lt=now)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-raised_at", "-id")


def alert_get(*, user, pk) -> Alert:
    return (
        Alert.objects.visible_to(user, perm=Perm.VIEW_ALERTS)
        .select_related("beat", "raised_by", "responded_by", "closed_by")
        .get(pk=pk)
    )


def alert_tasks(alert: Alert):
    """The alert's clocks (engine tasks) and, for an orange one, the draws' tasks."""
    return (
        Task.objects.filter(record_type=RECORD_TYPE, record_id=alert.record_id)
        .select_related("template", "assignee")
        .order_by("due_at", "due_on", "id")
    )


def open_alerts_panel(*, user, limit: int = 10):
    """The workbench panel: open alerts the user's scope covers, with their next clock, reddest first."""
    order = {"red": 0, "orange": 1, "yellow": 2}
    rows = list(alert_list(user=user)[:50])
    rows.sort(key=lambda a: (order.get(a.colour, 9), a.next_due_at or a.raised_at))
    return rows[:limit]


def clock_text(due_at: datetime | None, now: datetime | None = None) -> str:
    """“剩余42分钟” / “已超时1小时5分” for a due time (pages and the workbench)."""
    if due_at is None:
        return ""
    now = now or timezone.now()
    seconds = int((due_at - now).total_seconds())
    minutes = abs(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = (f"{days}天" if days else "") + (f"{hours}小时" if hours else "") + (f"{minutes}分" if not days else "")
    parts = parts or "0分"
    return f"剩余{parts}" if seconds >= 0 else f"已超时{parts}"
