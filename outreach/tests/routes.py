"""How the route matrix exercises the 为民服务 pages and API (docs/adr/0004, ADR 0009).

The public pages (``public:*``) answer without sign-in by design and show no records of any station: they are
exempt here and covered by ``test_public_page.py`` (no resident data, no external URL)."""

from datetime import time, timedelta

from django.utils import timezone

from accounts.models import User
from org.models import POLICE_KINDS, Staff
from outreach import services
from outreach.models import CareRecipient, Complaint, LostFoundItem, PostOpening
from registry.models import Resident
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary

SEARCH = {"q": MATRIX}
ALL = {"q": MATRIX, "status": "all"}


def make_request(side):
    return services.service_request_receive(
        acting_user=None, beat=side.beat, service_type="no_criminal_record", channel="window", content=side.mark,
        applicant_name=side.mark, applicant_phone="13800009999", received_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


def make_closed_request(side):
    request = make_request(side)
    services.service_request_close(acting_user=None, request=request, result=side.mark)
    request.refresh_from_db()
    return request


def make_certified_request(side):
    request = make_request(side)
    services.certificate_issue(acting_user=None, request=request, holder=side.mark, facts=MATRIX)
    request.refresh_from_db()
    return request


def make_item(side):
    return LostFoundItem.objects.create(
        beat=side.beat, kind="lost", description=side.mark, happened_on=timezone.localdate()
    )


def make_resident(side):
    return Resident.objects.create(name=side.mark, org_unit=side.beat, population_type="registered")


def make_care(side):
    return CareRecipient.objects.create(resident=make_resident(side), group="other", since=timezone.localdate())


def make_complaint(side):
    staff = Staff.objects.filter(org_unit__path__startswith=side.station.path, kind__in=POLICE_KINDS).first()
    return Complaint.objects.create(
        beat=side.beat, officer=staff, kind="slow", content=side.mark, received_on=timezone.localdate()
    )


def make_post(side):
    return PostOpening.objects.create(
        post=side.beat, day=timezone.localdate() - timedelta(days=60), opened_at=time(8, 30), closed_at=time(17, 30),
        hours=9, note=side.mark,
    )  # fmt: skip


RECORDS = {
    "service_request": Record(make=make_request, trail="service_request"),
    "closed_request": Record(make=make_closed_request),
    "certified_request": Record(make=make_certified_request),
    "lost_found_item": Record(make=make_item),
    "care_resident": Record(make=make_resident),
    "care_recipient": Record(make=make_care, trail="care_recipient"),
    "complaint": Record(make=make_complaint),
    "post_opening": Record(make=make_post),
}

EXEMPT = {
    "public:index": "警务公开：警务区名录，无需登录，不含任何记录（test_public_page.py）",
    "public:beat": "警务公开：警务区民警、辅警公开信息和统计数，无需登录，不含群众信息（test_public_page.py）",
    "public:rate": "群众凭一次性评价码评价，无需登录，不显示任何记录（test_public_page.py）",
    "public:photo": "已公开的民警、辅警照片，无需登录（第九十五条）",
}


def _lead_of(request):
    return User.objects.filter(
        role_assignments__role="station_lead", role_assignments__org_unit=request.beat.parent
    ).first()


def _match(item):
    found = LostFoundItem.objects.create(
        beat=item.beat, kind="found", description=MATRIX, happened_on=timezone.localdate()
    )
    return {"other": found.pk}


def _today():
    return timezone.localdate().isoformat()


ROUTES = {
    "outreach:request_list": List("service_request", query=ALL, export=True),
    "outreach:request_new": Create(
        data=lambda side: {"beat": side.beat.pk, "service_type": "consultation", "channel": "window", "content": MATRIX}
    ),
    "outreach:request_detail": Detail("service_request"),
    "outreach:request_close": Action("service_request", data=lambda r: {"result": MATRIX}),
    "outreach:request_hand_over": Action(
        "service_request", data=lambda r: {"to_user": _lead_of(r).pk, "reason": MATRIX}
    ),
    "outreach:request_overdue": Action("service_request", data=lambda r: {"overdue_note": MATRIX}),
    "outreach:request_rate": Action("closed_request", data=lambda r: {"satisfaction": "satisfied"}),
    "outreach:certificate_new": Action("service_request", data=lambda r: {"holder": MATRIX, "facts": MATRIX}),
    "outreach:certificate_download": Download("certified_request"),
    "outreach:lost_found_list": List("lost_found_item", query=ALL, export=True),
    "outreach:lost_found_new": Create(
        data=lambda side: {"beat": side.beat.pk, "kind": "found", "description": MATRIX, "happened_on": _today()}
    ),
    "outreach:lost_found_detail": Detail("lost_found_item"),
    "outreach:lost_found_match": Action("lost_found_item", data=_match),
    "outreach:lost_found_return": Action("lost_found_item", data=lambda i: {"outcome": MATRIX}),
    "outreach:post_list": List("post_opening", export=True),
    "outreach:post_new": Create(
        data=lambda side: {
            "post": side.beat.pk,
            "day": (timezone.localdate() - timedelta(days=40)).isoformat(),
            "opened_at": "08:30",
            "closed_at": "17:30",
            "note": MATRIX,
        }
    ),
    "outreach:station": Summary(),
    "outreach:complaint_new": Summary(),
    "outreach:complaint_decide": Action("complaint", data=lambda c: {"substantiated": "0", "finding": MATRIX}),
    "outreach:care_list": List("care_recipient", query=SEARCH, export=True),
    "outreach:care_pick": Summary(),
    "outreach:care_new": Action("care_resident", data=lambda r: {"group": "other", "since": _today()}),
    "outreach:care_detail": Detail("care_recipient"),
    "outreach:care_visit_new": Action("care_recipient", data=lambda c: {"visited_on": _today(), "situation": MATRIX}),
    "outreach:care_alert_new": Action("care_recipient", data=lambda c: {"description": MATRIX}),
    "outreach:report_new": Create(
        data=lambda side: {"beat": side.beat.pk, "held_on": _today(), "attendance": 12, "summary": MATRIX}
    ),
    "outreach:public_info_edit": Create(
        url=lambda side: {"beat_pk": side.beat.pk}, data=lambda side: {"duties": MATRIX}
    ),
    "GET /api/v1/outreach/requests": List("service_request", query=ALL),
    "GET /api/v1/outreach/requests/{request_id}": Detail("service_request"),
    "POST /api/v1/outreach/requests": Create(
        data=lambda side: {"beat_id": side.beat.pk, "service_type": "consultation", "content": MATRIX}
    ),
    "POST /api/v1/outreach/requests/{request_id}/close": Action("service_request", data=lambda r: {"result": MATRIX}),
    "POST /api/v1/outreach/requests/{request_id}/hand-over": Action(
        "service_request", data=lambda r: {"to_user_id": _lead_of(r).pk, "reason": MATRIX}
    ),
    "POST /api/v1/outreach/requests/{request_id}/overdue-note": Action(
        "service_request", data=lambda r: {"overdue_note": MATRIX}
    ),
    "POST /api/v1/outreach/requests/{request_id}/certificate": Action(
        "service_request", data=lambda r: {"holder": MATRIX, "facts": MATRIX}
    ),
    "GET /api/v1/outreach/indicators": Summary(),
}
