"""Daily schedules as data, and the tick that turns them into jobs — once per day, whatever fires it.

A systemd timer (``deploy/systemd/fengqiao-schedules.timer``) or the Procfile's ``clock`` process calls
:func:`schedules_tick` every few minutes. Each schedule has one :class:`~ops.models.ScheduledRun` row per day
(unique ``code`` + ``slot``): the first tick after the run time creates the row and enqueues the job, every later
tick that day finds the row and does nothing, so a timer fired twice runs the job once. A tick after downtime
finds the missed day without a row and enqueues it then (catch-up). The job claims its row with a conditional
UPDATE, so two workers handed the same job run it once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import RunStatus, ScheduledRun

logger = logging.getLogger("fengqiao.schedules")

EACH_DAY = "each_day"  # run every missed day in order, each as of its own date
LATEST = "latest"  # run once, as of today: today's run already covers what a missed day would have done

MAX_ATTEMPTS = 3  # a failed day is retried at the next ticks, then left for an administrator (health page)
QUEUED_STALE = timedelta(hours=1)  # a queued job no worker took (queue lost) is enqueued again
RUNNING_STALE = timedelta(hours=6)  # a job still "running" this long lost its worker; it is marked failed


@dataclass(frozen=True)
class Schedule:
    code: str
    label: str
    job: str  # dotted path of a callable taking the day (date) and returning something JSON can hold
    at: time  # local time (Asia/Shanghai) from which the day's run is due
    catch_up: str = LATEST
    max_catch_up_days: int = 7
    reading: str = ""


SCHEDULES: list[Schedule] = [
    Schedule(
        code="run_rules",
        label="规则引擎每日运行",
        job="ops.jobs.rules_run_daily",
        at=time(1, 0),
        catch_up=EACH_DAY,
        reading="规定任务按日推算：停机错过的日期在下次启动时按日期顺序逐日补算（最多补7日），再算当日。",
    ),
    Schedule(
        code="subject_risk_refresh",
        label="特定对象风险赋分刷新",
        job="ops.jobs.subject_risk_refresh_daily",
        at=time(1, 30),
        reading="风险赋分只取决于当日的逾期与走访情况：错过的日期不补，启动后按当日重算一次。",
    ),
    Schedule(
        code="indicator_snapshots",
        label="指标快照",
        job="ops.jobs.indicator_snapshots_daily",
        at=time(2, 0),
        catch_up=EACH_DAY,
        reading="各模块登记的指标快照按日保存，错过的日期逐日补存（最多补7日）。",
    ),
    Schedule(
        code="backup",
        label="数据库与附件备份",
        job="ops.jobs.backup_nightly",
        at=time(2, 30),
        reading="每晚一次；错过则启动后立即补做一次（未设置 FENGQIAO_BACKUP_DIR 时不备份）。",
    ),
    Schedule(
        code="send_task_reminders",
        label="任务到期提醒与逾期上报",
        job="ops.jobs.task_reminders_daily",
        at=time(7, 30),
        reading="上班前发送；提醒按“今天≥到期日−提前天数”判断，错过的日期由当日运行一并补发。",
    ),
]


def register_schedule(schedule: Schedule) -> None:
    """A module's own nightly job (``register_schedule(Schedule(...))`` in its AppConfig.ready()): ops runs it like
    its own schedules without importing the module. Registering the same code again replaces the entry."""
    SCHEDULES[:] = [s for s in SCHEDULES if s.code != schedule.code] + [schedule]


# Hook for the indicator snapshots of later modules (metrics): ``register_indicator_snapshot("code", fn)`` in the
# module's AppConfig.ready(); ``fn(day)`` stores that day's figures and returns how many rows it wrote.
INDICATOR_SNAPSHOTS: dict[str, Callable[[date], int]] = {}


def register_indicator_snapshot(code: str, fn: Callable[[date], int]) -> None:
    INDICATOR_SNAPSHOTS[code] = fn


def schedule_by_code(code: str) -> Schedule:
    for schedule in SCHEDULES:
        if schedule.code == code:
            return schedule
    raise KeyError(code)


def latest_slot(schedule: Schedule, now: datetime) -> date:
    """The most recent day whose run time has passed at ``now``."""
    local = timezone.localtime(now)
    return local.date() if local.time() >= schedule.at else local.date() - timedelta(days=1)


def due_days(schedule: Schedule, now: datetime) -> list[date]:
    """Days this schedule should have a run for at ``now``: the latest slot, plus missed days when it catches up."""
    slot = latest_slot(schedule, now)
    if schedule.catch_up != EACH_DAY:
        return [slot]
    last_done = ScheduledRun.objects.filter(code=schedule.code, status=RunStatus.DONE).aggregate(d=Max("slot"))["d"]
    if last_done is None or last_done >= slot:
        return [slot]
    first = max(last_done + timedelta(days=1), slot - timedelta(days=schedule.max_catch_up_days))
    return [first + timedelta(days=i) for i in range((slot - first).days + 1)]


def schedules_tick(*, now: datetime | None = None) -> list[tuple[str, list[date]]]:
    """Enqueue every schedule's runs that are due and not yet queued, done or given up. Returns what it queued."""
    now = now or timezone.now()
    queued = []
    for schedule in SCHEDULES:
        days = [day for day in due_days(schedule, now) if _claim_slot(schedule.code, day, now)]
        if days:
            _enqueue(schedule.code, days)
            queued.append((schedule.code, days))
    return queued


