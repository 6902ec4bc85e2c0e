"""规范001 第四十一条(五): 家庭暴力加害人查访."""

from datetime import date

import pytest

from .factories import complete, due_dates, record, run, tasks_of

pytestmark = pytest.mark.django_db
CODE = "art41_5_dv_visit"


def test_art41_5_dv_visit_due_7_days_after_warning_then_quarterly(users, settings, tmp_path):
    """规范001 第四十一条(五): 送达告诫书后七日内查访；首次未发现再犯的每三个月查访；连续三次未发现不再查访。"""
    settings.MEDIA_ROOT = tmp_path
    officer = users["officer"]
    # given a warning letter served on Tuesday 4 March 2025
    dv = record(users, category="dv_perpetrator", started_on=date(2025, 3, 4), label="家暴甲")
    # then the first visit is due on Tuesday the 11th (seven days counted from the day after), dispatched
    [first] = tasks_of(dv, CODE)
    assert (first.due_on, first.start_on, first.assignee, first.status) == (
        date(2025, 3, 11),
        date(2025, 3, 4),
        officer,
        "dispatched",
    )
    assert first.source == "规范001 第四十一条(五)"
    # when the engine runs on day 7 and day 8 nothing new is created: due on day 7, overdue on day 8
    run(date(2025, 3, 11))
    run(date(2025, 3, 12))
    assert due_dates(dv, CODE) == [date(2025, 3, 11)]
    from tasks.selectors import task_is_overdue

    assert not task_is_overdue(first, today=date(2025, 3, 11))
    assert task_is_overdue(first, today=date(2025, 3, 12))
    # when a clean visit is recorded on the 10th, the next is due three months later
    complete(first, officer, date(2025, 3, 10), recurrence_found="no")
    assert due_dates(dv, CODE) == [date(2025, 6, 10)]
    complete(tasks_of(dv, CODE)[0], officer, date(2025, 6, 5), recurrence_found="no")
    assert due_dates(dv, CODE) == [date(2025, 9, 5)]
    # when the third consecutive clean visit is recorded, no more visits
    complete(tasks_of(dv, CODE)[0], officer, date(2025, 9, 1), recurrence_found="no")
    assert due_dates(dv, CODE) == []
    run(date(2025, 12, 31))
    assert due_dates(dv, CODE) == []
    assert len(tasks_of(dv, CODE, open_only=False)) == 3


def test_art41_5_dv_visit_whose_7th_day_is_a_sunday_is_due_on_the_friday_before(users, settings, tmp_path):
    """规范001 第四十一条(五) with rules.calendar.roll: “七日内”的最后一日为休息日的，提前至前一个工作日。"""
    settings.MEDIA_ROOT = tmp_path
    # given a warning served on Sunday 2 March 2025: the seventh day is Sunday the 9th → due Friday the 7th
    dv = record(users, category="dv_perpetrator", started_on=date(2025, 3, 2))
    assert due_dates(dv, CODE) == [date(2025, 3, 7)]
    # a clean visit on Saturday 8 March: three months later is Sunday 8 June → due Friday 6 June
    complete(tasks_of(dv, CODE)[0], users["officer"], date(2025, 3, 8), recurrence_found="no")
    assert due_dates(dv, CODE) == [date(2025, 6, 6)]


def test_art41_5_dv_recurrence_found_restarts_the_cycle(users, settings, tmp_path):
    """规范001 第四十一条(五): 查访发现再次实施家庭暴力的，计数清零，七日内再查访，重新起算连续三次。"""
    settings.MEDIA_ROOT = tmp_path
    officer = users["officer"]
    dv = record(users, category="dv_perpetrator", started_on=date(2025, 3, 2))
    complete(tasks_of(dv, CODE)[0], officer, date(2025, 3, 5), recurrence_found="no")
    complete(tasks_of(dv, CODE)[0], officer, date(2025, 5, 20), recurrence_found="yes")
    assert due_dates(dv, CODE) == [date(2025, 5, 27)]
    for day in (date(2025, 5, 26), date(2025, 8, 20)):
        complete(tasks_of(dv, CODE)[0], officer, day, recurrence_found="no")
    # two clean since the recurrence: one more is still due
    assert due_dates(dv, CODE) == [date(2025, 11, 20)]
    complete(tasks_of(dv, CODE)[0], officer, date(2025, 11, 18), recurrence_found="no")
    assert due_dates(dv, CODE) == []


def test_art41_5_dv_new_warning_moves_the_open_visit(users):
    """规范001 第四十一条(五): 告诫书送达日更正后，未办的首次查访任务随之移动，不重复生成。"""
    from rules.services import tracked_record_update

    dv = record(users, category="dv_perpetrator", started_on=date(2025, 3, 2))
    [before] = tasks_of(dv, CODE)
    tracked_record_update(acting_user=None, record=dv, started_on=date(2025, 3, 4), as_of=date(2025, 3, 4))
    [after] = tasks_of(dv, CODE)
    assert after.pk == before.pk and after.due_on == date(2025, 3, 11)
    assert after.events.filter(action="rules_update").count() == 1
