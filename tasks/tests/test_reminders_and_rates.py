"""Reminders before due, escalation to the station lead when overdue (消息中心); handling rate 规范001 第三十条(四)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from rules.tests.factories import complete, record, tasks_of
from tasks.indicators import handling_rates
from tasks.models import Message, MessageKind
from tasks.services import task_reminders_send

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour=8):
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def test_reminder_before_due_and_escalation_to_station_lead_when_overdue(users):
    """规范001 第四十一条(五): the DV visit due on Tuesday 11 March (remind 2 days before, escalate 1 day after)."""
    dv = record(users, category="dv_perpetrator", started_on=date(2025, 3, 4), label="家暴乙")
    [task] = tasks_of(dv, "art41_5_dv_visit")
    mine = Message.objects.filter(task=task)
    task_reminders_send(now=at(date(2025, 3, 8)))
    assert not mine.exists()
    task_reminders_send(now=at(date(2025, 3, 9)))
    [reminder] = mine
    assert (reminder.recipient, reminder.kind) == (users["officer"], MessageKind.REMINDER)
    assert reminder.text == f"任务“{task.title}”将于2025-03-11到期，请按时办理"
    task_reminders_send(now=at(date(2025, 3, 10)))
    assert mine.count() == 1  # once only
    # overdue from 12 March; escalated once more than one day overdue: on the 13th, not the 12th
    task_reminders_send(now=at(date(2025, 3, 12), 23))
    assert not mine.filter(kind=MessageKind.ESCALATION).exists()
    task_reminders_send(now=at(date(2025, 3, 13)))
    [escalation] = mine.filter(kind=MessageKind.ESCALATION)
    assert escalation.recipient == users["lead"]
    assert escalation.text.startswith(f"任务“{task.title}”已逾期（截止2025-03-11")
    task_reminders_send(now=at(date(2025, 3, 14)))
    assert mine.filter(kind=MessageKind.ESCALATION).count() == 1


def test_handling_and_on_time_rate_per_beat_and_officer(users, settings, tmp_path):
    """规范001 第三十条(四): 管处率 = 期内到期任务中已办结的比例（≥95%达标）; 按时率 = 按期完成的比例。"""
    settings.MEDIA_ROOT = tmp_path
    officer = users["officer"]
    subjects = [record(users, category="bail", started_on=date(2025, 3, 3), label=f"取保{i}") for i in range(4)]
    feedback = [tasks_of(s, "art41_8_bail_feedback")[0] for s in subjects]  # all due 6 March
    complete(feedback[0], officer, date(2025, 3, 5))
    complete(feedback[1], officer, date(2025, 3, 6))
    complete(feedback[2], officer, date(2025, 3, 8))
    rates = handling_rates(user=users["lead"], start=date(2025, 3, 6), end=date(2025, 3, 6), group_by="officer")
    [rate] = rates
    assert (rate.due, rate.handled, rate.on_time) == (4, 3, 2)
    assert rate.handling_rate == Decimal("0.7500") and rate.on_time_rate == Decimal("0.5000")
    assert rate.meets_standard is False
    [by_station] = handling_rates(user=users["lead"], start=date(2025, 3, 6), end=date(2025, 3, 6), group_by="station")
    assert by_station.label == "枫桥派出所" and by_station.due == 4
    assert handling_rates(user=users["lead2"], start=date(2025, 3, 6), end=date(2025, 3, 6)) == []
