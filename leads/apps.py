from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = "群众工作"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers leads.E001…)
            indicators,  # noqa: F401  (declares the 第五十二条, feedback, patrol and points indicators)
        )
        from .adapters import register

        register()
