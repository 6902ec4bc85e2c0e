"""Start-up checks of the inspection catalogue: a malformed row fails ``manage.py check`` naming row and field."""

from django.core import checks

from .catalogue import APPLIES, CHECKLIST, TRADE_GROUP_BY_CODE, TRADE_TYPES
from .notices import NOTICE_KINDS


def catalogue_problems() -> list[tuple[str, str]]:
    problems = []
    codes = [item.code for item in CHECKLIST]
    if len(codes) != len(set(codes)):
        problems.append(("inspections.E001", "checklist codes must be unique"))
    for item in CHECKLIST:
        if not item.label or not item.source.startswith("规范"):
            problems.append(("inspections.E001", f"checklist {item.code!r}: field label/source: 须有名称并引用条款"))
        if item.applies not in APPLIES:
            problems.append(("inspections.E002", f"checklist {item.code!r}: field applies: 须为 {APPLIES} 之一"))
    types = [row[0] for row in TRADE_TYPES]
    if len(types) != len(set(types)):
        problems.append(("inspections.E003", "trade type codes must be unique"))
    for code, group, label in TRADE_TYPES:
        if group not in TRADE_GROUP_BY_CODE or not label:
            problems.append(("inspections.E003", f"trade type {code!r}: field group: 未登记的第六十八条类别"))
    for code, spec in NOTICE_KINDS.items():
        if not spec.get("label") or not spec.get("word") or not str(spec.get("source", "")).startswith("规范"):
            problems.append(("inspections.E004", f"notice kind {code!r}: 须有名称、文号用字并引用条款"))
    return problems


@checks.register()
def check_catalogue(app_configs=None, **kwargs):
    return [checks.Error(message, id=check_id) for check_id, message in catalogue_problems()]
