"""Reads of the org hierarchy, staff and teams — always through the user's data scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from accounts.roles import Perm

from .measures import MEASURES, UnitCounts
from .models import PATH_SEGMENT_WIDTH, OrgUnit, OrgUnitKind, Staff, Team, path_prefixes
from .rules import STAFFING_RULES, StaffingRule


def org_unit_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = OrgUnit.objects.visible_to(user, perm=Perm.VIEW_ORG).select_related("parent")
    if q := filters.get("q"):
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if within := filters.get("within"):
        qs = qs.filter(path__startswith=within.path)
    if filters.get("active") in (True, False):
        qs = qs.filter(is_active=filters["active"])
    return qs.order_by("path")


def org_unit_get(*, user, pk) -> OrgUnit:
    """The unit if the user may see it; ``OrgUnit.DoesNotExist`` otherwise (out of scope looks missing)."""
    return OrgUnit.objects.visible_to(user, perm=Perm.VIEW_ORG).select_related("parent").get(pk=pk)


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode]
    staff_count: int = 0


def org_unit_tree(*, user, kinds: list[str] | None = None) -> list[TreeNode]:
    """The visible part of the tree, as nested nodes; roots are the user's scope anchors.

    ``kinds`` keeps only units of those kinds (a city-wide tree down to the beats stays readable).
    """
    qs = OrgUnit.objects.visible_to(user, perm=Perm.VIEW_ORG).filter(is_active=True)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    staff_counts = dict(
        Staff.objects.visible_to(user, perm=Perm.VIEW_ORG)
        .filter(is_active=True)
        .values_list("org_unit")
        .annotate(n=Count("id"))
        .values_list("org_unit", "n")
    )
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in qs.order_by("path"):
        node = TreeNode(unit=unit, children=[], staff_count=staff_counts.get(unit.pk, 0))
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def staff_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Staff.objects.visible_to(user, perm=Perm.VIEW_STAFF).select_related("org_unit", "team", "user")
    if q := filters.get("q"):
        qs = qs.filter(Q(name__icontains=q) | Q(police_number__icontains=q) | Q(phone__endswith=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if within := filters.get("within"):
        qs = qs.within(within)
    if filters.get("active") in (True, False):
        qs = qs.filter(is_active=filters["active"])
    return qs.order_by("scope_path", "kind", "name", "pk")


def staff_get(*, user, pk) -> Staff:
    return Staff.objects.visible_to(user, perm=Perm.VIEW_STAFF).select_related("org_unit", "team").get(pk=pk)


def team_list(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = (
        Team.objects.visible_to(user, perm=Perm.VIEW_ORG)
        .select_related("beat", "leader")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
    )
    if q := filters.get("q"):
        qs = qs.filter(Q(name__icontains=q) | Q(beat__name__icontains=q))
    if within := filters.get("within"):
        qs = qs.within(within)
    return qs.order_by("scope_path", "name")


def team_get(*, user, pk) -> Team:
    return Team.objects.visible_to(user, perm=Perm.VIEW_ORG).select_related("beat", "leader").get(pk=pk)


@dataclass(frozen=True)
class StaffingWarning:
    rule: StaffingRule
    unit: OrgUnit
    value: Decimal | None

    @property
    def shown_value(self) -> str:
        if self.value is None:
            return "—"
        if self.rule.unit == "%":
            return f"{self.value * 100:.1f}%"
        return f"{self.value:.0f}"

    @property
    def shown_limit(self) -> str:
        limit = self.rule.min if self.rule.min is not None else self.rule.max
        sign = "≥" if self.rule.min is not None else "≤"
        shown = f"{limit * 100:.0f}%" if self.rule.unit == "%" else f"{limit:.0f}"
        return f"{sign}{shown}"


def _unit_counts(scoped_units, kinds: set[str]) -> dict[str, UnitCounts]:
    """Roll staff, child-unit and population counts up the tree onto the units of ``kinds``, in two queries.

    Issue 11: a whole city has ~3 250 units. Units are read as plain tuples (no model instances) and only the
    units a rule applies to get counts; every other unit only adds to its ancestors' counts.
    """
    rows = list(scoped_units.values_list("pk", "kind", "path", "population", "has_two_teams_one_room"))
    path_of = {pk: path for pk, _, path, _, _ in rows}
    counts = {
        path: UnitCounts(pk=pk, kind=kind, path=path, population=population, has_two_teams_one_room=two_teams)
        for pk, kind, path, population, two_teams in rows
        if kind in kinds
    }
    beat_paths = {path for _, kind, path, _, _ in rows if kind == OrgUnitKind.BEAT}
    step = PATH_SEGMENT_WIDTH + 1
    # A beat's population is the sum of its communities' when the beat itself carries none.
    by_parent: dict[str, int] = defaultdict(int)
    for _, kind, path, population, _ in rows:
        for end in range(step, len(path), step):  # proper ancestors
            c = counts.get(path[:end])
            if c is not None:
                c.children[kind] = c.children.get(kind, 0) + 1
        if kind == OrgUnitKind.COMMUNITY:  # a community hangs directly under its beat
            by_parent[path[:-step]] += population
    for path, total in by_parent.items():
        if path in counts and not counts[path].population:
            counts[path].population = total
    staff_rows = (
        Staff.objects.filter(is_active=True, org_unit__in=scoped_units.values("pk"))
        .values_list("org_unit_id", "kind")
        .annotate(n=Count("id"))
    )
    for org_unit_id, kind, n in staff_rows:
        prefixes = path_prefixes(path_of[org_unit_id])
        on_beat = any(p in beat_paths for p in prefixes)
        for p in prefixes:
            c = counts.get(p)
            if c is None:
                continue
            c.staff[kind] = c.staff.get(kind, 0) + n
            if on_beat:
                c.staff_on_beats[kind] = c.staff_on_beats.get(kind, 0) + n
    return counts


def _violates(rule: StaffingRule, value) -> bool:
    if value is None:
        return False
    if rule.min is not None and value < rule.min:
        return True
    return rule.max is not None and value > rule.max


def staffing_warnings(*, user, within: OrgUnit | None = None) -> list[StaffingWarning]:
    """Every staffing rule evaluated on the units the user may see (规范001 第五、七、八、十、十三、二十、二十三条)."""
    qs = OrgUnit.objects.visible_to(user, perm=Perm.VIEW_STAFFING).filter(is_active=True)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    kinds = {r.applies_to for r in STAFFING_RULES}
    counts = _unit_counts(qs, kinds)
    found = []
    for c in counts.values():
        for rule in STAFFING_RULES:
            if rule.applies_to != c.kind:
                continue
            if rule.when and not MEASURES[rule.when](c):
                continue
            value = MEASURES[rule.measure](c, **rule.params)
            if _violates(rule, value):
                found.append((c, rule, value))
    # Model instances only for the units that have a warning (one query), not for every unit of a city.
    units = OrgUnit.objects.in_bulk({c.pk for c, _, _ in found})
    warnings = [StaffingWarning(rule=rule, unit=units[c.pk], value=value) for c, rule, value in found]
    warnings.sort(key=lambda w: (w.unit.path, w.rule.code))
    return warnings
