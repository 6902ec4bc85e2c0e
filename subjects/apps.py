from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "subjects"
    verbose_name = "特定对象"

    def ready(self):
        from rules.adapters import register_adapter

        from . import checks  # noqa: F401  (registers subjects.E001…)
        from .adapters import SpecialSubjectAdapter

        # Replaces the rules stand-in for ``special_subject`` (which it still reads for numeric ids).
        register_adapter(SpecialSubjectAdapter())
