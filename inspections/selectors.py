"""Reads of unit supervision, always through the user's data scope (view_inspections); out of scope = missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from accounts.roles import Perm
from fengqiao.indicators import Measure
from org.models import OrgUnit, OrgUnitKind
from tasks.models import OPEN_STATUSES, Task

from . import indicators
from .catalogue import TRADE_CATEGORIES, TRADE_GROUP_BY_CODE, TRADE_TYPE_BY_CODE
from .models import (
    ExtensionStatus,
    Hazard,
    HazardExtension,
    HazardStatus,
    Inspection,
    InspectionSetting,
    Notice,
    SupervisedBy,
)

UNIT_RECORD, HAZARD_RECORD = "supervised_unit", "hazard"


def _record_id():
    return Cast(OuterRef("pk"), CharField())


def _open_unit_tasks(today: date, *, overdue: bool):
    qs = Task.objects.filter(record_type=UNIT_RECORD, record_id=_record_id(), status__in=OPEN_STATUSES)
    return qs.filter(due_on__lt=today) if overdue else qs


def unit_list(*, user, filters: dict | None = None, today: date | None = None):
    """Registered units in scope with their supervision facts; filters: q, category (registry category or a
    第六十八条 group), trade_type, key_unit, supervised_by, overdue (an inspection task past due), open_hazards,
    within (a beat/station)."""
    from registry.models import Organization

    filters = filters or {}
    today = today or timezone.localdate()
    # Each row's facts are correlated subqueries, not joined aggregates: the list is read in its own order on the
    # scope index and PostgreSQL works them out only for the page's rows (a GROUP BY counted hazards and found the
    # last inspection of every unit in scope before taking the first 20 — issue 11).
    open_hazards = Hazard.objects.filter(organization=OuterRef("pk"), status=HazardStatus.OPEN)
    qs = (
        Organization.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS)
        .filter(is_active=True)
        .select_related("org_unit", "supervision")
        .annotate(
            has_overdue=Exists(_open_unit_tasks(today, overdue=True)),
            open_hazards=Coalesce(
                Subquery(
                    open_hazards.order_by().values("organization").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            last_inspected=Subquery(
                Inspection.objects.filter(organization=OuterRef("pk"))
                .order_by("-inspected_on")
                .values("inspected_on")[:1]
            ),
        )
    )
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(name__icontains=q)
    if category := filters.get("category"):
        group = TRADE_GROUP_BY_CODE.get(category)
        if group is not None:
            types = [code for code, row in TRADE_TYPE_BY_CODE.items() if row["group"] == category]
            qs = qs.filter(Q(supervision__trade_type__in=types) | Q(category=group["category"], supervision=None))
        else:
            qs = qs.filter(category=category)
    if trade_type := filters.get("trade_type"):
        qs = qs.filter(supervision__trade_type=trade_type)
    if filters.get("trade"):
        qs = qs.filter(indicators.TRADE_Q)
    if filters.get("key_unit"):
        qs = qs.filter(is_key_unit=True)
    supervised_by = filters.get("supervised_by")
    if supervised_by == SupervisedBy.STATION:
        qs = qs.exclude(supervision__supervised_by__in=[SupervisedBy.UPPER, SupervisedBy.TRADE_POLICE])
    elif supervised_by:
        qs = qs.filter(supervision__supervised_by=supervised_by)
    if filters.get("overdue"):
        qs = qs.filter(has_overdue=True)
    if filters.get("open_hazards"):
        qs = qs.filter(Exists(open_hazards))
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("scope_path", "name", "pk")


def unit_get(*, user, pk):
    from registry.models import Organization

    return Organization.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS).select_related("org_unit").get(pk=pk)


def unit_tasks(organization, *, open_only: bool = True):
    qs = Task.objects.filter(record_type=UNIT_RECORD, record_id=str(organization.pk)).select_related("template")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("due_on", "id")


def inspection_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Inspection.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS).select_related(
        "organization", "org_unit", "inspector", "assistant"
    )
    if organization := filters.get("organization"):
        qs = qs.filter(organization=organization)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if within := filters.get("within"):
        qs = qs.within(within)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(organization__name__icontains=q)
    return qs.order_by("-inspected_on", "-id")


def inspection_get(*, user, pk) -> Inspection:
    return inspection_list(user=user).get(pk=pk)


def hazard_list(*, user, filters: dict | None = None, today: date | None = None):
    """Hazards in scope; filters: status (default open), overdue (deadline in force passed, still open), q, within."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = Hazard.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS).select_related(
        "organization", "org_unit", "notice"
    )
    status = filters.get("status")
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status=HazardStatus.OPEN)
    if filters.get("overdue"):
        qs = qs.filter(status=HazardStatus.OPEN, deadline__lt=today)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(organization__name__icontains=q) | Q(description__icontains=q))
    if within := filters.get("within"):
        qs = qs.within(within)
    if organization := filters.get("organization"):
        qs = qs.filter(organization=organization)
    return qs.order_by("deadline", "id")


