"""Background jobs of the registry (Django's tasks API; the database backend runs them in ``db_worker``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .importer import import_file
from .models import ImportJob, ImportStatus


@task()
def import_job_run(job_id: int) -> dict:
    """Run one uploaded import, recording progress on the job so the result page can show it."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_total=rows)

    try:
        result = import_file(
            kind=job.kind,
            path=job.file_path,
            acting_user=job.user,
            report_path=job.file_path + ".errors.xlsx",
            progress=progress,
        )
    except Exception as exc:  # the job must end in a state the user can read, whatever happened
        job.status = ImportStatus.FAILED
        job.message = f"导入失败：{exc}"[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        raise
    job.status = ImportStatus.FAILED if result.error else ImportStatus.DONE
    job.message = result.error[:300]
    job.rows_total = result.rows
    job.imported, job.updated, job.rejected = result.imported, result.updated, result.rejected
    job.report_path = result.report or ""
    job.finished_at = timezone.now()
    job.save()
    return result.as_json()


def import_job_enqueue(job: ImportJob) -> None:
    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
