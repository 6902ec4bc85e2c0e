"""规范001 第六十条、第六十一条、第七十条: inspections with an assistant, item by item; hazards with a deadline the
officer sets, the 24-hour filing as a due time, extensions decided by the station lead, re-inspection."""

import hashlib
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import OperationLog
from inspections import errors, services
from inspections.models import ExtensionStatus, Hazard, HazardStatus, Inspection, InspectionEvidence
from tasks.models import Message, MessageKind, TaskStatus
from tasks.services import task_reminders_send

from .factories import answers, assistant_of, at, due_dates, inspect, raise_hazard, register_unit, tasks_for, upload

pytestmark = pytest.mark.django_db
H = "hazard"
FILING, REINSPECTION = "art61_hazard_filing", "art61_hazard_reinspection"


def test_art60_inspection_without_an_assistant_is_refused_and_nothing_written(users):
    """第六十条: 应在辅警或者警务助理协助下 … 第七十条: 或者与其他民警联勤."""
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫超市")
    before = (Inspection.objects.count(), OperationLog.objects.count())
    with pytest.raises(ValidationError) as err:
        inspect(officer, unit, on=date(2026, 3, 2), assistant=None, recorder_ref="")
    assert err.value.message_dict["assistant"] == [errors.ASSISTANT_REQUIRED]
    assert err.value.message_dict["recorder_ref"] == [errors.RECORDER_REQUIRED]
    assert (Inspection.objects.count(), OperationLog.objects.count()) == before


def test_art59_key_unit_must_answer_the_key_unit_items_one_by_one(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫变电站", key_unit=True)
    partial = {code: a for code, a in answers(unit).items() if not code.startswith("art59")}
    with pytest.raises(ValidationError) as err:
        inspect(officer, unit, on=date(2026, 3, 2), answers=partial)
    assert "请逐项填写检查结果：“治安保卫重要部位确定情况”尚未填写" in err.value.message_dict["answers"]
    failed_without_note = answers(unit) | {"art58_1": {"ok": False, "note": ""}}
    with pytest.raises(ValidationError) as err:
        inspect(officer, unit, on=date(2026, 3, 2), answers=failed_without_note)
    assert err.value.message_dict["answers"] == ["“单位制定内部治安保卫制度情况”不合格，请说明发现的问题"]


def test_art69_venue_gets_the_trade_items_and_a_hazard_needs_the_interview(users):
    """第六十九条(一)–(四) for 场所行业; 第七十条: 及时约谈单位相关负责人 … 记录在案."""
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫KTV", category="venue")
    assert {"art69_1", "art69_4"} <= set(answers(unit))
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art69_3",))
    with pytest.raises(ValidationError) as err:
        raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=date(2026, 3, 16))
    assert err.value.message_dict == {"interviewee": [errors.INTERVIEW_REQUIRED]}
    hazard = raise_hazard(
        officer, inspection, decided=at(date(2026, 3, 2)), deadline=date(2026, 3, 16), interviewee="店长刘某"
    )
    assert hazard.interviewee == "店长刘某"


def test_art61_hazard_deadline_has_no_default_the_officer_must_choose_it(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫仓库")
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art58_4",))
    for deadline, message in ((None, errors.DEADLINE_REQUIRED), (date(2026, 3, 2), errors.DEADLINE_TOO_EARLY)):
        with pytest.raises(ValidationError) as err:
            raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=deadline)
        assert err.value.message_dict == {"deadline": [message]}
    with pytest.raises(ValidationError) as err:
        raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=date(2026, 3, 9), item="art58_1")
    assert err.value.message_dict == {"item_code": [errors.ITEM_NOT_FAILED]}
    assert not Hazard.objects.filter(inspection=inspection).exists()


