from django.db.models import Prefetch, Q

from .models import RoleAssignment, User
from .roles import Perm, role_grants
from .scope import path_covered, scope_prefixes


def user_may(user, perm: str, path: str | None = None) -> bool:
    """Whether any of the user's roles grants ``perm`` (over ``path`` when given)."""
    if path is not None:
        return path_covered(user, path, perm)
    return bool(scope_prefixes(user, perm))


def user_list(*, user, filters: dict | None = None):
    """Accounts whose roles sit inside the units the user manages."""
    filters = filters or {}
    qs = User.objects.visible_to(user, perm=Perm.MANAGE_STAFF).prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("org_unit"))
    )
    if q := filters.get("q"):
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if role := filters.get("role"):
        qs = qs.filter(role_assignments__role=role)
    if filters.get("active") in (True, False):
        qs = qs.filter(is_active=filters["active"])
    return qs.order_by("username")


def user_get(*, user, pk) -> User:
    return user_list(user=user).get(pk=pk)


def user_roles(user) -> list[RoleAssignment]:
    return list(user.role_assignments.select_related("org_unit").order_by("org_unit__path"))


def user_home_unit(user):
    """The unit shown on the workbench: the deepest of the user's role anchors."""
    roles = user_roles(user)
    return max((a.org_unit for a in roles), key=lambda u: u.depth, default=None)


def roles_granting(user, perm: str) -> list[str]:
    return sorted({a.role for a in user_roles(user) if role_grants(a.role, perm)})
