"""Reads of 考评与指标 — every figure comes from the catalogue (``fengqiao.indicators``), never from a module named
here, so an indicator a module registers later appears by itself. Values are read from the month's snapshot when
the daily job took one (a page never recomputes a city) and computed for the unit otherwise — for the current month
only: a past month without a snapshot shows “无快照” rather than a whole city's month computed on a page (issue 11;
a past month's figures no longer change, so the daily job's last snapshot of it is its figure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts.roles import Perm
from accounts.scope import ScopedModel, scope_prefixes
from fengqiao.indicators import IndicatorSpec, Measure, Stored, catalogue
from org.models import OrgUnit, OrgUnitKind

from .models import EvaluationLock, IndicatorSnapshot
from .periods import period_bounds, period_of

# 红黄绿 (规范003 “三色督办”，完成率≥95 %): green = target met; amber = within this margin of it; red = further.
# 003 names the colours and the 95 % target but not the amber band: this margin is our reading, shown on the page.
AMBER_MARGIN = Decimal("0.05")
AMBER_READING = (
    "规范003 只规定“红黄绿”三色督办及完成率≥95%，未规定黄色区间："
    "本系统将差距在5个百分点以内记为黄色，其余未达标记为红色。"
)

METRIC_UNIT_KINDS = (OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION, OrgUnitKind.BEAT)
MAX_UNITS = 200
NO_SNAPSHOT = gettext_noop("无快照")


@dataclass
class IndicatorValue:
    spec: IndicatorSpec
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None
    taken_at: object = None  # the snapshot's time, None when computed now
    start: date | None = None
    end: date | None = None
    missing: bool = False  # a past month with no snapshot: not computed on a page, shown as “无快照”

    @property
    def met(self) -> bool | None:
        return self.spec.met(self.value)

    @property
    def rag(self) -> str:
        """red / amber / green, or "" when there is no target or nothing to measure."""
        met = self.met
        if met is None:
            return ""
        if met:
            return "green"
        gap = abs(self.value - self.spec.target)
        margin = AMBER_MARGIN if self.spec.unit == "ratio" else abs(self.spec.target) * AMBER_MARGIN
        return "amber" if gap <= margin else "red"

    @property
    def shown(self) -> str:
        if self.missing:
            return gettext(NO_SNAPSHOT)
        if self.value is None:
            return "—"
        if self.spec.unit == "ratio":
            return f"{self.value * 100:.1f}%"
        return _plain(self.value)

    @property
    def target_shown(self) -> str:
        target = self.spec.target
        if target is None:
            return "—"
        shown = f"{target * 100:.0f}%" if self.spec.unit == "ratio" else _plain(target)
        return f"{self.spec.direction.replace('>=', '≥').replace('<=', '≤')}{shown}"

    def as_json(self) -> dict:
        spec = self.spec
        return {
            "code": spec.code,
            "name": spec.name,
            "source": spec.source,
            "value": _number(self.value),
            "target": _number(spec.target),
            "met": self.met,
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
        }


def _plain(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else f"{value.normalize()}"


def _number(value):
    """JSON numbers: integers as int, other decimals as float rounded to 4 places; None stays null."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(round(value, 4))


def measure_value(spec: IndicatorSpec, measure: Measure, **extra) -> IndicatorValue:
    den = None if measure.denominator is None else Decimal(measure.denominator)
    return IndicatorValue(spec, Decimal(measure.numerator), den, measure.value, **extra)


def is_past(period: str) -> bool:
    """A month before the current one (``YYYY-MM`` strings order as months)."""
    return period < f"{today():%Y-%m}"


def unit_indicator_values(unit: OrgUnit, period: str, *, live: bool = False, codes=None) -> list[IndicatorValue]:
    """Every catalogue row for ``unit`` over the month ``period``: the snapshot when there is one, else computed
    (this month), else “无快照” (a past month). ``live``: computed whatever the month (``manage.py indicators``)."""
    snaps = {}
    if not live:
        rows = IndicatorSnapshot.objects.filter(org_unit=unit, period=period)
        if codes is not None:
            rows = rows.filter(code__in=list(codes))
        snaps = {s.code: s for s in rows}
    return _values(unit, period, snaps, codes, compute=live or not is_past(period))


def units_indicator_values(
    units: list[OrgUnit], periods: list[str], codes=None
) -> dict[tuple[int, str], list[IndicatorValue]]:
    """``unit_indicator_values`` of many units and months at once: their snapshots in one query (a workbench of 400
    beats or six months is one read, not one per unit), computed only for a code and unit of the current month with
    no snapshot; a past month without one is “无快照”."""
    snaps: dict[tuple[int, str], dict[str, IndicatorSnapshot]] = {}
    if units and periods:
        rows = IndicatorSnapshot.objects.filter(org_unit__in=[u.pk for u in units], period__in=periods)
        if codes is not None:
            rows = rows.filter(code__in=list(codes))
        for snap in rows:
            snaps.setdefault((snap.org_unit_id, snap.period), {})[snap.code] = snap
    out = {}
    for p in periods:
        for u in units:
            out[(u.pk, p)] = _values(u, p, snaps.get((u.pk, p), {}), codes, compute=not is_past(p))
    return out


