from django.core import checks

from .catalogue import FIELD_TYPES, TEMPLATES
from .models import Closer, TaskKind


@checks.register()
def check_task_templates(app_configs=None, **kwargs):
    """tasks.E001…: every 任务标准件 row must have typed, named fields."""
    errors, seen = [], set()
    for row in TEMPLATES:
        where = f"task template {row.get('code')!r}"
        if row.get("code") in seen:
            errors.append(checks.Error(f"{where}: duplicate code", id="tasks.E001"))
        seen.add(row.get("code"))
        if row.get("kind") not in TaskKind.values or row.get("closer") not in Closer.values:
            errors.append(checks.Error(f"{where}: field kind/closer is not a known value", id="tasks.E002"))
        names = [f.get("name") for f in row.get("fields", [])]
        if len(names) != len(set(names)) or "done_on" not in names:
            errors.append(checks.Error(f"{where}: field names must be unique and include done_on", id="tasks.E003"))
        for spec in row.get("fields", []):
            if spec.get("type") not in FIELD_TYPES or not spec.get("label"):
                errors.append(
                    checks.Error(f"{where}: field {spec.get('name')!r} needs a label and type", id="tasks.E004")
                )
            if spec.get("type") == "choice" and not spec.get("choices"):
                errors.append(checks.Error(f"{where}: field {spec.get('name')!r} needs choices", id="tasks.E005"))
    return errors
