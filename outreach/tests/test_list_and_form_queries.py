"""Issue 11 (every page p95 ≤ 200 ms at 5 M residents): the service-request API list pages in the database (it
serialised every open request in scope first), and the complaint form's officer list is written in Python with
the columns it needs. Neither's query count grows with the number of records or officers; the officers offered
are still every active police officer in scope."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Perm
from org.models import POLICE_KINDS, Staff, StaffKind
from org.services import staff_create

from .factories import beat_of, receive

pytestmark = pytest.mark.django_db

TZ_WHEN = datetime.fromisoformat("2026-11-10T10:00:00+08:00")


def _get(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return response, len(ctx.captured_queries)


def test_the_request_list_reads_one_page_whatever_the_number_of_requests(users, login):
    client = login("lead")
    receive(users["officer"], when=TZ_WHEN)
    client.get("/api/v1/outreach/requests")  # warm-up
    _r, few = _get(client, "/api/v1/outreach/requests?page_size=2")
    for _ in range(4):
        receive(users["officer"], when=TZ_WHEN)
    response, many = _get(client, "/api/v1/outreach/requests?page_size=2")
    assert many == few, (few, many)
    body = response.json()
    assert len(body["items"]) == 2 and body["next_after"]


def test_the_complaint_form_offers_every_officer_in_scope_in_a_bounded_number_of_queries(users, login):
    client = login("lead")
    client.get("/outreach/complaints/new/")  # warm-up
    _r, few = _get(client, "/outreach/complaints/new/")
    beat = beat_of(users["officer"])
    for i in range(3):
        staff_create(acting_user=None, name="加测民警" + "甲乙丙"[i], kind=StaffKind.COMMUNITY_OFFICER, org_unit=beat)
    response, many = _get(client, "/outreach/complaints/new/")
    assert many == few, (few, many)
    page = response.content.decode()
    officers = Staff.objects.visible_to(users["lead"], perm=Perm.MANAGE_SERVICES).filter(
        kind__in=POLICE_KINDS, is_active=True
    )
    assert officers.filter(name__startswith="加测民警").count() == 3
    for s in officers:
        assert f'<option value="{s.pk}">{s.name}</option>' in page
    select = page.split('name="officer"')[1].split("</select>")[0]
    assert select.count("<option") == officers.count() + 1  # and the empty 请选择
