"""State changes of 考评与指标 — one function each, keyword-only, one transaction, on the operation log."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from audit.services import operation_log_write
from fengqiao.indicators import CATALOGUE, FORBIDDEN_TAGS, catalogue
from org.models import OrgUnit

from . import errors
from .models import (
    EvaluationItem,
    EvaluationLock,
    EvaluationScheme,
    IndicatorSnapshot,
    SafetyIndexCategory,
    StationCategory,
    StationProfile,
    Survey,
)
from .periods import period_bounds, period_of
from .selectors import METRIC_UNIT_KINDS


def _require(acting_user, perm: str, path: str) -> None:
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _refuse_locked(year: int, field: str = "__all__") -> None:
    if EvaluationLock.objects.filter(year=year).exists():
        raise ValidationError({field: [_(errors.YEAR_LOCKED) % {"year": year}]}, code="year_locked")


# ---------------------------------------------------------------- snapshots


def indicator_snapshot_take(*, units, period: str, today: date | None = None, specs=None) -> int:
    """Store every catalogue value of ``units`` for the month ``period`` (month to date). Idempotent: one row per
    code, unit and month, rewritten in place. A locked year is left as it is. Returns the rows written."""
    year = int(period[:4])
    if EvaluationLock.objects.filter(year=year).exists():
        return 0
    start, end = period_bounds(period, today=today)
    specs = specs if specs is not None else catalogue()
    written = 0
    for unit in units:
        for spec in specs:
            measure = spec.compute(unit, start, end)
            value = measure.value
            with transaction.atomic():
                IndicatorSnapshot.objects.update_or_create(
                    code=spec.code,
                    org_unit=unit,
                    period=period,
                    defaults={
                        "start": start,
                        "end": end,
                        "numerator": Decimal(measure.numerator),
                        "denominator": None if measure.denominator is None else Decimal(measure.denominator),
                        "value": value,
                        "target": spec.target,
                        "met": spec.met(value),
                    },
                )
            written += 1
    return written


def indicator_snapshot_day(day: date) -> int:
    """The daily job (``ops`` schedule ``indicator_snapshots``): month-to-date values as of ``day`` for every
    active beat, station, sub-bureau and city unit."""
    units = OrgUnit.objects.filter(is_active=True, kind__in=METRIC_UNIT_KINDS).order_by("path")
    written = 0
    if day.day == 1:
        # The month just ended, once more and whole: the night before took it as of its last morning, and a past
        # month is never computed on a page (it reads this snapshot or says 无快照).
        last = day - timedelta(days=1)
        written += indicator_snapshot_take(units=units.iterator(), period=period_of(last), today=last)
    return written + indicator_snapshot_take(units=units.iterator(), period=period_of(day), today=day)


# ---------------------------------------------------------------- year-end lock


def evaluation_year_lock(*, acting_user, year: int, unit: OrgUnit) -> EvaluationLock:
    """年底组织终评 (规范001 第一百一十五条): the control centre locks the year; from then on its snapshots, surveys
    and schemes cannot change. Only 基础管控中心 at the city (or bureau) unit may do it."""
    _require(acting_user, Perm.MANAGE_EVALUATION, unit.path)
    if EvaluationLock.objects.filter(year=year).exists():
        raise ValidationError({"year": [_(errors.YEAR_ALREADY_LOCKED) % {"year": year}]}, code="already_locked")
    with transaction.atomic():
        lock = EvaluationLock.objects.create(year=year, locked_by=acting_user)
        operation_log_write(
            acting_user=acting_user,
            action="evaluation_year_lock",
            object_type="evaluation_lock",
            object_id=lock.pk,
            summary=f"{year} 年度社区警务考评终评锁定",
            scope_path=unit.path,
        )
    return lock


# ---------------------------------------------------------------- evaluation scheme (第一百一十三条、第一百一十五条)

COMMUNITY_SHARE_MIN = Decimal(70)  # 占比不低于百分之七十 — 规范001 第一百一十三条 ("不低于" includes 70)


def station_category_set(*, acting_user, station: OrgUnit, category: str) -> StationProfile:
    """Put a station in a category for evaluation (第一百一十三条第二款: 考虑派出所实际分类). 基础管控中心 only."""
    _require(acting_user, Perm.MANAGE_EVALUATION, station.path)
    if station.kind != "station":
        raise ValidationError({"station": [_(errors.NOT_A_STATION)]}, code="not_a_station")
    with transaction.atomic():
        profile, _created = StationProfile.objects.update_or_create(org_unit=station, defaults={"category": category})
        operation_log_write(
            acting_user=acting_user,
            action="station_category_set",
            object_type="station_profile",
            object_id=profile.pk,
            summary=f"{station.name}：{profile.get_category_display()}",
            scope_path=station.path,
        )
    return profile


def _quota_words(name: str) -> bool:
    return any(word in name for word in ("破案", "打处", "办案"))


def evaluation_scheme_create(
    *, acting_user, unit: OrgUnit, year: int, category: str, name: str, items: list[dict]
) -> EvaluationScheme:
    """制定考评方案: a station category's weights for a year, by the control centre of ``unit`` (one owner:
    a second scheme for the same units, year and category — from this unit, above it or below it — is refused,
    第一百一十五条). Weights sum to 100 %; the community-policing items weigh at least 70 % (第一百一十三条); no
    办案/打处 item (第一百一十四条). ``items``: dicts of ``code`` (catalogue code or ""), ``name``, ``weight``
    (percent) and ``community``."""
    _require(acting_user, Perm.MANAGE_EVALUATION, unit.path)
    _refuse_locked(year, "year")
    problems: dict[str, list[str]] = {}
    rows = []
    for item in items:
        code = (item.get("code") or "").strip()
        spec = CATALOGUE.get(code) if code else None
        if code and spec is None:
            problems.setdefault("items", []).append(_(errors.UNKNOWN_INDICATOR) % {"code": code})
            continue
        item_name = (item.get("name") or (spec.name if spec else "")).strip()
        if _quota_words(item_name) or (spec is not None and spec.tags & FORBIDDEN_TAGS):
            problems.setdefault("items", []).append(_(errors.QUOTA_ITEM) % {"name": item_name})
            continue
        weight = Decimal(str(item.get("weight") or 0))
        if not 0 <= weight <= 100:
            problems.setdefault("items", []).append(_(errors.WEIGHT_RANGE))
            continue
        community = bool(item.get("community", spec.community_policing if spec else False))
        rows.append(EvaluationItem(code=code, name=item_name, weight=weight, community=community))
    total = sum((r.weight for r in rows), Decimal(0))
    share = sum((r.weight for r in rows if r.community), Decimal(0))
    if not problems and total != 100:
        problems.setdefault("items", []).append(_(errors.WEIGHTS_NOT_100) % {"total": _plain(total)})
    if not problems and share < COMMUNITY_SHARE_MIN:
        problems.setdefault("items", []).append(_(errors.COMMUNITY_SHARE_LOW) % {"share": _plain(share)})
    clash = _scheme_clash(unit, year, category)
    if clash is not None:
        problems.setdefault("__all__", []).append(
            _(errors.SECOND_SCHEME)
            % {
                "unit": unit.name,
                "year": year,
                "category": StationCategory(category).label,
                "owner": clash.org_unit.name,
            }
        )
    if problems:
        raise ValidationError(problems, code="scheme_refused")
    with transaction.atomic():
        scheme = EvaluationScheme.objects.create(
            org_unit=unit, year=year, category=category, name=name, created_by=acting_user
        )
        for row in rows:
            row.scheme = scheme
        EvaluationItem.objects.bulk_create(rows)
        operation_log_write(
            acting_user=acting_user,
            action="evaluation_scheme_create",
            object_type="evaluation_scheme",
            object_id=scheme.pk,
            summary=f"{name}（{year}年，{scheme.get_category_display()}，社区警务占比{_plain(share)}%）",
            scope_path=unit.path,
        )
    return scheme


def _scheme_clash(unit: OrgUnit, year: int, category: str) -> EvaluationScheme | None:
    """A scheme for the same year and category held by this unit, one above it or one below it."""
    above_or_same = Q(org_unit__path__in=[unit.path[:end] for end in range(8, len(unit.path) + 1, 8)])
    below = Q(org_unit__path__startswith=unit.path)
    return (
        EvaluationScheme.objects.filter(above_or_same | below, year=year, category=category)
        .select_related("org_unit")
        .first()
    )


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


# ---------------------------------------------------------------- surveys (第一百一十四条 主观指标)


def survey_record(
    *,
    acting_user,
    unit: OrgUnit,
    kind: str,
    period: str,
    sample: int,
    favourable: int,
    dimensions: dict | None = None,
    method: str = "",
) -> Survey:
    """录入群众安全感/满意度调查 (主观指标, 第一百一十四条). 基础管控中心 (or whoever it delegates in its scope)."""
    _require(acting_user, Perm.MANAGE_EVALUATION, unit.path)
    _refuse_locked(int(period[:4]), "period")
    problems = {}
    if sample <= 0:
        problems["sample"] = [_(errors.SURVEY_SAMPLE_ZERO)]
    elif favourable > sample:
        problems["favourable"] = [_(errors.SURVEY_FAVOURABLE_GT_SAMPLE)]
    if problems:
        raise ValidationError(problems, code="survey_invalid")
    with transaction.atomic():
        survey = Survey.objects.create(
            org_unit=unit,
            kind=kind,
            period=period,
            sample=sample,
            favourable=favourable,
            dimensions=dimensions or {},
            method=method,
            recorded_by=acting_user,
        )
        operation_log_write(
            acting_user=acting_user,
            action="survey_record",
            object_type="survey",
            object_id=survey.pk,
            summary=f"{unit.name} {period} {survey.get_kind_display()}：{favourable}/{sample}",
            scope_path=unit.path,
        )
    return survey


# ---------------------------------------------------------------- 社区安全指数 (规范003)


def safety_index_update(*, acting_user, unit: OrgUnit, weights: dict[str, Decimal]) -> list[SafetyIndexCategory]:
    """调整社区安全指数的类别权重 (``{category code: percent}``): 基础管控中心 only, the weights summing to 100 %."""
    _require(acting_user, Perm.MANAGE_EVALUATION, unit.path)
    categories = list(SafetyIndexCategory.objects.all())
    new = {c.code: Decimal(str(weights.get(c.code, c.weight))) for c in categories}
    if any(not 0 <= w <= 100 for w in new.values()):
        raise ValidationError({"weights": [_(errors.WEIGHT_RANGE)]}, code="weight_range")
    total = sum(new.values(), Decimal(0))
    if total != 100:
        raise ValidationError(
            {"weights": [_(errors.INDEX_WEIGHTS_NOT_100) % {"total": _plain(total)}]}, code="weights_not_100"
        )
    before = {c.code: _plain(c.weight) for c in categories}
    with transaction.atomic():
        for category in categories:
            category.weight = new[category.code]
            category.save(update_fields=["weight"])
        operation_log_write(
            acting_user=acting_user,
            action="safety_index_update",
            object_type="safety_index",
            object_id="weights",
            summary="、".join(f"{c.name}{_plain(c.weight)}%" for c in categories),
            changes={"before": before, "after": {c.code: _plain(c.weight) for c in categories}},
            scope_path=unit.path,
        )
    return categories
