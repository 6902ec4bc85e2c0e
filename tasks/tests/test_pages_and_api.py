"""Pages and API over the same services: workbench panel, task detail, feedback errors on the page, command
task issued by 情指中心, scope (another station's task is missing), API feedback 422."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def test_workbench_shows_today_soon_and_overdue_for_the_demo_officer(login, client):
    login("officer")
    html = client.get("/").content.decode()
    assert 'id="count-overdue">1<' in html and 'id="count-today">1<' in html
    assert "家暴加害人李某" in html and 'data-bucket="overdue"' in html and "text-danger" in html
    assert "规定任务" in html and "指令任务" in html


def test_command_centre_issues_a_command_task_from_the_page(login, client, users):
    login("command_centre")
    page = client.get("/tasks/new/")
    assert page.status_code == 200
    from accounts.models import RoleAssignment

    station = RoleAssignment.objects.get(user=users["lead"]).org_unit
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        "/tasks/new/",
        {"kind": "command", "title": "走访辖区重点单位", "org_unit": station.pk, "due_on": due, "description": ""},
    )
    task = Task.objects.get(title="走访辖区重点单位")
    assert response.status_code == 302 and task.status == TaskStatus.CREATED and task.issuer == users["command_centre"]
    login("officer")
    assert client.get(f"/tasks/{task.pk}/").status_code == 404  # not yet dispatched to the beat
    login("lead")
    assert "派发" in client.get(f"/tasks/{task.pk}/").content.decode()


def test_feedback_page_keeps_what_was_typed_and_shows_field_errors(login, client, users):
    task = Task.objects.filter(assignee=users["officer"], kind=TaskKind.COMMAND, status="dispatched").first()
    login("officer")
    response = client.post(f"/tasks/{task.pk}/feedback/", {"done_on": "", "result": "", "notes": "已联系房东"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写“完成日期”" in html and "请填写“落实情况”" in html and "已联系房东" in html
    task.refresh_from_db()
    assert task.status == TaskStatus.DISPATCHED


def test_another_stations_officer_sees_neither_page_nor_api(login, client, users):
    task = Task.objects.filter(assignee=users["officer"]).first()
    login("officer2")
    assert client.get(f"/tasks/{task.pk}/").status_code == 404
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 404
    assert all(
        t["org_unit_name"] != task.org_unit.name for t in client.get("/api/v1/tasks?page_size=200").json()["items"]
    )


def test_api_feedback_is_validated_against_the_template(login, client, users):
    task = Task.objects.filter(assignee=users["officer"], kind=TaskKind.COMMAND, status="dispatched").first()
    login("officer")
    response = client.post(
        f"/api/v1/tasks/{task.pk}/feedback", {"data": {"done_on": "2026-01-01"}}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {"result": ["请填写“落实情况”"]}
    panel = client.get("/api/v1/tasks/panel").json()
    assert panel["overdue"] == 1 and panel["today"] == 1
    ok = client.post(
        f"/api/v1/tasks/{task.pk}/feedback",
        {"data": {"done_on": timezone.localdate().isoformat(), "result": "已核对"}},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"


def test_obligations_page_and_api_cite_the_articles(login, client):
    login("control")
    html = client.get("/rules/").content.decode()
    assert "规范001 第四十一条(五)" in html
    data = client.get("/api/v1/rules/obligations").json()
    assert any(o["code"] == "art41_5_dv_visit" and o["stop_after_clean"] == 3 for o in data)
    login("officer")
    assert client.post("/rules/1/", {"remind_before_days": 9}).status_code == 403
