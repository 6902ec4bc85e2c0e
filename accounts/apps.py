from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from . import checks  # noqa: F401  (registers the scoped-model checks)
