"""The nightly run's two questions, answered by every module's adapter (issue 11, rules steady state): which records
were saved since the last run (``changed_ids``) and whose term ended in between (``ending_between``). Without them
the engine re-reads every record of the type each night (~60 k supervised units in a city); with them a change to
one unit re-evaluates that unit only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rules.adapters import ADAPTERS, BeatAdapter, TrackedRecordAdapter
from rules.engine import Baseline, ReviewFinder
from rules.models import Obligation
from tasks.models import Task

pytestmark = pytest.mark.django_db

MODULE_ADAPTERS = sorted(t for t, a in ADAPTERS.items() if not isinstance(a, (TrackedRecordAdapter, BeatAdapter)))


def test_every_module_adapter_answers_both_questions():
    assert {"supervised_unit", "hazard", "special_subject", "dispute", "lead", "alert"} <= set(MODULE_ADAPTERS)
    missing = [
        f"{t}.{m}" for t in MODULE_ADAPTERS for m in ("changed_ids", "ending_between") if not hasattr(ADAPTERS[t], m)
    ]
    assert missing == []


@pytest.mark.parametrize("record_type", MODULE_ADAPTERS)
def test_changed_ids_covers_every_record_and_nothing_after_now(record_type):
    adapter = ADAPTERS[record_type]
    everything = {f.record_id for f in adapter.facts()}
    assert everything <= set(adapter.changed_ids(timezone.now() - timedelta(days=3650)))
    assert list(adapter.changed_ids(timezone.now() + timedelta(days=1))) == []


@pytest.mark.parametrize("record_type", MODULE_ADAPTERS)
def test_ending_between_returns_exactly_the_records_whose_term_ends_in_the_window(record_type):
    adapter = ADAPTERS[record_type]
    start, end = date(2026, 1, 1), date(2027, 1, 1)
    answered = {str(i) for i in adapter.ending_between(start, end)}
    in_window = {f.record_id for f in adapter.facts() if f.ends_on and start <= f.ends_on < end}
    assert in_window <= answered
    for facts in adapter.facts(ids=sorted(answered)):  # and nothing else: each one's term does end in the window
        assert facts.ends_on and start <= facts.ends_on < end, facts


def _saved_before(since, *models):
    """Every row saved before the last run (a database kept between sessions may hold rows a ticking clock of an
    earlier session stamped later than this session's frozen "now")."""
    for model in models:
        model.objects.filter(updated_at__gte=since).update(updated_at=since - timedelta(seconds=1))


def _finder(since):
    today = timezone.localdate()
    return ReviewFinder(Baseline(as_of=today, started=since, since=since), today)


def test_a_change_to_one_supervised_unit_re_evaluates_only_that_unit():
    from inspections.models import InspectionSetting, Supervision
    from org.models import OrgUnit, OrgUnitKind
    from registry.models import Organization

    adapter = ADAPTERS["supervised_unit"]
    obligation = Obligation.objects.filter(record_type="supervised_unit", is_active=True).order_by("code").first()
    units = Organization.objects.count()
    assert units > 3 and obligation is not None
    since = timezone.now()
    _saved_before(since, Organization, Supervision, InspectionSetting, Obligation)
    Task.objects.filter(closed_at__gte=since).update(closed_at=since - timedelta(seconds=1))
    obligation.refresh_from_db()
    assert adapter.changed_ids(since) == [] and _finder(since).records(obligation) == set()

    unit = Organization.objects.order_by("pk").first()
    unit.is_key_unit = not unit.is_key_unit
    unit.save()
    assert adapter.changed_ids(since) == [str(unit.pk)]
    assert _finder(since).records(obligation) == {str(unit.pk)}  # not None: not every unit re-read

    # its supervision row (who supervises it, its trade type) counts as a change of the unit
    other = Organization.objects.exclude(pk=unit.pk).order_by("pk").first()
    Supervision.objects.update_or_create(organization=other, defaults={"trade_type": ""})
    assert set(adapter.changed_ids(since)) == {str(unit.pk), str(other.pk)}

    # a station turning on monthly inspection changes the flag of its units, and of no other station's
    later = timezone.now()
    station = OrgUnit.objects.filter(kind=OrgUnitKind.STATION, pk__in=Organization.objects.values("station")).first()
    setting, _ = InspectionSetting.objects.get_or_create(station=station)
    setting.monthly_inspection = not setting.monthly_inspection
    setting.save()
    expected = {str(pk) for pk in Organization.objects.filter(station=station).values_list("pk", flat=True)}
    assert expected and set(adapter.changed_ids(later)) == expected
    assert adapter.ending_between(date(2000, 1, 1), date(2100, 1, 1)) == []  # a unit has no term


def test_a_change_to_one_dispute_or_lead_re_evaluates_only_that_record():
    from casework.models import Dispute
    from leads.models import Lead

    since = timezone.now()
    _saved_before(since, Dispute, Lead)
    for record_type, model, extra in (("dispute", Dispute, {}), ("lead", Lead, {"from_resident": True})):
        row = model.objects.filter(**extra).order_by("pk").first()
        assert row is not None, record_type
        assert list(ADAPTERS[record_type].changed_ids(since)) == []
        row.save()
        assert list(ADAPTERS[record_type].changed_ids(since)) == [str(row.pk)]


def test_a_supervised_unit_starts_on_its_local_registration_day():
    """The day is computed in the database (Asia/Shanghai): 16:30 UTC on 1 March is 00:30 on 2 March there."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from registry.models import Organization

    unit = Organization.objects.order_by("pk").first()
    Organization.objects.filter(pk=unit.pk).update(created_at=datetime(2026, 3, 1, 16, 30, tzinfo=ZoneInfo("UTC")))
    (facts,) = ADAPTERS["supervised_unit"].facts(ids=[str(unit.pk)])
    assert facts.started_on == date(2026, 3, 2)
