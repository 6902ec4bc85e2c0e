"""The indicator catalogue as metrics reads it: complete, refused quotas, the command, snapshots, the lock.

规范001 第一百一十三条–第一百一十五条: the evaluation is generated from the records (结果自动生成、动态展示,
年底组织终评); no 办案/打处 indicator (第一百一十四条).
"""

import importlib
import inspect
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from fengqiao.indicators import CATALOGUE, IndicatorRefused, IndicatorSpec, Measure, catalogue, register
from metrics.models import IndicatorSnapshot
from metrics.selectors import unit_indicator_values
from metrics.services import evaluation_year_lock, indicator_snapshot_day, indicator_snapshot_take
from ops.schedules import INDICATOR_SNAPSHOTS
from org.models import OrgUnit


def _indicator_modules():
    for config in apps.get_app_configs():
        try:
            yield config.label, importlib.import_module(f"{config.name}.indicators")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.indicators":
                raise


def test_every_indicator_function_of_every_module_is_registered():
    """A function of ``<app>/indicators.py`` that returns a Measure is a formula: it must be in the catalogue,
    declared by that app — whatever app adds one later."""
    computes = {(spec.module, spec.compute) for spec in CATALOGUE.values()}
    modules = dict(_indicator_modules())
    assert {"registry", "tasks", "casework", "inspections", "metrics"} <= set(modules)
    missing = []
    for label, module in modules.items():
        assert any(spec.module == label for spec in CATALOGUE.values()), f"{label}/indicators.py registers nothing"
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            if inspect.signature(fn).return_annotation in (Measure, "Measure") and (label, fn) not in computes:
                missing.append(f"{label}.{name}")
    assert missing == []


def test_every_row_has_its_article_and_a_known_shape():
    for spec in catalogue():
        assert spec.problems() == [], spec.code
        assert spec.source.startswith("规范"), spec.code


@pytest.fixture
def clean_catalogue():
    saved = dict(CATALOGUE)
    yield
    CATALOGUE.clear()
    CATALOGUE.update(saved)


def test_a_clearance_rate_is_refused_citing_article_114(clean_catalogue):
    quota = IndicatorSpec(
        code="metrics_clearance_rate",
        name="案件破案率",
        source="规范003",
        compute=lambda unit, start, end: Measure(0, 0),
        tags=frozenset({"破案"}),
    )
    with pytest.raises(IndicatorRefused, match="第一百一十四条"):
        register(quota, module="metrics")


def test_the_snapshot_job_is_registered_with_the_schedules():
    assert INDICATOR_SNAPSHOTS["metrics"] is indicator_snapshot_day


@pytest.mark.django_db
def test_indicators_command_prints_the_catalogue_for_a_unit_as_json():
    station = OrgUnit.objects.get(code="DEMO001") if OrgUnit.objects.filter(code="DEMO001").exists() else None
    station = station or OrgUnit.objects.filter(kind="station").order_by("path").first()
    out = StringIO()
    call_command("indicators", "--unit", station.code, "--period", "2026-11", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["code"] for r in rows] == [s.code for s in catalogue()]
    assert set(rows[0]) == {"code", "name", "source", "value", "target", "met", "numerator", "denominator"}
    handling = next(r for r in rows if r["code"] == "art30_4_task_handling_rate")
    end = min(date(2026, 11, 30), timezone.localdate())  # a running month is counted up to today
    measure = CATALOGUE["art30_4_task_handling_rate"].compute(station, date(2026, 11, 1), end)
    assert (handling["numerator"], handling["denominator"]) == (measure.numerator, measure.denominator)
    assert handling["target"] == 0.95


@pytest.mark.django_db
def test_a_bad_period_is_refused_in_chinese():
    from django.core.management.base import CommandError

    station = OrgUnit.objects.filter(kind="station").first()
    with pytest.raises(CommandError, match="期间格式应为"):
        call_command("indicators", "--unit", station.code, "--period", "2026-13", stdout=StringIO())


