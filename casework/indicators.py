"""Casework indicators, computed from the records — each formula once, here, with its article and reading.

Incidents: 规范001 第八十一条 (一) 有现场案件规定时限内到场率, (二) 基本情况核实率, (三) 受害人或者当事人回访率, each
≥95 %; 第三十条(三) 实有人口信息案前采集率 ≥90 %, foreigners ≥95 %. No 破案率, 打处 or case quota is declared here or
anywhere (第七十七条第三款, 第一百一十四条; fengqiao.E001 refuses one).

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

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from fengqiao.indicator_groups import counts, grouped, ratios, roll_up, within
from fengqiao.indicators import IndicatorSpec, Measure, register
from org.models import path_prefixes
from subjects.models import LIVE_STATUSES, SpecialSubject
from tasks.models import Task, TaskStatus

from .choices import MEDIATION_KINDS, CandidateStatus, IncidentKind, Outcome
from .limits import arrival_code
from .models import Dispute, DisputeAction, DisputeParty, Incident, IncidentPerson, RepeatCandidate

TARGET = Decimal("0.95")
FOLLOW_UP_OBLIGATION = "art75_dispute_follow_up"


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def _disputes(unit, start: date, end: date):
    return _period_disputes(start, end).filter(scope_path__startswith=unit.path)


def _period_disputes(start: date, end: date):
    since, until = _span(start, end)
    return Dispute.objects.filter(reported_at__gte=since, reported_at__lt=until)


# ---------------------------------------------------------------- (一) follow-up


def _follow_up_tasks(start: date, end: date):
    return Task.objects.filter(
        obligation_code=FOLLOW_UP_OBLIGATION, record_type="dispute", due_on__gte=start, due_on__lte=end
    ).exclude(status=TaskStatus.CANCELLED)


def follow_up_tasks(unit, start: date, end: date):
    """The dispute follow-up tasks due in the period (withdrawn or no-longer-applicable ones not counted)."""
    return _follow_up_tasks(start, end).filter(scope_path__startswith=unit.path)


FOLLOW_UP_TIMELY = Q(status=TaskStatus.CLOSED, done_on__isnull=False, done_on__lte=F("due_on"))


def follow_up_rate(unit, start: date, end: date) -> Measure:
    tasks = follow_up_tasks(unit, start, end)
    return Measure(tasks.filter(FOLLOW_UP_TIMELY).count(), tasks.count())


def follow_up_rates(units, start: date, end: date) -> dict[str, Measure]:
    sums = grouped(_follow_up_tasks(start, end), units, n=Count("pk", filter=FOLLOW_UP_TIMELY), d=Count("pk"))
    return ratios(units, sums)


# ---------------------------------------------------------------- (二) repeats


def _repeat_disputes(start: date, end: date):
    pending = RepeatCandidate.objects.filter(dispute=OuterRef("pk"), status=CandidateStatus.PENDING)
    return _period_disputes(start, end).filter(Q(repeat_of__isnull=False) | Exists(pending))


def repeat_disputes(unit, start: date, end: date):
    """Disputes of the period that are repeats: marked (``repeat_of``), or with a proposal still undecided."""
    return _repeat_disputes(start, end).filter(scope_path__startswith=unit.path)


def repeat_marking_rate(unit, start: date, end: date) -> Measure:
    qs = repeat_disputes(unit, start, end)
    return Measure(qs.filter(repeat_of__isnull=False).count(), qs.count())


def repeat_marking_rates(units, start: date, end: date) -> dict[str, Measure]:
    marked = Count("pk", filter=Q(repeat_of__isnull=False))
    return ratios(units, grouped(_repeat_disputes(start, end), units, n=marked, d=Count("pk")))


# ---------------------------------------------------------------- (三) special subjects


def _concern_parties(start: date, end: date):
    since, until = _span(start, end)
    return DisputeParty.objects.filter(dispute__reported_at__gte=since, dispute__reported_at__lt=until).exclude(
        subject_concern=""
    )


def concern_parties(unit, start: date, end: date):
    """Parties of the period's disputes who fall in a category of 第七十五条第二款 (the officer said so)."""
    return _concern_parties(start, end).filter(scope_path__startswith=unit.path)


def _subject_marked() -> Q:
    live = SpecialSubject.objects.filter(
        resident=OuterRef("resident"), category=OuterRef("subject_concern"), status__in=LIVE_STATUSES
    )
    return Q(marking__isnull=False) | Q(Exists(live))


