"""为民服务 and 关爱帮扶 indicators, computed from the records — each formula once, here, with its article and reading.

规范001 第九十三条: (一) 在规定时限内办理 — the in-time rate (overall; per type on the page); (二) posts open ≥8 hours
a working day; (三) 24-hour cover for urgent matters (the urgent in-time rate); (四) 政务服务满意度 ≥90 % ("不低于"
includes 90 %) over rated requests only. 规范003: 超时处理率 100 %. Substantiated complaints (第九十三条第二款) and
the care figures (第九十九条(一) 底数, visits done) are counts. No per-officer quota (第一百一十四条): every figure is
per beat/station/city.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone

from fengqiao.indicators import IndicatorSpec, Measure, register

from .catalogue import SATISFIED_VALUES, TYPE_CHOICES
from .models import (
    CareRecipient,
    CareVisit,
    Complaint,
    ComplaintStatus,
    PostOpening,
    RequestStatus,
    ServiceRequest,
)

ART93 = "规范001 第九十三条"


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def due_requests(unit, start: date, end: date, service_type: str | None = None):
    """Requests whose time limit ran out in the period (open ones only once it has passed), 意见建议 included."""
    since, until = _span(start, end)
    until = min(until, timezone.now())
    qs = ServiceRequest.objects.filter(scope_path__startswith=unit.path, due_at__gte=since, due_at__lt=until)
    done_early = ServiceRequest.objects.filter(
        scope_path__startswith=unit.path, done_at__gte=since, done_at__lt=until, done_at__lte=F("due_at")
    ).exclude(due_at__lt=until)
    qs = qs | done_early
    if service_type:
        qs = qs.filter(service_type=service_type)
    return qs


def in_time_rate(unit, start: date, end: date, service_type: str | None = None) -> Measure:
    qs = due_requests(unit, start, end, service_type)
    timely = qs.filter(done_at__isnull=False, done_at__lte=F("due_at")).count()
    return Measure(timely, qs.count())


def urgent_requests(unit, start: date, end: date):
    return due_requests(unit, start, end).filter(is_urgent=True)


def urgent_in_time_rate(unit, start: date, end: date) -> Measure:
    qs = urgent_requests(unit, start, end)
    return Measure(qs.filter(done_at__isnull=False, done_at__lte=F("due_at")).count(), qs.count())


def rated_requests(unit, start: date, end: date):
    since, until = _span(start, end)
    return ServiceRequest.objects.filter(
        scope_path__startswith=unit.path, rated_at__gte=since, rated_at__lt=until
    ).exclude(satisfaction="")


def satisfaction_rate(unit, start: date, end: date) -> Measure:
    qs = rated_requests(unit, start, end)
    return Measure(qs.filter(satisfaction__in=SATISFIED_VALUES).count(), qs.count())


def overdue_requests(unit, start: date, end: date):
    """Requests past their limit in the period (closed late, or still open after it)."""
    now = timezone.now()
    qs = due_requests(unit, start, end)
    return qs.filter(Q(done_at__gt=F("due_at")) | Q(done_at__isnull=True, due_at__lt=now))


def overdue_handling_rate(unit, start: date, end: date) -> Measure:
    qs = overdue_requests(unit, start, end)
    return Measure(qs.exclude(overdue_note="").count(), qs.count())


def post_days(unit, start: date, end: date):
    return PostOpening.objects.filter(scope_path__startswith=unit.path, day__gte=start, day__lte=end, is_workday=True)


def post_open_rate(unit, start: date, end: date) -> Measure:
    qs = post_days(unit, start, end)
    return Measure(qs.filter(hours__gte=8).count(), qs.count())


def substantiated_complaints(unit, start: date, end: date):
    return Complaint.objects.filter(
        scope_path__startswith=unit.path, status=ComplaintStatus.SUBSTANTIATED, decided_on__gte=start,
        decided_on__lte=end,
    )  # fmt: skip


def complaint_count(unit, start: date, end: date) -> Measure:
    return Measure(substantiated_complaints(unit, start, end).count())


def care_recipients(unit, start: date, end: date):
    return CareRecipient.objects.filter(scope_path__startswith=unit.path, since__lte=end).filter(
        Q(is_active=True) | Q(ended_on__gte=start)
    )


def care_count(unit, start: date, end: date) -> Measure:
    return Measure(care_recipients(unit, start, end).count())


def care_visits(unit, start: date, end: date):
    return CareVisit.objects.filter(scope_path__startswith=unit.path, visited_on__gte=start, visited_on__lte=end)


def care_visit_count(unit, start: date, end: date) -> Measure:
    return Measure(care_visits(unit, start, end).count())


def per_type(unit, start: date, end: date) -> list[tuple[str, str, Measure]]:
    """In-time rate per service type (第九十三条(一)), for the indicators page and the API."""
    return [(code, label, in_time_rate(unit, start, end, code)) for code, label in TYPE_CHOICES]


def month_counts(unit, start: date, end: date) -> dict:
    """The public page's monthly service figures: counts only, no person (规范003 阳光警务)."""
    since, until = _span(start, end)
    qs = ServiceRequest.objects.filter(scope_path__startswith=unit.path)
    received = qs.filter(received_at__gte=since, received_at__lt=until)
    closed = qs.filter(done_at__gte=since, done_at__lt=until).exclude(status=RequestStatus.OPEN)
    return {
        "received": received.count(),
        "closed": closed.count(),
        "in_time": closed.filter(done_at__lte=F("due_at")).count(),
        "rated": rated_requests(unit, start, end).count(),
        "satisfied": rated_requests(unit, start, end).filter(satisfaction__in=SATISFIED_VALUES).count(),
    }


