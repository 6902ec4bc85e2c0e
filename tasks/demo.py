"""Demo tasks, so the workbench shows real work: a few tracked records on demo_officer's beat dated relative to
``today`` (one visit due today — on a rest day it rolls back and is overdue —, one overdue, some due soon), the
standing tasks of every beat, and a command task from 情指中心. ``today`` is given by the caller (the real date
for the demo command, the frozen one in the tests); nothing here reads the clock. Idempotent: does nothing when
the demo records exist."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role

DEMO_PREFIX = "演示·"


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def seed_demo_tasks(*, today: date) -> int:
    from rules.calendar import add_months
    from rules.models import TrackedRecord
    from rules.services import rules_run, tracked_record_create

    from .models import TaskKind
    from .services import task_issue, task_reminders_send

    if TrackedRecord.objects.filter(label__startswith=DEMO_PREFIX).exists():
        return 0
    officer = User.objects.filter(username="demo_officer").first()
    if officer is None:
        return 0
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    rows = [
        # DV warning served 7 days ago → first visit due today (规范001 第四十一条(五))
        {"category": "dv_perpetrator", "label": "家暴加害人王某", "started_on": today - timedelta(days=7)},
        # served 10 days ago and not visited → overdue
        {"category": "dv_perpetrator", "label": "家暴加害人李某", "started_on": today - timedelta(days=10)},
        # bail reported yesterday → feedback to the deciding organ within 3 days (第四十一条(八))
        {
            "category": "bail",
            "label": "取保候审人员赵某",
            "started_on": today - timedelta(days=1),
            "ends_on": add_months(today, 6),
        },
        # drug user marked almost six months ago → risk assessment due soon (第四十一条(三))
        {
            "category": "drug_user",
            "label": "社会面吸毒人员孙某",
            "started_on": add_months(today, -6) + timedelta(days=5),
        },
    ]
    for row in rows:
        row = {"record_type": "special_subject", **row}
        row["label"] = DEMO_PREFIX + row["label"]
        tracked_record_create(acting_user=None, as_of=today, beat=beat, **row)
    rules_run(acting_user=None, as_of=today)
    centre = User.objects.filter(username="demo_command_centre").first()
    if centre is not None:
        task_issue(
            acting_user=centre,
            kind=TaskKind.COMMAND,
            title="核查辖区新增出租房屋登记情况",
            description="逐户核对出租房屋与实有人口登记，三日内反馈。",
            org_unit=beat,
            assignee=officer,
            due_on=today + timedelta(days=3),
            source="规范001 第三十条(四)",
        )
    task_reminders_send(acting_user=None, now=_noon(today))
    return len(rows)
