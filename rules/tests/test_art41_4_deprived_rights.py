"""规范001 第四十一条(四): 被剥夺政治权利罪犯 — 每月报告活动情况；执行期满前五个工作日内报所."""

from datetime import date

import pytest

from rules.calendar import add_workdays

from .factories import complete, due_dates, record, run, tasks_of

pytestmark = pytest.mark.django_db
MONTHLY, TERM_END = "art41_4_deprived_monthly_report", "art41_4_deprived_term_end_report"


def test_art41_4_monthly_activity_report_each_month_until_term_ends(users):
    """规范001 第四十一条(四): 每月督促罪犯报告一次活动情况，期满即止。"""
    # given reported on 15 July, term ending 9 October 2025
    rec = record(users, category="deprived_rights", started_on=date(2025, 7, 15), ends_on=date(2025, 10, 9))
    assert due_dates(rec, MONTHLY) == [date(2025, 7, 31)]
    # when July passes unreported and August begins, July stays overdue and August is added, due on its last
    # working day (31 August 2025 is a Sunday → Friday the 29th)
    run(date(2025, 8, 1))
    assert due_dates(rec, MONTHLY) == [date(2025, 7, 31), date(2025, 8, 29)]
    # the last month is due on the day the term ends
    run(date(2025, 10, 2))
    assert due_dates(rec, MONTHLY)[-1] == date(2025, 10, 9)
    # after the term ended nothing new
    before = len(tasks_of(rec, MONTHLY, open_only=False))
    run(date(2025, 11, 3))
    assert len(tasks_of(rec, MONTHLY, open_only=False)) == before


def test_art41_4_report_to_station_within_5_working_days_before_term_end_across_national_day(users):
    """规范001 第四十一条(四): 执行期满前五个工作日内报所 — 跨国庆长假按法定工作日（含9月28日调休上班）。"""
    # given a term ending on Thursday 9 October 2025 (1–8 October is the National Day holiday)
    rec = record(users, category="deprived_rights", started_on=date(2025, 1, 10), ends_on=date(2025, 10, 9))
    [task] = tasks_of(rec, TERM_END)
    # then the window is the five working days before: 25, 26, 28 (Sunday make-up day), 29, 30 September
    assert (task.start_on, task.due_on) == (date(2025, 9, 25), date(2025, 9, 30))
    # a plain Mon–Fri count would wrongly give 2–8 October, all holidays
    assert add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)


def test_art41_4_term_end_report_is_done_once(users, settings, tmp_path):
    """规范001 第四十一条(四): 报所一次即办结，不再生成。"""
    settings.MEDIA_ROOT = tmp_path
    rec = record(users, category="deprived_rights", started_on=date(2025, 1, 10), ends_on=date(2025, 10, 9))
    complete(tasks_of(rec, TERM_END)[0], users["officer"], date(2025, 9, 26))
    run(date(2025, 9, 30))
    assert due_dates(rec, TERM_END) == []
    assert len(tasks_of(rec, TERM_END, open_only=False)) == 1
