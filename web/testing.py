"""Test kit every module's browser walk uses: the ``page`` fixture (Playwright driving Debian's chromium,
headless, no network; registered in the root conftest) and ``sign_in``. Screenshots go to ``ARTIFACTS``.

A module's walk lives in its own ``tests/test_browser.py`` with
``pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]``.
"""

import os
import shutil
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(live_server):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: scripts/test installs it (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are ours, not async code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    from web.demo import build_demo

    build_demo()  # idempotent; a transactional test may start after another emptied the tables
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
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
