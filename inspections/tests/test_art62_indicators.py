"""规范001 第六十二条(二)(三)、第七十一条: the rates computed from the records, with their edges."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from fengqiao.indicators import CATALOGUE
from inspections import indicators, services

from .factories import assistant_of, at, beat_of, inspect, raise_hazard, register_unit

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _hazard(users, name, deadline, category="enterprise", interviewee=""):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 3, 1), name=name, category=category)
    inspection = inspect(officer, unit, on=date(2026, 3, 2), failed=("art58_3",))
    return raise_hazard(officer, inspection, decided=at(date(2026, 3, 2)), deadline=deadline, interviewee=interviewee)


def _reinspect(users, hazard, on, result="rectified", **extra):
    services.reinspection_record(
        acting_user=users["officer"],
        hazard=hazard,
        reinspected_on=on,
        assistant=assistant_of(hazard.org_unit),
        recorder_ref="DSJ-R",
        result=result,
        today=on,
        **extra,
    )


def test_art62_2_on_time_reinspection_rate_counts_the_deadline_day_and_not_the_day_after(users):
    beat = beat_of(users["officer"])
    on_day = _hazard(users, "按期单位", date(2026, 3, 16))
    late = _hazard(users, "逾期复查单位", date(2026, 3, 16))
    never = _hazard(users, "未复查单位", date(2026, 3, 16))
    not_yet = _hazard(users, "未到期单位", date(2026, 3, 30))
    _reinspect(users, on_day, date(2026, 3, 16))
    _reinspect(users, late, date(2026, 3, 17))
    with time_machine.travel(at(date(2026, 3, 20)), tick=False):
        measure = indicators.reinspection_on_time(beat, *MARCH)
        due = set(indicators.reinspections_due(beat, *MARCH).values_list("pk", flat=True))
    # the hazard whose deadline has not passed and was not re-inspected is not counted yet
    assert due == {on_day.pk, late.pk, never.pk} and not_yet.pk not in due
    assert (measure.numerator, measure.denominator) == (1, 3)
    assert measure.value == Decimal("0.3333")
    assert CATALOGUE["art62_2_reinspection_on_time"].met(measure.value) is False
    assert CATALOGUE["art62_2_reinspection_on_time"].met(Decimal("0.95")) is True  # 以上 includes 95 %


def test_art62_2_an_approved_extension_is_the_deadline_in_force(users):
    beat = beat_of(users["officer"])
    hazard = _hazard(users, "延期单位", date(2026, 3, 16))
    extension = services.extension_record(
        acting_user=users["officer"],
        hazard=hazard,
        applied_on=date(2026, 3, 10),
        requested_deadline=date(2026, 3, 25),
        reason="设备订货",
        officer_opinion="属实",
        today=date(2026, 3, 10),
    )
    services.extension_decide(acting_user=users["lead"], extension=extension, approve=True, today=date(2026, 3, 11))
    hazard.refresh_from_db()
    _reinspect(users, hazard, date(2026, 3, 24), on_request=True)
    with time_machine.travel(at(date(2026, 3, 28)), tick=False):
        measure = indicators.reinspection_on_time(beat, *MARCH)
    assert (measure.numerator, measure.denominator) == (1, 1)


def test_art62_3_report_rate_formula_and_100_percent_by_construction(users):
    beat = beat_of(users["officer"])
    assert indicators.escalation_rate(beat, *MARCH).value is None  # nothing failed: not measured
    failed = _hazard(users, "未达标单位", date(2026, 3, 16))
    _reinspect(
        users,
        failed,
        date(2026, 3, 16),
        result="not_rectified",
        escalation="parent",
        escalated_to="江枫商贸集团",
        escalation_note="书面通报上级主管部门",
    )
    ok = _hazard(users, "达标单位", date(2026, 3, 16))
    _reinspect(users, ok, date(2026, 3, 16))
    measure = indicators.escalation_rate(beat, *MARCH)
    assert (measure.numerator, measure.denominator) == (1, 1) and measure.value == Decimal("1.0000")
    # the formula itself: a failed re-inspection without its report would count against the rate
    failed.reinspections.update(escalation="")
    assert indicators.escalation_rate(beat, *MARCH).numerator == 0


def test_art62_1_coverage_and_art71_counts(users):
    officer = users["officer"]
    beat = beat_of(officer)
    year = (date(2026, 1, 1), date(2026, 12, 31))
    before_units = indicators.unit_coverage(beat, *year).denominator
    before_trade = indicators.trade_base_count(beat, *year).numerator
    key = register_unit(officer, on=date(2026, 3, 1), name="覆盖重点单位", key_unit=True)
    venue = register_unit(officer, on=date(2026, 3, 1), name="覆盖网吧", category="venue")
    inspect(officer, key, on=date(2026, 3, 5))
    assert indicators.unit_coverage(beat, *year).denominator == before_units + 2
    assert indicators.trade_base_count(beat, *year).numerator == before_trade + 1
    q1 = indicators.key_unit_coverage(beat, date(2026, 1, 1), date(2026, 3, 31))
    q2 = indicators.key_unit_coverage(beat, date(2026, 4, 1), date(2026, 6, 30))
    assert q1.numerator == q2.numerator + 1
    inspect(officer, venue, on=date(2026, 3, 6))
    assert indicators.trade_inspection_rate(beat, *year).numerator >= 1
