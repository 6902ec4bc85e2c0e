"""The leader's panel on 我的工作台 at city scale (issue 11: every page p95 ≤ 200 ms): the beats' ranking reads the
daily snapshots of all beats in one query, so the page's query count does not grow with the number of beats, and
the panel says when the figures were taken (“截至 …”). Without a snapshot the figures are computed now, as before."""

import pytest
from django.utils import timezone

from metrics.models import IndicatorSnapshot
from metrics.periods import period_of
from metrics.selectors import child_units, home_metric_unit, units_ranked
from metrics.services import indicator_snapshot_take
from org.testing import queries_of, set_active_beats

pytestmark = pytest.mark.django_db

# 我的工作台 of a station lead, whatever the number of beats: 26 when this test was written.
MAX_QUERIES = 30


def _snapshot(station) -> None:
    today = timezone.localdate()
    indicator_snapshot_take(units=child_units(station), period=period_of(today), today=today)


def _home_queries(client) -> tuple[int, str]:
    return queries_of(client, "/")


def test_the_leads_workbench_does_not_grow_with_the_number_of_beats(users, login, django_assert_max_num_queries):
    station = home_metric_unit(user=users["lead"])
    assert len(child_units(station)) >= 2
    set_active_beats(station, 2)
    assert len(child_units(station)) == 2
    _snapshot(station)
    client = login("lead")
    client.get("/")  # warm-up (per-process caches: calendar, catalogue)
    with django_assert_max_num_queries(MAX_QUERIES):
        two, html = _home_queries(client)
    assert 'id="lead-as-of"' in html and "排名指标截至" in html

    set_active_beats(station, 6)
    assert len(child_units(station)) == 6
    _snapshot(station)
    with django_assert_max_num_queries(MAX_QUERIES):
        six, html = _home_queries(client)
    assert six == two, (two, six)
    assert 'id="lead-behind"' in html


def test_the_ranking_from_snapshots_is_the_ranking_computed_now(users, login):
    station = home_metric_unit(user=users["lead"])
    beats = child_units(station)
    period = period_of(timezone.localdate())
    live = units_ranked(beats, period)
    assert all(v.taken_at is None for row in live for v in row.values)
    client = login("lead")
    panel_live = client.get("/").content.decode()
    assert 'id="lead-as-of"' not in panel_live  # computed now: nothing to date

    _snapshot(station)
    assert IndicatorSnapshot.objects.filter(org_unit__in=beats, period=period).exists()
    snap = units_ranked(beats, period)
    assert all(v.taken_at is not None for row in snap for v in row.values)
    assert [(r.unit.pk, r.score, r.red, r.amber) for r in snap] == [(r.unit.pk, r.score, r.red, r.amber) for r in live]
    assert [[(v.spec.code, v.value) for v in r.values] for r in snap] == [
        [(v.spec.code, v.value) for v in r.values] for r in live
    ]
    response = client.get("/metrics/")
    assert 'id="as-of"' in response.content.decode()
    assert [r.unit.pk for r in response.context["ranked"]] == [r.unit.pk for r in live]
