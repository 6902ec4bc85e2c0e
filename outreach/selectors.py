"""Reads of 为民服务 and 关爱帮扶, always through the user's data scope (view_services); out of scope = missing.

The public page (警务公开) reads through ``public_beat`` and ``public_page``: only beats, published team contacts,
the beat's public information and aggregated counts — never a resident (第九十四条第二款).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from accounts.roles import Perm
from org.models import AUXILIARY_KINDS, OrgUnit, OrgUnitKind, Staff, StaffKind
from tasks.models import OPEN_STATUSES, Task

from . import indicators
from .catalogue import SERVICE_TYPES, TYPE_BY_CODE
from .models import (
    BeatPublicInfo,
    CareRecipient,
    Complaint,
    ComplaintStatus,
    LostFoundItem,
    LostFoundStatus,
    PostOpening,
    PublicContact,
    RepresentativeReport,
    RequestStatus,
    ServiceRequest,
)

PUBLIC_CACHE_SECONDS = 600  # ≤1 hour (规范003 阳光警务 “更新频率≤1小时”); changes in the beat clear it at once


def request_list(*, user, filters: dict | None = None, now: datetime | None = None):
    """Requests in scope; filters: q (number, content or applicant), service_type, status (open/done/referred/all,
    default open), channel, urgent, overdue (past the limit), within (a beat/station)."""
    filters = filters or {}
    now = now or timezone.now()
    qs = ServiceRequest.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("beat", "owner")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(number__icontains=q) | Q(content__icontains=q) | Q(applicant_name__icontains=q))
    if service_type := filters.get("service_type"):
        qs = qs.filter(service_type=service_type)
    status = filters.get("status") or RequestStatus.OPEN
    if status != "all":
        qs = qs.filter(status=status)
    if channel := filters.get("channel"):
        qs = qs.filter(channel=channel)
    if filters.get("urgent"):
        qs = qs.filter(is_urgent=True)
    if filters.get("overdue"):
        qs = qs.filter(Q(done_at__isnull=True, due_at__lt=now) | Q(done_at__gt=F("due_at")))
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-received_at", "-pk")


def request_get(*, user, pk) -> ServiceRequest:
    return (
        ServiceRequest.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
        .select_related("beat", "owner", "received_by", "resident", "certificate", "overdue_noted_by")
        .get(pk=pk)
    )


def request_tasks(request: ServiceRequest):
    return Task.objects.filter(record_type="service_request", record_id=str(request.pk)).order_by("due_on", "id")


def request_open_task(request: ServiceRequest):
    return request_tasks(request).filter(status__in=OPEN_STATUSES).first()


def lost_found_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = LostFoundItem.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("beat")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(description__icontains=q) | Q(place__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    status = filters.get("status") or LostFoundStatus.OPEN
    if status != "all":
        qs = qs.filter(status=status)
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-happened_on", "-pk")


def lost_found_get(*, user, pk) -> LostFoundItem:
    return LostFoundItem.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("beat").get(pk=pk)


def match_candidates(*, user, item: LostFoundItem):
    """Open items of the other kind in the same station (the officer compares them)."""
    other = "found" if item.kind == "lost" else "lost"
    return (
        LostFoundItem.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
        .filter(station_id=item.station_id, kind=other, status=LostFoundStatus.OPEN)
        .order_by("-happened_on")[:50]
    )


def post_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = PostOpening.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("post")
    if filters.get("short"):
        qs = qs.filter(is_workday=True, hours__lt=8)
    if start := filters.get("start"):
        qs = qs.filter(day__gte=start)
    if end := filters.get("end"):
        qs = qs.filter(day__lte=end)
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-day", "post__name")


def short_posts(*, user, start: date, end: date):
    """Working days a post was open under 8 hours (第九十三条(二)): the station page's warning."""
    return post_list(user=user, filters={"short": True, "start": start, "end": end})


def complaint_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Complaint.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("beat", "officer")
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if year := filters.get("year"):
        qs = qs.filter(received_on__year=year)
    return qs.order_by("-received_on", "-pk")


def complaint_get(*, user, pk) -> Complaint:
    return Complaint.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related("beat", "officer").get(pk=pk)


def report_list(*, user):
    """向群众代表报告 records in scope (第九十六条), newest first."""
    return (
        RepresentativeReport.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
        .select_related("beat")
        .order_by("-held_on")
    )


def excellence_barred(staff: Staff, year: int) -> bool:
    """第九十三条第二款: a complaint of 不作为/慢作为/乱作为 found substantiated in ``year`` bars the officer from
    优秀 in that year's evaluation (the evaluation module reads this)."""
    return Complaint.objects.filter(officer=staff, status=ComplaintStatus.SUBSTANTIATED, decided_on__year=year).exists()


def barred_officers(*, user, year: int):
    """The staff in scope with a substantiated complaint decided in ``year`` (not to be rated 优秀)."""
    ids = (
        complaint_list(user=user, filters={"status": ComplaintStatus.SUBSTANTIATED})
        .filter(decided_on__year=year)
        .values("officer_id")
    )
    return Staff.objects.filter(pk__in=ids).order_by("name")


