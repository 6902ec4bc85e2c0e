"""The dashboard (大屏): our own GeoJSON map of the viewer's beats, no external request, scoped."""

import json
import re

import pytest

from metrics.models import BeatBoundary
from metrics.selectors import home_metric_unit

pytestmark = pytest.mark.django_db


def _map(html: str) -> dict:
    return json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S)[1])


def test_a_station_lead_sees_only_their_stations_beats(login, users):
    station = home_metric_unit(user=users["lead"])
    client = login("lead")
    html = client.get("/metrics/dashboard/").content.decode()
    names = {f["properties"]["name"] for f in _map(html)["geojson"]["features"]}
    own = set(station.children.filter(kind="beat").values_list("name", flat=True))
    assert names == own and own
    assert "社区警务大屏" in html


def test_the_city_dashboard_shows_every_beat_with_a_boundary(login, users):
    client = login("control")
    data = _map(client.get("/metrics/dashboard/").content.decode())
    assert (
        len(data["geojson"]["features"])
        == BeatBoundary.objects.filter(org_unit__path__startswith=home_metric_unit(user=users["control"]).path).count()
        > 4
    )


def test_no_external_request_in_the_page(login):
    client = login("control")
    html = client.get("/metrics/dashboard/").content.decode()
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    assert "/static/vendor/echarts/echarts.min.js" in html
