"""规范001 第四十条(二) 推送面见. (第六十二条 runs on real units: inspections/tests; 第八十条 on real incidents:
casework/tests/test_art80_incident_follow_ups.py.)"""

from datetime import date

import pytest

from .factories import record, tasks_of

pytestmark = pytest.mark.django_db


def test_art40_2_pushed_person_met_within_the_pushed_time_limit(users):
    """规范001 第四十条(二): 对预警推送人员在规定时限内面见 — 时限按推送注明的小时数。"""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    pushed_at = datetime(2025, 6, 3, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    rec = record(users, record_type="pushed_person", started_on=date(2025, 6, 3), started_at=pushed_at, limit_hours=12)
    [task] = tasks_of(rec, "art40_2_pushed_meet")
    assert task.due_at == datetime(2025, 6, 4, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert task.due_on == date(2025, 6, 4)