def care_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = CareRecipient.objects.visible_to(user, perm=Perm.VIEW_SERVICES).select_related(
        "resident", "resident__org_unit"
    )
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(resident__name__icontains=q)
    if group := filters.get("group"):
        qs = qs.filter(group=group)
    if not filters.get("ended"):
        qs = qs.filter(is_active=True)
    if filters.get("visit_due"):
        due = Task.objects.filter(
            record_type="care_recipient", status__in=OPEN_STATUSES, due_on__lte=timezone.localdate()
        ).values("record_id")
        qs = qs.filter(pk__in=[int(x) for x in due.values_list("record_id", flat=True)])
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("-since", "-pk")


def care_get(*, user, pk) -> CareRecipient:
    return (
        CareRecipient.objects.visible_to(user, perm=Perm.VIEW_SERVICES)
        .select_related("resident", "resident__org_unit")
        .get(pk=pk)
    )


def care_tasks(recipient: CareRecipient):
    alerts = [str(pk) for pk in recipient.alerts.values_list("pk", flat=True)]
    return Task.objects.filter(
        Q(record_type="care_recipient", record_id=str(recipient.pk)) | Q(record_type="care_alert", record_id__in=alerts)
    ).order_by("due_on", "id")


# ---------------------------------------------------------------- the public side (no sign-in)


def public_beats():
    """Active beats with their station, for /public/ (names only)."""
    return (
        OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, is_active=True)
        .select_related("parent")
        .order_by("path")
        .only("id", "name", "code", "path", "parent__name")
    )


def public_beat(code: str) -> OrgUnit:
    return OrgUnit.objects.get(kind=OrgUnitKind.BEAT, is_active=True, code=code)


def public_team(beat: OrgUnit) -> list[dict]:
    """The beat's community officers and auxiliaries as published (第九十五条): name, police number, official phone
    (``PublicContact``, else the post's phone — never the staff record's personal phone), duties, photo flag."""
    kinds = (StaffKind.COMMUNITY_OFFICER, *AUXILIARY_KINDS)
    rows = Staff.objects.filter(org_unit=beat, kind__in=kinds, is_active=True).order_by("kind", "name")
    contacts = {c.staff_id: c for c in PublicContact.objects.filter(staff__in=rows)}
    info = BeatPublicInfo.objects.filter(beat=beat).first()
    fallback = (info.office_phone if info else "") or beat.phone
    team = []
    for staff in rows:
        contact = contacts.get(staff.pk)
        if contact is not None and not contact.published:
            continue
        team.append(
            {
                "pk": staff.pk,
                "name": staff.name,
                "kind": staff.get_kind_display(),
                "police_number": staff.police_number if staff.kind == StaffKind.COMMUNITY_OFFICER else "",
                "phone": (contact.official_phone if contact else "") or fallback,
                "duties": contact.duties if contact else "",
                "photo": bool(contact and contact.photo),
            }
        )
    return team


def public_page(beat: OrgUnit, *, today: date | None = None) -> dict:
    """Everything /public/beats/<code>/ shows, cached per beat (≤1 hour; cleared when the beat's services change)."""
    key = f"outreach:public:{beat.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    today = today or timezone.localdate()
    start = today.replace(day=1)
    info = BeatPublicInfo.objects.filter(beat=beat).first()
    data = {
        "beat": {"name": beat.name, "code": beat.code, "station": beat.parent.name if beat.parent_id else ""},
        "team": public_team(beat),
        "info": {
            "duties": info.duties if info else "",
            "reception_times": info.reception_times if info else "",
            "office_phone": (info.office_phone if info else "") or beat.phone,
            "supervision": info.supervision if info else "",
            "commitment": info.commitment if info else "",
        },
        "services": [
            {
                "label": row["label"],
                "source": row["source"],
                "limit": f"{_limit(row, beat)}{_unit(row)}",
            }
            for row in SERVICE_TYPES
            if row["code"] != "suggestion"
        ],
        "month": f"{today:%Y年%m月}",
        "figures": indicators.month_counts(beat, start, today),
        "incidents": _incident_counts(beat, start, today),
        "updated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    cache.set(key, data, PUBLIC_CACHE_SECONDS)
    return data


def _limit(row, beat) -> int:
    from .services import limit_for

    return limit_for(row["code"], beat)


def _unit(row) -> str:
    from .catalogue import UNIT_LABELS

    return UNIT_LABELS[row["unit"]]


def _incident_counts(beat: OrgUnit, start: date, end: date) -> list[tuple[str, int]]:
    """The month's incidents of the beat by kind (counts only: 规范003 阳光警务, 第九十六条第二款 通报), read from the
    incidents module when it is installed (it has not landed yet: the list stays empty)."""
    from django.apps import apps
    from django.db.models import Count

    try:
        incident = apps.get_model("casework", "Incident")
    except LookupError:
        return []
    names = {f.name for f in incident._meta.get_fields()}
    if not {"kind", "reported_at", "scope_path"} <= names:
        return []
    rows = (
        incident.objects.filter(scope_path__startswith=beat.path, reported_at__date__gte=start)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
    )
    labels = dict(incident._meta.get_field("kind").choices or [])
    return [(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in rows]


def type_label(code: str) -> str:
    return TYPE_BY_CODE.get(code, {}).get("label", code)
