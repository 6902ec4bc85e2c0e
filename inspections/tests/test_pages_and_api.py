"""Pages and API over the same services: scope (another station 404, a grid worker no access), the phone-width
inspection form with Chinese errors, the notice PDF from the hazard page and from ``notice_url``, the station
lead's extension decision, the workbench panel, exports, and every service on the operation log."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from audit.models import OperationLog
from fengqiao.pdf import pdf_text
from inspections import services
from inspections.models import HazardExtension, Inspection

from .factories import answers, assistant_of, at, inspect, raise_hazard, register_unit

pytestmark = pytest.mark.django_db


def _open_hazard(users, name="页面测试单位"):
    officer = users["officer"]
    today = timezone.localdate()
    unit = register_unit(officer, on=today, name=name)
    inspection = inspect(officer, unit, on=today, failed=("art58_1",))
    return raise_hazard(officer, inspection, decided=timezone.now(), deadline=today + timedelta(days=10))


def test_scope_other_station_404_grid_worker_no_access(login, client, users):
    hazard = _open_hazard(users)
    unit, notice = hazard.organization, hazard.notice
    login("officer")
    assert "页面测试单位" in client.get("/inspections/?q=页面测试").content.decode()
    assert client.get(f"/inspections/units/{unit.pk}/").status_code == 200
    login("officer2")
    for url in (
        f"/inspections/units/{unit.pk}/",
        f"/inspections/units/{unit.pk}/inspect/",
        f"/inspections/hazards/{hazard.pk}/",
        f"/inspections/notices/{notice.pk}.pdf",
        f"/inspections/inspections/{hazard.inspection_id}/",
        f"/api/v1/inspections/hazards/{hazard.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert "页面测试单位" not in client.get("/inspections/").content.decode()
    assert client.get("/api/v1/inspections/hazards").json()["count"] == 0
    login("grid")
    for url in ("/inspections/", "/inspections/hazards/", f"/inspections/units/{unit.pk}/", "/inspections/indicators/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/api/v1/inspections/units").status_code == 403


def test_phone_form_refuses_without_assistant_in_chinese_and_records_with_toggles(login, client, users):
    officer = users["officer"]
    unit = register_unit(officer, on=timezone.localdate(), name="表单测试单位", key_unit=True)
    login("officer")
    page = client.get(f"/inspections/units/{unit.pk}/inspect/").content.decode()
    assert 'name="viewport"' in page and "btn-check" in page and 'name="item_art59_4"' in page
    toggles = {f"item_{code}": "ok" for code in answers(unit)}
    base = {"kind": "regular", "trigger": "standing", "inspected_on": timezone.localdate().isoformat()}
    response = client.post(f"/inspections/units/{unit.pk}/inspect/", {**base, **toggles})
    html = response.content.decode()
    assert response.status_code == 200
    assert "检查须在辅警或警务助理协助下进行，或与其他民警联勤" in html and "请填写执法记录仪录像编号" in html
    assert not Inspection.objects.filter(organization=unit).exists()
    toggles["item_art58_2"] = "fail"
    form = {**base, **toggles, "note_art58_2": "保安员未备案", "assistant": assistant_of(unit.org_unit).pk}
    response = client.post(f"/inspections/units/{unit.pk}/inspect/", {**form, "recorder_ref": "DSJ-1"})
    inspection = Inspection.objects.get(organization=unit)
    assert response.status_code == 302 and response["Location"] == f"/inspections/inspections/{inspection.pk}/"
    assert inspection.failed_items == ["art58_2"] and inspection.completed_tasks


def test_hazard_page_notice_pdf_and_api_notice_url(login, client, users):
    hazard = _open_hazard(users, name="通知书下载单位")
    login("officer")
    html = client.get(f"/inspections/hazards/{hazard.pk}/").content.decode()
    assert hazard.notice.number in html and "下载整改通知书" in html
    data = client.get("/api/v1/inspections/hazards").json()
    row = next(r for r in data["items"] if r["id"] == hazard.pk)
    assert row["notice_url"] == f"/inspections/notices/{hazard.notice_id}.pdf"
    response = client.get(row["notice_url"])
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "整改通知书" in text and "通知书下载单位" in text and hazard.notice.number in text


def test_api_walk_extension_decided_by_the_lead_only(login, client, users):
    hazard = _open_hazard(users, name="接口延期单位")
    login("officer")
    payload = {
        "applied_on": timezone.localdate().isoformat(),
        "requested_deadline": (hazard.deadline + timedelta(days=10)).isoformat(),
        "reason": "设备订货",
        "officer_opinion": "属实",
    }
    created = client.post(
        f"/api/v1/inspections/hazards/{hazard.pk}/extensions", payload, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    extension_id = created.json()["id"]
    refused = client.post(
        f"/api/v1/inspections/extensions/{extension_id}/decide", {"approve": True}, content_type="application/json"
    )
    assert refused.status_code == 403 and "所领导审批决定" in refused.json()["detail"]
    login("lead")
    assert "接口延期单位" in client.get("/inspections/extensions/").content.decode()
    approved = client.post(f"/inspections/extensions/{extension_id}/decide/", {"decision": "approve"})
    assert approved.status_code == 302
    hazard.refresh_from_db()
    assert HazardExtension.objects.get(pk=extension_id).status == "approved"
    assert hazard.deadline == hazard.original_deadline + timedelta(days=10)


def test_api_inspection_refused_without_assistant_is_422_in_chinese(login, client, users):
    unit = register_unit(users["officer"], on=timezone.localdate(), name="接口检查单位")
    login("officer")
    body = {"organization_id": unit.pk, "inspected_on": timezone.localdate().isoformat(), "answers": answers(unit)}
    response = client.post("/api/v1/inspections/inspections", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"]["assistant"][0].startswith("检查须在辅警或警务助理协助下进行")
    body |= {"assistant_id": assistant_of(unit.org_unit).pk, "recorder_ref": "DSJ-9"}
    response = client.post("/api/v1/inspections/inspections", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["failed_items"] == []


def test_key_unit_registered_shows_its_task_on_the_officers_workbench(login, client, users):
    register_unit(users["officer"], on=timezone.localdate(), name="工作台重点单位", key_unit=True)
    login("officer")
    html = client.get("/").content.decode()
    assert "重点单位每季度监督检查不少于一次：工作台重点单位" in html


def test_lists_export_and_indicator_page(login, client, users):
    _open_hazard(users, name="导出单位")
    login("officer")
    response = client.get("/inspections/hazards/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.get("/inspections/?export=xlsx&open_hazards=1")
    assert response.status_code == 200
    html = client.get("/inspections/indicators/").content.decode()
    assert "隐患整改按期复查率" in html and "规范001 第六十二条(二)" in html
    rows = client.get("/api/v1/inspections/indicators").json()
    codes = {i["code"] for i in rows[0]["indicators"]}
    assert "art62_2_reinspection_on_time" in codes and "art71_1_trade_base_count" in codes


def test_every_inspections_service_writes_its_operation_log_row(users):
    officer, lead = users["officer"], users["lead"]
    day = date(2026, 3, 2)

    def run(action, fn):
        before = OperationLog.objects.count()
        result = fn()
        assert action in [r.action for r in OperationLog.objects.order_by("id")[before:]], action
        return result

    unit = register_unit(officer, on=day, name="日志单位", category="venue")
    run(
        "supervision_update",
        lambda: services.supervision_update(acting_user=officer, organization=unit, data={"trade_type": "venue_bar"}),
    )
    inspection = run("inspection_record", lambda: inspect(officer, unit, on=day, failed=("art69_1",), serious=True))
    assert OperationLog.objects.filter(action="inspection_report_serious", object_id=str(inspection.pk)).exists()
    hazard = run(
        "hazard_raise",
        lambda: raise_hazard(
            officer, inspection, decided=at(day), deadline=day + timedelta(days=7), interviewee="店长"
        ),
    )
    assert OperationLog.objects.filter(action="notice_issue", object_id=str(hazard.notice_id)).exists()
    run("hazard_file", lambda: services.hazard_file(acting_user=officer, hazard=hazard))
    extension = run(
        "extension_record",
        lambda: services.extension_record(
            acting_user=officer,
            hazard=hazard,
            applied_on=day,
            requested_deadline=day + timedelta(days=14),
            reason="理由",
            officer_opinion="意见",
            today=day,
        ),
    )
    run("extension_decide", lambda: services.extension_decide(acting_user=lead, extension=extension, approve=True))
    hazard.refresh_from_db()
    run(
        "reinspection_record",
        lambda: services.reinspection_record(
            acting_user=officer,
            hazard=hazard,
            reinspected_on=hazard.deadline,
            assistant=assistant_of(hazard.org_unit),
            recorder_ref="DSJ",
            result="rectified",
            today=hazard.deadline,
        ),
    )
    station = lead.role_assignments.get().org_unit
    run(
        "inspection_setting_update",
        lambda: services.inspection_setting_update(acting_user=lead, station=station, monthly_inspection=True),
    )


@pytest.fixture
def back_to_chinese(settings):
    """LocaleMiddleware leaves the last request's language active in this thread; later tests expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_pages_and_service_messages_come_in_english_from_the_app_catalogue(
    login, client, users, settings, back_to_chinese
):
    hazard = _open_hazard(users, name="英文页面单位")
    login("officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/inspections/hazards/{hazard.pk}/").content.decode()
    assert "Download the rectification notice" in html and "Re-inspection" in html
    unit = hazard.organization
    response = client.post(f"/inspections/units/{unit.pk}/inspect/", {"kind": "regular", "trigger": "standing"})
    assert "An inspection needs an assisting auxiliary or police assistant" in response.content.decode()
