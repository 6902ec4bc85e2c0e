"""规范001 第二十五条、第四十八条(四)(五)(六): the weekly, monthly and quarterly beat meetings the rules engine asks for
take a meeting record — date, place, who and how many attended, the topics, the issues raised. The record closes that
period's task, and each issue raised becomes a lead of channel 会议 with the four elements (第四十六条)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from leads import services
from leads.models import Lead, MeetingRecord
from rules.services import rules_run
from tasks.models import Task, TaskStatus

from .factories import at, unit_of

pytestmark = pytest.mark.django_db
WEEKLY, MONTHLY, QUARTERLY = (
    "art25_weekly_community_meeting",
    "art48_5_monthly_key_unit_meeting",
    "art48_6_quarterly_resident_report",
)


def _tasks(beat, code, through=date(2026, 11, 30), since=date(2026, 11, 1)):
    """The beat's tasks of ``code`` due from ``since`` to ``through`` (the scenario's periods): the demo district,
    built on the suite's anchor day (conftest FENGQIAO_TEST_NOW: a Sunday, a month or a quarter end), already holds
    the tasks of the anchor's own periods beside them."""
    return list(
        Task.objects.filter(
            obligation_code=code, record_type="beat", record_id=str(beat.pk), due_on__range=(since, through)
        ).order_by("due_on")
    )


def _record(officer, beat, kind, held_at, **extra):
    data = {
        "org_unit": beat,
        "kind": kind,
        "held_at": held_at,
        "place": "江枫社区居委会会议室",
        "met_persons": "社区书记、治保会主任",
        "attendees": 3,
        "topics": "通报近期入室盗窃警情，商定夜间巡逻安排",
    } | extra
    return services.meeting_record(acting_user=officer, **data)


def test_art25_weekly_meeting_record_closes_the_week_and_spawns_a_lead_per_issue(users):
    officer = users["officer"]
    beat = unit_of(officer)
    # given the engine ran on Wednesday 18 November 2026: this week's meeting is due Friday 20 November
    rules_run(acting_user=None, as_of=date(2026, 11, 18), codes=[WEEKLY])
    [task] = _tasks(beat, WEEKLY, through=date(2026, 11, 22))  # the week of Wednesday 18 November
    assert task.due_on == date(2026, 11, 20)
    # when the officer records Thursday's meeting with two issues raised
    with time_machine.travel(at(date(2026, 11, 19), 16), tick=False):
        meeting = _record(
            officer,
            beat,
            "weekly_community",
            at(date(2026, 11, 19), 14, 30),
            issues=["江枫小区北门路灯损坏，夜间照明不足", "  ", "菜市场周边电动车乱停放堵塞消防通道"],
        )
    # then the week's task is closed on the 19th with the meeting's content
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.done_on == date(2026, 11, 19)
    assert task.feedback["met_persons"] == "社区书记、治保会主任"
    assert "菜市场周边电动车乱停放" in task.feedback["content"]
    assert meeting.task == task and meeting.issues == [
        "江枫小区北门路灯损坏，夜间照明不足",
        "菜市场周边电动车乱停放堵塞消防通道",
    ]
    # and each issue raised (blank lines dropped) is a lead of channel 会议 with the four elements
    leads = list(Lead.objects.filter(meeting=meeting).order_by("id"))
    assert [lead.event for lead in leads] == meeting.issues
    for lead in leads:
        assert (lead.channel, lead.kind, lead.status) == ("meeting", "sentiment_voice", "collected")
        assert lead.subject_text == "社区书记、治保会主任" and lead.place_text == "江枫社区居委会会议室"
        assert lead.occurred_at == at(date(2026, 11, 19), 14, 30) and lead.beat == beat
        assert lead.reported_by == officer
    # and the next week brings the next meeting, due Friday 27 November
    rules_run(acting_user=None, as_of=date(2026, 11, 23), codes=[WEEKLY])
    assert [t.due_on for t in _tasks(beat, WEEKLY, through=date(2026, 11, 29))] == [
        date(2026, 11, 20),
        date(2026, 11, 27),
    ]


def test_art48_5_monthly_and_art48_6_quarterly_records_close_their_own_tasks(users):
    officer = users["officer"]
    beat = unit_of(officer)
    rules_run(acting_user=None, as_of=date(2026, 11, 18), codes=[MONTHLY, QUARTERLY])
    [monthly] = _tasks(beat, MONTHLY)
    [quarterly] = _tasks(beat, QUARTERLY, through=date(2026, 12, 31))
    assert (monthly.due_on, quarterly.due_on) == (date(2026, 11, 30), date(2026, 12, 31))
    with time_machine.travel(at(date(2026, 11, 25), 17), tick=False):
        key_units = _record(
            officer, beat, "monthly_key_units", at(date(2026, 11, 25), 9), met_persons="枫桥商场保卫科长等", attendees=6
        )
    monthly.refresh_from_db()
    quarterly.refresh_from_db()
    assert monthly.status == TaskStatus.CLOSED and monthly.done_on == date(2026, 11, 25)
    assert quarterly.status != TaskStatus.CLOSED  # a monthly meeting is not the residents' report
    assert key_units.task == monthly and not Lead.objects.filter(meeting=key_units).exists()
    with time_machine.travel(at(date(2026, 12, 10), 20), tick=False):
        report = _record(
            officer,
            beat,
            "quarterly_residents",
            at(date(2026, 12, 10), 19),
            met_persons="辖区居民代表",
            attendees=42,
            topics="通报第四季度治安情况",
            issues=["居民建议在江枫桥下加装监控"],
            issue_kind="disorder",
        )
    quarterly.refresh_from_db()
    assert quarterly.status == TaskStatus.CLOSED and quarterly.feedback["audience"] == 42
    [lead] = Lead.objects.filter(meeting=report)
    assert (lead.kind, lead.channel, lead.event) == ("disorder", "meeting", "居民建议在江枫桥下加装监控")


def test_a_meeting_record_missing_its_facts_is_refused_field_by_field_and_writes_nothing(users):
    officer = users["officer"]
    beat = unit_of(officer)
    rules_run(acting_user=None, as_of=date(2026, 11, 18), codes=[WEEKLY])
    with pytest.raises(ValidationError) as refused:
        _record(officer, beat, "weekly_community", None, place=" ", met_persons="", attendees=0, topics="")
    assert set(refused.value.message_dict) == {"held_at", "place", "met_persons", "attendees", "topics"}
    assert refused.value.message_dict["place"] == ["请填写会议地点"]
    assert not MeetingRecord.objects.exists()
    assert [t.status for t in _tasks(beat, WEEKLY)] != [TaskStatus.CLOSED]


def test_another_beats_officer_cannot_record_a_meeting_here(users, django_user_model):
    from django.core.exceptions import PermissionDenied

    beat = unit_of(users["officer"])
    other = django_user_model.objects.get(username="demo_officer2")
    with pytest.raises(PermissionDenied):
        _record(other, beat, "weekly_community", at(date(2026, 11, 18), 9))
    assert not MeetingRecord.objects.exists()
