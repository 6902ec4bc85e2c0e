"""规范001 第八十一条 (到场率、核实率、回访率 ≥95 %) and 第三十条(三) (案前采集率 ≥90 %, foreigners ≥95 %), computed
from incidents; and 第七十七条第三款 / 第一百一十四条: no 破案率, 打处 or case quota may be an indicator."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from casework import limits, services
from casework.indicators import (
    arrival_rate,
    incident_follow_up_rate,
    pre_case_collection_rate,
    pre_case_foreign_rate,
    verification_rate,
)
from fengqiao import indicators as catalogue
from fengqiao.indicators import IndicatorRefused, IndicatorSpec, Measure
from registry.models import PopulationType, Resident

from .factories import at, beat_of, incident, push

pytestmark = pytest.mark.django_db
APRIL = (date(2025, 4, 1), date(2025, 4, 30))


def _arrive(users, i, minutes):
    start = i.dispatched_at or i.reported_at
    return services.incident_arrive(
        acting_user=users["officer"],
        incident=i,
        arrived_at=start + timedelta(minutes=minutes),
        now=start + timedelta(hours=3),
    )


def test_art81_1_arrival_rate_counts_against_the_station_limit_and_no_limit_is_hard_coded(users):
    """规范001 第八十一条(一): 有现场案件规定时限内到场率 — the limit is the station's; none shipped (casework.E002)."""
    beat = beat_of(users["officer"])
    station = beat.parent
    for code in [r["code"] for r in limits.LIMITS if r["code"].startswith("arrival_minutes.")]:
        services.local_limit_set(acting_user=users["lead"], org_unit=station, code=code, value=None)  # the demo's
    # given three pushed burglaries with a scene: arrived in 10, 30 minutes, and never
    fast = push(users, on=date(2025, 4, 2), hour=9)
    slow = push(users, on=date(2025, 4, 3), hour=9)
    push(users, on=date(2025, 4, 4), hour=9)
    _arrive(users, fast, 10)
    _arrive(users, slow, 30)
    # a no-scene case is not measured
    push(users, on=date(2025, 4, 5), hour=9, subkind="fraud", has_scene=False)
    # then with no limit set nothing is measured: no number is invented
    assert all(r["default"] is None for r in limits.LIMITS if r["code"].startswith("arrival_minutes."))
    assert arrival_rate(beat, *APRIL) == Measure(0, 0) and arrival_rate(beat, *APRIL).value is None
    # when the station lead sets 20 minutes for criminal cases, 1 of 3 arrived in time
    services.local_limit_set(acting_user=users["lead"], org_unit=station, code="arrival_minutes.criminal", value=20)
    assert arrival_rate(beat, *APRIL) == Measure(1, 3)
    assert arrival_rate(station, *APRIL) == Measure(1, 3)
    # exactly at the limit is in time ("规定时限内")
    services.local_limit_set(acting_user=users["lead"], org_unit=station, code="arrival_minutes.criminal", value=30)
    assert arrival_rate(beat, *APRIL) == Measure(2, 3)
    # another kind's limit does not measure these
    services.local_limit_set(acting_user=users["lead"], org_unit=station, code="arrival_minutes.criminal", value=None)
    services.local_limit_set(acting_user=users["lead"], org_unit=station, code="arrival_minutes.accident", value=5)
    assert arrival_rate(beat, *APRIL) == Measure(0, 0)


def test_art81_2_verification_and_art81_3_follow_up_rates(users):
    """规范001 第八十一条(二) 核实率 and (三) 回访率."""
    beat = beat_of(users["officer"])
    i = incident(users, on=date(2025, 4, 1))
    people = [
        services.incident_person_add(
            acting_user=users["officer"], incident=i, person={"name": n, "role": "victim"}, today=date(2025, 4, 1)
        )
        for n in ("甲", "乙")
    ]
    assert verification_rate(beat, *APRIL) == Measure(0, 2)
    services.incident_person_verify(acting_user=users["officer"], person=people[0])
    assert verification_rate(beat, *APRIL) == Measure(1, 2)
    # follow-up: due 2025-04-08 after 立案 on the 1st; done → 1 of 1
    services.incident_file(
        acting_user=users["officer"], incident=i, filed_on=date(2025, 4, 1), case_number="A9", today=date(2025, 4, 1)
    )
    assert incident_follow_up_rate(beat, *APRIL) == Measure(0, 1)
    services.incident_follow_up_record(
        acting_user=users["officer"],
        incident=i,
        kind="after_filing",
        visited_on=date(2025, 4, 7),
        visited="受害人",
        content="通报进展",
        risk_level="low",
        satisfaction="satisfied",
        today=date(2025, 4, 7),
    )
    assert incident_follow_up_rate(beat, *APRIL) == Measure(1, 1)


