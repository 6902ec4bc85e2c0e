"""Account state changes: create, disable/enable, roles, passwords. One function each, each logged.

Who may call them: a user holding ``manage_staff`` over the accounts' org units — a station lead for
their station, a control-centre user city-wide (DESIGN.md roles); ``acting_user=None`` is the system
(demo set-up, management commands).
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import operation_log_write
from org.models import OrgUnit, OrgUnitKind, Staff

from . import errors
from .models import RoleAssignment, User
from .roles import ROLE_ANCHOR_KINDS, Perm, Role
from .scope import forget_scope, path_covered


def _require_manage(acting_user, path: str) -> None:
    if acting_user is not None and not path_covered(acting_user, path, Perm.MANAGE_STAFF):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _require_manage_user(acting_user, user: User) -> None:
    """The acting user must manage every unit the account holds a role at (no taking over outsiders)."""
    paths = [a.org_unit.path for a in user.role_assignments.select_related("org_unit")]
    if not paths and user.staff_id:
        paths = [user.staff.org_unit.path]
    if acting_user is not None and (
        not paths or not all(path_covered(acting_user, p, Perm.MANAGE_STAFF) for p in paths)
    ):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _check_anchor(role: str, org_unit: OrgUnit) -> None:
    kinds = ROLE_ANCHOR_KINDS[role]
    if org_unit.kind not in kinds:
        raise ValidationError(
            {
                "org_unit": _(errors.ROLE_ANCHOR_KIND).format(
                    role=Role(role).label,
                    kinds="、".join(str(OrgUnitKind(k).label) for k in kinds),
                    kind=org_unit.get_kind_display(),
                )
            },
            code="role_anchor_kind",
        )


def _log(acting_user, action: str, user: User, summary: str, changes: dict | None = None) -> None:
    first = user.role_assignments.select_related("org_unit").order_by("org_unit__path").first()
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type="user",
        object_id=user.pk,
        summary=summary,
        changes=changes,
        scope_path=first.org_unit.path if first else "",
    )


@transaction.atomic
def user_create(
    *,
    acting_user,
    username: str,
    full_name: str,
    password: str,
    role: str,
    org_unit: OrgUnit,
    staff: Staff | None = None,
    must_change_password: bool = True,
) -> User:
    """Open an account with its first role. The password must pass the password rules."""
    _require_manage(acting_user, org_unit.path)
    problems: dict[str, list[str]] = {}
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        problems["username"] = [_(errors.USERNAME_INVALID)]
    if User.objects.filter(username=username).exists():
        problems["username"] = [_(errors.USERNAME_TAKEN).format(username=username)]
    try:
        _check_anchor(role, org_unit)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    try:
        validate_password(password, User(username=username, full_name=full_name))
    except ValidationError as exc:
        problems["password"] = exc.messages
    if problems:
        raise ValidationError(problems)
    user = User(username=username, full_name=full_name, staff=staff, must_change_password=must_change_password)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=role, org_unit=org_unit)
    _log(acting_user, "user_create", user, f"开设账号“{username}”（{Role(role).label}，{org_unit.name}）")
    return user


@transaction.atomic
def user_disable(*, acting_user, user: User) -> User:
    """Stop an account from signing in; its history stays."""
    _require_manage_user(acting_user, user)
    if acting_user is not None and acting_user.pk == user.pk:
        raise ValidationError(_(errors.CANNOT_DISABLE_SELF), code="disable_self")
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _log(acting_user, "user_disable", user, f"停用账号“{user.username}”")
    return user


@transaction.atomic
def user_enable(*, acting_user, user: User) -> User:
    _require_manage_user(acting_user, user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        _log(acting_user, "user_enable", user, f"启用账号“{user.username}”")
    return user


@transaction.atomic
def user_role_assign(*, acting_user, user: User, role: str, org_unit: OrgUnit) -> RoleAssignment:
    """Grant a role at a unit (e.g. assign an officer to a beat). Needs manage_staff over that unit."""
    _require_manage(acting_user, org_unit.path)
    if user.role_assignments.exists():
        _require_manage_user(acting_user, user)
    _check_anchor(role, org_unit)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, org_unit=org_unit)
    if created:
        forget_scope(user)
        _log(acting_user, "user_role_assign", user, f"授予“{user.username}”{Role(role).label}（{org_unit.name}）")
    return assignment


@transaction.atomic
def user_role_revoke(*, acting_user, assignment: RoleAssignment) -> None:
    user = assignment.user
    _require_manage(acting_user, assignment.org_unit.path)
    if user.role_assignments.count() == 1:
        raise ValidationError(_(errors.LAST_ROLE), code="last_role")
    summary = f"撤销“{user.username}”{assignment.get_role_display()}（{assignment.org_unit.name}）"
    assignment.delete()
    forget_scope(user)
    _log(acting_user, "user_role_revoke", user, summary)


@transaction.atomic
def user_password_reset(*, acting_user, user: User, new_password: str) -> User:
    """Set a temporary password; the user must change it at next sign-in."""
    _require_manage_user(acting_user, user)
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _log(acting_user, "user_password_reset", user, f"重置“{user.username}”的密码")
    return user


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> User:
    """A user changes their own password (after sign-in; the old one was checked by the form)."""
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    _log(user, "user_password_change", user, f"“{user.username}”修改了自己的密码")
    return user
