"""Unit supervision indicators at city scale (issue 11: every page p95 ≤ 200 ms at 5 M residents).

The indicator page and API computed 7 figures for each row (the top unit and its children) one unit at a time: 131
queries for a station lead. Each figure now counts its records once, grouped by scope path, and every row sums its
subtree, so the query count does not grow with the number of beats (2 vs 6, same count), and the figures are the
ones the per-unit formula gives."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections import indicators, services
from org.models import OrgUnit, OrgUnitKind
from org.testing import queries_of, set_active_beats

from .factories import assistant_of, at, beat_of, inspect, raise_hazard, register_unit

pytestmark = pytest.mark.django_db

PAGES = ("/inspections/indicators/", "/api/v1/inspections/indicators")
# Queries of each page for a station lead, whatever the number of beats (about 30 when this was written).
MAX_QUERIES = 45


def _queries(client, path) -> int:
    return queries_of(client, path)[0]


def test_the_indicator_page_and_api_do_not_grow_with_the_number_of_beats(users, login, django_assert_max_num_queries):
    station = beat_of(users["officer"]).parent
    set_active_beats(station, 2)
    client = login("lead")
    for path in PAGES:
        client.get(path)  # warm-up (per-process caches)
    two = {}
    for path in PAGES:
        with django_assert_max_num_queries(MAX_QUERIES):
            two[path] = _queries(client, path)

    set_active_beats(station, 6)
    rows = client.get(PAGES[1]).json()
    assert len(rows) == 1 + 6
    six = {path: _queries(client, path) for path in PAGES}
    assert six == two


def test_the_grouped_figures_are_the_per_unit_figures(users):
    """Every inspections figure, for the city, its bureaus, stations and beats: the same Measure as ``compute``."""
    day = date(2026, 3, 2)
    made = []
    for who, name, category, key in (
        ("officer", "甲测试单位", "enterprise", True),
        ("officer", "乙测试娱乐场所", "venue", False),
        ("officer2", "丙测试单位", "enterprise", False),
    ):
        unit = register_unit(users[who], on=date(2026, 3, 1), name=name, category=category, key_unit=key)
        inspection = inspect(users[who], unit, on=day, failed=("art58_3",))
        interviewee = "负责人王某" if category == "venue" else ""  # 第七十条: a trade unit's hazard needs one
        hazard = raise_hazard(
            users[who], inspection, decided=at(day), deadline=date(2026, 3, 16), interviewee=interviewee
        )
        made.append((who, hazard))
    who, hazard = made[0]
    services.reinspection_record(
        acting_user=users[who],
        hazard=hazard,
        reinspected_on=date(2026, 3, 16),
        assistant=assistant_of(hazard.org_unit),
        recorder_ref="DSJ-R",
        result="rectified",
        today=date(2026, 3, 16),
    )
    register_unit(users["officer"], on=date(2026, 3, 1), name="丁未检查单位", category="venue")

    kinds = [OrgUnitKind.CITY_BUREAU, OrgUnitKind.BUREAU, OrgUnitKind.STATION, OrgUnitKind.BEAT]
    units = list(OrgUnit.objects.filter(kind__in=kinds, is_active=True).order_by("path"))
    seen = 0
    with time_machine.travel(at(date(2026, 3, 20)), tick=False):
        for start, end in ((date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 1, 1), date(2026, 12, 31))):
            for spec in indicators.SPECS:
                grouped = indicators.for_units(spec, units, start, end)
                assert grouped == {u.path: spec.compute(u, start, end) for u in units}, (spec.code, start)
                seen += sum(1 for m in grouped.values() if m.numerator or m.denominator)
    assert seen > 20  # the comparison saw figures, not only zeros


def _trade_group_reference(unit, start, end):
    """The former per-group formula (four queries per group over lists of ids), as the reference."""
    from django.db.models import Q

    from inspections.catalogue import TRADE_GROUP_BY_CODE, TRADE_TYPE_BY_CODE
    from inspections.models import HazardStatus
    from registry.models import Organization

    rows = []
    units = indicators.trade_units(unit)
    for group in TRADE_GROUP_BY_CODE.values():
        types = [code for code, row in TRADE_TYPE_BY_CODE.items() if row["group"] == group["code"]]
        in_group = Q(supervision__trade_type__in=types) | (
            Q(category=group["category"]) & (Q(supervision=None) | Q(supervision__trade_type=""))
        )
        if group["code"] == "emerging":
            in_group = Q(supervision__trade_type__in=types)
        ids = list(units.filter(in_group).values_list("pk", flat=True))
        due = indicators.reinspections_due(unit, start, end).filter(organization_id__in=ids)
        inspected = indicators._inspected(Organization.objects.filter(pk__in=ids), start, end).count()
        rows.append((len(ids), inspected, due.count(), due.exclude(status=HazardStatus.OPEN).count()))
    return rows


def test_the_trade_figures_by_group_take_two_queries_and_are_the_per_group_figures(users):
    """第七十一条 per group on the indicator page: two grouped queries for all groups (issue 11), same numbers."""
    from inspections.models import SupervisedBy, Supervision
    from inspections.selectors import trade_counts_by_group
    from registry.models import Organization

    day = date(2026, 3, 2)
    made = {}
    for name, category in (
        ("甲测试娱乐场所", "venue"),
        ("乙测试特种行业", "special_trade"),
        ("丙测试单位", "enterprise"),
        ("戊上级监管娱乐场所", "venue"),
        ("己停用娱乐场所", "venue"),
    ):
        unit = made[name] = register_unit(users["officer"], on=date(2026, 3, 1), name=name, category=category)
        inspection = inspect(users["officer"], unit, on=day, failed=("art58_3",))
        raise_hazard(
            users["officer"], inspection, decided=at(day), deadline=date(2026, 3, 16), interviewee="负责人王某"
        )
    register_unit(users["officer"], on=date(2026, 3, 1), name="丁未检查娱乐场所", category="venue")
    # hazards of units outside the 底数 (supervised upstairs; no longer active) are not counted for any group
    Supervision.objects.update_or_create(
        organization=made["戊上级监管娱乐场所"], defaults={"supervised_by": SupervisedBy.UPPER}
    )
    Organization.objects.filter(pk=made["己停用娱乐场所"].pk).update(is_active=False)
    kinds = [OrgUnitKind.CITY_BUREAU, OrgUnitKind.STATION, OrgUnitKind.BEAT]
    seen = 0
    with time_machine.travel(at(date(2026, 3, 20)), tick=False):
        for unit in OrgUnit.objects.filter(kind__in=kinds, is_active=True):
            for start, end in ((date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 1, 1), date(2026, 12, 31))):
                with CaptureQueriesContext(connection) as ctx:
                    rows = trade_counts_by_group(unit, start, end)
                assert len(ctx.captured_queries) == 2
                got = [(r["base"], r["inspected"], r["hazards_due"], r["hazards_closed"]) for r in rows]
                assert got == _trade_group_reference(unit, start, end), (unit.path, start)
                seen += sum(map(sum, got))
    assert seen > 10