def test_art30_3_pre_case_collection_counts_people_registered_before_the_report(users):
    """规范001 第三十条(三): 案前采集率 ≥90 %, foreigners ≥95 % — registered before the report counts, after not."""
    beat = beat_of(users["officer"])
    i = incident(users, on=date(2025, 4, 10))
    before = Resident.objects.create(name="早登记", population_type=PopulationType.REGISTERED, org_unit=beat)
    after = Resident.objects.create(name="晚登记", population_type=PopulationType.FLOATING, org_unit=beat)
    foreigner = Resident.objects.create(
        name="JOHN SMITH", population_type=PopulationType.FOREIGN, nationality="英国", org_unit=beat
    )
    Resident.objects.filter(pk__in=[before.pk, foreigner.pk]).update(created_at=at(date(2025, 3, 1)))
    Resident.objects.filter(pk=after.pk).update(created_at=at(date(2025, 4, 12)))
    for r in (before, after, foreigner):
        r.refresh_from_db()
    add = lambda person: services.incident_person_add(  # noqa: E731
        acting_user=users["officer"], incident=i, person=person, today=date(2025, 4, 10)
    )
    add({"resident": before, "role": "victim"})
    add({"resident": foreigner, "role": "party"})
    unknown = add({"name": "未登记外籍人", "role": "relative", "is_foreign": True})
    add({"name": "未登记人", "role": "party"})
    # given: 2 of 4 registered before the report; foreigners 1 of 2
    assert pre_case_collection_rate(beat, *APRIL) == Measure(2, 4)
    assert pre_case_foreign_rate(beat, *APRIL) == Measure(1, 2)
    # when the unknown foreigner is collected after the incident and linked, the collection task is done, but the
    # rate does not move: registered after the report
    [task] = services_tasks(unknown)
    Resident.objects.filter(pk=after.pk).update(population_type=PopulationType.FOREIGN)
    after.refresh_from_db()
    services.incident_person_link(acting_user=users["officer"], person=unknown, resident=after, today=date(2025, 4, 12))
    task.refresh_from_db()
    assert task.status == "closed"
    assert pre_case_foreign_rate(beat, *APRIL) == Measure(1, 2)
    assert pre_case_collection_rate(beat, *APRIL) == Measure(2, 4)
    specs = {s.code: s for s in catalogue.catalogue()}
    assert specs["art30_3_pre_case_collection_rate"].target == Decimal("0.90")
    assert specs["art30_3_pre_case_foreign_rate"].target == Decimal("0.95")
    assert specs["art30_3_pre_case_foreign_rate"].met(pre_case_foreign_rate(beat, *APRIL).value) is False


def services_tasks(person):
    from tasks.models import OPEN_STATUSES, Task

    return list(Task.objects.filter(record_type="incident_person", record_id=str(person.pk), status__in=OPEN_STATUSES))


def test_art77_3_art114_a_case_solving_indicator_fails_the_system_check(monkeypatch):
    """规范001 第七十七条第三款、第一百一十四条: 不得下达办理案件或者打击处理指标 — a 破案率 indicator is refused at
    registration and by `manage.py check` (fengqiao.E001)."""
    quota = IndicatorSpec(
        code="case_clearance_rate",
        name="破案率",
        source="规范003 质量评估(一)",
        compute=lambda unit, start, end: Measure(0, 0),
        tags=frozenset({"破案"}),
    )
    # none of the declared indicators (casework's 第八十一条 rates among them) is a case quota
    for spec in catalogue.catalogue():
        assert not spec.tags & catalogue.FORBIDDEN_TAGS, spec.code
        assert "破案" not in spec.name and "打处" not in spec.name
    with pytest.raises(IndicatorRefused, match="第一百一十四条"):
        catalogue.register(quota, module="casework")
    # slipped into the catalogue some other way, the system check refuses to start
    monkeypatch.setitem(catalogue.CATALOGUE, quota.code, quota)
    with pytest.raises(SystemCheckError) as exc:
        call_command("check")
    assert "fengqiao.E001" in str(exc.value) and "第一百一十四条" in str(exc.value)
