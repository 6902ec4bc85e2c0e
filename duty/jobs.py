"""Background jobs (django-tasks, like ``tasks.jobs``); ``manage.py duty_logs_fill`` does the same in the
foreground."""

from datetime import date, time, timedelta

from django.utils import timezone
from django_tasks import task


@task()
def duty_logs_fill_job(day: str | None = None) -> int:
    from .services import work_logs_fill_day

    when = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    return work_logs_fill_day(day=when)


def work_logs_fill_nightly(day: date) -> int:
    """The schedule's job (ops calls it with the run's day): fill the logs of the day before, the day just ended."""
    from .services import work_logs_fill_day

    return work_logs_fill_day(day=day - timedelta(days=1), today=day)


def schedule():
    from ops.schedules import EACH_DAY, Schedule

    return Schedule(
        code="duty_logs_fill",
        label="勤务日志自动填写",
        job="duty.jobs.work_logs_fill_nightly",
        at=time(0, 30),
        catch_up=EACH_DAY,
        reading="规范002 工作日志制度：每晚把前一日的记录填入各民警、辅警的工作日志（已签名的不动）；"
        "停机错过的日期启动后逐日补填（最多补7日）。",
    )
