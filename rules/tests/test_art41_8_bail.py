"""规范001 第四十一条(八): 取保候审/监视居住."""

from datetime import date

import pytest

from .factories import due_dates, record

pytestmark = pytest.mark.django_db
FEEDBACK, NOTICE, CHECK = "art41_8_bail_feedback", "art41_8_bail_expiry_notice", "art41_8_bail_compliance_check"


def test_art41_8_feedback_to_deciding_organ_within_3_days_of_reporting(users):
    """规范001 第四十一条(八): 接到通知和人员报到后三日内向决定机关反馈。"""
    # given reported on Monday 3 March 2025 → due Thursday the 6th
    rec = record(users, category="bail", started_on=date(2025, 3, 3), ends_on=date(2026, 3, 2))
    assert due_dates(rec, FEEDBACK) == [date(2025, 3, 6)]


def test_art41_8_feedback_last_day_on_holiday_moves_to_next_working_day(users):
    """规范001 第四十一条(八): 三日期间届满日为节假日的，顺延至节假日后第一个工作日（刑事诉讼期间）。"""
    # reported 29 September 2025 → 2 October is a holiday → 9 October (first working day after 国庆)
    rec = record(users, category="surveillance", started_on=date(2025, 9, 29), ends_on=date(2026, 3, 28))
    assert due_dates(rec, FEEDBACK) == [date(2025, 10, 9)]


def test_art41_8_notice_10_days_before_term_expires(users):
    """规范001 第四十一条(八): 期限届满十日前通知决定机关；该日为节假日的提前至前一个工作日。"""
    # term expires 20 May 2025 (Tuesday) → notice by Saturday 10 May → moved back to Friday 9 May
    rec = record(users, category="bail", started_on=date(2025, 3, 3), ends_on=date(2025, 5, 20))
    assert due_dates(rec, NOTICE) == [date(2025, 5, 9)]
    # term expiring 25 June 2025 → 15 June is a Sunday → Friday 13 June
    rec2 = record(users, category="bail", started_on=date(2025, 3, 3), ends_on=date(2025, 6, 25))
    assert due_dates(rec2, NOTICE) == [date(2025, 6, 13)]
    # a periodic compliance check runs in the meantime, monthly
    assert due_dates(rec, CHECK) == [date(2025, 3, 31)]