@pytest.mark.django_db
def test_snapshot_job_is_idempotent_and_the_values_read_from_it():
    station = OrgUnit.objects.filter(kind="station").order_by("path").first()
    day = date(2026, 11, 18)
    first = indicator_snapshot_take(units=[station], period="2026-11", today=day)
    count = IndicatorSnapshot.objects.filter(org_unit=station, period="2026-11").count()
    again = indicator_snapshot_take(units=[station], period="2026-11", today=day)
    assert first == again == len(CATALOGUE) == count
    assert IndicatorSnapshot.objects.filter(org_unit=station, period="2026-11").count() == count
    snap = IndicatorSnapshot.objects.get(org_unit=station, period="2026-11", code="art30_4_task_handling_rate")
    assert (snap.start, snap.end) == (date(2026, 11, 1), day)
    assert snap.scope_path == station.path
    # the page and the command read the snapshot (a value written there shows)
    IndicatorSnapshot.objects.filter(pk=snap.pk).update(numerator=Decimal(7), denominator=Decimal(8))
    value = next(v for v in unit_indicator_values(station, "2026-11") if v.spec.code == snap.code)
    assert (value.numerator, value.denominator) == (7, 8)


@pytest.mark.django_db
def test_the_daily_job_snapshots_every_beat_station_and_city_unit():
    written = indicator_snapshot_day(date(2026, 11, 18))
    units = OrgUnit.objects.filter(is_active=True, kind__in=["city_bureau", "bureau", "station", "beat"]).count()
    assert written == units * len(CATALOGUE)
    assert indicator_snapshot_day(date(2026, 11, 18)) == written  # run twice, same rows
    assert IndicatorSnapshot.objects.count() == written


@pytest.mark.django_db
def test_the_first_of_a_month_retakes_the_month_just_ended_whole():
    """The last run in November took it as of that day (the 29th here: a missed night); the 1 Dec run takes
    November again to its end, then December."""
    per_month = indicator_snapshot_day(date(2026, 11, 29))
    assert set(IndicatorSnapshot.objects.values_list("end", flat=True)) == {date(2026, 11, 29)}
    assert indicator_snapshot_day(date(2026, 12, 1)) == 2 * per_month
    november = IndicatorSnapshot.objects.filter(period="2026-11")
    assert november.count() == per_month  # rewritten in place, not added
    assert set(november.values_list("end", flat=True)) == {date(2026, 11, 30)}
    assert set(IndicatorSnapshot.objects.filter(period="2026-12").values_list("end", flat=True)) == {date(2026, 12, 1)}
    assert indicator_snapshot_day(date(2026, 12, 2)) == per_month  # other days take only their own month


@pytest.mark.django_db
def test_year_end_lock_freezes_the_years_values(users):
    """规范001 第一百一十五条: 年底组织终评 — after the lock the job leaves the year's snapshots alone."""
    station = OrgUnit.objects.filter(kind="station").order_by("path").first()
    city = OrgUnit.objects.get(path=station.path[:8])
    indicator_snapshot_take(units=[station], period="2026-11", today=date(2026, 11, 18))
    IndicatorSnapshot.objects.filter(org_unit=station).update(numerator=Decimal(1))
    with pytest.raises(PermissionDenied):  # only the control centre locks
        evaluation_year_lock(acting_user=users["lead"], year=2026, unit=city)
    evaluation_year_lock(acting_user=users["control"], year=2026, unit=city)
    assert indicator_snapshot_take(units=[station], period="2026-11", today=date(2026, 11, 30)) == 0
    assert set(IndicatorSnapshot.objects.filter(org_unit=station).values_list("numerator", flat=True)) == {1}
    with pytest.raises(ValidationError, match="已经锁定"):
        evaluation_year_lock(acting_user=users["control"], year=2026, unit=city)