def _values(unit: OrgUnit, period: str, snaps: dict, codes=None, *, compute: bool = True) -> list[IndicatorValue]:
    start, end = period_bounds(period)
    specs = [s for s in catalogue() if codes is None or s.code in codes]
    values = []
    for spec in specs:
        snap = snaps.get(spec.code)
        if snap is not None:
            values.append(
                IndicatorValue(spec, snap.numerator, snap.denominator, snap.value, snap.taken_at, snap.start, snap.end)
            )
        elif compute:
            values.append(measure_value(spec, spec.compute(unit, start, end), start=start, end=end))
        else:
            values.append(IndicatorValue(spec, None, None, None, start=start, end=end, missing=True))
    return values


def stored_measures(unit_ids, codes, start: date, end: date) -> dict[tuple[int, str], Stored]:
    """``fengqiao.indicators``' reader of stored figures (registered in ``apps.ready``): the snapshots of a month when
    ``start``..``end`` is that month to date (this month) or the whole month (a past one) — one query for every unit,
    so a module's own page (一标三实指标, 群众工作指标) reads a city's figures instead of counting them."""
    period = period_of(start)
    if (start, end) != period_bounds(period):
        return {}
    rows = IndicatorSnapshot.objects.filter(org_unit__in=list(unit_ids), code__in=list(codes), period=period).only(
        "org_unit_id", "code", "numerator", "denominator", "taken_at", "start", "end"
    )
    return {
        (s.org_unit_id, s.code): Stored(
            Measure(_stored_number(s.numerator), None if s.denominator is None else _stored_number(s.denominator)),
            s.taken_at,
            s.start,
            s.end,
        )
        for s in rows
    }


def _stored_number(value: Decimal) -> int | Decimal:
    """A snapshot's column holds 4 places: a count comes back as the int it was, anything else without the zeros."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def year_locked(year: int) -> bool:
    return EvaluationLock.objects.filter(year=year).exists()


# ---------------------------------------------------------------- units the user may read figures of


def metric_units(*, user, perm: str = Perm.VIEW_METRICS):
    return OrgUnit.objects.visible_to(user, perm=perm).filter(is_active=True, kind__in=METRIC_UNIT_KINDS)


def metric_unit_get(*, user, pk=None, code=None, perm: str = Perm.VIEW_METRICS) -> OrgUnit:
    qs = metric_units(user=user, perm=perm)
    return qs.get(pk=pk) if pk is not None else qs.get(code=code)


def home_metric_unit(*, user, perm: str = Perm.VIEW_METRICS) -> OrgUnit | None:
    """The highest unit of the user's scope (their station for a lead, the city for the control centre)."""
    prefixes = scope_prefixes(user, perm)
    if not prefixes:
        return None
    return OrgUnit.objects.filter(path__in=prefixes).order_by("depth", "path").first()


def child_units(unit: OrgUnit) -> list[OrgUnit]:
    """The units one level of aggregation down: a station's beats, a bureau's stations, a city's bureaus/stations."""
    below = OrgUnit.objects.filter(
        path__startswith=unit.path, is_active=True, kind__in=METRIC_UNIT_KINDS, depth__gt=unit.depth
    ).exclude(pk=unit.pk)
    if unit.kind == OrgUnitKind.STATION:
        return list(below.filter(kind=OrgUnitKind.BEAT).order_by("path")[:MAX_UNITS])
    first = below.order_by("depth").values_list("depth", flat=True).first()
    return [] if first is None else list(below.filter(depth=first).order_by("path")[:MAX_UNITS])


def as_of(values) -> object:
    """When the figures shown were taken: the earliest snapshot time among them, None when all were computed now
    (the page then says nothing — they are current). A page showing a snapshot says “截至 …”."""
    return min((v.taken_at for v in values if v.taken_at is not None), default=None)


@dataclass
class RankedUnit:
    unit: OrgUnit
    values: list[IndicatorValue]
    score: Decimal | None = None
    red: int = 0
    amber: int = 0
    rank: int = 0
    red_codes: list[str] = field(default_factory=list)


