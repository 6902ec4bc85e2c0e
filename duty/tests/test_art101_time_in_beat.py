"""规范001 第一百零一条: 专职社区民警百分之八十以上的工作时间在警务区 ("以上" includes the number, 第一百二十五条)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from duty import services
from duty.beat_time import beat_time
from rules.calendar import is_workday

from .factories import beat_of, done_task, other_beat

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
START, END = date(2025, 4, 21), date(2025, 5, 20)  # 20 working days across 劳动节 (1–5 May off, Sunday 27 April worked)


def _working_days():
    days = [START + timedelta(days=i) for i in range((END - START).days + 1)]
    return [d for d in days if is_workday(d)]


def test_art101_16_of_20_working_days_meets_80_percent_and_15_does_not(users):
    """规范001 第一百零一条 with 第一百二十五条: 16/20 = 80 % meets, 15/20 does not; rest days never count."""
    officer = users["officer"]
    staff = officer.staff
    beat = beat_of(officer)
    working = _working_days()
    # the calendar is the rules engine's: 20 working days, 27 April (a Sunday) among them, 1 May not
    assert len(working) == 20 and date(2025, 4, 27) in working and date(2025, 5, 1) not in working
    # given located work in the beat on 16 working days, work on the 1 May holiday, and work in another beat
    tasks = [done_task(officer, beat, d) for d in working[:16]]
    done_task(officer, beat, date(2025, 5, 1), title="节日安保")
    done_task(officer, other_beat(users), working[16], title="协助邻区")
    # then 16 of 20 working days are in the beat: exactly 80 %, which meets the full-time rule
    [row] = beat_time([staff], START, END, today=date(2026, 11, 18))
    assert (row.in_beat_days, row.working_days) == (16, 20)
    assert row.ratio == Decimal("0.8000") and row.meets is True
    assert row.rule["code"] == "art101_full_time" and row.rule["source"] == "规范001 第一百零一条"
    # the days behind the figure: the four short ones, including the day spent in the other beat
    assert [d.day for d in row.short_days] == working[16:]
    # when one day's work goes, 15 of 20 is 75 %: below the line
    tasks[0].delete()
    [row] = beat_time([staff], START, END, today=date(2026, 11, 18))
    assert (row.in_beat_days, row.working_days, row.meets) == (15, 20, False)


def test_art101_a_whole_day_on_leave_is_not_working_time_and_a_hand_entry_counts(users):
    """Reading: a working day wholly on leave leaves the denominator; a line the officer adds by hand “在本警务区”
    counts as located work."""
    officer, lead = users["officer"], users["lead"]
    staff = officer.staff
    beat = beat_of(officer)
    working = _working_days()
    for d in working[:15]:
        done_task(officer, beat, d)
    services.leave_record(
        acting_user=lead,
        staff=staff,
        kind="leave",
        starts_at=datetime(2025, 5, 19, 8, 0, tzinfo=TZ),
        ends_at=datetime(2025, 5, 20, 18, 0, tzinfo=TZ),
        reason="年休假",
    )
    [row] = beat_time([staff], START, END, today=date(2026, 11, 18))
    assert (row.in_beat_days, row.working_days) == (15, 18)
    # a hand entry on working[15] in the beat makes it 16 of 18
    log = services.work_log_fill(acting_user=officer, staff=staff, day=working[15], today=date(2026, 11, 18))
    services.work_log_entry_add(acting_user=officer, log=log, text="社区巡逻、走访商户", in_beat=True)
    [row] = beat_time([staff], START, END, today=date(2026, 11, 18))
    assert (row.in_beat_days, row.working_days, row.meets) == (16, 18, True)


def test_art101_other_community_officers_need_40_percent(users):
    staff = users["officer"].staff
    staff.is_full_time = False
    [row] = beat_time([staff], START, END, today=date(2026, 11, 18))
    assert row.rule["code"] == "art101_other" and row.rule["target"] == Decimal("0.40")
