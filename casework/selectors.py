"""Reads of casework, always through the user's data scope.

An incident is visible to the subtree of its beat (``Incident.objects.visible_to``); the people involved through
it. A dispute is visible to the subtree of its lead beat (事发地) and, read-only, to the subtrees of its assisting
beats (现住地、户籍地, 第七十四条); whoever may write it is decided by ``dispute_may_write``. A mediator sees only
the hand-overs made to them (规范004), never the dispute list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.roles import Perm
from accounts.scope import path_covered, scope_prefixes
from fengqiao.indicators import CATALOGUE, IndicatorSpec, Measure
from org.models import OrgUnit, OrgUnitKind
from rules.calendar import period_bounds
from tasks.models import OPEN_STATUSES, Task

from .choices import (
    PUSHED_SOURCES,
    TIME_BANDS,
    CandidateStatus,
    DisputeStatus,
    HandoverStatus,
    IncidentStatus,
    time_band,
)
from .indicators import for_units
from .models import (
    Dispute,
    DisputeAssist,
    Incident,
    IncidentPerson,
    LocalLimit,
    MediationAgreement,
    MediationHandover,
    Mediator,
    RepeatCandidate,
)

MAX_INDICATOR_ROWS = 200
# The follow-up rows of incidents whose overdue task marks the incident "回访逾期" in the list.
INCIDENT_FOLLOW_UP_OBLIGATIONS = (
    "art80_incident_follow_up_filed",
    "art80_incident_follow_up_closed",
    "local002_incident_follow_up_3_days",
    "art77_no_scene_contact_follow_up",
)


def _path_condition(prefixes: list[str], lookup: str) -> Q:
    condition = Q()
    for prefix in prefixes:
        condition |= Q(**{f"{lookup}__startswith": prefix})
    return condition


def _overdue_follow_up(today: date):
    return Task.objects.filter(record_type="dispute", record_id=_str_pk(), status__in=OPEN_STATUSES, due_on__lt=today)


def _str_pk():
    from django.db.models import CharField
    from django.db.models.functions import Cast

    return Cast(OuterRef("pk"), CharField())


def disputes_visible(user, perm: str = Perm.VIEW_DISPUTES):
    """Disputes whose lead beat or one of whose assisting beats is in the user's scope for ``perm``."""
    prefixes = scope_prefixes(user, perm)
    if not prefixes:
        return Dispute.objects.none()
    assisting = DisputeAssist.objects.filter(_path_condition(prefixes, "unit__path"), dispute=OuterRef("pk"))
    return Dispute.objects.filter(_path_condition(prefixes, "scope_path") | Q(Exists(assisting)))


def dispute_list(*, user, filters: dict | None = None, today: date | None = None):
    """Filters: q (summary/place/party name), domain, risk_level, status, repeat (yes/no/pending), within
    (station/beat), overdue (follow-up overdue)."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = disputes_visible(user).select_related("beat")
    if domain := filters.get("domain"):
        qs = qs.filter(domain=domain)
    if risk := filters.get("risk_level"):
        qs = qs.filter(risk_level=risk)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    repeat = filters.get("repeat")
    pending = RepeatCandidate.objects.filter(dispute=OuterRef("pk"), status=CandidateStatus.PENDING)
    qs = qs.annotate(has_pending_repeat=Exists(pending), has_overdue=Exists(_overdue_follow_up(today)))
    if repeat == "yes":
        qs = qs.filter(repeat_of__isnull=False)
    elif repeat == "pending":
        qs = qs.filter(has_pending_repeat=True)
    elif repeat == "no":
        qs = qs.filter(repeat_of__isnull=True, has_pending_repeat=False)
    if within := filters.get("within"):
        qs = qs.filter(scope_path__startswith=within.path)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(summary__icontains=q) | Q(place_text__icontains=q) | Q(parties__name__icontains=q)).distinct()
    if filters.get("overdue"):
        qs = qs.filter(has_overdue=True)
    return qs.order_by("-reported_at", "-pk")


def dispute_get(*, user, pk) -> Dispute:
    return disputes_visible(user).select_related("beat", "address", "repeat_of", "recorded_by").get(pk=pk)


def dispute_may_write(user, dispute: Dispute) -> bool:
    return path_covered(user, dispute.beat.path, Perm.RECORD_DISPUTES)


def dispute_tasks(dispute: Dispute, *, open_only: bool = False):
    """The dispute's standing tasks, with those of its agreements (报所)."""
    agreements = [str(pk) for pk in dispute.agreements.values_list("pk", flat=True)]
    qs = Task.objects.filter(
        Q(record_type="dispute", record_id=dispute.record_id)
        | Q(record_type="mediation_agreement", record_id__in=agreements)
    ).select_related("template")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("due_on", "id")


