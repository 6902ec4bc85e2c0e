"""How the route matrix exercises 一标三实 (docs/adr/0004): addresses, residents (a person's record: on the access
trail, ID and phone masked in lists, exports and detail), houses, organisations, quality findings, duplicate
candidates and the officer's own import jobs."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from registry.models import (
    Address,
    AddressLevel,
    DuplicateCandidate,
    House,
    ImportJob,
    ImportStatus,
    Organization,
    QualityFinding,
    Resident,
)
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary
from web.tests.matrix_people import id_number, phone

SEARCH = {"q": MATRIX}


def _address(side, n: int) -> Address:
    name = f"{side.mark}路{n}号"
    return Address.objects.create(
        level=AddressLevel.DOOR, name=name, code=f"MX{side.beat.code}{n}", full_text=name, org_unit=side.beat
    )


def make_address(side):
    return _address(side, 1)


def make_house(side):
    return House.objects.create(address=_address(side, 2), owner_name=side.mark, org_unit=side.beat)


def _resident(side, name: str, number: str | None = None) -> Resident:
    return Resident.objects.create(
        name=name,
        id_number=number or id_number(side),
        phone=phone(side),
        population_type="registered",
        address_text=f"{side.mark}路2号",
        house=side.made.get("house"),
        org_unit=side.beat,
    )


def make_resident(side):
    return _resident(side, side.mark)


def make_organization(side):
    return Organization.objects.create(
        name=side.mark, category="enterprise", address_text=f"{side.mark}路3号", org_unit=side.beat
    )


def make_finding(side):
    resident = side.made["resident"]
    return QualityFinding.objects.create(
        kind="id_gender_mismatch",
        object_type="resident",
        object_id=resident.pk,
        object_label=side.mark,
        detail=MATRIX,
        org_unit=side.beat,
    )


def make_candidate(side):
    first = side.made["resident"]
    twin = _resident(side, side.mark)
    return DuplicateCandidate.objects.create(resident=twin, other=first, reasons=[MATRIX], score=0.99)


def make_import_job(side):
    report = Path(settings.MEDIA_ROOT) / "imports" / f"matrix-report-{side.beat.pk}.xlsx"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_bytes(b"PK")
    return ImportJob.objects.create(
        kind="resident",
        user=side.officer,
        file_name=f"{side.mark}.csv",
        file_path=str(report),
        status=ImportStatus.DONE,
        report_path=str(report),
        finished_at=timezone.now(),
    )


RECORDS = {
    "address": Record(make=make_address),
    "house": Record(make=make_house),
    "resident": Record(make=make_resident, trail="resident", secrets=lambda r: [r.id_number, r.phone]),
    "organization": Record(make=make_organization),
    "finding": Record(make=make_finding),
    "duplicate_candidate": Record(make=make_candidate),
    "import_job": Record(make=make_import_job),
}


def _resident_form(side):
    return {
        "name": side.mark + "新",
        "id_number": id_number(side),
        "population_type": "registered",
        "address_text": f"{side.mark}路1号",
        "org_unit": side.beat.pk,
    }


def _new_door(side) -> str:
    """A door number not registered yet on a road of the side's beat (the resolver adds it to the address tree)."""
    road = Address.objects.filter(org_unit=side.beat, level=AddressLevel.ROAD).order_by("pk").first()
    return f"{road.full_text}{900 + side.beat.pk % 90}号"


def _resident_edit(resident):
    return {
        "name": resident.name,
        "id_number": resident.id_number,
        "phone": resident.phone,
        "population_type": resident.population_type,
        "address_text": resident.address_text,
        "org_unit": resident.org_unit_id,
    }


def _organization_form(organization):
    return {
        "name": organization.name,
        "category": organization.category,
        "address_text": organization.address_text,
        "org_unit": organization.org_unit_id,
        "staff_count": organization.staff_count + 7,
    }


ROUTES = {
    "registry:address_list": List("address", query=SEARCH, export=True),
    "registry:resident_list": List("resident", query=SEARCH, export=True),
    "registry:resident_new": Create(data=_resident_form),
    "registry:resident_detail": Detail("resident"),
    "registry:resident_edit": Action("resident", data=_resident_edit),
    "registry:house_list": List("house", query=SEARCH, export=True),
    "registry:house_new": Create(data=lambda side: {"address_text": _new_door(side), "use": "owner_occupied"}),
    "registry:house_detail": Detail("house"),
    "registry:rental_new": Action("house", data=lambda house: {"start": date(2026, 11, 1).isoformat()}),
    "registry:organization_list": List("organization", query=SEARCH, export=True),
    "registry:organization_new": Create(
        data=lambda side: {
            "name": side.mark + "新",
            "category": "enterprise",
            "address_text": f"{side.mark}路1号",
            "org_unit": side.beat.pk,
        }
    ),
    "registry:organization_detail": Detail("organization"),
    "registry:organization_edit": Action("organization", data=_organization_form),
    "registry:finding_list": List("finding", query={"per_page": 200}, export=True),
    "registry:finding_detail": Action("finding", data=lambda f: {"outcome": MATRIX}),
    "registry:candidate_list": List("duplicate_candidate", query={"per_page": 200}, export=True),
    "registry:candidate_detail": Detail("duplicate_candidate"),
    "registry:candidate_decide": Action("duplicate_candidate", data=lambda c: {"decision": "distinct"}),
    # Import jobs are their submitter's own (registry.selectors.import_job_list): the officer's.
    "registry:import": Summary(),
    "registry:import_job": Detail("import_job", roles=("officer",)),
    "registry:import_report": Download("import_job", roles=("officer",)),
    "registry:indicators": Summary(),
    "GET /api/v1/registry/residents": List("resident", query=SEARCH),
    "POST /api/v1/registry/residents": Create(data=lambda side: {**_resident_form(side), "org_unit_id": side.beat.pk}),
    "GET /api/v1/registry/residents/{resident_id}": Detail("resident"),
    "GET /api/v1/registry/duplicates": List("duplicate_candidate", query={"page_size": 200}),
    "GET /api/v1/registry/findings": List("finding", query={"page_size": 200}),
    "GET /api/v1/registry/indicators": Summary(),
}

EXEMPT = {
    "registry:import_template": "导入模板（固定表头与填写说明，不含记录）",
}
