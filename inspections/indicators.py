"""Indicators of unit supervision, computed from the records (规范001 第六十二条、第七十一条), declared for the metrics
catalogue (``fengqiao.indicators``). ``compute(unit, start, end)`` covers the org subtree of ``unit`` over the days
``start``..``end``; pages and the API show them per beat, station and city under the user's scope.

Readings (where the article gives a rate without its formula):
* 按期复查率 (第六十二条(二), ≥95 %): hazards whose deadline in force (after an approved extension) falls in the
  period and has passed, or that were already re-inspected; on time = a re-inspection on or before that deadline
  (a deadline on a rest day rolls to the next working day, as the re-inspection task does).
* 未达标报告、通报率 (第六十二条(三), 100 %): failed re-inspections in the period carrying their report, notice or
  报所 — a failed re-inspection cannot be recorded without one, so it is 100 % by construction (the formula is
  still computed, and tested).
* 检查覆盖率 (第六十二条(一)): supervised units (本所, registered) inspected at least once in the period — the year
  for all units, the quarter for key units.
* 第七十一条: 底数 = 场所行业 units under management; 定期检查率 = those inspected in the period; 整改或处罚到位率 =
  their hazards due in the period that were closed (rectified, or escalated/报所 for 逾期不整改).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from fengqiao.indicator_groups import grouped, ratios, roll_up, within
from fengqiao.indicators import IndicatorSpec, Measure, register

from .catalogue import TRADE_CATEGORIES
from .models import CLOSED_HAZARD_STATUSES, Hazard, Inspection, Reinspection, ReinspectionResult, SupervisedBy

ON_TIME_TARGET = Decimal("0.95")
ESCALATION_TARGET = Decimal("1")
COVERAGE_TARGET = Decimal("1")
TRADE_Q = Q(category__in=TRADE_CATEGORIES) | Q(supervision__trade_type__gt="")


def _supervised():
    from registry.models import Organization

    return Organization.objects.filter(is_active=True).exclude(
        supervision__supervised_by__in=[SupervisedBy.UPPER, SupervisedBy.TRADE_POLICE]
    )


def supervised_units(unit):
    return _supervised().filter(scope_path__startswith=unit.path)


def _inspected_exists(start, end) -> Exists:
    done = Inspection.objects.filter(organization=OuterRef("pk"), inspected_on__gte=start, inspected_on__lte=end)
    return Exists(done)


def _inspected_q(start, end) -> Q:
    return Q(_inspected_exists(start, end))


def _inspected(units, start, end):
    return units.filter(_inspected_q(start, end))


def _due(start, end):
    today = timezone.localdate()
    reinspected = Reinspection.objects.filter(hazard=OuterRef("pk"))
    return Hazard.objects.filter(deadline__gte=start, deadline__lte=end).filter(
        Q(deadline__lt=today) | Exists(reinspected)
    )


def reinspections_due(unit, start, end):
    """Hazards counted by 按期复查率: deadline in force within the period and passed, or already re-inspected."""
    return _due(start, end).filter(scope_path__startswith=unit.path)


def _on_time_q() -> Q:
    on_time = Reinspection.objects.filter(hazard=OuterRef("pk"), reinspected_on__lte=F("deadline_in_force"))
    return Q(Exists(on_time))


def reinspection_on_time(unit, start, end) -> Measure:
    due = reinspections_due(unit, start, end)
    return Measure(due.filter(_on_time_q()).count(), due.count())


def reinspection_on_time_rates(units, start, end) -> dict[str, Measure]:
    return ratios(units, grouped(_due(start, end), units, n=Count("pk", filter=_on_time_q()), d=Count("pk")))


def _failed(start, end):
    return Reinspection.objects.filter(
        result=ReinspectionResult.NOT_RECTIFIED, reinspected_on__gte=start, reinspected_on__lte=end
    )


def failed_reinspections(unit, start, end):
    return _failed(start, end).filter(scope_path__startswith=unit.path)


def escalation_rate(unit, start, end) -> Measure:
    failed = failed_reinspections(unit, start, end)
    return Measure(failed.exclude(escalation="").count(), failed.count())


def escalation_rates(units, start, end) -> dict[str, Measure]:
    escalated = Count("pk", filter=~Q(escalation=""))
    return ratios(units, grouped(_failed(start, end), units, n=escalated, d=Count("pk")))


def unit_coverage(unit, start, end) -> Measure:
    units = supervised_units(unit)
    return Measure(_inspected(units, start, end).count(), units.count())


def _unit_figures(units, start, end) -> dict[str, dict[str, Measure]]:
    """The four figures over supervised organizations (coverage, key-unit coverage, trade 底数 and inspection rate)
    in one grouped pass over them, not one pass each (issue 11: ~100 000 organizations for the city).

    "Inspected in the period" is a grouping key, so the database answers it once per organization (one hashed
    pass over the period's inspections) rather than once per figure; the inspected group's counts are the
    numerators. Plain counts: an organization has at most one supervision row (one-to-one), so the join adds no
    duplicates."""
    rows = (
        _supervised()
        .filter(within(units))
        .order_by()
        .annotate(inspected=_inspected_exists(start, end))
        .values("scope_path", "inspected")
        .annotate(d=Count("pk"), kd=Count("pk", filter=Q(is_key_unit=True)), td=Count("pk", filter=TRADE_Q))
        .values_list("scope_path", "inspected", "d", "kd", "td")
    )
    sums = roll_up(
        units,
        ((path, (d if hit else 0, d, kd if hit else 0, kd, td if hit else 0, td)) for path, hit, d, kd, td in rows),
    )
    rows = {u.path: sums.get(u.path) or [0] * 6 for u in units}
    return {
        "art62_1_unit_inspection_coverage": {path: Measure(*row[0:2]) for path, row in rows.items()},
        "art62_1_key_unit_inspection_coverage": {path: Measure(*row[2:4]) for path, row in rows.items()},
        "art71_2_trade_inspection_rate": {path: Measure(*row[4:6]) for path, row in rows.items()},
        "art71_1_trade_base_count": {path: Measure(row[5]) for path, row in rows.items()},
    }


def unit_coverage_rates(units, start, end) -> dict[str, Measure]:
    return _unit_figures(units, start, end)["art62_1_unit_inspection_coverage"]


def key_units(unit, start=None, end=None):
    return supervised_units(unit).filter(is_key_unit=True)


def key_unit_coverage(unit, start, end) -> Measure:
    units = key_units(unit)
    return Measure(_inspected(units, start, end).count(), units.count())


def key_unit_coverage_rates(units, start, end) -> dict[str, Measure]:
    return _unit_figures(units, start, end)["art62_1_key_unit_inspection_coverage"]


def trade_units(unit, start=None, end=None):
    return supervised_units(unit).filter(TRADE_Q).distinct()


def trade_base_count(unit, start, end) -> Measure:
    return Measure(trade_units(unit).count())


def trade_base_counts(units, start, end) -> dict[str, Measure]:
    return _unit_figures(units, start, end)["art71_1_trade_base_count"]


def trade_inspection_rate(unit, start, end) -> Measure:
    units = trade_units(unit)
    return Measure(_inspected(units, start, end).count(), units.count())


def trade_inspection_rates(units, start, end) -> dict[str, Measure]:
    return _unit_figures(units, start, end)["art71_2_trade_inspection_rate"]


def _trade_q() -> Q:
    from registry.models import Organization

    return Q(Exists(Organization.objects.filter(TRADE_Q, pk=OuterRef("organization_id"))))


def trade_hazards_due(unit, start, end):
    return reinspections_due(unit, start, end).filter(_trade_q())


def trade_rectified_rate(unit, start, end) -> Measure:
    due = trade_hazards_due(unit, start, end)
    return Measure(due.filter(status__in=CLOSED_HAZARD_STATUSES).count(), due.count())


def trade_rectified_rates(units, start, end) -> dict[str, Measure]:
    closed = Count("pk", filter=Q(status__in=CLOSED_HAZARD_STATUSES))
    return ratios(units, grouped(_due(start, end).filter(_trade_q()), units, n=closed, d=Count("pk")))


SPECS = (
    IndicatorSpec(
        code="art62_2_reinspection_on_time",
        name="隐患整改按期复查率",
        source="规范001 第六十二条(二)",
        compute=reinspection_on_time,
        target=ON_TIME_TARGET,
        period="month",
        reading="整改期限（含所领导批准延长后的期限）在统计期内且已届满或已复查的隐患中，在期限届满当日或之前复查的比例。",
        records=reinspections_due,
    ),
    IndicatorSpec(
        code="art62_3_escalation_rate",
        name="隐患整改未达到规定要求的报告、通报率",
        source="规范001 第六十二条(三)",
        compute=escalation_rate,
        target=ESCALATION_TARGET,
        period="month",
        reading="统计期内复查未达到要求的隐患中，已报告乡镇人民政府/街道办事处、通报上一级主管部门或报所处理的比例；"
        "复查未达标时不填报告通报无法保存，按构造为百分之百。",
        records=failed_reinspections,
    ),
    IndicatorSpec(
        code="art62_1_unit_inspection_coverage",
        name="单位年度检查覆盖率",
        source="规范001 第六十二条(一)",
        compute=unit_coverage,
        target=COVERAGE_TARGET,
        period="year",
        reading="本所负责指导监督的在册单位中，统计期（自然年）内至少检查一次的比例。",
        records=lambda unit, start, end: supervised_units(unit),
    ),
    IndicatorSpec(
        code="art62_1_key_unit_inspection_coverage",
        name="重点单位季度检查覆盖率",
        source="规范001 第六十二条(一)",
        compute=key_unit_coverage,
        target=COVERAGE_TARGET,
        period="quarter",
        reading="本所负责指导监督的治安保卫重点单位中，统计期（自然季度）内至少检查一次的比例。",
        records=key_units,
    ),
    IndicatorSpec(
        code="art71_1_trade_base_count",
        name="场所行业底数",
        source="规范001 第七十一条(一)",
        compute=trade_base_count,
        unit="count",
        period="day",
        reading="纳入治安管理的娱乐服务场所、特种行业、危险物品从业单位、重点管理行业和新兴行业单位数（期末在册）。",
        records=trade_units,
    ),
    IndicatorSpec(
        code="art71_2_trade_inspection_rate",
        name="场所行业定期检查率",
        source="规范001 第七十一条(二)",
        compute=trade_inspection_rate,
        target=COVERAGE_TARGET,
        period="year",
        reading="场所行业单位中，统计期内至少检查一次的比例（条文要求“应当定期检查”，以全部检查为目标）。",
        records=trade_units,
    ),
    IndicatorSpec(
        code="art71_3_trade_rectified_rate",
        name="场所行业隐患整改或处罚到位率",
        source="规范001 第七十一条(三)",
        compute=trade_rectified_rate,
        target=COVERAGE_TARGET,
        period="year",
        reading="场所行业单位整改期限在统计期内且已届满（或已复查）的隐患中，已整改销号或已报告通报、报所依法处理的比例。",
        records=trade_hazards_due,
    ),
)

for _spec in SPECS:
    register(_spec, module="inspections")

# Each figure for many units at once, in a fixed number of queries (issue 11): the same numbers as ``compute``
# run unit by unit (inspections/tests/test_indicator_queries.py compares them).
FOR_UNITS = {
    "art62_2_reinspection_on_time": reinspection_on_time_rates,
    "art62_3_escalation_rate": escalation_rates,
    "art62_1_unit_inspection_coverage": unit_coverage_rates,
    "art62_1_key_unit_inspection_coverage": key_unit_coverage_rates,
    "art71_1_trade_base_count": trade_base_counts,
    "art71_2_trade_inspection_rate": trade_inspection_rates,
    "art71_3_trade_rectified_rate": trade_rectified_rates,
}


def for_units(spec: IndicatorSpec, units, start, end) -> dict[str, Measure]:
    """``{unit.path: Measure}`` for every unit: grouped where FOR_UNITS has the figure, else unit by unit."""
    if not units:
        return {}
    grouped = FOR_UNITS.get(spec.code)
    if grouped is not None:
        return grouped(units, start, end)
    return {unit.path: spec.compute(unit, start, end) for unit in units}


def table(units, start, end) -> dict[str, dict[str, Measure]]:
    """``{code: {unit.path: Measure}}`` for every figure: ``for_units``, with the four figures over organizations
    from their one shared grouped query (issue 11)."""
    if not units:
        return {spec.code: {} for spec in SPECS}
    shared = _unit_figures(units, start, end)
    return {
        spec.code: shared[spec.code] if spec.code in shared else for_units(spec, units, start, end) for spec in SPECS
    }
