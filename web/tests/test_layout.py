"""Tables at 1366 px, the width of most station desktops (issue 10): a date never wraps ("2026-11-/26") and an
action button never breaks into a column of single characters. Measured in the browser, on the pages with the
widest tables; screenshots in test-artifacts/ for a person to look at."""

import pytest

from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every date inside a table that is laid out on more than one line, and every table button taller than one line.
BROKEN = r"""() => {
  const found = [];
  const dates = /\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?/g;
  for (const table of document.querySelectorAll('table')) {
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.offsetParent) continue;  // hidden
      for (const m of node.textContent.matchAll(dates)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) found.push('date wraps: ' + m[0]);
      }
    }
    for (const b of table.querySelectorAll('.btn')) {
      if (!b.offsetParent) continue;
      const s = getComputedStyle(b);
      const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;
      const inner = b.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)
        - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
      if (inner > line * 1.5) found.push('button breaks: ' + b.textContent.trim());
    }
  }
  return found;
}"""

PAGES = {
    "demo_officer": ["/", "/tasks/", "/subjects/", "/registry/residents/", "/casework/disputes/", "/inspections/hazards/"],
    "demo_lead": ["/tasks/station/", "/subjects/approvals/", "/subjects/station/", "/tasks/rates/"],
    "demo_auditor": ["/audit/operations/", "/audit/access/"],
}


def test_at_1366_px_dates_do_not_wrap_and_buttons_do_not_break(page):
    from accounts.models import User
    from subjects.models import SpecialSubject

    assert page.viewport_size["width"] == 1366
    officer = User.objects.get(username="demo_officer")
    subject = SpecialSubject.objects.visible_to(officer).filter(status="active").order_by("pk").first()
    pages = {**PAGES, "demo_officer": [*PAGES["demo_officer"], f"/subjects/{subject.pk}/"]}
    problems = {}
    for username, paths in pages.items():
        sign_in(page, username)
        for path in paths:
            response = page.goto(f"{page.base_url}{path}")
            assert response.status == 200, path
            name = path.strip("/").replace("/", "_") or "workbench"
            page.screenshot(path=str(ARTIFACTS / f"layout-1366-{username}-{name}.png"), full_page=True)
            if found := page.evaluate(BROKEN):
                problems[f"{username} {path}"] = found
    assert problems == {}
