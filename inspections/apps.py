from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "单位监督检查"

    def ready(self):
        from rules.adapters import register_adapter

        from . import (
            checks,  # noqa: F401  (registers inspections.E001…)
            indicators,  # noqa: F401  (declares the 第六十二条、第七十一条 indicators)
        )
        from .adapters import HazardAdapter, SupervisedUnitAdapter

        # Replace the rules stand-in for both record types (ADR 0006).
        register_adapter(SupervisedUnitAdapter())
        register_adapter(HazardAdapter())
