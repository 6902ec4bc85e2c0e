"""The walk of the issue's "done means", on a phone-width screen: a volunteer signs in, checks in at a patrol point,
reports a 治安隐患 lead with the four elements and sees the points; the officer reports it, the control centre
adopts it, the officer's 第五十二条 score changes; the volunteer redeems an article. Screenshots in
test-artifacts/leads-*.png."""

import pytest
from django.utils import timezone

from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"leads-{name}.png"), full_page=True)


def _as(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def _officer_score():
    from accounts.models import User
    from leads import indicators

    beat = User.objects.get(username="demo_officer").role_assignments.get().org_unit
    today = timezone.localdate()
    return indicators.adoption_score(beat, today.replace(day=1), today).numerator


def test_volunteer_checks_in_reports_a_lead_and_redeems_officer_scores(page):
    from leads.models import Lead, PatrolRoute

    route = PatrolRoute.objects.get(name="江枫社区夜间巡逻路线")
    page.set_viewport_size(PHONE)
    sign_in(page, "demo_volunteer")
    page.goto(f"{page.base_url}/leads/home/")
    balance_before = int(page.inner_text("#balance"))
    _shot(page, "01-volunteer-home")

    # check in at a point with a photo of it (a new day's point credits once)
    page.goto(f"{page.base_url}/leads/patrols/{route.pk}/")
    form = page.locator("form.checkin-form").nth(2)
    form.locator("input[name=photo]").set_input_files(
        files=[{"name": "point.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 patrol point"}]
    )
    form.locator("button.checkin").click()
    page.wait_for_selector(".alert-success")
    assert page.locator("#recent-checkins a", has_text="照片").count() >= 1
    _shot(page, "02-checkin")

    # report a 治安隐患 lead: first without the elements (field errors), then with them
    page.goto(f"{page.base_url}/leads/new/")
    page.select_option("#id_kind", "hazard")
    page.fill("#id_subject_text", "")
    page.click("#lead-form button[type=submit]")
    page.wait_for_selector(".field-error")
    assert "请填写对象" in page.inner_text("#lead-form") and "请填写事件" in page.inner_text("#lead-form")
    page.fill("#id_subject_text", "菜市场北侧商户")
    page.fill("#id_place_text", "江枫菜市场北侧")
    page.fill("#id_event", "消防栓被货物遮挡，灭火器过期")
    _shot(page, "03-lead-form")
    page.click("#lead-form button[type=submit]")
    page.wait_for_selector("#lead-history")
    lead = Lead.objects.filter(event="消防栓被货物遮挡，灭火器过期").get()

    page.goto(f"{page.base_url}/leads/points/")
    assert int(page.inner_text("#balance")) == balance_before + 1
    _shot(page, "04-points")

    # the officer reports it, the control centre adopts it, the score moves
    before = _officer_score()
    page.set_viewport_size({"width": 1366, "height": 900})
    _as(page, "demo_officer")
    page.goto(f"{page.base_url}/leads/{lead.pk}/")
    page.click("#submit-lead")
    page.wait_for_selector(".alert-success")
    _as(page, "demo_control")
    page.goto(f"{page.base_url}/leads/queue/")
    page.click(f"text={lead.number}")
    page.check("input[value=adopt]")
    page.click("#judge-submit")
    page.wait_for_selector("#lead-score")
    _shot(page, "05-adopted")
    assert _officer_score() == before + 2
    _as(page, "demo_officer")
    page.goto(f"{page.base_url}/leads/indicators/")
    assert "第五十二条" in page.inner_text("main")
    officer_row = page.locator("#officer-scores tr", has_text=lead.beat.name)
    assert int(officer_row.locator("td.score").first.inner_text()) >= 2

    # the volunteer's points include the adoption; redeem a 雨衣
    page.set_viewport_size(PHONE)
    _as(page, "demo_volunteer")
    page.goto(f"{page.base_url}/leads/points/")
    balance = int(page.inner_text("#balance"))
    assert balance == balance_before + 1 + 5
    page.locator("#store form", has_text="雨衣").locator("button.redeem").click()
    page.wait_for_selector(".alert-success")
    assert int(page.inner_text("#balance")) == balance - 5
    _shot(page, "06-redeemed")
