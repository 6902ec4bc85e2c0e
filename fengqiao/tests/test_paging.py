"""Counting and paging in the database (fengqiao.paging): exact counts below the threshold and "约 N" above it,
keyset cursors for "next page", the API paging its scoped querysets, exports never cut short."""

import re

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.scope import scope_prefixes
from fengqiao import paging
from fengqiao.paging import Count, after, count_rows, cursor_for, page_slice, round_estimate
from registry.models import Resident
from web import listing

pytestmark = pytest.mark.django_db
fast = pytest.mark.fast  # SQLite too; the rest need PostgreSQL's planner


@fast
def test_count_is_exact_up_to_the_limit(users):
    qs = Resident.objects.visible_to(users["control"])
    total = qs.count()
    assert total > 20
    assert count_rows(qs, limit=total) == Count(total, True)
    assert str(Count(12345, True)) == "12,345"


@fast
def test_a_count_reads_the_keys_alone_not_the_lists_per_row_annotations(users):
    """Issue 11: a sliced count kept a list's per-row EXISTS (a subject's overdue work) in its subquery."""
    from django.db.models import Exists, OuterRef, Value

    qs = Resident.objects.visible_to(users["control"]).annotate(
        flagged=Exists(Resident.objects.filter(pk=OuterRef("pk"), name=Value("不会有的名字")))
    )
    with CaptureQueriesContext(connection) as ctx:
        counted = count_rows(qs)
    assert counted == Count(qs.count(), True)
    assert "EXISTS" not in ctx.captured_queries[0]["sql"].upper()
    grouped = Resident.objects.values("population_type").annotate(n=models.Count("pk"))
    assert count_rows(grouped) == Count(grouped.count(), True)  # a grouped list is counted by its groups


def test_above_the_limit_the_planner_estimate_is_shown_as_about(users):
    qs = Resident.objects.visible_to(users["control"])
    counted = count_rows(qs, limit=10)
    assert not counted.exact and counted.value >= 11
    assert str(Count(104_183, False)) == "约 104,000"
    assert (round_estimate(999), round_estimate(1234), round_estimate(5_007_944)) == (999, 1230, 5_010_000)


def test_the_list_page_says_about_n_and_about_n_pages(users, login, client, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_resident")  # the planner's statistics, as autovacuum keeps them
    login("control")
    body = client.get(reverse("registry:resident_list")).content.decode()
    assert re.search(r'id="result-count">共 约 [\d,]+ 条', body)
    assert re.search(r"第 1 / 约 \d+ 页", body)


@fast
def test_keyset_cursor_walks_the_list_in_order_once(users):
    qs = Resident.objects.visible_to(users["control"]).order_by("scope_path", "name", "pk")
    everyone = list(qs.values_list("pk", flat=True))
    seen, cursor, pages = [], "", 0
    while True:
        chunk = page_slice(qs, page=pages + 1, size=7, cursor=cursor)
        seen += [r.pk for r in chunk.items]
        pages += 1
        if not chunk.has_next:
            break
        cursor = chunk.next_cursor
        assert cursor
    assert seen == everyone and pages == -(-len(everyone) // 7)
    # the cursor after page 1 gives exactly what offset gives for page 2
    first = page_slice(qs, page=1, size=7)
    by_cursor = page_slice(qs, page=2, size=7, cursor=first.next_cursor).items
    assert by_cursor == page_slice(qs, page=2, size=7).items


@fast
def test_a_cursor_that_does_not_fit_the_list_is_ignored(users):
    qs = Resident.objects.visible_to(users["control"]).order_by("scope_path", "name", "pk")
    assert after(qs, "not-a-cursor") is None
    assert after(qs.order_by("address__full_text", "pk"), cursor_for(qs, qs.first())) is None
    assert page_slice(qs, page=2, size=5, cursor="garbage").items == list(qs[5:10])


@fast
def test_the_next_link_carries_the_cursor_and_lands_on_page_two(users, login, client):
    login("control")
    url = reverse("registry:resident_list")
    first = client.get(url, {"per_page": 5})
    link = re.search(r'rel="next" href="\?([^"]+)"', first.content.decode()).group(1).replace("&amp;", "&")
    assert "after=" in link and "page=2" in link
    by_cursor = client.get(f"{url}?{link}").context["page"]
    by_offset = client.get(url, {"per_page": 5, "page": 2}).context["page"]
    assert [r.pk for r in by_cursor.object_list] == [r.pk for r in by_offset.object_list]
    assert by_cursor.number == 2


@fast
def test_api_lists_page_in_the_database(users, login, client):
    login("control")
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/registry/residents", {"page_size": 5}).json()
    selects = [q["sql"] for q in queries.captured_queries if 'FROM "registry_resident"' in q["sql"]]
    assert selects and all("LIMIT" in sql for sql in selects)
    assert len(data["items"]) == 5 and data["count_exact"] is True
    assert data["count"] == Resident.objects.visible_to(users["control"]).count()
    following = client.get("/api/v1/registry/residents", {"page_size": 5, "after": data["next_after"]}).json()
    second = client.get("/api/v1/registry/residents", {"page_size": 5, "page": 2}).json()
    assert [r["id"] for r in following["items"]] == [r["id"] for r in second["items"]]
    # the scope still holds: an officer's count is their beat's
    login("officer")
    mine = client.get("/api/v1/registry/residents").json()
    prefix = scope_prefixes(users["officer"])[0]
    assert mine["count"] == Resident.objects.filter(scope_path__startswith=prefix).count()


@fast
@pytest.mark.parametrize(
    "path", ["/api/v1/tasks", "/api/v1/subjects", "/api/v1/org/staff", "/api/v1/org/units", "/api/v1/org/teams"]
)
def test_every_api_list_answers_count_and_cursor(login, client, path):
    login("control")
    data = client.get(path, {"page_size": 2}).json()
    assert set(data) == {"items", "count", "count_exact", "next_after"}
    assert len(data["items"]) == min(2, data["count"])


@fast
def test_an_export_beyond_the_limit_is_refused_with_how_to_narrow(users, login, client, monkeypatch):
    monkeypatch.setattr(listing, "EXPORT_ROW_LIMIT", 3)
    login("control")
    url = reverse("registry:resident_list")
    page = client.get(url).content.decode()
    assert 'id="export-limit"' in page and "超过单次导出上限 3 条" in page
    response = client.get(url, {"export": "xlsx", "q": "王"}, follow=True)
    assert response.redirect_chain and response["Content-Type"].startswith("text/html")
    message = [str(m) for m in response.context["messages"]]
    total = Resident.objects.visible_to(users["control"]).filter(name__startswith="王").count()
    assert message == [listing.EXPORT_TOO_LARGE.format(n=f"{total:,}", limit="3")]
    assert response.redirect_chain[-1][0].endswith("?q=%E7%8E%8B")


@fast
def test_a_deep_page_by_number_reads_keys_first_and_gives_the_same_rows(users):
    qs = Resident.objects.visible_to(users["control"]).select_related("address").order_by("scope_path", "name", "pk")
    deep = 1 + paging.DEFERRED_JOIN_OFFSET // 10
    assert qs.count() > deep * 10
    with CaptureQueriesContext(connection) as queries:
        chunk = page_slice(qs, page=deep, size=10)
    assert [r.pk for r in chunk.items] == [r.pk for r in qs[(deep - 1) * 10 : deep * 10]]
    keys_first = queries.captured_queries[0]["sql"]
    assert keys_first.startswith('SELECT "registry_resident"."id" AS "pk" FROM') and "JOIN" not in keys_first