def hazard_get(*, user, pk) -> Hazard:
    return hazard_list(user=user, filters={"status": "all"}).get(pk=pk)


def hazard_tasks(hazard: Hazard):
    qs = Task.objects.filter(record_type=HAZARD_RECORD, record_id=str(hazard.pk)).select_related("template")
    return qs.order_by("due_on", "id")


def extension_list(*, user, pending_only: bool = False, q: str = ""):
    qs = HazardExtension.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS).select_related(
        "hazard__organization", "hazard__org_unit", "recorded_by", "decided_by"
    )
    if pending_only:
        qs = qs.filter(status=ExtensionStatus.PENDING)
    if q := (q or "").strip():
        qs = qs.filter(hazard__organization__name__icontains=q)
    return qs.order_by("-recorded_at", "-id")


def extension_get(*, user, pk) -> HazardExtension:
    return extension_list(user=user).get(pk=pk)


def extensions_to_decide(*, user):
    """The station lead's queue: pending applications over units where the user may decide them."""
    return (
        HazardExtension.objects.visible_to(user, perm=Perm.DECIDE_INSPECTIONS)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("hazard__organization", "hazard__org_unit", "recorded_by")
        .order_by("recorded_at", "id")
    )


def notice_get(*, user, pk) -> Notice:
    return Notice.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS).get(pk=pk)


def station_settings(*, user):
    """Stations the user may set options for, with their setting (unsaved default when none)."""
    stations = OrgUnit.objects.visible_to(user, perm=Perm.DECIDE_INSPECTIONS).filter(
        kind=OrgUnitKind.STATION, is_active=True
    )
    saved = {s.station_id: s for s in InspectionSetting.objects.filter(station__in=stations)}
    return [(station, saved.get(station.pk) or InspectionSetting(station=station)) for station in stations]


def my_inspection_tasks(*, user, limit: int = 20):
    """The officer's open inspection and hazard tasks (all due dates), soonest first — the workbench panel."""
    return (
        Task.objects.visible_to(user, perm=Perm.VIEW_TASKS)
        .filter(assignee=user, record_type__in=(UNIT_RECORD, HAZARD_RECORD), status__in=OPEN_STATUSES)
        .select_related("template")
        .order_by("due_on", "id")[:limit]
    )


# ---------------------------------------------------------------- indicators per beat / station / city


@dataclass(frozen=True)
class IndicatorRow:
    unit: OrgUnit
    measures: dict[str, Measure]


def period_bounds(year: int, quarter: int | None) -> tuple[date, date]:
    if quarter:
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        return start, date.fromordinal(end.toordinal() - 1)
    return date(year, 1, 1), date(year, 12, 31)


def indicator_units(*, user, within: OrgUnit | None = None) -> list[OrgUnit]:
    """The units to show figures for: ``within`` (or the user's top units) and its children down to beats."""
    visible = OrgUnit.objects.visible_to(user, perm=Perm.VIEW_INSPECTIONS).filter(is_active=True)
    if within is None:
        # the top unit in the database, not by loading the whole visible tree (3 252 units for the city, issue 11)
        within = visible.order_by("depth", "path").first()
    if within is None:
        return []
    kinds = (OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION, OrgUnitKind.BEAT)
    children = visible.filter(parent=within, kind__in=kinds).order_by("path")
    return [within, *children]


