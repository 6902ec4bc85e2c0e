"""Casework indicators, computed from the records — each formula once, here, with its article and reading.

规范001 第七十六条: (一) 干预化解的矛盾纠纷及时了解和跟进回访率 ≥95 %; (二) 辖区重复矛盾纠纷发现标注率 ≥95 %;
(三) 特定对象发现标注率 ≥95 % ("以上" includes the number, 第一百二十五条). Plus the two figures 规范004 reports:
the mediation success rate (182 of 231) and the count of 民转刑-prone disputes mediated (61), with no target.

``compute(unit, start, end)`` counts the unit's org subtree over the days ``start``..``end``; ``records`` gives
the rows behind the denominator for drill-down. Pages and the API show them per beat/station/city under scope
(``casework.selectors.indicator_table``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from fengqiao.indicators import IndicatorSpec, Measure, register
from subjects.models import LIVE_STATUSES, SpecialSubject
from tasks.models import Task, TaskStatus

from .choices import MEDIATION_KINDS, CandidateStatus, Outcome
from .models import Dispute, DisputeAction, DisputeParty, RepeatCandidate

TARGET = Decimal("0.95")
FOLLOW_UP_OBLIGATION = "art75_dispute_follow_up"


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def _disputes(unit, start: date, end: date):
    since, until = _span(start, end)
    return Dispute.objects.filter(scope_path__startswith=unit.path, reported_at__gte=since, reported_at__lt=until)


# ---------------------------------------------------------------- (一) follow-up


def follow_up_tasks(unit, start: date, end: date):
    """The dispute follow-up tasks due in the period (withdrawn or no-longer-applicable ones not counted)."""
    return Task.objects.filter(
        obligation_code=FOLLOW_UP_OBLIGATION,
        record_type="dispute",
        scope_path__startswith=unit.path,
        due_on__gte=start,
        due_on__lte=end,
    ).exclude(status=TaskStatus.CANCELLED)


def follow_up_rate(unit, start: date, end: date) -> Measure:
    tasks = follow_up_tasks(unit, start, end)
    timely = tasks.filter(status=TaskStatus.CLOSED, done_on__isnull=False, done_on__lte=F("due_on")).count()
    return Measure(timely, tasks.count())


# ---------------------------------------------------------------- (二) repeats


def repeat_disputes(unit, start: date, end: date):
    """Disputes of the period that are repeats: marked (``repeat_of``), or with a proposal still undecided."""
    pending = RepeatCandidate.objects.filter(dispute=OuterRef("pk"), status=CandidateStatus.PENDING)
    return _disputes(unit, start, end).filter(Q(repeat_of__isnull=False) | Exists(pending))


def repeat_marking_rate(unit, start: date, end: date) -> Measure:
    qs = repeat_disputes(unit, start, end)
    return Measure(qs.filter(repeat_of__isnull=False).count(), qs.count())


# ---------------------------------------------------------------- (三) special subjects


def concern_parties(unit, start: date, end: date):
    """Parties of the period's disputes who fall in a category of 第七十五条第二款 (the officer said so)."""
    since, until = _span(start, end)
    return DisputeParty.objects.filter(
        scope_path__startswith=unit.path,
        dispute__reported_at__gte=since,
        dispute__reported_at__lt=until,
    ).exclude(subject_concern="")


def subject_marking_rate(unit, start: date, end: date) -> Measure:
    parties = concern_parties(unit, start, end)
    live = SpecialSubject.objects.filter(
        resident=OuterRef("resident"), category=OuterRef("subject_concern"), status__in=LIVE_STATUSES
    )
    marked = parties.filter(Q(marking__isnull=False) | Exists(live)).count()
    return Measure(marked, parties.count())


# ---------------------------------------------------------------- 规范004 figures


def mediation_attempts(unit, start: date, end: date):
    since, until = _span(start, end)
    return DisputeAction.objects.filter(
        scope_path__startswith=unit.path,
        kind__in=MEDIATION_KINDS,
        outcome__in=[Outcome.SUCCESS, Outcome.FAILURE],
        done_at__gte=since,
        done_at__lt=until,
    )


def mediation_success_rate(unit, start: date, end: date) -> Measure:
    attempts = mediation_attempts(unit, start, end)
    return Measure(attempts.filter(outcome=Outcome.SUCCESS).count(), attempts.count())


def civil_to_criminal_mediated(unit, start: date, end: date):
    success = mediation_attempts(unit, start, end).filter(outcome=Outcome.SUCCESS, dispute=OuterRef("pk"))
    mediated = Dispute.objects.filter(scope_path__startswith=unit.path).filter(Exists(success))
    # Reasons are a JSON list; read them here rather than with a JSON lookup SQLite (the demo) lacks.
    pks = [pk for pk, reasons in mediated.values_list("pk", "risk_reasons") if "civil_to_criminal" in (reasons or ())]
    return Dispute.objects.filter(pk__in=pks)


def civil_to_criminal_count(unit, start: date, end: date) -> Measure:
    return Measure(civil_to_criminal_mediated(unit, start, end).count())


ART76 = "规范001 第七十六条"
SPECS = (
    IndicatorSpec(
        code="art76_1_dispute_follow_up_rate",
        name="干预化解的矛盾纠纷及时了解和跟进回访率",
        source=f"{ART76}(一)",
        compute=follow_up_rate,
        target=TARGET,
        reading=(
            "期内到期的矛盾纠纷跟进回访任务（规则 art75_dispute_follow_up，撤销或纠纷化解后不再适用的不计）中，"
            "回访日期不晚于到期日的比例。"
        ),
        records=follow_up_tasks,
    ),
    IndicatorSpec(
        code="art76_2_repeat_dispute_marking_rate",
        name="辖区重复矛盾纠纷发现标注率",
        source=f"{ART76}(二)",
        compute=repeat_marking_rate,
        target=TARGET,
        reading=(
            "期内接报的重复矛盾纠纷（民警已标注的，加上系统提示疑似重复而未确认也未排除的）中，已标注重复的比例；"
            "民警排除的疑似重复不属于重复纠纷。"
        ),
        records=repeat_disputes,
    ),
    IndicatorSpec(
        code="art76_3_subject_marking_rate",
        name="特定对象发现标注率",
        source=f"{ART76}(三)、第七十五条第二款",
        compute=subject_marking_rate,
        target=TARGET,
        reading=(
            "期内接报纠纷中被民警认定为扬言报复、家庭暴力加害人、严重不良行为未成年人或肇事肇祸精神病人的当事人中，"
            "已申请标注（待审批或在管）为相应类别特定对象的比例。"
        ),
        records=concern_parties,
    ),
    IndicatorSpec(
        code="casework_mediation_success_rate",
        name="矛盾纠纷调解成功率",
        source="规范004（受理纠纷231起，有效解决182起）",
        compute=mediation_success_rate,
        reading="期内有结果的调处、调解（现场调处、人民调解、专业调解、治安调解、调解员调解）中调解成功的比例；不设目标。",
        records=mediation_attempts,
    ),
    IndicatorSpec(
        code="casework_civil_to_criminal_mediated",
        name="调解“民转刑”易发矛盾纠纷数",
        source="规范004（调解“民转刑”易发矛盾61起）、规范001 第七十四条(三)",
        compute=civil_to_criminal_count,
        unit="count",
        reading="标注“可能导致民转刑”风险、期内调解成功的纠纷数。",
        records=civil_to_criminal_mediated,
    ),
)
for _spec in SPECS:
    register(_spec, module="casework")
