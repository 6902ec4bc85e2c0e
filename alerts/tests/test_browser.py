"""The walk of the issue's "done means": the control centre raises a red alert → the officer's workbench shows the
one-hour clock → the officer responds → links departments (closing refused with two) → closes; the station lead sees
the roster's AB gap and who is below 80 % time in the beat. Screenshots in test-artifacts/alerts-*.png."""

import pytest

from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"alerts-{name}.png"), full_page=True)


def test_raise_red_alert_respond_link_departments_close_walk(page):
    from accounts.models import RoleAssignment

    beat = RoleAssignment.objects.get(user__username="demo_officer", role="officer").org_unit
    sign_in(page, "demo_control")
    page.goto(f"{page.base_url}/alerts/new/")
    page.check("input[name=colour][value=red]")
    page.select_option("#id_beat", str(beat.pk))
    page.fill("#id_title", "浏览器演练：商场疑似爆炸物")
    page.click("main button[type=submit]")
    page.wait_for_selector("#alert-facts")
    assert "红色预警" in page.inner_text("#alert-colour")
    assert "红色预警1小时响应" in page.inner_text("#alert-clocks")
    _shot(page, "01-raised")

    # the officer's workbench shows the one-hour clock
    page.click("text=退出")
    sign_in(page, "demo_officer")
    page.wait_for_selector("#alert-panel")
    panel = page.inner_text("#alert-panel")
    assert "浏览器演练：商场疑似爆炸物" in panel and "红色预警1小时响应" in panel and "剩余" in panel
    _shot(page, "02-workbench")
    page.click("#alert-panel >> text=浏览器演练：商场疑似爆炸物")
    page.wait_for_selector("#respond-form")
    page.fill("#id_respond-note", "已到场，疏散群众，设置警戒")
    page.click("#respond")
    page.wait_for_selector("#alert-response")
    for name in ("商场物业", "区应急管理局"):
        page.fill("#department-form input[name=name]", name)
        page.click("#add-department")
        page.wait_for_selector(f"#departments >> text={name}")
    page.fill("#id_close-note", "排除险情")
    page.click("#close")
    assert "红色预警须至少3个部门联动方可闭环，目前仅2个" in page.inner_text("main")
    page.fill("#department-form input[name=name]", "区消防救援大队")
    page.click("#add-department")
    page.wait_for_selector("#departments >> text=区消防救援大队")
    page.fill("#id_close-note", "三部门联合处置，排除险情")
    page.click("#close")
    page.wait_for_selector("#alert-closed")
    assert page.inner_text("#alert-status") == "已闭环"
    _shot(page, "03-closed")

    # the station lead: next week's roster form, this week's AB gap, and who is below 80 % this month
    page.click("text=退出")
    sign_in(page, "demo_lead")
    page.goto(f"{page.base_url}/duty/")
    page.wait_for_selector("#roster-problems")
    assert "每个班次配B岗" in page.inner_text("#roster-problems")
    _shot(page, "04-roster")
    page.goto(f"{page.base_url}/duty/time-in-beat/?below=1")
    assert "未达标" in page.inner_text("#time-in-beat")
    _shot(page, "05-time-in-beat")
