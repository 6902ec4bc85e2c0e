"""社区安全指数 and the evaluation results, read from the catalogue values (``selectors.unit_indicator_values``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fengqiao.indicators import CATALOGUE

from .models import EvaluationScheme, Normalisation, SafetyIndexCategory, StationProfile
from .selectors import IndicatorValue, unit_indicator_values, units_indicator_values

HUNDRED = Decimal(100)


def normalised(value: IndicatorValue, how: str) -> Decimal | None:
    """A value on 0–100: a ratio ×100, or against its target (meeting the target scores 100)."""
    if value.value is None:
        return None
    if how == Normalisation.TARGET and value.spec.target:
        if value.spec.direction == "<=":
            score = HUNDRED if value.value <= value.spec.target else value.spec.target / value.value * HUNDRED
        else:
            score = value.value / value.spec.target * HUNDRED
    else:
        score = value.value * HUNDRED if value.spec.unit == "ratio" else value.value
    return min(HUNDRED, max(Decimal(0), score)).quantize(Decimal("0.1"))


@dataclass
class IndexPart:
    code: str
    name: str
    weight: Decimal
    value: IndicatorValue | None = None
    score: Decimal | None = None
    normalisation: str = ""


@dataclass
class IndexCategory:
    category: SafetyIndexCategory
    score: Decimal | None
    parts: list[IndexPart] = field(default_factory=list)


@dataclass
class SafetyIndex:
    score: Decimal | None
    categories: list[IndexCategory]


def _weighted(pairs: list[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Weighted mean over the measured parts; weights of unmeasured parts are left out (said on the page)."""
    measured = [(w, s) for w, s in pairs if s is not None and w]
    total = sum((w for w, _s in measured), Decimal(0))
    if not total:
        return None
    return (sum((w * s for w, s in measured), Decimal(0)) / total).quantize(Decimal("0.1"))


def safety_index(unit, period: str) -> SafetyIndex:
    return safety_indices([unit], period)[unit.pk]


def safety_indices(units, period: str) -> dict[int, SafetyIndex]:
    """``safety_index`` of many units: the categories once and every unit's snapshots in one query (the page's
    units one level down were a few queries each, issue 11); a unit's figure without a snapshot is computed as
    before."""
    categories = list(SafetyIndexCategory.objects.prefetch_related("items"))
    codes = {item.code for c in categories for item in c.items.all()}
    by_unit = units_indicator_values(list(units), [period], codes=codes)
    return {unit.pk: _index(categories, by_unit[(unit.pk, period)]) for unit in units}


def _index(categories, unit_values) -> SafetyIndex:
    values = {v.spec.code: v for v in unit_values}
    out = []
    for category in categories:
        parts = []
        for item in category.items.all():
            value = values.get(item.code)
            spec = CATALOGUE.get(item.code)
            parts.append(
                IndexPart(
                    item.code,
                    spec.name if spec else item.code,
                    item.weight,
                    value,
                    normalised(value, item.normalisation) if value else None,
                    item.get_normalisation_display(),
                )
            )
        out.append(IndexCategory(category, _weighted([(p.weight, p.score) for p in parts]), parts))
    return SafetyIndex(_weighted([(c.category.weight, c.score) for c in out]), out)


# ---------------------------------------------------------------- evaluation results


@dataclass
class EvaluationRow:
    name: str
    code: str
    weight: Decimal
    community: bool
    value: IndicatorValue | None
    score: Decimal | None


def scheme_for(station) -> EvaluationScheme | None:
    """The scheme in force for a station: its category's scheme of the year, owned at or above the station."""
    profile = StationProfile.objects.filter(org_unit=station).first()
    if profile is None:
        return None
    paths = [station.path[:end] for end in range(8, len(station.path) + 1, 8)]
    return (
        EvaluationScheme.objects.filter(org_unit__path__in=paths, category=profile.category)
        .prefetch_related("items")
        .order_by("-year")
        .first()
    )


def evaluation_result(scheme: EvaluationScheme, unit, period: str) -> tuple[Decimal | None, list[EvaluationRow]]:
    codes = {i.code for i in scheme.items.all() if i.code}
    values = {v.spec.code: v for v in unit_indicator_values(unit, period, codes=codes)}
    rows = []
    for item in scheme.items.all():
        value = values.get(item.code)
        score = normalised(value, Normalisation.TARGET) if value else None
        rows.append(EvaluationRow(item.name, item.code, item.weight, item.community, value, score))
    return _weighted([(r.weight, r.score) for r in rows]), rows
