"""Every state change goes through a service that writes the operation log (操作日志) — one row each."""

import pytest

from accounts import services as account_services
from accounts.models import RoleAssignment, User
from accounts.roles import Role
from audit.models import OperationLog
from org import services as org_services
from org.models import OrgUnitKind, StaffKind

pytestmark = [pytest.mark.django_db, pytest.mark.fast]


def test_every_service_writes_one_operation_log_row(users):
    control = users["control"]
    city = RoleAssignment.objects.get(user=control).org_unit
    steps = []

    def run(action, fn):
        before = OperationLog.objects.count()
        result = fn()
        rows = list(OperationLog.objects.order_by("-id")[: OperationLog.objects.count() - before])
        steps.append(action)
        assert [r.action for r in rows] == [action], action
        assert rows[0].username == control.username or action == "user_password_change"
        return result

    station = run(
        "org_unit_create",
        lambda: org_services.org_unit_create(
            acting_user=control, kind=OrgUnitKind.STATION, name="审计派出所", code="AUD1", parent=city
        ),
    )
    run("org_unit_update", lambda: org_services.org_unit_update(acting_user=control, unit=station, name="审计所"))
    beat = org_services.org_unit_create(
        acting_user=control, kind=OrgUnitKind.BEAT, name="审计警务区", code="AUD1B", parent=station
    )
    station2 = org_services.org_unit_create(
        acting_user=control, kind=OrgUnitKind.STATION, name="审计二所", code="AUD2", parent=city
    )
    run("org_unit_move", lambda: org_services.org_unit_move(acting_user=control, unit=beat, parent=station2))
    staff = run(
        "staff_create",
        lambda: org_services.staff_create(
            acting_user=control, name="审计民警", kind=StaffKind.COMMUNITY_OFFICER, org_unit=beat
        ),
    )
    run("staff_update", lambda: org_services.staff_update(acting_user=control, staff=staff, police_number="9"))
    team = run("team_create", lambda: org_services.team_create(acting_user=control, beat=beat, name="审计团队"))
    run("team_member_add", lambda: org_services.team_member_add(acting_user=control, team=team, staff=staff))
    user = run(
        "user_create",
        lambda: account_services.user_create(
            acting_user=control,
            username="aud_user",
            full_name="审计",
            password="Audit2026pass",
            role=Role.OFFICER,
            org_unit=beat,
        ),
    )
    run("user_disable", lambda: account_services.user_disable(acting_user=control, user=user))
    run("user_enable", lambda: account_services.user_enable(acting_user=control, user=user))
    assignment = run(
        "user_role_assign",
        lambda: account_services.user_role_assign(
            acting_user=control, user=user, role=Role.STATION_LEAD, org_unit=station
        ),
    )
    run("user_role_revoke", lambda: account_services.user_role_revoke(acting_user=control, assignment=assignment))
    run(
        "user_password_reset",
        lambda: account_services.user_password_reset(acting_user=control, user=user, new_password="Reset2026pass"),
    )
    run(
        "user_password_change",
        lambda: account_services.user_password_change(user=User.objects.get(pk=user.pk), new_password="Mine2026pass"),
    )
    assert len(steps) == 14


def test_unchanged_update_writes_nothing(users):
    staff = users["officer"].staff
    before = OperationLog.objects.count()
    org_services.staff_update(acting_user=users["lead"], staff=staff, name=staff.name)
    assert OperationLog.objects.count() == before
