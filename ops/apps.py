from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: schedules, health, structured logs, the read replica router, backups and the restore drill."""

    name = "ops"
    verbose_name = "运行维护"

    def ready(self):
        from . import joblog  # noqa: F401  (connects the job start/end/failure log to django-tasks' signals)
