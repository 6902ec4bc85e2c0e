"""Data-scope matrix (规范001 第一百零九条; DESIGN.md "Data scope is enforced in one place").

For every demo role and every list/detail page and API endpoint that exists, objects outside the user's
org subtree are never returned (0 leaks), detail pages of such objects answer 404, and a user with two
roles sees the union of both subtrees.
"""

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from accounts.scope import scope_prefixes
from org.models import OrgUnit, Staff, Team

pytestmark = [pytest.mark.django_db, pytest.mark.fast]

ROLES = [
    "officer",
    "auxiliary",
    "grid",
    "volunteer",
    "lead",
    "command_room",
    "officer2",
    "lead2",
    "control",
    "command_centre",
    "auditor",
]

# (page url name, context object → org path) for every list page.
LIST_PAGES = {
    "web:org_unit_list": lambda o: o.path,
    "web:staff_list": lambda o: o.org_unit.path,
    "web:team_list": lambda o: o.beat.path,
    "web:user_list": None,  # accounts: checked through their role anchors below
}
API_LISTS = {
    "/api/v1/org/units": ("id", lambda pk: OrgUnit.objects.get(pk=pk).path),
    "/api/v1/org/staff": ("id", lambda pk: Staff.objects.get(pk=pk).org_unit.path),
    "/api/v1/org/teams": ("id", lambda pk: Team.objects.get(pk=pk).beat.path),
}


def inside(path: str, prefixes: list[str]) -> bool:
    return any(path.startswith(p) for p in prefixes)


def all_pages(client, url: str):
    """Every object a paged list page shows, following its pages."""
    objects, page = [], 1
    while True:
        response = client.get(url, {"page": page, "per_page": 200})
        if response.status_code != 200:
            return response.status_code, objects
        objects += list(response.context["page"].object_list)
        if not response.context["page"].has_next():
            return 200, objects
        page += 1


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_show_nothing_outside_scope(role, users, login, client):
    login(role)
    prefixes = scope_prefixes(users[role])
    assert prefixes, "every demo account holds a role"
    for url_name, path_of in LIST_PAGES.items():
        status, objects = all_pages(client, reverse(url_name))
        assert status in (200, 403), (url_name, status)
        for obj in objects:
            if path_of is None:
                paths = [a.org_unit.path for a in obj.role_assignments.all()]
                assert any(inside(p, prefixes) for p in paths), (role, url_name, obj)
            else:
                assert inside(path_of(obj), prefixes), (role, url_name, obj)


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_show_nothing_outside_scope(role, users, login, client):
    login(role)
    prefixes = scope_prefixes(users[role])
    for url, (key, path_of) in API_LISTS.items():
        response = client.get(url, {"page_size": 200})
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        for item in body["items"]:
            assert inside(path_of(item[key]), prefixes), (role, url, item)


@pytest.mark.parametrize("role", ROLES)
def test_detail_of_another_stations_records_is_not_found(role, users, login, client):
    login(role)
    prefixes = scope_prefixes(users[role])
    outside_units = [u for u in OrgUnit.objects.all() if not inside(u.path, prefixes)]
    outside_staff = [s for s in Staff.objects.select_related("org_unit") if not inside(s.org_unit.path, prefixes)]
    outside_teams = [t for t in Team.objects.select_related("beat") if not inside(t.beat.path, prefixes)]
    assert outside_units and outside_staff and outside_teams  # the neighbouring city is outside everyone
    for unit in outside_units[:: max(1, len(outside_units) // 15)]:
        assert client.get(reverse("web:org_unit_detail", args=[unit.pk])).status_code == 404
        assert client.get(f"/api/v1/org/units/{unit.pk}").status_code == 404
    for staff in outside_staff[:: max(1, len(outside_staff) // 15)]:
        assert client.get(reverse("web:staff_detail", args=[staff.pk])).status_code in (404,)
        assert client.get(f"/api/v1/org/staff/{staff.pk}").status_code == 404
        assert client.get(reverse("web:staff_edit", args=[staff.pk])).status_code == 404
    for team in outside_teams[:5]:
        assert client.get(reverse("web:team_detail", args=[team.pk])).status_code == 404


def test_org_tree_shows_only_the_officers_beat(users, login, client):
    login("officer")
    beat = RoleAssignment.objects.get(user=users["officer"]).org_unit
    response = client.get(reverse("web:org_tree"))
    names_shown = {u.name for u in OrgUnit.objects.all() if u.name in response.content.decode()}
    assert beat.name in names_shown
    assert "寒山派出所" not in names_shown and "邻江派出所" not in names_shown


def test_station_lead_sees_own_station_not_the_neighbour(users, login, client):
    login("lead")
    status, staff = all_pages(client, reverse("web:staff_list"))
    stations = {s.org_unit.path[:24] for s in staff}
    assert status == 200 and len(stations) == 1
    assert all("枫桥" in OrgUnit.objects.get(path=p).name for p in stations)


def test_user_with_two_roles_sees_the_union(users, login, client):
    officer = users["officer"]
    other_beat = RoleAssignment.objects.get(user=users["officer2"]).org_unit
    own_beat = RoleAssignment.objects.get(user=officer).org_unit
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, org_unit=other_beat)
    login("officer")
    status, staff = all_pages(client, reverse("web:staff_list"))
    assert status == 200
    beats = {s.org_unit.path[: len(own_beat.path)] for s in staff}
    assert {own_beat.path, other_beat.path} <= beats
    expected = (
        Staff.objects.filter(org_unit__path__startswith=own_beat.path).count()
        + Staff.objects.filter(org_unit__path__startswith=other_beat.path).count()
    )
    assert len(staff) == expected


def test_no_role_sees_nothing(db, client):
    User.objects.create_user(username="norole", password="Norole12345x")
    client.post("/login/", {"username": "norole", "password": "Norole12345x"})
    assert client.get(reverse("web:org_unit_list")).context["page"].paginator.count == 0
    assert client.get("/api/v1/org/staff").json()["count"] == 0
    assert client.get(reverse("web:staffing")).status_code == 403
