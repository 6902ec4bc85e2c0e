"""规范001 第三十九条 (流入流出)、第四十条(二) (预警推送)、第一百零九条 (违规预警)、第三十八条 (赋分)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AccessRecord
from subjects import errors, selectors
from subjects.models import BulkReadWarning, SpecialSubject, TransferStatus
from subjects.scoring import BULK_READ_THRESHOLD, RiskInput, risk_score
from subjects.services import (
    pushed_warning_push,
    special_subject_read,
    subject_transfer_acknowledge,
    subject_transfer_notify,
)
from tasks.models import TaskKind, TaskStatus

from .factories import beat_of, marked, open_tasks, resident

pytestmark = pytest.mark.django_db


def test_art39_transfer_to_another_station_needs_acknowledgement_and_moves_scope(users):
    """规范001 第三十九条: 流出须通报流入地；接收确认前对方看不到对象，确认后由流入地负责。"""
    s = marked(users, "threat", {"cause": "邻里纠纷"}, on=date(2025, 2, 1))
    target = beat_of(users["officer2"])
    with pytest.raises(ValidationError) as exc:
        subject_transfer_notify(acting_user=users["officer"], subject=s, to_unit=s.org_unit, notice="迁居")
    assert exc.value.message_dict == {"to_unit": [errors.TRANSFER_SAME_UNIT]}
    transfer = subject_transfer_notify(
        acting_user=users["officer"], subject=s, to_unit=target, notice="迁居寒山，请接收"
    )
    # before acknowledgement: the receiving officer sees the notice, not the subject
    assert list(selectors.incoming_transfers(user=users["officer2"])) == [transfer]
    assert list(selectors.incoming_transfers(user=users["officer"])) == []
    with pytest.raises(SpecialSubject.DoesNotExist):
        selectors.special_subject_get(user=users["officer2"], pk=s.pk)
    assert selectors.special_subject_get(user=users["officer"], pk=s.pk) == s
    # when the receiving officer acknowledges, the subject is theirs and gone from the sender's scope
    subject_transfer_acknowledge(acting_user=users["officer2"], transfer=transfer, today=date(2025, 3, 1))
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACKNOWLEDGED and transfer.acknowledged_by == users["officer2"]
    assert selectors.special_subject_get(user=users["officer2"], pk=s.pk).org_unit == target
    with pytest.raises(SpecialSubject.DoesNotExist):
        selectors.special_subject_get(user=users["officer"], pk=s.pk)
    with pytest.raises(ValidationError):
        subject_transfer_acknowledge(acting_user=users["officer2"], transfer=transfer)


def test_art40_2_pushed_warning_becomes_pushed_task_with_time_limit(users):
    """规范001 第四十条(二): 基础管控中心推送预警，社区民警在规定时限内面见。"""
    person = resident(beat_of(users["officer"]), name="推送对象")
    with pytest.raises(ValidationError) as exc:
        pushed_warning_push(acting_user=users["control"], resident=person, content="", limit_hours=0)
    assert exc.value.message_dict == {
        "content": [errors.WARNING_CONTENT_REQUIRED],
        "limit_hours": [errors.WARNING_LIMIT],
    }
    now = timezone.now()
    warning = pushed_warning_push(
        acting_user=users["control"], resident=person, content="近期多次扬言报复", limit_hours=48, now=now
    )
    task = warning.task
    assert (task.kind, task.assignee, task.status, task.due_at) == (
        TaskKind.PUSHED,
        users["officer"],
        TaskStatus.DISPATCHED,
        now + timedelta(hours=48),
    )
    assert task.template.code == "pushed_meet" and task.source == "规范001 第四十条(二)"


def test_art109_bulk_read_warning_when_more_than_threshold_in_window(users):
    """规范001 第一百零九条: 短时间内查看特定对象超过阈值，向督察/科信发出违规预警（每个时间窗一次）。"""
    s = marked(users, "other", {"basis": "上级通报"}, on=date(2025, 2, 1))
    limit = BULK_READ_THRESHOLD["max_reads"]
    for _ in range(limit):
        special_subject_read(acting_user=users["officer"], subject=s)
    assert BulkReadWarning.objects.filter(user=users["officer"]).count() == 0
    special_subject_read(acting_user=users["officer"], subject=s)
    special_subject_read(acting_user=users["officer"], subject=s)
    [warning] = BulkReadWarning.objects.filter(user=users["officer"])
    assert (warning.reads, warning.threshold) == (limit + 1, limit)
    assert AccessRecord.objects.filter(user=users["officer"], object_type="special_subject").count() == limit + 2
    # the auditor sees it; the officer's station lead (no view_audit) does not
    assert list(selectors.bulk_read_warning_list(user=users["auditor"])) == [warning]
    assert list(selectors.bulk_read_warning_list(user=users["lead"])) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RiskInput("released_prisoner", "", False, False, 0, 10), (10, "low", [])),
        (RiskInput("dv_perpetrator", "", True, False, 0, 10), (60, "high", ["最近查访发现再次实施家庭暴力"])),
        (RiskInput("bail", "", False, False, 2, 200), (40, "medium", ["有逾期未落实的工作", "半年以上未走访"])),
        (RiskInput("drug_user", "medium", False, False, 0, 30), (40, "medium", ["吸毒人员评估为中风险"])),
    ],
)
def test_art38_risk_score_from_rule_rows(data, expected):
    """规范001 第三十八条: 赋分预警/分级管理 — 分值为类别基础分加各因素分；60分以上为高，30分以上为中。"""
    assert risk_score(data) == expected


def test_station_view_lists_overdue_and_high_risk(users):
    """所领导查看本所逾期和高风险对象。"""
    s = marked(users, "drug_user", {"risk_category": "high"}, on=date(2025, 1, 10))
    view = selectors.station_overview(user=users["lead"], today=date(2025, 8, 1))
    assert s in view["overdue"] and s in view["high_risk"]
    assert open_tasks(s)[0].due_on == date(2025, 7, 10)
    assert selectors.station_overview(user=users["lead2"], today=date(2025, 8, 1))["overdue"].count(s) == 0
