from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "三色预警"

    def ready(self):
        from . import indicators  # noqa: F401  (declares the closure rates of 规范003 服务机制(一))
        from .adapters import register

        # Replaces the rules stand-in for ``alert`` (ADR 0008).
        register()
