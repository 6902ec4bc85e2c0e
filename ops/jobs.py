"""The jobs the schedules run (django-tasks: the database worker at a station, RQ workers in a city)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django_tasks import task


@task()
def scheduled_job_run(code: str, days: list[str]) -> list[str]:
    """Run the schedule ``code`` for each day in order (catch-up runs the oldest first)."""
    from .schedules import scheduled_run_execute

    ran = []
    for day in days:
        if scheduled_run_execute(code, date.fromisoformat(day)) is not None:
            ran.append(day)
    return ran


def rules_run_daily(day: date) -> dict:
    from rules.services import rules_run

    return rules_run(acting_user=None, as_of=day).as_dict()


def subject_risk_refresh_daily(day: date) -> dict:
    from subjects.services import subject_risk_refresh

    return {"changed": subject_risk_refresh(acting_user=None)}  # as of today (LATEST): see its schedule row


def task_reminders_daily(day: date) -> dict:
    from tasks.services import task_reminders_send

    return task_reminders_send(acting_user=None)


def indicator_snapshots_daily(day: date) -> dict:
    from .schedules import INDICATOR_SNAPSHOTS

    return {code: fn(day) for code, fn in sorted(INDICATOR_SNAPSHOTS.items())}


def backup_nightly(day: date) -> dict:
    from .backup import backup_create

    if not settings.FENGQIAO_BACKUP_DIR:
        return {"skipped": "FENGQIAO_BACKUP_DIR 未设置"}
    return backup_create().as_dict()
