"""Reads of tasks — always through the user's data scope (``Task.objects.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import Perm

from .models import OPEN_STATUSES, ExtensionRequest, ExtensionStatus, Message, Task, TaskKind, TaskStatus

DUE_SOON_DAYS = 7  # 即将到期: due within the next seven days


def task_is_overdue(task: Task, *, today: date | None = None, now: datetime | None = None) -> bool:
    """Open and past its deadline: the due date has passed, or for an hour limit the due time."""
    if task.status not in OPEN_STATUSES:
        return False
    if task.due_at is not None and now is not None:
        return now > task.due_at
    return (today or timezone.localdate()) > task.due_on


def task_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Task.objects.visible_to(user, perm=Perm.VIEW_TASKS).select_related("assignee", "org_unit", "template")
    if q := filters.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(record_label__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if filters.get("mine"):
        qs = qs.filter(assignee=user)
    if filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=filters.get("today") or timezone.localdate())
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("due_on", "id")


def task_get(*, user, pk) -> Task:
    return task_list(user=user).get(pk=pk)


@dataclass
class TaskPanel:
    today: list[Task] = field(default_factory=list)
    soon: list[Task] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    total_open: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"today": len(self.today), "soon": len(self.soon), "overdue": len(self.overdue)}


def my_task_panel(*, user, today: date | None = None, limit: int = 50) -> TaskPanel:
    """我的任务: the user's open tasks due today, due within seven days, and overdue; open counts by kind."""
    today = today or timezone.localdate()
    mine = task_list(user=user, filters={"mine": True, "open": True})
    panel = TaskPanel()
    panel.overdue = list(mine.filter(due_on__lt=today)[:limit])
    panel.today = list(mine.filter(due_on=today)[:limit])
    panel.soon = list(mine.filter(due_on__gt=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))[:limit])
    labels = dict(TaskKind.choices)
    rows = mine.order_by().values("kind").annotate(n=Count("id"))
    panel.by_kind = {str(labels[r["kind"]]): r["n"] for r in rows}
    panel.total_open = sum(panel.by_kind.values())
    return panel


def station_task_summary(*, user, today: date | None = None) -> dict:
    """所领导's view: open tasks in scope per beat (open / overdue / awaiting dispatch / awaiting review) and the
    extension requests waiting for a decision; the tasks themselves are ``station_task_list``."""
    today = today or timezone.localdate()
    qs = Task.objects.visible_to(user, perm=Perm.MANAGE_TASKS).filter(status__in=OPEN_STATUSES)
    rows = (
        qs.order_by()
        .values("org_unit_id", "org_unit__name", "org_unit__path")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_on__lt=today)),
            undispatched=Count("id", filter=Q(status=TaskStatus.CREATED)),
            to_review=Count("id", filter=Q(status=TaskStatus.SUBMITTED)),
        )
        .order_by("org_unit__path")
    )
    return {
        "units": list(rows),
        "extensions": list(extension_pending_list(user=user)[:50]),
    }


def station_task_list(*, user, filters: dict | None = None):
    """本所任务: the open tasks of the stations the user manages (所领导, 综合指挥室), overdue first, with the
    filters a lead needs (beat, status, kind, overdue, text)."""
    filters = filters or {}
    qs = (
        Task.objects.visible_to(user, perm=Perm.MANAGE_TASKS)
        .filter(status__in=OPEN_STATUSES)
        .select_related("assignee", "org_unit", "template")
    )
    if q := filters.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(record_label__icontains=q))
    if beat := filters.get("beat"):
        qs = qs.filter(org_unit__path__startswith=beat.path)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if filters.get("overdue"):
        qs = qs.filter(due_on__lt=filters.get("today") or timezone.localdate())
    return qs.order_by("due_on", "id")


def station_handlers(*, user):
    """Who a lead may dispatch to: the active officers and auxiliaries inside the stations the user manages."""
    from accounts.models import User
    from accounts.roles import Role
    from accounts.scope import scope_prefixes

    prefixes = scope_prefixes(user, Perm.MANAGE_TASKS)
    if not prefixes:
        return User.objects.none()
    inside = Q()
    for prefix in prefixes:
        inside |= Q(role_assignments__org_unit__path__startswith=prefix)
    return (
        User.objects.filter(inside, is_active=True, role_assignments__role__in=(Role.OFFICER, Role.AUXILIARY))
        .distinct()
        .order_by("username")
    )


def extension_pending_list(*, user):
    return (
        ExtensionRequest.objects.visible_to(user, perm=Perm.MANAGE_TASKS)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("task", "requested_by")
    )


def extension_get(*, user, pk) -> ExtensionRequest:
    return ExtensionRequest.objects.visible_to(user, perm=Perm.MANAGE_TASKS).select_related("task").get(pk=pk)


def message_list(*, user, unread_only: bool = False):
    """The user's own messages (消息中心); nobody reads another's."""
    qs = Message.objects.filter(recipient=user).select_related("task")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def message_unread_count(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def task_evidence_get(*, user, pk):
    """A task's 佐证材料 for whoever may see the task (out of scope looks missing)."""
    from .models import TaskEvidence

    evidence = TaskEvidence.objects.get(pk=pk)
    task_get(user=user, pk=evidence.task_id)
    return evidence
