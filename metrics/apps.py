from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "考评与指标"

    def ready(self):
        from fengqiao.indicators import register_snapshot_reader
        from ops.schedules import register_indicator_snapshot
        from web.navigation import register_workbench_panel

        from . import (
            checks,  # noqa: F401  (registers metrics.E001…: schemes below 70 %, safety-index weights)
            indicators,  # noqa: F401  (declares the 第一百一十四条 survey indicators)
        )
        from .selectors import stored_measures
        from .services import indicator_snapshot_day
        from .views import lead_panel

        # The daily ``indicator_snapshots`` schedule stores month-to-date values of every catalogue row.
        register_indicator_snapshot("metrics", indicator_snapshot_day)
        # Modules' own pages read those snapshots through fengqiao.indicators (they never import metrics).
        register_snapshot_reader(stored_measures)
        # 我的工作台 shows a leader what waits for them and which beat is behind (metrics:workbench in full).
        register_workbench_panel("metrics/_lead_panel.html", lead_panel)
