"""How the route matrix exercises casework (docs/adr/0004, ADR 0007): disputes with their parties, agreements,
repeat candidates, the mediator pool and the mediator's own hand-overs (a 调解员 account per station), hand-over
files, the stations' time limits; incidents with their people and notices. Every page, export, API operation and
download of the app is declared here (规范001 第一百零九条)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework import services
from casework.models import HandoverFile, Incident, IncidentPerson, RepeatCandidate
from inspections.notices import notice_issue
from org.models import OrgUnit, OrgUnitKind
from org.services import org_unit_create
from registry.models import Resident
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary
from web.tests.matrix_people import id_number, phone

SEARCH = {"q": MATRIX}
PUSH = ("command_room",)  # 综合指挥室 pushes incidents and orders a fraud victim's dissuasion (第七十七条)


def _now():
    return timezone.now()


def make_incident(side):
    incident = _incident(side)
    IncidentPerson.objects.create(incident=incident, name=side.mark, role="party", added_on=timezone.localdate())
    return incident


def _incident(side):
    return Incident.objects.create(
        beat=side.beat,
        kind="criminal",
        subkind="fraud",
        source="officer",
        summary=MATRIX,
        place_text=side.mark,
        reported_at=_now() - timedelta(hours=2),
        has_scene=True,
        officer=side.officer,
        recorded_by=side.officer,
    )


def make_filed_incident(side):
    """A case filed in 警综 (only a filed case is closed)."""
    return services.incident_file(
        acting_user=side.officer, incident=make_incident(side), filed_on=timezone.localdate(), case_number=MATRIX
    )


def _resident(side) -> Resident:
    return Resident.objects.create(
        name=side.mark, id_number=id_number(side), phone=phone(side), population_type="registered", org_unit=side.beat
    )


def make_person(side):
    person = IncidentPerson.objects.create(
        incident=_incident(side), name=side.mark, role="victim", added_on=timezone.localdate()
    )
    person.matrix_resident = _resident(side)  # a registered resident of the beat to link the person to
    return person


def make_notice(side):
    incident = make_incident(side)
    return notice_issue(
        acting_user=side.officer,
        kind="police_tip",
        org_unit=side.beat,
        subject=("incident", incident.pk),
        recipient=side.mark,
        content={"facts": MATRIX, "advice": MATRIX},
    )


# ---------------------------------------------------------------- disputes and mediation


def _dispute(side, *, hours=2, parties=None):
    return services.dispute_record(
        acting_user=side.officer,
        beat=side.beat,
        domain="neighbour",
        source="call",
        summary=MATRIX,
        place_text=side.mark,
        reported_at=_now() - timedelta(hours=hours),
        risk_level="low",
        parties=parties or [{"name": side.mark, "phone": phone(side)}],
    )


def make_dispute(side):
    return _dispute(side)


def make_dispute_party(side):
    """A party who is a registered resident (a marking request needs one)."""
    return _dispute(side, parties=[{"resident": _resident(side)}]).parties.get()


def make_agreement(side):
    return services.agreement_record(
        acting_user=side.officer,
        dispute=_dispute(side),
        reached=True,
        parties_text=side.mark,
        terms=MATRIX,
        signed_on=timezone.localdate(),
    )


def make_candidate(side):
    """The system's proposal that a dispute repeats an earlier one of the same parties and place."""
    earlier = _dispute(side, hours=5)
    return RepeatCandidate.objects.get(dispute=_dispute(side, hours=4), earlier=earlier)


def make_repeat(side):
    """A dispute with an earlier one of the station that it may be marked a repeat of by hand."""
    earlier = _dispute(side, hours=7)
    dispute = _dispute(side, hours=6)
    dispute.matrix_earlier = earlier
    return dispute


def make_mediator(side):
    """The station's mediator, signed in as the side's 调解员 account (users["mediator"])."""
    return services.mediator_register(
        acting_user=side.lead,
        org_unit=side.station,
        data={
            "name": side.mark,
            "kind": "people_mediator",
            "organization": MATRIX,
            "tags": ["人"],
            "phone": phone(side),
            "user": side.users.get("mediator"),
        },
    )


