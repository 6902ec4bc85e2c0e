"""规范003 服务机制(一)2 橙色预警“双随机” and (一)3 黄色预警“24小时办结承诺制”."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from alerts import errors, services
from alerts.models import AlertStatus, SamplingDraw
from org.models import OrgUnitKind
from org.services import org_unit_create
from registry.models import Organization
from tasks.models import Message, MessageKind, Task, TaskStatus
from tasks.services import task_reminders_send

from .factories import at, beat_of, clock, raise_alert, tasks_of

pytestmark = pytest.mark.django_db
YELLOW = "alert_yellow_close"


def test_yellow_work_order_due_24_hours_after_raising_even_on_a_holiday(users):
    """规范003 服务机制(一)3 (reading: a work order due 24 hours after it is raised, a due time)."""
    # given the station's command room raises a yellow alert at 15:00 on 30 April 2025
    alert = raise_alert(users, by="command_room", colour="yellow", when=at(date(2025, 4, 30), 15), title="路灯损坏")
    # then the work order is due at 15:00 on 1 May (劳动节 — hours never move)
    [order] = tasks_of(alert, YELLOW)
    assert order.due_at == at(date(2025, 5, 1), 15)
    assert order.assignee == users["officer"]
    assert alert.get_raised_by_unit_display() == "综合指挥室"
    # a yellow alert has no response clock and no departments to link
    assert tasks_of(alert, "alert_red_response") == []
    with pytest.raises(ValidationError) as refused:
        services.alert_department_link(acting_user=users["officer"], alert=alert, name="街道办事处")
    assert refused.value.message_dict == {"name": [errors.RED_ONLY]}
    # when the officer closes it at 14:00 the next day, the order is met
    with clock(at(date(2025, 5, 1), 14)):
        services.alert_close(acting_user=users["officer"], alert=alert, note="已报修")
    [done] = tasks_of(alert, YELLOW, open_only=False)
    assert done.status == TaskStatus.CLOSED and done.submitted_at <= done.due_at


def test_yellow_work_order_overdue_escalates_at_24_hours(users):
    alert = raise_alert(users, colour="yellow", when=at(date(2025, 4, 28), 9), title="井盖缺失")
    [order] = tasks_of(alert, YELLOW)
    task_reminders_send(now=at(date(2025, 4, 29), 8, 59))
    assert not Message.objects.filter(task=order, kind=MessageKind.ESCALATION).exists()
    task_reminders_send(now=at(date(2025, 4, 29), 9, 1))
    assert Message.objects.filter(task=order, kind=MessageKind.ESCALATION, recipient=users["lead"]).exists()


def test_orange_draw_is_reproducible_from_its_seed():
    """规范003 服务机制(一)2: ≥30 % checks and ≥20 % visits, the same draw from the same seed."""
    keys = list(range(1, 101))
    checks, visits = services.sample_draw(keys, 20260415)
    assert (len(checks), len(visits)) == (30, 20)
    assert services.sample_draw(list(reversed(keys)), 20260415) == (checks, visits)
    assert services.sample_draw(keys, 20260416) != (checks, visits)
    # "以上" includes the number and a part rounds up: 7 units → 3 checks (≥2.1) and 2 visits (≥1.4)
    assert services.sample_sizes(7) == (3, 2)


def test_orange_alert_on_100_units_draws_30_checks_and_20_visits_each_a_task(users):
    """规范003 服务机制(一)2 on a beat of 100 registered units."""
    station = beat_of(users["officer"]).parent
    beat = org_unit_create(
        acting_user=None, kind=OrgUnitKind.BEAT, name="抽样测试警务区", code="DUTYORANGE", parent=station
    )
    Organization.objects.bulk_create(
        Organization(name=f"抽样单位{i:03d}", category="enterprise", org_unit=beat) for i in range(100)
    )
    alert = services.alert_raise(
        acting_user=users["lead"],
        beat=beat,
        colour="orange",
        title="电动车充电隐患",
        raised_at=at(date(2026, 11, 18), 9),
    )
    # an orange alert has no clock of its own and cannot close before its plan is drawn
    assert tasks_of(alert) == []
    with pytest.raises(ValidationError) as refused:
        services.alert_close(acting_user=users["lead"], alert=alert, note="完成")
    assert refused.value.message_dict["__all__"] == [errors.PLAN_REQUIRED]
    # when the lead draws with seed 7
    plan = services.alert_sampling_draw(acting_user=users["lead"], alert=alert, population="unit", seed=7)
    assert (plan.population_size, plan.seed) == (100, 7)
    checks = SamplingDraw.objects.filter(plan=plan, purpose="check")
    visits = SamplingDraw.objects.filter(plan=plan, purpose="visit")
    assert (checks.count(), visits.count()) == (30, 20)
    # each draw is a task, of the right template, on the beat
    tasks = Task.objects.filter(pk__in=SamplingDraw.objects.filter(plan=plan).values("task"))
    assert tasks.count() == 50
    assert set(tasks.values_list("template__code", flat=True)) == {"alert_sample_check", "alert_sample_visit"}
    assert set(tasks.values_list("org_unit", flat=True)) == {beat.pk}
    # the same seed over the same units gives the same draw
    ids = {o.pk: o.name for o in Organization.objects.filter(org_unit=beat)}
    expected_checks, _v = services.sample_draw(list(ids), 7)
    assert sorted(checks.values_list("object_id", flat=True)) == expected_checks
    # a plan is drawn once
    with pytest.raises(ValidationError) as refused:
        services.alert_sampling_draw(acting_user=users["lead"], alert=alert, population="unit", seed=8)
    assert refused.value.message_dict == {"population": [errors.PLAN_EXISTS]}
    services.alert_close(acting_user=users["lead"], alert=alert, note="抽检走访已部署")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED


def test_orange_tasks_due_in_30_days_land_on_a_working_day(users):
    """规范003 服务机制(一)2, reading orange_sample_days: "within 30 days" from the day after the draw; the 30th day
    is 1 October 2025 (国庆节), so the plan and every task are due on 30 September, the last working day."""
    station = beat_of(users["officer"]).parent
    beat = org_unit_create(
        acting_user=None, kind=OrgUnitKind.BEAT, name="国庆抽样警务区", code="DUTYNATDAY", parent=station
    )
    Organization.objects.bulk_create(
        Organization(name=f"国庆单位{i:02d}", category="enterprise", org_unit=beat) for i in range(10)
    )
    with clock(at(date(2025, 9, 1), 9)):
        alert = services.alert_raise(
            acting_user=users["lead"], beat=beat, colour="orange", title="节前隐患", raised_at=at(date(2025, 9, 1), 9)
        )
        plan = services.alert_sampling_draw(acting_user=users["lead"], alert=alert, population="unit", seed=3)
    assert plan.due_on == date(2025, 9, 30)
    tasks = Task.objects.filter(pk__in=SamplingDraw.objects.filter(plan=plan).values("task"))
    assert tasks.count() == 5 and set(tasks.values_list("due_on", flat=True)) == {date(2025, 9, 30)}
