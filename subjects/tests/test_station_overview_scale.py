"""所领导's 特定对象概况 at city scale (issue 11: every page p95 ≤ 200 ms at 5 M residents, 10 000 subjects): the
figures are counted in the database and the two lists show their first rows with a link to the rest, so the page
neither reads every subject in scope nor grows its query count with them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from subjects import selectors

from .factories import marked

pytestmark = pytest.mark.django_db

TODAY = date(2025, 8, 1)


def _mark(users, n: int, start: int = 0) -> list:
    # A high-risk category with a visit due before TODAY: each one is overdue and high risk.
    return [
        marked(users, "drug_user", {"risk_category": "high"}, on=date(2025, 1, 10), name=f"对象{start + i}")
        for i in range(n)
    ]


def _queries(users) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        view = selectors.station_overview(user=users["lead"], today=TODAY)
    return len(ctx.captured_queries), view


def _figures(view) -> tuple:
    return view["total"], view["overdue_count"], view["high_risk_count"], view["by_category"].get("吸毒人员", 0)


def test_counts_stay_whole_while_the_lists_show_their_first_rows(users, monkeypatch):
    monkeypatch.setattr(selectors, "STATION_LIST_ROWS", 2)
    before = _figures(selectors.station_overview(user=users["lead"], today=TODAY))
    other_before = _figures(selectors.station_overview(user=users["lead2"], today=TODAY))
    _mark(users, 3)
    view = selectors.station_overview(user=users["lead"], today=TODAY)
    assert _figures(view) == tuple(n + 3 for n in before)
    assert sum(view["by_category"].values()) == view["total"]
    assert len(view["overdue"]) == 2 and len(view["high_risk"]) == 2
    # the counts are those of the full lists the page links to
    full = selectors.special_subject_list(user=users["lead"], filters={"status": "active"}, today=TODAY)
    assert view["overdue_count"] == len([s for s in full if s.has_overdue])
    assert view["high_risk_count"] == len([s for s in full if s.risk_level == "high"])
    # another station's lead counts none of them
    assert _figures(selectors.station_overview(user=users["lead2"], today=TODAY)) == other_before


def test_the_query_count_does_not_grow_with_the_number_of_subjects(users):
    _mark(users, 2)
    two, view = _queries(users)
    _mark(users, 4, start=2)
    six, more = _queries(users)
    assert more["total"] == view["total"] + 4 and more["overdue_count"] == view["overdue_count"] + 4
    assert six == two, (two, six)


def test_the_page_links_to_the_rest(users, login, monkeypatch):
    monkeypatch.setattr(selectors, "STATION_LIST_ROWS", 1)
    _mark(users, 2)
    high = selectors.station_overview(user=users["lead"])["high_risk_count"]
    html = login("lead").get("/subjects/station/").content.decode()
    assert f'id="count-high">{high}<' in html
    assert html.count('<li class="list-group-item"><a href="/subjects/') >= 1
    assert f"全部 {high} 人" in html and "?status=active&amp;risk_level=high" in html