def indicator_table(*, units: list[OrgUnit], start: date, end: date) -> list[IndicatorRow]:
    """Each figure for all the rows at once (``inspections.indicators.table``): a fixed number of queries, not
    one per unit and figure (issue 11)."""
    figures = indicators.table(units, start, end)
    return [IndicatorRow(unit, {code: by_unit[unit.path] for code, by_unit in figures.items()}) for unit in units]


def _in_group(group: dict, prefix: str = "") -> Q:
    """An organization (through ``prefix``, e.g. ``organization__``) in a 第六十八条 group: by its type, or by its
    registry category when no type is set (the new trades of (四) only by type)."""
    types = [code for code, row in TRADE_TYPE_BY_CODE.items() if row["group"] == group["code"]]
    by_type = Q(**{f"{prefix}supervision__trade_type__in": types})
    if group["code"] == "emerging":
        return by_type
    untyped = Q(**{f"{prefix}supervision": None}) | Q(**{f"{prefix}supervision__trade_type": ""})
    return by_type | (Q(**{f"{prefix}category": group["category"]}) & untyped)


def trade_counts_by_group(unit: OrgUnit, start: date, end: date) -> list[dict]:
    """第七十一条 per category: 底数, inspected in the period, hazards due and closed — two queries for all the groups
    (conditional counts), not four per group over lists of ids (1.5 s for the city, issue 11)."""
    groups = list(TRADE_GROUP_BY_CODE.values())
    units = indicators.supervised_units(unit).filter(indicators.TRADE_Q)
    # "inspected in the period" as a grouping key: answered once per organization, not once per group (issue 11)
    orgs = {f"b{i}": 0 for i in range(len(groups))} | {f"i{i}": 0 for i in range(len(groups))}
    by_inspected = (
        units.order_by()
        .annotate(inspected=indicators._inspected_exists(start, end))
        .values("inspected")
        .annotate(**{f"b{i}": Count("pk", filter=_in_group(g)) for i, g in enumerate(groups)})
    )
    for row in by_inspected:
        for i in range(len(groups)):
            orgs[f"b{i}"] += row[f"b{i}"]
            if row["inspected"]:
                orgs[f"i{i}"] += row[f"b{i}"]
    # the hazard's own organization checked through the join the group counts already make, not a semi-join on
    # every supervised trade organization of the scope (32 500 for the city, issue 11): the same conditions as
    # ``units`` (supervised_units + TRADE_Q), with the organization's prefix
    due = (
        indicators.reinspections_due(unit, start, end)
        .filter(organization__is_active=True, organization__scope_path__startswith=unit.path)
        .exclude(organization__supervision__supervised_by__in=[SupervisedBy.UPPER, SupervisedBy.TRADE_POLICE])
        .filter(Q(organization__category__in=TRADE_CATEGORIES) | Q(organization__supervision__trade_type__gt=""))
    )
    closed = ~Q(status=HazardStatus.OPEN)
    hazards = due.aggregate(
        **{f"d{i}": Count("pk", filter=_in_group(g, "organization__")) for i, g in enumerate(groups)},
        **{f"c{i}": Count("pk", filter=_in_group(g, "organization__") & closed) for i, g in enumerate(groups)},
    )
    return [
        {
            "group": group,
            "base": orgs[f"b{i}"],
            "inspected": orgs[f"i{i}"],
            "hazards_due": hazards[f"d{i}"],
            "hazards_closed": hazards[f"c{i}"],
        }
        for i, group in enumerate(groups)
    ]


def evidence_get(*, user, pk):
    """An inspection's or re-inspection's evidence file for whoever sees that inspection or hazard."""
    from .models import InspectionEvidence

    evidence = InspectionEvidence.objects.select_related("reinspection").get(pk=pk)
    if evidence.inspection_id:
        inspection_get(user=user, pk=evidence.inspection_id)
    else:
        hazard_get(user=user, pk=evidence.reinspection.hazard_id)
    return evidence