def subject_marking_rate(unit, start: date, end: date) -> Measure:
    parties = concern_parties(unit, start, end)
    return Measure(parties.filter(_subject_marked()).count(), parties.count())


def subject_marking_rates(units, start: date, end: date) -> dict[str, Measure]:
    sums = grouped(_concern_parties(start, end), units, n=Count("pk", filter=_subject_marked()), d=Count("pk"))
    return ratios(units, sums)


# ---------------------------------------------------------------- 规范004 figures


def _mediation_attempts(start: date, end: date):
    since, until = _span(start, end)
    return DisputeAction.objects.filter(
        kind__in=MEDIATION_KINDS,
        outcome__in=[Outcome.SUCCESS, Outcome.FAILURE],
        done_at__gte=since,
        done_at__lt=until,
    )


def mediation_attempts(unit, start: date, end: date):
    return _mediation_attempts(start, end).filter(scope_path__startswith=unit.path)


def mediation_success_rate(unit, start: date, end: date) -> Measure:
    attempts = mediation_attempts(unit, start, end)
    return Measure(attempts.filter(outcome=Outcome.SUCCESS).count(), attempts.count())


def mediation_success_rates(units, start: date, end: date) -> dict[str, Measure]:
    success = Count("pk", filter=Q(outcome=Outcome.SUCCESS))
    return ratios(units, grouped(_mediation_attempts(start, end), units, n=success, d=Count("pk")))


def civil_to_criminal_mediated(unit, start: date, end: date):
    success = mediation_attempts(unit, start, end).filter(outcome=Outcome.SUCCESS, dispute=OuterRef("pk"))
    mediated = Dispute.objects.filter(scope_path__startswith=unit.path).filter(Exists(success))
    # Reasons are a JSON list; read them here rather than with a JSON lookup SQLite (the demo) lacks.
    pks = [pk for pk, reasons in mediated.values_list("pk", "risk_reasons") if "civil_to_criminal" in (reasons or ())]
    return Dispute.objects.filter(pk__in=pks)


def civil_to_criminal_count(unit, start: date, end: date) -> Measure:
    return Measure(civil_to_criminal_mediated(unit, start, end).count())


def civil_to_criminal_counts(units, start: date, end: date) -> dict[str, Measure]:
    """As ``civil_to_criminal_count`` for each unit: a dispute counts for a unit when both it and one of its
    successful mediations of the period lie in the unit's subtree."""
    wanted = {u.path for u in units}
    found: dict[str, set[int]] = {}
    rows = (
        _mediation_attempts(start, end)
        .filter(within(units), outcome=Outcome.SUCCESS)
        .values_list("dispute_id", "scope_path", "dispute__scope_path", "dispute__risk_reasons")
    )
    for pk, action_path, dispute_path, reasons in rows:
        if "civil_to_criminal" not in (reasons or ()):
            continue
        both = set(path_prefixes(action_path or "")) & set(path_prefixes(dispute_path or "")) & wanted
        for path in both:
            found.setdefault(path, set()).add(pk)
    return counts(units, {path: [len(pks)] for path, pks in found.items()})


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


# ---------------------------------------------------------------- incidents (第八十一条, 第三十条(三))

INCIDENT_FOLLOW_UPS = (
    "art80_incident_follow_up_filed",
    "art80_incident_follow_up_closed",
    "local002_incident_follow_up_3_days",
    "art77_no_scene_contact_follow_up",
)
PRE_CASE_TARGET = Decimal("0.90")
PRE_CASE_FOREIGN_TARGET = Decimal("0.95")


def _incidents(unit, start: date, end: date):
    return _period_incidents(start, end).filter(scope_path__startswith=unit.path)


def _period_incidents(start: date, end: date):
    since, until = _span(start, end)
    return Incident.objects.filter(reported_at__gte=since, reported_at__lt=until)


def arrival_cases(unit, start: date, end: date):
    """Incidents of the period with a scene whose kind has an arrival limit set for their beat (a kind with no
    limit set is not measured: 第八十一条(一) gives no number, casework.limits)."""
    from .services.common import limit_value

    rows = _incidents(unit, start, end).filter(has_scene=True).select_related("beat")
    limits: dict[tuple[int, str], int | None] = {}
    measured = []
    for incident in rows:
        key = (incident.beat_id, incident.kind)
        if key not in limits:
            limits[key] = limit_value(arrival_code(incident.kind), incident.beat)
        if limits[key] is not None:
            incident.arrival_limit = limits[key]
            measured.append(incident)
    return measured


