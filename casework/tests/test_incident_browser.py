"""Browser walk (issue 15 "done"): 综合指挥室 pushes a burglary to the beat officer, who is told at once, records
arrival and the victim, enters 立案; the 7-day follow-up is on the workbench with the right date; the follow-up is
recorded, the 第八十一条 rates move, and the monthly 警情通报 lists the case without a name. Screenshots in
test-artifacts/incident-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"incident-{name}.png"), full_page=True)


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_push_arrival_people_filing_follow_up_and_monthly_notice(page):
    from accounts.models import RoleAssignment
    from casework.indicators import verification_rate
    from casework.models import Incident
    from casework.selectors import month_bounds
    from org.models import OrgUnit
    from registry.models import Resident

    station = OrgUnit.objects.get(name="枫桥派出所")
    start, end = month_bounds(None)
    verified_before = verification_rate(station, start, end)
    beat = RoleAssignment.objects.get(user__username="demo_officer", role="officer").org_unit
    victim = (
        Resident.objects.filter(scope_path__startswith=beat.path, is_active=True)
        .exclude(id_number=None)
        .order_by("pk")
        .first()
    )
    now = timezone.now()

    # 1. the command room pushes a burglary to the beat
    sign_in(page, "demo_command_room")
    page.goto(f"{page.base_url}/casework/incidents/push/")
    page.select_option("select[name=beat]", str(beat.pk))
    page.select_option("select[name=kind]", "criminal")
    page.select_option("select[name=subkind]", "burglary")
    page.select_option("select[name=source]", "command_room")  # 请选择 first: nothing is chosen for the user
    page.fill("textarea[name=summary]", "110接报：住户家中被盗，门锁被撬。")
    page.fill("input[name=place_text]", "江枫社区幸福路8号5栋1单元502室")
    page.fill("input[name=reported_at]", _local(now - timedelta(minutes=20)))
    shot(page, "01-push")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#incident-facts")
    incident = Incident.objects.order_by("-pk").first()
    assert incident.pushed_by.username == "demo_command_room"
    officer = incident.officer

    # 2. the beat officer is told at once and records arrival, the victim (by ID number) and 立案
    page.click("text=退出")
    sign_in(page, officer.username)
    page.goto(f"{page.base_url}/tasks/messages/")
    assert "案事件推送（入室盗窃）" in page.inner_text("body")
    page.goto(f"{page.base_url}/casework/incidents/{incident.pk}/")
    page.click("#record-arrival")
    page.fill("input[name=arrived_at]", _local(timezone.now()))
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#incident-facts")
    assert "未登记到场" not in page.inner_text("#arrived-at")
    page.click("#add-person")
    page.fill("input[name=id_number]", victim.id_number)
    page.select_option("select[name=role]", "victim")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#people .verify-person")
    page.click("#people .verify-person")
    page.wait_for_selector("#people .badge.bg-success")
    page.click("#file-case")
    page.fill("input[name=case_number]", "A20260001")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#obligations")
    due = timezone.localdate() + timedelta(days=7)
    shot(page, "02-incident")
    [row] = page.locator("#obligations li[data-due]").all()
    shown_due = row.get_attribute("data-due")
    # 7 days from the day after 立案 (a rest day moves it to the previous working day)
    assert timezone.localdate() < timezone.datetime.fromisoformat(shown_due).date() <= due

    # 3. the follow-up is on the workbench with that date
    page.goto(f"{page.base_url}/")
    page.wait_for_selector("#task-panel")
    item = page.locator("#task-items li", has_text=f"案事件编号{incident.pk}").first
    assert "案件立案后一周内跟进回访" in item.inner_text() and shown_due in item.inner_text()

    # 4. the follow-up is recorded; the 第八十一条 rates move
    page.goto(f"{page.base_url}/casework/incidents/{incident.pk}/")
    page.click("#record-follow-up")
    page.fill("input[name=visited]", "受害人")
    page.select_option("select[name=items]", ["progress"])
    page.select_option("select[name=risk_level]", "low")  # no longer preselected (it used to say 高)
    page.select_option("select[name=satisfaction]", "satisfied")
    page.fill("textarea[name=content]", "通报案件办理情况，受害人表示满意。")
    shot(page, "03-follow-up")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#follow-ups li[data-kind=after_filing]")
    assert page.locator("#obligations li[data-due]").count() == 0
    assert verification_rate(station, start, end).numerator == verified_before.numerator + 1

    # 5. the station lead sees the rates; the monthly notice lists the case without a name
    page.click("text=退出")
    sign_in(page, "demo_lead")
    page.goto(f"{page.base_url}/casework/incidents/indicators/")
    page.wait_for_selector("#indicators")
    assert "有现场案件规定时限内到场率" in page.inner_text("#indicators")
    page.goto(f"{page.base_url}/casework/incidents/monthly-notice/?unit={beat.pk}")
    page.wait_for_selector("#monthly-notice")
    text = page.inner_text("#monthly-notice")
    assert "入室盗窃" in text and victim.name not in text and "502室" not in text
    shot(page, "04-monthly-notice")
