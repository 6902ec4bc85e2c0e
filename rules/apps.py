from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RulesConfig(AppConfig):
    name = "rules"
    verbose_name = "规则引擎"

    def ready(self):
        from . import checks  # noqa: F401  (registers the obligation checks)
        from .adapters import register_builtin_adapters
        from .services import on_task_closed

        register_builtin_adapters()
        post_migrate.connect(_load_catalogue, sender=self)
        from tasks.hooks import after_task_closed

        after_task_closed.append(on_task_closed)


def _load_catalogue(sender, using="default", **kwargs):
    from .services import holiday_calendar_seed, obligation_catalogue_load

    obligation_catalogue_load(using=using)
    holiday_calendar_seed(using=using)