def units_ranked(units: list[OrgUnit], period: str) -> list[RankedUnit]:
    """Units ranked by the share of their measured indicators that meet target (then by fewest reds): the first
    is ahead, the last is behind. A unit with nothing measured ranks last, score “—”."""
    ranked = []
    by_unit = units_indicator_values(units, [period])
    for unit in units:
        values = by_unit[(unit.pk, period)]
        judged = [v for v in values if v.met is not None]
        row = RankedUnit(unit, values)
        if judged:
            row.score = (Decimal(sum(1 for v in judged if v.met)) / len(judged) * 100).quantize(Decimal("0.1"))
        row.red = sum(1 for v in values if v.rag == "red")
        row.amber = sum(1 for v in values if v.rag == "amber")
        row.red_codes = [v.spec.code for v in values if v.rag == "red"]
        ranked.append(row)
    ranked.sort(key=lambda r: (r.score is None, -(r.score or 0), r.red, r.unit.path))
    for i, row in enumerate(ranked, 1):
        row.rank = i
    return ranked


# ---------------------------------------------------------------- drill-down


# The detail page of a record behind a figure, by model label; a model not listed is shown without a link.
DETAIL_URLS: dict[str, str] = {
    "tasks.task": "tasks:task_detail",
    "registry.resident": "registry:resident_detail",
    "registry.organization": "registry:organization_detail",
    "subjects.specialsubject": "subjects:subject_detail",
    "casework.dispute": "casework:dispute_detail",
    "casework.disputeparty": "",
    "inspections.hazard": "inspections:hazard_detail",
    "inspections.inspection": "inspections:inspection_detail",
    "inspections.supervision": "",
}


def indicator_records(*, user, spec: IndicatorSpec, unit: OrgUnit, period: str):
    """The records behind a figure, narrowed again to the viewer's scope (the unit check is the page's)."""
    if spec.records is None:
        return None
    start, end = period_bounds(period)
    qs = spec.records(unit, start, end)
    if issubclass(qs.model, ScopedModel):
        qs = qs.filter(_scope_condition(user))
    return qs


def _scope_condition(user) -> Q:
    condition = Q(pk__in=[])
    for prefix in scope_prefixes(user, Perm.VIEW_METRICS):
        condition |= Q(scope_path__startswith=prefix)
    return condition


def record_link(obj) -> str:
    label = obj._meta.label_lower
    name = DETAIL_URLS.get(label)
    if name is None:
        name = f"{obj._meta.app_label}:{obj._meta.model_name}_detail"
    if not name:
        return ""
    try:
        return reverse(name, args=[obj.pk])
    except NoReverseMatch:
        return ""


def record_label(obj) -> str:
    model = apps.get_model(obj._meta.label)
    return f"{model._meta.verbose_name} · {obj}"


def today() -> date:
    return timezone.localdate()


MAX_RECORDS = 200


def overdue_by_unit(*, user, units: list[OrgUnit], today: date) -> dict[int, int]:
    """Open tasks past due per unit (its subtree), in the viewer's task scope."""
    from tasks.models import OPEN_STATUSES, Task

    tasks = Task.objects.visible_to(user, perm=Perm.VIEW_TASKS).filter(status__in=OPEN_STATUSES, due_on__lt=today)
    counts = {unit.pk: 0 for unit in units}
    # One grouped count per path length (the units of one level share it): the scope column's prefix is the unit.
    for length in sorted({len(unit.path) for unit in units}):
        by_path = {unit.path: unit.pk for unit in units if len(unit.path) == length}
        rows = (
            tasks.annotate(prefix=Substr("scope_path", 1, length))
            .filter(prefix__in=list(by_path))
            .values("prefix")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[by_path[row["prefix"]]] = row["n"]
    return counts


def trend(unit: OrgUnit, periods: list[str]) -> dict:
    """Monthly values of the unit's ratio indicators with a target (the chart on the workbench and dashboard): the
    months' snapshots in one read; a past month without one is a gap, listed in ``missing`` (the page says so)."""
    series = {}
    codes = {s.code for s in catalogue() if s.unit == "ratio" and s.target is not None}
    by_period = units_indicator_values([unit], periods, codes)
    missing = []
    for period in periods:
        values = by_period[(unit.pk, period)]
        if values and all(v.missing for v in values):
            missing.append(period)
        for v in values:
            entry = series.setdefault(v.spec.code, {"name": v.spec.name, "data": []})
            entry["data"].append(None if v.value is None else float(round(v.value * 100, 1)))
    return {"periods": periods, "series": list(series.values()), "missing": missing}


def overdue_items(*, user, unit: OrgUnit, limit: int = 12) -> list[dict]:
    """The open tasks past due under ``unit`` in the viewer's scope, longest overdue first, with their clocks."""
    from tasks.models import OPEN_STATUSES, Task

    now = today()
    tasks = (
        Task.objects.visible_to(user, perm=Perm.VIEW_TASKS)
        .filter(status__in=OPEN_STATUSES, due_on__lt=now, scope_path__startswith=unit.path)
        .select_related("org_unit")
        .order_by("due_on", "id")[:limit]
    )
    # A wall screen shows what is overdue, not whom it is about: the title up to the person's label.
    return [{"title": t.title.split("：")[0], "unit": t.org_unit.name, "days": (now - t.due_on).days} for t in tasks]
