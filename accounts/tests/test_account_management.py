"""A station lead manages staff and accounts of their station; the control centre does so city-wide."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from accounts.services import user_create
from audit.models import OperationLog
from org.errors import ID_NUMBER_INVALID
from org.models import OrgUnit, OrgUnitKind, Staff

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Temp2026pass"


def unit_of(user):
    return RoleAssignment.objects.filter(user=user).order_by("org_unit__path").first().org_unit


def a_beat_under(station):
    return OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, path__startswith=station.path).order_by("path").first()


def test_lead_opens_an_account_for_an_officer_of_their_station(login, client, users):
    login("lead")
    beat = a_beat_under(unit_of(users["lead"]))
    response = client.post(
        reverse("web:user_new"),
        {
            "username": "zhang_wei",
            "full_name": "张伟",
            "role": Role.OFFICER,
            "org_unit": beat.pk,
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="zhang_wei")
    assert created.must_change_password
    assert [(a.role, a.org_unit) for a in created.role_assignments.all()] == [(Role.OFFICER, beat)]
    log = OperationLog.objects.filter(action="user_create", object_id=str(created.pk)).get()
    # the actor is the lead who opened it (not the new account, not the system), named in the log
    assert (log.user, log.username, log.object_type) == (users["lead"], "demo_lead", "user")
    assert log.summary == f"开设账号“zhang_wei”（社区民警，{beat.name}）"
    assert log.scope_path == beat.path

    # The new officer must change the initial password before anything else.
    client.logout()
    client.post("/login/", {"username": "zhang_wei", "password": NEW_PASSWORD})
    assert client.get("/org/").url == reverse("web:password_change")


def test_lead_cannot_choose_a_unit_of_another_station(login, client, users):
    login("lead")
    other_beat = a_beat_under(unit_of(users["lead2"]))
    response = client.post(
        reverse("web:user_new"),
        {
            "username": "intruder",
            "full_name": "外所",
            "role": Role.OFFICER,
            "org_unit": other_beat.pk,
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="intruder").exists()


def test_service_refuses_out_of_scope_even_without_the_form(users):
    other_beat = a_beat_under(unit_of(users["lead2"]))
    with pytest.raises(PermissionDenied):
        user_create(
            acting_user=users["lead"],
            username="x1",
            full_name="x",
            password=NEW_PASSWORD,
            role=Role.OFFICER,
            org_unit=other_beat,
        )
    assert not User.objects.filter(username="x1").exists()


def test_field_level_errors_in_chinese(login, client, users):
    login("lead")
    station = unit_of(users["lead"])
    response = client.post(
        reverse("web:user_new"),
        {
            "username": "demo_officer",
            "full_name": "重名",
            "role": Role.OFFICER,
            "org_unit": station.pk,
            "password": "short",
        },
    )
    form = response.context["form"]
    assert form.errors["username"] == ["登录名“demo_officer”已被使用，请换一个"]
    assert form.errors["org_unit"] == ["“社区民警”只能授权在警务区上，所选单位是派出所"]
    assert any("密码长度太短" in e for e in form.errors["password"])


def actor(action: str, account) -> tuple:
    """Who the one operation-log row of ``action`` on ``account`` names (the user and the name shown)."""
    [log] = OperationLog.objects.filter(action=action, object_id=str(account.pk))
    return log.user, log.username


def test_disable_and_enable_an_account(login, client, users):
    login("lead")
    officer = users["officer"]
    client.post(reverse("web:user_disable", args=[officer.pk]))
    officer.refresh_from_db()
    assert not officer.is_active
    assert actor("user_disable", officer) == (users["lead"], "demo_lead")
    client.post(reverse("web:user_enable", args=[officer.pk]))
    officer.refresh_from_db()
    assert officer.is_active
    assert actor("user_enable", officer) == (users["lead"], "demo_lead")


def test_lead_cannot_disable_an_account_of_another_station(login, client, users):
    login("lead")
    response = client.post(reverse("web:user_disable", args=[users["officer2"].pk]))
    assert response.status_code == 404
    users["officer2"].refresh_from_db()
    assert users["officer2"].is_active
    assert not OperationLog.objects.filter(
        object_type="user", object_id=str(users["officer2"].pk), user=users["lead"]
    ).exists()


def test_reset_password_forces_a_change(login, client, users):
    login("lead")
    response = client.post(
        reverse("web:user_password_reset", args=[users["auxiliary"].pk]), {"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    users["auxiliary"].refresh_from_db()
    assert users["auxiliary"].check_password(NEW_PASSWORD) and users["auxiliary"].must_change_password
    assert actor("user_password_reset", users["auxiliary"]) == (users["lead"], "demo_lead")
    bad = client.post(reverse("web:user_password_reset", args=[users["auxiliary"].pk]), {"new_password": "1234"})
    assert bad.status_code == 400 and "密码长度太短" in bad.content.decode()


def test_assign_beat_and_revoke_role(login, client, users):
    login("lead")
    beats = list(OrgUnit.objects.filter(kind=OrgUnitKind.BEAT, path__startswith=unit_of(users["lead"]).path))
    officer = users["officer"]
    client.post(reverse("web:user_role_assign", args=[officer.pk]), {"role": Role.OFFICER, "org_unit": beats[1].pk})
    assert officer.role_assignments.filter(org_unit=beats[1]).exists()
    assert actor("user_role_assign", officer) == (users["lead"], "demo_lead")
    assignment = officer.role_assignments.get(org_unit=beats[1])
    client.post(reverse("web:user_role_revoke", args=[officer.pk, assignment.pk]))
    assert not officer.role_assignments.filter(org_unit=beats[1]).exists()
    assert actor("user_role_revoke", officer) == (users["lead"], "demo_lead")
    # The last role cannot be revoked: disable the account instead.
    last = officer.role_assignments.get()
    client.post(reverse("web:user_role_revoke", args=[officer.pk, last.pk]))
    assert officer.role_assignments.count() == 1


def test_control_centre_manages_city_wide(login, client, users):
    login("control")
    response = client.get(reverse("web:user_list"), {"per_page": 200})
    usernames = {u.username for u in response.context["page"].object_list}
    assert {"demo_officer", "demo_officer2", "demo_lead2"} <= usernames
    client.post(reverse("web:user_disable", args=[users["officer2"].pk]))
    users["officer2"].refresh_from_db()
    assert not users["officer2"].is_active


def test_lead_adds_and_edits_staff_with_chinese_field_errors(login, client, users):
    login("lead")
    beat = a_beat_under(unit_of(users["lead"]))
    bad = client.post(
        reverse("web:staff_new"),
        {
            "name": "李娜",
            "kind": "auxiliary",
            "org_unit": beat.pk,
            "id_number": "123456",
            "phone": "12ab",
        },
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["id_number"] == [ID_NUMBER_INVALID]
    assert bad.context["form"].errors["phone"] == ["联系电话格式不正确：手机号为11位数字，座机可含区号和“-”"]
    assert not Staff.objects.filter(name="李娜").exists()
    ok = client.post(
        reverse("web:staff_new"),
        {
            "name": "李娜",
            "kind": "auxiliary",
            "org_unit": beat.pk,
            "id_number": "329901198001010011",
            "phone": "13900002222",
            "is_full_time": "on",
        },
    )
    staff = Staff.objects.get(name="李娜")
    assert ok.url == reverse("web:staff_detail", args=[staff.pk])
    client.post(
        reverse("web:staff_edit", args=[staff.pk]),
        {
            "name": "李娜",
            "kind": "police_assistant",
            "org_unit": beat.pk,
            "phone": "13900002222",
        },
    )
    staff.refresh_from_db()
    assert staff.kind == "police_assistant"
    log = OperationLog.objects.filter(action="staff_update", object_id=str(staff.pk)).get()
    assert log.changes["kind"] == ["auxiliary", "police_assistant"]
    assert log.changes["id_number"] == ["（已修改）", ""]  # personal values never enter the log


def test_officer_cannot_manage_accounts(login, client):
    login("officer")
    assert client.get(reverse("web:user_list")).status_code == 403
    assert client.get(reverse("web:staff_new")).status_code == 403


def test_service_validation_error_is_not_half_written(users):
    beat = a_beat_under(unit_of(users["lead"]))
    with pytest.raises(ValidationError):
        user_create(
            acting_user=users["lead"],
            username="bad name!",
            full_name="x",
            password="x",
            role=Role.OFFICER,
            org_unit=beat,
        )
    assert not User.objects.filter(full_name="x").exists()


def test_last_sign_in_is_shown_in_shanghai_time_on_the_page_and_in_the_export(login, client, users):
    """账号管理 最近登录: the database holds UTC; people read Asia/Shanghai (02:05 UTC is 10:05 here)."""
    from datetime import UTC, datetime
    from io import BytesIO

    from openpyxl import load_workbook

    User.objects.filter(pk=users["officer2"].pk).update(last_login=datetime(2026, 11, 18, 2, 5, tzinfo=UTC))
    login("control")
    html = client.get(reverse("web:user_list"), {"q": "demo_officer2"}).content.decode()
    assert "2026-11-18 10:05" in html and "2026-11-18 02:05" not in html
    export = client.get(reverse("web:user_list"), {"q": "demo_officer2", "export": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    assert row[header.index("最近登录")] == datetime(2026, 11, 18, 10, 5)  # typed, in local time
