"""群众工作 indicators, computed from the records — each formula once, here, with its source and reading.

* 规范001 第五十二条: 收集报告数, 采用数, 采用得分 (per beat, station or city; per officer in
  ``selectors.officer_scores``). "定期通报" gives no frequency: read as monthly (``period="month"``). These are
  counts of collection work, not a case quota: no 破案/打处 figure is, or may be, among them (第一百一十四条).
* 规范002 工作情况反馈制度: share of residents' issues (within the officer's duties) fed back within a week.
* 规范001 第四十八条(三): beats with at least one 治安耳目 among their special subjects.
* 规范002 "每户一卡": households (door-level standard addresses) holding a 警民联系卡.
* 规范004 巡逻积分评定 (服务时间、次数、成效): check-ins, patrol hours, points issued and redeemed.
* 规范001 第三十五条(一) 知晓率: households asked (a questionnaire's 知晓 question, or a visit's 是否知晓) that know
  their officer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F, Max, Min, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from fengqiao.indicators import IndicatorSpec, Measure, register
from tasks.models import Task, TaskStatus

from .choices import EntryKind, InformantKind, LeadStatus
from .models import CheckIn, ContactCard, HouseholdVisit, Informant, Lead, PointsEntry, SurveyAnswer

MODULE = "leads"
FEEDBACK_OBLIGATION = "local002_resident_feedback_week"


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def _leads(unit):
    return Lead.objects.filter(scope_path__startswith=unit.path)


# ---------------------------------------------------------------- 第五十二条


def collected_leads(unit, start: date, end: date):
    """Leads collected in the period (withdrawn ones — found false — not counted)."""
    since, until = _span(start, end)
    return _leads(unit).filter(created_at__gte=since, created_at__lt=until).exclude(status=LeadStatus.WITHDRAWN)


def collected_count(unit, start, end) -> Measure:
    return Measure(collected_leads(unit, start, end).count())


def reported_leads(unit, start: date, end: date):
    since, until = _span(start, end)
    qs = _leads(unit).filter(submitted_at__gte=since, submitted_at__lt=until)
    return qs.exclude(status=LeadStatus.WITHDRAWN)


def reported_count(unit, start, end) -> Measure:
    return Measure(reported_leads(unit, start, end).count())


def adopted_leads(unit, start: date, end: date):
    """Leads adopted by the control centre in the period (judged_at), whatever happened to them since — except
    a lead later withdrawn as false."""
    since, until = _span(start, end)
    qs = _leads(unit).filter(judged_at__gte=since, judged_at__lt=until, score__gt=0)
    return qs.exclude(status__in=(LeadStatus.WITHDRAWN, LeadStatus.NOT_ADOPTED))


def adopted_count(unit, start, end) -> Measure:
    return Measure(adopted_leads(unit, start, end).count())


def adoption_score(unit, start, end) -> Measure:
    return Measure(adopted_leads(unit, start, end).aggregate(s=Sum("score"))["s"] or 0)


# ---------------------------------------------------------------- 规范002 反馈制度


def feedback_tasks(unit, start: date, end: date):
    return Task.objects.filter(
        obligation_code=FEEDBACK_OBLIGATION,
        record_type="lead",
        scope_path__startswith=unit.path,
        due_on__gte=start,
        due_on__lte=end,
    ).exclude(status=TaskStatus.CANCELLED)


def feedback_rate(unit, start, end) -> Measure:
    tasks = feedback_tasks(unit, start, end)
    timely = tasks.filter(status=TaskStatus.CLOSED, done_on__isnull=False, done_on__lte=F("due_on")).count()
    return Measure(timely, tasks.count())


# ---------------------------------------------------------------- 第四十八条(三), 规范002 每户一卡


def covert_coverage(unit, start, end) -> Measure:
    """Beats under ``unit`` with at least one active 治安耳目 among the special subjects (第四十八条(三))."""
    from org.models import OrgUnit, OrgUnitKind

    beats = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, is_active=True, path__startswith=unit.path)
    covered = (
        Informant.objects.filter(
            kind=InformantKind.COVERT, is_active=True, special_subject__isnull=False, scope_path__startswith=unit.path
        )
        .values("org_unit")
        .distinct()
        .count()
    )
    return Measure(covered, beats.count())


def card_coverage(unit, start, end) -> Measure:
    """Households (door-level standard addresses) with a 警民联系卡 (规范002 "做到每户一卡")."""
    from registry.models import Address, AddressLevel

    households = Address.objects.filter(scope_path__startswith=unit.path, level__gte=AddressLevel.DOOR)
    cards = ContactCard.objects.filter(scope_path__startswith=unit.path, address__level__gte=AddressLevel.DOOR)
    return Measure(cards.count(), households.count())


# ---------------------------------------------------------------- 规范004 巡逻积分


def checkins(unit, start: date, end: date):
    since, until = _span(start, end)
    return CheckIn.objects.filter(scope_path__startswith=unit.path, checked_at__gte=since, checked_at__lt=until)


def checkin_count(unit, start, end) -> Measure:
    return Measure(checkins(unit, start, end).count())


def patrol_hours(unit, start, end) -> Measure:
    """服务时间: per person, route and day, the time from the first check-in to the last (a single check-in counts
    nothing). A reading: no article says how patrol time is measured."""
    spans = (
        checkins(unit, start, end)
        .annotate(day=TruncDate("checked_at", tzinfo=timezone.get_current_timezone()))
        .values("user", "route", "day")
        .annotate(first=Min("checked_at"), last=Max("checked_at"))
    )
    seconds = sum((row["last"] - row["first"]).total_seconds() for row in spans)
    return Measure(Decimal(seconds / 3600).quantize(Decimal("0.1")))


def _points(unit, start, end):
    since, until = _span(start, end)
    return PointsEntry.objects.filter(scope_path__startswith=unit.path, created_at__gte=since, created_at__lt=until)


def points_issued(unit, start, end) -> Measure:
    return Measure(_points(unit, start, end).filter(points__gt=0).aggregate(s=Sum("points"))["s"] or 0)


def points_redeemed(unit, start, end) -> Measure:
    qs = _points(unit, start, end).filter(kind=EntryKind.REDEMPTION)
    return Measure(-(qs.aggregate(s=Sum("points"))["s"] or 0))


# ---------------------------------------------------------------- 第三十五条(一) 知晓率


def awareness(unit, start, end) -> Measure:
    """Answers to a questionnaire's 知晓 question, plus household visits that recorded 是否知晓 without such an
    answer (one household asked once per visit), in the period."""
    answers = SurveyAnswer.objects.filter(
        scope_path__startswith=unit.path, answered_on__range=(start, end), aware__isnull=False
    )
    visits = HouseholdVisit.objects.filter(
        scope_path__startswith=unit.path, visited_on__range=(start, end), knows_officer__isnull=False
    ).exclude(questionnaire_answers__aware__isnull=False)
    known = answers.filter(aware=True).count() + visits.filter(knows_officer=True).count()
    return Measure(known, answers.count() + visits.count())


MONTHLY = "条文称“定期通报”，未规定频次：按自然月统计和通报，可按季度查看。"

SPECS = tuple(
    register(spec, module=MODULE)
    for spec in (
        IndicatorSpec(
            "art52_collected",
            "社情民意收集数",
            "规范001 第五十二条",
            collected_count,
            unit="count",
            reading=MONTHLY + "按录入时间计，撤销（不实）的不计。",
            records=collected_leads,
        ),
        IndicatorSpec(
            "art52_reported",
            "社情民意报告数",
            "规范001 第四十九条、第五十二条",
            reported_count,
            unit="count",
            reading=MONTHLY + "按民警报告时间计。",
            records=reported_leads,
        ),
        IndicatorSpec(
            "art52_adopted",
            "社情民意采用数",
            "规范001 第五十一条、第五十二条",
            adopted_count,
            unit="count",
            reading=MONTHLY + "按基础管控中心研判采用时间计，采用后撤销（不实）的不计。",
            records=adopted_leads,
        ),
        IndicatorSpec(
            "art52_adoption_score",
            "社情民意采用得分",
            "规范001 第五十二条",
            adoption_score,
            unit="score",
            reading=MONTHLY + "每条采用线索的得分见群众工作设置（条文未规定分值）。",
            records=adopted_leads,
        ),
        IndicatorSpec(
            "local002_feedback_in_week",
            "群众反映问题一周内反馈率",
            "规范002 工作情况反馈制度",
            feedback_rate,
            reading="本期到期的反馈任务中，在到期日前（含）反馈的比例；条文未规定达标比例。",
            records=feedback_tasks,
        ),
        IndicatorSpec(
            "art48_3_covert_coverage",
            "特定对象中物建治安耳目的警务区比例",
            "规范001 第四十八条(三)",
            covert_coverage,
            target=Decimal("1"),
            period="year",
            reading="“在特定对象中物建至少一名治安耳目”：每个警务区至少一名在用耳目物建于特定对象。",
        ),
        IndicatorSpec(
            "local002_card_coverage",
            "警民联系卡发放率（每户一卡）",
            "规范002 警民联系制度",
            card_coverage,
            target=Decimal("1"),
            period="year",
            reading="“做到每户一卡”：以门牌级及以下标准地址为户，已发卡户数/户数。",
        ),
        IndicatorSpec(
            "local004_checkins",
            "巡逻签到次数",
            "规范004 巡逻积分评定制度",
            checkin_count,
            unit="count",
            reading="志愿者、网格员在必到点的签到次数（重复提交只计一次）。",
            records=checkins,
        ),
        IndicatorSpec(
            "local004_patrol_hours",
            "巡逻服务时长",
            "规范004 巡逻积分评定制度",
            patrol_hours,
            unit="hours",
            reading="每人每条路线每天首次至末次签到的时长之和（条文未规定计法）。",
        ),
        IndicatorSpec(
            "art35_1_awareness",
            "社区民警知晓率",
            "规范001 第三十五条(一)",
            awareness,
            period="year",
            reading="问卷中回答“知晓”的户数与入户走访登记“知晓”的户数之和 / 被询问户数（同一走访有答卷的以答卷为准）；"
            "达标线随民警任职年限而定（满一年60%，满两年80%），故不设统一目标。",
        ),
        IndicatorSpec("local004_points_issued", "发放积分", "规范004 积分超市", points_issued, unit="count"),
        IndicatorSpec("local004_points_redeemed", "兑换积分", "规范004 积分超市", points_redeemed, unit="count"),
    )
)
SPEC_BY_CODE = {s.code: s for s in SPECS}
