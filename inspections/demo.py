"""Demo records of unit supervision on demo_officer's beat, dated relative to ``today``: units of every 第六十八条
group (and one managed by the upper level), a key unit with its quarterly inspection due, an open hazard with its
整改通知书, an extension waiting for the station lead, and a hazard re-inspected on time. Idempotent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from org.models import OrgUnitKind, Staff, StaffKind

FIRST = "江枫百货商场"

UNITS = (
    # name, registry category, key unit, supervision facts
    (FIRST, "enterprise", True, {"key_parts": "财务室、监控中心、金银首饰柜台"}),
    ("星光KTV", "venue", False, {"trade_type": "venue_ktv", "licence_number": "娱经证字（2024）第018号"}),
    ("江枫宾馆", "special_trade", False, {"trade_type": "hotel", "licence_number": "特行许字（2023）第006号"}),
    ("顺达快递江枫站", "regulated_trade", False, {"trade_type": "delivery", "filing_number": "寄递备字0032"}),
    ("江枫加油站", "hazardous_material", True, {"trade_type": "bulk_petrol", "licence_number": "危化经字0117"}),
    ("谜境密室逃脱馆", "regulated_trade", False, {"trade_type": "escape_room", "filing_number": "新业态备0005"}),
    ("江枫实验小学", "school", False, {}),
    ("江枫热电厂", "enterprise", True, {"supervised_by": "upper"}),
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _answers(unit, failed=()):
    from .services import unit_checklist

    return {
        i.code: {"ok": i.code not in failed, "note": "现场发现问题，已当场指出" if i.code in failed else ""}
        for i in unit_checklist(unit)
    }


@transaction.atomic
def seed_inspections(*, today: date | None = None) -> int:
    from registry.models import Organization
    from registry.services import organization_register
    from rules.services import rules_recompute_record

    from . import services

    if Organization.objects.filter(name=FIRST).exists():
        return 0
    officer = User.objects.filter(username="demo_officer").first()
    lead = User.objects.filter(username="demo_lead").first()
    if officer is None or lead is None:
        return 0
    today = today or timezone.localdate()
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    community = beat.children.filter(kind=OrgUnitKind.COMMUNITY).order_by("path").first()
    assistant = Staff.objects.filter(kind=StaffKind.AUXILIARY, org_unit=beat, is_active=True).first()
    units = {}
    for n, (name, category, key, facts) in enumerate(UNITS, start=1):
        address = f"江枫市{community.name}江枫路{100 + n}号" if community else ""
        unit = organization_register(
            acting_user=officer,
            org_unit=beat,
            data={"name": name, "category": category, "is_key_unit": key, "address_text": address},
        )
        # On the register for years (the demo's units were not all entered today); schedule from then.
        Organization.objects.filter(pk=unit.pk).update(created_at=_at(today - timedelta(days=400 + n), 9))
        unit.refresh_from_db()
        rules_recompute_record(acting_user=None, record_type="supervised_unit", record_id=unit.pk, as_of=today)
        if facts:
            services.supervision_update(acting_user=officer, organization=unit, data=facts, today=today)
        units[name] = unit

    def inspect(name, days_ago, failed=()):
        unit = units[name]
        return services.inspection_record(
            acting_user=officer,
            organization=unit,
            kind="regular",
            trigger="standing",
            inspected_on=today - timedelta(days=days_ago),
            assistant=assistant,
            recorder_ref=f"DSJ-{beat.code}-{(today - timedelta(days=days_ago)):%Y%m%d}",
            answers=_answers(unit, failed),
            today=today,
        )

    # An open hazard with its notice, filed on time (星光KTV, 第六十九条(三)).
    ktv = inspect("星光KTV", 10, failed=("art69_3",))
    hazard = services.hazard_raise(
        acting_user=officer,
        inspection=ktv,
        item_code="art69_3",
        description="包厢内未按规定设置透明观察窗，入口实名登记未落实",
        requirement="按规定设置包厢观察窗，落实顾客实名登记并留存记录",
        deadline=today + timedelta(days=5),
        warning=True,
        decided_at=_at(today - timedelta(days=10), 15),
        interviewee="星光KTV负责人",
        interview_note="约谈负责人，提出警告和整改意见",
    )
    services.hazard_file(acting_user=officer, hazard=hazard, today=today)
    # An extension waiting for the station lead (江枫宾馆, 第五十八条(四)).
    hotel = inspect("江枫宾馆", 20, failed=("art58_4",))
    hazard = services.hazard_raise(
        acting_user=officer,
        inspection=hotel,
        item_code="art58_4",
        description="前台及楼道监控损坏三处，录像保存不足三十日",
        requirement="修复监控设备，录像保存不少于三十日",
        deadline=today + timedelta(days=3),
        decided_at=_at(today - timedelta(days=20), 10),
        interviewee="江枫宾馆经理",
    )
    services.hazard_file(acting_user=officer, hazard=hazard, today=today)
    services.extension_record(
        acting_user=officer,
        hazard=hazard,
        applied_on=today - timedelta(days=1),
        requested_deadline=today + timedelta(days=20),
        reason="监控设备需厂家订货安装，书面申请延期",
        officer_opinion="经查属实，建议同意延期",
        today=today,
    )
    # A hazard re-inspected at its deadline and rectified (顺达快递江枫站, 第六十九条(三)).
    depot = inspect("顺达快递江枫站", 60, failed=("art69_3",))
    hazard = services.hazard_raise(
        acting_user=officer,
        inspection=depot,
        item_code="art69_3",
        description="未落实收寄验视和实名登记",
        requirement="落实收寄验视、实名收寄制度",
        deadline=today - timedelta(days=30),
        decided_at=_at(today - timedelta(days=60), 11),
        interviewee="站点负责人",
    )
    services.hazard_file(acting_user=officer, hazard=hazard, today=today)
    services.reinspection_record(
        acting_user=officer,
        hazard=hazard,
        reinspected_on=today - timedelta(days=30),
        assistant=assistant,
        recorder_ref=f"DSJ-{beat.code}-R1",
        result="rectified",
        situation="已落实实名收寄",
        today=today,
    )
    inspect("江枫实验小学", 40)
    return len(units)
