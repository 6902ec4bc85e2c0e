from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "duty"
    verbose_name = "勤务"

    def ready(self):
        from ops.schedules import register_schedule

        from . import (
            checks,  # noqa: F401  (registers duty.E001…)
            indicators,  # noqa: F401  (declares the 第一百零一条 time-in-beat indicators)
        )
        from .hooks import register
        from .jobs import schedule

        # Answers org.hooks.duty_officers_at (who is on duty at a station at a time) for the modules below.
        register()
        # The nightly fill runs with ops' schedules (and shows on its health page) without ops knowing this module.
        register_schedule(schedule())
