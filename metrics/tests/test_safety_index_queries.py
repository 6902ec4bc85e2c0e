"""社区安全指数 at city scale (issue 11): the unit's and its children's indices read every unit's snapshots in one
query, so the page's query count does not grow with the number of children, and the figures are those of the
unit-by-unit reading."""

import pytest
from django.utils import timezone

from metrics import selectors_index
from metrics.periods import period_of
from metrics.selectors import child_units, home_metric_unit
from metrics.services import indicator_snapshot_take
from org.testing import queries_of, set_active_beats

pytestmark = pytest.mark.django_db


def _snapshot(station) -> None:
    today = timezone.localdate()
    indicator_snapshot_take(units=[station, *child_units(station)], period=period_of(today), today=today)


def _page(client) -> tuple[int, str]:
    return queries_of(client, "/metrics/safety-index/")


def test_safety_index_page_does_not_grow_with_the_number_of_children(users, login):
    station = home_metric_unit(user=users["lead"])
    assert len(child_units(station)) >= 2
    set_active_beats(station, 2)
    beats = child_units(station)
    _snapshot(station)
    client = login("lead")
    client.get("/metrics/safety-index/")  # warm-up (per-process caches)
    two, html = _page(client)
    assert beats[1].name in html

    set_active_beats(station, 6)
    assert len(child_units(station)) == 6
    _snapshot(station)
    six, html = _page(client)
    assert six == two, (two, six)
    assert all(b.name in html for b in child_units(station))


def test_the_indices_read_together_are_those_read_one_by_one(users):
    station = home_metric_unit(user=users["lead"])
    _snapshot(station)
    period = period_of(timezone.localdate())
    units = [station, *child_units(station)]
    together = selectors_index.safety_indices(units, period)
    for unit in units:
        alone = selectors_index._index(
            list(selectors_index.SafetyIndexCategory.objects.prefetch_related("items")),
            selectors_index.unit_indicator_values(unit, period, codes=None),
        )
        assert together[unit.pk].score == alone.score
        assert [(c.score, [(p.code, p.score) for p in c.parts]) for c in together[unit.pk].categories] == [
            (c.score, [(p.code, p.score) for p in c.parts]) for c in alone.categories
        ]
