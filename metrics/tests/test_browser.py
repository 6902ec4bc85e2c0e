"""The city dashboard in headless chromium: Chinese text and the map, with no request leaving the server."""

import pytest

from web.testing import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_dashboard_renders_the_beat_map_in_chinese_without_network(page):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(page.base_url) else None)
    sign_in(page, "demo_control")
    page.goto(f"{page.base_url}/metrics/dashboard/")
    page.wait_for_selector("body[data-charts-ready='1']")
    page.wait_for_selector("#beat-map canvas")
    assert "社区警务大屏" in page.inner_text("#dashboard-title")
    shot = ARTIFACTS / "metrics_dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    # the map canvas holds drawn pixels (not a blank area)
    drawn = page.evaluate(
        "() => { const c = document.querySelector('#beat-map canvas'); const d = c.getContext('2d')"
        ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4)"
        " if (d[i] > 0) n++; return n; }"
    )
    assert drawn > 1000
    assert outside == []
