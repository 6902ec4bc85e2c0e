"""管处率 and on-time rate — defined once, here.

规范001 第三十条(四): 规定任务、指令任务、推送任务管处率百分之九十五以上 ("以上" includes the number, 第一百二十五条).

Reading of the article: over the tasks of those three kinds *due* in a period (cancelled ones — withdrawn, or
"no longer applies" — are not counted), 管处率 = handled (closed) / due; 按时率 = closed with the work done on or
before the due date / due. Grouped per officer (assignee), beat (the task's unit) and station.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F

from accounts.roles import Perm
from fengqiao.indicators import IndicatorSpec, Measure, register
from org.models import OrgUnit, OrgUnitKind

from .models import Task, TaskKind, TaskStatus

SOURCE = "规范001 第三十条(四)"
HANDLING_RATE_MIN = Decimal("0.95")
COUNTED_KINDS = (TaskKind.STANDING, TaskKind.COMMAND, TaskKind.PUSHED)


@dataclass
class Rate:
    key: object
    label: str
    due: int = 0
    handled: int = 0
    on_time: int = 0

    @property
    def handling_rate(self) -> Decimal | None:
        return (Decimal(self.handled) / self.due).quantize(Decimal("0.0001")) if self.due else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return (Decimal(self.on_time) / self.due).quantize(Decimal("0.0001")) if self.due else None

    @property
    def meets_standard(self) -> bool | None:
        rate = self.handling_rate
        return None if rate is None else rate >= HANDLING_RATE_MIN


def handling_rates(*, user, start: date, end: date, group_by: str = "beat") -> list[Rate]:
    """Rates per ``officer``, ``beat`` or ``station`` over tasks due in [start, end] that the user may see."""
    qs = (
        Task.objects.visible_to(user, perm=Perm.VIEW_TASKS)
        .filter(kind__in=COUNTED_KINDS, due_on__gte=start, due_on__lte=end)
        .exclude(status=TaskStatus.CANCELLED)
    )
    rows = qs.values_list(
        "assignee_id",
        "assignee__full_name",
        "assignee__username",
        "org_unit_id",
        "org_unit__name",
        "org_unit__path",
        "status",
        "done_on",
        "due_on",
    )
    stations = None
    if group_by == "station":
        stations = {u.path: u for u in OrgUnit.objects.filter(kind=OrgUnitKind.STATION)}
    rates: dict[object, Rate] = {}
    for assignee, full_name, username, unit_id, unit_name, path, status, done_on, due_on in rows:
        if group_by == "officer":
            key, label = assignee, (full_name or username or "（未派发）")
        elif group_by == "station":
            station = next((stations[p] for p in stations if path.startswith(p)), None)
            key, label = (station.pk, station.name) if station else (None, "—")
        else:
            key, label = unit_id, unit_name
        rate = rates.setdefault(key, Rate(key, label))
        rate.due += 1
        if status == TaskStatus.CLOSED:
            rate.handled += 1
            if done_on is not None and done_on <= due_on:
                rate.on_time += 1
    return sorted(rates.values(), key=lambda r: r.label)


# ---------------------------------------------------------------- declared for the metrics catalogue


def _counted_tasks(unit, start: date, end: date):
    return Task.objects.filter(
        kind__in=COUNTED_KINDS, due_on__gte=start, due_on__lte=end, org_unit__path__startswith=unit.path
    ).exclude(status=TaskStatus.CANCELLED)


def handling_rate_measure(unit, start: date, end: date) -> Measure:
    tasks = _counted_tasks(unit, start, end)
    return Measure(tasks.filter(status=TaskStatus.CLOSED).count(), tasks.count())


def on_time_rate_measure(unit, start: date, end: date) -> Measure:
    tasks = _counted_tasks(unit, start, end)
    on_time = tasks.filter(status=TaskStatus.CLOSED, done_on__isnull=False, done_on__lte=F("due_on")).count()
    return Measure(on_time, tasks.count())


for _spec in (
    IndicatorSpec(
        code="art30_4_task_handling_rate",
        name="规定任务、指令任务、推送任务管处率",
        source=SOURCE,
        compute=handling_rate_measure,
        target=HANDLING_RATE_MIN,
        reading="期内到期的规定、指令、推送任务（撤销的不计）中已办结的比例。",
        records=_counted_tasks,
    ),
    IndicatorSpec(
        code="art30_4_task_on_time_rate",
        name="任务按时办结率",
        source=SOURCE,
        compute=on_time_rate_measure,
        reading="期内到期的规定、指令、推送任务中，办结且办理日期不晚于到期日的比例（第三十条(四)未设单独目标）。",
        records=_counted_tasks,
    ),
):
    register(_spec, module="tasks")
