"""Demo special subjects: one of every category of 第三十七条 in the demo's first station, marked by the beat's
officer, most approved by the station lead and two still pending, dated relative to today so the workbench shows
upcoming (never today's or overdue) work. Deterministic; idempotent (does nothing when subjects exist)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from registry.models import Resident

from .models import SpecialSubject, SubjectApproval
from .services import special_subject_mark, subject_approval_decide, subject_risk_refresh


def _rows(today: date) -> list[tuple[str, dict, int | None, bool]]:
    """(category, facts, approved how many days ago (None = pending), on the officer's own beat)."""
    d = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    return [
        ("dv_perpetrator", {"warning_served_on": d(-3), "victim": "配偶"}, 2, True),
        ("threat", {"cause": "投资失败，扬言报复"}, 30, True),
        ("released_prisoner", {"released_on": d(-60)}, 10, True),
        ("drug_user", {"risk_category": "high"}, 170, True),
        ("mental_patient", {"guardian": "母亲", "care_group": "社区关爱帮扶小组"}, 100, True),
        ("other", {"basis": "上级通报"}, 10, True),
        ("state_security", {"basis": "上级通报"}, None, True),
        # Categories with monthly or term deadlines sit on the station's second beat (their dates follow the
        # calendar month, so on the officer's own beat they could fall due today).
        # Pending: its term-end window lies in a year chinese-calendar may not know yet, and a run would say so.
        ("deprived_rights", {"term_start": d(-200), "term_end": d(165), "reported_on": d(-40)}, None, False),
        (
            "minor",
            {"measure": "责令接受心理辅导", "measure_start": d(-30), "measure_end": d(150), "guardian": "父亲"},
            28,
            False,
        ),
        (
            "bail",
            {"deciding_organ": "江枫市公安局", "term_start": d(-20), "term_end": d(160), "reported_on": d(-18)},
            18,
            False,
        ),
        (
            "surveillance",
            {"deciding_organ": "江枫市公安局", "term_start": d(-2), "term_end": d(178), "reported_on": d(-1)},
            1,
            False,
        ),
    ]


@transaction.atomic
def seed_subjects(*, today: date | None = None) -> int:
    if SpecialSubject.objects.exists():
        return 0
    officer = User.objects.filter(username="demo_officer").first()
    lead = User.objects.filter(username="demo_lead").first()
    if officer is None or lead is None:
        return 0
    today = today or timezone.localdate()
    beat = RoleAssignment.objects.get(user=officer, role=Role.OFFICER).org_unit
    other_beat = beat.parent.children.filter(kind=beat.kind).exclude(pk=beat.pk).order_by("path").first() or beat
    pools = {
        True: list(Resident.objects.filter(org_unit=beat, is_active=True).order_by("pk")),
        False: list(Resident.objects.filter(org_unit=other_beat, is_active=True).order_by("pk")),
    }
    other_officer = RoleAssignment.objects.filter(org_unit=other_beat, role=Role.OFFICER).order_by("user_id").first()
    made = 0
    for category, facts, approved_ago, own_beat in _rows(today):
        pool = pools[own_beat] or pools[True]
        if not pool:
            break
        person = pool.pop(0)
        # The other beat's officer marks there (the system when that beat has no officer account).
        who = officer if person.org_unit_id == beat.pk else (other_officer.user if other_officer else None)
        subject = special_subject_mark(acting_user=who, resident=person, category=category, facts=facts, today=today)
        if approved_ago is not None:
            approval = SubjectApproval.objects.get(subject=subject)
            day = today - timedelta(days=approved_ago)
            subject_approval_decide(acting_user=lead, approval=approval, approve=True, today=day)
        made += 1
    subject_risk_refresh(acting_user=None, today=today)
    return made
