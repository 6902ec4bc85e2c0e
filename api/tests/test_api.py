"""JSON API: OpenAPI, docs on local assets, field-level Chinese errors, same services and scope as pages."""

import pytest

from accounts.models import RoleAssignment
from audit.models import OperationLog
from org.errors import ID_NUMBER_INVALID
from org.models import OrgUnitKind, Staff

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def test_openapi_lists_the_endpoints(login, client):
    login("officer")
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "枫桥社区警务工作平台 API"
    assert {
        "/api/v1/me",
        "/api/v1/org/units",
        "/api/v1/org/staff",
        "/api/v1/org/staff/{staff_id}",
        "/api/v1/org/staffing-warnings",
        "/api/v1/audit/access",
    } <= set(spec["paths"])


def test_docs_use_local_assets_only(login, client):
    login("officer")
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower() and "https://" not in body


def test_me_lists_roles_and_permissions(login, client):
    login("lead")
    me = client.get("/api/v1/me").json()
    assert me["username"] == "demo_lead"
    assert [r["role"] for r in me["roles"]] == ["station_lead"]
    assert "manage_staff" in me["permissions"] and "view_audit" not in me["permissions"]


def test_staff_create_with_field_errors_in_chinese(login, client):
    login("lead")
    response = client.post("/api/v1/org/staff", {"kind": "spy", "org_unit_id": "x"}, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["name"] == ["此字段为必填项"]
    assert detail["kind"][0].startswith("取值无效，可选：")
    assert detail["org_unit_id"] == ["请填写整数"]


def test_staff_create_runs_the_service_checks(login, client, users):
    login("lead")
    beat = RoleAssignment.objects.get(user=users["lead"]).org_unit.children.filter(kind=OrgUnitKind.BEAT).first()
    bad = client.post(
        "/api/v1/org/staff",
        {"name": "王芳", "kind": "auxiliary", "org_unit_id": beat.pk, "id_number": "329901198001010012"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == {"id_number": [ID_NUMBER_INVALID]}
    ok = client.post(
        "/api/v1/org/staff",
        {"name": "王芳", "kind": "auxiliary", "org_unit_id": beat.pk, "phone": "13911112222"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["phone"] == "139****2222"
    assert OperationLog.objects.filter(action="staff_create", object_id=str(ok.json()["id"])).exists()


def test_staff_create_outside_scope_is_not_found(login, client, users):
    login("lead")
    other = RoleAssignment.objects.get(user=users["lead2"]).org_unit
    response = client.post(
        "/api/v1/org/staff",
        {"name": "外所", "kind": "auxiliary", "org_unit_id": other.pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Staff.objects.filter(name="外所").exists()


def test_staff_create_without_permission_is_403(login, client, users):
    login("officer")
    beat = RoleAssignment.objects.get(user=users["officer"]).org_unit
    response = client.post(
        "/api/v1/org/staff",
        {"name": "越权", "kind": "auxiliary", "org_unit_id": beat.pk},
        content_type="application/json",
    )
    assert response.status_code == 403 and not Staff.objects.filter(name="越权").exists()


@pytest.mark.parametrize("body", ["{bad", "[]", "null", '"text"', '{"name": 5}'])
def test_malformed_json_never_500(login, client, body):
    login("lead")
    response = client.post("/api/v1/org/staff", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/org/units?page=abc",
        "/api/v1/org/units?page_size=-5",
        "/api/v1/org/staff?within=abc",
        "/api/v1/org/staff?within=999999",
        "/api/v1/org/units/abc",
        "/api/v1/org/staff/99999999",
        "/api/v1/nothing",
    ],
)
def test_malformed_queries_never_500(login, client, url):
    login("lead")
    assert client.get(url).status_code in (200, 404, 422)


def test_staffing_warnings_need_permission(login, client):
    login("lead")
    warnings = client.get("/api/v1/org/staffing-warnings").json()
    assert any(w["rule_code"] == "art5_community_officer_share" for w in warnings)
    login("officer")
    assert client.get("/api/v1/org/staffing-warnings").status_code == 403
