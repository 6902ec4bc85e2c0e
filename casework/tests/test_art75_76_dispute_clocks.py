"""规范001 第七十五条 跟进回访 and 第七十四条 上报、报所 clocks, from real disputes (the rules stand-in retired)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from casework import services
from casework.models import MediationAgreement
from rules.adapters import adapter_for
from rules.models import RecordType
from rules.services import rules_run
from tasks.models import Task, TaskStatus

from .factories import at, dispute, due, tasks_of

pytestmark = pytest.mark.django_db
FOLLOW_UP = "art75_dispute_follow_up"
UPPER = "art74_3_dispute_upper_report"
STATION = "art74_agreement_station_report"
TZ = ZoneInfo("Asia/Shanghai")


def test_the_stand_in_no_longer_stands_in_for_disputes():
    assert "dispute" not in RecordType.values
    assert type(adapter_for("dispute")).__name__ == "DisputeAdapter"


def test_art75_first_follow_up_due_7_days_after_intervening_then_monthly(users):
    """规范001 第七十五条 (reading: 介入后七日内首次回访，自次日起算；此后每月一次)."""
    # given a dispute the officer intervened in on 2025-04-01
    d = dispute(users, on=date(2025, 4, 1))
    # then the first follow-up is due on the 8th, dispatched to the beat's officer
    [task] = tasks_of("dispute", d.pk, FOLLOW_UP)
    assert task.due_on == date(2025, 4, 8) and task.assignee == users["officer"]
    assert task.title.startswith("矛盾纠纷介入后跟进回访") and "张甲" not in task.title
    # a full run (twice) changes nothing: idempotent
    for _ in range(2):
        result = rules_run(as_of=date(2025, 4, 5), codes=[FOLLOW_UP])
        assert (result.created, result.updated, result.closed) == (0, 0, 0)
    assert due(d) == [date(2025, 4, 8)]
    # when the officer follows up on day 7 (the last day), the next one is due a month later
    f = services.dispute_follow_up_record(
        acting_user=users["officer"],
        dispute=d,
        visited_on=date(2025, 4, 8),
        visited="双方当事人",
        progress="已维修，未再争吵",
        risk_level="low",
        satisfaction="satisfied",
        today=date(2025, 4, 8),
    )
    assert [t.pk for t in f.completed_tasks] == [task.pk]
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.done_on == date(2025, 4, 8)
    assert due(d) == [date(2025, 5, 8)]
    assert d.actions.filter(kind="follow_up").count() == 1


def test_art75_day_8_is_overdue_and_resolving_keeps_it_but_closes_tasks_not_yet_due(users):
    d1 = dispute(users, on=date(2025, 4, 1))
    d2 = dispute(users, on=date(2025, 4, 20), parties=["王丙", "赵丁"], place_text="江枫社区建设路1号")
    # on 2025-04-09 the first dispute's follow-up (due the 8th) is overdue; the second's (due the 27th) is not
    [overdue] = tasks_of("dispute", d1.pk, FOLLOW_UP)
    [not_due] = tasks_of("dispute", d2.pk, FOLLOW_UP)
    assert overdue.due_on == date(2025, 4, 8) < date(2025, 4, 9)
    for d in (d1, d2):
        services.dispute_resolve(
            acting_user=users["officer"],
            dispute=d,
            resolved_on=date(2025, 4, 22),
            resolution="已和解",
            today=date(2025, 4, 22),
        )
    overdue.refresh_from_db()
    not_due.refresh_from_db()
    assert overdue.status == TaskStatus.DISPATCHED  # the work was due: it stays and counts against 第七十六条(一)
    assert not_due.status == TaskStatus.CANCELLED and "不再适用" in not_due.close_reason
    assert rules_run(as_of=date(2025, 4, 23), codes=[FOLLOW_UP]).created == 0


def test_resolving_needs_a_date_and_what_happened_and_writes_nothing_without(users):
    d = dispute(users, on=date(2025, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.dispute_resolve(acting_user=users["officer"], dispute=d, resolved_on=date(2025, 3, 1), resolution=" ")
    assert exc.value.message_dict == {"resolved_on": ["化解日期不能早于介入日期"], "resolution": ["请填写化解情况"]}
    d.refresh_from_db()
    assert d.status == "open" and not d.actions.exists()


def test_art74_3_a_civil_to_criminal_risk_is_reported_upward_within_the_hours_row(users):
    """规范001 第七十四条(三): 及时报告 — reading: 24 hours from when the risk was flagged (adjustable)."""
    d = dispute(users, on=date(2025, 4, 1), risk_level="high", risk_reasons=["repeat_calls", "civil_to_criminal"])
    [task] = tasks_of("dispute", d.pk, UPPER)
    assert task.due_at == datetime(2025, 4, 2, 11, 0, tzinfo=TZ)  # flagged when recorded at 11:00
    assert task.template.code == "upper_report"
    action = services.dispute_action_record(
        acting_user=users["officer"],
        dispute=d,
        kind="upper_report",
        target="枫桥分局",
        note="书面报告纠纷及风险",
        done_at=at(date(2025, 4, 1), 15),
        now=at(date(2025, 4, 1), 16),
    )
    assert [t.pk for t in action.completed_tasks] == [task.pk]
    assert tasks_of("dispute", d.pk, UPPER) == []


def test_art74_3_flagging_the_risk_later_starts_the_clock_then(users):
    d = dispute(users, on=date(2025, 4, 1))
    assert tasks_of("dispute", d.pk, UPPER) == []
    services.dispute_risk_update(
        acting_user=users["officer"],
        dispute=d,
        risk_level="high",
        risk_reasons=["mass_incident"],
        now=at(date(2025, 4, 3), 9),
    )
    [task] = tasks_of("dispute", d.pk, UPPER)
    assert task.due_at == datetime(2025, 4, 4, 9, 0, tzinfo=TZ)
    # removing the risk before it is due closes it
    services.dispute_risk_update(
        acting_user=users["officer"], dispute=d, risk_level="low", risk_reasons=[], now=at(date(2025, 4, 3), 10)
    )
    assert tasks_of("dispute", d.pk, UPPER) == []


def test_art74_agreement_not_reached_or_not_performed_creates_a_station_report_task_at_once(users):
    """规范001 第七十四条第二款: 调解未达成协议或者不履行的，报所予以依法处理."""
    d = dispute(users, on=date(2025, 4, 1))
    failed = services.agreement_record(
        acting_user=users["officer"], dispute=d, reached=False, parties_text="张甲、李乙", now=at(date(2025, 4, 2), 9)
    )
    [task] = tasks_of("mediation_agreement", failed.pk, STATION)
    assert task.due_at == datetime(2025, 4, 3, 9, 0, tzinfo=TZ) and task.assignee == users["officer"]
    signed = services.agreement_record(
        acting_user=users["officer"],
        dispute=d,
        reached=True,
        parties_text="张甲、李乙",
        terms="赔偿维修费500元",
        signed_on=date(2025, 4, 5),
        now=at(date(2025, 4, 5), 9),
    )
    assert tasks_of("mediation_agreement", signed.pk) == []
    services.agreement_performance_record(
        acting_user=users["officer"],
        agreement=signed,
        performed=False,
        checked_on=date(2025, 4, 15),
        now=at(date(2025, 4, 15), 9),
    )
    [task2] = tasks_of("mediation_agreement", signed.pk, STATION)
    assert task2.due_at == datetime(2025, 4, 16, 9, 0, tzinfo=TZ)
    # one 报所 on the dispute completes both
    action = services.dispute_action_record(
        acting_user=users["officer"],
        dispute=d,
        kind="station_report",
        note="已报所依法处理",
        now=at(date(2025, 4, 15), 10),
    )
    assert sorted(t.pk for t in action.completed_tasks) == sorted([task.pk, task2.pk])
    assert Task.objects.filter(pk__in=[task.pk, task2.pk], status=TaskStatus.CLOSED).count() == 2


def test_an_agreement_needs_terms_and_a_signing_date_and_performance_is_recorded_once(users):
    d = dispute(users, on=date(2025, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.agreement_record(acting_user=users["officer"], dispute=d, reached=True, parties_text="张甲、李乙")
    assert exc.value.message_dict == {"terms": ["达成协议的，请填写协议内容和签订日期"]}
    assert not MediationAgreement.objects.filter(dispute=d).exists()
    a = services.agreement_record(
        acting_user=users["officer"],
        dispute=d,
        reached=True,
        parties_text="张甲",
        terms="道歉",
        signed_on=date(2025, 4, 2),
    )
    services.agreement_performance_record(
        acting_user=users["officer"], agreement=a, performed=True, checked_on=date(2025, 4, 9)
    )
    with pytest.raises(ValidationError, match="已登记履行情况"):
        services.agreement_performance_record(
            acting_user=users["officer"], agreement=a, performed=False, checked_on=date(2025, 4, 10)
        )
    assert tasks_of("mediation_agreement", a.pk) == []
