"""How the route matrix exercises the unit-supervision pages and API (docs/adr/0004, ADR 0006)."""

from datetime import timedelta

from django.utils import timezone

from inspections.catalogue import checklist_for
from inspections.models import Hazard, HazardExtension, Inspection, InspectionEvidence, Supervision
from inspections.notices import notice_issue, station_of
from org.models import Staff, StaffKind
from registry.models import Organization
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary, stored_file

SEARCH = {"q": MATRIX}
ITEMS = [i.code for i in checklist_for(key_unit=False, trade=False)]


def _assistant(side):
    station = station_of(side.beat)
    staff = Staff.objects.filter(kind=StaffKind.AUXILIARY, org_unit__path__startswith=station.path).first()
    return staff or Staff.objects.create(name=f"{side.mark}辅警", kind=StaffKind.AUXILIARY, org_unit=side.beat)


def make_unit(side):
    unit = Organization.objects.create(name=side.mark, category="enterprise", org_unit=side.beat)
    Supervision.objects.create(organization=unit, key_parts=MATRIX)
    return unit


def make_inspection(side):
    answers = {code: {"ok": code != "art58_1", "note": MATRIX if code == "art58_1" else ""} for code in ITEMS}
    return Inspection.objects.create(
        organization=make_unit(side),
        org_unit=side.beat,
        kind="regular",
        trigger="standing",
        inspected_on=timezone.localdate(),
        inspector=side.officer,
        assistant=_assistant(side),
        recorder_ref=MATRIX,
        answers=answers,
    )


def make_hazard(side):
    inspection = make_inspection(side)
    deadline = timezone.localdate() + timedelta(days=10)
    hazard = Hazard.objects.create(
        inspection=inspection,
        organization=inspection.organization,
        org_unit=side.beat,
        item_code="art58_1",
        description=side.mark,
        requirement=MATRIX,
        legal_basis="规范001 第六十一条",
        decided_at=timezone.now(),
        original_deadline=deadline,
        deadline=deadline,
        decided_by=side.officer,
    )
    hazard.notice = notice_issue(
        acting_user=side.officer,
        kind="rectification",
        org_unit=side.beat,
        subject=("hazard", hazard.pk),
        recipient=side.mark,
        content={"item": MATRIX, "hazard": side.mark, "requirement": MATRIX},
        deadline=deadline,
    )
    hazard.save(update_fields=["notice"])
    return hazard


def make_extension(side):
    hazard = make_hazard(side)
    return HazardExtension.objects.create(
        hazard=hazard,
        applied_on=timezone.localdate(),
        requested_deadline=hazard.deadline + timedelta(days=10),
        reason=MATRIX,
        officer_opinion=MATRIX,
        recorded_by=side.officer,
    )


RECORDS = {
    "supervised_unit": Record(make=make_unit),
    "inspection": Record(make=make_inspection),
    "hazard": Record(make=make_hazard),
    "hazard_extension": Record(make=make_extension),
    "notice": Record(make=lambda side: make_hazard(side).notice),
    "inspection_evidence": Record(
        make=lambda side: stored_file(InspectionEvidence, inspection=make_inspection(side), uploaded_by=side.officer)
    ),
}


def _inspection_form(unit):
    station = station_of(unit.org_unit)
    assistant = Staff.objects.filter(kind=StaffKind.AUXILIARY, org_unit__path__startswith=station.path).first()
    return {
        "kind": "regular",
        "trigger": "standing",
        "inspected_on": timezone.localdate().isoformat(),
        "assistant": assistant.pk if assistant else "",
        "recorder_ref": MATRIX,
        **{f"item_{code}": "ok" for code in ITEMS},
    }


def _inspection_body(side):
    unit = side.made["supervised_unit"]
    form = _inspection_form(unit)
    return {
        "organization_id": unit.pk,
        "inspected_on": form["inspected_on"],
        "assistant_id": form["assistant"] or None,
        "recorder_ref": MATRIX,
        "answers": {code: {"ok": True} for code in ITEMS},
    }


def _hazard_body(inspection):
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    return {"item_code": "art58_1", "description": MATRIX, "requirement": MATRIX, "deadline": deadline}


def _extension_body(hazard):
    return {
        "applied_on": timezone.localdate().isoformat(),
        "requested_deadline": (hazard.deadline + timedelta(days=5)).isoformat(),
        "reason": MATRIX,
        "officer_opinion": MATRIX,
    }


def _reinspection_form(hazard):
    form = _inspection_form(hazard.organization)
    return {
        "reinspected_on": form["inspected_on"],
        "on_request": "on",
        "assistant": form["assistant"],
        "recorder_ref": MATRIX,
        "result": "rectified",
    }


def _reinspection_body(hazard):
    form = _reinspection_form(hazard)
    assistant = form.pop("assistant")
    return {**form, "on_request": True, "assistant_id": assistant or None}


ROUTES = {
    "inspections:evidence_file": Download("inspection_evidence"),
    "inspections:unit_list": List("supervised_unit", query=SEARCH, export=True),
    "inspections:unit_detail": Detail("supervised_unit"),
    "inspections:supervision_edit": Action("supervised_unit", data=lambda u: {"supervised_by": "station"}),
    "inspections:inspection_new": Action("supervised_unit", data=_inspection_form),
    "inspections:inspection_detail": Detail("inspection"),
    "inspections:hazard_new": Action("inspection", data=_hazard_body),
    "inspections:hazard_list": List("hazard", query=SEARCH, export=True),
    "inspections:hazard_detail": Detail("hazard"),
    "inspections:hazard_file": Action("hazard"),
    "inspections:extension_new": Action("hazard", data=_extension_body),
    "inspections:reinspection_new": Action("hazard", data=_reinspection_form),
    "inspections:notice_download": Download("notice"),
    "inspections:extension_list": List("hazard_extension"),
    "inspections:extension_decide": Action("hazard_extension", data=lambda e: {"decision": "approve"}),
    "inspections:indicators": Summary(),
    "inspections:settings": Summary(),
    "GET /api/v1/inspections/units": List("supervised_unit", query=SEARCH),
    "GET /api/v1/inspections/inspections": List("inspection", query=SEARCH),
    "GET /api/v1/inspections/inspections/{inspection_id}": Detail("inspection"),
    "POST /api/v1/inspections/inspections": Create(data=_inspection_body),
    "POST /api/v1/inspections/inspections/{inspection_id}/hazards": Action("inspection", data=_hazard_body),
    "GET /api/v1/inspections/hazards": List("hazard", query=SEARCH),
    "GET /api/v1/inspections/hazards/{hazard_id}": Detail("hazard"),
    "POST /api/v1/inspections/hazards/{hazard_id}/file": Action("hazard"),
    "GET /api/v1/inspections/extensions": List("hazard_extension", query=SEARCH),
    "POST /api/v1/inspections/hazards/{hazard_id}/extensions": Action("hazard", data=_extension_body),
    "POST /api/v1/inspections/extensions/{extension_id}/decide": Action(
        "hazard_extension", data=lambda e: {"approve": True}
    ),
    "POST /api/v1/inspections/hazards/{hazard_id}/reinspections": Action("hazard", data=_reinspection_body),
    "GET /api/v1/inspections/indicators": Summary(),
}
