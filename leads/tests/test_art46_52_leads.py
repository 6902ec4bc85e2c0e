"""规范001 第四十六条 (four required elements), 第四十九条 (oral report first), 第五十一条/第五十二条 (研判, 采用得分),
and a lead withdrawn as false keeping its history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import OperationLog
from leads import errors, indicators, selectors, services
from leads.models import Lead, LeadEvent, PointsEntry

from .factories import elements, report, unit_of

pytestmark = pytest.mark.django_db


def test_art46_lead_missing_each_required_element_refused_field_by_field_nothing_written(users):
    """第四十六条: 对象、时间、地点、事件 are required — each missing one has its own Chinese message."""
    grid = users["grid"]
    before = (Lead.objects.count(), LeadEvent.objects.count(), OperationLog.objects.count())
    blank = elements(subject_text=" ", occurred_at=None, place_text="", event="")
    with pytest.raises(ValidationError) as caught:
        services.lead_report(acting_user=grid, org_unit=unit_of(grid), **blank)
    assert caught.value.message_dict == {
        "subject_text": ["请填写对象"],
        "occurred_at": ["请填写时间"],
        "place_text": ["请填写地点"],
        "event": ["请填写事件"],
    }
    assert (Lead.objects.count(), LeadEvent.objects.count(), OperationLog.objects.count()) == before


def test_art46_optional_elements_may_be_left_out_and_grid_worker_sees_only_own_reports(users):
    grid, volunteer = users["grid"], users["volunteer"]
    mine = report(grid, cause="", result="")
    other = report(volunteer)
    assert mine.status == "collected" and mine.beat.kind == "beat" and mine.org_unit.kind == "grid"
    seen = set(selectors.lead_list(user=grid).values_list("pk", flat=True))
    assert mine.pk in seen and other.pk not in seen
    assert {mine.pk, other.pk} <= set(selectors.lead_list(user=users["officer"]).values_list("pk", flat=True))
    assert not selectors.lead_list(user=users["officer2"]).filter(pk=mine.pk).exists()
    assert not selectors.lead_list(user=users["auditor"]).exists()


def test_art49_actionable_lead_refused_before_oral_report_then_history_shows_order(users):
    """第四十九条: 对掌握的行动性、指向性案事件线索, 应当先向派出所口头报告."""
    officer = users["officer"]
    lead = report(users["volunteer"], kind="crime", is_actionable=True)
    with pytest.raises(ValidationError) as caught:
        services.lead_submit(acting_user=officer, lead=lead)
    assert caught.value.message_dict == {"oral_report_at": [errors.ORAL_REPORT_FIRST]}
    lead.refresh_from_db()
    assert lead.status == "collected" and lead.submitted_at is None
    spoke = timezone.now()
    services.lead_oral_report_record(acting_user=users["volunteer"], lead=lead, at=spoke, receiver="值班民警李明")
    services.lead_submit(acting_user=officer, lead=lead)
    kinds = list(lead.events.values_list("kind", flat=True))
    assert kinds == ["collected", "oral_report", "reported"]


def test_art52_adoption_raises_the_officer_score_and_credits_the_volunteer(users):
    """第五十二条: the control centre adopts; the officer's 采用得分 (station number, default 2 +1 actionable) moves;
    the volunteer who collected it gets the 规范004 points."""
    officer, control, volunteer = users["officer"], users["control"], users["volunteer"]
    today = timezone.localdate()
    beat = officer.role_assignments.get().org_unit
    before = indicators.adoption_score(beat, today, today).numerator
    lead = report(volunteer, kind="crime", is_actionable=True, oral_report_at=timezone.now(), oral_report_to="值班民警")
    services.lead_submit(acting_user=officer, lead=lead)
    with pytest.raises(PermissionDenied):
        services.lead_judge(acting_user=officer, lead=lead, adopt=True)  # only the control centre judges
    services.lead_judge(acting_user=control, lead=lead, adopt=True, note="有价值")
    lead.refresh_from_db()
    assert lead.status == "adopted" and lead.score == 3
    assert indicators.adoption_score(beat, today, today).numerator == before + 3
    row = next(
        r
        for r in selectors.officer_scores(user=users["lead"], start=today, end=today)
        if r["submitted_by"] == officer.pk
    )
    assert row["adopted"] >= 1 and row["score"] >= 3
    entry = PointsEntry.objects.get(user=volunteer, kind="lead_adopted", source_id=str(lead.pk))
    assert entry.points == 5


def test_not_adopted_needs_a_note_and_a_withdrawn_lead_keeps_its_history(users):
    officer, control = users["officer"], users["control"]
    lead = report(officer, channel="walk_in")
    services.lead_submit(acting_user=officer, lead=lead)
    with pytest.raises(ValidationError) as caught:
        services.lead_judge(acting_user=control, lead=lead, adopt=False)
    assert caught.value.message_dict == {"note": [errors.JUDGE_NOTE]}
    services.lead_judge(acting_user=control, lead=lead, adopt=True)
    services.lead_withdraw(acting_user=officer, lead=lead, reason="经核实不实")
    lead.refresh_from_db()
    assert lead.status == "withdrawn" and lead.score == 0
    assert list(lead.events.values_list("kind", flat=True)) == ["collected", "reported", "adopted", "withdrawn"]
