"""规范001 第二十七条 (网格员 collect for the officer), 第二十九条 (核查即录入): a grid worker's report of a new
resident waits for the beat officer; nothing enters the registry until the officer confirms it. The grid worker
sees only their own reports and cannot decide; another station does not see it at all."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from leads import services
from leads.models import ResidentReport
from registry.models import Resident
from tasks.models import Message

from .factories import unit_of

pytestmark = pytest.mark.django_db
NUMBER = "330621199001011234"


def _submit(client):
    return client.post(
        "/leads/residents/new/",
        {"kind": "new", "name": "周晓峰", "gender": "男", "id_number": NUMBER, "phone": "13905751234"}
        | {"address_text": "江枫小区5幢302室", "detail": "10月起租住"},
    )


def test_art27_new_resident_waits_for_the_officer_then_enters_the_registry(login, client, users):
    login("grid")
    before = ResidentReport.objects.count()
    # the field-by-field check: a name and an address at least, a malformed ID number refused on its field
    response = client.post("/leads/residents/new/", {"kind": "new", "id_number": "12345"})
    html = response.content.decode()
    assert response.status_code == 200 and "请填写姓名" in html and "请填写居住地址" in html
    assert "公民身份号码应为18位" in html
    assert ResidentReport.objects.count() == before
    assert _submit(client).status_code == 302
    report = ResidentReport.objects.get(name="周晓峰")
    assert report.status == "pending" and report.reported_by == users["grid"]
    assert report.org_unit == unit_of(users["grid"])
    # then nothing is in the registry yet, and the beat officer is told
    assert not Resident.objects.filter(id_number=NUMBER).exists()
    assert Message.objects.filter(recipient=users["officer"], key=f"resident-report-{report.pk}").exists()
    # the grid worker sees their report (ID masked) but cannot decide it
    page = client.get(f"/leads/residents/{report.pk}/").content.decode()
    assert NUMBER not in page and "待民警核实" in page and 'value="confirm"' not in page
    client.post(f"/leads/residents/{report.pk}/", {"decision": "confirm"})
    report.refresh_from_db()
    assert report.status == "pending" and not Resident.objects.filter(id_number=NUMBER).exists()
    with pytest.raises(PermissionDenied):
        services.resident_report_confirm(acting_user=users["grid"], report=report)
    # another station's officer does not see it
    other = Client()
    login("officer2", other)
    assert other.get(f"/leads/residents/{report.pk}/").status_code == 404
    # the beat officer confirms: the resident is registered through the registry's own service
    login("officer")
    assert "周晓峰" in client.get("/leads/residents/").content.decode()
    response = client.post(f"/leads/residents/{report.pk}/", {"decision": "confirm", "note": "已上门核实"})
    assert response.status_code == 302
    report.refresh_from_db()
    resident = Resident.objects.get(id_number=NUMBER)
    assert (report.status, report.decided_by, report.resident) == ("confirmed", users["officer"], resident)
    assert resident.name == "周晓峰"
    with pytest.raises(ValidationError):
        services.resident_report_reject(acting_user=users["officer"], report=report, note="重复")


def test_art27_rejected_report_needs_a_note_and_never_enters_the_registry(login, client, users):
    login("grid")
    _submit(client)
    report = ResidentReport.objects.get(name="周晓峰")
    with pytest.raises(ValidationError) as refused:
        services.resident_report_reject(acting_user=users["officer"], report=report, note=" ")
    assert refused.value.message_dict == {"note": ["请填写核实情况"]}
    services.resident_report_reject(acting_user=users["officer"], report=report, note="查无此人")
    report.refresh_from_db()
    assert report.status == "rejected" and not Resident.objects.filter(id_number=NUMBER).exists()
