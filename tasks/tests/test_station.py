"""本所任务: the station lead's list (beat, due date, overdue flag, status, filters) and batch dispatch / reassign
with checkboxes — one service each, every task on its history and the operation log, all or nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import RoleAssignment
from audit.models import OperationLog
from tasks import services
from tasks.models import Task, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def station_of(user):
    return RoleAssignment.objects.get(user=user).org_unit


def waiting(users, n: int, title: str = "批量派发测试") -> list[Task]:
    """``n`` command tasks from 情指中心 to the lead's station, waiting for dispatch (待派发)."""
    return [
        services.task_issue(
            acting_user=users["command_centre"],
            kind=TaskKind.COMMAND,
            title=f"{title}{i}",
            org_unit=station_of(users["lead"]),
            due_on=timezone.localdate() + timedelta(days=3),
        )
        for i in range(n)
    ]


def rows(html: str) -> list[tuple[str, list[str]]]:
    """(row class, cell texts) of the result table."""
    table = html[html.index('id="result-table"') : html.index("</table>", html.index('id="result-table"'))]
    found = []
    for css, body in re.findall(r'<tr(?: class="([^"]*)")?>(.*?)</tr>', table, re.S)[1:]:
        found.append((css, [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]))
    return found


def test_station_list_has_beat_due_overdue_and_status_and_highlights_overdue_rows(login, client, users):
    """The demo's overdue DV visit (served ten days before the suite's date) is a red row with 逾期."""
    login("lead")
    html = client.get("/tasks/station/", {"q": "查访，此后每三个月查访：演示·家暴加害人李某"}).content.decode()
    table = html[html.index('id="result-table"') :]
    header = re.findall(r'<th class="text-nowrap">([^<]+)</th>', table[: table.index("</thead>")])
    assert header == ["任务名称", "警务区", "任务类别", "状态", "承办人", "截止", "逾期"]
    [(css, cells)] = rows(html)
    beat = station_of(users["officer"])
    assert css == "table-danger" and cells[2] == beat.name and cells[4] == "已派发" and cells[7] == "逾期"
    assert 'name="ids"' in html and 'id="batch-form"' in html and 'id="select-all"' in html


def test_station_list_filters_by_status_and_beat_and_stays_in_the_station(login, client, users):
    tasks = waiting(users, 2)
    login("lead")
    titles = [
        c[1] for _css, c in rows(client.get("/tasks/station/", {"status": "created", "per_page": 200}).content.decode())
    ]
    assert {t.title for t in tasks} <= set(titles)
    assert Task.objects.filter(title__in=titles).exclude(status=TaskStatus.CREATED).count() == 0
    beat = station_of(users["officer"])
    on_beat = rows(client.get("/tasks/station/", {"beat": beat.pk, "per_page": 200}).content.decode())
    assert on_beat and {c[2] for _css, c in on_beat} == {beat.name}
    login("lead2")
    assert not {t.title for t in tasks} & {c[1] for _css, c in rows(client.get("/tasks/station/").content.decode())}


def test_lead_dispatches_ticked_tasks_in_one_go(login, client, users):
    """Tasks waiting for dispatch: tick them, choose the officer, 派发 — each dispatched, on its history and the log."""
    tasks = waiting(users, 3)
    login("lead")
    response = client.post(
        "/tasks/station/batch/",
        {"ids": [t.pk for t in tasks], "assignee": users["officer"].pk, "do": "dispatch", "back": "status=created"},
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/station/?status=created"
    for task in tasks:
        task.refresh_from_db()
        assert (task.status, task.assignee, task.org_unit) == (
            TaskStatus.DISPATCHED,
            users["officer"],
            station_of(users["officer"]),
        )
        assert task.events.filter(action="task_dispatch", actor=users["lead"]).count() == 1
    logs = OperationLog.objects.filter(action="task_dispatch", object_id__in=[str(t.pk) for t in tasks])
    assert logs.count() == 3 and {log.username for log in logs} == {"demo_lead"}
    batch = OperationLog.objects.get(action="task_dispatch_batch")
    assert (batch.user, batch.summary) == (users["lead"], f"批量派发3个任务给{users['officer']}")
    assert batch.changes["tasks"] == [t.pk for t in tasks]
    assert {log.changes["batch"] for log in logs} == {batch.changes["batch"]}
    assert "已处理 3 个任务" in client.get("/tasks/station/").content.decode()


def test_a_batch_with_one_refused_task_writes_nothing_and_names_it(login, client, users):
    tasks = waiting(users, 2)
    services.task_dispatch(acting_user=users["lead"], task=tasks[1], assignee=users["officer"])
    before = OperationLog.objects.count()
    login("lead")
    client.post(
        "/tasks/station/batch/", {"ids": [t.pk for t in tasks], "assignee": users["auxiliary"].pk, "do": "dispatch"}
    )
    tasks[0].refresh_from_db()
    assert tasks[0].status == TaskStatus.CREATED and OperationLog.objects.count() == before
    html = client.get("/tasks/station/").content.decode()
    assert f"任务“{tasks[1].title}”：任务当前状态为“已派发”，不能派发" in html
    # another station's task among the ids: refused, nothing written
    other = Task.objects.filter(org_unit__path__startswith=station_of(users["lead2"]).path).first()
    client.post(
        "/tasks/station/batch/", {"ids": [tasks[0].pk, other.pk], "assignee": users["officer"].pk, "do": "dispatch"}
    )
    assert "所选任务中有1个已不在本所在办任务中" in client.get("/tasks/station/").content.decode()
    assert OperationLog.objects.count() == before


def test_lead_reassigns_ticked_tasks_to_the_auxiliary(login, client, users):
    tasks = waiting(users, 2)
    services.task_dispatch_batch(acting_user=users["lead"], tasks=tasks, assignee=users["officer"])
    login("lead")
    client.post(
        "/tasks/station/batch/", {"ids": [t.pk for t in tasks], "assignee": users["auxiliary"].pk, "do": "reassign"}
    )
    for task in tasks:
        task.refresh_from_db()
        assert (task.assignee, task.status) == (users["auxiliary"], TaskStatus.DISPATCHED)
        assert task.events.filter(action="task_reassign").count() == 1
    assert OperationLog.objects.get(action="task_reassign_batch").username == "demo_lead"
    # no assignee chosen: nothing happens, the lead is told
    client.post("/tasks/station/batch/", {"ids": [tasks[0].pk], "assignee": "", "do": "reassign"})
    assert "请选择承办人" in client.get("/tasks/station/").content.decode()


def test_every_task_list_highlights_overdue_rows(login, client, users):
    """李某's first DV visit is overdue (red, 逾期); his half-yearly full visit is not (plain)."""
    login("officer")
    found = {
        cells[0]: (css, cells) for css, cells in rows(client.get("/tasks/", {"q": "家暴加害人李某"}).content.decode())
    }
    [visit] = [k for k in found if "七日内查访" in k]
    [full] = [k for k in found if "全面走访" in k]
    assert found[visit][0] == "table-danger" and "逾期" in found[visit][1]
    assert found[full][0] == "" and "逾期" not in found[full][1]
