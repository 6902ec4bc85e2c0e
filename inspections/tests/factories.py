"""Helpers for inspection tests: a unit registered in the registry (the real path), its assistant, answers."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RoleAssignment
from accounts.roles import Role
from inspections import services
from inspections.catalogue import checklist_for
from org.models import Staff, StaffKind
from registry.services import organization_register
from tasks.models import OPEN_STATUSES, Task

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def beat_of(user):
    return RoleAssignment.objects.filter(user=user, role__in=[Role.OFFICER, Role.AUXILIARY]).first().org_unit


def register_unit(user, *, on: date, name="江枫测试单位", key_unit=False, category="enterprise", beat=None):
    """实有单位采集 through the registry service on ``on`` (10:00), as the officer would."""
    with time_machine.travel(at(on), tick=False):
        return organization_register(
            acting_user=user,
            data={"name": name, "category": category, "is_key_unit": key_unit},
            org_unit=beat or beat_of(user),
        )


def assistant_of(beat):
    return Staff.objects.filter(kind=StaffKind.AUXILIARY, org_unit=beat, is_active=True).first()


def answers(organization, *, failed: tuple[str, ...] = ()):
    from inspections.services import unit_profile

    key, trade, _s = unit_profile(organization)
    return {
        item.code: {"ok": item.code not in failed, "note": "消防通道堆放杂物" if item.code in failed else ""}
        for item in checklist_for(key_unit=key, trade=trade)
    }


def inspect(user, organization, *, on: date, failed=(), **extra):
    fields = {
        "kind": "regular",
        "trigger": "standing",
        "inspected_on": on,
        "assistant": assistant_of(organization.org_unit),
        "recorder_ref": "DSJ-0001-20260302",
        "answers": answers(organization, failed=failed),
        "today": on,
    }
    return services.inspection_record(acting_user=user, organization=organization, **(fields | extra))


def raise_hazard(user, inspection, *, decided: datetime, deadline: date, item=None, **extra):
    fields = {
        "item_code": item or inspection.failed_items[0],
        "description": "消防通道堆放杂物，监控室无人值守",
        "requirement": "清理消防通道，落实监控室值守制度",
        "deadline": deadline,
        "warning": True,
        "decided_at": decided,
    }
    with time_machine.travel(decided, tick=False):
        return services.hazard_raise(acting_user=user, inspection=inspection, **(fields | extra))


def tasks_for(record_type: str, record_id, code: str | None = None, *, open_only=True):
    qs = Task.objects.filter(record_type=record_type, record_id=str(record_id))
    if code:
        qs = qs.filter(obligation_code=code)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return list(qs.order_by("due_on", "id"))


def due_dates(record_type, record_id, code):
    return [t.due_on for t in tasks_for(record_type, record_id, code)]


def upload(name="现场.jpg", content=b"\xff\xd8\xffphoto"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")
