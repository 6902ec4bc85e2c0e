"""Every page, for every demo role: it opens (or refuses cleanly), in Chinese, and no input makes a 500."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from org.models import OrgUnit

pytestmark = [pytest.mark.django_db]

ROLES = ["officer", "auxiliary", "grid", "volunteer", "lead", "command_room", "control", "command_centre", "auditor"]
PAGES = [
    "web:workbench",
    "web:org_tree",
    "web:org_unit_list",
    "web:staff_list",
    "web:team_list",
    "web:staffing",
    "web:user_list",
    "web:user_new",
    "web:staff_new",
    "web:audit_access",
    "web:audit_operations",
    "web:audit_logins",
    "web:password_change",
]


@pytest.mark.fast
@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_or_refuses_in_chinese(role, login, client):
    login(role)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code in (200, 403), (role, name, response.status_code)
        body = response.content.decode()
        assert 'lang="zh-CN"' in body
        if response.status_code == 403:
            assert "无权访问" in body


@pytest.mark.parametrize("role", ["officer", "lead", "control", "auditor"])
def test_workbench_shows_unit_task_panel_and_role_shortcuts(role, login, client, users):
    login(role)
    body = client.get("/").content.decode()
    unit = users[role].role_assignments.get().org_unit
    assert "我的工作台" in body and unit.name in body and "我的任务" in body and "快捷入口" in body
    expected = {"officer": "我的警务区", "lead": "账号管理", "control": "组织机构", "auditor": "访问留痕"}[role]
    assert expected in body


def test_menu_follows_permissions(login, client):
    login("officer")
    body = client.get("/").content.decode()
    assert "访问留痕" not in body and "账号管理" not in body and "人员" in body
    login("auditor")
    body = client.get("/").content.decode()
    assert "访问留痕" in body and "账号管理" not in body


@pytest.mark.fast
def test_lists_search_filter_and_page(login, client):
    login("control")
    page = client.get(reverse("web:org_unit_list"), {"kind": "station"}).context["page"]
    assert page.paginator.count == OrgUnit.objects.filter(kind="station").count() - 1  # not the neighbour city's
    found = client.get(reverse("web:org_unit_list"), {"q": "寒山"}).context["page"].object_list
    assert found and all("寒山" in u.name or "寒山" in u.code for u in found)
    first = client.get(reverse("web:staff_list"), {"per_page": 10}).context["page"]
    second = client.get(reverse("web:staff_list"), {"per_page": 10, "page": 2}).context["page"]
    assert len(first.object_list) == 10 and not {s.pk for s in first} & {s.pk for s in second}


@pytest.mark.fast
def test_org_unit_list_exports_excel(login, client):
    login("lead")
    response = client.get(reverse("web:org_unit_list"), {"export": "xlsx", "kind": "beat"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


BAD_QUERIES = [
    {"page": "abc"},
    {"page": "-1"},
    {"page": "99999"},
    {"per_page": "x"},
    {"per_page": "100000"},
    {"kind": "<script>"},
    {"within": "abc"},
    {"within": "999999"},
    {"active": "maybe"},
    {"date_from": "2026-13-45"},
    {"date_to": "yesterday"},
    {"q": "%" * 500},
    {"q": "' OR 1=1 --"},
    {"q": "\x00"},
    {"action": "x" * 1000},
    {"outcome": "?"},
    {"export": "pdf"},
]


@pytest.mark.fast
@pytest.mark.parametrize("role", ["lead", "auditor"])
def test_malformed_list_queries_never_500(role, login, client):
    login(role)
    for name in [
        "web:org_unit_list",
        "web:staff_list",
        "web:team_list",
        "web:user_list",
        "web:audit_access",
        "web:audit_operations",
        "web:audit_logins",
    ]:
        for query in BAD_QUERIES:
            response = client.get(reverse(name), query)
            assert response.status_code in (200, 403), (name, query, response.status_code)


def test_invalid_filter_is_reported_on_the_field(login, client):
    login("auditor")
    response = client.get(reverse("web:audit_access"), {"date_from": "2026-13-45"})
    assert "输入一个有效的日期" in response.content.decode()


@pytest.mark.fast
def test_malformed_paths_and_posts_never_500(login, client):
    login("lead")
    assert client.get("/org/units/0/").status_code == 404
    assert client.get("/org/units/99999999999999999999/").status_code == 404
    assert client.get("/org/staff/abc/").status_code == 404
    assert client.post(reverse("web:user_new"), {"org_unit": "abc", "role": "king"}).status_code == 200
    assert client.post(reverse("web:staff_new"), {"org_unit": "", "joined_on": "not-a-date"}).status_code == 200
    assert client.get(reverse("web:user_disable", args=[1])).status_code == 405
    assert client.post(reverse("web:user_role_revoke", args=[1, 999999])).status_code == 404


@pytest.mark.fast
def test_not_found_page_is_chinese(login, client):
    login("officer")
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_no_external_urls_in_any_page(login, client):
    login("control")
    for name in PAGES:
        body = client.get(reverse(name)).content.decode()
        for marker in ("http://", "https://", "//cdn", "fonts.googleapis"):
            assert marker not in body, (name, marker)


@pytest.mark.fast
def test_server_error_page_is_chinese_and_needs_no_database():
    from web.views.errors import server_error

    response = server_error(RequestFactory().get("/x/"))
    assert response.status_code == 500 and "系统错误" in response.content.decode()
    api = server_error(RequestFactory().get("/api/v1/x"))
    assert api.status_code == 500 and "服务器内部错误" in api.content.decode()


def test_large_trees_stop_at_the_beats(login, client, monkeypatch):
    monkeypatch.setattr("web.views.org.TREE_FULL_LIMIT", 10)
    login("control")
    body = client.get(reverse("web:org_tree")).content.decode()
    assert 'id="tree-shortened"' in body and "枫桥第1警务区" in body and "江枫社区第1网格" not in body
    assert "江枫社区第1网格" in client.get(reverse("web:org_tree"), {"all": "1"}).content.decode()
