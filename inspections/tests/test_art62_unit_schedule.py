"""规范001 第六十二条(一): 开展定期检查，每年不少于一次，对重点单位每季度不少于一次 — on real registry units."""

from datetime import date

import pytest
import time_machine

from inspections import services
from registry.services import organization_update
from rules.services import rules_run

from .factories import at, due_dates, inspect, register_unit, tasks_for

pytestmark = pytest.mark.django_db
KEY, YEARLY, MONTHLY = "art62_key_unit_inspection", "art62_unit_inspection", "local002_monthly_trade_inspection"
U = "supervised_unit"


def test_art62_1_key_unit_registered_gets_its_quarterly_task_at_once(users):
    """Given a key unit registered on 2026-02-10, when it is saved, then its Q1 inspection is due 2026-03-31."""
    unit = register_unit(users["officer"], on=date(2026, 2, 10), name="江枫商场", key_unit=True)
    assert due_dates(U, unit.pk, KEY) == [date(2026, 3, 31)]
    assert due_dates(U, unit.pk, YEARLY) == []
    [task] = tasks_for(U, unit.pk, KEY)
    assert task.assignee == users["officer"] and task.source == "规范001 第六十二条(一)"


def test_art62_1_ordinary_unit_yearly_and_inspection_schedules_the_next(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 2, 10), name="江枫印务有限公司")
    assert due_dates(U, unit.pk, YEARLY) == [date(2026, 12, 31)] and due_dates(U, unit.pk, KEY) == []
    inspection = inspect(officer, unit, on=date(2026, 3, 3))
    assert len(inspection.completed_tasks) == 1
    assert due_dates(U, unit.pk, YEARLY) == []
    rules_run(as_of=date(2026, 12, 31))
    assert due_dates(U, unit.pk, YEARLY) == []
    rules_run(as_of=date(2027, 1, 1))
    assert due_dates(U, unit.pk, YEARLY) == [date(2027, 12, 31)]


def test_art62_1_quarter_edges_and_clearing_the_flag_moves_to_yearly(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 2, 10), name="江枫医院", key_unit=True)
    inspect(officer, unit, on=date(2026, 3, 31))  # the last day of the quarter counts
    rules_run(as_of=date(2026, 3, 31))
    assert due_dates(U, unit.pk, KEY) == []
    rules_run(as_of=date(2026, 4, 1))
    assert due_dates(U, unit.pk, KEY) == [date(2026, 6, 30)]
    # the flag is cleared in the registry: the quarterly task closes, the yearly one is created
    with time_machine.travel(at(date(2026, 4, 2)), tick=False):
        organization_update(acting_user=officer, organization=unit, data={"name": unit.name, "category": unit.category})
    assert due_dates(U, unit.pk, KEY) == []
    assert due_dates(U, unit.pk, YEARLY) == [date(2026, 12, 31)]


def test_art57_unit_supervised_by_the_trade_police_has_no_task_and_cannot_be_inspected(users):
    officer = users["officer"]
    unit = register_unit(officer, on=date(2026, 2, 10), name="江枫火车站", key_unit=True)
    services.supervision_update(
        acting_user=officer, organization=unit, data={"supervised_by": "trade_police"}, today=date(2026, 2, 11)
    )
    assert due_dates(U, unit.pk, KEY) == []


def test_002_monthly_inspection_is_off_until_the_station_switches_it_on(users):
    officer, lead = users["officer"], users["lead"]
    unit = register_unit(officer, on=date(2026, 2, 10), name="江枫宾馆", category="special_trade")
    assert due_dates(U, unit.pk, MONTHLY) == []
    station = lead.role_assignments.get().org_unit
    services.inspection_setting_update(
        acting_user=lead, station=station, monthly_inspection=True, today=date(2026, 2, 11)
    )
    assert due_dates(U, unit.pk, MONTHLY) == [date(2026, 2, 28)]
    assert due_dates(U, unit.pk, YEARLY) == [date(2026, 12, 31)]
    # one inspection completes both the monthly and the yearly task
    inspection = inspect(officer, unit, on=date(2026, 2, 20))
    assert len(inspection.completed_tasks) == 2
    services.inspection_setting_update(
        acting_user=lead, station=station, monthly_inspection=False, today=date(2026, 3, 2)
    )
    assert due_dates(U, unit.pk, MONTHLY) == []
