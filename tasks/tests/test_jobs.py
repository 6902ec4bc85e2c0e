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
