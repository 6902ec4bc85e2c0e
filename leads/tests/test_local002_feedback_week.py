"""规范002 工作情况反馈制度: a resident's issue within the officer's duties is fed back "一周内" — received 2026-03-02,
the feedback task is due 2026-03-09 (seven days from the day after); giving feedback closes it on time and the week
rate counts it. Outside the duties: no clock, the referral is recorded."""

from datetime import date

import pytest
import time_machine

from leads import indicators, services
from tasks.models import Task

from .factories import at, report, unit_of

pytestmark = pytest.mark.django_db


def _task(lead):
    return Task.objects.filter(
        record_type="lead", record_id=str(lead.pk), obligation_code="local002_resident_feedback_week"
    )


def test_local002_issue_received_march_2_feedback_due_march_9_and_counted(users):
    officer = users["officer"]
    with time_machine.travel(at(date(2026, 3, 2)), tick=False):
        lead = report(officer, channel="walk_in", from_resident=True, resident_name="王秀英", within_duties=True)
    [task] = _task(lead)
    assert task.due_on == date(2026, 3, 9) and task.assignee == officer
    with time_machine.travel(at(date(2026, 3, 6)), tick=False):
        services.lead_feedback_give(acting_user=officer, lead=lead, note="已协调清理占道摊位，电话告知王秀英")
    task.refresh_from_db()
    assert task.status == "closed" and task.done_on == date(2026, 3, 6)
    beat = unit_of(officer)
    rate = indicators.feedback_rate(beat, date(2026, 3, 1), date(2026, 3, 31))
    assert rate.numerator >= 1 and rate.denominator >= rate.numerator


def test_local002_outside_duties_no_clock_referral_recorded(users):
    officer = users["officer"]
    lead = report(officer, channel="walk_in", from_resident=True, resident_name="李大爷", within_duties=False)
    assert not _task(lead).exists()
    services.lead_referral_record(acting_user=officer, lead=lead, referral_to="街道城管中队", note="已电话告知")
    lead.refresh_from_db()
    assert lead.referral_to == "街道城管中队" and lead.events.last().kind == "referral"
