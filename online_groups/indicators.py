"""云格 indicators — each formula once, here, labelled a reading (解读): our copy of 规范000 stops at §7.2.2, so
§9 评价与考核 gives no indicator or threshold. Targets below are the readings' defaults (catalogue.NUMBERS
``in_clock_target``; 1+2+2+N and nicknames: every group). No per-officer quota: every figure is per unit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import F

from fengqiao.indicators import IndicatorSpec, Measure, register

from . import selectors
from .catalogue import TargetStatus
from .models import BroadcastTarget

READ = "（解读：规范000缺§9评价与考核）"


def in_clock_rate(unit, start: date, end: date) -> Measure:
    qs = selectors.clocked_requests(unit, start, end)
    timely = qs.filter(acknowledged_at__isnull=False, acknowledged_at__lte=F("respond_by")).count()
    return Measure(timely, qs.count())


def composition_rate(unit, start: date, end: date) -> Measure:
    qs = selectors.active_groups(unit)
    return Measure(qs.filter(composition_ok=True).count(), qs.count())


def nickname_rate(unit, start: date, end: date) -> Measure:
    qs = selectors.active_groups(unit)
    return Measure(qs.filter(nickname_ok=True).count(), qs.count())


def coverage_rate(unit, start: date, end: date) -> Measure:
    covered, beats = selectors.beat_coverage(unit)
    return Measure(covered, beats)


def delivered(unit, start: date, end: date):
    since, until = selectors.span(start, end)
    return BroadcastTarget.objects.filter(
        scope_path__startswith=unit.path, status=TargetStatus.SENT, updated_at__gte=since, updated_at__lt=until
    )


def delivered_count(unit, start: date, end: date) -> Measure:
    return Measure(delivered(unit, start, end).count())


SPECS = (
    IndicatorSpec(
        code="yunge_first_response_in_clock_rate",
        name="云格首次响应及时率",
        source="规范000 §5.2",
        compute=in_clock_rate,
        target=Decimal("0.90"),
        reading="期内收到、首次响应时限已到（或已回复）的云格群众诉求中，民警在时限内首次回复的比例；"
        "各类别时限见云格设置，达标线90%" + READ,
        records=selectors.clocked_requests,
    ),
    IndicatorSpec(
        code="yunge_composition_rate",
        name="云格群组“1+2+2+N”配置合规率",
        source="规范000 §4.1、§4.2.4",
        compute=composition_rate,
        target=Decimal("1"),
        reading="在用群组中，按本系统人员信息核对“1名社区民警、1名派出所非社区民警、1名分局机关民警、2名社区专职辅警”"
        "和本所企业微信账号均在群的比例（期末状态）" + READ,
        records=lambda unit, start, end: selectors.active_groups(unit),
    ),
    IndicatorSpec(
        code="yunge_nickname_rate",
        name="云格群组昵称规范率",
        source="规范000 §7.2.1",
        compute=nickname_rate,
        target=Decimal("1"),
        reading="在用群组中，所有云格警务人员群昵称均为“单位-姓名-电话号码”且与人员信息一致的群组比例（期末状态）"
        + READ,
        records=lambda unit, start, end: selectors.active_groups(unit),
    ),
    IndicatorSpec(
        code="yunge_beat_coverage_rate",
        name="云格群组警务区覆盖率",
        source="规范000 §3",
        compute=coverage_rate,
        target=Decimal("1"),
        reading="有在用云格群组（登记在警务区或其下社区、网格）的警务区占全部警务区的比例（期末状态）" + READ,
    ),
    IndicatorSpec(
        code="yunge_broadcast_delivered",
        name="云格宣传群发送达数",
        source="规范000 §4.2.1、§4.2.4",
        compute=delivered_count,
        unit="count",
        reading="期内企业微信报告已送达的宣传群发（按群计）" + READ,
        records=delivered,
    ),
)
for _spec in SPECS:
    register(_spec, module="online_groups")
