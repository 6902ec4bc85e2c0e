"""Every subjects service writes its operation-log row (操作日志); a refused call writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import OperationLog
from subjects import services
from subjects.models import SubjectApproval

from .factories import beat_of, resident, upload

pytestmark = pytest.mark.django_db


def _actions(before: int) -> list[str]:
    return [r.action for r in OperationLog.objects.order_by("id")[before:]]


def test_every_subject_service_writes_its_operation_log_row(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer, lead, day = users["officer"], users["lead"], date(2025, 3, 3)
    person = resident(beat_of(officer), name="审计对象")

    def run(action, fn):
        before = OperationLog.objects.count()
        result = fn()
        assert action in _actions(before), (action, _actions(before))
        return result

    s = run(
        "special_subject_mark",
        lambda: services.special_subject_mark(
            acting_user=officer, resident=person, category="drug_user", facts={"risk_category": "low"}, today=day
        ),
    )
    approval = SubjectApproval.objects.get(subject=s)
    run(
        "subject_approval_decide",
        lambda: services.subject_approval_decide(acting_user=lead, approval=approval, approve=True, today=day),
    )
    s.refresh_from_db()
    run(
        "visit_record",
        lambda: services.visit_record(
            acting_user=officer,
            subject=s,
            visited_on=day,
            measure="guidance",
            way="in_person",
            met="subject",
            findings="在家",
            today=day,
        ),
    )
    run(
        "subject_record_add",
        lambda: services.subject_record_add(
            acting_user=officer,
            subject=s,
            kind="risk_assessment",
            done_on=day,
            data={"risk_level": "medium"},
            files=[upload()],
            today=day,
        ),
    )
    transfer = run(
        "subject_transfer_notify",
        lambda: services.subject_transfer_notify(
            acting_user=officer, subject=s, to_unit=beat_of(users["officer2"]), notice="迁居"
        ),
    )
    run(
        "subject_transfer_acknowledge",
        lambda: services.subject_transfer_acknowledge(acting_user=users["officer2"], transfer=transfer, today=day),
    )
    run(
        "pushed_warning_push",
        lambda: services.pushed_warning_push(
            acting_user=users["control"], resident=person, content="预警", limit_hours=24
        ),
    )
    s.refresh_from_db()
    run(
        "special_subject_unmark",
        lambda: services.special_subject_unmark(acting_user=users["officer2"], subject=s, reason="条件消失"),
    )


def test_refused_marking_writes_nothing(users):
    person = resident(beat_of(users["officer"]))
    before = OperationLog.objects.count()
    with pytest.raises(PermissionDenied):
        services.special_subject_mark(
            acting_user=users["officer2"], resident=person, category="other", facts={"basis": "x"}
        )
    assert OperationLog.objects.count() == before
    assert not SubjectApproval.objects.filter(subject__resident=person).exists()
