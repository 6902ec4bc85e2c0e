"""规范001 第二十五条、第四十八条(四)(五)(六)、第九十六条: each beat meets its community secretary and security
committee head every week, the key units' security heads every month, and reports the security situation to its
residents every quarter. One task per beat and period, due on the period's last working day, closed by the
officer's feedback; a rerun inside the period adds nothing, the next period brings the next task."""

from datetime import date

import pytest

from tasks.models import Task, TaskStatus

from .factories import complete, officer_beat, run

pytestmark = pytest.mark.django_db
WEEKLY, MONTHLY, QUARTERLY = (
    "art25_weekly_community_meeting",
    "art48_5_monthly_key_unit_meeting",
    "art48_6_quarterly_resident_report",
)


def beat_tasks(users, code, through=date(2026, 12, 31)):
    """The beat's tasks of ``code`` due by ``through``: the scenario's periods only — the demo district, built on
    the suite's anchor day (conftest FENGQIAO_TEST_NOW, e.g. a quarter end), already holds that period's task."""
    beat = officer_beat(users)
    return list(
        Task.objects.filter(
            obligation_code=code, record_type="beat", record_id=str(beat.pk), due_on__lte=through
        ).order_by("due_on")
    )


def test_art25_weekly_meeting_one_task_a_week_closed_by_the_officers_feedback(users):
    # given the engine runs on Wednesday 18 November 2026
    run(date(2026, 11, 18), codes=[WEEKLY])
    [task] = beat_tasks(users, WEEKLY, through=date(2026, 11, 20))
    assert task.title == "每周与社区（村）书记、治保会主任联系见面：枫桥第1警务区"
    assert task.source == "规范001 第二十五条、第四十八条(四)"
    assert (task.due_on, task.assignee, task.template.code) == (date(2026, 11, 20), users["officer"], "meeting")
    # when it runs again the same week, nothing is added
    run(date(2026, 11, 20), codes=[WEEKLY])
    assert beat_tasks(users, WEEKLY, through=date(2026, 11, 20)) == [task]
    # when the officer records the meeting, the task is done
    complete(task, users["officer"], date(2026, 11, 19), met_persons="社区书记、治保会主任", content="通报近期盗窃警情")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    # then the next week brings the next meeting, due Friday 27 November
    run(date(2026, 11, 23), codes=[WEEKLY])
    closed, following = beat_tasks(users, WEEKLY, through=date(2026, 11, 27))
    assert closed == task and closed.status == TaskStatus.CLOSED
    assert following.due_on == date(2026, 11, 27) and following.status != TaskStatus.CLOSED


def test_art48_5_monthly_key_unit_meeting_due_at_month_end(users):
    run(date(2026, 11, 18), codes=[MONTHLY])
    [task] = beat_tasks(users, MONTHLY, through=date(2026, 11, 30))
    assert task.title == "每月与治安保卫重点单位和重点行业场所安全负责人见面：枫桥第1警务区"
    assert (task.due_on, task.remind_before_days) == (date(2026, 11, 30), 5)  # 30 November is a Monday
    complete(task, users["officer"], date(2026, 11, 25), met_persons="枫桥商场保卫科长", content="检查节前安保")
    run(date(2026, 11, 30), codes=[MONTHLY])
    assert [t.status for t in beat_tasks(users, MONTHLY, through=date(2026, 11, 30))] == [TaskStatus.CLOSED]
    run(date(2026, 12, 1), codes=[MONTHLY])
    assert [t.due_on for t in beat_tasks(users, MONTHLY)] == [date(2026, 11, 30), date(2026, 12, 31)]


def test_art48_6_quarterly_resident_report_with_its_audience_then_the_next_quarter(users):
    """第四十八条(六)、第九十六条: the report is recorded with how many residents attended and what they said."""
    run(date(2026, 11, 18), codes=[QUARTERLY])
    [task] = beat_tasks(users, QUARTERLY)
    assert task.title == "每季度向辖区居民报告一次治安情况：枫桥第1警务区"
    assert (task.due_on, task.remind_before_days, task.escalate_after_days) == (date(2026, 12, 31), 10, 3)
    complete(task, users["officer"], date(2026, 12, 10), audience=42, content="通报第四季度治安情况，居民建议加装路灯")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    assert task.feedback["audience"] == 42
    run(date(2026, 12, 28), codes=[QUARTERLY])
    assert len(beat_tasks(users, QUARTERLY)) == 1
    run(date(2027, 1, 4), codes=[QUARTERLY])
    closed, following = beat_tasks(users, QUARTERLY, through=date(2027, 3, 31))
    assert closed.status == TaskStatus.CLOSED
    assert following.due_on == date(2027, 3, 31)  # a Wednesday (2027 on the assumed Mon–Fri calendar)