def arrived_in_time(incident) -> bool:
    start = incident.dispatched_at or incident.reported_at
    return incident.arrived_at is not None and incident.arrived_at <= start + timedelta(minutes=incident.arrival_limit)


def arrival_rate(unit, start: date, end: date) -> Measure:
    cases = arrival_cases(unit, start, end)
    return Measure(sum(1 for i in cases if arrived_in_time(i)), len(cases))


def arrival_rates(units, start: date, end: date) -> dict[str, Measure]:
    """As ``arrival_rate`` for each unit: the limits of every (beat, kind) in one query, the incidents in one."""
    from .services.common import limit_values

    codes = [arrival_code(kind) for kind, _label in IncidentKind.choices]
    rows = list(
        _period_incidents(start, end)
        .filter(within(units), has_scene=True)
        .values_list("scope_path", "beat__path", "kind", "dispatched_at", "reported_at", "arrived_at")
    )
    limits = limit_values(codes, {beat_path for _p, beat_path, *_rest in rows}) if rows else {}
    measured = []
    for path, beat_path, kind, dispatched_at, reported_at, arrived_at in rows:
        limit = limits.get((arrival_code(kind), beat_path))
        if limit is not None:
            start_at = dispatched_at or reported_at
            on_time = arrived_at is not None and arrived_at <= start_at + timedelta(minutes=limit)
            measured.append((path, (int(on_time), 1)))
    return ratios(units, roll_up(units, measured))


def arrival_records(unit, start: date, end: date):
    return Incident.objects.filter(pk__in=[i.pk for i in arrival_cases(unit, start, end)])


def people_involved(unit, start: date, end: date):
    return _people_involved(start, end).filter(scope_path__startswith=unit.path)


def _people_involved(start: date, end: date):
    since, until = _span(start, end)
    return IncidentPerson.objects.filter(incident__reported_at__gte=since, incident__reported_at__lt=until)


def verification_rate(unit, start: date, end: date) -> Measure:
    people = people_involved(unit, start, end)
    return Measure(people.filter(verified=True).count(), people.count())


def verification_rates(units, start: date, end: date) -> dict[str, Measure]:
    verified = Count("pk", filter=Q(verified=True))
    return ratios(units, grouped(_people_involved(start, end), units, n=verified, d=Count("pk")))


def _incident_follow_up_tasks(start: date, end: date):
    return Task.objects.filter(
        obligation_code__in=INCIDENT_FOLLOW_UPS, record_type="incident", due_on__gte=start, due_on__lte=end
    ).exclude(status=TaskStatus.CANCELLED)


def incident_follow_up_tasks(unit, start: date, end: date):
    return _incident_follow_up_tasks(start, end).filter(scope_path__startswith=unit.path)


INCIDENT_FOLLOW_UP_DONE = Q(status=TaskStatus.CLOSED, done_on__isnull=False)


def incident_follow_up_rate(unit, start: date, end: date) -> Measure:
    tasks = incident_follow_up_tasks(unit, start, end)
    return Measure(tasks.filter(INCIDENT_FOLLOW_UP_DONE).count(), tasks.count())


def incident_follow_up_rates(units, start: date, end: date) -> dict[str, Measure]:
    done = Count("pk", filter=INCIDENT_FOLLOW_UP_DONE)
    return ratios(units, grouped(_incident_follow_up_tasks(start, end), units, n=done, d=Count("pk")))


PRE_CASE = Q(resident__isnull=False, resident__created_at__lt=F("incident__reported_at"))


def _pre_case(people) -> Measure:
    return Measure(people.filter(PRE_CASE).count(), people.count())


def pre_case_collection_rate(unit, start: date, end: date) -> Measure:
    return _pre_case(people_involved(unit, start, end))


def pre_case_collection_rates(units, start: date, end: date) -> dict[str, Measure]:
    before = Count("pk", filter=PRE_CASE)
    return ratios(units, grouped(_people_involved(start, end), units, n=before, d=Count("pk")))


