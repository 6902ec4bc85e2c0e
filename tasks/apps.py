from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "任务"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the task-template checks)
            indicators,  # noqa: F401  (declares 管处率 for the metrics catalogue)
        )

        post_migrate.connect(_load_templates, sender=self)


def _load_templates(sender, using="default", **kwargs):
    from .services import task_template_catalogue_load

    task_template_catalogue_load(using=using)
