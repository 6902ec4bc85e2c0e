"""Shared fixtures: one synthetic district per test session (the demo's own builder), plus a neighbouring
city that no demo role covers, so every scope test has something it must not see."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from accounts.demo import DEMO_PASSWORD
from web.demo import build_demo
from web.testing import page  # noqa: F401  (the browser fixture every module's walk uses)

# The suite's own clock: no test may depend on the day it runs (a weekly task falls due on Sundays, monthly ones
# at month ends). Every run starts at this instant, a Wednesday mid-month, and the clock ticks on from there.
# FENGQIAO_TEST_NOW moves the anchor (ISO, Asia/Shanghai) to prove the suite holds on any day:
#   FENGQIAO_TEST_NOW=2026-11-29T09:00 scripts/test     (a Sunday; also try a month end and a quarter end)
DEFAULT_NOW = "2026-11-18T10:00"
TEST_NOW = datetime.fromisoformat(os.environ.get("FENGQIAO_TEST_NOW") or DEFAULT_NOW).replace(
    tzinfo=ZoneInfo("Asia/Shanghai")
)
_clock = time_machine.travel(TEST_NOW, tick=True)


def pytest_configure(config):
    # Hashing with Argon2 hundreds of times would dominate the run; one test checks production uses it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A trail row whose code has no Chinese label (audit/labels.py) fails the test that wrote it.
    settings.FENGQIAO_STRICT_LABELS = True
    # The suite speaks plain HTTP to its own test server; production's HTTPS-only settings (FENGQIAO_DEBUG off) are
    # tested in a process of their own (ops/tests/test_production_settings.py).
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    _clock.start()


def pytest_unconfigure(config):
    _clock.stop()


def build_neighbour_city():
    from org.models import OrgUnit, OrgUnitKind, StaffKind
    from org.services import org_unit_create, staff_create, team_create

    if existing := OrgUnit.objects.filter(code="LJ").first():  # a kept test database (--reuse-db) has it already
        return existing
    city = org_unit_create(acting_user=None, kind=OrgUnitKind.CITY_BUREAU, name="邻江市公安局", code="LJ")
    station = org_unit_create(acting_user=None, kind=OrgUnitKind.STATION, name="邻江派出所", code="LJ001", parent=city)
    beat = org_unit_create(
        acting_user=None, kind=OrgUnitKind.BEAT, name="邻江第1警务区", code="LJ00101", parent=station
    )
    community = org_unit_create(
        acting_user=None, kind=OrgUnitKind.COMMUNITY, name="邻江社区", code="LJ0010101", parent=beat, population=3000
    )
    team = team_create(acting_user=None, beat=beat, name="邻江第1警务区社区警务团队")
    staff_create(
        acting_user=None,
        name="邻江民警",
        kind=StaffKind.COMMUNITY_OFFICER,
        org_unit=beat,
        team=team,
        phone="13900001111",
        id_number="329901198001010011",
    )
    staff_create(acting_user=None, name="邻江治保", kind=StaffKind.SECURITY_COMMITTEE, org_unit=community)
    return city


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_demo(stations=4, beats_per_station=4, today=TEST_NOW.date())
        build_neighbour_city()


@pytest.fixture
def on_default_anchor():
    """Stand at the default anchor (Wednesday 18 November 2026, 10:00, the clock ticking) for a scenario written
    with that month's dates, whatever FENGQIAO_TEST_NOW says. The demo district was still built on the anchor day:
    a test that reads the demo's dates must not use this."""
    moment = datetime.fromisoformat(DEFAULT_NOW).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """A test that enters a holiday year rolls it back at its end: nobody keeps reading the cached copy."""
    from rules import calendar

    calendar.forget()
    yield
    calendar.forget()


@pytest.fixture
def users(db):
    """The demo accounts by short name: users["officer"], users["lead2"], …"""
    from accounts.models import User

    return {u.username.removeprefix("demo_"): u for u in User.objects.filter(username__startswith="demo_")}


@pytest.fixture
def login(client):
    """Sign ``client`` in as a demo account (through the real sign-in page)."""

    def _login(username: str, c=None):
        c = c or client
        c.logout()
        response = c.post("/login/", {"username": f"demo_{username}", "password": DEMO_PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        assert c.get("/api/v1/me").json()["username"] == f"demo_{username}"
        return c

    return _login
