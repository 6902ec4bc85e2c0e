"""How the route matrix exercises tasks (docs/adr/0004): a dispatched task in the officer's beat, a submitted one the
station lead reviews, one waiting at the station for dispatch, an extension request, the officer's own messages; the
command room issues tasks to its own station only."""

from datetime import timedelta

from django.utils import timezone

from tasks.models import ExtensionRequest, Message, Task, TaskEvidence, TaskKind, TaskStatus, TaskTemplate
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary, stored_file

SEARCH = {"q": MATRIX}
OFFICER = ("officer",)  # messages are their recipient's own
COMMAND_ROOM = ("command_room",)


def _task(side, *, template="activity_report", status=TaskStatus.DISPATCHED, unit=None, assignee=True) -> Task:
    today = timezone.localdate()
    return Task.objects.create(
        kind=TaskKind.STANDING if template != "command_feedback" else TaskKind.COMMAND,
        title=side.mark,
        description=MATRIX,
        template=TaskTemplate.objects.get(code=template),
        status=status,
        org_unit=unit or side.beat,
        assignee=side.officer if assignee else None,
        record_label=side.mark,
        start_on=today,
        due_on=today + timedelta(days=5),
        dispatched_at=timezone.now() if assignee else None,
    )


def make_task(side):
    return _task(side)


def make_submitted_task(side):
    return _task(side, template="verification", status=TaskStatus.SUBMITTED)


def make_station_task(side):
    return _task(side, template="command_feedback", status=TaskStatus.CREATED, unit=side.station, assignee=False)


def make_extension(side):
    task = _task(side)
    return ExtensionRequest.objects.create(
        task=task, requested_by=side.officer, new_due_on=task.due_on + timedelta(days=3), reason=MATRIX
    )


def make_message(side):
    task = _task(side)
    return Message.objects.create(
        recipient=side.officer, task=task, kind="reminder", key=f"mx{task.pk}", text=side.mark
    )


RECORDS = {
    "task": Record(make=make_task),
    "submitted_task": Record(make=make_submitted_task),
    "station_task": Record(make=make_station_task),
    "task_extension": Record(make=make_extension),
    "message": Record(make=make_message),
    "task_evidence": Record(
        make=lambda side: stored_file(TaskEvidence, task=make_task(side), uploaded_by=side.officer)
    ),
}


def _feedback(task):
    return {"done_on": timezone.localdate().isoformat(), "summary": MATRIX}


def _officer_of(task):
    """The officer of the task's station (the side's): the one assignee every dispatch may name."""
    return Task.objects.filter(station=task.station, assignee__isnull=False).order_by("pk").first().assignee_id


def _issue(side):
    return {
        "kind": TaskKind.COMMAND,
        "title": MATRIX,
        "org_unit": side.station.pk,
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
    }


ROUTES = {
    "tasks:task_evidence_file": Download("task_evidence"),
    "tasks:task_list": List("task", query=SEARCH, export=True),
    "tasks:task_issue": Create(data=_issue, roles=COMMAND_ROOM),
    "tasks:station": List("station_task", query=SEARCH, export=True),
    "tasks:station_batch": Create(
        data=lambda side: {"ids": side.made["station_task"].pk, "assignee": side.officer.pk, "do": "dispatch"}
    ),
    "tasks:messages": List("message", roles=OFFICER),
    "tasks:message_read": Action("message", roles=OFFICER),
    "tasks:rates": Summary(),
    "tasks:extension_decide": Action("task_extension", data=lambda e: {"decision": "approve"}),
    "tasks:task_detail": Detail("task"),
    "tasks:task_accept": Action("task"),
    "tasks:task_feedback": Action("task", data=_feedback),
    "tasks:task_review": Action("submitted_task", data=lambda t: {"decision": "approve", "note": ""}),
    "tasks:task_dispatch": Action("station_task", data=lambda t: {"assignee": _officer_of(t)}),
    "tasks:task_extension": Action(
        "task", data=lambda t: {"new_due_on": (t.due_on + timedelta(days=3)).isoformat(), "reason": MATRIX}
    ),
    "GET /api/v1/tasks": List("task", query=SEARCH),
    "POST /api/v1/tasks": Create(
        data=lambda side: {**_issue(side), "org_unit_id": side.station.pk}, roles=COMMAND_ROOM
    ),
    "GET /api/v1/tasks/panel": Summary(),
    "GET /api/v1/tasks/{task_id}": Detail("task"),
    "POST /api/v1/tasks/{task_id}/accept": Action("task"),
    "POST /api/v1/tasks/{task_id}/feedback": Action("task", data=lambda t: {"data": _feedback(t)}),
    "POST /api/v1/tasks/{task_id}/review": Action("submitted_task", data=lambda t: {"approve": True}),
}
