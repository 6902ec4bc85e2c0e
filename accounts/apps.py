from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from . import checks  # noqa: F401  (registers the scoped-model checks)

        post_migrate.connect(_scope_statistics, sender=self)


def _scope_statistics(using="default", **kwargs):
    from .scope import scope_statistics

    scope_statistics(using=using)
