"""Test kit for the query-count tests at city scale (issue 11): a page's queries counted, and a station given an
exact number of active beats — "the page runs as many queries with 6 beats as with 2"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .models import OrgUnit, OrgUnitKind
from .services import org_unit_create


def queries_of(client, path: str) -> tuple[int, str]:
    """The number of queries one GET of ``path`` runs (it must answer 200), and the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries), response.content.decode()


def set_active_beats(station: OrgUnit, n: int) -> None:
    """Exactly ``n`` active beats under ``station``: its first beats by path on, the others off, new ones added
    (加测第1警务区, …) when it has fewer."""
    beats = list(OrgUnit.objects.filter(parent=station, kind=OrgUnitKind.BEAT).order_by("path"))
    OrgUnit.objects.filter(pk__in=[b.pk for b in beats[:n]]).update(is_active=True)
    OrgUnit.objects.filter(pk__in=[b.pk for b in beats[n:]]).update(is_active=False)
    for i in range(n - len(beats)):
        code = f"{station.code}8{i}"
        org_unit_create(acting_user=None, kind=OrgUnitKind.BEAT, name=f"加测第{i + 1}警务区", code=code, parent=station)
