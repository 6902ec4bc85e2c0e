"""Pages and API over the same services: workbench panel, task detail, feedback errors on the page, command
task issued by 情指中心, scope (another station's task is missing), API feedback 422."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from rules.calendar import is_workday
from tasks.models import OPEN_STATUSES, Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def _workbench_items(html: str) -> dict[str, list[str]]:
    """The workbench's task items by bucket (today / soon / overdue): their titles, as the officer reads them."""
    items = {"today": [], "soon": [], "overdue": []}
    for bucket, title in re.findall(r'data-bucket="(\w+)"><a[^>]*>([^<]+)</a>', html):
        items[bucket].append(title)
    return items


def _count(html: str, bucket: str) -> int:
    return int(re.search(rf'id="count-{bucket}">(\d+)<', html).group(1))


def test_workbench_shows_today_soon_and_overdue_for_the_demo_officer(login, client, users):
    """The demo is built on the suite's date, whatever day that is (FENGQIAO_TEST_NOW: a Sunday, a month end …).
    李某's first DV visit (served ten days ago) is overdue. 王某's (served seven days ago) is due today on a working
    day; on a rest day its last day rolls back to the last working day, so it is overdue — no day deadline is ever
    on a rest day; only a deadline in hours (a red alert's 1-hour response) is due today then. Each count is the
    officer's open tasks in that bucket, and the list shows each of them."""
    today = timezone.localdate()
    login("officer")
    html = client.get("/").content.decode()
    items = _workbench_items(html)
    assert any("家暴加害人李某" in t for t in items["overdue"])
    assert any("家暴加害人王某" in t for t in items["today" if is_workday(today) else "overdue"])
    mine = Task.objects.filter(assignee=users["officer"], status__in=OPEN_STATUSES)
    if not is_workday(today):
        hours = [t.title for t in mine.filter(due_on=today, due_at__isnull=False)]
        assert len(items["today"]) == len(hours) and all(any(h in t for h in hours) for t in items["today"])
    expected = {
        "overdue": mine.filter(due_on__lt=today).count(),
        "today": mine.filter(due_on=today).count(),
        "soon": mine.filter(due_on__gt=today, due_on__lte=today + timedelta(days=7)).count(),
    }
    assert {b: _count(html, b) for b in expected} == expected
    assert {b: len(items[b]) for b in expected} == expected
    assert 'data-bucket="overdue"' in html and "text-danger" in html
    assert "规定任务" in html and "指令任务" in html


def test_no_due_date_the_system_computes_falls_on_a_rest_day(users):
    """rules.calendar.roll, everywhere: every due date the engine or the registry computed for the demo (built on
    the suite's date) is a working day — a weekly task is not due on a Sunday, a monthly one not on a Saturday."""
    computed = Task.objects.filter(kind__in=(TaskKind.STANDING, TaskKind.VERIFICATION), due_at__isnull=True)
    days = set(computed.values_list("due_on", flat=True))
    assert len(days) > 5
    assert sorted(d for d in days if not is_workday(d)) == []


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
    html = client.get("/").content.decode()
    assert [panel[b] for b in ("today", "soon", "overdue")] == [_count(html, b) for b in ("today", "soon", "overdue")]
    assert panel["overdue"] >= 1  # the demo's overdue DV visit, on any day
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


def test_a_due_date_on_the_assumed_calendar_says_so_on_the_task_the_list_and_the_workbench(login, client, users):
    """Until 2027's 放假安排 is entered, a task due in 2027 says its date was counted Monday–Friday — on the task,
    in the task list, on the workbench and in the API — and stops saying so once the year is entered."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from rules import calendar
    from rules.holidays import parse
    from rules.models import HolidayYear
    from rules.services import holiday_year_enter
    from rules.tests.factories import HOLIDAYS_2027, HOLIDAYS_2027_NOTICE, record, tasks_of

    HolidayYear.objects.filter(year=2027).delete()
    calendar.forget()
    with time_machine.travel(datetime(2026, 12, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        # a DV warning served on Monday 28 December 2026: the first visit is due Monday 4 January 2027
        dv = record(users, category="dv_perpetrator", started_on=date(2026, 12, 28), label="跨年对象")
        [task] = tasks_of(dv, "art41_5_dv_visit")
        assert task.due_on == date(2027, 1, 4)
        login("officer")
        detail = client.get(f"/tasks/{task.pk}/").content.decode()
        assert 'id="due-assumed"' in detail and "2027年的法定节假日安排尚未录入" in detail
        listing = client.get("/tasks/?q=跨年对象").content.decode()
        assert "跨年对象" in listing and "按周一至周五推算" in listing
        workbench = client.get("/").content.decode()
        item = re.search(r'<li[^>]*data-bucket="soon"><a[^>]*>[^<]*跨年对象</a>(.*?)</li>', workbench).group(1)
        assert "按周一至周五推算" in item
        assert client.get(f"/api/v1/tasks/{task.pk}").json()["due_assumed"] is True
        days = parse(HOLIDAYS_2027.read_bytes())[0]
        holiday_year_enter(acting_user=users["control"], year=2027, days=days, notice=HOLIDAYS_2027_NOTICE)
        assert 'id="due-assumed"' not in client.get(f"/tasks/{task.pk}/").content.decode()
        assert "按周一至周五推算" not in client.get("/tasks/?q=跨年对象").content.decode()
        assert client.get(f"/api/v1/tasks/{task.pk}").json()["due_assumed"] is False


def test_api_gives_moments_in_shanghai_time(login, client, users):
    """The API, like the pages, speaks Asia/Shanghai: ``+08:00``, never the database's UTC."""
    task = Task.objects.filter(assignee=users["officer"]).first()
    login("officer")
    history = client.get(f"/api/v1/tasks/{task.pk}").json()["history"]
    assert history and all(h["at"].endswith("+08:00") for h in history)
