"""Browser walk: Playwright drives Debian's chromium (installed by scripts/test), headless, no network.

An officer signs in, sees 我的工作台 with their beat, opens the org tree and the staff list, and a detail
page shows masked personal data. Screenshots go to test-artifacts/ for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD
from web.demo import build_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: scripts/test installs it (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are ours, not async code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    build_demo()  # idempotent; a transactional test may start after another emptied the tables
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        pg = context.new_page()
        pg.base_url = live_server.url
        yield pg
        browser.close()


def sign_in(page, username):
    page.goto(f"{page.base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_officer_signs_in_and_walks_the_main_pages(page):
    page.goto(f"{page.base_url}/org/")
    assert "/login/" in page.url  # deny by default
    page.screenshot(path=str(ARTIFACTS / "01-login.png"), full_page=True)

    sign_in(page, "demo_officer")
    page.wait_for_selector("#my-unit")
    assert page.inner_text("h1") == "我的工作台"
    assert "枫桥第1警务区" in page.inner_text("#my-unit")
    assert "已逾期" in page.inner_text("#task-panel")  # the demo seeds due/soon/overdue tasks (tasks/demo.py)
    assert "我的警务区" in page.inner_text("#shortcuts")
    page.screenshot(path=str(ARTIFACTS / "02-workbench.png"), full_page=True)

    page.click("#shortcuts >> text=我的警务区")
    page.wait_for_selector("#org-tree")
    tree = page.inner_text("#org-tree")
    assert "枫桥第1警务区" in tree and "网格" in tree
    assert "寒山派出所" not in tree and "枫桥第2警务区" not in tree  # only the officer's beat
    page.screenshot(path=str(ARTIFACTS / "03-org-tree.png"), full_page=True)

    page.click("#sidebar >> text=人员")
    page.wait_for_selector("#result-table")
    rows = page.locator("#result-table tbody tr")
    assert rows.count() > 0
    assert "****" in page.inner_text("#result-table")  # phones masked in the list
    page.screenshot(path=str(ARTIFACTS / "04-staff-list.png"), full_page=True)

    rows.first.locator("a").first.click()
    page.wait_for_selector("#staff-facts")
    assert "*" in page.inner_text("#phone")
    page.click("#unmask")
    page.wait_for_selector("#staff-facts")
    assert "*" not in page.inner_text("#phone")
    page.screenshot(path=str(ARTIFACTS / "05-staff-detail.png"), full_page=True)


def test_lead_sees_staffing_warnings_and_auditor_sees_the_trail(page):
    sign_in(page, "demo_lead")
    page.goto(f"{page.base_url}/org/staffing/")
    assert "社区民警占派出所警力比应在40%以上" in page.inner_text("#staffing-warnings")
    page.screenshot(path=str(ARTIFACTS / "06-staffing.png"), full_page=True)
    page.goto(f"{page.base_url}/org/staff/")
    page.locator("#result-table tbody tr a").first.click()
    page.wait_for_selector("#staff-facts")
    name = page.inner_text("h1")
    page.click("text=退出")

    sign_in(page, "demo_auditor")
    page.goto(f"{page.base_url}/audit/access/")
    table = page.inner_text("#result-table")
    assert "demo_lead" in table and name in table and "查看详情" in table
    page.screenshot(path=str(ARTIFACTS / "07-access-trail.png"), full_page=True)
