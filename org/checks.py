from django.core import checks

from .measures import MEASURES
from .models import OrgUnitKind
from .rules import STAFFING_RULES


@checks.register()
def check_staffing_rules(app_configs=None, **kwargs):
    """org.E001…: every staffing rule row must name a known kind, measure and a limit."""
    problems = []
    seen = set()
    for rule in STAFFING_RULES:
        where = f"staffing rule {rule.code!r}"
        if rule.code in seen:
            problems.append(checks.Error(f"{where}: duplicate code", id="org.E001"))
        seen.add(rule.code)
        if rule.applies_to not in OrgUnitKind.values:
            problems.append(
                checks.Error(f"{where}: field applies_to={rule.applies_to!r} is no org kind", id="org.E002")
            )
        for name in filter(None, (rule.measure, rule.when)):
            if name not in MEASURES:
                problems.append(checks.Error(f"{where}: measure {name!r} is not registered", id="org.E003"))
        if rule.min is None and rule.max is None:
            problems.append(checks.Error(f"{where}: needs min or max", id="org.E004"))
        if not rule.source.startswith("规范"):
            problems.append(checks.Error(f"{where}: field source must cite an article", id="org.E005"))
    return problems