def test_art61_filing_due_24_hours_after_the_decision_then_escalated(users):
    """Hazard decided 2026-03-02 10:00 → filing due 2026-03-03 10:00 (a time, not a date); escalated after."""
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫物流园")
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art58_3",))
    hazard = raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=date(2026, 3, 16))
    [filing] = tasks_for(H, hazard.pk, FILING)
    assert filing.due_at == at(date(2026, 3, 3)) and filing.due_on == date(2026, 3, 3)
    assert due_dates(H, hazard.pk, REINSPECTION) == [date(2026, 3, 16)]
    task_reminders_send(now=at(date(2026, 3, 3), 9, 59))
    filing.refresh_from_db()
    assert filing.escalated_at is None
    task_reminders_send(now=at(date(2026, 3, 3), 10, 1))
    filing.refresh_from_db()
    assert filing.escalated_at is not None
    escalation = Message.objects.get(task=filing, kind=MessageKind.ESCALATION)
    assert escalation.recipient == users["lead"] and "已逾期" in escalation.text


def test_art61_filing_within_24_hours_closes_the_filing_task(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫酒店")
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art58_2",))
    hazard = raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=date(2026, 3, 16))
    with time_machine.travel(at(date(2026, 3, 2), 16), tick=False):
        services.hazard_file(acting_user=officer, hazard=hazard, today=date(2026, 3, 2))
    [filing] = tasks_for(H, hazard.pk, FILING, open_only=False)
    assert filing.status == TaskStatus.CLOSED and filing.feedback["decision_no"] == hazard.notice.number
    with pytest.raises(ValidationError, match="已于 2026-03-02 16:00 报所备案"):
        services.hazard_file(acting_user=officer, hazard=hazard)


def _hazard(users, name, *, deadline=date(2026, 3, 16)):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name=name)
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art58_3",))
    return raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=deadline)


def test_art61_extension_approved_by_the_lead_moves_the_reinspection(users):
    officer, lead = users["officer"], users["lead"]
    hazard = _hazard(users, "江枫机修厂")
    extension = services.extension_record(
        acting_user=officer,
        hazard=hazard,
        applied_on=date(2026, 3, 10),
        requested_deadline=date(2026, 3, 31),
        reason="消防设施需厂家安装",
        officer_opinion="理由属实，建议同意",
        today=date(2026, 3, 10),
    )
    # 报所定: the officer cannot decide it
    with pytest.raises(PermissionDenied, match="所领导审批决定"):
        services.extension_decide(acting_user=officer, extension=extension, approve=True, today=date(2026, 3, 10))
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    services.extension_decide(acting_user=lead, extension=extension, approve=True, today=date(2026, 3, 11))
    hazard.refresh_from_db()
    assert hazard.deadline == date(2026, 3, 31) and hazard.original_deadline == date(2026, 3, 16)
    assert due_dates(H, hazard.pk, REINSPECTION) == [date(2026, 3, 31)]


def test_art61_extension_refused_keeps_the_deadline_and_needs_a_reason(users):
    officer, lead = users["officer"], users["lead"]
    hazard = _hazard(users, "江枫网吧")
    extension = services.extension_record(
        acting_user=officer,
        hazard=hazard,
        applied_on=date(2026, 3, 10),
        requested_deadline=date(2026, 4, 30),
        reason="资金不足",
        officer_opinion="理由不充分",
        today=date(2026, 3, 10),
    )
    with pytest.raises(ValidationError) as err:
        services.extension_decide(acting_user=lead, extension=extension, approve=False)
    assert err.value.message_dict == {"note": [errors.REASON_REQUIRED]}
    services.extension_decide(acting_user=lead, extension=extension, approve=False, note="隐患整改不需要投入大量资金")
    hazard.refresh_from_db()
    assert hazard.deadline == date(2026, 3, 16)
    assert due_dates(H, hazard.pk, REINSPECTION) == [date(2026, 3, 16)]
    with pytest.raises(ValidationError) as err:
        services.extension_record(
            acting_user=officer,
            hazard=hazard,
            applied_on=date(2026, 3, 17),
            requested_deadline=date(2026, 3, 20),
            reason="再次申请",
            officer_opinion="—",
            today=date(2026, 3, 17),
        )
    assert err.value.message_dict["applied_on"] == ["延期整改申请须在整改期限（2026-03-16）届满前提出"]


