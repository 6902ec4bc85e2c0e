"""System checks of 考评与指标: the safety index's configuration is data and is checked at start-up."""

from decimal import Decimal

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.database)
def check_safety_index(app_configs=None, databases=None, **kwargs):
    """metrics.E001: the 社区安全指数's category weights must sum to 100 %; metrics.W001: a mapped indicator the
    catalogue does not have (a module removed it)."""
    if not databases:
        return []
    from fengqiao.indicators import CATALOGUE

    from .models import SafetyIndexCategory, SafetyIndexItem

    found = []
    try:
        weights = [c.weight for c in SafetyIndexCategory.objects.all()]
        if weights and sum(weights, Decimal(0)) != 100:
            found.append(
                checks.Error(f"社区安全指数各类权重合计为 {sum(weights, Decimal(0))}%，应为 100%", id="metrics.E001")
            )
        for item in SafetyIndexItem.objects.exclude(code__in=list(CATALOGUE)):
            found.append(checks.Warning(f"社区安全指数引用的指标 {item.code} 不在指标目录中", id="metrics.W001"))
    except DatabaseError:
        return []
    return found
