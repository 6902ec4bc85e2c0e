"""Helpers for outreach tests: the demo officer's beat, a request received at a given instant."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from accounts.models import RoleAssignment
from accounts.roles import Role
from outreach import services
from tasks.models import OPEN_STATUSES, Task

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def beat_of(user):
    return RoleAssignment.objects.filter(user=user, role__in=[Role.OFFICER, Role.AUXILIARY]).first().org_unit


def receive(user, *, when: datetime, service_type="consultation", beat=None, **extra):
    fields = {
        "channel": "window",
        "content": "咨询居住证办理条件",
        "applicant_name": "来访群众甲",
        "applicant_phone": "13800001234",
    }
    with time_machine.travel(when, tick=False):
        return services.service_request_receive(
            acting_user=user, beat=beat or beat_of(user), service_type=service_type, **(fields | extra)
        )


def close(user, request, *, when: datetime, **extra):
    with time_machine.travel(when, tick=False):
        return services.service_request_close(acting_user=user, request=request, **({"result": "已办结"} | extra))


def tasks_for(record_type: str, record_id, *, open_only=True):
    qs = Task.objects.filter(record_type=record_type, record_id=str(record_id))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return list(qs.order_by("due_on", "id"))