def test_art61_failed_reinspection_cannot_close_without_escalation(users):
    officer = users["officer"]
    hazard = _hazard(users, "江枫旧货市场")
    beat = hazard.org_unit
    fields = {
        "reinspected_on": date(2026, 3, 16),
        "assistant": assistant_of(beat),
        "recorder_ref": "DSJ-0001-20260316",
        "result": "not_rectified",
        "today": date(2026, 3, 16),
    }
    with pytest.raises(ValidationError) as err:
        services.reinspection_record(acting_user=officer, hazard=hazard, **fields)
    assert err.value.message_dict == {
        "escalation": [errors.ESCALATION_REQUIRED],
        "escalation_note": [errors.ESCALATION_NOTE_REQUIRED],
    }
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.OPEN and not hazard.reinspections.exists()
    services.reinspection_record(
        acting_user=officer,
        hazard=hazard,
        escalation="government",
        escalated_to="枫桥街道办事处",
        escalation_note="书面报告街道协调解决",
        **fields,
    )
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ESCALATED and hazard.closed_on == date(2026, 3, 16)
    assert due_dates(H, hazard.pk, REINSPECTION) == []


def test_art61_early_reinspection_only_on_the_units_request_and_evidence_has_a_checksum(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = users["officer"]
    hazard = _hazard(users, "江枫开锁店")
    fields = {
        "reinspected_on": date(2026, 3, 9),
        "assistant": assistant_of(hazard.org_unit),
        "recorder_ref": "DSJ-0001-20260309",
        "result": "rectified",
        "today": date(2026, 3, 9),
    }
    with pytest.raises(ValidationError) as err:
        services.reinspection_record(acting_user=officer, hazard=hazard, **fields)
    assert err.value.message_dict == {
        "reinspected_on": ["整改期限（2026-03-16）未满，只有单位申请提前复查时才能提前复查"]
    }
    services.reinspection_record(acting_user=officer, hazard=hazard, on_request=True, files=[upload()], **fields)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED
    evidence = InspectionEvidence.objects.get(reinspection__hazard=hazard)
    assert evidence.sha256 == hashlib.sha256(b"\xff\xd8\xffphoto").hexdigest()
    [task] = tasks_for(H, hazard.pk, REINSPECTION, open_only=False)
    assert task.status == TaskStatus.CLOSED and task.done_on == date(2026, 3, 9)


def test_art70_serious_problem_is_reported_to_the_station_at_once(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫洗浴中心", category="venue")
    inspection = inspect(officer, unit, on=date(2026, 3, 2), serious=True)
    message = Message.objects.get(recipient=users["lead"], key=f"inspection-serious:{inspection.pk}")
    assert message.text.startswith("【立即报告】江枫洗浴中心治安问题突出")


def test_another_stations_officer_and_a_grid_worker_cannot_inspect(users):
    unit = register_unit(users["officer"], on=date(2026, 3, 1), name="江枫药店")
    for who in ("officer2", "grid", "auxiliary"):
        with pytest.raises(PermissionDenied):
            inspect(users[who], unit, on=date(2026, 3, 2))
    assert not Inspection.objects.filter(organization=unit).exists()


def test_unit_managed_by_the_upper_level_is_not_inspected_here(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name="江枫电厂")
    services.supervision_update(acting_user=officer, organization=unit, data={"supervised_by": "upper"})
    with pytest.raises(ValidationError) as err:
        inspect(officer, unit, on=date(2026, 3, 2) + timedelta(days=0))
    assert err.value.message_dict == {"__all__": [errors.NOT_SUPERVISED]}
