"""Background jobs (django-tasks, like ``tasks.jobs``); ``manage.py duty_logs_fill`` does the same in the
foreground."""

from datetime import date, timedelta

from django.utils import timezone
from django_tasks import task


@task()
def duty_logs_fill_job(day: str | None = None) -> int:
    from .services import work_logs_fill_day

    when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    return work_logs_fill_day(day=when)
