"""Reads of the registry, always through the user's data scope (view_registry)."""

from __future__ import annotations

import re

from django.db.models import Q

from accounts.roles import Perm
from accounts.scope import scope_prefixes
from fengqiao.search import MIN_ADDRESS_CHARS, SearchSpec, search

from .models import (
    Address,
    CandidateStatus,
    DuplicateCandidate,
    FindingStatus,
    House,
    ImportJob,
    Organization,
    QualityFinding,
    RecordChange,
    Resident,
)

RESIDENT_SEARCH = SearchSpec(
    name="name", name_bigrams="name_bigrams", initials="name_initials", id_number="id_number", address="address_text"
)

HOUSE_SEARCH = SearchSpec(name="owner_name", address="address_text")
ORGANIZATION_SEARCH = SearchSpec(name="name", address="address_text")
USCC_PART = re.compile(r"^[0-9A-Za-z]{4,18}$")


def resident_list(*, user, filters: dict | None = None):
    """Search by name, pinyin initials, the last digits of the ID number, or the typed address (fengqiao.search:
    each kind of query asks one indexed column of the row); filter by type and beat."""
    filters = filters or {}
    qs = Resident.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("org_unit", "address")
    if filters.get("active", True) is not None:
        qs = qs.filter(is_active=filters.get("active", True))
    qs = search(qs, filters.get("q") or "", RESIDENT_SEARCH)
    if population_type := filters.get("population_type"):
        qs = qs.filter(population_type=population_type)
    if within := filters.get("within"):
        qs = qs.within(within)
    if label := filters.get("label"):
        qs = qs.filter(labels__contains=[label])
    return qs.order_by("scope_path", "name", "pk")


def resident_get(*, user, pk) -> Resident:
    return (
        Resident.objects.visible_to(user, perm=Perm.VIEW_REGISTRY)
        .select_related("org_unit", "address", "house__address", "merged_into")
        .get(pk=pk)
    )


HISTORY_ACTIONS = {
    "create": "登记",
    "update": "修改",
    "import": "导入",
    "import_update": "导入更新",
    "merge": "合并重复记录",
    "merged_into": "并入其他记录",
    "rental": "出租登记",
}


def _old_new(values) -> tuple:
    if isinstance(values, (list, tuple)):
        return (values[0] if values else "", values[1] if len(values) > 1 else "")
    return ("", values)


def record_history(obj) -> list[RecordChange]:
    """The record's changes, newest first, with Chinese action names and field labels for display."""
    labels = {f.name: str(f.verbose_name) for f in obj._meta.fields}
    rows = list(
        RecordChange.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
        .select_related("user")
        .order_by("-at", "-id")
    )
    for row in rows:
        row.action_label = HISTORY_ACTIONS.get(row.action, row.action)
        row.changes_shown = [(labels.get(name, name), *_old_new(values)) for name, values in row.changes.items()]
    return rows


def house_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = House.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("address", "org_unit", "owner")
    # The owner's name or the house's own copy of its address, each through its index (fengqiao.search).
    qs = search(qs, filters.get("q") or "", HOUSE_SEARCH)
    if use := filters.get("use"):
        qs = qs.filter(use=use)
    if within := filters.get("within"):
        qs = qs.within(within)
    # By unit, then address, on the house's own columns: one scope index answers any page (issue 11).
    return qs.order_by("scope_path", "address_text", "pk")


def house_get(*, user, pk) -> House:
    return House.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("address", "org_unit").get(pk=pk)


def organization_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Organization.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("org_unit", "address")
    if q := (filters.get("q") or "").strip():
        # The name or address through fengqiao.search's shapes (trigram indexes from three characters on), or the
        # start of the 统一社会信用代码 (its pattern index): no "icontains" over every organization in scope (issue 11).
        found = search(qs, q, ORGANIZATION_SEARCH)
        qs = found | qs.filter(uscc__startswith=q.upper()) if USCC_PART.match(q) else found
    if category := filters.get("category"):
        qs = qs.filter(category=category)
    if filters.get("key_unit") in (True, False):
        qs = qs.filter(is_key_unit=filters["key_unit"])
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("scope_path", "name")


def organization_get(*, user, pk) -> Organization:
    return (
        Organization.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("org_unit", "address").get(pk=pk)
    )


def address_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Address.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("org_unit")
    if q := (filters.get("q") or "").strip():
        # Three characters or more: the trigram index answers "contains" (issue 11; addresses are Chinese, so the
        # case-blind match of shorter text adds nothing there); shorter text is common enough to find by the scan.
        text = Q(full_text__contains=q) if len(q) >= MIN_ADDRESS_CHARS else Q(full_text__icontains=q)
        qs = qs.filter(text | Q(code__startswith=q))
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    # By unit, then address (the resident list's pattern): the scope index serves the order, so deep pages and
    # cursors cost the same as the first page at 5 M (issue 11).
    return qs.order_by("scope_path", "full_text", "pk")


def finding_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = QualityFinding.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).select_related("org_unit")
    qs = qs.filter(status=filters.get("status") or FindingStatus.OPEN)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def finding_get(*, user, pk) -> QualityFinding:
    return QualityFinding.objects.visible_to(user, perm=Perm.VIEW_REGISTRY).get(pk=pk)


def _other_in_scope(user) -> Q:
    """The pair's second person in the user's scope too. Read on the joined row's own ``scope_path`` (the list
    joins it anyway), not as ``other IN (every resident in scope)``, which made the city's list join all its pairs
    before sorting (issue 11)."""
    condition = Q()
    for prefix in scope_prefixes(user, Perm.VIEW_REGISTRY):
        condition |= Q(other__scope_path__startswith=prefix)
    return condition


def candidate_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = (
        DuplicateCandidate.objects.visible_to(user, perm=Perm.VIEW_REGISTRY)
        .filter(_other_in_scope(user))
        .select_related("resident", "other", "resident__org_unit", "other__org_unit")
    )
    return qs.filter(status=filters.get("status") or CandidateStatus.OPEN).order_by("-score", "-pk")


def candidate_get(*, user, pk) -> DuplicateCandidate:
    """A candidate pair, only when the user may see both people."""
    return (
        DuplicateCandidate.objects.visible_to(user, perm=Perm.VIEW_REGISTRY)
        .filter(_other_in_scope(user))
        .select_related("resident", "other")
        .get(pk=pk)
    )


def candidates_of(resident) -> list[DuplicateCandidate]:
    return list(
        DuplicateCandidate.objects.filter(
            Q(resident=resident) | Q(other=resident), status=CandidateStatus.OPEN
        ).select_related("resident", "other")
    )


def import_job_list(*, user):
    return ImportJob.objects.filter(user=user).order_by("-created_at")
