"""Indicator pages at city scale (issue 11: every page p95 ≤ 200 ms at 5 M residents). The pages read the daily
snapshots: a past month without one is shown as “无快照” and never computed on the page (a whole city's month
was 18–27 s of counting on 领导工作台 and the dashboard); a module's own indicator page (一标三实指标, 群众工作指标)
reads this month's snapshots through ``fengqiao.indicators.stored_measures`` and says “截至 …”; the figures are
those computed now."""

import dataclasses
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fengqiao.indicators import CATALOGUE
from metrics.periods import period_of, previous_periods
from metrics.selectors import child_units, home_metric_unit, trend, unit_indicator_values
from metrics.services import indicator_snapshot_take

pytestmark = pytest.mark.django_db

# 领导工作台 / 大屏 of a station lead with this month's snapshots: 21 / 15 when this test was written (the six
# months' trend computed live had made them ~490 at any size).
MAX_QUERIES = 30


def _snapshot(units, period=None):
    today = timezone.localdate()
    indicator_snapshot_take(units=units, period=period or period_of(today), today=today)


def _trend(html: str) -> dict:
    return json.loads(re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', html, re.S)[1])


@pytest.fixture
def no_past_month_computed(monkeypatch):
    """Every catalogue formula refuses a span before this month: a page computing a past month fails."""
    first = timezone.localdate().replace(day=1)

    def guarded(spec):
        def compute(unit, start, end):
            assert start >= first, f"{spec.code} computed for {start:%Y-%m} on a page"
            return spec.compute(unit, start, end)

        return dataclasses.replace(spec, compute=compute)

    for code, spec in list(CATALOGUE.items()):
        monkeypatch.setitem(CATALOGUE, code, guarded(spec))


def test_past_months_without_a_snapshot_are_not_computed(users, login, no_past_month_computed):
    station = home_metric_unit(user=users["lead"])
    _snapshot([station, *child_units(station)])
    client = login("lead")
    past = previous_periods(period_of(timezone.localdate()), 6)[:-1]
    for path in ("/metrics/", "/metrics/dashboard/"):
        client.get(path)  # warm-up (per-process caches)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        assert len(ctx.captured_queries) <= MAX_QUERIES, (path, len(ctx.captured_queries))
        html = response.content.decode()
        assert _trend(html)["missing"] == past
        assert 'id="trend-missing"' in html and 'id="as-of"' in html

    quarter = client.get("/metrics/reports/?quarter=2026-Q3").content.decode()
    assert "无快照" in quarter and 'id="quarter-as-of"' not in quarter


def test_a_past_months_snapshot_is_shown(users):
    station = home_metric_unit(user=users["lead"])
    today = timezone.localdate()
    periods = previous_periods(period_of(today), 6)
    live = {v.spec.code: v.value for v in unit_indicator_values(station, periods[0], live=True)}
    _snapshot([station], periods[0])
    read = unit_indicator_values(station, periods[0])
    assert all(v.taken_at is not None and not v.missing for v in read)
    assert {v.spec.code: v.value for v in read} == live
    chart = trend(station, periods)
    assert periods[0] not in chart["missing"] and periods[1] in chart["missing"]
    for series in chart["series"]:
        code = next(c for c, s in CATALOGUE.items() if s.name == series["name"])
        expected = None if live[code] is None else float(round(live[code] * 100, 1))
        assert series["data"][0] == expected
        assert series["data"][1] is None


def _registry_rows(response):
    rows = [(beat.pk, i.residents, i.accurate, i.collected) for beat, i in response.context["rows"]]
    total = response.context["total"]
    return rows, (total.residents, total.accurate, total.collected)


def test_the_registry_indicators_read_the_snapshots(users, login):
    station = home_metric_unit(user=users["lead"])
    client = login("lead")
    before = client.get("/registry/indicators/")
    assert 'id="as-of"' not in before.content.decode()
    api_before = client.get("/api/v1/registry/indicators").json()
    assert api_before["as_of"] is None

    _snapshot([station, *child_units(station)])
    with CaptureQueriesContext(connection) as ctx:
        after = client.get("/registry/indicators/")
    assert _registry_rows(after) == _registry_rows(before)
    assert 'id="as-of"' in after.content.decode()
    assert len(ctx.captured_queries) <= 15  # one read of every beat's snapshots: 10 when this test was written
    api_after = client.get("/api/v1/registry/indicators").json()
    assert api_after["as_of"] is not None
    assert {k: v for k, v in api_after.items() if k != "as_of"} == {k: v for k, v in api_before.items() if k != "as_of"}


def test_the_leads_indicators_read_the_snapshots(users, login):
    client = login("control")
    before = client.get("/leads/indicators/")
    assert before.status_code == 200 and 'id="as-of"' not in before.content.decode()
    units = [unit for unit, _figures in before.context["rows"]]
    assert units
    _snapshot(units)
    after = client.get("/leads/indicators/")
    assert 'id="as-of"' in after.content.decode()

    def figures(response):
        return [[(s.code, m.numerator, m.denominator) for s, m in f] for _u, f in response.context["rows"]]

    assert figures(after) == figures(before)
