"""Lists and dashboards read from the replica; writes, detail pages and a user who just wrote use the primary;
a replica that is down is skipped (issue 12, city size). The "replica" alias: ops/tests/conftest.py."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from fengqiao import replica as routing

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


def signed_in(login, username):
    """Sign in, then drop the pin the sign-in POST set (as if its seconds had passed)."""
    client = login(username)
    session = client.session
    session.pop(routing.PIN_KEY, None)
    session.save()
    return client


def _reset_probe():
    routing._probe.update(at=float("-inf"), ok=False)


@pytest.fixture
def replica(settings):
    settings.FENGQIAO_REPLICA_READS = True
    _reset_probe()
    yield connections[routing.REPLICA]
    connections[routing.REPLICA].close()
    _reset_probe()


@pytest.fixture
def replica_down(replica):
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = "1"  # nothing listens there
    yield replica
    replica.close()
    replica.settings_dict["PORT"] = port


def test_lists_and_dashboards_read_from_the_replica(replica, login):
    client = signed_in(login, "officer")
    for url in ("/org/staff/", "/", "/tasks/rates/", "/subjects/station/", "/registry/indicators/"):
        with CaptureQueriesContext(replica) as on_replica:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(on_replica) > 0, url


def test_detail_pages_use_the_primary(replica, login):
    from org.models import Staff

    client = signed_in(login, "officer")
    staff = Staff.objects.filter(org_unit__name="枫桥第1警务区").first()
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(f"/org/staff/{staff.pk}/").status_code == 200
    assert len(on_replica) == 0


def test_a_user_who_just_wrote_reads_the_primary(replica, login, settings):
    """Read-your-writes: the write is not on the replica yet (uncommitted here), the list must show it."""
    client = signed_in(login, "officer")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})  # any POST pins the session
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/org/staff/").status_code == 200
    assert len(on_replica) == 0
    # after the pin expires the replica serves again
    session = client.session
    session[routing.PIN_KEY] = 0
    session.save()
    with CaptureQueriesContext(replica) as on_replica:
        client.get("/org/staff/")
    assert len(on_replica) > 0


def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    from org.models import OrgUnit

    with routing.replica_reads(), transaction.atomic():
        assert OrgUnit.objects.all().db == "default"
    with routing.replica_reads():
        assert OrgUnit.objects.all().db == routing.REPLICA
    assert OrgUnit.objects.all().db == "default"  # outside a read-only selector


def test_a_replica_that_is_down_is_skipped(replica_down, login):
    client = signed_in(login, "officer")
    response = client.get("/org/staff/")
    assert response.status_code == 200
    assert "枫桥" in response.content.decode()
    assert routing._probe["ok"] is False


def test_a_replica_that_dies_mid_request_is_retried_on_the_primary(replica, login):
    client = signed_in(login, "officer")
    assert routing.replica_usable()  # a probe a moment ago said yes (cached for PROBE_SECONDS) …
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = "1"  # … then the replica went away
    response = client.get("/org/staff/")
    assert response.status_code == 200
    assert "枫桥" in response.content.decode()
    assert routing._probe["ok"] is False  # marked down: the next reads go straight to the primary
    replica.settings_dict["PORT"] = port


def test_the_health_page_shows_replica_lag_and_a_replica_that_is_down(login, replica_down):
    client = signed_in(login, "auditor")
    checks = {c["label"]: c for c in client.get("/ops/health/?format=json").json()["checks"]}
    assert checks["数据库（只读副本）"]["state"] == "down"
    assert checks["数据库（主库）"]["state"] == "ok"


def test_without_a_replica_everything_reads_the_primary(settings):
    settings.FENGQIAO_REPLICA_READS = False
    from org.models import OrgUnit

    with routing.replica_reads():
        assert OrgUnit.objects.all().db == "default"
