"""The nightly jobs go through django-tasks' database backend (no broker on a police intranet)."""

import pytest

from tasks.jobs import rules_run_job, task_reminders_job

pytestmark = pytest.mark.django_db


def test_jobs_enqueue_on_the_database_backend():
    from django_tasks_db.models import DBTaskResult

    result = rules_run_job.enqueue("2025-03-03")
    task_reminders_job.enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.task_path == "tasks.jobs.rules_run_job" and row.status == "READY"
    assert DBTaskResult.objects.filter(task_path="tasks.jobs.task_reminders_job").count() == 1


def test_the_worker_runs_the_reminders_job_once_and_the_officer_is_reminded(users, monkeypatch):
    """The worker (``manage.py db_worker``) picks the queued job up and runs it: the officer gets the reminder of a task
    due tomorrow (remind_before_days=1), exactly once; a second run of the job sends nothing new."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from tasks.models import Message, MessageKind, Task, TaskKind, TaskStatus, TaskTemplate

    tomorrow = timezone.localdate() + timedelta(days=1)
    officer = users["officer"]
    task = Task.objects.create(
        kind=TaskKind.STANDING,
        title="走访辖区重点单位治保负责人",
        template=TaskTemplate.objects.get(code="meeting"),
        status=TaskStatus.DISPATCHED,
        org_unit=officer.role_assignments.get().org_unit,
        assignee=officer,
        due_on=tomorrow,
        remind_before_days=1,
    )
    due_soon = Task.objects.filter(
        status__in=(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED),
        reminded_at__isnull=True,
        assignee__isnull=False,
        due_on__gte=timezone.localdate(),
    )
    expected = sum(1 for t in due_soon if timezone.localdate() >= t.due_on - timedelta(days=t.remind_before_days))

    # The worker closes idle connections between jobs; inside the test's transaction it must keep this one.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    queued = task_reminders_job.enqueue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    row = DBTaskResult.objects.get(id=queued.id)
    assert row.status == "SUCCESSFUL", row.exception_class_path
    assert row.return_value["reminders"] == expected >= 1
    [message] = Message.objects.filter(recipient=officer, task=task)
    assert message.kind == MessageKind.REMINDER
    assert message.text == f"任务“走访辖区重点单位治保负责人”将于{tomorrow:%Y-%m-%d}到期，请按时办理"

    again = task_reminders_job.enqueue()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DBTaskResult.objects.get(id=again.id).return_value["reminders"] == 0
    assert Message.objects.filter(recipient=officer, task=task).count() == 1
