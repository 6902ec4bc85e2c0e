"""Access trail (访问留痕) and masking — 规范001 第一百零九条: 脱敏降级、日志监测."""

import io
import os

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from openpyxl import load_workbook

from audit.masking import mask_id_number, mask_phone
from audit.models import AccessAction, AccessRecord, AppendOnlyError, OperationLog
from org.models import Staff

pytestmark = pytest.mark.django_db


def staff_in_scope_of(user):
    from accounts.scope import scope_prefixes

    prefix = scope_prefixes(user)[0]
    return Staff.objects.filter(org_unit__path__startswith=prefix).exclude(phone="").order_by("pk").first()


@pytest.mark.fast
def test_mask_id_number_and_phone():
    assert mask_id_number("321002195601011234") == "3210**********1234"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0512-66001234") == "*********1234"
    assert mask_id_number("") == "" and mask_phone("") == ""


@pytest.mark.fast
def test_detail_view_writes_one_trail_row_and_shows_masked(users, login, client):
    login("auxiliary")  # may view staff, may not unmask
    staff = staff_in_scope_of(users["auxiliary"])
    before = AccessRecord.objects.count()
    response = client.get(reverse("web:staff_detail", args=[staff.pk]), REMOTE_ADDR="10.8.1.23")
    assert response.status_code == 200
    rows = AccessRecord.objects.order_by("-id")[: AccessRecord.objects.count() - before]
    assert [(r.action, r.object_type, r.object_id, r.username, r.ip) for r in rows] == [
        (AccessAction.VIEW, "staff", str(staff.pk), "demo_auxiliary", "10.8.1.23")
    ]
    body = response.content.decode()
    assert mask_phone(staff.phone) in body and staff.phone not in body
    assert mask_id_number(staff.id_number) in body and staff.id_number not in body


@pytest.mark.fast
def test_unmask_needs_permission_and_is_on_the_trail(users, login, client):
    login("auxiliary")
    staff = staff_in_scope_of(users["auxiliary"])
    response = client.get(reverse("web:staff_detail", args=[staff.pk]), {"unmask": "1"})
    assert staff.phone not in response.content.decode()
    assert not AccessRecord.objects.filter(action=AccessAction.UNMASK, username="demo_auxiliary").exists()

    login("officer")
    response = client.get(reverse("web:staff_detail", args=[staff.pk]), {"unmask": "1"})
    assert staff.phone in response.content.decode() and staff.id_number in response.content.decode()
    assert (
        AccessRecord.objects.filter(
            action=AccessAction.UNMASK, username="demo_officer", object_id=str(staff.pk)
        ).count()
        == 1
    )


@pytest.mark.fast
def test_api_detail_is_on_the_trail_with_channel_api(users, login, client):
    login("lead")
    staff = staff_in_scope_of(users["lead"])
    body = client.get(f"/api/v1/org/staff/{staff.pk}").json()
    assert body["phone"] == mask_phone(staff.phone) and body["unmasked"] is False
    row = AccessRecord.objects.latest("id")
    assert (row.action, row.channel, row.object_id) == (AccessAction.VIEW, "api", str(staff.pk))


