"""Data scope, enforced in one place (规范001 第一百零九条: 数据分类分级、脱敏降级).

Every scoped model keeps a materialised org path (``org.OrgUnit.path``, e.g. ``0000001.0000004.``) on
itself or one join away, and is read only through ``ScopedQuerySet.visible_to(user)``. A user sees the
subtrees of the org units their role assignments are anchored at — the union over all their roles — and
nothing when they hold no role (deny by default). A permission narrows the roles counted: ``visible_to(
user, perm="manage_staff")`` keeps only the subtrees where one of the user's roles grants that permission.

This module imports no models at load time, so ``org`` can use it while ``accounts`` depends on ``org``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .roles import role_grants


def scope_prefixes(user, perm: str | None = None) -> list[str]:
    """The minimal list of org paths the user may see (for ``perm`` when given)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = user.__dict__.setdefault("_scope_cache", {})
    if perm not in cache:
        assignments = user.role_assignments.select_related("org_unit").filter(org_unit__is_active=True)
        paths = sorted({a.org_unit.path for a in assignments if perm is None or role_grants(a.role, perm)})
        minimal: list[str] = []
        for path in paths:  # sorted, so an ancestor comes before its descendants
            if not any(path.startswith(kept) for kept in minimal):
                minimal.append(path)
        cache[perm] = minimal
    return cache[perm]


def forget_scope(user) -> None:
    """Drop the per-request cache after the user's roles changed."""
    user.__dict__.pop("_scope_cache", None)


def path_covered(user, path: str, perm: str | None = None) -> bool:
    return any(path.startswith(prefix) for prefix in scope_prefixes(user, perm))


class ScopedQuerySet(models.QuerySet):
    """Subclasses (or ``as_manager`` callers) set ``scope_path_lookup`` to the path of the org path."""

    scope_path_lookup = "org_unit__path"

    def visible_to(self, user, perm: str | None = None):
        prefixes = scope_prefixes(user, perm)
        if not prefixes:
            return self.none()
        condition = Q()
        for prefix in prefixes:
            condition |= Q(**{f"{self.scope_path_lookup}__startswith": prefix})
        return self.filter(condition)


def scoped_queryset(lookup: str) -> type[ScopedQuerySet]:
    """A ScopedQuerySet class reading the org path at ``lookup`` (e.g. ``"beat__path"``)."""
    return type(f"ScopedQuerySet_{lookup.replace('__', '_')}", (ScopedQuerySet,), {"scope_path_lookup": lookup})
