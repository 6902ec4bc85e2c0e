"""How the route matrix exercises the 群众工作 pages and API (docs/adr/0004, ADR 0012): leads in each state an
action needs, the informant registers, visits and cards, patrol routes and points, the store with its ledger, the grid
worker's resident reports. The control centre judges (judge_leads); a volunteer checks in and redeems."""

import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from leads.models import (
    CheckIn,
    CheckInPhoto,
    ContactCard,
    HouseholdVisit,
    Informant,
    Lead,
    MeetingRecord,
    PatrolPoint,
    PatrolRoute,
    PatrolTeam,
    PointsEntry,
    Questionnaire,
    Redemption,
    ResidentReport,
    StoreItem,
)
from registry.models import Address, AddressLevel
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary

CONTROL_CENTRE = ("control_centre",)  # 研判 (第五十一条): judge_leads
VOLUNTEER = ("volunteer",)  # checks in and spends their own points (规范004)
GRID_WORKER = ("grid_worker",)  # reports residents for the officer (第二十七条)

SEARCH = {"q": MATRIX}


def make_lead(side, **extra):
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
        **extra,
    )


def make_actionable_lead(side):
    return make_lead(side, is_actionable=True)


def make_adopted_lead(side):
    lead = make_lead(side, status="adopted", submitted_by=side.officer, submitted_at=timezone.now(), score=2)
    from tasks.tests.routes import make_task

    lead.matrix_task = make_task(side)  # a record of another room to link to
    return lead


