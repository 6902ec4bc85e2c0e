"""Browser walk (issue 14 "done"): an officer records a neighbour dispute, the system proposes it as a repeat of
last month's, the officer hands it to a mediator with the two attachments, the mediator records a failed
mediation and the duty officer is told at once, the follow-up task is on the workbench, an agreement and a
follow-up are recorded, and the station's 第七十六条 rates move. Screenshots in test-artifacts/casework-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rules.calendar import due_within
from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"casework-{name}.png"), full_page=True)


def test_dispute_repeat_handover_failed_mediation_follow_up(page):
    from casework.indicators import repeat_marking_rate
    from casework.models import Dispute
    from casework.selectors import month_bounds
    from org.models import OrgUnit

    last_month = Dispute.objects.filter(domain="neighbour", repeat_of=None).order_by("reported_at").first()
    residents = [p.resident for p in last_month.parties.order_by("id")]
    station = OrgUnit.objects.get(name="枫桥派出所")
    start, end = month_bounds(None)
    before = repeat_marking_rate(station, start, end)

    # 1. the officer records a neighbour dispute between last month's two neighbours
    sign_in(page, "demo_officer")
    page.wait_for_selector("#my-unit")
    page.click("#shortcuts >> text=矛盾纠纷")
    page.wait_for_selector("#result-table")
    page.click("text=录入矛盾纠纷")
    page.wait_for_selector("#dispute-form")
    page.select_option("select[name=domain]", "neighbour")
    page.select_option("select[name=source]", "call")
    page.fill("textarea[name=summary]", "楼上又漏水，双方在楼道争执，第三次报警。")
    page.fill("input[name=place_text]", last_month.place_text)
    reported = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("input[name=reported_at]", reported)
    page.select_option("select[name=risk_level]", "medium")
    page.check("#risk-reasons input[value=repeat_calls]")
    for i, person in enumerate(residents, start=1):
        page.fill(f"input[name=party{i}_id_number]", person.id_number)
    shot(page, "01-dispute-form")
    page.click("#save-dispute")
    page.wait_for_selector("#dispute-facts")
    dispute = Dispute.objects.order_by("-pk").first()
    assert page.url.endswith(f"/casework/disputes/{dispute.pk}/")
    # 2. proposed as a repeat of last month's; the officer confirms
    proposal = page.locator(f".repeat-candidate[data-earlier='{last_month.pk}']")
    assert "同一当事人" in proposal.inner_text()
    shot(page, "02-repeat-proposed")
    page.click(f"#confirm-repeat-{last_month.pk}")
    page.wait_for_selector("#repeat-of")
    assert f"重复于纠纷 {last_month.pk}" in page.inner_text("#repeat-of")
    # within 7 days, rolled back off a rest day (the suite may stand on any day: rules.calendar.due_within)
    due_on = due_within(timezone.localdate(dispute.reported_at), 7).strftime("%Y-%m-%d")
    assert due_on in page.inner_text("#obligations")

    # 3. hand over to the mediator: refused with one file, accepted with both
    page.click("#handover")
    page.wait_for_selector("#upload-form")
    mediator_option = page.locator("select[name=mediator] option", has_text="周调解")
    page.select_option("select[name=mediator]", mediator_option.get_attribute("value"))
    page.set_input_files(
        "input[name=evidence]", files=[{"name": "取证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.click("#save-upload")
    page.wait_for_selector("#upload-form .alert-danger")
    assert "移交调解员须同时附案事件接报材料" in page.inner_text("#upload-form .alert-danger")
    page.set_input_files(
        "input[name=evidence]", files=[{"name": "取证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.set_input_files(
        "input[name=intake]", files=[{"name": "接报.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 x"}]
    )
    shot(page, "03-handover-form")
    page.click("#save-upload")
    page.wait_for_selector("#handovers")
    assert "待调解员接收" in page.inner_text("#handovers")
    page.click("text=退出")

    # 4. the mediator sees only their hand-overs and records a failed mediation
    sign_in(page, "demo_mediator")
    page.click("#shortcuts >> text=我的调解")
    page.wait_for_selector("#result-table")
    assert page.locator("#sidebar a[href='/casework/disputes/']").count() == 0  # no dispute list for mediators
    page.locator("#result-table tbody tr a").first.click()  # newest hand-over first
    page.wait_for_selector("#handover-facts")
    assert "第三次报警" in page.inner_text("#handover-facts")
    page.click("#accept-handover")
    page.wait_for_selector("#handover-status")
    assert page.inner_text("#handover-status") == "调解中"
    page.click("#report-result")
    page.select_option("select[name=success]", "0")
    page.fill("textarea[name=note]", "双方对维修费用分歧大，调解不成功。")
    page.click("main button[type=submit]")
    page.wait_for_selector("#handover-status")
    assert page.inner_text("#handover-status") == "调解不成功"
    shot(page, "04-mediator-failed")
    page.click("text=退出")

    # 5. the duty officer (who handed over) is told at once; the follow-up task is on the workbench
    sign_in(page, "demo_officer")
    page.wait_for_selector("#task-panel")
    assert due_on in page.inner_text("#task-items")
    assert "矛盾纠纷介入后跟进回访" in page.inner_text("#task-items")
    shot(page, "05-workbench")
    page.goto(f"{page.base_url}/tasks/messages/")
    assert "调解不成功，请作后续处理" in page.inner_text("main")
    shot(page, "06-message")

    # 6. 治安调解 agreement, then the follow-up
    page.goto(f"{page.base_url}/casework/disputes/{dispute.pk}/")
    page.click("#record-agreement")
    page.select_option("select[name=reached]", "1")
    page.fill("textarea[name=terms]", "楼上住户承担维修费用，三日内修复。")
    page.fill("input[name=signed_on]", timezone.localdate().isoformat())
    page.click("main button[type=submit]")
    page.wait_for_selector("#agreements")
    page.click("#record-follow-up")
    page.fill("input[name=visited]", "双方当事人")
    page.fill("textarea[name=progress]", "已修复，双方握手言和。")
    page.select_option("select[name=risk_level]", "low")
    page.select_option("select[name=satisfaction]", "satisfied")  # 请选择 first: nothing is chosen for the officer
    page.click("main button[type=submit]")
    page.wait_for_selector("#timeline")
    assert "跟进回访" in page.inner_text("#timeline") and "治安调解" in page.inner_text("#timeline")
    assert due_on not in page.inner_text("#obligations")  # this follow-up done; the next is a month on
    shot(page, "07-dispute-after-follow-up")
    page.click("text=退出")

    # 7. the station's 第七十六条 rates moved
    sign_in(page, "demo_lead")
    page.goto(f"{page.base_url}/casework/disputes/indicators/")
    cell = page.locator(f"#indicators tr[data-unit='{station.pk}'] td[data-code=art76_2_repeat_dispute_marking_rate]")
    after = repeat_marking_rate(station, start, end)
    assert after.numerator == before.numerator + 1
    assert f"（{after.numerator}/{after.denominator}）" in cell.inner_text()
    shot(page, "08-indicators")
