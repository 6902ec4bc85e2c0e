"""规范001 第九十八条、第九十九条: care recipients of the five groups (a label on the resident), home visits on a
schedule that is data, a warning (第九十九条(二)) becomes a visit task for the beat officer; masked, scoped, every
opening on the access trail."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AccessRecord
from outreach import errors, selectors, services
from outreach.catalogue import CARE_LABEL
from registry.models import Resident
from tasks.models import Message, TaskStatus

from .factories import at, beat_of, tasks_for

pytestmark = pytest.mark.django_db


def _resident(officer, n=0):
    return Resident.objects.filter(org_unit=beat_of(officer), is_active=True).order_by("-pk")[n]


def test_art99_3_care_recipient_gets_the_label_and_a_first_visit_within_seven_days(users):
    officer = users["officer"]
    resident = _resident(officer)
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        recipient = services.care_recipient_add(acting_user=officer, resident=resident, group="severely_disabled",
                                                since=date(2026, 11, 2))  # fmt: skip
    resident.refresh_from_db()
    assert CARE_LABEL in resident.labels
    [task] = tasks_for("care_recipient", recipient.pk)
    assert (task.obligation_code, task.due_on, task.assignee) == (
        "art99_3_care_visit_severely_disabled",
        date(2026, 11, 9),
        officer,
    )
    with pytest.raises(ValidationError) as err:
        services.care_recipient_add(acting_user=officer, resident=resident, group="severely_disabled")
    assert err.value.message_dict == {"group": [errors.CARE_ACTIVE.format(group="重度残疾人")]}
    with time_machine.travel(at(date(2026, 11, 6)), tick=False):
        services.care_visit_record(acting_user=officer, recipient=recipient, visited_on=date(2026, 11, 6),
                                   situation="生活基本能自理，联系残联送轮椅")  # fmt: skip
    [done] = tasks_for("care_recipient", recipient.pk, open_only=False)[:1]
    assert done.status == TaskStatus.CLOSED
    [nxt] = tasks_for("care_recipient", recipient.pk)
    assert nxt.due_on == date(2026, 12, 4)  # monthly after the visit (row data), 12-06 is a Sunday → Friday
    services.care_recipient_end(acting_user=officer, recipient=recipient)
    resident.refresh_from_db()
    assert CARE_LABEL not in resident.labels


def test_art99_2_warning_becomes_a_visit_task_for_the_beat_officer(users):
    officer, auxiliary = users["officer"], users["auxiliary"]
    recipient = services.care_recipient_add(acting_user=officer, resident=_resident(officer, 1), group="elderly_alone",
                                            since=timezone.localdate() - timedelta(days=30))  # fmt: skip
    alert = services.care_alert_raise(
        acting_user=auxiliary, recipient=recipient, description="连续两天未见老人出门取奶"
    )
    [task] = tasks_for("care_alert", alert.pk)
    assert task.obligation_code == "art99_2_care_alert_visit" and task.assignee == officer
    assert task.due_at == alert.raised_at + timedelta(hours=24)
    assert Message.objects.filter(recipient=officer, key=f"outreach:care_alert:{alert.pk}").exists()
    services.care_visit_record(acting_user=officer, recipient=recipient, visited_on=timezone.localdate(),
                               situation="老人感冒卧床，已联系社区医生上门")  # fmt: skip
    alert.refresh_from_db()
    assert alert.closed_at is not None
    assert tasks_for("care_alert", alert.pk) == []


def test_care_detail_masked_trailed_and_out_of_scope_404(users, login, client):
    officer = users["officer"]
    resident = _resident(officer, 2)
    recipient = services.care_recipient_add(acting_user=officer, resident=resident, group="other")
    login("auxiliary")
    page = client.get(f"/outreach/care/{recipient.pk}/?unmask=1").content.decode()
    assert resident.id_number not in page  # an auxiliary may not unmask
    assert AccessRecord.objects.filter(object_type="care_recipient", object_id=str(recipient.pk)).exists()
    login("officer2")
    assert client.get(f"/outreach/care/{recipient.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.care_alert_raise(acting_user=users["officer2"], recipient=recipient, description="x")
    assert not selectors.care_list(user=users["officer2"]).filter(pk=recipient.pk).exists()
