"""Helpers for alert tests: alerts raised at fixed times (Asia/Shanghai) on the demo officer's beat."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from alerts import services
from subjects.tests.factories import beat_of
from tasks.models import OPEN_STATUSES, Task

TZ = ZoneInfo("Asia/Shanghai")

__all__ = ["at", "beat_of", "clock", "raise_alert", "tasks_of"]


def clock(moment: datetime):
    """Stand at ``moment`` (the tasks module stamps feedback with the real time)."""
    return time_machine.travel(moment, tick=False)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def raise_alert(users, *, by="control", colour="red", when: datetime, officer="officer", **extra):
    with clock(when):
        return services.alert_raise(
            acting_user=users[by],
            beat=beat_of(users[officer]),
            colour=colour,
            title=extra.pop("title", "辖区某小区疑似传销窝点聚集"),
            description=extra.pop("description", "群众举报，人员聚集，存在重大风险"),
            raised_at=when,
            now=when,
            **extra,
        )


def tasks_of(alert, code=None, open_only=True):
    qs = Task.objects.filter(record_type="alert", record_id=str(alert.pk))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if code:
        qs = qs.filter(obligation_code=code)
    return list(qs.order_by("due_at", "id"))
