"""How the route matrix exercises the 为民服务 pages and API (docs/adr/0004, ADR 0008).

The public pages (``public:*``) are outside the matrix: they answer without sign-in by design
and are covered by ``test_public_page.py`` (no resident data, no external URL)."""

from datetime import time, timedelta

from django.utils import timezone
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary

from org.models import POLICE_KINDS, Staff
from outreach import services
from outreach.models import CareRecipient, Complaint, LostFoundItem, PostOpening
from registry.models import Resident

SEARCH = {"q": MATRIX}


def make_request(side):
    return services.service_request_receive(
        acting_user=None, beat=side.beat, service_type="no_criminal_record", channel="window", content=side.mark,
        applicant_name=side.mark, received_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


def make_certificate_request(side):
    request = make_request(side)
    services.certificate_issue(acting_user=None, request=request, holder=side.mark, facts=MATRIX)
    request.refresh_from_db()
    return request


def make_item(side):
    return LostFoundItem.objects.create(
        beat=side.beat, kind="lost", description=side.mark, happened_on=timezone.localdate()
    )


def make_care(side):
    resident = Resident.objects.filter(org_unit=side.beat).first() or Resident.objects.create(
        name=side.mark, org_unit=side.beat
    )
    return CareRecipient.objects.create(resident=resident, group="other", since=timezone.localdate())


def make_complaint(side):
    staff = Staff.objects.filter(org_unit__path__startswith=side.beat.parent.path, kind__in=POLICE_KINDS).first()
    return Complaint.objects.create(
        beat=side.beat, officer=staff, kind="slow", content=side.mark, received_on=timezone.localdate()
    )


def make_post(side):
    return PostOpening.objects.create(
        post=side.beat, day=timezone.localdate() - timedelta(days=60), opened_at=time(8, 30), closed_at=time(17, 30),
        hours=9,
    )  # fmt: skip


RECORDS = {
    "post_opening": Record(make=make_post),
    "service_request": Record(make=make_request),
    "certified_request": Record(make=make_certificate_request),
    "lost_found_item": Record(make=make_item),
    "care_recipient": Record(make=make_care),
    "complaint": Record(make=make_complaint),
}


def _request_form(side):
    return {"beat": side.beat.pk, "service_type": "consultation", "channel": "window", "content": MATRIX}


def _post_form(side):
    day = timezone.localdate() - timedelta(days=40)
    return {"post": side.beat.pk, "day": day.isoformat(), "opened_at": "08:30", "closed_at": "17:30"}


ROUTES = {
    "outreach:request_list": List("service_request", query=SEARCH | {"status": "all"}, export=True),
    "outreach:request_new": Create(data=_request_form),
    "outreach:request_detail": Detail("service_request"),
    "outreach:request_close": Action("service_request", data=lambda r: {"result": MATRIX}),
    "outreach:request_hand_over": Action("service_request", data=lambda r: {"reason": MATRIX}),
    "outreach:request_overdue": Action("service_request", data=lambda r: {"overdue_note": MATRIX}),
    "outreach:request_rate": Action("service_request", data=lambda r: {"satisfaction": "satisfied"}),
    "outreach:certificate_new": Action("service_request", data=lambda r: {"holder": MATRIX, "facts": MATRIX}),
    "outreach:certificate_download": Download("certified_request"),
    "outreach:lost_found_list": List("lost_found_item", query=SEARCH | {"status": "all"}, export=True),
    "outreach:lost_found_new": Create(
        data=lambda side: {
            "beat": side.beat.pk,
            "kind": "found",
            "description": MATRIX,
            "happened_on": timezone.localdate().isoformat(),
        }
    ),
    "outreach:lost_found_detail": Detail("lost_found_item"),
    "outreach:lost_found_match": Action("lost_found_item", data=lambda i: {"other": ""}),
    "outreach:lost_found_return": Action("lost_found_item", data=lambda i: {"outcome": MATRIX}),
    "outreach:post_list": List("post_opening", export=True),
    "outreach:post_new": Create(data=_post_form),
    "outreach:station": Summary(),
    "outreach:complaint_new": Summary(),
    "outreach:complaint_decide": Action("complaint", data=lambda c: {"substantiated": "0", "finding": MATRIX}),
    "outreach:care_list": List("care_recipient", query=SEARCH, export=True),
    "outreach:care_pick": Summary(),
    "outreach:care_detail": Detail("care_recipient"),
    "outreach:care_visit_new": Action(
        "care_recipient", data=lambda c: {"visited_on": timezone.localdate().isoformat(), "situation": MATRIX}
    ),
    "outreach:care_alert_new": Action("care_recipient", data=lambda c: {"description": MATRIX}),
    "GET /api/v1/outreach/requests": List("service_request", query=SEARCH | {"status": "all"}),
    "GET /api/v1/outreach/requests/{request_id}": Detail("service_request"),
    "POST /api/v1/outreach/requests": Create(
        data=lambda side: {"beat_id": side.beat.pk, "service_type": "consultation", "content": MATRIX}
    ),
    "POST /api/v1/outreach/requests/{request_id}/close": Action("service_request", data=lambda r: {"result": MATRIX}),
    "POST /api/v1/outreach/requests/{request_id}/hand-over": Action(
        "service_request", data=lambda r: {"to_user_id": 0, "reason": MATRIX}
    ),
    "POST /api/v1/outreach/requests/{request_id}/overdue-note": Action(
        "service_request", data=lambda r: {"overdue_note": MATRIX}
    ),
    "POST /api/v1/outreach/requests/{request_id}/certificate": Action(
        "service_request", data=lambda r: {"holder": MATRIX, "facts": MATRIX}
    ),
    "GET /api/v1/outreach/indicators": Summary(),
}
