"""Every casework service writes its operation-log row (a refused call writes none); the rule rows' checks."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import OperationLog
from casework import checks, limits, services

from .factories import at, beat_of, dispute, jpg, mediator, pdf, resident

pytestmark = pytest.mark.django_db


def _actions(before: int) -> list[str]:
    return [r.action for r in OperationLog.objects.order_by("id")[before:]]


def test_every_dispute_service_writes_its_operation_log_row(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer, lead, mediator_user = users["officer"], users["lead"], users["mediator"]
    beat = beat_of(officer)

    def run(action, fn):
        before = OperationLog.objects.count()
        result = fn()
        assert action in _actions(before), (action, _actions(before))
        return result

    station = beat.parent
    run(
        "local_limit_set",
        lambda: services.local_limit_set(acting_user=lead, org_unit=station, code="mediation_days", value=9),
    )
    d = run("dispute_record", lambda: dispute(users, on=date(2025, 4, 1)))
    person = resident(beat, "日志当事人")
    party = run(
        "dispute_party_add",
        lambda: services.dispute_party_add(
            acting_user=officer, dispute=d, party={"resident": person, "subject_concern": "threat"}
        ),
    )
    run(
        "dispute_risk_update",
        lambda: services.dispute_risk_update(acting_user=officer, dispute=d, risk_level="medium", risk_reasons=[]),
    )
    run(
        "dispute_assist_add",
        lambda: services.dispute_assist_add(
            acting_user=officer, dispute=d, unit=beat_of(users["officer2"]), relation="household"
        ),
    )
    run(
        "dispute_action_record",
        lambda: services.dispute_action_record(acting_user=officer, dispute=d, kind="legal_education", note="讲解法律"),
    )
    run(
        "dispute_follow_up_record",
        lambda: services.dispute_follow_up_record(
            acting_user=officer,
            dispute=d,
            visited_on=date(2025, 4, 3),
            visited="当事人",
            progress="平稳",
            risk_level="low",
            satisfaction="neutral",
        ),
    )
    agreement = run(
        "agreement_record",
        lambda: services.agreement_record(
            acting_user=officer, dispute=d, reached=True, parties_text="张甲", terms="道歉", signed_on=date(2025, 4, 4)
        ),
    )
    run(
        "agreement_performance_record",
        lambda: services.agreement_performance_record(
            acting_user=officer, agreement=agreement, performed=True, checked_on=date(2025, 4, 10)
        ),
    )
    run(
        "dispute_marking_request",
        lambda: services.dispute_marking_request(
            acting_user=officer, party=party, category="threat", facts={"cause": "扬言"}
        ),
    )
    earlier = dispute(users, on=date(2025, 3, 1), parties=["无关甲"], place_text="江枫社区别处9号", domain="debt")
    later = dispute(users, on=date(2025, 3, 2), parties=["无关乙"], place_text="江枫社区别处8号", domain="family")
    run(
        "dispute_repeat_mark", lambda: services.dispute_repeat_mark(acting_user=officer, dispute=later, earlier=earlier)
    )
    again = dispute(users, on=date(2025, 4, 2))
    candidate = again.repeat_candidates.get(earlier=d)
    run(
        "repeat_candidate_decide",
        lambda: services.repeat_candidate_decide(acting_user=officer, candidate=candidate, confirm=False),
    )
    m = run("mediator_register", lambda: mediator(users))
    run("mediator_update", lambda: services.mediator_update(acting_user=lead, mediator=m, data={"speciality": "邻里"}))
    h = run(
        "handover_create",
        lambda: services.handover_create(
            acting_user=officer, dispute=d, mediator=m, files={"evidence": [pdf()], "intake": [jpg()]}
        ),
    )
    run("handover_accept", lambda: services.handover_accept(acting_user=mediator_user, handover=h))
    run(
        "handover_result",
        lambda: services.handover_result(acting_user=mediator_user, handover=h, success=True, note="调解成功"),
    )
    run(
        "dispute_resolve",
        lambda: services.dispute_resolve(
            acting_user=officer, dispute=d, resolved_on=date(2025, 4, 20), resolution="和解"
        ),
    )
    h2 = services.handover_create(
        acting_user=officer,
        dispute=again,
        mediator=m,
        files={"evidence": [pdf()], "intake": [jpg()]},
        now=at(date(2025, 4, 2)),
    )
    services.local_limit_set(acting_user=lead, org_unit=station, code="mediator_accept_hours", value=1)
    h2.accept_due_at = at(date(2025, 4, 2), 11)
    h2.save(update_fields=["accept_due_at"])
    run("handover_deadlines_check", lambda: services.handover_deadlines_check(now=at(date(2025, 4, 3))))


def test_a_refused_call_writes_nothing(users):
    d = dispute(users, on=date(2025, 4, 1))
    before = OperationLog.objects.count()
    with pytest.raises(ValidationError):
        services.dispute_action_record(acting_user=users["officer"], dispute=d, kind="handover", note="")
    assert OperationLog.objects.count() == before and d.actions.count() == 0


def test_an_arrival_limit_with_a_default_fails_the_system_check(monkeypatch):
    """规范001 第八十一条(一) gives no number: a default arrival limit is refused (casework.E002)."""
    assert [p for p in checks.casework_problems()] == []
    rows = [dict(r) for r in limits.LIMITS]
    arrival = next(r for r in rows if r["code"].startswith("arrival_minutes."))
    arrival["default"] = 8  # 规范003's pilot "8分钟"
    monkeypatch.setattr(checks, "LIMITS", tuple(rows))
    problems = checks.casework_problems()
    assert [p[0] for p in problems] == ["casework.E002"]
    assert "第八十一条(一)未规定到场时限，不得预设默认值" in problems[0][1]
    assert all(r["default"] is None for r in limits.LIMITS if r["code"].startswith("arrival_minutes."))
