"""规范003 服务机制(一)1 红色预警“1+3+5”: 1小时响应、3部门联动、5日闭环 — on the engine, from real alerts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alerts import errors, services
from alerts.models import Alert, AlertStatus
from audit.models import OperationLog
from rules.adapters import adapter_for
from rules.models import RecordType
from tasks.models import Message, MessageKind, TaskStatus
from tasks.services import task_reminders_send

from .factories import at, clock, raise_alert, tasks_of

pytestmark = pytest.mark.django_db
RESPOND, CLOSE = "alert_red_response", "alert_red_close"


def test_the_stand_in_no_longer_stands_in_for_alerts():
    assert "alert" not in RecordType.values
    assert type(adapter_for("alert")).__name__ == "AlertAdapter"


def test_red_alert_raised_10_00_response_due_11_00_closing_due_5_days_later(users):
    """规范003 服务机制(一)1 (reading: 1 hour and 5×24 hours from the raising time, never moved by rest days)."""
    # given the control centre raises a red alert at 10:00 on Monday 2025-04-28
    alert = raise_alert(users, when=at(date(2025, 4, 28), 10))
    # then the officer of the beat has the one-hour clock, due at 11:00 that day
    [respond] = tasks_of(alert, RESPOND)
    assert respond.due_at == at(date(2025, 4, 28), 11)
    assert respond.assignee == users["officer"]
    assert respond.status == TaskStatus.DISPATCHED
    # and closing is due five days later at 10:00 — Saturday 3 May, a 劳动节 holiday, not moved to a working day
    [close] = tasks_of(alert, CLOSE)
    assert close.due_at == at(date(2025, 5, 3), 10)
    # the officer and the station lead are told at once
    assert Message.objects.filter(recipient=users["officer"], key=f"alert:{alert.pk}").exists()
    assert Message.objects.filter(recipient=users["lead"], key=f"alert:{alert.pk}").exists()
    assert alert.get_raised_by_unit_display() == "基础管控中心"


def test_red_alert_cannot_close_with_two_departments_then_closes_with_three(users):
    """规范003 服务机制(一)1 “3部门联动”: fewer than three linked departments refuse the closing."""
    alert = raise_alert(users, when=at(date(2025, 4, 28), 10))
    officer = users["officer"]
    # when the officer responds at 10:40, the response task closes in time
    with clock(at(date(2025, 4, 28), 10, 40)):
        services.alert_respond(acting_user=officer, alert=alert, note="已到场核实，控制现场")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESPONDED
    assert tasks_of(alert, RESPOND) == []
    [done] = tasks_of(alert, RESPOND, open_only=False)
    assert done.status == TaskStatus.CLOSED and done.submitted_at <= done.due_at
    # and two departments are linked
    for name in ("街道办事处", "市场监管所"):
        services.alert_department_link(acting_user=officer, alert=alert, name=name, now=at(date(2025, 4, 28), 11))
    # then closing is refused, naming how many are needed, and nothing changes
    logged = OperationLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.alert_close(acting_user=officer, alert=alert, note="已处置", now=at(date(2025, 4, 30), 9))
    assert refused.value.message_dict["__all__"] == [errors.DEPARTMENTS_TOO_FEW.format(need=3, have=2)]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESPONDED and alert.closed_at is None
    assert len(tasks_of(alert, CLOSE)) == 1
    assert OperationLog.objects.count() == logged
    # when a third department is linked, the alert closes and its closing clock is met
    services.alert_department_link(acting_user=officer, alert=alert, name="社区居委会", now=at(date(2025, 4, 29), 9))
    with clock(at(date(2025, 4, 30), 9)):
        services.alert_close(acting_user=officer, alert=alert, note="三部门联合处置完毕")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    [closed] = tasks_of(alert, CLOSE, open_only=False)
    assert closed.status == TaskStatus.CLOSED and closed.submitted_at <= closed.due_at
    actions = list(
        OperationLog.objects.filter(object_type="alert", object_id=str(alert.pk)).values_list("action", flat=True)
    )
    assert actions.count("alert_department_link") == 3
    assert {"alert_raise", "alert_respond", "alert_close"} <= set(actions)


def test_red_alert_the_same_department_twice_is_refused(users):
    alert = raise_alert(users, when=at(date(2025, 4, 28), 10))
    services.alert_department_link(acting_user=users["officer"], alert=alert, name="街道办事处")
    with pytest.raises(ValidationError) as refused:
        services.alert_department_link(acting_user=users["officer"], alert=alert, name="街道办事处")
    assert refused.value.message_dict == {"name": [errors.DEPARTMENT_DUPLICATE]}
    assert alert.departments.count() == 1


def test_red_alert_missed_hour_escalates_to_the_station_lead(users):
    """规范003 “1小时响应”: a missed clock is told to the station lead at once (escalation 0 days after due)."""
    alert = raise_alert(users, when=at(date(2025, 4, 28), 10))
    [respond] = tasks_of(alert, RESPOND)
    # at 10:59 nothing is escalated yet
    task_reminders_send(now=at(date(2025, 4, 28), 10, 59))
    assert not Message.objects.filter(task=respond, kind=MessageKind.ESCALATION).exists()
    # at 11:01 the response is late: the station lead is told
    task_reminders_send(now=at(date(2025, 4, 28), 11, 1))
    [escalation] = Message.objects.filter(task=respond, kind=MessageKind.ESCALATION)
    assert escalation.recipient == users["lead"]
    assert "红色预警1小时响应" in escalation.text
    respond.refresh_from_db()
    assert respond.escalated_at is not None


def test_only_users_of_the_beat_may_raise_or_handle_and_other_stations_do_not_see_it(users):
    from alerts.selectors import alert_get, alert_list
    from alerts.tests.factories import beat_of

    before = Alert.objects.count()
    with pytest.raises(PermissionDenied):
        services.alert_raise(
            acting_user=users["officer2"], beat=beat_of(users["officer"]), colour="red", title="越权发布"
        )
    assert Alert.objects.count() == before
    alert = raise_alert(users, when=at(date(2025, 4, 28), 10))
    with pytest.raises(PermissionDenied):
        services.alert_respond(acting_user=users["officer2"], alert=alert, note="越权")
    assert not alert_list(user=users["officer2"], filters={"status": "all"}).filter(pk=alert.pk).exists()
    with pytest.raises(Alert.DoesNotExist):
        alert_get(user=users["lead2"], pk=alert.pk)
    assert alert_list(user=users["lead"]).filter(pk=alert.pk).exists()
    assert alert_list(user=users["control"]).filter(pk=alert.pk).exists()


def test_bad_input_is_refused_field_by_field(users):
    from alerts.tests.factories import beat_of

    with pytest.raises(ValidationError) as refused:
        services.alert_raise(acting_user=users["control"], beat=beat_of(users["officer"]), colour="purple", title=" ")
    assert refused.value.message_dict == {"colour": [errors.COLOUR_UNKNOWN], "title": [errors.TITLE_REQUIRED]}
    alert = raise_alert(users, when=at(date(2025, 4, 28), 10))
    with pytest.raises(ValidationError) as refused:
        services.alert_respond(acting_user=users["officer"], alert=alert, note="")
    assert refused.value.message_dict == {"note": [errors.NOTE_REQUIRED]}
    assert alert.raised_at + timedelta(hours=1) == tasks_of(alert, RESPOND)[0].due_at
