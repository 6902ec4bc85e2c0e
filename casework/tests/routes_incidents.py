"""How the route matrix exercises the incident pages and API (docs/adr/0004, ADR 0007), in the format of
``inspections/tests/routes.py``.

Kept under this name, not ``casework/tests/routes.py``, on purpose: the matrix treats an app with a ``routes.py`` as
declaring *all* its routes, and casework's dispute, mediation and limit routes are not declared yet — naming this file
``routes.py`` would fail ``test_every_route_is_declared_or_exempt`` for them. When the dispute routes are declared,
merge these ``RECORDS``/``ROUTES`` into ``casework/tests/routes.py``."""

from datetime import timedelta

from django.utils import timezone

from casework.models import Incident, IncidentPerson
from inspections.notices import notice_issue
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary

SEARCH = {"q": MATRIX}


def _now():
    return timezone.now()


def make_incident(side):
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


def make_person(side):
    return IncidentPerson.objects.create(
        incident=make_incident(side), name=side.mark, role="victim", added_on=timezone.localdate()
    )


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


RECORDS = {
    "incident": Record(make=make_incident),
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


ROUTES = {
    "casework:incident_list": List("incident", query=SEARCH, export=True),
    "casework:incident_new": Create(data=_incident_form),
    "casework:incident_push": Create(data=lambda side: {**_incident_form(side), "source": "command_room"}),
    "casework:incident_detail": Detail("incident"),
    "casework:incident_arrive": Action(
        "incident", data=lambda i: {"arrived_at": timezone.localtime(_now()).strftime("%Y-%m-%dT%H:%M")}
    ),
    "casework:incident_person_new": Action("incident", data=lambda i: {"name": MATRIX, "role": "party"}),
    "casework:incident_scene_new": Action("incident", data=lambda i: {"step": "protect", "note": MATRIX}),
    "casework:incident_file": Action(
        "incident", data=lambda i: {"filed_on": timezone.localdate().isoformat(), "case_number": MATRIX}
    ),
    "casework:incident_close": Action("incident", data=lambda i: {"closed_on": "", "result": MATRIX}),
    "casework:incident_follow_up_new": Action("incident", data=_follow_up),
    "casework:incident_notice_new": Action("incident", data=_notice),
    "casework:incident_person_link": Action("incident_person", data=lambda p: {"id_number": MATRIX}),
    "casework:incident_person_verify": Action("incident_person"),
    "casework:incident_dissuasion": Action(
        "incident_person", data=lambda p: {"due_on": (timezone.localdate() + timedelta(days=3)).isoformat()}
    ),
    "casework:incident_notice_download": Download("incident_notice"),
    "casework:incident_indicators": Summary(),
    "casework:incident_monthly_notice": Summary(),
    "GET /api/v1/incidents": List("incident", query=SEARCH),
    "POST /api/v1/incidents": Create(data=_incident_body),
    "POST /api/v1/incidents/push": Create(data=_push_body),
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
    "POST /api/v1/incidents/people/{person_id}/verify": Action("incident_person"),
    "POST /api/v1/incidents/people/{person_id}/dissuasion": Action(
        "incident_person", data=lambda p: {"due_on": (timezone.localdate() + timedelta(days=3)).isoformat()}
    ),
}
