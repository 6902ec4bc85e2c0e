"""What a hostile or careless request sends at the edge (issue 10): control characters in queries, forms, JSON and
files; a body over the size limit; a kind that cannot be issued. Never a 500; always a Chinese answer, in JSON on
the API."""

import json

import pytest
from django.urls import reverse

from api.api import api
from fengqiao.edge import clean, strip_controls
from registry.models import Resident
from registry.tests.conftest import make_id
from registry.tests.test_names import ADDRESS

pytestmark = pytest.mark.django_db


def test_strip_controls_keeps_tabs_and_line_breaks_and_every_script():
    assert strip_controls("李\x00四\x07\x1b\x7f\x85") == "李四"
    assert strip_controls("第一行\n第二行\t\r") == "第一行\n第二行\t\r"
    assert clean({"a\x00": ["x\x00", 1, {"b": "\x08y"}]}) == {"a": ["x", 1, {"b": "y"}]}


def _list_routes():
    """Every GET route of the API without a path parameter, with its query parameter names (from the schema)."""
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        yield path, [p["name"] for p in get.get("parameters", []) if p["in"] == "query"]


@pytest.mark.parametrize("role", ["officer", "lead", "control"])
def test_a_nul_in_any_query_parameter_of_any_api_list_is_no_server_error(role, login, client):
    login(role)
    routes = list(_list_routes())
    assert len(routes) > 20
    for path, params in routes:
        for name in ["q", *params]:
            response = client.get(path, {name: "\x00"})
            assert response.status_code < 500, (path, name, response.status_code)
            assert response["Content-Type"].startswith("application/json"), (path, name)


def test_a_nul_in_the_pages_search_box_is_no_server_error(login, client):
    login("officer")
    for name in [
        "registry:resident_list",
        "subjects:resident_pick",
        "subjects:subject_list",
        "tasks:task_list",
        "web:staff_list",
    ]:
        response = client.get(reverse(name), {"q": "王\x00"})
        assert response.status_code == 200, name


def test_a_control_character_in_a_path_names_no_page(login, client):
    login("officer")
    assert client.get("/subjects/1/records/%00/").status_code == 404
    response = client.get("/api/v1/tasks/%00")
    assert response.status_code == 404 and response.json() == {"detail": "未找到"}


def test_a_nul_inside_a_json_string_is_dropped_and_the_record_written(login, client):
    login("officer")
    number = make_id("32050519800101301")
    body = json.dumps(
        {"name": "李\u0000四", "id_number": number, "population_type": "户籍人口", "address_text": ADDRESS}
    )
    response = client.post("/api/v1/registry/residents", body, content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    assert Resident.objects.get(id_number=number).name == "李四"


def test_a_nul_in_a_subject_marking_is_no_server_error(login, client, users):
    login("officer")
    resident = Resident.objects.visible_to(users["officer"]).order_by("pk").first()
    body = json.dumps(
        {"resident_id": resident.pk, "category": "threat\u0000", "facts": {"cause\u0000": "投资失败\u0000"}}
    )
    response = client.post("/api/v1/subjects/mark", body, content_type="application/json")
    assert response.status_code in (201, 422), response.content.decode()


def test_a_nul_in_a_form_field_is_dropped(login, client):
    login("officer")
    number = make_id("32050519800101302")
    response = client.post(
        reverse("registry:resident_new"),
        {"name": "王\x00五", "id_number": number, "population_type": "registered", "address_text": ADDRESS + "\x00"},
    )
    assert response.status_code == 302, response.content.decode()[:800]
    assert Resident.objects.get(id_number=number).name == "王五"


def test_a_body_over_the_limit_is_answered_in_chinese_json_on_the_api(login, client, settings):
    login("officer")
    big = json.dumps({"title": "测" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 1000)})
    response = client.post("/api/v1/tasks", big, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "请求内容过大（上限 2.5 MB），请减少内容；上传文件请使用文件上传"}


def test_a_form_over_the_limit_is_answered_by_a_chinese_page(login, client, settings):
    login("officer")
    response = client.post(reverse("registry:resident_new"), {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 413
    assert "请求内容过大（上限 2.5 MB）" in response.content.decode()


def test_a_standing_task_cannot_be_issued_by_hand_it_is_a_field_error(login, client, users):
    """规定任务 come from the rules engine; POST /api/v1/tasks with kind standing was a KeyError (500)."""
    from accounts.models import RoleAssignment
    from tasks.models import Task

    login("command_centre")
    beat = RoleAssignment.objects.get(user=users["officer"], role="officer").org_unit
    before = Task.objects.count()
    for kind in ("standing", "nonsense"):
        response = client.post(
            "/api/v1/tasks",
            {"org_unit_id": beat.pk, "title": "测试", "kind": kind, "due_on": "2026-12-31"},
            content_type="application/json",
        )
        assert response.status_code == 422, (kind, response.content.decode())
        assert list(response.json()["detail"]) == ["kind"], kind
    login("officer")
    response = client.post(
        "/api/v1/tasks",
        {"org_unit_id": beat.pk, "title": "测试", "kind": "standing", "due_on": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"]["kind"] == [
        "“任务类别”只能是：指令任务、推送任务、核查任务（规定任务由规则引擎按规则生成，不能手工下发）"
    ]
    assert Task.objects.count() == before


def test_an_import_cell_with_control_characters_keeps_the_person(users, tmp_path):
    from registry.importer import import_file
    from registry.models import ImportKind

    number = make_id("32050519800101303")
    path = tmp_path / "r.csv"
    header = "姓名,公民身份号码,性别,出生日期,民族,联系电话,人口类型,现住地址,与房屋关系,户籍地址"
    path.write_text(f"{header}\n赵\x00六,{number},,,汉族,,户籍人口,{ADDRESS}\x0b,户主,\n", encoding="utf-8")
    result = import_file(kind=ImportKind.RESIDENTS, path=str(path), acting_user=users["officer"])
    assert (result.rows, result.imported, result.rejected) == (1, 1, 0)
    assert Resident.objects.get(id_number=number).name == "赵六"
