from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: schedules, health, structured logs, the read replica router, backups and the restore drill."""

    name = "ops"
    verbose_name = "运行维护"

    def ready(self):
        from . import checks, joblog  # noqa: F401  (deploy checks; the job start/end/failure log on django-tasks' signals)
