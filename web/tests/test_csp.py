"""Content-Security-Policy (issue 21; docs/adr/0005): only the project's own scripts and styles, no inline script
without a nonce. The templates hold no inline script, handler or style attribute; every page sends the policy; and
chromium walks the main pages of several roles under it without a single violation."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from web.testing import sign_in

ROOT = Path(settings.BASE_DIR)
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _templates():
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        if "pdf" in path.relative_to(ROOT).parts[2:]:  # printed by WeasyPrint, never served as a page
            continue
        yield path


@pytest.mark.fast
def test_templates_hold_no_inline_script_handler_or_style():
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in _templates()
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert list(_templates()) and found == []


@pytest.mark.fast
@pytest.mark.django_db
def test_every_page_sends_the_policy(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy


WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
ROLES = ["demo_officer", "demo_lead", "demo_command_room", "demo_control", "demo_auditor", "demo_mediator"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_main_pages_work_under_the_policy_without_a_violation(page):
    page.context.add_init_script(WATCH)
    console = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            console.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: console.append(f"{page.url}: {e}"))
    violations, seen, failures = [], set(), []

    def visit(url):
        if url in seen:
            return
        seen.add(url)
        response = page.goto(url)
        page.wait_for_load_state("load")
        if response is None or response.status >= 500:
            failures.append(f"{url}: {response and response.status}")
        violations.extend(f"{url}: {v}" for v in page.evaluate("window.__csp || []"))

    for username in ROLES:
        page.context.clear_cookies()
        sign_in(page, username)
        page.wait_for_selector("#sidebar")
        violations.extend(f"{username} workbench: {v}" for v in page.evaluate("window.__csp || []"))
        menu = [a.get_attribute("href") for a in page.locator("#sidebar a").all()]
        for href in menu:
            visit(f"{page.base_url}{href}")
            first_row = page.locator("#result-table tbody tr a")
            if first_row.count():
                visit(f"{page.base_url}{first_row.first.get_attribute('href')}")
        with page.expect_navigation():  # the language switch's handler moved to static/fengqiao/app.js
            page.locator("select[name=language]").select_option("en")
        assert page.locator("html").get_attribute("lang") == "en"
        with page.expect_navigation():
            page.locator("select[name=language]").select_option("zh-hans")
    visit(f"{page.base_url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui")
    violations.extend(f"api docs: {v}" for v in page.evaluate("window.__csp || []"))
    assert len(seen) > 30
    assert failures == []
    assert violations == [] and console == []
