"""How the route matrix exercises the alert pages and API (docs/adr/0004). Each action has its own record, so that
the order the matrix runs them in never matters (a closed alert takes no response, a drawn plan is drawn once)."""

from itertools import count

from django.utils import timezone

from alerts.models import Alert
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record

SEARCH = {"q": MATRIX}
_names = count(1)


def _alert(colour):
    def make(side):
        return Alert.objects.create(
            beat=side.beat,
            colour=colour,
            title=side.mark,
            description=MATRIX,
            raised_by_unit="officer",
            raised_by=side.officer,
            raised_at=timezone.now(),
        )

    return make


RECORDS = {
    "alert": Record(make=_alert("red")),
    "alert_to_respond": Record(make=_alert("red")),
    "alert_to_respond_api": Record(make=_alert("red")),
    "orange_alert": Record(make=_alert("orange")),
    "orange_alert_api": Record(make=_alert("orange")),
    "alert_to_close": Record(make=_alert("yellow")),
    "alert_to_close_api": Record(make=_alert("yellow")),
}


def _department(alert):
    return {"name": f"{MATRIX}部门{next(_names)}"}


DRAW = {"population": "unit", "seed": 1}

ROUTES = {
    "alerts:alert_board": List("alert", query=SEARCH, export=True),
    "alerts:alert_new": Create(data=lambda side: {"colour": "yellow", "beat": side.beat.pk, "title": MATRIX}),
    "alerts:alert_detail": Detail("alert"),
    "alerts:alert_respond": Action("alert_to_respond", data=lambda a: {"respond-note": MATRIX}),
    "alerts:department_add": Action("alert", data=_department),
    "alerts:sampling_draw": Action("orange_alert", data=lambda a: DRAW),
    "alerts:alert_close": Action("alert_to_close", data=lambda a: {"close-note": MATRIX}),
    "GET /api/v1/alerts": List("alert", query=SEARCH),
    "GET /api/v1/alerts/{alert_id}": Detail("alert"),
    "POST /api/v1/alerts": Create(data=lambda side: {"colour": "yellow", "beat_id": side.beat.pk, "title": MATRIX}),
    "POST /api/v1/alerts/{alert_id}/respond": Action("alert_to_respond_api", data=lambda a: {"note": MATRIX}),
    "POST /api/v1/alerts/{alert_id}/departments": Action("alert", data=_department),
    "POST /api/v1/alerts/{alert_id}/draw": Action("orange_alert_api", data=lambda a: DRAW),
    "POST /api/v1/alerts/{alert_id}/close": Action("alert_to_close_api", data=lambda a: {"note": MATRIX}),
}
