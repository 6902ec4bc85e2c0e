"""The unit and inspection lists at city scale (issue 11: every list p95 ≤ 200 ms at 5 M residents).

* The unit list pages first and works out each row's facts (未整改隐患, 最近检查, 检查逾期) for the page's rows only:
  its query count does not grow with the number of units, and the figures are those of every unit counted alone.
* The API lists page in the database (``Rows``), never build the whole scoped list in Python.
* The inspection list keeps its order, newest first across beats, in an order a keyset cursor continues
  (``-inspected_on, -id``, the ``inspections_inspection_date`` index).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fengqiao import paging
from inspections import selectors
from inspections.models import Hazard, HazardStatus, Inspection

from .factories import beat_of, inspect, raise_hazard, register_unit

pytestmark = pytest.mark.django_db


def _units(officer, n: int, start: int = 0) -> list:
    today = timezone.localdate()
    made = []
    for i in range(start, start + n):
        unit = register_unit(officer, on=today - timedelta(days=30), name=f"规模测试单位{i:02d}", key_unit=i % 2 == 0)
        first = inspect(officer, unit, on=today - timedelta(days=20), failed=("art58_1",))
        raise_hazard(officer, first, decided=timezone.now(), deadline=today + timedelta(days=10))
        if i % 3 == 0:
            inspect(officer, unit, on=today - timedelta(days=5 + i % 4))
        made.append(unit)
    return made


def _queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def test_unit_list_query_count_does_not_grow_with_the_units(users, login):
    officer = users["officer"]
    _units(officer, 2)
    client = login("officer")
    urls = ("/api/v1/inspections/units", "/inspections/", "/inspections/?q=规模测试", "/inspections/?open_hazards=1")
    for url in urls:
        client.get(url)  # warm-up (per-process caches)
    two = {url: _queries(client, url)[0] for url in urls}
    _units(officer, 8, start=2)
    ten = {url: _queries(client, url)[0] for url in urls}
    assert ten == two


def test_unit_list_reads_the_page_before_its_facts(users, login):
    """No GROUP BY over every unit in scope: the rows' facts are subqueries of the page's query, which has a LIMIT
    (the API too: it used to build the whole list in Python and slice it)."""
    _units(users["officer"], 3)
    client = login("officer")
    for url in ("/api/v1/inspections/units?page_size=2", "/inspections/?per_page=2"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        rows = [q["sql"] for q in ctx.captured_queries if '"last_inspected"' in q["sql"]]
        assert rows and all("LIMIT" in sql for sql in rows), url
        assert not any('GROUP BY "registry_organization"' in q["sql"] for q in ctx.captured_queries), url


def test_unit_list_figures_are_each_units_own(users, login):
    officer = users["officer"]
    units = _units(officer, 4)
    # one more open hazard on the first unit, one hazard closed on the second
    today = timezone.localdate()
    again = inspect(officer, units[0], on=today - timedelta(days=2), failed=("art58_1",))
    raise_hazard(officer, again, decided=timezone.now(), deadline=today + timedelta(days=12))
    Hazard.objects.filter(organization=units[1]).update(status=HazardStatus.RECTIFIED)
    rows = {r["id"]: r for r in login("officer").get("/api/v1/inspections/units?page_size=200").json()["items"]}
    for unit in units:
        row = rows[unit.pk]
        open_count = Hazard.objects.filter(organization=unit, status=HazardStatus.OPEN).count()
        last = Inspection.objects.filter(organization=unit).order_by("-inspected_on").first().inspected_on
        assert (row["open_hazards"], row["last_inspected"]) == (open_count, last.isoformat()), unit.name
    assert rows[units[0].pk]["open_hazards"] == 2 and rows[units[1].pk]["open_hazards"] == 0

    with_open = selectors.unit_list(user=officer, filters={"open_hazards": True})
    assert units[1].pk not in {o.pk for o in with_open} and units[0].pk in {o.pk for o in with_open}
    # the counted list is the shown list, and a unit is counted once however many hazards it has
    assert paging.count_rows(with_open).value == len(list(with_open))


def test_api_lists_read_only_their_page(users, login):
    officer = users["officer"]
    _units(officer, 3)
    client = login("officer")
    for url in (
        "/api/v1/inspections/units?page_size=2",
        "/api/v1/inspections/inspections?page_size=2",
        "/api/v1/inspections/hazards?page_size=2",
    ):
        body = client.get(url).json()
        assert len(body["items"]) == 2 and body["count"] >= 3 and body["next_after"], url
        following = client.get(f"{url}&after={body['next_after']}").json()["items"]
        assert following and not {i["id"] for i in following} & {i["id"] for i in body["items"]}, url


def test_inspection_list_newest_first_across_beats_and_continued_by_cursor(users, login):
    lead, officer = users["lead"], users["officer"]
    beat = beat_of(officer)
    other = beat.parent.children.exclude(pk=beat.pk).filter(is_active=True).first()
    assert other is not None
    today = timezone.localdate()
    mine = register_unit(officer, on=today - timedelta(days=30), name="本区单位")
    theirs = register_unit(lead, on=today - timedelta(days=30), name="邻区单位", beat=other)
    for days in (9, 3):
        inspect(officer, mine, on=today - timedelta(days=days))
    for days in (6, 1):
        inspect(None, theirs, on=today - timedelta(days=days))  # the other beat's officer, by the service

    qs = selectors.inspection_list(user=lead)
    assert paging._order(qs) is not None  # a keyset: the same cost at page 500 as at page 1
    dates = [i.inspected_on for i in qs]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 4

    client = login("lead")
    walked, after = [], ""
    while True:
        body = client.get(f"/api/v1/inspections/inspections?page_size=1&after={after}").json()
        walked += [i["id"] for i in body["items"]]
        if not body["next_after"]:
            break
        after = body["next_after"]
    assert walked == [i.pk for i in qs]
