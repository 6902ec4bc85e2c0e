"""What waits for a leader (所领导, 综合指挥室, 基础管控中心, 情指中心), as data: one row per kind of waiting work,
each with the permission that shows it, a count through the owning module's scoped selector and the page where it
is acted on. A module built later adds a row here; rows of an app not installed are skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.selectors import user_may


@dataclass(frozen=True)
class Waiting:
    code: str
    label: str
    app: str
    perm: str
    count: Callable  # count(user, today) -> int
    url: Callable  # url() -> str
    urgent: bool = False  # shown red when not zero


def _tasks(user, perm=Perm.MANAGE_TASKS):
    from tasks.models import OPEN_STATUSES, Task

    return Task.objects.visible_to(user, perm=perm).filter(status__in=OPEN_STATUSES)


def _undispatched(user, today: date) -> int:
    from tasks.models import TaskStatus

    return _tasks(user).filter(status=TaskStatus.CREATED).count()


def _to_review(user, today: date) -> int:
    from tasks.models import TaskStatus

    return _tasks(user).filter(status=TaskStatus.SUBMITTED).count()


def _overdue(user, today: date) -> int:
    return _tasks(user).filter(due_on__lt=today).count()


def _task_extensions(user, today: date) -> int:
    from tasks.selectors import extension_pending_list

    return extension_pending_list(user=user).count()


def _markings(user, today: date) -> int:
    from subjects.selectors import approval_list

    return approval_list(user=user).count()


def _hazard_extensions(user, today: date) -> int:
    from inspections.selectors import extensions_to_decide

    return extensions_to_decide(user=user).count()


def _open_alerts(user, today: date) -> int:
    from alerts.selectors import alert_list

    return alert_list(user=user).count()  # open and responded, in scope (三色预警, 规范003)


def _unsigned_logs(user, today: date) -> int:
    from duty.models import WorkLog

    # Logs of days already over (today's is still being written), in the leader's scope (规范002 工作日志制度).
    qs = WorkLog.objects.visible_to(user, perm=Perm.MANAGE_DUTY)
    return qs.filter(signed_at__isnull=True, day__lt=today).count()


def _support_waiting(user, today: date) -> int:
    from duty.models import SupportRequest, SupportStatus

    return SupportRequest.objects.visible_to(user, perm=Perm.MANAGE_DUTY).filter(status=SupportStatus.WAITING).count()


def _station(query: str = "") -> Callable:
    return lambda: reverse("tasks:station") + query


WAITING: tuple[Waiting, ...] = (
    Waiting("undispatched", _("待派发任务"), "tasks", Perm.MANAGE_TASKS, _undispatched, _station("?status=created")),
    Waiting("to_review", _("待审核反馈"), "tasks", Perm.MANAGE_TASKS, _to_review, _station("?status=submitted")),
    Waiting("overdue", _("逾期任务"), "tasks", Perm.MANAGE_TASKS, _overdue, _station("?overdue=on"), urgent=True),
    Waiting("task_extensions", _("任务延期申请"), "tasks", Perm.MANAGE_TASKS, _task_extensions, _station()),
    Waiting(
        "markings",
        _("特定对象标注审批"),
        "subjects",
        Perm.APPROVE_SUBJECTS,
        _markings,
        lambda: reverse("subjects:approval_list"),
    ),
    Waiting(
        "hazard_extensions",
        _("延期整改审批"),
        "inspections",
        Perm.DECIDE_INSPECTIONS,
        _hazard_extensions,
        lambda: reverse("inspections:extension_list"),
    ),
    Waiting(
        "duty_logs",
        _("待审核工作日志"),
        "duty",
        Perm.MANAGE_DUTY,
        _unsigned_logs,
        lambda: reverse("duty:log_list") + "?unsigned=1",
    ),
    Waiting(
        "support_requests",
        _("待答复支援请求"),
        "duty",
        Perm.MANAGE_DUTY,
        _support_waiting,
        lambda: reverse("duty:support_list") + "?status=waiting",
    ),
    Waiting(
        "alerts",
        _("未结三色预警"),
        "alerts",
        "view_alerts",
        _open_alerts,
        lambda: reverse("alerts:alert_board"),
        urgent=True,
    ),
)


def waiting_for(*, user, today: date) -> list[dict]:
    """The rows the user may act on, with their counts (zero rows kept: a leader sees that nothing waits)."""
    rows = []
    for row in WAITING:
        if not apps.is_installed(row.app) or not user_may(user, row.perm):
            continue
        n = row.count(user, today)
        rows.append({"code": row.code, "label": row.label, "count": n, "url": row.url(), "urgent": row.urgent and n})
    return rows
