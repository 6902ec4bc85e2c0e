from django.core import checks

from tasks.catalogue import TEMPLATES

from .obligations import OBLIGATIONS
from .validation import obligation_problems


@checks.register()
def check_obligations(app_configs=None, **kwargs):
    """rules.E001…: every obligation row must be complete and use the engine's vocabulary."""
    errors = []
    seen = set()
    template_codes = {t["code"] for t in TEMPLATES}
    for row in OBLIGATIONS:
        where = f"obligation {row.get('code')!r}"
        if row.get("code") in seen:
            errors.append(checks.Error(f"{where}: duplicate code", id="rules.E011"))
        seen.add(row.get("code"))
        for check_id, field, why in obligation_problems(row, template_codes=template_codes):
            errors.append(checks.Error(f"{where}: field {field}: {why}", id=check_id))
    return errors
