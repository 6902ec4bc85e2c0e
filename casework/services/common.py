"""What the casework services share: the permission guard, the operation log, the stations' time limits."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from audit.services import operation_log_write
from org.models import OrgUnit, OrgUnitKind, path_prefixes

from .. import errors
from ..limits import LIMIT_BY_CODE, UNIT_LABELS
from ..models import LocalLimit

# A station may set a limit up to a year (in its unit).
LIMIT_MAX = {"minutes": 24 * 60, "hours": 24 * 30, "days": 366}
LIMIT_UNIT_KINDS = (OrgUnitKind.STATION, OrgUnitKind.BUREAU, OrgUnitKind.CITY_BUREAU)


def require(acting_user, perm: str, path: str) -> None:
    """PermissionDenied unless ``perm`` over ``path`` (a system call, acting_user None, may do anything)."""
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def log(acting_user, action: str, object_type: str, object_id, summary: str, path: str, changes=None) -> None:
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        changes=changes,
        scope_path=path,
    )


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def limit_value(code: str, unit: OrgUnit) -> int | None:
    """The limit in force for ``unit``: the nearest station/bureau/city above it that set one, else the row's
    default (None where the article gives no number: nothing is measured until it is set)."""
    row = LIMIT_BY_CODE[code]
    found = (
        LocalLimit.objects.filter(code=code, org_unit__path__in=path_prefixes(unit.path))
        .order_by("-org_unit__depth")
        .values_list("value", flat=True)
        .first()
    )
    return found if found is not None else row["default"]


def limit_values(codes, paths) -> dict[tuple[str, str], int | None]:
    """``limit_value`` of every code for every unit path, ``{(code, path): value}``, in one query (issue 11: the
    时限设置 page and the arrival rate ask for many units; one query each was 433 queries for the city)."""
    codes, paths = list(codes), list(paths)
    prefixes = {p for path in paths for p in path_prefixes(path)}
    if not codes or not prefixes:
        return {}
    found = {
        (code, path): value
        for code, path, value in LocalLimit.objects.filter(code__in=codes, org_unit__path__in=prefixes).values_list(
            "code", "org_unit__path", "value"
        )
    }
    out = {}
    for code in codes:
        for path in paths:
            # the nearest unit above (deepest path first) that set one, as limit_value orders by depth
            value = next((found[code, p] for p in reversed(path_prefixes(path)) if (code, p) in found), None)
            out[code, path] = value if value is not None else LIMIT_BY_CODE[code]["default"]
    return out


@transaction.atomic
def local_limit_set(*, acting_user, org_unit: OrgUnit, code: str, value: int | None) -> LocalLimit | None:
    """Set (or, with ``value`` None, clear) a station's time limit — manage_casework over the unit (所领导 for the
    station, 基础管控中心 for the city). Nothing is written on bad input."""
    require(acting_user, Perm.MANAGE_CASEWORK, org_unit.path)
    row = LIMIT_BY_CODE.get(code)
    if row is None:
        raise ValidationError({"code": [_(errors.LIMIT_UNKNOWN).format(code=code)]}, code="unknown")
    if org_unit.kind not in LIMIT_UNIT_KINDS:
        raise ValidationError({"org_unit": [_(errors.LIMIT_UNIT)]}, code="unit")
    top = LIMIT_MAX[row["unit"]]
    if value is not None and not (isinstance(value, int) and 1 <= value <= top):
        raise ValidationError({"value": [_(errors.LIMIT_VALUE).format(max=top)]}, code="value")
    existing = LocalLimit.objects.filter(org_unit=org_unit, code=code).first()
    old = existing.value if existing else None
    if old == value:
        return existing
    record_pk = existing.pk if existing else None
    if value is None:
        existing.delete()
        limit = None
    elif existing:
        existing.value, existing.set_by = value, acting_user
        existing.save(update_fields=["value", "set_by", "updated_at"])
        limit = existing
    else:
        limit = LocalLimit.objects.create(org_unit=org_unit, code=code, value=value, set_by=acting_user)
    shown = "未设定" if value is None else f"{value}{UNIT_LABELS[row['unit']]}"
    log(
        acting_user,
        "local_limit_set",
        "local_limit",
        limit.pk if limit else record_pk,
        f"{org_unit.name}设定“{row['label']}”为{shown}",
        org_unit.path,
        changes={"value": [old, value]},
    )
    return limit
