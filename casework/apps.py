from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "矛盾纠纷与案事件"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers casework.E001…)
            indicators,  # noqa: F401  (declares the 第七十六条 indicators for the metrics catalogue)
        )
        from .adapters import register

        # Replaces the rules stand-in for ``dispute``; adds ``mediation_agreement``.
        register()
