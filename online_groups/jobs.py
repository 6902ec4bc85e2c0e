"""Background job (django-tasks): one pass of the gateway inbox, for a deployment that enqueues it from its
worker instead of running ``manage.py online_groups_inbox --follow``."""

from django_tasks import task


@task()
def online_groups_inbox_job() -> dict:
    from .inbox import run_once

    return run_once().__dict__
