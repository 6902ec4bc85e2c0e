"""Helpers for subject tests: a fresh resident on a beat, a marking approved by the station lead."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RoleAssignment
from accounts.roles import Role
from registry.models import PopulationType, Resident
from subjects.models import SpecialSubject, SubjectApproval
from subjects.services import special_subject_mark, subject_approval_decide
from tasks.models import OPEN_STATUSES, Task


def beat_of(user):
    return RoleAssignment.objects.filter(user=user, role__in=[Role.OFFICER, Role.AUXILIARY]).first().org_unit


def resident(beat, name="测试人员"):
    return Resident.objects.create(name=name, population_type=PopulationType.REGISTERED, org_unit=beat)


def marked(users, category, facts, *, on: date, officer="officer", lead="lead", name="测试对象") -> SpecialSubject:
    """Marked by the officer and approved by the lead on ``on``."""
    person = resident(beat_of(users[officer]), name=name)
    subject = special_subject_mark(
        acting_user=users[officer], resident=person, category=category, facts=facts, today=on
    )
    approval = SubjectApproval.objects.get(subject=subject)
    subject_approval_decide(acting_user=users[lead], approval=approval, approve=True, today=on)
    subject.refresh_from_db()
    return subject


def open_tasks(subject, code=None):
    qs = Task.objects.filter(record_type="special_subject", record_id=subject.record_id, status__in=OPEN_STATUSES)
    if code:
        qs = qs.filter(obligation_code=code)
    return list(qs.order_by("due_on", "id"))


def due(subject, code):
    return [t.due_on for t in open_tasks(subject, code)]


def upload(name="record.jpg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xffevidence", content_type="image/jpeg")
