from django.apps import AppConfig


class OnlineGroupsConfig(AppConfig):
    name = "online_groups"
    verbose_name = "云格警务"

    def ready(self):
        from ops.schedules import register_schedule

        from . import indicators  # noqa: F401  (declares the 云格 indicators, readings until §9 is known)
        from .adapters import register
        from .jobs import schedule

        register()
        # The nightly sweep of the gateway spool runs with ops' schedules without ops knowing this module.
        register_schedule(schedule())
