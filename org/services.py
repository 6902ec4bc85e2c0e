"""State changes of the org hierarchy, staff and teams — one function each, each on the operation log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered, scope_rebase
from audit.services import operation_log_write
from fengqiao.names import person_name

from . import errors
from .models import ALLOWED_PARENT_KINDS, PATH_SEGMENT_WIDTH, STATION_OR_ABOVE, OrgUnit, OrgUnitKind, Staff, Team
from .validators import normalise_id_number, normalise_phone

STAFF_FIELDS = (
    "name",
    "gender",
    "kind",
    "org_unit",
    "team",
    "police_number",
    "id_number",
    "phone",
    "is_full_time",
    "joined_on",
)


def _require(acting_user, perm: str, path: str) -> None:
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.UNIT_OUT_OF_SCOPE))


def _check_parent(kind: str, parent: OrgUnit | None) -> None:
    allowed = ALLOWED_PARENT_KINDS[kind]
    if parent is None:
        if allowed:
            raise ValidationError({"parent": _(errors.ROOT_KIND_ONLY)}, code="parent_required")
        return
    if parent.kind not in allowed:
        raise ValidationError(
            {
                "parent": _(errors.PARENT_KIND_NOT_ALLOWED).format(
                    kind=OrgUnitKind(kind).label,
                    parent_kind=parent.get_kind_display(),
                    allowed="、".join(str(OrgUnitKind(k).label) for k in allowed) or "—",
                )
            },
            code="parent_kind",
        )


@transaction.atomic
def org_unit_create(
    *, acting_user, kind: str, name: str, code: str, parent: OrgUnit | None = None, **fields
) -> OrgUnit:
    """Create an org unit under ``parent``. Control-centre users (or the system, acting_user=None)."""
    if parent is not None:
        _require(acting_user, Perm.MANAGE_STAFF, parent.path)
    elif acting_user is not None:
        raise PermissionDenied(_(errors.UNIT_OUT_OF_SCOPE))
    _check_parent(kind, parent)
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": _(errors.CODE_TAKEN).format(code=code)}, code="code_taken")
    unit = OrgUnit(kind=kind, name=name, code=code, parent=parent, path=f"tmp-{code}", **fields)
    unit.depth = 0 if parent is None else parent.depth + 1
    unit.full_clean(exclude=["path"])
    unit.save()
    # The path (and a station's own station) need the id, so they are set right after the insert.
    unit.path = (parent.path if parent else "") + f"{unit.pk:0{PATH_SEGMENT_WIDTH}d}."
    unit.station_id = unit.pk if kind in STATION_OR_ABOVE else parent.station_id
    unit.save(update_fields=["path", "station"])
    operation_log_write(
        acting_user=acting_user,
        action="org_unit_create",
        object_type="org_unit",
        object_id=unit.pk,
        summary=f"新建{unit.get_kind_display()}“{unit.name}”",
        scope_path=unit.path,
    )
    return unit


@transaction.atomic
def org_unit_update(*, acting_user, unit: OrgUnit, **fields) -> OrgUnit:
    """Rename or re-describe an org unit (not move it). Needs manage_staff over the unit."""
    _require(acting_user, Perm.MANAGE_STAFF, unit.path)
    allowed = {"name", "address", "phone", "population", "has_two_teams_one_room", "community_type", "is_active"}
    changes = _apply(unit, fields, allowed)
    if changes:
        unit.full_clean(exclude=["path"])
        unit.save(update_fields=list(changes))
        operation_log_write(
            acting_user=acting_user,
            action="org_unit_update",
            object_type="org_unit",
            object_id=unit.pk,
            summary=f"修改单位“{unit.name}”",
            changes=changes,
            scope_path=unit.path,
        )
    return unit


@transaction.atomic
def org_unit_move(*, acting_user, unit: OrgUnit, parent: OrgUnit) -> OrgUnit:
    """Move ``unit`` and its subtree under ``parent`` (a beat to another station, a community to another beat).
    Needs manage_staff over both places. The subtree's paths, and every scoped record under it, are rewritten
    set-wise (one UPDATE per table, ``accounts.scope.scope_rebase``); below station level the records change
    station too. The audit trails keep the paths they were written with."""
    _require(acting_user, Perm.MANAGE_STAFF, unit.path)
    _require(acting_user, Perm.MANAGE_STAFF, parent.path)
    if parent.path.startswith(unit.path):
        raise ValidationError({"parent": _(errors.MOVE_UNDER_ITSELF)}, code="move_under_itself")
    _check_parent(unit.kind, parent)
    old_path, old_parent = unit.path, unit.parent
    new_path = parent.path + old_path[-(PATH_SEGMENT_WIDTH + 1) :]
    if new_path == old_path:
        return unit
    station_id = None if unit.kind in STATION_OR_ABOVE else parent.station_id
    fields = {
        "path": Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        "depth": F("depth") + (parent.depth + 1 - unit.depth),
    }
    if station_id is not None:
        fields["station_id"] = station_id
    OrgUnit.objects.filter(path__startswith=old_path).update(**fields)
    unit.parent = parent
    unit.save(update_fields=["parent"])
    unit.refresh_from_db()
    moved = scope_rebase(old_path, new_path, station_id=station_id)
    operation_log_write(
        acting_user=acting_user,
        action="org_unit_move",
        object_type="org_unit",
        object_id=unit.pk,
        summary=f"将“{unit.name}”从“{old_parent}”调整到“{parent}”之下",
        changes={"parent": [str(old_parent), str(parent)], "records": sum(moved.values())},
        scope_path=unit.path,
    )
    return unit


def _apply(instance, fields: dict, allowed) -> dict:
    """Set the allowed fields that differ; return {field: [old, new]} for the log (no personal values)."""
    changes = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"field {name!r} cannot be changed here")
        old = getattr(instance, name)
        if old != value:
            setattr(instance, name, value)
            changes[name] = [_loggable(name, old), _loggable(name, value)]
    return changes


def _loggable(name: str, value):
    if name in {"id_number", "phone"}:
        return "（已修改）" if value else ""
    if hasattr(value, "pk"):
        return str(value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _clean_staff_fields(fields: dict) -> dict:
    cleaned = dict(fields)
    errors_by_field = {}
    for name, normalise in (("name", person_name), ("id_number", normalise_id_number), ("phone", normalise_phone)):
        if name in cleaned:
            try:
                cleaned[name] = normalise(cleaned[name])
            except ValidationError as exc:
                errors_by_field[name] = exc.messages
    team = cleaned.get("team")
    unit = cleaned.get("org_unit")
    if (
        team is not None
        and unit is not None
        and not unit.path.startswith(team.beat.path)
        and not team.beat.path.startswith(unit.path)
    ):
        errors_by_field["team"] = [_("所选团队不属于该人员所在警务区")]
    if errors_by_field:
        raise ValidationError(errors_by_field)
    return cleaned


@transaction.atomic
def staff_create(*, acting_user, **fields) -> Staff:
    """Add a staff member to a unit the acting user manages (所领导: own station; 基础管控中心: city)."""
    fields = _clean_staff_fields(fields)
    _require(acting_user, Perm.MANAGE_STAFF, fields["org_unit"].path)
    staff = Staff(**{k: v for k, v in fields.items() if k in STAFF_FIELDS})
    staff.full_clean()
    staff.save()
    operation_log_write(
        acting_user=acting_user,
        action="staff_create",
        object_type="staff",
        object_id=staff.pk,
        summary=f"新增人员“{staff.name}”（{staff.get_kind_display()}）",
        scope_path=staff.org_unit.path,
    )
    return staff


@transaction.atomic
def staff_update(*, acting_user, staff: Staff, **fields) -> Staff:
    """Edit a staff member; moving them needs manage_staff over both the old and the new unit."""
    _require(acting_user, Perm.MANAGE_STAFF, staff.org_unit.path)
    fields = _clean_staff_fields({"org_unit": staff.org_unit, **fields})
    if fields["org_unit"] != staff.org_unit:
        _require(acting_user, Perm.MANAGE_STAFF, fields["org_unit"].path)
    changes = _apply(staff, fields, set(STAFF_FIELDS) | {"is_active"})
    if changes:
        staff.full_clean()
        staff.save(update_fields=[*changes, "updated_at"])
        operation_log_write(
            acting_user=acting_user,
            action="staff_update",
            object_type="staff",
            object_id=staff.pk,
            summary=f"修改人员“{staff.name}”",
            changes=changes,
            scope_path=staff.org_unit.path,
        )
    return staff


@transaction.atomic
def team_create(*, acting_user, beat: OrgUnit, name: str, leader: Staff | None = None) -> Team:
    """Set up a beat's 社区警务团队 (规范001 第十二条)."""
    if beat.kind != OrgUnitKind.BEAT:
        raise ValidationError({"beat": _(errors.TEAM_BEAT_REQUIRED)}, code="team_beat")
    _require(acting_user, Perm.MANAGE_STAFF, beat.path)
    team = Team.objects.create(beat=beat, name=name, leader=leader)
    operation_log_write(
        acting_user=acting_user,
        action="team_create",
        object_type="team",
        object_id=team.pk,
        summary=f"组建社区警务团队“{team.name}”",
        scope_path=beat.path,
    )
    return team


@transaction.atomic
def team_member_add(*, acting_user, team: Team, staff: Staff) -> Staff:
    _require(acting_user, Perm.MANAGE_STAFF, team.beat.path)
    _require(acting_user, Perm.MANAGE_STAFF, staff.org_unit.path)
    staff.team = team
    staff.save(update_fields=["team", "updated_at"])
    operation_log_write(
        acting_user=acting_user,
        action="team_member_add",
        object_type="team",
        object_id=team.pk,
        summary=f"“{staff.name}”加入“{team.name}”",
        scope_path=team.beat.path,
    )
    return staff