def _files():
    return {
        "evidence": [SimpleUploadedFile("取证.pdf", b"%PDF-1.4\n% evidence\n", content_type="application/pdf")],
        "intake": [SimpleUploadedFile("接报.jpg", b"\xff\xd8\xff\xe0intake", content_type="image/jpeg")],
    }


def make_handover(side):
    return services.handover_create(
        acting_user=side.officer,
        dispute=_dispute(side),
        mediator=side.made["mediator"],
        files=_files(),
        note=MATRIX,
    )


def make_handover_file(side):
    return HandoverFile.objects.filter(handover=make_handover(side)).order_by("pk").first()


def _sibling_beat(dispute):
    """Another beat of the dispute's station (made for the neighbouring city, which has one beat)."""
    station = dispute.beat.parent
    sibling = OrgUnit.objects.filter(parent=station, kind=OrgUnitKind.BEAT).exclude(pk=dispute.beat_id).order_by("pk")
    return sibling.first() or org_unit_create(
        acting_user=None, kind=OrgUnitKind.BEAT, name=f"{MATRIX}配合区", code=f"MXC{dispute.beat.code}", parent=station
    )


RECORDS = {
    # a list's export trails each dispute; opening one trails each of its parties (casework.services.dispute_read)
    "dispute": Record(
        make=make_dispute,
        trail="dispute",
        opened=lambda d: ("dispute_party", d.parties.values_list("pk", flat=True)),
    ),
    "dispute_party": Record(make=make_dispute_party),
    "dispute_agreement": Record(make=make_agreement),
    "dispute_candidate": Record(make=make_candidate),
    "dispute_repeat": Record(make=make_repeat),
    "mediator": Record(make=make_mediator, secrets=lambda m: [m.phone]),
    "handover": Record(make=make_handover),
    "handover_file": Record(make=make_handover_file),
    # as a dispute: the export trails each incident, opening one each person involved
    "incident": Record(
        make=make_incident,
        trail="incident",
        opened=lambda i: ("incident_person", i.people.values_list("pk", flat=True)),
    ),
    "incident_filed": Record(make=make_filed_incident),
    "incident_person": Record(make=make_person),
    "incident_notice": Record(make=make_notice),
}


