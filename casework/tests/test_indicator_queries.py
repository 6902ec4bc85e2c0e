"""Casework's indicator tables and 时限设置 at city scale (issue 11: every page p95 ≤ 200 ms at 5 M residents).

The control centre's tables had 200 rows (city, stations, beats) × 5 figures, computed one unit at a time: 1 808
queries. Each figure now counts its records once, grouped by scope path, and every row sums its subtree; the
时限设置 page reads every station's limits in one query. So the query count does not grow with the number of units
(2 vs 6 beats, same count), and the figures are the ones the per-unit formula gives."""

from datetime import date, timedelta

import pytest

from accounts.roles import Perm
from casework import limits, selectors, services
from casework.indicators import INCIDENT_SPECS, SPECS, for_units
from org.models import OrgUnit, OrgUnitKind
from org.services import org_unit_create
from org.testing import queries_of, set_active_beats

from .factories import beat_of, dispute, incident, push

pytestmark = pytest.mark.django_db

PAGES = (
    "/casework/disputes/indicators/",
    "/casework/incidents/indicators/",
    "/api/v1/disputes/indicators",
    "/api/v1/incidents/indicators",
)
# Queries of each page above for a station lead, whatever the number of beats (13–17 when this was written).
MAX_QUERIES = 20


def _queries(client, path) -> int:
    return queries_of(client, path)[0]


def test_the_indicator_pages_do_not_grow_with_the_number_of_beats(users, login, django_assert_max_num_queries):
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
    units = selectors.indicator_units(user=users["lead"], perm=Perm.VIEW_DISPUTES)
    assert len([u for u in units if u.kind == OrgUnitKind.BEAT]) == 6
    six = {path: _queries(client, path) for path in PAGES}
    assert six == two


def test_the_limits_page_does_not_grow_with_the_number_of_stations(users, login):
    client = login("control")
    client.get("/casework/limits/")
    before = _queries(client, "/casework/limits/")
    city = OrgUnit.objects.get(kind=OrgUnitKind.CITY_BUREAU, path=beat_of(users["officer"]).path[:8])
    for i in range(4):
        org_unit_create(acting_user=None, kind=OrgUnitKind.STATION, name=f"加测派出所{i}", code=f"TS{i}", parent=city)
    response = client.get("/casework/limits/")
    assert len(response.context["units"]) >= 4 + 1
    assert _queries(client, "/casework/limits/") == before


def test_the_limits_page_shows_each_stations_limit_in_force(users, login):
    """A station's own value wins over the city's; a station without one shows the city's; none set → 未设定."""
    station = beat_of(users["officer"]).parent
    city = OrgUnit.objects.get(path=station.path[:8])
    code = "arrival_minutes.public_order"
    services.local_limit_set(acting_user=users["control"], org_unit=city, code=code, value=15)
    services.local_limit_set(acting_user=users["lead"], org_unit=station, code=code, value=9)
    response = login("control").get("/casework/limits/")
    units = response.context["units"]
    [row] = [r for r in response.context["table"] if r["code"] == code]
    assert row["values"] == [services.limit_value(code, u) for u in units]
    shown = dict(zip([u.pk for u in units], row["values"], strict=True))
    assert shown[station.pk] == 9 and shown[city.pk] == 15
    assert 15 in [shown[u.pk] for u in units if u.kind == OrgUnitKind.STATION and u.pk != station.pk]


def test_the_grouped_figures_are_the_per_unit_figures(users):
    """Every casework figure, for the city, every station and every beat: the same Measure as ``compute``."""
    station = beat_of(users["officer"]).parent
    # arrival limits at the station for criminal cases and at the city for public order (the station's own wins)
    services.local_limit_set(acting_user=users["lead"], org_unit=station, code="arrival_minutes.criminal", value=20)
    city = OrgUnit.objects.get(path=station.path[:8])
    services.local_limit_set(acting_user=users["control"], org_unit=city, code="arrival_minutes.public_order", value=30)
    day = date(2025, 4, 2)
    for hour, minutes in ((8, 10), (9, 40), (10, None)):
        i = push(users, on=day, hour=hour)
        if minutes is not None:
            start = i.dispatched_at or i.reported_at
            services.incident_arrive(
                acting_user=users["officer"],
                incident=i,
                arrived_at=start + timedelta(minutes=minutes),
                now=start + timedelta(hours=3),
            )
    push(users, on=day, hour=11, kind="public_order", subkind="fight")
    push(users, beat=beat_of(users["officer2"]), by="command_centre", on=day, hour=12)
    incident(users, on=date(2025, 4, 3))
    incident(users, officer="officer2", on=date(2025, 4, 3), has_scene=False, subkind="fraud")
    dispute(users, on=date(2025, 4, 3))
    dispute(users, officer="officer2", on=date(2025, 4, 4), parties=["王丙", "赵丁"])

    units = selectors.indicator_units(user=users["control"], perm=Perm.VIEW_DISPUTES)
    assert {u.kind for u in units} >= {OrgUnitKind.CITY_BUREAU, OrgUnitKind.STATION, OrgUnitKind.BEAT}
    periods = [(date(2025, 4, 1), date(2025, 4, 30)), selectors.month_bounds(None)]
    start, end = periods[1]
    periods.append((start - timedelta(days=40), end))  # the demo's last month and this one
    seen = 0
    for start, end in periods:
        for spec in SPECS + INCIDENT_SPECS:
            grouped = for_units(spec, units, start, end)
            assert grouped == {u.path: spec.compute(u, start, end) for u in units}, (spec.code, start)
            seen += sum(1 for m in grouped.values() if m.numerator or m.denominator)
    assert seen > 20  # the comparison saw figures, not only zeros
    arrival = for_units(INCIDENT_SPECS[0], units, *periods[0])
    beat = beat_of(users["officer"])
    assert arrival[beat.path].numerator == 1 and arrival[beat.path].denominator >= 4  # the station's and city's limits
    assert all(r["default"] is None for r in limits.LIMITS if r["code"].startswith("arrival_minutes."))