def _claim_slot(code: str, day: date, now: datetime) -> bool:
    """True when this tick should enqueue the day's run: the row is new, or a retry is due."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(code=code, slot=day, enqueued_at=now)
        return True
    except IntegrityError:
        pass
    runs = ScheduledRun.objects.filter(code=code, slot=day)
    # A job whose worker died mid-run never reports back: after RUNNING_STALE it counts as failed.
    runs.filter(status=RunStatus.RUNNING, started_at__lt=now - RUNNING_STALE).update(
        status=RunStatus.FAILED, error="运行超时未结束（工作进程中断？），将重试", finished_at=now
    )
    # Conditional updates: of two clocks ticking at once, one wins the retry.
    retry = runs.filter(status=RunStatus.FAILED, attempts__lt=MAX_ATTEMPTS) | runs.filter(
        status=RunStatus.QUEUED, enqueued_at__lt=now - QUEUED_STALE
    )
    return bool(retry.update(status=RunStatus.QUEUED, enqueued_at=now))


def _enqueue(code: str, days: list[date]) -> None:
    from .jobs import scheduled_job_run

    scheduled_job_run.enqueue(code, [d.isoformat() for d in days])
    logger.info("schedule queued", extra={"schedule": code, "days": [d.isoformat() for d in days]})


def scheduled_run_execute(code: str, day: date) -> ScheduledRun | None:
    """Run one day of one schedule in this process, if this caller claims it. Returns the row, or None when
    another worker holds it or it is done."""
    schedule = schedule_by_code(code)
    now = timezone.now()
    claimed = ScheduledRun.objects.filter(code=code, slot=day, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, finished_at=None, attempts=F("attempts") + 1
    )
    if not claimed:
        logger.info("schedule skipped: already claimed or done", extra={"schedule": code, "day": day.isoformat()})
        return None
    logger.info("schedule started", extra={"schedule": code, "day": day.isoformat()})
    try:
        result = import_string(schedule.job)(day)
    except Exception as exc:
        ScheduledRun.objects.filter(code=code, slot=day).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        logger.exception("schedule failed", extra={"schedule": code, "day": day.isoformat()})
        raise
    ScheduledRun.objects.filter(code=code, slot=day).update(
        status=RunStatus.DONE, result=result, error="", finished_at=timezone.now()
    )
    logger.info("schedule done", extra={"schedule": code, "day": day.isoformat(), "result": result})
    return ScheduledRun.objects.get(code=code, slot=day)
