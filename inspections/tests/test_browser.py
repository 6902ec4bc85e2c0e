"""The walk of the issue's "done means": a key unit's task on the officer's workbench → inspection on a phone-width
page → hazard → notice PDF → extension decided by the station lead → early re-inspection closes it → the station's
按期复查率 moves. Screenshots in test-artifacts/inspections-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fengqiao.pdf import pdf_text
from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"inspections-{name}.png"), full_page=True)


def _station_rate():
    from accounts.models import User
    from inspections import indicators

    station = User.objects.get(username="demo_lead").role_assignments.get().org_unit
    today = timezone.localdate()
    # the window holds the hazard's deadline in force (today + 7 + 14 days), whatever the suite's day: at a year's end
    # it lies in the next year
    m = indicators.reinspection_on_time(station, today.replace(month=1, day=1), today + timedelta(days=366))
    return m.numerator, m.denominator


def test_inspection_hazard_notice_extension_reinspection_walk(page, tmp_path):
    from registry.models import Organization

    unit = Organization.objects.get(name="江枫百货商场")
    sign_in(page, "demo_officer")
    page.wait_for_selector("#inspection-panel")
    assert "重点单位每季度监督检查不少于一次：江枫百货商场" in page.inner_text("#inspection-panel")
    _shot(page, "01-workbench")

    # the inspection on a phone-width screen, item by item
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/inspections/units/{unit.pk}/inspect/")
    page.select_option("#id_assistant", index=1)
    page.fill("#id_recorder_ref", "DSJ-F01-0001")
    for label in page.locator("label[for^=ok_]").all():
        label.click()
    page.click("label[for=fail_art59_3]")
    page.fill("textarea[name=note_art59_3]", "金银首饰柜台未安装紧急报警装置")
    _shot(page, "02-phone-form")
    page.click("main button[type=submit]")
    page.wait_for_selector("#answers")
    page.set_viewport_size({"width": 1366, "height": 900})

    # the failed item becomes a hazard with the deadline the officer chooses
    page.click("a.raise-hazard")
    deadline = timezone.localdate() + timedelta(days=7)
    page.fill("#id_deadline", deadline.isoformat())
    page.fill("#id_requirement", "安装紧急报警装置并与监控中心联动")
    page.click("main button[type=submit]")
    page.wait_for_selector("#notice-pdf")
    number = page.inner_text("#notice-pdf").split("（")[1].rstrip("）")
    _shot(page, "03-hazard")
    with page.expect_download() as download:
        page.click("#notice-pdf")
    path = tmp_path / "notice.pdf"
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "整改通知书" in text and number in text and "江枫百货商场" in text

    # the unit's written request for more time, recorded by the officer …
    hazard_url = page.url
    page.click("#record-extension")
    page.fill("#id_applied_on", timezone.localdate().isoformat())
    page.fill("#id_requested_deadline", (deadline + timedelta(days=14)).isoformat())
    page.fill("#id_reason", "报警装置需厂家安装")
    page.fill("#id_officer_opinion", "属实，建议同意")
    page.click("main button[type=submit]")
    page.wait_for_selector("#extensions")

    # … decided by the station lead
    page.context.clear_cookies()
    sign_in(page, "demo_lead")
    page.goto(f"{page.base_url}/inspections/extensions/")
    row = page.locator("#extension-queue tr", has_text="江枫百货商场")
    _shot(page, "04-lead-extensions")
    row.locator("button[value=approve]").click()
    page.goto(hazard_url)
    assert (deadline + timedelta(days=14)).isoformat() in page.inner_text("#deadline")

    # the unit asks for an early re-inspection; it closes the hazard and the station's rate moves
    before = _station_rate()
    page.context.clear_cookies()
    sign_in(page, "demo_officer")
    page.goto(hazard_url)
    page.click("#reinspect")
    page.check("#id_on_request")
    page.select_option("#id_assistant", index=1)
    page.fill("#id_recorder_ref", "DSJ-F01-0002")
    page.select_option("#id_result", "rectified")
    page.click("main button[type=submit]")
    page.wait_for_selector("#hazard-status")
    assert page.inner_text("#hazard-status") == "已整改"
    _shot(page, "05-reinspected")
    after = _station_rate()
    assert after == (before[0] + 1, before[1] + 1)
    page.goto(f"{page.base_url}/inspections/indicators/")
    _shot(page, "06-indicators")
