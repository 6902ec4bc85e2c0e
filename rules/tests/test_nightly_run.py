"""The nightly run recomputes only the records whose tasks may have changed since the previous run — and its
result is always what a full recompute would give (issue 11: the steady state costs a few queries)."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from rules.calendar import add_workdays
from rules.models import Obligation, RuleRun, TrackedRecord
from rules.services import obligation_update

from .factories import complete, due_dates, record, run, tasks_of

pytestmark = pytest.mark.django_db
MONTHLY, TERM_END = "art41_4_deprived_monthly_report", "art41_4_deprived_term_end_report"
DV = "art41_5_dv_visit"


def a_full_run_changes_nothing(day: date) -> bool:
    """What a full recompute on ``day`` would still change (rolled back, so the nightly baseline stays)."""
    with transaction.atomic():
        result = run(day, full=True)
        transaction.set_rollback(True)
    return (result.created, result.updated, result.closed) == (0, 0, 0)


def last_scope() -> str:
    return RuleRun.objects.filter(scope__in=["full", "nightly"]).latest("id").scope


def test_nightly_runs_agree_with_a_full_recompute_at_every_step(users):
    # given two records under monthly reporting and a DV visit cycle, computed in full on 10 June
    ends_soon = record(users, category="deprived_rights", started_on=date(2025, 1, 10), ends_on=date(2025, 6, 20))
    longer = record(users, category="deprived_rights", started_on=date(2025, 1, 10), ends_on=date(2026, 1, 31))
    dv = record(users, category="dv_perpetrator", started_on=date(2025, 6, 2))
    run(date(2025, 6, 10), full=True)
    assert last_scope() == "full"

    # nothing changed: the nightly run finds nothing to do
    result = run(date(2025, 6, 11))
    assert last_scope() == "nightly" and (result.created, result.updated, result.closed) == (0, 0, 0)

    # a record saved behind the services' back (its term moved) is found by its save time
    longer.ends_on = date(2025, 9, 30)
    longer.save()
    before = tasks_of(longer, TERM_END)[0].due_on
    run(date(2025, 6, 12))
    assert last_scope() == "nightly"
    assert tasks_of(longer, TERM_END)[0].due_on == add_workdays(date(2025, 9, 30), -1) != before
    assert a_full_run_changes_nothing(date(2025, 6, 12))

    # a task done since the last run: the next DV visit is scheduled from it
    complete(tasks_of(dv, DV)[0], users["officer"], date(2025, 6, 8), recurrence_found="no")
    run(date(2025, 6, 13))
    assert a_full_run_changes_nothing(date(2025, 6, 13))

    # the month rolls over and a term ends in between: July's reports appear, the ended one gets none
    run(date(2025, 7, 1))
    assert date(2025, 7, 31) in due_dates(longer, MONTHLY)
    assert date(2025, 7, 31) not in due_dates(ends_soon, MONTHLY)
    assert a_full_run_changes_nothing(date(2025, 7, 1))


def test_an_adjusted_obligation_is_recomputed_for_every_record_and_full_catches_writes_behind_its_back(users):
    rec = record(users, category="deprived_rights", started_on=date(2025, 1, 10), ends_on=date(2025, 12, 31))
    TrackedRecord.objects.filter(pk=rec.pk).update(updated_at=timezone.now() - timedelta(days=1))  # an old record
    run(date(2025, 6, 10), full=True)
    assert tasks_of(rec, TERM_END)[0].start_on == add_workdays(date(2025, 12, 31), -5)
    # the control centre adjusts the window: the nightly run recomputes that obligation for every record
    obligation_update(acting_user=users["control"], obligation=Obligation.objects.get(code=TERM_END), first_due=3)
    run(date(2025, 6, 11))
    assert last_scope() == "nightly"
    assert tasks_of(rec, TERM_END)[0].start_on == add_workdays(date(2025, 12, 31), -3)
    # a write that bypasses save() leaves no trace for the nightly run; a full run (full=True) picks it up
    TrackedRecord.objects.filter(pk=rec.pk).update(ends_on=date(2025, 11, 28))
    run(date(2025, 6, 12))
    assert tasks_of(rec, TERM_END)[0].due_on == add_workdays(date(2025, 12, 31), -1)
    run(date(2025, 6, 12), full=True)
    assert tasks_of(rec, TERM_END)[0].due_on == add_workdays(date(2025, 11, 28), -1)
    # so does a run for an earlier day than the last one
    assert run(date(2025, 6, 1)) and last_scope() == "full"
