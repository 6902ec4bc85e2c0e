"""Pages and API over the same services: list masked and scoped, detail on the access trail, visit form errors
in Chinese, approvals page, API mark → approve → visit."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.models import AccessRecord
from rules.calendar import roll
from subjects.models import SubjectApproval, Visit

from .factories import beat_of, due, marked, resident

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_masked_and_detail_is_on_the_trail(login, client, users):
    person = resident(beat_of(users["officer"]), name="列表对象")
    person.id_number = "320505198001011234"
    person.save(update_fields=["id_number"])
    from subjects.services import special_subject_mark, subject_approval_decide

    s = special_subject_mark(acting_user=users["officer"], resident=person, category="threat", facts={"cause": "纠纷"})
    subject_approval_decide(acting_user=users["lead"], approval=SubjectApproval.objects.get(subject=s), approve=True)
    login("officer")
    html = client.get("/subjects/?category=threat").content.decode()
    assert "列表对象" in html and "3205**********1234" in html and "320505198001011234" not in html
    html = client.get(f"/subjects/{s.pk}/").content.decode()
    assert "3205**********1234" in html
    assert (
        AccessRecord.objects.filter(user=users["officer"], object_type="special_subject", object_id=str(s.pk)).count()
        == 1
    )
    login("officer2")
    assert client.get(f"/subjects/{s.pk}/").status_code == 404
    assert "列表对象" not in client.get("/subjects/").content.decode()
    login("auditor")
    assert client.get("/subjects/").status_code == 403


def test_visit_form_shows_chinese_errors_and_writes_nothing(login, client, users):
    s = marked(users, "dv_perpetrator", {"warning_served_on": "2025-03-02"}, on=date(2025, 3, 3))
    login("officer")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/subjects/{s.pk}/visit/",
        {
            "visited_on": tomorrow,
            "measure": "investigate",
            "way": "in_person",
            "met": "",
            "findings": " ",
            "recurrence_found": "unknown",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    for message in (
        "走访日期不能晚于今天",
        "请选择面见/查访对象",
        "请填写了解到的情况",
        "家庭暴力加害人查访须选择是否发现再次实施家庭暴力",
    ):
        assert message in html
    response = client.post(
        f"/subjects/{s.pk}/visit/",
        {
            "visited_on": "2025-03-01",
            "measure": "investigate",
            "way": "in_person",
            "met": "subject",
            "findings": "在家",
            "recurrence_found": "false",
        },
    )
    assert "走访日期不能早于告诫书送达日期（2025-03-02）" in response.content.decode()
    assert Visit.objects.filter(subject=s).count() == 0
    response = client.post(
        f"/subjects/{s.pk}/visit/",
        {
            "visited_on": "2025-03-08",
            "measure": "investigate",
            "way": "in_person",
            "met": "subject",
            "findings": "在家",
            "recurrence_found": "false",
        },
    )
    assert response.status_code == 302
    assert due(s, "art41_5_dv_visit") == [date(2025, 6, 6)]  # 8 June 2025 is a Sunday
    # the timeline shows the marking, the approval, the visit and the tasks (done one at the day it was done)
    page = client.get(f"/subjects/{s.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    for text in (
        "申请标注",
        "所领导已同意标注",
        "调查了解·面见（本人）：在家；未发现再次实施家庭暴力",
        "截止2025-03-07，已办结",
    ):
        assert text in timeline, text
    assert 'data-due="2025-06-06"' in page


def test_mark_page_and_approval_page(login, client, users):
    person = resident(beat_of(users["officer"]), name="页面标注")
    login("officer")
    response = client.post(
        f"/subjects/mark/{person.pk}/", {"category": "dv_perpetrator", "dv_perpetrator__warning_served_on": ""}
    )
    assert "请填写告诫书送达日期" in response.content.decode()
    served = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/subjects/mark/{person.pk}/", {"category": "dv_perpetrator", "dv_perpetrator__warning_served_on": served}
    )
    assert response.status_code == 302
    approval = SubjectApproval.objects.get(subject__resident=person)
    login("lead")
    assert "页面标注" in client.get("/subjects/approvals/").content.decode()
    client.post(f"/subjects/approvals/{approval.pk}/decide/", {"decision": "approve", "note": ""})
    approval.refresh_from_db()
    assert approval.status == "approved"
    login("officer")
    html = client.get(f"/subjects/{approval.subject_id}/").content.decode()
    assert f"{roll(timezone.localdate() + timedelta(days=6)):%Y-%m-%d}" in html  # seven days from the 1st


def test_api_mark_approve_visit(login, client, users):
    person = resident(beat_of(users["officer"]), name="接口对象")
    login("officer")
    r = client.post(
        "/api/v1/subjects/mark",
        {"resident_id": person.pk, "category": "dv_perpetrator", "facts": {"warning_served_on": "2099-01-01"}},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"] == {"warning_served_on": ["告诫书送达日期不能晚于今天"]}
    served = (timezone.localdate() - timedelta(days=2)).isoformat()
    r = client.post(
        "/api/v1/subjects/mark",
        {"resident_id": person.pk, "category": "dv_perpetrator", "facts": {"warning_served_on": served}},
        content_type="application/json",
    )
    assert r.status_code == 201
    subject_id = r.json()["id"]
    approval = SubjectApproval.objects.get(subject_id=subject_id)
    assert (
        client.post(
            f"/api/v1/subjects/approvals/{approval.pk}/decide", {"approve": True}, content_type="application/json"
        ).status_code
        == 403
    )
    login("lead")
    r = client.post(
        f"/api/v1/subjects/approvals/{approval.pk}/decide", {"approve": True}, content_type="application/json"
    )
    assert r.json()["subject_status"] == "active"
    login("officer")
    detail = client.get(f"/api/v1/subjects/{subject_id}").json()
    assert detail["due"][0]["due_on"] == f"{roll(timezone.localdate() + timedelta(days=5)):%Y-%m-%d}"
    r = client.post(
        f"/api/v1/subjects/{subject_id}/visits",
        {"visited_on": timezone.localdate().isoformat(), "findings": "未发现再犯", "recurrence_found": False},
        content_type="application/json",
    )
    assert r.status_code == 201 and len(r.json()["completed_tasks"]) == 2
    login("officer2")
    assert client.get(f"/api/v1/subjects/{subject_id}").status_code == 404


ROLES = ["officer", "auxiliary", "grid", "volunteer", "lead", "command_room", "control", "command_centre", "auditor"]
PAGES = [
    "/subjects/",
    "/subjects/station/",
    "/subjects/pick/?q=王",
    "/subjects/approvals/",
    "/subjects/transfers/",
    "/subjects/bulk-read-warnings/",
    "/subjects/?category=nope&within=abc&risk_level=x&overdue=on&page=999",
]


@pytest.mark.parametrize("role", ROLES)
def test_every_subject_page_opens_or_refuses_in_chinese(role, login, client):
    login(role)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code in (200, 403), (role, url, response.status_code)
        if response.status_code == 403:
            assert "无权访问" in response.content.decode()
    assert client.get("/subjects/999999/").status_code in (403, 404)


def test_export_is_masked_and_each_exported_subject_is_on_the_trail(login, client, users):
    import io

    from openpyxl import load_workbook

    s = marked(
        users,
        "mental_patient",
        {"guardian": "母亲", "care_group": "关爱帮扶小组"},
        on=date(2025, 2, 1),
        name="导出对象",
    )
    s.resident.id_number = "320505198001011234"
    s.resident.save(update_fields=["id_number"])
    login("officer")
    response = client.get("/subjects/", {"category": "mental_patient", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    exported = [r for r in rows if r[0] == "导出对象"]
    assert exported and exported[0][1] == "3205**********1234"
    trail = AccessRecord.objects.filter(user=users["officer"], object_type="special_subject", action="export")
    assert trail.filter(object_id=str(s.pk)).count() == 1


def test_visit_with_attachment_from_the_page(login, client, users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from subjects.models import SubjectAttachment

    settings.MEDIA_ROOT = tmp_path
    s = marked(users, "threat", {"cause": "纠纷"}, on=date(2025, 2, 1))
    login("auxiliary")
    photo = SimpleUploadedFile("走访照片.jpg", b"\xff\xd8\xffphoto", content_type="image/jpeg")
    response = client.post(
        f"/subjects/{s.pk}/visit/",
        {
            "visited_on": "2025-04-01",
            "measure": "guidance",
            "way": "in_person",
            "met": "subject",
            "findings": "法治教育",
            "attachments": photo,
        },
    )
    assert response.status_code == 302
    [attachment] = SubjectAttachment.objects.filter(subject=s)
    assert attachment.name == "走访照片.jpg" and attachment.visit.measure == "guidance"
    assert due(s, "art42_subject_full_visit") == [date(2025, 9, 30)]  # 1 October is National Day


def test_approval_page_labels_every_fact_and_shows_who_asked_and_when(login, client, users):
    """标注审批 showed three bare dates and 申请人 “—”: every fact carries its label, the requester and the time."""
    from subjects.services import special_subject_mark

    person = resident(beat_of(users["officer"]), name="审批标签")
    special_subject_mark(
        acting_user=users["officer"],
        resident=person,
        category="deprived_rights",
        facts={"term_start": "2026-01-05", "term_end": "2027-01-04", "reported_on": "2026-01-06"},
    )
    unasked = resident(beat_of(users["officer"]), name="系统标注")
    special_subject_mark(acting_user=None, resident=unasked, category="threat", facts={"cause": "扬言报复"})
    login("lead")
    html = client.get("/subjects/approvals/").content.decode()
    row = html.split("审批标签")[1].split("</tr>")[0]
    for text in ("执行起始日期：</span>2026-01-05", "执行期满日期：</span>2027-01-04", "报到日期：</span>2026-01-06"):
        assert text in row, text
    asked = timezone.localtime(SubjectApproval.objects.get(subject__resident=person).requested_at)
    assert str(users["officer"]) in row and f"申请于 {asked:%Y-%m-%d %H:%M}" in row
    row = html.split("系统标注")[1].split("</tr>")[0]
    assert "扬言原因：</span>扬言报复" in row and "系统（无申请账号）" in row
