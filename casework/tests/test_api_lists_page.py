"""The dispute, incident and handover API lists at city scale (issue 11): each page is sliced in the database
(``api.common.Rows``) and only the page's disputes have their parties read; the lists used to build every
dispute in scope (with its parties) in Python and then slice it."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import dispute, incident

pytestmark = pytest.mark.django_db


def _page(client, url):
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).json()
    return body, [q["sql"] for q in ctx.captured_queries]


def test_dispute_and_incident_lists_read_only_their_page(users, login):
    today = timezone.localdate()
    for i in range(4):
        dispute(users, on=today - timedelta(days=i))
    for i in range(3):
        incident(users, on=today - timedelta(days=i))
    client = login("officer")
    for url, table in (
        ("/api/v1/disputes?page_size=2", "casework_dispute"),
        ("/api/v1/incidents?page_size=2", "casework_incident"),
    ):
        body, sqls = _page(client, url)
        assert len(body["items"]) == 2 and body["count"] >= 3 and body["next_after"], url
        rows = [s for s in sqls if s.startswith("SELECT") and f'FROM "{table}"' in s and "COUNT(" not in s]
        assert rows and all("LIMIT" in s for s in rows), url
        walked, page = [i["id"] for i in body["items"]], body
        while page["next_after"]:  # the cursor walks the whole list once, in the list's order
            page = client.get(f"{url}&after={page['next_after']}").json()
            walked += [i["id"] for i in page["items"]]
        assert len(walked) == body["count"] == len(set(walked)), url

    body, sqls = _page(client, "/api/v1/disputes?page_size=2")
    parties = [s for s in sqls if 'FROM "casework_disputeparty"' in s]
    # one query for the parties of the page's disputes (and the one row read to know another page follows)
    assert len(parties) == 1 and body["count"] > 3
    named = re.search(r'"dispute_id" IN \(([^)]*)\)', parties[0]).group(1).split(",")
    assert len(named) == 3, parties[0]
    assert all(i["parties"] == ["张甲", "李乙"] for i in body["items"])
