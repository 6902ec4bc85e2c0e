"""How the route matrix exercises the pages the page kit answers itself (docs/adr/0004): the org tree, units, staff (a
person's record: on the access trail, ID and phone masked), teams and staffing warnings; account management (a
station lead manages their station's accounts, never another's); the audit trails (an auditor of one station reads
that station's rows only, 规范001 第一百零九条); the workbench."""

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from audit.models import AccessRecord, LoginRecord, OperationLog
from org.models import OrgUnitKind, StaffKind
from org.services import org_unit_create, staff_create, team_create
from web.route_matrix import MATRIX, Action, Create, Detail, List, Record, Summary
from web.tests.matrix_people import id_number, phone

SEARCH = {"q": MATRIX}
AUDITOR = ("auditor",)
NEW_PASSWORD = "Matrix54321y"

# --- org


def make_unit(side):
    code = f"MX{side.beat.code}"
    return org_unit_create(
        acting_user=None, kind=OrgUnitKind.COMMUNITY, name=side.mark, code=code, parent=side.beat, population=100
    )


def make_staff(side):
    return staff_create(
        acting_user=None,
        name=side.mark,
        kind=StaffKind.AUXILIARY,
        org_unit=side.beat,
        id_number=id_number(side),
        phone=phone(side),
    )


def make_team(side):
    return team_create(acting_user=None, beat=side.beat, name=f"{side.mark}团队")


def _staff_form(side=None, staff=None):
    return {
        "name": staff.name if staff else MATRIX + "新增",
        "kind": StaffKind.AUXILIARY,
        "org_unit": staff.org_unit_id if staff else side.beat.pk,
        "phone": "13912345678",
        "is_full_time": "on",
    }


# --- accounts


def make_account(side):
    user = User.objects.create_user(username=f"mx_{side.beat.code}", password="Matrix12345x", full_name=side.mark)
    RoleAssignment.objects.create(user=user, role=Role.AUXILIARY, org_unit=side.beat)
    RoleAssignment.objects.create(user=user, role=Role.VOLUNTEER, org_unit=side.beat)  # a second one to revoke
    return user


def make_disabled_account(side):
    user = User.objects.create_user(
        username=f"mx_off_{side.beat.code}", password="Matrix12345x", full_name=side.mark, is_active=False
    )
    RoleAssignment.objects.create(user=user, role=Role.AUXILIARY, org_unit=side.beat)
    return user


def _revoke_url(account):
    return {"assignment_pk": account.role_assignments.order_by("pk").last().pk}


def _community(account):
    beat = account.role_assignments.order_by("pk").first().org_unit
    return beat.children.filter(kind="community").order_by("pk").first()


# --- audit


def make_access(side):
    return AccessRecord.objects.create(
        user=side.officer,
        username=side.officer.username,
        action="view",
        object_type="resident",
        object_id="0",
        object_label=side.mark,
        scope_path=side.beat.path,
    )


def make_operation(side):
    return OperationLog.objects.create(
        user=None,
        username=side.mark,
        action="resident_create",
        object_type="resident",
        object_id="0",
        summary=side.mark,
        scope_path=side.beat.path,
    )


def make_login(side):
    return LoginRecord.objects.create(username=side.mark, user=None, outcome="failure", scope_path=side.beat.path)


RECORDS = {
    "org_unit": Record(make=make_unit),
    "staff": Record(make=make_staff, trail="staff", secrets=lambda s: [s.id_number, s.phone]),
    "team": Record(make=make_team),
    "account": Record(make=make_account),
    "disabled_account": Record(make=make_disabled_account),
    "access_record": Record(make=make_access),
    "operation_log": Record(make=make_operation),
    "login_record": Record(make=make_login),
}

ROUTES = {
    "web:workbench": Summary(),
    # org
    "web:org_tree": Summary(),
    "web:org_unit_list": List("org_unit", query=SEARCH, export=True),
    "web:org_unit_detail": Detail("org_unit"),
    "web:staff_list": List("staff", query=SEARCH, export=True),
    "web:staff_new": Create(data=lambda side: _staff_form(side=side)),
    "web:staff_detail": Detail("staff"),
    "web:staff_edit": Action("staff", data=lambda s: _staff_form(staff=s)),
    "web:team_list": List("team", query=SEARCH, export=True),
    "web:team_detail": Detail("team"),
    "web:staffing": Summary(),
    # accounts
    "web:user_list": List("account", query=SEARCH, export=True),
    "web:user_new": Create(
        data=lambda side: {
            "username": f"mx_new_{side.beat.code}",
            "full_name": MATRIX,
            "role": Role.AUXILIARY,
            "org_unit": side.beat.pk,
            "password": NEW_PASSWORD,
        }
    ),
    "web:user_detail": Detail("account"),
    "web:user_disable": Action("account"),
    "web:user_enable": Action("disabled_account"),
    "web:user_role_assign": Action("account", data=lambda a: {"role": Role.VOLUNTEER, "org_unit": _community(a).pk}),
    "web:user_role_revoke": Action("account", url=_revoke_url),
    "web:user_password_reset": Action("account", data=lambda a: {"new_password": NEW_PASSWORD}),
    # audit
    "web:audit_access": List("access_record", query={"object_label": MATRIX}, export=True, roles=AUDITOR),
    "web:audit_operations": List("operation_log", query={"username": MATRIX}, export=True, roles=AUDITOR),
    "web:audit_logins": List("login_record", query={"username": MATRIX}, export=True, roles=AUDITOR),
}

EXEMPT = {
    "web:login": "登录页（未登录即可打开，不显示记录）",
    "web:logout": "退出登录（不显示记录）",
    "web:password_change": "修改本人密码（只涉及本人账号）",
    "web:health": "存活探测 /healthz（只答 ok，不显示记录）",
}