def pre_case_foreign_rates(units, start: date, end: date) -> dict[str, Measure]:
    before = Count("pk", filter=PRE_CASE)
    people = _people_involved(start, end).filter(is_foreign=True)
    return ratios(units, grouped(people, units, n=before, d=Count("pk")))


def foreign_people_involved(unit, start: date, end: date):
    return people_involved(unit, start, end).filter(is_foreign=True)


def pre_case_foreign_rate(unit, start: date, end: date) -> Measure:
    return _pre_case(foreign_people_involved(unit, start, end))


ART81 = "规范001 第八十一条"
INCIDENT_SPECS = (
    IndicatorSpec(
        code="art81_1_arrival_in_time_rate",
        name="有现场案件规定时限内到场率",
        source=f"{ART81}(一)",
        compute=arrival_rate,
        target=TARGET,
        reading=(
            "期内接报、有现场的案事件中，自推送（无推送的自接报）时起在派出所设定的该类别到场时限内登记到场的比例；"
            "未登记到场的计为未按时到场；所在派出所（或其上级）未设定到场时限的类别不计入（条文未给出时限，不预设默认值）。"
        ),
        records=arrival_records,
    ),
    IndicatorSpec(
        code="art81_2_person_verification_rate",
        name="涉案人或者当事人及其关系人基本情况核实率",
        source=f"{ART81}(二)、第七十九条(三)",
        compute=verification_rate,
        target=TARGET,
        reading="期内接报案事件的受害人、涉案人、当事人和关系人中，已核实基本情况的比例。",
        records=people_involved,
    ),
    IndicatorSpec(
        code="art81_3_follow_up_rate",
        name="受害人或者当事人回访率",
        source=f"{ART81}(三)、第八十条",
        compute=incident_follow_up_rate,
        target=TARGET,
        reading=(
            "期内到期的案事件回访任务（立案后一周内、结案后、无现场案件联系回访，及启用时的规范002三日内回访；"
            "撤销的不计）中，已回访完成的比例。"
        ),
        records=incident_follow_up_tasks,
    ),
    IndicatorSpec(
        code="art30_3_pre_case_collection_rate",
        name="实有人口信息案前采集率",
        source="规范001 第三十条(三)",
        compute=pre_case_collection_rate,
        target=PRE_CASE_TARGET,
        reading=(
            "期内接报案事件的涉案人员（受害人、涉案人、当事人、关系人）中，接报前已登记为实有人口的比例；"
            "案后才采集或未登记的不计入分子。"
        ),
        records=people_involved,
    ),
    IndicatorSpec(
        code="art30_3_pre_case_foreign_rate",
        name="外国人案前采集率",
        source="规范001 第三十条(三)",
        compute=pre_case_foreign_rate,
        target=PRE_CASE_FOREIGN_TARGET,
        reading="同上，只计境外人员（实有人口类型为境外人员，或未登记而民警标注为境外人员的）。",
        records=foreign_people_involved,
    ),
)

for _spec in SPECS + INCIDENT_SPECS:
    register(_spec, module="casework")

# Each figure for many units at once, in a fixed number of queries (issue 11): the same numbers as ``compute``
# run unit by unit (casework/tests/test_indicator_queries.py compares them).
FOR_UNITS = {
    "art76_1_dispute_follow_up_rate": follow_up_rates,
    "art76_2_repeat_dispute_marking_rate": repeat_marking_rates,
    "art76_3_subject_marking_rate": subject_marking_rates,
    "casework_mediation_success_rate": mediation_success_rates,
    "casework_civil_to_criminal_mediated": civil_to_criminal_counts,
    "art81_1_arrival_in_time_rate": arrival_rates,
    "art81_2_person_verification_rate": verification_rates,
    "art81_3_follow_up_rate": incident_follow_up_rates,
    "art30_3_pre_case_collection_rate": pre_case_collection_rates,
    "art30_3_pre_case_foreign_rate": pre_case_foreign_rates,
}


def for_units(spec: IndicatorSpec, units, start: date, end: date) -> dict[str, Measure]:
    """``{unit.path: Measure}`` for every unit: grouped where FOR_UNITS has the figure, else unit by unit."""
    if not units:
        return {}
    grouped = FOR_UNITS.get(spec.code)
    if grouped is not None:
        return grouped(units, start, end)
    return {unit.path: spec.compute(unit, start, end) for unit in units}
