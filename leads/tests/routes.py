"""How the route matrix exercises the 群众工作 pages and API (docs/adr/0004, ADR 0012). Inert until the matrix
engine (web/route_matrix.py) lands."""

import uuid

from django.utils import timezone

from leads.models import Informant, Lead, PatrolPoint, PatrolRoute, ResidentReport
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record, Summary

SEARCH = {"q": MATRIX}


def make_lead(side):
    return Lead.objects.create(
        org_unit=side.beat,
        beat=side.beat,
        kind="hazard",
        channel="walk_in",
        subject_text=side.mark,
        occurred_at=timezone.now(),
        place_text=MATRIX,
        event=f"{side.mark}{MATRIX}",
        reported_by=side.officer,
    )


def make_reported_lead(side):
    lead = make_lead(side)
    lead.status, lead.submitted_by, lead.submitted_at = "reported", side.officer, timezone.now()
    lead.save(update_fields=["status", "submitted_by", "submitted_at"])
    return lead


def make_informant(side):
    return Informant.objects.create(
        org_unit=side.beat,
        kind="informant",
        alias=f"{side.mark}{MATRIX}"[:30],
        name=side.mark,
        recruited_on=timezone.localdate(),
        handler=side.officer,
    )


def make_route(side):
    route = PatrolRoute.objects.create(org_unit=side.beat, name=f"{side.mark}{MATRIX}"[:100])
    PatrolPoint.objects.create(route=route, name=MATRIX)
    return route


def make_report(side):
    grid = side.beat.children.filter(kind="community").first() or side.beat
    return ResidentReport.objects.create(org_unit=grid, kind="new", name=side.mark, address_text=MATRIX)


RECORDS = {
    "lead": Record(make=make_lead),
    "reported_lead": Record(make=make_reported_lead),
    "informant": Record(make=make_informant),
    "patrol_route": Record(make=make_route),
    "resident_report": Record(make=make_report),
}


def _lead_body(side):
    return {
        "org_unit_id": side.beat.pk,
        "kind": "hazard",
        "channel": "walk_in",
        "subject_text": MATRIX,
        "occurred_at": timezone.now().isoformat(),
        "place_text": MATRIX,
        "event": MATRIX,
    }


def _checkin_body(side):
    return {"point_id": side.made["patrol_route"].points.first().pk, "client_id": str(uuid.uuid4())}


ROUTES = {
    "leads:lead_list": List("lead", query=SEARCH, export=True),
    "leads:lead_detail": Detail("lead"),
    "leads:lead_queue": List("reported_lead", query=SEARCH, export=True),
    "leads:lead_submit": Action("lead", data=lambda lead: {"note": MATRIX}),
    "leads:lead_judge": Action("reported_lead", data=lambda lead: {"decision": "adopt"}),
    "leads:lead_withdraw": Action("lead", data=lambda lead: {"reason": MATRIX}),
    "leads:informant_list": List("informant", query=SEARCH, export=True),
    "leads:informant_detail": Detail("informant"),
    "leads:route_list": List("patrol_route", query=SEARCH, export=True),
    "leads:route_detail": Detail("patrol_route"),
    "leads:resident_report_list": List("resident_report", export=True),
    "leads:resident_report_detail": Detail("resident_report"),
    "leads:indicators": Summary(),
    "leads:visit_list": Summary(),
    "leads:card_list": Summary(),
    "leads:store": Summary(),
    "leads:my_points": Summary(),
    "leads:home": Summary(),
    "GET /api/v1/leads": List("lead", query=SEARCH),
    "GET /api/v1/leads/{lead_id}": Detail("lead"),
    "POST /api/v1/leads": Create(data=_lead_body),
    "POST /api/v1/leads/{lead_id}/submit": Action("lead", data=lambda lead: {"note": MATRIX}),
    "POST /api/v1/leads/{lead_id}/judge": Action("reported_lead", data=lambda lead: {"adopt": True}),
    "GET /api/v1/leads/informants/": List("informant"),
    "GET /api/v1/leads/informants/{informant_id}": Detail("informant"),
    "GET /api/v1/patrols/routes": List("patrol_route"),
    "POST /api/v1/patrols/checkins": Create(data=_checkin_body),
    "GET /api/v1/points/me": Summary(),
    "GET /api/v1/points/store": Summary(),
}
