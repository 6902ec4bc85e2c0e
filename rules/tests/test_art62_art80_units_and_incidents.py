"""规范001 第六十二条 单位监督检查；第八十条 案件回访."""

from datetime import date

import pytest

from rules.services import tracked_record_update

from .factories import complete, due_dates, record, run, tasks_of

pytestmark = pytest.mark.django_db
KEY, YEARLY = "art62_key_unit_inspection", "art62_unit_inspection"


def test_art62_key_units_quarterly_other_units_yearly(users, settings, tmp_path):
    """规范001 第六十二条(一): 每年不少于一次，对重点单位每季度不少于一次。"""
    settings.MEDIA_ROOT = tmp_path
    # given two units registered in 2024, first seen by the engine in February 2025
    day = date(2025, 2, 10)
    key = record(users, record_type="supervised_unit", started_on=date(2024, 5, 1), is_key_unit=True, as_of=day)
    other = record(users, record_type="supervised_unit", started_on=date(2024, 5, 1), as_of=day)
    run(day)
    assert due_dates(key, KEY) == [date(2025, 3, 31)] and due_dates(key, YEARLY) == []
    assert due_dates(other, YEARLY) == [date(2025, 12, 31)] and due_dates(other, KEY) == []
    # inspected in Q1: nothing more until Q2
    complete(tasks_of(key, KEY)[0], users["officer"], date(2025, 3, 3))
    run(date(2025, 3, 20))
    assert due_dates(key, KEY) == []
    run(date(2025, 4, 1))
    assert due_dates(key, KEY) == [date(2025, 6, 30)]
    # when the unit stops being a key unit, the quarterly task closes and the yearly one is created
    tracked_record_update(acting_user=None, record=key, is_key_unit=False, as_of=date(2025, 4, 2))
    assert due_dates(key, KEY) == [] and due_dates(key, YEARLY) == [date(2025, 12, 31)]


def test_art80_incident_follow_up_within_7_days_of_filing_and_after_closing(users):
    """规范001 第八十条: 立案后一周内跟进回访，并在结案后进行回访。"""
    rec = record(users, record_type="incident", started_on=date(2025, 4, 1), label="盗窃案")
    assert due_dates(rec, "art80_incident_follow_up_filed") == [date(2025, 4, 8)]
    assert due_dates(rec, "art80_incident_follow_up_closed") == []
    tracked_record_update(acting_user=None, record=rec, ends_on=date(2025, 5, 6), as_of=date(2025, 5, 6))
    assert due_dates(rec, "art80_incident_follow_up_closed") == [date(2025, 5, 13)]


def test_art40_2_pushed_person_met_within_the_pushed_time_limit(users):
    """规范001 第四十条(二): 对预警推送人员在规定时限内面见 — 时限按推送注明的小时数。"""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    pushed_at = datetime(2025, 6, 3, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    rec = record(users, record_type="pushed_person", started_on=date(2025, 6, 3), started_at=pushed_at, limit_hours=12)
    [task] = tasks_of(rec, "art40_2_pushed_meet")
    assert task.due_at == datetime(2025, 6, 4, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert task.due_on == date(2025, 6, 4)
