"""Every background job's start, end and failure on the log (django-tasks' signals, any backend)."""

import logging

from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued, task_finished, task_started

logger = logging.getLogger("fengqiao.jobs")


def _fields(task_result) -> dict:
    return {
        "job_id": str(task_result.id),
        "job": task_result.task.module_path,
        "backend": task_result.backend,
        "status": str(task_result.status),
    }


@receiver(task_enqueued)
def job_enqueued(sender, task_result, **kwargs):
    logger.info("job enqueued", extra=_fields(task_result))


@receiver(task_started)
def job_started(sender, task_result, **kwargs):
    logger.info("job started", extra=_fields(task_result))


@receiver(task_finished)
def job_finished(sender, task_result, **kwargs):
    fields = _fields(task_result)
    if task_result.started_at and task_result.finished_at:
        fields["seconds"] = round((task_result.finished_at - task_result.started_at).total_seconds(), 3)
    if task_result.status == TaskResultStatus.FAILED:
        errors = getattr(task_result, "errors", None) or []
        fields["error"] = errors[-1].exception_class_path if errors else ""
        logger.error("job failed", extra=fields)
    else:
        logger.info("job finished", extra=fields)
