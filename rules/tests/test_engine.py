"""The engine as a whole: idempotence, incremental update, run_rules, checks, the working-day calendar."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from rules.checks import check_obligations
from rules.models import Obligation
from rules.obligations import OBLIGATIONS
from rules.services import obligation_update, rules_recompute_record
from tasks.models import Task

from .factories import due_dates, record, run, tasks_of

pytestmark = pytest.mark.django_db


def test_every_row_of_the_obligations_table_ships_and_passes_the_checks():
    """DESIGN.md obligations table: every row is data with its article; the system check finds nothing."""
    assert check_obligations() == []
    sources = " ".join(row["source"] for row in OBLIGATIONS)
    for article in (
        "第四十二条",
        "第四十一条(五)",
        "第四十一条(四)",
        "第四十一条(八)",
        "第四十一条(二)",
        "第四十一条(三)",
        "第四十一条(六)",
        "第四十条(二)",
        "第二十五条",
        "第四十八条(五)",
        "第四十八条(六)",
        "第六十二条",
        "第六十一条",
        "第八十条",
        "第七十五条",
        "规范003",
    ):
        assert article in sources, article
    assert Obligation.objects.count() == len(OBLIGATIONS)


def test_bad_obligation_row_is_rejected_naming_row_and_field(monkeypatch):
    """rules.E00x: a bad row fails the system check with the row's code and the field."""
    bad = dict(OBLIGATIONS[1], code="broken", source="第四十一条", calendar_period="", repeat_every=0)
    monkeypatch.setattr("rules.checks.OBLIGATIONS", (*OBLIGATIONS, bad))
    messages = sorted((e.id, e.msg) for e in check_obligations())
    assert ("rules.E002", "obligation 'broken': field source: 须引用条款，如“规范001 第四十一条(五)”") in messages
    assert (
        "rules.E008",
        "obligation 'broken': field repeat_every: 间隔重复须有大于0的间隔和日/工作日/周/月单位",
    ) in messages


def test_running_twice_creates_nothing_new(users):
    """Idempotence: the same date twice → the second run creates, moves and closes nothing."""
    record(users, category="dv_perpetrator", started_on=date(2025, 3, 2))
    first = run(date(2025, 3, 3))
    total = Task.objects.count()
    second = run(date(2025, 3, 3))
    assert (second.created, second.updated, second.closed) == (0, 0, 0)
    assert Task.objects.count() == total
    assert first.created >= 16 * 1  # at least one weekly meeting per demo beat


def test_incremental_run_touches_only_the_changed_record(users):
    """A changed record recomputes only the obligations of its type, only for itself."""
    a = record(users, category="bail", started_on=date(2025, 3, 3), ends_on=date(2025, 9, 1))
    b = record(users, category="bail", started_on=date(2025, 3, 3), ends_on=date(2025, 9, 1))
    from rules.services import tracked_record_update

    before_b = [(t.pk, t.due_on) for t in tasks_of(b, "art41_8_bail_expiry_notice")]
    tracked_record_update(acting_user=None, record=a, ends_on=date(2025, 12, 1), as_of=date(2025, 3, 10))
    assert due_dates(a, "art41_8_bail_expiry_notice") == [date(2025, 11, 21)]
    assert [(t.pk, t.due_on) for t in tasks_of(b, "art41_8_bail_expiry_notice")] == before_b
    result = rules_recompute_record(record_type="special_subject", record_id=a.pk, as_of=date(2025, 3, 10))
    assert (result.created, result.updated, result.closed) == (0, 0, 0)
    assert result.obligations == Obligation.objects.filter(record_type="special_subject").count()


def test_run_rules_json_prints_exactly_one_object(users):
    out = StringIO()
    call_command("run_rules", "--date", "2025-03-03", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"date", "created", "updated", "closed"} <= set(data) and data["date"] == "2025-03-03"
    out = StringIO()
    call_command("run_rules", "--date", "2025-03-03", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 0


def test_control_centre_adjusts_an_obligation_and_the_change_is_logged(users):
    from django.core.exceptions import PermissionDenied

    from audit.models import OperationLog

    ob = Obligation.objects.get(code="art41_5_dv_visit")
    with pytest.raises(PermissionDenied):
        obligation_update(acting_user=users["officer"], obligation=ob, remind_before_days=5)
    obligation_update(acting_user=users["control"], obligation=ob, remind_before_days=5)
    log = OperationLog.objects.filter(action="obligation_update").latest("id")
    assert log.changes == {"remind_before_days": [2, 5]} and log.username == "demo_control"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        obligation_update(acting_user=users["control"], obligation=ob, repeat_every=0)
    assert err.value.message_dict["repeat_every"] == [
        "规则“art41_5_dv_visit”的“repeat_every”取值无效：间隔重复须有大于0的间隔和日/工作日/周/月单位"
    ]
