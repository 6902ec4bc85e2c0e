"""Alert indicators, from the engine's tasks (each formula once, with its source and reading).

规范003 服务机制(一)3: "电子工单闭环率100%" — the yellow work orders due in the period closed by their due time.
Red: the “1小时响应” and “5日闭环” clocks met, no number given beyond the clocks themselves (no target).
``compute(unit, start, end)`` counts the unit's org subtree over the days ``start``..``end``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from fengqiao.indicators import IndicatorSpec, Measure, register
from tasks.models import Task, TaskStatus

from .rules import SOURCE_RED, SOURCE_YELLOW


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def clock_tasks(code: str):
    def records(unit, start: date, end: date):
        since, until = _span(start, end)
        return Task.objects.filter(
            obligation_code=code,
            record_type="alert",
            scope_path__startswith=unit.path,
            due_at__gte=since,
            due_at__lt=until,
        ).exclude(status=TaskStatus.CANCELLED)

    return records


def clock_rate(code: str):
    records = clock_tasks(code)

    def compute(unit, start: date, end: date) -> Measure:
        tasks = records(unit, start, end)
        met = tasks.filter(status=TaskStatus.CLOSED, submitted_at__lte=F("due_at")).count()
        return Measure(met, tasks.count())

    return compute


SPECS = (
    IndicatorSpec(
        code="alert_yellow_closure_rate",
        name="黄色预警电子工单闭环率",
        source=SOURCE_YELLOW,
        compute=clock_rate("alert_yellow_close"),
        target=Decimal("1.00"),
        period="month",
        reading="期内到期的黄色预警工单（规则 alert_yellow_close）中，在24小时到期时刻前办结的比例；目标100%。",
        records=clock_tasks("alert_yellow_close"),
    ),
    IndicatorSpec(
        code="alert_red_response_in_time_rate",
        name="红色预警1小时响应率",
        source=SOURCE_RED,
        compute=clock_rate("alert_red_response"),
        period="month",
        reading=(
            "期内到期的红色预警响应任务（规则 alert_red_response）中，在发布后1小时内响应的比例；"
            "条文未给比例，不设目标。"
        ),
        records=clock_tasks("alert_red_response"),
    ),
    IndicatorSpec(
        code="alert_red_closed_in_time_rate",
        name="红色预警5日闭环率",
        source=SOURCE_RED,
        compute=clock_rate("alert_red_close"),
        period="month",
        reading="期内到期的红色预警闭环任务（规则 alert_red_close）中，在发布后120小时内闭环的比例；不设目标。",
        records=clock_tasks("alert_red_close"),
    ),
)
for _spec in SPECS:
    register(_spec, module="alerts")
