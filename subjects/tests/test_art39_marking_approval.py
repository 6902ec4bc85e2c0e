"""规范001 第三十九条: 标注和撤销标注应当报备，所领导审核；只有审批同意后才生效。"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import OperationLog
from subjects import errors
from subjects.models import ApprovalStatus, SpecialSubject, SubjectApproval, SubjectStatus
from subjects.services import special_subject_mark, special_subject_unmark, subject_approval_decide

from .factories import beat_of, due, marked, open_tasks, resident

pytestmark = pytest.mark.django_db
DV = "art41_5_dv_visit"
FULL = "art42_subject_full_visit"


def test_art39_pending_marking_has_no_effect_until_approved(users):
    """规范001 第三十九条: 待审批的标注不加标签、不生成任务；同意后生效。"""
    # given an officer marks a resident as a DV perpetrator
    person = resident(beat_of(users["officer"]), name="家暴甲")
    subject = special_subject_mark(
        acting_user=users["officer"],
        resident=person,
        category="dv_perpetrator",
        facts={"warning_served_on": "2025-03-02"},
        today=date(2025, 3, 3),
    )
    # then nothing is in force yet
    person.refresh_from_db()
    assert (subject.status, person.labels, open_tasks(subject)) == (SubjectStatus.PENDING, [], [])
    approval = SubjectApproval.objects.get(subject=subject)
    assert (approval.action, approval.status) == ("mark", ApprovalStatus.PENDING)
    # when an officer tries to approve it himself, he may not
    with pytest.raises(PermissionDenied):
        subject_approval_decide(acting_user=users["officer"], approval=approval, approve=True, today=date(2025, 3, 3))
    # when the station lead approves
    subject_approval_decide(acting_user=users["lead"], approval=approval, approve=True, today=date(2025, 3, 3))
    subject.refresh_from_db()
    person.refresh_from_db()
    assert subject.status == SubjectStatus.ACTIVE and subject.started_on == date(2025, 3, 2)
    assert person.labels == ["特定对象·家庭暴力加害人"]
    # then the first DV visit is due seven days after the warning letter (the 9th is a Sunday: the Friday before),
    # the full visit six months after
    assert due(subject, DV) == [date(2025, 3, 7)]
    assert due(subject, FULL) == [date(2025, 9, 2)]
    assert OperationLog.objects.filter(action="subject_approval_decide", object_id=str(subject.pk)).count() == 1


def test_art39_rejection_records_reason_and_changes_nothing(users):
    """规范001 第三十九条: 所领导不同意须说明理由；标注不生效。"""
    person = resident(beat_of(users["officer"]))
    subject = special_subject_mark(
        acting_user=users["officer"], resident=person, category="threat", facts={"cause": "债务纠纷"}
    )
    approval = SubjectApproval.objects.get(subject=subject)
    with pytest.raises(ValidationError) as exc:
        subject_approval_decide(acting_user=users["lead"], approval=approval, approve=False, note=" ")
    assert exc.value.message_dict == {"note": [errors.REASON_REQUIRED]}
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    subject_approval_decide(acting_user=users["lead"], approval=approval, approve=False, note="证据不足，请补充核查")
    approval.refresh_from_db()
    subject.refresh_from_db()
    person.refresh_from_db()
    assert (approval.status, approval.decision_note) == (ApprovalStatus.REJECTED, "证据不足，请补充核查")
    assert (subject.status, person.labels, open_tasks(subject)) == (SubjectStatus.REJECTED, [], [])
    # a rejected marking does not block a new one
    again = special_subject_mark(
        acting_user=users["officer"], resident=person, category="threat", facts={"cause": "债务纠纷，已补充"}
    )
    assert again.status == SubjectStatus.PENDING


def test_art39_marking_validates_category_facts_in_chinese(users):
    """规范001 第三十七条: 各类别须填写本类信息；输入有误时不写入任何记录。"""
    person = resident(beat_of(users["officer"]))
    before = SpecialSubject.objects.count()
    with pytest.raises(ValidationError) as exc:
        special_subject_mark(
            acting_user=users["officer"],
            resident=person,
            category="bail",
            facts={
                "deciding_organ": "",
                "term_start": "2025-05-01",
                "term_end": "2025-04-01",
                "reported_on": "2025-13-01",
            },
            today=date(2025, 6, 1),
        )
    assert exc.value.message_dict == {
        "deciding_organ": ["请填写决定机关"],
        "term_end": ["取保候审期满日期不能早于取保候审起始日期"],
        "reported_on": ["报到日期不是有效日期，请按“年-月-日”填写"],
    }
    with pytest.raises(ValidationError) as exc:
        special_subject_mark(
            acting_user=users["officer"],
            resident=person,
            category="released_prisoner",
            facts={"released_on": "2020-05-31"},
            today=date(2025, 6, 1),
        )
    assert exc.value.message_dict == {"released_on": [errors.RELEASE_TOO_OLD.format(day="2020-05-31")]}
    assert SpecialSubject.objects.count() == before


def test_art39_unmark_waits_for_approval_then_stops_obligations(users):
    """规范001 第三十九条: 撤销标注须说明理由、经所领导同意后生效；未到期的任务关闭，标签移除。"""
    subject = marked(users, "drug_user", {"risk_category": "low"}, on=date(2025, 1, 10))
    assert due(subject, "art41_3_drug_risk_assessment") == [date(2025, 7, 10)]
    with pytest.raises(ValidationError) as exc:
        special_subject_unmark(acting_user=users["officer"], subject=subject, reason="")
    assert exc.value.message_dict == {"reason": [errors.REASON_REQUIRED]}
    approval = special_subject_unmark(acting_user=users["officer"], subject=subject, reason="戒断三年未复吸，转化完成")
    subject.refresh_from_db()
    assert subject.status == SubjectStatus.ACTIVE and len(open_tasks(subject)) == 2
    subject_approval_decide(acting_user=users["lead"], approval=approval, approve=True, today=date(2025, 2, 1))
    subject.refresh_from_db()
    subject.resident.refresh_from_db()
    assert (subject.status, subject.unmarked_on) == (SubjectStatus.UNMARKED, date(2025, 2, 1))
    assert subject.resident.labels == []
    assert open_tasks(subject) == []


def test_art39_other_station_lead_cannot_approve(users):
    """数据范围: 其他派出所的所领导看不到也不能审批本所的标注。"""
    person = resident(beat_of(users["officer"]))
    subject = special_subject_mark(
        acting_user=users["officer"], resident=person, category="other", facts={"basis": "上级通报"}
    )
    approval = SubjectApproval.objects.get(subject=subject)
    with pytest.raises(PermissionDenied):
        subject_approval_decide(acting_user=users["lead2"], approval=approval, approve=True)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
