"""规范001 第七十六条: 重复矛盾纠纷 proposed inside the window and not outside; the three rates on a fixed set."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from casework import services
from casework.indicators import (
    civil_to_criminal_count,
    follow_up_rate,
    mediation_success_rate,
    repeat_marking_rate,
    subject_marking_rate,
)
from casework.models import RepeatCandidate
from fengqiao.indicators import CATALOGUE, Measure
from org.models import OrgUnit, OrgUnitKind
from subjects.models import SubjectApproval

from .factories import at, beat_of, dispute, resident

pytestmark = pytest.mark.django_db


def _fresh_beat(users, name):
    """A beat of the officer's station with no demo records, so the rates count only this test's disputes."""
    from accounts.models import RoleAssignment
    from accounts.roles import Role
    from accounts.scope import forget_scope
    from org.services import org_unit_create

    station = beat_of(users["officer"]).parent
    beat = org_unit_create(acting_user=None, kind=OrgUnitKind.BEAT, name=name, code=f"T{name}", parent=station)
    RoleAssignment.objects.create(user=users["officer"], role=Role.OFFICER, org_unit=beat)
    forget_scope(users["officer"])
    return beat


def test_art76_2_a_dispute_between_the_same_parties_inside_the_window_is_proposed_as_a_repeat(users):
    beat = beat_of(users["officer"])
    a, b = resident(beat, "邻居甲"), resident(beat, "邻居乙")
    first = dispute(users, on=date(2025, 3, 1), parties=[a, b], place_text="江枫社区幸福路1号")
    # 89 days later, elsewhere, another domain: same parties → proposed
    second = dispute(users, on=date(2025, 5, 29), parties=[b, a], domain="debt", place_text="江枫社区建设路9号")
    [candidate] = second.repeat_candidates.all()
    assert (candidate.earlier, candidate.reasons, candidate.status) == (first, ["same_parties"], "pending")
    # 91 days after the first (outside the 90-day window row): not proposed against the first
    third = dispute(users, on=date(2025, 5, 31), parties=[a, b], domain="debt", place_text="江枫社区建设路9号")
    assert [c.earlier for c in third.repeat_candidates.all()] == [second]


def test_art76_2_the_same_place_and_domain_is_proposed_and_the_officer_confirms_or_rejects(users):
    first = dispute(users, on=date(2025, 3, 1), parties=["甲一"], place_text="江枫社区幸福路8号3栋2单元301室")
    second = dispute(users, on=date(2025, 3, 20), parties=["乙二"], place_text="江枫社区幸福路8号3-2-301")
    other_domain = dispute(
        users, on=date(2025, 3, 21), parties=["丙三"], domain="family", place_text="江枫社区幸福路8号3栋2单元301室"
    )
    [c] = second.repeat_candidates.all()
    assert c.earlier == first and c.reasons == ["same_place_domain"]
    assert not other_domain.repeat_candidates.exists()
    services.repeat_candidate_decide(acting_user=users["officer"], candidate=c, confirm=True)
    second.refresh_from_db()
    assert second.repeat_of == first
    with pytest.raises(ValidationError, match="已确认"):
        services.repeat_candidate_decide(acting_user=users["officer"], candidate=c, confirm=False)


def test_a_repeat_the_system_missed_is_marked_by_hand_and_never_forward(users):
    first = dispute(users, on=date(2025, 3, 1), parties=["甲一"], place_text="江枫社区幸福路1号")
    second = dispute(users, on=date(2025, 3, 5), parties=["乙二"], place_text="江枫社区建设路2号", domain="debt")
    assert not second.repeat_candidates.exists()
    with pytest.raises(ValidationError) as exc:
        services.dispute_repeat_mark(acting_user=users["officer"], dispute=first, earlier=second)
    assert exc.value.message_dict == {"earlier": ["只能标注为重复于此前（接报时间更早）的纠纷"]}
    services.dispute_repeat_mark(acting_user=users["officer"], dispute=second, earlier=first)
    second.refresh_from_db()
    assert second.repeat_of == first
    assert RepeatCandidate.objects.get(dispute=second).reasons == ["manual"]


def test_a_repeat_is_marked_by_hand_from_its_page(users, login):
    """The page's choice of earlier disputes accepts one it lists (a sliced list of choices refused every pick)."""
    first = dispute(users, on=date(2025, 3, 1), parties=["甲三"], place_text="江枫社区幸福路3号")
    second = dispute(users, on=date(2025, 3, 5), parties=["乙四"], place_text="江枫社区建设路4号", domain="debt")
    client = login("officer")
    form = client.get(f"/casework/disputes/{second.pk}/repeat/")
    assert f'value="{first.pk}"' in form.content.decode()
    response = client.post(f"/casework/disputes/{second.pk}/repeat/", {"earlier": first.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    second.refresh_from_db()
    assert second.repeat_of == first


def test_art76_rates_on_a_fixed_set(users):
    """(一) 跟进回访率 (二) 重复纠纷发现标注率 (三) 特定对象发现标注率; plus 规范004's two figures."""
    officer = users["officer"]
    beat = _fresh_beat(users, "指标警务区")
    a, b, c = resident(beat, "指标甲"), resident(beat, "指标乙"), resident(beat, "指标丙")
    on = {"beat": beat, "place_text": "江枫社区指标路1号"}
    start, end = date(2025, 4, 1), date(2025, 4, 30)
    d1 = dispute(users, on=date(2025, 3, 25), parties=[a, b], **on)  # before the period
    d2 = dispute(users, on=date(2025, 4, 2), parties=[a, b], **on)  # repeat of d1
    d3 = dispute(users, on=date(2025, 4, 3), parties=[a, b], **on)  # repeat of d1 and d2
    d4 = dispute(
        users,
        on=date(2025, 4, 10),
        parties=[{"resident": c, "subject_concern": "dv_perpetrator"}, {"name": "受害人"}],
        domain="family",
        place_text="江枫社区指标路9号",
        beat=beat,
        risk_reasons=["civil_to_criminal"],
    )
    # (二): d2 and d3 are repeats; confirm d2's, leave d3's pending → 1 of 2
    services.repeat_candidate_decide(acting_user=officer, candidate=d2.repeat_candidates.get(), confirm=True)
    assert repeat_marking_rate(beat, start, end) == Measure(1, 2)
    assert d3.repeat_candidates.filter(status="pending").count() == 2
    services.repeat_candidate_decide(acting_user=officer, candidate=d3.repeat_candidates.get(earlier=d1), confirm=True)
    assert d3.repeat_candidates.filter(status="confirmed").count() == 2  # the chain settled in one step
    assert repeat_marking_rate(beat, start, end) == Measure(2, 2)
    # (三): c is a DV perpetrator not yet marked → 0 of 1; a marking request from the dispute → 1 of 1
    assert subject_marking_rate(beat, start, end) == Measure(0, 1)
    party = d4.parties.get(resident=c)
    services.dispute_marking_request(
        acting_user=officer, party=party, category="dv_perpetrator", facts={"warning_served_on": "2025-04-10"}
    )
    assert subject_marking_rate(beat, start, end) == Measure(1, 1)
    assert SubjectApproval.objects.get(subject=party.marking).status == "pending"  # waits in 标注审批
    # (一): follow-ups due in April: d1 (4-01), d2 (4-09), d3 (4-10), d4 (4-17); d2 done on time, d3 late
    for d, day in ((d2, date(2025, 4, 9)), (d3, date(2025, 4, 12))):
        services.dispute_follow_up_record(
            acting_user=officer,
            dispute=d,
            visited_on=day,
            visited="当事人",
            progress="稳定",
            risk_level="low",
            satisfaction="satisfied",
            today=day,
        )
    assert follow_up_rate(beat, start, end) == Measure(1, 4)
    # resolving d4 before its follow-up was due takes it out (not applicable); overdue d1 stays counted
    services.dispute_resolve(
        acting_user=officer, dispute=d4, resolved_on=date(2025, 4, 12), resolution="和解", today=date(2025, 4, 12)
    )
    assert follow_up_rate(beat, start, end) == Measure(1, 3)
    # 规范004: mediation success, and 民转刑-prone disputes mediated
    for d, outcome in ((d2, "success"), (d3, "failure")):
        services.dispute_action_record(
            acting_user=officer,
            dispute=d,
            kind="people_mediation",
            note="调解",
            outcome=outcome,
            done_at=at(date(2025, 4, 11)),
            now=at(date(2025, 4, 11), 12),
        )
    assert mediation_success_rate(beat, start, end) == Measure(1, 2)
    assert civil_to_criminal_count(beat, start, end) == Measure(0)
    # the station sees at least this beat's figures; another station none of them
    station = beat.parent
    assert repeat_marking_rate(station, start, end).denominator >= 2
    other = OrgUnit.objects.get(name="寒山派出所")
    assert repeat_marking_rate(other, start, end) == Measure(0, 0)
    spec = CATALOGUE["art76_2_repeat_dispute_marking_rate"]
    assert spec.target == Decimal("0.95") and spec.met(Measure(95, 100).value) is True


def test_the_civil_to_criminal_count_counts_successful_mediation_of_flagged_disputes(users):
    beat = _fresh_beat(users, "民转刑警务区")
    d = dispute(users, on=date(2025, 4, 1), beat=beat, risk_level="high", risk_reasons=["civil_to_criminal"])
    plain = dispute(users, on=date(2025, 4, 1), beat=beat, parties=["钱一", "孙二"], place_text="江枫社区别处1号")
    for x in (d, plain):
        services.dispute_action_record(
            acting_user=users["officer"],
            dispute=x,
            kind="onsite",
            note="现场调处成功",
            outcome="success",
            now=at(date(2025, 4, 1), 12),
        )
    assert civil_to_criminal_count(beat, date(2025, 4, 1), date(2025, 4, 30)) == Measure(1)
    assert mediation_success_rate(beat, date(2025, 4, 1), date(2025, 4, 30)) == Measure(2, 2)