def dispute_obligations(dispute: Dispute, *, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    return [
        {"task": t, "due_on": t.due_on, "due_at": t.due_at, "overdue": t.due_on < today, "title": t.title}
        for t in dispute_tasks(dispute, open_only=True)
    ]


def dispute_timeline(dispute: Dispute) -> list:
    return list(dispute.actions.select_related("recorded_by").order_by("-done_at", "-id"))


def repeat_candidates_of(dispute: Dispute):
    return dispute.repeat_candidates.select_related("earlier", "earlier__beat").order_by("-earlier__reported_at")


def repeat_choices(*, user, dispute: Dispute):
    """Earlier disputes the officer may mark this one a repeat of (in their scope, before it): the 50 latest. Not a
    sliced queryset — a form's choice field filters it to check the pick, which a slice refuses."""
    earlier = disputes_visible(user).filter(reported_at__lt=dispute.reported_at).order_by("-reported_at", "-id")
    return earlier.filter(pk__in=earlier.values("pk")[:50]).order_by("-reported_at", "-id")


def agreement_get(*, user, pk) -> MediationAgreement:
    return MediationAgreement.objects.filter(dispute__in=disputes_visible(user)).select_related("dispute").get(pk=pk)


def candidate_get(*, user, pk) -> RepeatCandidate:
    return RepeatCandidate.objects.filter(dispute__in=disputes_visible(user)).select_related("dispute").get(pk=pk)


# ---------------------------------------------------------------- mediators and hand-overs


def mediator_list(*, user, filters: dict | None = None, perm: str = Perm.VIEW_DISPUTES):
    filters = filters or {}
    qs = Mediator.objects.visible_to(user, perm=perm).select_related("org_unit", "user")
    if filters.get("active_only", True):
        qs = qs.filter(is_active=True)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(organization__icontains=q) | Q(speciality__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if tag := filters.get("tag"):
        qs = qs.filter(pk__in=[m.pk for m in qs if tag in (m.tags or [])])
    return qs.order_by("scope_path", "name", "pk")


def mediator_get(*, user, pk, perm: str = Perm.VIEW_DISPUTES) -> Mediator:
    return Mediator.objects.visible_to(user, perm=perm).select_related("org_unit").get(pk=pk)


def mediators_for(dispute: Dispute):
    """The active mediators of the pools above the dispute's beat (its station's, its bureau's, the city's)."""
    return Mediator.objects.filter(is_active=True, org_unit__path__in=_ancestor_paths(dispute.beat)).order_by(
        "name", "pk"
    )


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    return [*unit.ancestor_paths(), unit.path]


def my_handovers(*, user, filters: dict | None = None):
    """调解员: the hand-overs made to them (through their account), in their role's scope — nothing else."""
    filters = filters or {}
    prefixes = scope_prefixes(user, Perm.MEDIATE_DISPUTES)
    if not prefixes:
        return MediationHandover.objects.none()
    qs = MediationHandover.objects.filter(
        _path_condition(prefixes, "mediator__scope_path"), mediator__user=user
    ).select_related("dispute", "dispute__beat", "mediator")
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    return qs.order_by("-handed_at", "-pk")


def my_handover_get(*, user, pk) -> MediationHandover:
    return my_handovers(user=user).get(pk=pk)


def handover_list(*, user, filters: dict | None = None):
    """Hand-overs of the disputes the user may see (officers, leads)."""
    filters = filters or {}
    qs = MediationHandover.objects.filter(dispute__in=disputes_visible(user)).select_related(
        "dispute", "mediator", "dispute__beat"
    )
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    return qs.order_by("-handed_at", "-pk")


def handover_file_get(*, user, pk):
    """A hand-over file for whoever may see its hand-over: the mediator it went to, or a reader of the dispute."""
    from .models import HandoverFile

    f = HandoverFile.objects.select_related("handover__dispute", "handover__mediator").get(pk=pk)
    mine = my_handovers(user=user).filter(pk=f.handover_id).exists()
    if not mine and not disputes_visible(user).filter(pk=f.handover.dispute_id).exists():
        raise HandoverFile.DoesNotExist
    return f


def live_handover(dispute: Dispute) -> MediationHandover | None:
    return (
        dispute.handovers.filter(status__in=[HandoverStatus.WAITING, HandoverStatus.ACCEPTED])
        .select_related("mediator")
        .first()
    )


# ---------------------------------------------------------------- limits


def limits_in_scope(*, user):
    return LocalLimit.objects.visible_to(user, perm=Perm.MANAGE_CASEWORK).select_related("org_unit", "set_by")


def limit_units(*, user):
    """The stations (and bureaus/city) where the user may set limits."""
    return OrgUnit.objects.visible_to(user, perm=Perm.MANAGE_CASEWORK).filter(
        kind__in=[OrgUnitKind.STATION, OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU], is_active=True
    )


# ---------------------------------------------------------------- indicators


@dataclass
class IndicatorCell:
    spec: IndicatorSpec
    measure: Measure

    @property
    def value(self):
        return self.measure.value

    @property
    def met(self):
        return self.spec.met(self.value)

    @property
    def shown(self) -> str:
        value = self.value
        if value is None:
            return "—"
        if self.spec.unit == "ratio":
            return f"{value * 100:.1f}%（{self.measure.numerator}/{self.measure.denominator}）"
        return str(self.measure.numerator)


def month_bounds(month: str | None) -> tuple[date, date]:
    """``YYYY-MM`` (default: this month) → first and last day."""
    try:
        year, mon = (int(x) for x in (month or "").split("-"))
        day = date(year, mon, 1)
    except ValueError:
        day = timezone.localdate()
    start, end, _key = period_bounds(day, "month")
    return start, end


def indicator_units(*, user, perm: str) -> list[OrgUnit]:
    """The user's scope roots, then the stations and beats under them (at most MAX_INDICATOR_ROWS rows)."""
    prefixes = scope_prefixes(user, perm)
    if not prefixes:
        return []
    roots = list(OrgUnit.objects.filter(path__in=prefixes).order_by("path"))
    below = (
        OrgUnit.objects.filter(_path_condition(prefixes, "path"), kind__in=[OrgUnitKind.STATION, OrgUnitKind.BEAT])
        .exclude(path__in=prefixes)
        .filter(is_active=True)
        .order_by("path")
    )
    return (roots + list(below[: MAX_INDICATOR_ROWS - len(roots)]))[:MAX_INDICATOR_ROWS]


def indicator_table(*, user, perm: str, codes: list[str], start: date, end: date) -> list[tuple[OrgUnit, list]]:
    """Each figure for all the rows at once (``casework.indicators.for_units``): a fixed number of queries, not
    one per unit and figure (issue 11: 1 808 queries for the city's 200 rows)."""
    specs = [CATALOGUE[c] for c in codes]
    units = indicator_units(user=user, perm=perm)
    figures = {spec.code: for_units(spec, units, start, end) for spec in specs}
    return [(unit, [IndicatorCell(spec, figures[spec.code][unit.path]) for spec in specs]) for unit in units]


def unit_for_indicators(*, user, perm: str, pk) -> OrgUnit:
    return OrgUnit.objects.visible_to(user, perm=perm).get(pk=pk)


def open_dispute_count(*, user) -> int:
    return disputes_visible(user).filter(status=DisputeStatus.OPEN).count()


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=29), today


# ---------------------------------------------------------------- incidents


def incidents_visible(user, perm: str = Perm.VIEW_INCIDENTS):
    return Incident.objects.visible_to(user, perm=perm)


def _overdue_incident_follow_up(today: date):
    return Task.objects.filter(
        record_type="incident",
        record_id=_str_pk(),
        obligation_code__in=INCIDENT_FOLLOW_UP_OBLIGATIONS,
        status__in=OPEN_STATUSES,
        due_on__lt=today,
    )


def incident_list(*, user, filters: dict | None = None, today: date | None = None):
    """Filters: q (summary/place/person/case number), kind, has_scene (yes/no), status, within (station/beat),
    overdue (a follow-up overdue), pushed (pushed by 情指中心/综合指挥室)."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = incidents_visible(user).select_related("beat")
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    scene = filters.get("has_scene")
    if scene in ("yes", "no"):
        qs = qs.filter(has_scene=scene == "yes")
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if within := filters.get("within"):
        qs = qs.filter(scope_path__startswith=within.path)
    if filters.get("pushed"):
        qs = qs.filter(source__in=PUSHED_SOURCES)
    qs = qs.annotate(has_overdue=Exists(_overdue_incident_follow_up(today)))
    if filters.get("overdue"):
        qs = qs.filter(has_overdue=True)
    if q := (filters.get("q") or "").strip():
        people = IncidentPerson.objects.filter(incident=OuterRef("pk"), name__icontains=q)
        qs = qs.filter(
            Q(summary__icontains=q) | Q(place_text__icontains=q) | Q(case_number__icontains=q) | Q(Exists(people))
        )
    return qs.order_by("-reported_at", "-pk")


def incident_get(*, user, pk, perm: str = Perm.VIEW_INCIDENTS) -> Incident:
    return (
        incidents_visible(user, perm)
        .select_related("beat", "address", "recorded_by", "officer", "pushed_by")
        .get(pk=pk)
    )


def incident_may_write(user, incident: Incident) -> bool:
    return path_covered(user, incident.beat.path, Perm.RECORD_INCIDENTS)


def incident_may_push(user, incident: Incident) -> bool:
    return path_covered(user, incident.beat.path, Perm.PUSH_INCIDENTS)


def incident_person_get(*, user, pk, perm: str = Perm.VIEW_INCIDENTS) -> IncidentPerson:
    return IncidentPerson.objects.visible_to(user, perm=perm).select_related("incident", "incident__beat").get(pk=pk)


def incident_tasks(incident: Incident, *, open_only: bool = False):
    """The incident's tasks (follow-ups, a fraud victim's 见面劝阻) and its people's collection tasks."""
    people = [str(pk) for pk in incident.people.values_list("pk", flat=True)]
    qs = Task.objects.filter(
        Q(record_type="incident", record_id=incident.record_id) | Q(record_type="incident_person", record_id__in=people)
    ).select_related("template", "assignee")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("due_on", "id")


