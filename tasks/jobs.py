"""Background jobs (django-tasks; database backend ``django_tasks_db``, worker: ``manage.py db_worker``).

Enqueue nightly from cron or a systemd timer: ``python manage.py run_rules`` and ``python manage.py
send_task_reminders`` do the same work in the foreground.
"""

from django_tasks import task


@task()
def rules_run_job(as_of: str | None = None) -> dict:
    from datetime import date

    from rules.services import rules_run

    return rules_run(acting_user=None, as_of=date.fromisoformat(as_of) if as_of else None).as_dict()


@task()
def task_reminders_job() -> dict:
    from .services import task_reminders_send

    return task_reminders_send(acting_user=None)