SPECS = (
    IndicatorSpec(
        code="art93_1_service_in_time_rate",
        name="群众申办事项按时办结率",
        source=f"{ART93}(一)",
        compute=in_time_rate,
        target=Decimal("1"),
        reading="期内到期的群众诉求（办结时限落在期内，或提前办结的）中，办结时间不晚于时限的比例；按类型分列见指标页。",
        records=due_requests,
    ),
    IndicatorSpec(
        code="art93_3_urgent_in_time_rate",
        name="急需事项24小时办结率",
        source=f"{ART93}(三)",
        compute=urgent_in_time_rate,
        target=Decimal("1"),
        reading="标为急需的诉求中，自受理起24小时内办结的比例。",
        records=urgent_requests,
    ),
    IndicatorSpec(
        code="art93_4_satisfaction_rate",
        name="政务服务满意度",
        source=f"{ART93}(四)",
        compute=satisfaction_rate,
        target=Decimal("0.90"),
        reading="只计已评价的诉求（未评价的不计入分母）：评价为“满意”或“基本满意”的比例，不低于90%即达标。",
        records=rated_requests,
    ),
    IndicatorSpec(
        code="local003_overdue_handling_rate",
        name="超时处理率",
        source="规范003 “首问负责+限时办结+超时问责”",
        compute=overdue_handling_rate,
        target=Decimal("1"),
        reading="超过时限的诉求中已记录超时处理情况的比例；超时诉求不记录处理情况不能办结。",
        records=overdue_requests,
    ),
    IndicatorSpec(
        code="art93_2_post_open_rate",
        name="警务室每日开放不少于8小时达标率",
        source=f"{ART93}(二)",
        compute=post_open_rate,
        target=Decimal("1"),
        reading="工作日的警务室开放记录中开放不少于8小时的比例（“一般不少于每天8小时”，休息日不计）。",
        records=post_days,
        period="month",
    ),
    IndicatorSpec(
        code="art93_substantiated_complaints",
        name="不作为、慢作为、乱作为投诉属实数",
        source=f"{ART93}第二款",
        compute=complaint_count,
        unit="count",
        target=Decimal("0"),
        direction="<=",
        reading="期内调查属实的投诉数；属实的民警当年度考核不得评为优秀（见投诉页）。",
        records=substantiated_complaints,
    ),
    IndicatorSpec(
        code="art99_care_recipients",
        name="关爱帮扶对象底数",
        source="规范001 第九十八条、第九十九条(一)",
        compute=care_count,
        unit="count",
        reading="期内在帮扶（期末仍在或期内结束）的关爱帮扶对象数。",
        records=care_recipients,
    ),
    IndicatorSpec(
        code="art99_care_visits",
        name="关爱帮扶走访次数",
        source="规范001 第九十九条(二)(三)",
        compute=care_visit_count,
        unit="count",
        reading="期内记录的关爱走访（家访、预警查访）次数。",
        records=care_visits,
    ),
)
for _spec in SPECS:
    register(_spec, module="outreach")
