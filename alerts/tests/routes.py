"""How the route matrix exercises the alert pages and API (docs/adr/0004; inert until web/route_matrix.py lands)."""

from django.utils import timezone
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record

from alerts.models import Alert

SEARCH = {"q": MATRIX}


def make_alert(side, colour="red"):
    return Alert.objects.create(
        beat=side.beat,
        colour=colour,
        title=side.mark,
        description=MATRIX,
        raised_by_unit="officer",
        raised_by=side.officer,
        raised_at=timezone.now(),
    )


RECORDS = {
    "alert": Record(make=make_alert),
}


def _new(side):
    return {"colour": "yellow", "beat": side.beat.pk, "title": MATRIX}


ROUTES = {
    "alerts:alert_board": List("alert", query=SEARCH, export=True),
    "alerts:alert_new": Create(data=_new),
    "alerts:alert_detail": Detail("alert"),
    "alerts:alert_respond": Action("alert", data=lambda a: {"respond-note": MATRIX}),
    "alerts:department_add": Action("alert", data=lambda a: {"name": MATRIX}),
    "alerts:sampling_draw": Action("alert", data=lambda a: {"population": "unit", "seed": 1}),
    "alerts:alert_close": Action("alert", data=lambda a: {"close-note": MATRIX}),
    "GET /api/v1/alerts": List("alert", query=SEARCH),
    "GET /api/v1/alerts/{alert_id}": Detail("alert"),
    "POST /api/v1/alerts": Create(data=lambda side: {"colour": "yellow", "beat_id": side.beat.pk, "title": MATRIX}),
    "POST /api/v1/alerts/{alert_id}/respond": Action("alert", data=lambda a: {"note": MATRIX}),
    "POST /api/v1/alerts/{alert_id}/departments": Action("alert", data=lambda a: {"name": MATRIX}),
    "POST /api/v1/alerts/{alert_id}/draw": Action("alert", data=lambda a: {"population": "unit", "seed": 1}),
    "POST /api/v1/alerts/{alert_id}/close": Action("alert", data=lambda a: {"note": MATRIX}),
}
