"""Task lifecycle: issue → dispatch → accept → feedback (validated against its 任务标准件) → review → closed/returned;
reassignment; extension approved by the station lead; every step on the operation log and the task's history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import RoleAssignment
from audit.models import OperationLog
from tasks import services
from tasks.models import Task, TaskEvidence, TaskKind, TaskStatus

pytestmark = pytest.mark.django_db


def unit_of(user):
    return RoleAssignment.objects.filter(user=user).select_related("org_unit").first().org_unit


@pytest.fixture
def command_task(users):
    station = unit_of(users["command_room"])
    return services.task_issue(
        acting_user=users["command_centre"],
        kind=TaskKind.COMMAND,
        title="排查辖区出租房屋消防隐患",
        org_unit=station,
        due_on=timezone.localdate() + timedelta(days=5),
    )


def test_command_task_waits_for_dispatch_then_follows_the_lifecycle(users, command_task, settings, tmp_path):
    """规范001 第三十条(四): 指令任务 issued to a station is dispatched by hand, fed back and closed by the issuer."""
    settings.MEDIA_ROOT = tmp_path
    officer = users["officer"]
    assert command_task.status == TaskStatus.CREATED and command_task.assignee is None
    # the officer cannot see it yet (it sits at the station); the lead can
    assert not Task.objects.visible_to(officer).filter(pk=command_task.pk).exists()
    services.task_dispatch(acting_user=users["command_room"], task=command_task, assignee=officer)
    command_task.refresh_from_db()
    assert command_task.status == TaskStatus.DISPATCHED and command_task.org_unit == unit_of(officer)
    services.task_accept(acting_user=officer, task=command_task)
    today = timezone.localdate()
    services.task_feedback_submit(
        acting_user=officer, task=command_task, data={"done_on": today.isoformat(), "result": "已排查12户"}
    )
    assert command_task.status == TaskStatus.SUBMITTED
    # an officer may not close a command task; the issuing centre may
    with pytest.raises(PermissionDenied):
        services.task_review(acting_user=officer, task=command_task, approve=True)
    with pytest.raises(ValidationError) as err:
        services.task_review(acting_user=users["command_centre"], task=command_task, approve=False)
    assert err.value.message_dict == {"note": ["请填写理由"]}
    services.task_review(acting_user=users["command_centre"], task=command_task, approve=False, note="请补充户数明细")
    assert command_task.status == TaskStatus.RETURNED
    services.task_feedback_submit(
        acting_user=officer, task=command_task, data={"done_on": today.isoformat(), "result": "已排查12户，明细附后"}
    )
    services.task_review(acting_user=users["command_centre"], task=command_task, approve=True)
    assert command_task.status == TaskStatus.CLOSED and command_task.done_on == today
    actions = list(command_task.events.values_list("action", flat=True))
    assert actions == [
        "task_issue",
        "task_dispatch",
        "task_accept",
        "task_feedback_submit",
        "task_return",
        "task_feedback_submit",
        "task_close",
    ]
    logged = OperationLog.objects.filter(object_type="task", object_id=str(command_task.pk)).count()
    assert logged == len(actions)


def test_feedback_missing_a_required_template_field_is_rejected_and_nothing_written(users, command_task):
    """任务标准件: a required field missing → clear Chinese field errors; the task is unchanged."""
    officer = users["officer"]
    services.task_dispatch(acting_user=users["lead"], task=command_task, assignee=officer)
    before = OperationLog.objects.count()
    with pytest.raises(ValidationError) as err:
        services.task_feedback_submit(
            acting_user=officer, task=command_task, data={"done_on": "2099-01-01", "result": " ", "color": "red"}
        )
    assert err.value.message_dict == {
        "__all__": ["反馈中有任务标准件未定义的字段：color"],
        "done_on": ["“完成日期”不能晚于今天"],
        "result": ["请填写“落实情况”"],
    }
    command_task.refresh_from_db()
    assert command_task.status == TaskStatus.DISPATCHED and command_task.feedback == {}
    assert OperationLog.objects.count() == before


def test_evidence_required_by_the_template(users, settings, tmp_path):
    """规范001 第四十一条(二): the first talk with a released prisoner needs its record, kept on local disk."""
    settings.MEDIA_ROOT = tmp_path
    from rules.tests.factories import record, tasks_of

    today = timezone.localdate()
    released = record(users, category="released_prisoner", started_on=today, as_of=today)
    [task] = tasks_of(released, "art41_2_released_first_talk")
    data = {"done_on": today.isoformat(), "talk_record": "法治教育谈话", "file_created": True}
    with pytest.raises(ValidationError) as err:
        services.task_feedback_submit(acting_user=users["officer"], task=task, data=data)
    assert err.value.message_dict == {"evidence": ["此类任务须上传佐证材料（照片、谈话记录等），请上传后再提交"]}
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xffphoto", content_type="image/jpeg")
    services.task_feedback_submit(acting_user=users["officer"], task=task, data=data, files=[photo])
    evidence = TaskEvidence.objects.get(task=task)
    assert evidence.name == "现场.jpg" and (tmp_path / evidence.file.name).read_bytes() == b"\xff\xd8\xffphoto"
    assert task.status == TaskStatus.CLOSED


def test_out_of_scope_officer_cannot_touch_the_task(users, command_task):
    services.task_dispatch(acting_user=users["lead"], task=command_task, assignee=users["officer"])
    with pytest.raises(PermissionDenied):
        services.task_accept(acting_user=users["officer2"], task=command_task)
    with pytest.raises(ValidationError) as err:
        services.task_dispatch(acting_user=users["lead"], task=command_task, assignee=users["officer2"])
    assert err.value.message_dict == {"assignee": ["承办人须是该任务责任单位内的社区民警或辅警"]}


def test_reassignment_and_extension_approved_by_station_lead(users, command_task):
    officer, lead = users["officer"], users["lead"]
    services.task_dispatch(acting_user=lead, task=command_task, assignee=officer)
    services.task_dispatch(acting_user=lead, task=command_task, assignee=users["auxiliary"])
    assert command_task.assignee == users["auxiliary"]
    assert command_task.events.filter(action="task_reassign").count() == 1
    with pytest.raises(ValidationError) as err:
        services.task_extension_request(
            acting_user=users["auxiliary"], task=command_task, new_due_on=command_task.due_on, reason="x"
        )
    assert err.value.message_dict == {"new_due_on": [f"延期后的截止日期须晚于原截止日期 {command_task.due_on}"]}
    new_due = command_task.due_on + timedelta(days=3)
    ext = services.task_extension_request(
        acting_user=users["auxiliary"], task=command_task, new_due_on=new_due, reason="涉及外出人员，需回访"
    )
    with pytest.raises(PermissionDenied):
        services.task_extension_decide(acting_user=users["lead2"], extension=ext, approve=True)
    services.task_extension_decide(acting_user=lead, extension=ext, approve=True)
    command_task.refresh_from_db()
    assert command_task.due_on == new_due and ext.status == "approved"


def test_pushed_task_goes_to_the_beat_officer_automatically(users):
    """规范001 第四十条(二): 推送任务 from 基础管控中心 to a beat is dispatched to its officer at once."""
    beat = unit_of(users["officer"])
    task = services.task_issue(
        acting_user=users["control"],
        kind=TaskKind.PUSHED,
        title="面见预警推送人员张某",
        org_unit=beat,
        due_on=timezone.localdate() + timedelta(days=1),
        source="规范001 第四十条(二)",
    )
    assert (task.assignee, task.status, task.template.code) == (users["officer"], TaskStatus.DISPATCHED, "pushed_meet")
    with pytest.raises(PermissionDenied):
        services.task_issue(
            acting_user=users["officer"], kind=TaskKind.PUSHED, title="x", org_unit=beat, due_on=timezone.localdate()
        )
