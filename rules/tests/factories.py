"""Small helpers for scenario tests: a tracked record on the demo officer's beat, its tasks, a visit."""

from datetime import date
from pathlib import Path

from accounts.models import RoleAssignment
from accounts.roles import Role
from rules.models import TrackedRecord
from rules.services import rules_run, tracked_record_create
from tasks.models import OPEN_STATUSES, Task
from tasks.services import task_feedback_submit

HOLIDAYS_2027 = Path(__file__).resolve().parents[1] / "data" / "holidays-2027.example.csv"
HOLIDAYS_2027_NOTICE = "国务院办公厅关于2027年部分节假日安排的通知（示例）"


def officer_beat(users):
    return RoleAssignment.objects.get(user=users["officer"], role=Role.OFFICER).org_unit


def record(
    users, *, category="", record_type="special_subject", started_on=None, as_of=None, **fields
) -> TrackedRecord:
    return tracked_record_create(
        acting_user=None,
        as_of=as_of or started_on or fields.get("ends_on") or date(2025, 1, 1),
        record_type=record_type,
        category=category,
        label=fields.pop("label", "测试对象"),
        beat=fields.pop("beat", None) or officer_beat(users),
        started_on=started_on,
        **fields,
    )


def tasks_of(rec, code, *, open_only=True):
    qs = Task.objects.filter(obligation_code=code, record_type=rec.record_type, record_id=str(rec.pk))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return list(qs.order_by("due_on", "id"))


def due_dates(rec, code):
    return [t.due_on for t in tasks_of(rec, code)]


def complete(task, user, done_on: date, **data):
    """Submit the task's feedback as done on ``done_on`` with the template's required fields filled."""
    values = {"done_on": done_on.isoformat()}
    for spec in task.template.fields:
        if spec["name"] in values or spec["name"] in data or not spec.get("required", True):
            continue
        values[spec["name"]] = {"choice": lambda s: s["choices"][0][0], "int": lambda s: 1, "bool": lambda s: True}.get(
            spec["type"], lambda s: "已落实"
        )(spec)
    values.update(data)
    files = []
    if task.template.evidence_required:
        from django.core.files.uploadedfile import SimpleUploadedFile

        files = [SimpleUploadedFile("record.jpg", b"\xff\xd8\xffevidence", content_type="image/jpeg")]
    return task_feedback_submit(acting_user=user, task=task, data=values, files=files, today=done_on)


def run(day: date, **kwargs):
    return rules_run(acting_user=None, as_of=day, **kwargs)
