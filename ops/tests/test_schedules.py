"""Schedules run once a day whoever fires them, and a missed day is caught up at the next start (issue 12)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ops import jobs
from ops.models import RunStatus, ScheduledRun
from ops.schedules import MAX_ATTEMPTS, SCHEDULES, scheduled_run_execute, schedules_tick
from rules.models import RuleRun

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


def test_a_timer_fired_twice_runs_each_job_once(immediate):
    # given the morning of 2026-11-18, every daily run time has passed
    now = at("2026-11-18T10:00")
    runs_before = RuleRun.objects.count()
    # when the timer fires twice
    first = schedules_tick(now=now)
    second = schedules_tick(now=now)
    # then each schedule ran once, for today
    assert sorted(code for code, _ in first) == sorted(s.code for s in SCHEDULES)
    assert second == []
    assert ScheduledRun.objects.filter(slot=date(2026, 11, 18), status=RunStatus.DONE).count() == len(SCHEDULES)
    assert RuleRun.objects.count() == runs_before + 1
    assert RuleRun.objects.latest("pk").as_of == date(2026, 11, 18)
    assert ScheduledRun.objects.get(code="backup").result == {"skipped": "FENGQIAO_BACKUP_DIR 未设置"}


def test_before_the_run_time_the_latest_slot_is_yesterday(immediate):
    schedules_tick(now=at("2026-11-18T00:30"))
    assert ScheduledRun.objects.get(code="run_rules").slot == date(2026, 11, 17)
    assert ScheduledRun.objects.get(code="send_task_reminders").slot == date(2026, 11, 17)
    # at 01:00 today's rules run is due; reminders wait for 07:30
    queued = dict(schedules_tick(now=at("2026-11-18T01:00")))
    assert queued == {"run_rules": [date(2026, 11, 18)]}


def test_missed_days_are_caught_up_in_order_at_the_next_start(immediate):
    # given the rules ran last for the 15th, then the machine was off for two days
    schedules_tick(now=at("2026-11-15T09:00"))
    runs_before = RuleRun.objects.count()
    # when it starts again on the 18th
    queued = dict(schedules_tick(now=at("2026-11-18T09:00")))
    # then the rules engine runs the 16th, 17th and 18th in order; reminders run once, for today
    assert queued["run_rules"] == [date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)]
    assert queued["send_task_reminders"] == [date(2026, 11, 18)]
    assert [r.as_of for r in RuleRun.objects.order_by("pk")[runs_before:]] == [
        date(2026, 11, 16),
        date(2026, 11, 17),
        date(2026, 11, 18),
    ]


def test_catch_up_goes_back_at_most_seven_days(immediate):
    schedules_tick(now=at("2026-11-01T09:00"))
    queued = dict(schedules_tick(now=at("2026-11-18T09:00")))
    assert queued["run_rules"][0] == date(2026, 11, 11)
    assert len(queued["run_rules"]) == 8


def test_a_failing_job_is_retried_then_left_for_an_administrator(immediate, monkeypatch, client, users):
    def broken(day):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(jobs, "task_reminders_daily", broken)
    now = at("2026-11-18T09:00")
    for _ in range(MAX_ATTEMPTS + 2):
        schedules_tick(now=now)
    run = ScheduledRun.objects.get(code="send_task_reminders")
    assert (run.status, run.attempts, run.error) == (RunStatus.FAILED, MAX_ATTEMPTS, "RuntimeError: 磁盘已满")
    # the health page names it
    client.force_login(users["auditor"])
    page = client.get("/ops/health/?format=json")
    rules = next(c for c in page.json()["checks"] if c["label"] == "规则引擎每日运行")
    assert rules["state"] == "down" and "磁盘已满" in rules["detail"]


def test_two_workers_handed_the_same_day_run_it_once():
    ScheduledRun.objects.create(code="run_rules", slot=date(2026, 11, 18), enqueued_at=at("2026-11-18T01:00"))
    runs_before = RuleRun.objects.count()
    assert scheduled_run_execute("run_rules", date(2026, 11, 18)) is not None
    assert scheduled_run_execute("run_rules", date(2026, 11, 18)) is None
    assert RuleRun.objects.count() == runs_before + 1


def test_a_run_whose_worker_died_is_failed_after_six_hours_and_queued_again(settings):
    ScheduledRun.objects.create(
        code="run_rules",
        slot=date(2026, 11, 18),
        enqueued_at=at("2026-11-18T01:00"),
        status=RunStatus.RUNNING,
        started_at=at("2026-11-18T01:00"),
        attempts=1,
    )
    assert "run_rules" not in dict(schedules_tick(now=at("2026-11-18T06:59")))
    assert dict(schedules_tick(now=at("2026-11-18T07:01")))["run_rules"] == [date(2026, 11, 18)]
    run = ScheduledRun.objects.get(code="run_rules")
    assert run.status == RunStatus.QUEUED  # on the database backend: waiting for the worker
    assert DBTaskResult.objects.filter(task_path="ops.jobs.scheduled_job_run", status=TaskResultStatus.READY).exists()


def test_jobs_recover_puts_back_what_a_killed_worker_was_running(capsys):
    result = jobs.scheduled_job_run.enqueue("run_rules", ["2026-11-18"])
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("station-1")
    other = DBTaskResult.objects.get(pk=jobs.scheduled_job_run.enqueue("backup", ["2026-11-18"]).id)
    other.claim("station-2")
    call_command("jobs_recover", "--worker-id", "station-1")
    row.refresh_from_db()
    other.refresh_from_db()
    assert (row.status, other.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    assert "放回队列：1个任务" in capsys.readouterr().out


def test_run_schedules_command_lists_and_ticks(immediate, capsys):
    call_command("run_schedules")
    call_command("run_schedules", "--list")
    out = capsys.readouterr().out
    assert "已排队 run_rules" in out
    assert "run_rules" in out and "已完成" in out
