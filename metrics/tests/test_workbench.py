"""The leader's workbench (issue 20 “Done means”): a station lead sees at once what waits for them and which beat
is behind, clicks a red figure and reaches the records behind it."""

import re

import pytest

from accounts.roles import Perm
from metrics.selectors import home_metric_unit
from subjects.models import ApprovalStatus, SubjectApproval
from tasks.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def _counts(html: str) -> dict[str, int]:
    pairs = re.findall(r'data-code="(\w+)">.*?data-count="(\d+)"', html, flags=re.S)
    return {code: int(n) for code, n in pairs}


def test_the_lead_sees_pending_dispatches_and_approvals_of_the_demo(users, login):
    lead = users["lead"]
    station = home_metric_unit(user=lead)
    undispatched = Task.objects.filter(scope_path__startswith=station.path, status=TaskStatus.CREATED).count()
    markings = SubjectApproval.objects.filter(
        scope_path__startswith=station.path, status=ApprovalStatus.PENDING
    ).count()
    client = login("lead")
    html = client.get("/metrics/").content.decode()
    counts = _counts(html)
    assert counts["undispatched"] == undispatched
    assert counts["markings"] == markings
    assert undispatched > 0 and "待派发任务" in html and "特定对象标注审批" in html
    # and on 我的工作台 at sign-in, not only on the metrics page
    home = client.get("/").content.decode()
    assert 'id="lead-panel"' in home and "待派发任务" in home


def test_the_beats_are_ranked_and_the_one_behind_is_named(users, login):
    client = login("lead")
    response = client.get("/metrics/")
    ranked = response.context["ranked"]
    station = response.context["unit"]
    assert {r.unit.parent_id for r in ranked} == {station.pk} and len(ranked) >= 2
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    scores = [r.score for r in ranked if r.score is not None]
    assert scores == sorted(scores, reverse=True)


def test_a_red_figure_leads_to_the_records_behind_it(users, login):
    client = login("lead")
    response = client.get("/metrics/")
    values = response.context["values"]
    red = [v for v in values if v.rag == "red" and v.spec.records is not None]
    target = red[0] if red else next(v for v in values if v.spec.records is not None and v.denominator)
    html = response.content.decode()
    link = f"/metrics/indicators/{target.spec.code}/?unit={response.context['unit'].pk}"
    assert link in html
    detail = client.get(link)
    assert detail.status_code == 200
    assert detail.context["records_total"] == int(target.denominator)
    assert target.spec.name in detail.content.decode()


def test_another_stations_unit_is_not_found_for_a_lead(users, login):
    other = home_metric_unit(user=users["lead2"])
    client = login("lead")
    assert client.get(f"/metrics/?unit={other.pk}").status_code == 404
    assert client.get(f"/metrics/indicators/art30_4_task_handling_rate/?unit={other.pk}").status_code == 404


def test_an_officer_has_no_leaders_workbench(users, login):
    assert not users["officer"].role_assignments.filter(role="station_lead").exists()
    client = login("officer")
    assert client.get("/metrics/").status_code == 403
    assert 'id="lead-panel"' not in client.get("/").content.decode()


def test_indicators_page_matches_the_command(users, login):
    import json
    from io import StringIO

    from django.core.management import call_command

    client = login("lead")
    page = client.get("/metrics/indicators/?period=2026-11")
    unit = page.context["unit"]
    out = StringIO()
    call_command("indicators", "--unit", unit.code, "--period", "2026-11", "--json", stdout=out)
    assert [v.as_json() for v in page.context["values"]] == json.loads(out.getvalue())
    assert Perm.VIEW_METRICS


def test_unsigned_duty_logs_and_unanswered_support_requests_wait_for_the_lead(users, login):
    from datetime import timedelta

    from django.utils import timezone

    from duty import services as duty
    from duty.models import SupportRequest, SupportStatus, WorkLog

    lead, officer = users["lead"], users["officer"]
    station = home_metric_unit(user=lead)
    today = timezone.localdate()
    yesterday_log = duty.work_log_fill(acting_user=None, staff=officer.staff, day=today - timedelta(days=1))
    duty.work_log_fill(acting_user=None, staff=officer.staff, day=today)  # today's log is still being written

    def expected_logs():
        qs = WorkLog.objects.filter(scope_path__startswith=station.path, signed_at__isnull=True, day__lt=today)
        return qs.count()

    waiting = SupportRequest.objects.filter(scope_path__startswith=station.path, status=SupportStatus.WAITING)
    client = login("lead")
    counts = _counts(client.get("/metrics/").content.decode())
    assert counts["duty_logs"] == expected_logs() >= 1
    assert counts["support_requests"] == waiting.count()
    # when the lead signs yesterday's log, one fewer waits
    duty.work_log_sign(acting_user=lead, log=yesterday_log)
    assert _counts(client.get("/metrics/").content.decode())["duty_logs"] == counts["duty_logs"] - 1
    # an officer manages no duty: neither row is offered on their pages
    assert "待审核工作日志" not in login("officer").get("/").content.decode()
