from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "一标三实"

    def ready(self):
        from . import indicators  # noqa: F401  (declares the 第三十条 indicators for the metrics catalogue)