@pytest.mark.fast
def test_export_writes_one_trail_row_per_person_and_is_masked(users, login, client):
    login("lead")
    response = client.get(reverse("web:staff_list"), {"export": "xlsx", "kind": "community_officer"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header, *rows = list(sheet.values)
    assert header[0] == "姓名" and "联系电话" in header
    exported = Staff.objects.filter(
        kind="community_officer", org_unit__path__startswith=users["lead"].role_assignments.get().org_unit.path
    )
    assert len(rows) == exported.count() > 0
    phones = {r[header.index("联系电话")] for r in rows}
    assert phones == {mask_phone(s.phone) for s in exported}
    trail = AccessRecord.objects.filter(action=AccessAction.EXPORT, username="demo_lead")
    assert trail.count() == len(rows) and len({r.batch for r in trail}) == 1
    assert {r.object_id for r in trail} == {str(s.pk) for s in exported}
    assert OperationLog.objects.filter(action="export", username="demo_lead").exists()


@pytest.mark.fast
def test_roles_without_export_permission_cannot_export(login, client):
    login("auxiliary")
    response = client.get(reverse("web:staff_list"), {"export": "xlsx"})
    assert response.status_code == 403
    assert not AccessRecord.objects.filter(action=AccessAction.EXPORT, username="demo_auxiliary").exists()


@pytest.mark.fast
def test_trail_cannot_be_changed_through_the_app(users, login, client):
    login("lead")
    client.get(reverse("web:staff_detail", args=[staff_in_scope_of(users["lead"]).pk]))
    row = AccessRecord.objects.latest("id")
    row.object_label = "篡改"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=row.pk).update(object_label="篡改")
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=row.pk).delete()
    assert AccessRecord.objects.get(pk=row.pk).object_label != "篡改"


def test_postgres_trigger_refuses_update_and_delete(users, login, client):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")  # the suite runs on PostgreSQL in scripts/test
    login("lead")
    client.get(reverse("web:staff_detail", args=[staff_in_scope_of(users["lead"]).pk]))
    row_id = AccessRecord.objects.latest("id").pk
    for sql in (
        "UPDATE audit_accessrecord SET object_label = 'x' WHERE id = %s",
        "DELETE FROM audit_accessrecord WHERE id = %s",
        "DELETE FROM audit_operationlog WHERE id > %s",
        "UPDATE audit_loginrecord SET username = 'x' WHERE id > %s",
    ):
        with pytest.raises(DatabaseError, match="审计记录只可追加"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [row_id if "accessrecord" in sql else 0])
    assert AccessRecord.objects.filter(pk=row_id).exists()


@pytest.mark.fast
def test_auditor_reads_the_trail_and_others_cannot(users, login, client):
    login("lead")
    staff = staff_in_scope_of(users["lead"])
    client.get(reverse("web:staff_detail", args=[staff.pk]))
    login("auditor")
    response = client.get(reverse("web:audit_access"), {"username": "demo_lead"})
    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert any(r.object_id == str(staff.pk) and r.username == "demo_lead" for r in shown)
    assert client.get(reverse("web:audit_operations")).status_code == 200
    assert client.get(reverse("web:audit_logins")).status_code == 200
    api = client.get("/api/v1/audit/access", {"username": "demo_lead"}).json()
    assert any(i["object_id"] == str(staff.pk) for i in api["items"])
    for role in ("officer", "lead", "control"):
        login(role)
        assert client.get(reverse("web:audit_access")).status_code == 403
        assert client.get("/api/v1/audit/access").status_code == 403


def test_postgres_trigger_refuses_truncate(users):
    """规范001 第一百零九条: no one emptying a trail either — TRUNCATE fires no DELETE trigger, so it has its own. The
    app's role is an ordinary one; a superuser (who could drop the trigger anyway) is let through."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")  # the suite runs on PostgreSQL in scripts/test
    before = {model: model.objects.count() for model in (AccessRecord, OperationLog)}
    role = f"fq_trail_probe_{os.getpid()}"  # roles are cluster-wide: one per test process, rolled back with the test
    tables = "audit_accessrecord, audit_operationlog, audit_loginrecord"
    with connection.cursor() as c:
        c.execute(f"CREATE ROLE {role} NOLOGIN")
        c.execute(f"GRANT SELECT, TRUNCATE ON {tables} TO {role}")
        c.execute(f"SET LOCAL ROLE {role}")
        try:
            for table in tables.split(", "):
                with pytest.raises(DatabaseError, match="审计记录只可追加，不可清空"), transaction.atomic():
                    c.execute(f"TRUNCATE {table}")
        finally:
            c.execute("RESET ROLE")
    assert {model: model.objects.count() for model in (AccessRecord, OperationLog)} == before
