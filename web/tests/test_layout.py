"""Tables at 1366 × 768, the screen of most station desktops (issue 10, "What a leader and an auditor see"): a date
never wraps ("2026-11-/26"), a button in a table never breaks into a column of single characters, and a table too
wide for the page scrolls inside its container instead of squeezing its cells. Measured in the browser on every
page of a station lead's menu, and on the officer's and the auditor's lists; screenshots in test-artifacts/
(layout-1366-*.png) for a person to look at."""

import pytest

from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every date inside a table laid out on more than one line, every table button or badge taller than one line, and a
# page wider than the window (a table pushing the page out instead of scrolling inside its container).
BROKEN = r"""() => {
  const found = [];
  const dates = /\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?/g;
  const oneLine = (el) => {
    const s = getComputedStyle(el);
    const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;
    const inner = el.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)
      - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
    return inner < line * 1.6;
  };
  for (const table of document.querySelectorAll('main table')) {
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
    for (const b of table.querySelectorAll('.btn, .badge, button')) {
      if (!b.offsetParent) continue;
      if (!oneLine(b)) found.push('button breaks: ' + b.textContent.trim());
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    found.push('page wider than the window: ' + document.documentElement.scrollWidth);
  return found;
}"""

# The officer's and the auditor's lists beside the lead's whole menu.
OTHERS = {
    "demo_officer": [
        "web:workbench",
        "tasks:task_list",
        "subjects:subject_list",
        "registry:resident_list",
        "registry:finding_list",
        "casework:dispute_list",
        "casework:incident_list",
        "inspections:unit_list",
        "inspections:hazard_list",
        "leads:lead_list",
        "outreach:request_list",
        "duty:log_list",
        "alerts:alert_board",
    ],
    "demo_auditor": ["web:audit_operations", "web:audit_access", "web:audit_logins"],
}


def _walk(page, username, paths, problems, statuses):
    page.context.clear_cookies()
    sign_in(page, username)
    page.wait_for_url(lambda url: "/login/" not in url)
    for path in paths:
        response = page.goto(f"{page.base_url}{path}")
        statuses[f"{username} {path}"] = response.status
        if response.status != 200:
            continue
        name = path.strip("/").replace("/", "_") or "workbench"
        page.screenshot(path=str(ARTIFACTS / f"layout-1366-{username}-{name}.png"), full_page=True)
        if found := page.evaluate(BROKEN):
            problems[f"{username} {path}"] = sorted(set(found))[:4]


def test_at_1366_px_dates_do_not_wrap_and_buttons_do_not_break(page):
    from django.urls import reverse

    from accounts.models import User
    from web.navigation import menu_for

    page.set_viewport_size({"width": 1366, "height": 768})
    lead = User.objects.get(username="demo_lead")
    lead_paths = [item["url"] for _, items in menu_for(lead) for item in items]
    assert {"/tasks/station/", "/subjects/approvals/"} <= set(lead_paths)  # the menu really is the lead's
    problems, statuses = {}, {}
    _walk(page, "demo_lead", ["/", *dict.fromkeys(lead_paths)], problems, statuses)
    for username, paths in OTHERS.items():
        _walk(page, username, [reverse(name) for name in paths], problems, statuses)
    assert {k: v for k, v in statuses.items() if v != 200} == {}
    assert not problems, "\n".join(f"{where}: {'; '.join(found)}" for where, found in problems.items())
