"""Background jobs (django-tasks, like ``tasks.jobs``); ``manage.py casework_deadlines`` does the same in the
foreground."""

from django_tasks import task


@task()
def casework_deadlines_job() -> int:
    from .services import handover_deadlines_check

    return handover_deadlines_check(acting_user=None)
