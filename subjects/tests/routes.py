"""How the route matrix exercises 特定对象 (docs/adr/0004): subjects (a person's record: on the access trail, ID
masked), marking approvals for the station lead, incoming transfers for the receiving beat, pushed warnings by the
control centre, bulk-read warnings for the auditor."""

from django.utils import timezone

from org.models import OrgUnit, OrgUnitKind
from org.services import org_unit_create
from registry.models import Resident
from subjects.models import (
    BulkReadWarning,
    SpecialSubject,
    SubjectApproval,
    SubjectAttachment,
    SubjectStatus,
    SubjectTransfer,
)
from subjects.services import special_subject_mark, subject_approval_decide
from web.route_matrix import MATRIX, Action, Create, Detail, Download, List, Record, Summary, stored_file
from web.tests.matrix_people import id_number, phone

SEARCH = {"q": MATRIX}
CATEGORY = "drug_user"  # its facts are one choice; it has a record kind of its own (risk_assessment)
FACTS = {"risk_category": "low"}


def _resident(side, beat=None) -> Resident:
    return Resident.objects.create(
        name=side.mark,
        id_number=id_number(side),
        phone=phone(side),
        population_type="registered",
        org_unit=beat or side.beat,
    )


def _subject(side, beat=None, *, approve=True):
    subject = special_subject_mark(
        acting_user=side.officer, resident=_resident(side, beat), category=CATEGORY, facts=FACTS
    )
    if approve:
        approval = SubjectApproval.objects.get(subject=subject)
        subject_approval_decide(acting_user=side.lead, approval=approval, approve=True)
        subject.refresh_from_db()
    return subject


def _sibling_beat(side):
    """Another beat of the side's station (made for the neighbouring city, which has one)."""
    sibling = OrgUnit.objects.filter(parent=side.station, kind=OrgUnitKind.BEAT).exclude(pk=side.beat.pk)
    return sibling.order_by("pk").first() or org_unit_create(
        acting_user=None,
        kind=OrgUnitKind.BEAT,
        name=f"{side.mark}邻区",
        code=f"MXS{side.beat.code}",
        parent=side.station,
    )


def make_subject(side):
    return _subject(side)


def make_approval(side):
    return SubjectApproval.objects.get(subject=_subject(side, approve=False))


def make_transfer(side):
    """A subject of a neighbouring beat of the station, notified to this side's beat (the receiving scope)."""
    sibling = _sibling_beat(side)
    subject = SpecialSubject.objects.create(  # marked and approved there (not this side's officer's to mark)
        resident=_resident(side, sibling),
        category=CATEGORY,
        org_unit=sibling,
        status=SubjectStatus.ACTIVE,
        facts=FACTS,
        effective_on=timezone.localdate(),
    )
    return SubjectTransfer.objects.create(
        subject=subject, from_unit=sibling, to_unit=side.beat, notice=MATRIX, requested_by=side.officer
    )


def make_bulk_read_warning(side):
    return BulkReadWarning.objects.create(
        user=side.officer,
        username=side.mark,
        reads=99,
        window_minutes=10,
        threshold=50,
        window_start=timezone.now(),
        scope_path=side.beat.path,
    )


RECORDS = {
    "special_subject": Record(make=make_subject, trail="special_subject", secrets=lambda s: [s.resident.id_number]),
    "subject_resident": Record(make=_resident),
    "subject_approval": Record(make=make_approval),
    "subject_transfer": Record(make=make_transfer),
    "bulk_read_warning": Record(make=make_bulk_read_warning),
    # opening it writes the subject's access trail (its own test: subjects/tests); here: scope of the download
    "subject_attachment": Record(
        make=lambda side: stored_file(SubjectAttachment, subject=_subject(side), uploaded_by=side.officer)
    ),
}


def _visit_form(subject):
    return {
        "visited_on": timezone.localdate().isoformat(),
        "measure": "investigate",
        "way": "in_person",
        "met": "subject",
        "findings": MATRIX,
    }


ROUTES = {
    "subjects:attachment_file": Download("subject_attachment"),
    "subjects:subject_list": List("special_subject", query=SEARCH, export=True),
    "subjects:station": Summary(),
    "subjects:subject_detail": Detail("special_subject"),
    "subjects:subject_unmark": Action("special_subject", data=lambda s: {"reason": MATRIX}),
    "subjects:visit_new": Action("special_subject", data=_visit_form),
    "subjects:record_new": Action(
        "special_subject",
        url=lambda s: {"kind": "risk_assessment"},
        data=lambda s: {"done_on": timezone.localdate().isoformat(), "risk_level": "medium"},
    ),
    "subjects:transfer_new": Action(
        "special_subject", data=lambda s: {"to_unit": _sibling_beat_of(s).pk, "notice": MATRIX}
    ),
    "subjects:resident_pick": List("subject_resident", query=SEARCH),
    "subjects:subject_mark": Action(
        "subject_resident", data=lambda r: {"category": CATEGORY, f"{CATEGORY}__risk_category": "low"}
    ),
    "subjects:push_warning": Action(
        "subject_resident", data=lambda r: {"content": MATRIX, "limit_hours": 24}, roles=("control_centre",)
    ),
    "subjects:approval_list": List("subject_approval"),
    "subjects:approval_decide": Action("subject_approval", data=lambda a: {"decision": "approve", "note": ""}),
    "subjects:transfer_list": List("subject_transfer"),
    "subjects:transfer_acknowledge": Action("subject_transfer"),
    "subjects:bulk_read_warnings": List("bulk_read_warning", export=True, roles=("auditor",)),
    "GET /api/v1/subjects": List("special_subject", query=SEARCH),
    "GET /api/v1/subjects/{subject_id}": Detail("special_subject"),
    "POST /api/v1/subjects/mark": Create(
        data=lambda side: {"resident_id": side.made["subject_resident"].pk, "category": CATEGORY, "facts": FACTS}
    ),
    "POST /api/v1/subjects/approvals/{approval_id}/decide": Action(
        "subject_approval", data=lambda a: {"approve": True}
    ),
    "POST /api/v1/subjects/{subject_id}/visits": Action("special_subject", data=_visit_form),
}


def _sibling_beat_of(subject):
    beat = subject.org_unit
    return OrgUnit.objects.filter(parent=beat.parent, kind=OrgUnitKind.BEAT).exclude(pk=beat.pk).order_by("pk").first()