def incident_obligations(incident: Incident, *, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    return [
        {"task": t, "due_on": t.due_on, "due_at": t.due_at, "overdue": t.due_on < today, "title": t.title}
        for t in incident_tasks(incident, open_only=True)
    ]


def incident_notices(incident: Incident):
    from inspections.models import Notice

    return Notice.objects.filter(subject_type="incident", subject_id=str(incident.pk)).order_by("-issued_at", "-id")


def incident_notice_get(*, user, pk):
    """A 第八十条(四) notice, for whoever may see its incident."""
    from inspections.models import Notice

    notice = Notice.objects.get(pk=pk, subject_type="incident")
    if not incidents_visible(user).filter(pk=notice.subject_id).exists():
        raise Notice.DoesNotExist
    return notice


def incident_beats(*, user, perm: str = Perm.RECORD_INCIDENTS):
    return OrgUnit.objects.visible_to(user, perm=perm).filter(kind=OrgUnitKind.BEAT, is_active=True).order_by("path")


def open_incident_count(*, user) -> int:
    return incidents_visible(user).filter(status=IncidentStatus.OPEN).count()


# ---------------------------------------------------------------- the monthly public notice (规范002 警情通报)


def _place_of(incident: Incident, communities: dict[str, str]) -> str:
    """A place with no personal data: the community the standard address lies in, else a community the place text
    names, else the beat."""
    if incident.address_id and incident.address.org_unit_id:
        path = incident.address.org_unit.path
        for prefix, name in communities.items():
            if path.startswith(prefix):
                return name
    for name in communities.values():
        if name and name in incident.place_text:
            return name
    return incident.beat.name


def monthly_notice(*, unit: OrgUnit, start: date, end: date) -> dict:
    """警情通报 of a beat (or station) for a month: incidents by kind, time band and place — no names, numbers,
    phones or house numbers (规范002: 每月公开通报辖区发案类别、时间段、主要部位)."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, datetime.min.time(), tz)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    rows = list(
        Incident.objects.filter(scope_path__startswith=unit.path, reported_at__gte=since, reported_at__lt=until)
        .select_related("beat", "address__org_unit")
        .order_by("reported_at", "pk")
    )
    communities = dict(
        OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgUnitKind.COMMUNITY).values_list("path", "name")
    )
    by_kind: dict[tuple[str, str], int] = {}
    by_band = {label: 0 for _s, _e, label in TIME_BANDS}
    by_place: dict[str, int] = {}
    cases = []
    for i in rows:
        local = timezone.localtime(i.reported_at)
        band = time_band(local.hour)
        place = _place_of(i, communities)
        key = (i.get_kind_display(), i.get_subkind_display())
        by_kind[key] = by_kind.get(key, 0) + 1
        by_band[band] += 1
        by_place[place] = by_place.get(place, 0) + 1
        cases.append({"date": local.date(), "band": band, "kind": key[0], "subkind": key[1], "place": place})
    return {
        "unit": unit,
        "start": start,
        "end": end,
        "total": len(rows),
        "by_kind": [{"kind": k, "subkind": s, "count": n} for (k, s), n in sorted(by_kind.items())],
        "by_band": [{"band": b, "count": n} for b, n in by_band.items()],
        "by_place": [{"place": p, "count": n} for p, n in sorted(by_place.items(), key=lambda x: (-x[1], x[0]))],
        "cases": cases,
    }


def notice_units(*, user):
    """The beats and stations whose monthly notice the user may read."""
    return OrgUnit.objects.visible_to(user, perm=Perm.VIEW_INCIDENTS).filter(
        kind__in=[OrgUnitKind.STATION, OrgUnitKind.BEAT], is_active=True
    )
