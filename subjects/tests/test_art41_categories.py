"""规范001 第四十一条、第四十二条: each category's scheduling end to end — marking approved, visits and records
complete the tasks, the engine schedules the next one, until the stop condition."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from rules.services import rules_run
from subjects import errors
from subjects.services import subject_record_add, visit_record

from .factories import due, marked, upload

pytestmark = pytest.mark.django_db
FULL = "art42_subject_full_visit"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def visit(users, subject, day, *, way="in_person", met="subject", recurrence=False, who="officer"):
    return visit_record(
        acting_user=users[who],
        subject=subject,
        visited_on=day,
        measure="investigate",
        way=way,
        met=met,
        findings="在家，表现稳定",
        recurrence_found=recurrence,
        today=day,
    )


def test_art41_5_dv_visit_due_7_days_after_warning_then_quarterly_stops_after_three_clean(users):
    """规范001 第四十一条(五): 告诫书送达后七日内查访，此后每三个月；连续三次未发现再犯不再查访（首次计入）。"""
    code = "art41_5_dv_visit"
    # given a DV perpetrator marked with the warning letter served on 2 March, approved on the 3rd
    # (a last day on a rest day moves to the previous working day: rules.calendar.roll)
    dv = marked(users, "dv_perpetrator", {"warning_served_on": "2025-03-02"}, on=date(2025, 3, 3))
    assert due(dv, code) == [date(2025, 3, 7)]  # the 9th is a Sunday
    # when the officer only phones him, it is on the record but is not a 查访
    v = visit(users, dv, date(2025, 3, 5), way="phone")
    assert v.completed_tasks == [] and due(dv, code) == [date(2025, 3, 7)]
    # when a clean face-to-face visit is made on the 6th: next in three months; the full visit moves too
    v = visit(users, dv, date(2025, 3, 6))
    assert len(v.completed_tasks) == 2
    assert due(dv, code) == [date(2025, 6, 6)]
    assert due(dv, FULL) == [date(2025, 9, 5)]  # 6 September is a Saturday
    visit(users, dv, date(2025, 6, 5))
    assert due(dv, code) == [date(2025, 9, 5)]
    # when the third consecutive clean visit is recorded, no more DV visits; the half-yearly one stays
    visit(users, dv, date(2025, 9, 1))
    assert due(dv, code) == []
    assert due(dv, FULL) == [date(2026, 2, 28)]  # 1 March 2026 is a Sunday; Saturday 28 Feb is worked (调休)
    rules_run(acting_user=None, as_of=date(2025, 12, 31), codes=[code])
    assert due(dv, code) == []


def test_art41_5_recurrence_restarts_the_cycle(users):
    """规范001 第四十一条(五): 查访发现再次实施家庭暴力的，七日内再查访并重新计数。"""
    code = "art41_5_dv_visit"
    dv = marked(users, "dv_perpetrator", {"warning_served_on": "2025-03-02"}, on=date(2025, 3, 3))
    visit(users, dv, date(2025, 3, 5))
    visit(users, dv, date(2025, 5, 20), met="victim", recurrence=True)
    assert due(dv, code) == [date(2025, 5, 27)]
    dv.refresh_from_db()
    assert dv.risk_level == "high" and "最近查访发现再次实施家庭暴力" in dv.risk_reasons


def test_art41_4_deprived_rights_monthly_report_and_term_end_report(users):
    """规范001 第四十一条(四): 每月报告一次活动情况；执行期满前五个工作日内报所；期满即止。"""
    s = marked(
        users,
        "deprived_rights",
        {"term_start": "2024-07-01", "term_end": "2025-06-30", "reported_on": "2025-03-10"},
        on=date(2025, 3, 12),
    )
    monthly, term_end = "art41_4_deprived_monthly_report", "art41_4_deprived_term_end_report"
    assert due(s, monthly) == [date(2025, 3, 31)]
    # 2025-06-30 is a Monday: the five working days before it end on Friday the 27th
    assert due(s, term_end) == [date(2025, 6, 27)]
    data = {"reported_by": "subject", "summary": "在家务农，按时报告", "verified": "yes"}
    subject_record_add(
        acting_user=users["officer"],
        subject=s,
        kind="activity_report",
        done_on=date(2025, 3, 20),
        data=data,
        today=date(2025, 3, 20),
    )
    assert due(s, monthly) == []
    rules_run(acting_user=None, as_of=date(2025, 4, 1), codes=[monthly])
    assert due(s, monthly) == [date(2025, 4, 30)]
    with pytest.raises(ValidationError) as exc:
        subject_record_add(
            acting_user=users["officer"],
            subject=s,
            kind="term_end_report",
            done_on=date(2025, 6, 24),
            data={"summary": "期满报所"},
            today=date(2025, 6, 24),
        )
    assert exc.value.message_dict == {"attachments": [errors.ATTACHMENT_REQUIRED.format(kind="执行期满前报所")]}
    subject_record_add(
        acting_user=users["officer"],
        subject=s,
        kind="term_end_report",
        done_on=date(2025, 6, 24),
        data={"summary": "期满报所"},
        files=[upload()],
        today=date(2025, 6, 24),
    )
    assert due(s, term_end) == []
    # after the term ends no new monthly report is due
    rules_run(acting_user=None, as_of=date(2025, 7, 2), codes=[monthly])
    assert [d for d in due(s, monthly) if d > date(2025, 6, 30)] == []


def test_art41_8_bail_feedback_in_3_days_rolled_past_holiday_and_expiry_notice(users):
    """规范001 第四十一条(八): 报到后三日内向决定机关反馈（届满逢节假日顺延）；期满十日前通知决定机关。"""
    s = marked(
        users,
        "bail",
        {
            "deciding_organ": "江枫市公安局",
            "term_start": "2025-04-28",
            "term_end": "2025-10-27",
            "reported_on": "2025-04-30",
        },
        on=date(2025, 4, 30),
    )
    feedback, expiry = "art41_8_bail_feedback", "art41_8_bail_expiry_notice"
    # 30 April + 3 days = 3 May, inside the May Day holiday → the next working day, 6 May
    assert due(s, feedback) == [date(2025, 5, 6)]
    assert due(s, expiry) == [date(2025, 10, 17)]
    data = {"organ": "江枫市公安局", "method": "written"}
    subject_record_add(
        acting_user=users["officer"],
        subject=s,
        kind="organ_feedback",
        done_on=date(2025, 5, 6),
        data=data,
        today=date(2025, 5, 6),
    )
    assert due(s, feedback) == [] and due(s, expiry) == [date(2025, 10, 17)]
    subject_record_add(
        acting_user=users["officer"],
        subject=s,
        kind="expiry_notice",
        done_on=date(2025, 10, 15),
        data=data,
        today=date(2025, 10, 15),
    )
    assert due(s, expiry) == []


def test_art41_2_released_prisoner_first_talk_with_record_and_file(users):
    """规范001 第四十一条(二): 首次面见法治教育谈话，制作谈话记录并建档（须上传佐证）。"""
    s = marked(users, "released_prisoner", {"released_on": "2024-12-01"}, on=date(2025, 1, 10))
    code = "art41_2_released_first_talk"
    assert due(s, code) == [date(2025, 2, 8)]  # thirty days end on Sunday the 9th; Saturday the 8th is worked
    assert s.ends_on == date(2029, 12, 1)
    data = {"talk_record": "告知安置帮教政策，本人表示遵纪守法", "file_created": "yes"}
    subject_record_add(
        acting_user=users["auxiliary"],
        subject=s,
        kind="education_talk",
        done_on=date(2025, 1, 20),
        data=data,
        files=[upload()],
        today=date(2025, 1, 20),
    )
    assert due(s, code) == []


def test_art41_3_drug_user_risk_assessment_half_yearly_updates_category(users):
    """规范001 第四十一条(三): 至少每半年风险类别评估一次；评估结果更新风险类别和风险等级。"""
    s = marked(users, "drug_user", {"risk_category": "low"}, on=date(2025, 1, 10))
    code = "art41_3_drug_risk_assessment"
    assert due(s, code) == [date(2025, 7, 10)]
    subject_record_add(
        acting_user=users["officer"],
        subject=s,
        kind="risk_assessment",
        done_on=date(2025, 3, 1),
        data={"risk_level": "high"},
        today=date(2025, 3, 1),
    )
    s.refresh_from_db()
    assert due(s, code) == [date(2025, 9, 1)]
    assert s.facts["risk_category"] == "high"
    # 20 (吸毒人员) + 40 (高风险) + 10 (半年以上未走访) = 70 → 高
    assert (s.risk_score, s.risk_level) == (70, "high")


def test_art41_6_minor_monthly_report_until_measure_ends(users):
    """规范001 第四十一条(六): 未成年人及其监护人每月报告，民警核实；措施期满即止。"""
    s = marked(
        users,
        "minor",
        {"measure": "责令接受心理辅导", "measure_start": "2025-03-01", "measure_end": "2025-05-31", "guardian": "王父"},
        on=date(2025, 3, 3),
    )
    code = "art41_6_minor_monthly_report"
    assert due(s, code) == [date(2025, 3, 31)]
    with pytest.raises(ValidationError) as exc:
        subject_record_add(
            acting_user=users["officer"],
            subject=s,
            kind="activity_report",
            done_on=date(2025, 3, 25),
            data={"reported_by": "father"},
            today=date(2025, 3, 25),
        )
    assert exc.value.message_dict == {
        "reported_by": ["报告人应为以下之一：本人、监护人、本人和监护人"],
        "summary": ["请填写活动情况（思想动态、学习生活、社会交往）"],
        "verified": ["请填写民警已核实"],
    }
    data = {"reported_by": "both", "summary": "按时上学", "verified": "yes"}
    subject_record_add(
        acting_user=users["officer"],
        subject=s,
        kind="activity_report",
        done_on=date(2025, 3, 25),
        data=data,
        today=date(2025, 3, 25),
    )
    assert due(s, code) == []
    rules_run(acting_user=None, as_of=date(2025, 6, 2), codes=[code])
    assert due(s, code) == []


@pytest.mark.parametrize(
    ("category", "facts"),
    [
        ("state_security", {"basis": "上级通报"}),
        ("threat", {"cause": "投资失败"}),
        ("mental_patient", {"guardian": "李母", "care_group": "江枫社区关爱帮扶小组"}),
        ("other", {"basis": "上级规定"}),
    ],
)
def test_art42_full_visit_every_6_months_until_unmarked(users, category, facts):
    """规范001 第四十二条: 每半年全面走访考察一次（走访知情人亦可）；撤销标注即止。"""
    from subjects.models import SubjectApproval
    from subjects.services import special_subject_unmark, subject_approval_decide

    s = marked(users, category, facts, on=date(2025, 2, 1))
    assert due(s, FULL) == [date(2025, 8, 1)]
    visit(users, s, date(2025, 4, 1), way="informant", met="informant")
    assert due(s, FULL) == [date(2025, 9, 30)]  # 1 October is National Day
    approval = special_subject_unmark(acting_user=users["officer"], subject=s, reason="条件消失")
    subject_approval_decide(acting_user=users["lead"], approval=approval, approve=True, today=date(2025, 5, 1))
    assert due(s, FULL) == []
    assert SubjectApproval.objects.filter(subject=s).count() == 2
