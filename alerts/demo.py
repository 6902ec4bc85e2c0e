"""Demo alerts (idempotent): a red alert raised by the control centre on demo_officer's beat with two departments
linked (it cannot close yet), a yellow work order past its 24 hours, and an orange alert whose “双随机” plan is drawn
over 50 units of the station's second beat (seed 2026)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from org.models import OrgUnitKind

from . import services
from .models import Alert

RED_TITLE = "演示：某小区群租房人员聚集，疑似传销"
ORANGE_UNITS = 50


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@transaction.atomic
def seed_alerts(*, today: date) -> int:
    from registry.models import Organization

    if Alert.objects.filter(title=RED_TITLE).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["demo_officer", "demo_lead", "demo_control"])}
    if len(users) < 3:
        return 0
    officer, lead, control = users["demo_officer"], users["demo_lead"], users["demo_control"]
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    now = timezone.now()
    raised = min(_at(today, 9, 30), now - timedelta(minutes=10))
    red = services.alert_raise(
        acting_user=control,
        beat=beat,
        colour="red",
        title=RED_TITLE,
        description="群众举报：幸福路8号某出租屋夜间人员频繁聚集，疑似传销窝点，存在重大风险。",
        source_kind="lead",
        raised_at=raised,
        now=raised,
    )
    for name, task in (("江枫街道办事处", "组织社区排查"), ("区市场监管局", "核查经营主体")):
        services.alert_department_link(acting_user=officer, alert=red, name=name, task=task, now=raised)
    services.alert_raise(
        acting_user=lead,
        beat=beat,
        colour="yellow",
        title="演示：幸福路路灯损坏，夜间照明不足",
        raised_at=_at(today - timedelta(days=2), 9),
        now=_at(today - timedelta(days=2), 9),
    )
    station = beat.parent
    other = station.children.filter(kind=OrgUnitKind.BEAT).exclude(pk=beat.pk).order_by("path").first() or beat
    Organization.objects.bulk_create(
        Organization(name=f"演示电动车充电点{i:02d}", category="enterprise", org_unit=other, address_text=other.name)
        for i in range(1, ORANGE_UNITS + 1)
    )
    orange = services.alert_raise(
        acting_user=lead,
        beat=other,
        colour="orange",
        title="演示：电动自行车违规充电隐患（潜在风险）",
        raised_at=_at(today - timedelta(days=1), 15),
        now=_at(today - timedelta(days=1), 15),
    )
    services.alert_sampling_draw(acting_user=lead, alert=orange, population="unit", seed=2026)
    return 3
