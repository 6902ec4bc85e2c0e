"""The walk of the issue's "done means": a resident walks in for an urgent certificate; the officer takes it at the
window, issues the PDF and closes it; the resident rates it with the code on a phone, without an account; the beat's
public page shows the team and the month's figures moved. Screenshots in test-artifacts/outreach-*.png."""

import pytest

from fengqiao.pdf import pdf_text
from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"outreach-{name}.png"), full_page=True)


def test_urgent_certificate_at_the_window_rated_on_a_phone_and_public_figures_move(page, tmp_path):
    from django.core.cache import cache

    from accounts.models import User
    from outreach.models import ServiceRequest

    cache.clear()
    beat = User.objects.get(username="demo_officer").role_assignments.get().org_unit
    page.goto(f"{page.base_url}/public/beats/{beat.code}/")
    rated_before = page.inner_text("#fig-rated")

    sign_in(page, "demo_officer")
    page.goto(f"{page.base_url}/outreach/requests/new/")
    page.select_option("#id_beat", str(beat.pk))
    page.select_option("#id_service_type", "urgent_certificate")
    page.check("#id_is_urgent")
    page.fill("#id_content", "明早出国，急需亲属关系证明")
    page.fill("#id_applicant_name", "窗口群众丁")
    page.fill("#id_applicant_phone", "13900003333")
    _shot(page, "01-intake")
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#request-facts")
    assert "剩余" in page.inner_text("#request-clock")

    page.fill("#certificate-form #id_holder", "窗口群众丁")
    page.fill("#certificate-form #id_facts", "经核实，窗口群众丁与张某系母子关系。")
    page.click("#certificate-form button[type=submit]")
    page.wait_for_selector("#certificate-link")
    with page.expect_download() as download:
        page.click("#certificate-link")
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    assert "经核实" in pdf_text(path.read_bytes())

    page.fill("#close-form #id_result", "已当场出具证明")
    page.click("#close-form button[type=submit]")
    page.wait_for_selector("#rating-code")
    code = page.inner_text("#rating-code").strip()
    _shot(page, "02-receipt")
    request = ServiceRequest.objects.get(applicant_name="窗口群众丁")
    assert request.status == "done" and request.certificate_id

    # the resident, on a phone, without an account
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/public/rate/?code={code}")
    page.check("input[name=satisfaction][value=satisfied]")
    page.click("#public-rate-form button[type=submit]")
    page.wait_for_selector("#rate-done")
    page.goto(f"{page.base_url}/public/beats/{beat.code}/")
    page.wait_for_selector("#team")
    _shot(page, "03-public-phone")
    rated, total = (int(x) for x in page.inner_text("#fig-rated").split("/"))
    before_rated, before_total = (int(x) for x in rated_before.split("/"))
    assert (rated, total) == (before_rated + 1, before_total + 1)
    assert "窗口群众丁" not in page.content()
