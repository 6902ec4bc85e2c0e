from django.core import checks

from .limits import NUMBER_MAX, NUMBERS


def leads_problems() -> list[tuple[str, str]]:
    """[(check id, message)] for the station-number rows (leads.limits)."""
    problems = []
    codes = [row.get("code") for row in NUMBERS]
    if len(codes) != len(set(codes)):
        problems.append(("leads.E001", "number codes must be unique"))
    for row in NUMBERS:
        where = f"number {row.get('code')!r}"
        if row.get("unit") not in NUMBER_MAX:
            problems.append(("leads.E001", f"{where}: field unit: 应为 {', '.join(NUMBER_MAX)} 之一"))
        if not str(row.get("source", "")).startswith("规范") or not row.get("reading") or not row.get("label"):
            problems.append(("leads.E001", f"{where}: field source/reading: 须引用条款并写明条文理解"))
        default = row.get("default")
        if not (isinstance(default, int) and 0 < default <= NUMBER_MAX.get(row.get("unit"), 0)):
            problems.append(("leads.E002", f"{where}: field default: 应为不超过上限的正整数"))
    return problems


@checks.register()
def check_leads_numbers(app_configs=None, **kwargs):
    """leads.E001…: the station-number rows (scores, points rules)."""
    return [checks.Error(message, id=check_id) for check_id, message in leads_problems()]
