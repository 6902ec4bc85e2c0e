"""The indicator declarations the metrics catalogue collects (fengqiao/indicators.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import checks

from fengqiao import indicators
from fengqiao.indicators import CATALOGUE, IndicatorRefused, IndicatorSpec, Measure, register


def _zero(unit, start, end):
    return Measure(0, 0)


@pytest.fixture
def clean_catalogue():
    saved = dict(CATALOGUE)
    yield
    CATALOGUE.clear()
    CATALOGUE.update(saved)


def test_existing_modules_declare_their_indicators():
    codes = {spec.code: spec for spec in indicators.catalogue()}
    assert codes["art30_1_registry_accuracy"].module == "registry"
    assert codes["art30_2_registry_collection"].source == "规范001 第三十条(二)"
    assert codes["art30_4_task_handling_rate"].target == Decimal("0.95")


def test_a_case_solving_quota_is_refused_citing_the_article(clean_catalogue):
    """规范001 第一百一十四条: no 破案率 in the community-policing evaluation."""
    quota = IndicatorSpec(code="clearance_rate", name="破案率", source="—", compute=_zero, tags=frozenset({"破案"}))
    with pytest.raises(IndicatorRefused, match="第一百一十四条"):
        register(quota, module="casework")
    assert "clearance_rate" not in CATALOGUE


def test_the_system_check_names_a_quota_that_slipped_in(clean_catalogue):
    quota = IndicatorSpec(code="punish_count", name="打处数", source="—", compute=_zero, tags=frozenset({"打处"}))
    CATALOGUE[quota.code] = quota  # as if registered around register()
    errors = [e for e in indicators.check_catalogue() if e.id == "fengqiao.E001"]
    assert [e.obj for e in errors] == ["punish_count"]
    assert isinstance(errors[0], checks.Error)


def test_a_code_cannot_be_taken_by_two_modules(clean_catalogue):
    spec = IndicatorSpec(code="x_rate", name="某率", source="规范001 第一条", compute=_zero)
    register(spec, module="a")
    with pytest.raises(IndicatorRefused, match="already declared"):
        register(spec, module="b")


def test_targets_read_yili_as_inclusive():
    """规范001 第一百二十五条: “以上”包括本数 — 95 % meets a ≥95 % target."""
    spec = CATALOGUE["art30_4_task_handling_rate"]
    assert spec.met(Measure(95, 100).value) is True
    assert spec.met(Measure(94, 100).value) is False
    assert spec.met(Measure(0, 0).value) is None


@pytest.mark.django_db
def test_handling_rate_counts_the_units_subtree_only(users, on_default_anchor):
    from tasks.models import TaskKind
    from tasks.services import task_issue

    rate = CATALOGUE["art30_4_task_handling_rate"]
    beat = users["officer"].role_assignments.first().org_unit
    other_station = users["lead2"].role_assignments.first().org_unit
    start, end = date(2026, 11, 1), date(2026, 11, 30)
    here, there = rate.compute(beat, start, end), rate.compute(other_station, start, end)
    task_issue(
        acting_user=users["command_centre"],
        kind=TaskKind.COMMAND,
        title="核查",
        org_unit=beat,
        due_on=date(2026, 11, 20),
    )
    assert rate.compute(beat, start, end) == Measure(here.numerator, here.denominator + 1)
    assert rate.compute(beat.parent, start, end).denominator >= here.denominator + 1
    assert rate.compute(other_station, start, end) == there