def make_resident_lead(side):
    return make_lead(
        side,
        from_resident=True,
        resident_name=side.mark,
        received_on=timezone.localdate(),
        within_duties=True,
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


def make_point(side):
    return make_route(side).points.first()


def _grid(side):
    return side.beat.children.filter(kind__in=("grid", "community")).order_by("path").first() or side.beat


def make_report(side):
    return ResidentReport.objects.create(org_unit=_grid(side), kind="new", name=side.mark, address_text=MATRIX)


def make_visit(side):
    return HouseholdVisit.objects.create(
        org_unit=side.beat,
        address_text=f"{side.mark}{MATRIX}",
        visited_on=timezone.localdate(),
        met_persons=MATRIX,
        content=MATRIX,
        visitor=side.officer,
    )


def _address(side, tag: str) -> Address:
    name = f"{side.mark}{MATRIX}{tag}"
    return Address.objects.create(
        level=AddressLevel.DOOR, name=name, code=f"MXL{tag}{side.beat.code}", full_text=name, org_unit=side.beat
    )


def make_card(side):
    return ContactCard.objects.create(
        org_unit=side.beat, address=_address(side, "卡"), holder_name=MATRIX, issued_on=timezone.localdate()
    )


def _credit(user, unit, points: int):
    from leads.services import points_balance

    return PointsEntry.objects.create(
        org_unit=unit,
        user=user,
        kind="campaign",
        points=points,
        balance_after=points_balance(user) + points,
        source_type="matrix",
        source_id=uuid.uuid4().hex,
        note=MATRIX,
    )


def make_store_item(side):
    """An article of the station's store; the station's volunteer has the points for it."""
    item = StoreItem.objects.create(org_unit=side.station, name=f"{side.mark}{MATRIX}"[:100], cost=5, stock=10)
    if "volunteer" in side.users:
        _credit(side.users["volunteer"], side.station, 20)
    return item


def make_redemption(side):
    item = StoreItem.objects.create(org_unit=side.station, name=f"{side.mark}{MATRIX}兑"[:100], cost=5, stock=10)
    entry = _credit(side.officer, side.beat, -5)
    return Redemption.objects.create(
        item=item, user=side.officer, quantity=1, points=5, entry=entry, redeemed_at=timezone.now()
    )


def make_team(side):
    return PatrolTeam.objects.create(org_unit=side.beat, name=f"{side.mark}{MATRIX}"[:100])


def make_meeting(side):
    return MeetingRecord.objects.create(
        org_unit=side.beat,
        kind="weekly_community",
        held_at=timezone.now(),
        place=f"{side.mark}{MATRIX}",
        met_persons=MATRIX,
        attendees=3,
        topics=MATRIX,
    )


QUESTIONS = [{"code": "q1", "text": MATRIX, "choices": [["1", "知道"], ["2", "不知道"]], "aware": "1"}]


def make_questionnaire(side):
    return Questionnaire.objects.create(org_unit=side.beat, title=f"{side.mark}{MATRIX}", questions=QUESTIONS)


def make_checkin_photo(side):
    point = make_point(side)
    checkin = CheckIn.objects.create(
        route=point.route, point=point, user=side.officer, checked_at=timezone.now(), client_id=uuid.uuid4()
    )
    return CheckInPhoto.objects.create(
        checkin=checkin,
        file=ContentFile(b"\xff\xd8\xff" + side.mark.encode(), name="matrix.jpg"),
        name="签到.jpg",
        content_type="image/jpeg",
        size=12,
    )


RECORDS = {
    "lead": Record(make=make_lead),
    "reported_lead": Record(make=make_reported_lead),
    "informant": Record(make=make_informant),
    "patrol_route": Record(make=make_route),
    "resident_report": Record(make=make_report),
    "actionable_lead": Record(make=make_actionable_lead),
    "adopted_lead": Record(make=make_adopted_lead),
    "resident_lead": Record(make=make_resident_lead),
    "patrol_point": Record(make=make_point),
    "household_visit": Record(make=make_visit),
    "contact_card": Record(make=make_card),
    "card_address": Record(make=lambda side: _address(side, "新")),
    "store_item": Record(make=make_store_item),
    "redemption": Record(make=make_redemption),
    "patrol_team": Record(make=make_team),
    "meeting": Record(make=make_meeting),
    "questionnaire": Record(make=make_questionnaire),
    "checkin_photo": Record(make=make_checkin_photo),
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


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _lead_form(side):
    return {
        "org_unit": side.beat.pk,
        "kind": "hazard",
        "channel": "walk_in",
        "subject_text": MATRIX,
        "occurred_at": _local(timezone.now()),
        "place_text": MATRIX,
        "event": MATRIX,
    }


def _visit_form(side):
    return {
        "org_unit": side.beat.pk,
        "address_text": MATRIX,
        "visited_on": timezone.localdate().isoformat(),
        "met_persons": MATRIX,
        "knows_officer": "true",
        "content": MATRIX,
    }


def _informant_form(side):
    return {
        "org_unit": side.beat.pk,
        "kind": "informant",
        "alias": f"新{MATRIX}",
        "name": MATRIX,
        "recruited_on": timezone.localdate().isoformat(),
    }


def _meeting_form(side):
    return {
        "org_unit": side.beat.pk,
        "kind": "weekly_community",
        "held_at": _local(timezone.now()),
        "place": MATRIX,
        "met_persons": MATRIX,
        "attendees": 3,
        "topics": MATRIX,
        "issues": MATRIX,
        "issue_kind": "sentiment_voice",
    }


def _checkin_body(side):
    return {"point_id": side.made["patrol_route"].points.first().pk, "client_id": str(uuid.uuid4())}


ROUTES = {
    "leads:home": Summary(),
    "leads:lead_list": List("lead", query=SEARCH, export=True),
    "leads:lead_new": Create(data=_lead_form),
    "leads:lead_detail": Detail("lead"),
    "leads:lead_queue": List("reported_lead", query=SEARCH, export=True, roles=CONTROL_CENTRE),
    "leads:lead_oral_report": Action(
        "actionable_lead",
        data=lambda lead: {"oral_report_at": _local(timezone.now()), "oral_report_to": MATRIX},
    ),
    "leads:lead_submit": Action("lead", data=lambda lead: {"note": MATRIX}),
    "leads:lead_judge": Action("reported_lead", data=lambda lead: {"decision": "adopt"}, roles=CONTROL_CENTRE),
    "leads:lead_handle": Action("adopted_lead", data=lambda lead: {"note": MATRIX}),
    "leads:lead_close": Action("adopted_lead", data=lambda lead: {"note": MATRIX}),
    "leads:lead_withdraw": Action("lead", data=lambda lead: {"reason": MATRIX}),
    "leads:lead_feedback": Action("resident_lead", data=lambda lead: {"note": MATRIX}),
    "leads:lead_referral": Action("resident_lead", data=lambda lead: {"referral_to": MATRIX, "note": MATRIX}),
    "leads:lead_link": Action("adopted_lead", data=lambda lead: {"kind": "task", "record_id": lead.matrix_task.pk}),
    "leads:indicators": Summary(),
    "leads:visit_list": List("household_visit", query=SEARCH, export=True),
    "leads:visit_new": Create(data=_visit_form),
    "leads:card_list": List("contact_card", query=SEARCH, export=True),
    "leads:card_new": Create(
        data=lambda side: {
            "address": side.made["card_address"].pk,
            "holder_name": MATRIX,
            "issued_on": timezone.localdate().isoformat(),
        }
    ),
    "leads:informant_list": List("informant", query=SEARCH, export=True),
    "leads:informant_new": Create(data=_informant_form),
    "leads:informant_detail": Detail("informant"),
    "leads:informant_retire": Action("informant", data=lambda informant: {"reason": MATRIX}),
    "leads:route_list": List("patrol_route", query=SEARCH, export=True),
    "leads:route_new": Create(
        data=lambda side: {"org_unit": side.beat.pk, "name": MATRIX, "points": f"{MATRIX}一\n{MATRIX}二"}
    ),
    "leads:route_detail": Detail("patrol_route"),
    "leads:route_edit": Action(
        "patrol_route", data=lambda route: {"name": MATRIX, "points": f"{MATRIX}三", "is_active": "on"}
    ),
    "leads:checkin_photo": Download("checkin_photo"),
    "leads:team_list": List("patrol_team", query=SEARCH, export=True),
    "leads:team_new": Create(data=lambda side: {"org_unit": side.beat.pk, "name": MATRIX}),
    "leads:team_edit": Action("patrol_team", data=lambda team: {"name": MATRIX, "leader_name": MATRIX}),
    "leads:meeting_list": List("meeting", query=SEARCH, export=True),
    "leads:meeting_new": Create(data=_meeting_form),
    "leads:meeting_detail": Detail("meeting"),
    "leads:questionnaire_list": List("questionnaire", query=SEARCH, export=True),
    "leads:questionnaire_new": Create(
        data=lambda side: {"org_unit": side.beat.pk, "title": MATRIX, "questions": "知道民警吗：*知道/不知道"}
    ),
    "leads:questionnaire_detail": Detail("questionnaire"),
    "leads:checkin": Action("patrol_point", data=lambda point: {"client_id": str(uuid.uuid4())}, roles=VOLUNTEER),
    "leads:my_points": Summary(),
    "leads:redeem": Action("store_item", data=lambda item: {"quantity": 1}, roles=VOLUNTEER),
    "leads:store": Summary(),
    "leads:store_item_new": Create(
        data=lambda side: {"station": side.station.pk, "name": MATRIX, "cost": 10, "stock": 3}
    ),
    "leads:award": Create(data=lambda side: {"user": side.users["volunteer"].pk, "kind": "campaign", "note": MATRIX}),
    "leads:hand_over": Action("redemption"),
    "leads:numbers": Create(data=lambda side: {"org_unit": side.station.pk, "code": "points.checkin", "value": 3}),
    "leads:resident_report_list": List("resident_report", export=True),
    "leads:resident_report_new": Create(
        data=lambda side: {"org_unit": _grid(side).pk, "kind": "new", "name": MATRIX, "address_text": MATRIX},
        roles=GRID_WORKER,
    ),
    "leads:resident_report_detail": Detail("resident_report"),
    "GET /api/v1/leads": List("lead", query=SEARCH),
    "GET /api/v1/leads/{lead_id}": Detail("lead"),
    "POST /api/v1/leads": Create(data=_lead_body),
    "POST /api/v1/leads/{lead_id}/oral-report": Action(
        "actionable_lead", data=lambda lead: {"at": timezone.now().isoformat(), "receiver": MATRIX}
    ),
    "POST /api/v1/leads/{lead_id}/submit": Action("lead", data=lambda lead: {"note": MATRIX}),
    "POST /api/v1/leads/{lead_id}/judge": Action(
        "reported_lead", data=lambda lead: {"adopt": True}, roles=CONTROL_CENTRE
    ),
    "GET /api/v1/leads/informants/": List("informant"),
    "GET /api/v1/leads/informants/{informant_id}": Detail("informant"),
    "GET /api/v1/patrols/routes": List("patrol_route"),
    "POST /api/v1/patrols/checkins": Create(data=_checkin_body),
    "GET /api/v1/points/me": Summary(),
    "GET /api/v1/points/store": Summary(),
    "POST /api/v1/points/redemptions": Create(
        data=lambda side: {"item_id": side.made["store_item"].pk, "quantity": 1}, roles=VOLUNTEER
    ),
}
