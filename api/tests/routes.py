"""How the route matrix exercises the API routes the ``api`` app answers itself (docs/adr/0004): org units, staff
and teams, staffing warnings, the access trail. The record kinds are those of web/tests/routes.py."""

from org.models import StaffKind
from web.route_matrix import MATRIX, Create, Detail, List, Summary

SEARCH = {"q": MATRIX}

ROUTES = {
    "GET /api/v1/org/units": List("org_unit", query=SEARCH),
    "GET /api/v1/org/units/{unit_id}": Detail("org_unit"),
    "GET /api/v1/org/staff": List("staff", query=SEARCH),
    "GET /api/v1/org/staff/{staff_id}": Detail("staff"),
    "POST /api/v1/org/staff": Create(
        data=lambda side: {"name": MATRIX + "新增", "kind": StaffKind.AUXILIARY, "org_unit_id": side.beat.pk}
    ),
    "GET /api/v1/org/teams": List("team", query=SEARCH),
    "GET /api/v1/org/staffing-warnings": Summary(),
    "GET /api/v1/audit/access": List("access_record", query={"object_label": MATRIX}, roles=("auditor",)),
}

EXEMPT = {
    "GET /api/v1/me": "当前用户本人的账号与角色（不显示他人记录）",
}
