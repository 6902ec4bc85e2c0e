"""Reads of 群众工作, always through the user's data scope; out of scope = missing.

* Leads: view_leads reads the unit's leads; a grid worker or volunteer (report_leads without view_leads) reads only
  the leads they reported themselves. Informants: view_informants only, every opening on the access trail.
* Patrol routes: a patroller reads the routes of their units and of the units above them up to the beat.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum

from accounts.roles import Perm
from accounts.scope import scope_prefixes
from audit.services import personal_record_read
from org.models import path_prefixes

from .choices import SENTIMENT_KINDS, LeadStatus, ReportStatus
from .models import (
    CheckIn,
    CheckInPhoto,
    ContactCard,
    HouseholdVisit,
    Informant,
    Lead,
    MeetingRecord,
    PatrolRoute,
    PatrolTeam,
    PointsEntry,
    Questionnaire,
    Redemption,
    ResidentReport,
    StoreItem,
    SurveyAnswer,
)
from .services import points_balance


def lead_list(*, user, filters: dict | None = None):
    """Leads in scope. Filters: q (event/对象/地点), kind, group (sentiment/lead), status, channel, actionable,
    queue (研判 queue: reported), mine (the user's own reports), within (a unit)."""
    filters = filters or {}
    qs = Lead.objects.visible_to(user, perm=Perm.VIEW_LEADS)
    if not scope_prefixes(user, Perm.VIEW_LEADS) or filters.get("mine"):
        qs = Lead.objects.visible_to(user, perm=Perm.REPORT_LEADS).filter(reported_by=user)
    qs = qs.select_related("beat", "org_unit", "reported_by", "submitted_by")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(event__icontains=q) | Q(subject_text__icontains=q) | Q(place_text__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    group = filters.get("group")
    if group == "sentiment":
        qs = qs.filter(kind__in=SENTIMENT_KINDS)
    elif group == "lead":
        qs = qs.exclude(kind__in=SENTIMENT_KINDS)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if filters.get("queue"):
        qs = qs.filter(status=LeadStatus.REPORTED)
    if channel := filters.get("channel"):
        qs = qs.filter(channel=channel)
    if filters.get("actionable"):
        qs = qs.filter(is_actionable=True)
    if filters.get("awaiting_feedback"):
        qs = qs.filter(from_resident=True, within_duties=True, feedback_at=None).exclude(status=LeadStatus.WITHDRAWN)
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-created_at", "-id")


def lead_get(*, user, pk) -> Lead:
    return lead_list(user=user).get(pk=pk)


def lead_read(*, user, lead: Lead, channel: str = "web") -> bool:
    """Opening a resident's issue shows who raised it: on the access trail; their phone unmasked only with
    unmask_personal. Returns whether it may be shown unmasked."""
    if not lead.from_resident:
        return False
    return personal_record_read(
        acting_user=user,
        object_type="lead",
        object_id=lead.pk,
        object_label=f"{lead.resident_name}（线索{lead.number}）",
        scope_path=lead.scope_path,
        unmask=False,
        channel=channel,
    )


def officer_scores(*, user, start: date, end: date):
    """第五十二条 per officer: reported, adopted and score in the period, over the leads the user may see (the
    officer who 报告 the lead is credited)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    tz = timezone.get_current_timezone()
    since, until = datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)
    qs = Lead.objects.visible_to(user, perm=Perm.VIEW_LEADS).exclude(status=LeadStatus.WITHDRAWN)
    qs = qs.filter(submitted_by__isnull=False, submitted_at__gte=since, submitted_at__lt=until)
    return (
        qs.values("submitted_by", "submitted_by__full_name", "submitted_by__username", "beat__name")
        .annotate(
            reported=Count("pk"),
            adopted=Count("pk", filter=Q(score__gt=0)),
            score=Sum("score"),
        )
        .order_by("beat__name", "submitted_by__username")
    )


# ---------------------------------------------------------------- informants


def informant_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Informant.objects.visible_to(user, perm=Perm.VIEW_INFORMANTS).select_related("org_unit", "handler")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(alias__icontains=q)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    active = filters.get("active")
    if active is not None and active != "":
        qs = qs.filter(is_active=active in (True, "1"))
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("scope_path", "kind", "alias", "pk")


def informant_open(*, user, pk, channel: str = "web") -> tuple[Informant, bool]:
    """Open one informant's record: view_informants only; the opening on the access trail (and the unmask, when
    granted). Returns (informant, unmasked)."""
    informant = informant_list(user=user).select_related("special_subject").get(pk=pk)
    unmasked = personal_record_read(
        acting_user=user,
        object_type="informant",
        object_id=informant.pk,
        object_label=f"{informant.get_kind_display()} {informant.alias}",
        scope_path=informant.scope_path,
        unmask=True,
        channel=channel,
    )
    return informant, unmasked


# ---------------------------------------------------------------- visits, cards, resident reports


def visit_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = HouseholdVisit.objects.visible_to(user, perm=Perm.VIEW_LEADS).select_related("org_unit", "visitor")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(address_text__icontains=q) | Q(content__icontains=q))
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-visited_on", "-id")


def card_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = ContactCard.objects.visible_to(user, perm=Perm.VIEW_LEADS).select_related("address", "org_unit", "issued_by")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(address__full_text__icontains=q)
    return qs.order_by("-issued_on", "-id")


def resident_report_list(*, user, filters: dict | None = None):
    """The officer's queue (view_leads over the grid) or the grid worker's own reports."""
    filters = filters or {}
    if scope_prefixes(user, Perm.HANDLE_LEADS):
        qs = ResidentReport.objects.visible_to(user, perm=Perm.HANDLE_LEADS)
    else:
        qs = ResidentReport.objects.visible_to(user, perm=Perm.COLLECT_RESIDENTS).filter(reported_by=user)
    status = filters.get("status", ReportStatus.PENDING)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("org_unit", "reported_by").order_by("-created_at", "-id")


def resident_report_get(*, user, pk) -> ResidentReport:
    return resident_report_list(user=user, filters={"status": ""}).get(pk=pk)


# ---------------------------------------------------------------- patrols and points


def route_list(*, user, filters: dict | None = None):
    """Routes the user manages or views (view_leads / manage_patrols), or walks (patrol: their units' routes and
    those of the units above them)."""
    filters = filters or {}
    condition = Q()
    for prefix in scope_prefixes(user, Perm.VIEW_LEADS) + scope_prefixes(user, Perm.MANAGE_PATROLS):
        condition |= Q(scope_path__startswith=prefix)
    for prefix in scope_prefixes(user, Perm.PATROL):
        ancestors = path_prefixes(prefix)
        condition |= Q(scope_path__startswith=prefix) | Q(scope_path__in=ancestors)
    if not condition:
        return PatrolRoute.objects.none()
    qs = PatrolRoute.objects.filter(condition).select_related("org_unit", "team")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(name__icontains=q)
    if filters.get("active", True):
        qs = qs.filter(is_active=True)
    return qs.annotate(point_count=Count("points", distinct=True)).order_by("scope_path", "name", "pk")


def route_get(*, user, pk) -> PatrolRoute:
    return route_list(user=user, filters={"active": False}).get(pk=pk)


def point_get(*, user, pk):
    """A patrol point of a route the user may walk (patrol)."""
    from .models import PatrolPoint
    from .services import patrol_route_reachable

    point = PatrolPoint.objects.select_related("route").get(pk=pk)
    if not patrol_route_reachable(user, point.route):
        raise PatrolPoint.DoesNotExist
    return point


def checkin_list(*, user, filters: dict | None = None):
    """Check-ins of routes in scope (view_leads); a patroller's own."""
    filters = filters or {}
    if scope_prefixes(user, Perm.VIEW_LEADS) and not filters.get("mine"):
        qs = CheckIn.objects.visible_to(user, perm=Perm.VIEW_LEADS)
    else:
        qs = CheckIn.objects.filter(user=user)
    if route := filters.get("route"):
        qs = qs.filter(route=route)
    return qs.select_related("route", "point", "user").order_by("-checked_at", "-id")


def my_points(*, user) -> dict:
    """The volunteer's own page (规范004 服务时间、次数、成效): balance, history, check-ins, adopted leads."""
    entries = PointsEntry.objects.filter(user=user).order_by("-created_at", "-id")
    return {
        "balance": points_balance(user),
        "entries": entries,
        "checkins": CheckIn.objects.filter(user=user).count(),
        "adopted": Lead.objects.filter(reported_by=user, score__gt=0).exclude(status=LeadStatus.WITHDRAWN).count(),
        "redemptions": Redemption.objects.filter(user=user).select_related("item").order_by("-redeemed_at"),
    }


def store_items(*, user, manage: bool = False):
    """The store of the user's station: for a patroller the active articles above them; for the station what it
    manages (manage_patrols)."""
    if manage:
        return StoreItem.objects.visible_to(user, perm=Perm.MANAGE_PATROLS).order_by("scope_path", "cost", "name")
    condition = Q()
    for prefix in scope_prefixes(user, Perm.PATROL):
        ancestors = path_prefixes(prefix)
        condition |= Q(scope_path__in=ancestors)
    if not condition:
        return StoreItem.objects.none()
    return StoreItem.objects.filter(condition, is_active=True).order_by("cost", "name")


def store_item_get(*, user, pk, manage: bool = False) -> StoreItem:
    return store_items(user=user, manage=manage).get(pk=pk)


def redemption_list(*, user):
    return Redemption.objects.visible_to(user, perm=Perm.MANAGE_PATROLS).select_related("item", "user")


def points_ledger(*, user):
    """The station's ledger (manage_patrols): every line in scope."""
    return PointsEntry.objects.visible_to(user, perm=Perm.MANAGE_PATROLS).select_related("user", "org_unit")


def checkin_photo_get(*, user, pk) -> CheckInPhoto:
    """A check-in's photo: the patroller's own, or any on the routes the user views (view_leads)."""
    checkins = checkin_list(user=user).values("pk")
    return CheckInPhoto.objects.filter(checkin__in=checkins).select_related("checkin").get(pk=pk)


def team_list(*, user, filters: dict | None = None):
    """Patrol teams the user manages (manage_patrols)."""
    filters = filters or {}
    qs = PatrolTeam.objects.visible_to(user, perm=Perm.MANAGE_PATROLS).select_related("org_unit")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(name__icontains=q)
    return qs.annotate(member_count=Count("members", distinct=True)).order_by("scope_path", "name", "pk")


def team_get(*, user, pk) -> PatrolTeam:
    return team_list(user=user).get(pk=pk)


# ---------------------------------------------------------------- meetings and questionnaires


def meeting_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = MeetingRecord.objects.visible_to(user, perm=Perm.VIEW_LEADS).select_related("org_unit", "recorded_by", "task")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(place__icontains=q) | Q(topics__icontains=q) | Q(met_persons__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    return qs.annotate(lead_count=Count("leads", distinct=True)).order_by("-held_at", "-id")


def meeting_get(*, user, pk) -> MeetingRecord:
    return meeting_list(user=user).get(pk=pk)


def questionnaire_list(*, user, filters: dict | None = None):
    """Questionnaires set at the user's units or above them (a station's questionnaire serves its beats)."""
    condition = Q()
    for prefix in scope_prefixes(user, Perm.VIEW_LEADS):
        condition |= Q(scope_path__startswith=prefix) | Q(scope_path__in=path_prefixes(prefix))
    if not condition:
        return Questionnaire.objects.none()
    qs = Questionnaire.objects.filter(condition).select_related("org_unit")
    if q := ((filters or {}).get("q") or "").strip():
        qs = qs.filter(title__icontains=q)
    return qs.annotate(answer_count=Count("answers", distinct=True)).order_by("scope_path", "title", "pk")


def questionnaire_get(*, user, pk) -> Questionnaire:
    return questionnaire_list(user=user).get(pk=pk)


def survey_answer_list(*, user, questionnaire=None):
    qs = SurveyAnswer.objects.visible_to(user, perm=Perm.VIEW_LEADS).select_related("org_unit", "taken_by")
    if questionnaire is not None:
        qs = qs.filter(questionnaire=questionnaire)
    return qs.order_by("-answered_on", "-id")