def _incident_form(side):
    return {
        "beat": side.beat.pk,
        "kind": "criminal",
        "subkind": "burglary",
        "source": "officer",
        "summary": MATRIX,
        "place_text": MATRIX,
        "has_scene": "on",
        "reported_at": timezone.localtime(_now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }


def _incident_body(side):
    form = _incident_form(side)
    return {
        **form,
        "beat_id": form.pop("beat"),
        "has_scene": True,
        "reported_at": (_now() - timedelta(hours=1)).isoformat(),
    }


def _push_body(side):
    return {**_incident_body(side), "source": "command_room"}


def _follow_up(i):
    return {
        "kind": "other",
        "visited_on": timezone.localdate().isoformat(),
        "visited": MATRIX,
        "content": MATRIX,
        "risk_level": "low",
        "satisfaction": "satisfied",
    }


def _notice(i):
    return {"kind": "police_tip", "recipient": MATRIX, "facts": MATRIX, "advice": MATRIX}


def _dispute_form(side):
    return {
        "beat": side.beat.pk,
        "domain": "neighbour",
        "source": "call",
        "summary": MATRIX,
        "place_text": MATRIX,
        "reported_at": timezone.localtime(_now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "risk_level": "low",
        "party1_name": MATRIX,
        "party1_role": "party",
    }


def _dispute_body(side):
    return {
        "beat_id": side.beat.pk,
        "domain": "neighbour",
        "source": "call",
        "summary": MATRIX,
        "place_text": MATRIX,
        "reported_at": (_now() - timedelta(hours=1)).isoformat(),
        "risk_level": "low",
        "parties": [{"name": MATRIX}],
    }


def _today():
    return timezone.localdate().isoformat()


def _action(d):
    return {"kind": "onsite", "note": MATRIX, "outcome": "success"}


def _dispute_follow_up(d):
    return {
        "visited_on": _today(),
        "visited": MATRIX,
        "progress": MATRIX,
        "risk_level": "low",
        "satisfaction": "satisfied",
    }


def _agreement_form(d):
    return {"reached": "1", "parties_text": MATRIX, "terms": MATRIX, "signed_on": _today()}


def _handover_form(d):
    mediator = d.beat.parent.mediators.order_by("pk").first()
    return {"mediator": mediator.pk if mediator else "", "note": MATRIX, **_files()}


def _handover_body(d):
    mediator = d.beat.parent.mediators.order_by("pk").first()
    return {"mediator_id": mediator.pk if mediator else 0, "note": MATRIX, **_files()}


def _mediator_form(side):
    return {"org_unit": side.station.pk, "name": MATRIX, "kind": "lawyer", "organization": MATRIX, "is_active": "on"}


def _earlier(d):
    return {"earlier": d.matrix_earlier.pk}


ROUTES = {
    "casework:dispute_list": List("dispute", query=SEARCH, export=True),
    "casework:dispute_new": Create(data=_dispute_form),
    "casework:dispute_indicators": Summary(),
    "casework:dispute_detail": Detail("dispute"),
    "casework:party_new": Action("dispute", data=lambda d: {"name": MATRIX, "role": "party"}),
    "casework:assist_new": Action("dispute", data=lambda d: {"unit": _sibling_beat(d).pk, "relation": "residence"}),
    "casework:risk_edit": Action("dispute", data=lambda d: {"risk_level": "medium", "risk_note": MATRIX}),
    "casework:action_new": Action("dispute", data=_action),
    "casework:follow_up_new": Action("dispute", data=_dispute_follow_up),
    "casework:agreement_new": Action("dispute", data=_agreement_form),
    "casework:resolve": Action("dispute", data=lambda d: {"resolved_on": _today(), "resolution": MATRIX}),
    "casework:repeat_mark": Action("dispute_repeat", data=_earlier),
    "casework:handover_new": Action("dispute", data=_handover_form),
    "casework:agreement_performance": Action(
        "dispute_agreement", data=lambda a: {"performed": "1", "checked_on": _today()}
    ),
    "casework:candidate_decide": Action("dispute_candidate", data=lambda c: {"decision": "confirm"}),
    "casework:marking_new": Action("dispute_party", data=lambda p: {"category": "threat", "threat__cause": MATRIX}),
    # the pool is the station's: its lead manages it (an officer picks from it when handing over)
    "casework:mediator_list": List("mediator", query=SEARCH, export=True, roles=("lead",)),
    "casework:mediator_new": Create(data=_mediator_form),
    "casework:mediator_edit": Action("mediator", data=lambda m: {**_mediator_form(m), "org_unit": m.org_unit_id}),
    "casework:my_mediation": List("handover", export=True, roles=("mediator",)),
    "casework:my_handover": Detail("handover", roles=("mediator",)),
    "casework:handover_accept": Action("handover", roles=("mediator",)),
    "casework:handover_result": Action(
        "handover", data=lambda h: {"success": "1", "note": MATRIX}, roles=("mediator",)
    ),
    "casework:handover_file": Download("handover_file"),
    "casework:limits": Summary(),
    "GET /api/v1/disputes": List("dispute", query=SEARCH),
    "POST /api/v1/disputes": Create(data=_dispute_body),
    "GET /api/v1/disputes/indicators": Summary(),
    "GET /api/v1/disputes/{dispute_id}": Detail("dispute"),
    "POST /api/v1/disputes/{dispute_id}/actions": Action("dispute", data=_action),
    "POST /api/v1/disputes/{dispute_id}/follow-ups": Action("dispute", data=_dispute_follow_up),
    "POST /api/v1/disputes/{dispute_id}/agreements": Action(
        "dispute", data=lambda d: {"reached": True, "parties_text": MATRIX, "terms": MATRIX, "signed_on": _today()}
    ),
    "POST /api/v1/disputes/{dispute_id}/resolve": Action(
        "dispute", data=lambda d: {"resolved_on": _today(), "resolution": MATRIX}
    ),
    "POST /api/v1/disputes/{dispute_id}/handovers": Action("dispute", data=_handover_body),
    "POST /api/v1/disputes/agreements/{agreement_id}/performance": Action(
        "dispute_agreement", data=lambda a: {"performed": True, "checked_on": _today()}
    ),
    "POST /api/v1/disputes/candidates/{candidate_id}/decide": Action(
        "dispute_candidate", data=lambda c: {"confirm": True}
    ),
    "POST /api/v1/disputes/parties/{party_id}/marking": Action(
        "dispute_party", data=lambda p: {"category": "threat", "facts": {"cause": MATRIX}}
    ),
    "GET /api/v1/disputes/mediators": List("mediator", query=SEARCH),
    "POST /api/v1/disputes/mediators": Create(
        data=lambda side: {"org_unit_id": side.station.pk, "name": MATRIX, "kind": "lawyer", "organization": MATRIX}
    ),
    "GET /api/v1/disputes/handovers": List("handover", roles=("officer", "lead", "mediator")),
    "POST /api/v1/disputes/handovers/{handover_id}/accept": Action("handover", roles=("mediator",)),
    "POST /api/v1/disputes/handovers/{handover_id}/result": Action(
        "handover", data=lambda h: {"success": True, "note": MATRIX}, roles=("mediator",)
    ),
    "casework:incident_list": List("incident", query=SEARCH, export=True),
    "casework:incident_new": Create(data=_incident_form),
    "casework:incident_push": Create(data=lambda side: {**_incident_form(side), "source": "command_room"}, roles=PUSH),
    "casework:incident_detail": Detail("incident"),
    "casework:incident_arrive": Action(
        "incident", data=lambda i: {"arrived_at": timezone.localtime(_now()).strftime("%Y-%m-%dT%H:%M")}
    ),
    "casework:incident_person_new": Action("incident", data=lambda i: {"name": MATRIX, "role": "party"}),
    "casework:incident_scene_new": Action("incident", data=lambda i: {"step": "protect", "note": MATRIX}),
    "casework:incident_file": Action(
        "incident", data=lambda i: {"filed_on": timezone.localdate().isoformat(), "case_number": MATRIX}
    ),
    "casework:incident_close": Action("incident_filed", data=lambda i: {"closed_on": _today(), "result": MATRIX}),
    "casework:incident_follow_up_new": Action("incident", data=_follow_up),
    "casework:incident_notice_new": Action("incident", data=_notice),
    "casework:incident_person_link": Action(
        "incident_person", data=lambda p: {"id_number": p.matrix_resident.id_number}
    ),
    "casework:incident_person_verify": Action("incident_person"),
    "casework:incident_dissuasion": Action(
        "incident_person",
        data=lambda p: {"due_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
        roles=PUSH,
    ),
    "casework:incident_notice_download": Download("incident_notice"),
    "casework:incident_indicators": Summary(),
    "casework:incident_monthly_notice": Summary(),
    "GET /api/v1/incidents": List("incident", query=SEARCH),
    "POST /api/v1/incidents": Create(data=_incident_body),
    "POST /api/v1/incidents/push": Create(data=_push_body, roles=PUSH),
    "GET /api/v1/incidents/indicators": Summary(),
    "GET /api/v1/incidents/{incident_id}": Detail("incident"),
    "POST /api/v1/incidents/{incident_id}/arrival": Action(
        "incident", data=lambda i: {"arrived_at": _now().isoformat()}
    ),
    "POST /api/v1/incidents/{incident_id}/people": Action("incident", data=lambda i: {"name": MATRIX, "role": "party"}),
    "POST /api/v1/incidents/{incident_id}/scene": Action(
        "incident", data=lambda i: {"step": "protect", "note": MATRIX}
    ),
    "POST /api/v1/incidents/{incident_id}/file": Action(
        "incident", data=lambda i: {"filed_on": timezone.localdate().isoformat(), "case_number": MATRIX}
    ),
    "POST /api/v1/incidents/{incident_id}/follow-ups": Action("incident", data=_follow_up),
    "POST /api/v1/incidents/{incident_id}/notices": Action("incident", data=_notice),
    "POST /api/v1/incidents/{incident_id}/close": Action(
        "incident_filed", data=lambda i: {"closed_on": timezone.localdate().isoformat(), "result": MATRIX}
    ),
    "GET /api/v1/incidents/monthly-notice": Summary(url=lambda side: {"unit_id": side.beat.pk}),
    "POST /api/v1/incidents/people/{person_id}/link": Action(
        "incident_person", data=lambda p: {"resident_id": p.matrix_resident.pk}
    ),
    "POST /api/v1/incidents/people/{person_id}/verify": Action("incident_person"),
    "POST /api/v1/incidents/people/{person_id}/dissuasion": Action(
        "incident_person",
        data=lambda p: {"due_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
        roles=PUSH,
    ),
}
