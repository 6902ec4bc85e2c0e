"""规范001 第八十条 案件回访 and 第七十七条第二款 无现场案件联系回访, from real incidents (the rules stand-in for
``incident`` retired; these replace its former test in rules/tests)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from casework import errors, services
from rules.adapters import adapter_for
from rules.models import Obligation, RecordType
from rules.services import rules_run
from tasks.models import Task, TaskStatus

from .factories import at, incident, push, tasks_of

pytestmark = pytest.mark.django_db
FILED = "art80_incident_follow_up_filed"
CLOSED = "art80_incident_follow_up_closed"
LOCAL_3 = "local002_incident_follow_up_3_days"
CONTACT = "art77_no_scene_contact_follow_up"
TZ = ZoneInfo("Asia/Shanghai")


def due(i, code):
    return [t.due_on for t in tasks_of("incident", i.pk, code)]


def follow_up(users, i, kind, on, **extra):
    return services.incident_follow_up_record(
        acting_user=users["officer"],
        incident=i,
        kind=kind,
        visited_on=on,
        visited="受害人",
        content="通报案件办理情况，受害人表示理解",
        risk_level="low",
        satisfaction="satisfied",
        items=["progress"],
        today=on,
        **extra,
    )


def test_the_stand_in_no_longer_stands_in_for_incidents():
    assert "incident" not in RecordType.values
    assert type(adapter_for("incident")).__name__ == "IncidentAdapter"
    assert type(adapter_for("incident_person")).__name__ == "IncidentPersonAdapter"


def test_art80_incident_follow_up_within_7_days_of_filing_and_after_closing(users):
    """规范001 第八十条: 立案后一周内跟进回访，并在结案后进行回访 (reading: 自立案次日起算七日; 结案后七日)."""
    # given a burglary reported on 2025-03-31, before 立案 nothing is due
    i = incident(users, on=date(2025, 3, 31))
    assert due(i, FILED) == [] and due(i, CLOSED) == []
    # when it is filed (立案) on 2025-04-01
    services.incident_file(
        acting_user=users["officer"],
        incident=i,
        filed_on=date(2025, 4, 1),
        case_number="A2025040100012",
        today=date(2025, 4, 1),
    )
    # then the follow-up is due on the 8th, on the beat officer's list, named without a person
    [task] = tasks_of("incident", i.pk, FILED)
    assert task.due_on == date(2025, 4, 8) and task.assignee == users["officer"]
    assert task.title.startswith("案件立案后一周内跟进回访") and f"案事件编号{i.pk}" in task.title
    assert due(i, CLOSED) == []
    # a full run (twice) changes nothing: idempotent
    for _ in range(2):
        result = rules_run(as_of=date(2025, 4, 5), codes=[FILED, CLOSED])
        assert (result.created, result.updated, result.closed) == (0, 0, 0)
    # when the officer follows up on day 7 (the last day), the task is done on time
    f = follow_up(users, i, "after_filing", date(2025, 4, 8))
    assert [t.pk for t in f.completed_tasks] == [task.pk]
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.done_on == date(2025, 4, 8) and task.done_on <= task.due_on
    assert due(i, FILED) == []
    # when the case is closed (结案) on 2025-05-06, the after-closing follow-up falls due (7 days: a reading)
    services.incident_close(
        acting_user=users["officer"],
        incident=i,
        closed_on=date(2025, 5, 6),
        result="已破案，赃物发还",
        today=date(2025, 5, 6),
    )
    assert due(i, CLOSED) == [date(2025, 5, 13)]
    reading = Obligation.objects.get(code=CLOSED).reading
    assert "条文未规定结案后回访时限" in reading
    f2 = follow_up(users, i, "after_closing", date(2025, 5, 9))
    assert len(f2.completed_tasks) == 1 and due(i, CLOSED) == []


def test_art80_day_8_is_overdue(users):
    """The 7-day window's edge: due on day 7, overdue from day 8 (the list flags it)."""
    from casework.selectors import incident_list

    i = incident(users, on=date(2025, 4, 1))
    services.incident_file(
        acting_user=users["officer"], incident=i, filed_on=date(2025, 4, 1), case_number="A1", today=date(2025, 4, 1)
    )
    flagged = lambda day: incident_list(user=users["officer"], filters={"overdue": True}, today=day)  # noqa: E731
    assert i not in flagged(date(2025, 4, 8))
    assert i in flagged(date(2025, 4, 9))


def test_002_three_day_follow_up_is_a_local_option_off_by_default(users):
    """规范002 范本四 "三日内进行回访" vs 规范001 第八十条 "一周内": 001 prevails (第一百二十六条) — the 002 row is
    shipped inactive; switched on, it is due three days after 立案 and one visit completes both."""
    row = Obligation.objects.get(code=LOCAL_3)
    assert row.is_active is False and "第一百二十六条" in row.reading
    i = incident(users, on=date(2025, 4, 1))
    services.incident_file(
        acting_user=users["officer"], incident=i, filed_on=date(2025, 4, 1), case_number="A2", today=date(2025, 4, 1)
    )
    assert due(i, LOCAL_3) == []
    Obligation.objects.filter(code=LOCAL_3).update(is_active=True)
    rules_run(as_of=date(2025, 4, 1), codes=[LOCAL_3])
    assert due(i, LOCAL_3) == [date(2025, 4, 3)]
    f = follow_up(users, i, "after_filing", date(2025, 4, 3))
    assert {t.obligation_code for t in f.completed_tasks} == {FILED, LOCAL_3}


def test_art77_2_no_scene_case_gets_a_contact_follow_up_within_24_hours(users):
    """规范001 第七十七条第二款: 无现场的案件，尽快了解情况并联系受害人或当事人回访 (reading: 接报后24小时)."""
    i = push(users, on=date(2025, 4, 1), hour=9, subkind="fraud", has_scene=False, summary="电信网络诈骗报警")
    [task] = tasks_of("incident", i.pk, CONTACT)
    assert task.due_at == datetime(2025, 4, 2, 9, 0, tzinfo=TZ) and task.assignee == users["officer"]
    # a follow-up of the wrong kind is refused, naming why
    with pytest.raises(ValidationError) as exc:
        follow_up(users, i, "after_filing", date(2025, 4, 1))
    assert exc.value.message_dict["kind"] == [
        errors.FOLLOW_UP_KIND.format(kind="立案后回访", why=errors.FOLLOW_UP_NOT_FILED)
    ]
    f = follow_up(users, i, "contact", date(2025, 4, 1))
    assert [t.pk for t in f.completed_tasks] == [task.pk]
    # an incident with a scene has no contact follow-up
    with_scene = incident(users, on=date(2025, 4, 1))
    assert tasks_of("incident", with_scene.pk, CONTACT) == []


def test_closing_an_unfiled_case_is_refused_and_nothing_is_written(users):
    i = incident(users, on=date(2025, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.incident_close(
            acting_user=users["officer"], incident=i, closed_on=date(2025, 4, 2), result="", today=date(2025, 4, 2)
        )
    assert exc.value.message_dict["closed_on"] == [errors.CLOSE_NOT_FILED]
    assert exc.value.message_dict["result"] == ["请填写办结情况"]
    i.refresh_from_db()
    assert i.status == "open" and i.closed_on is None
    assert not Task.objects.filter(record_type="incident", record_id=str(i.pk)).exists()


def test_at_helper_is_shanghai_time():
    assert at(date(2025, 4, 1), 9).utcoffset().total_seconds() == 8 * 3600
