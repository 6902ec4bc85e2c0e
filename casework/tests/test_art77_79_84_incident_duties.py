"""规范001 第七十七条 (必到现场; 电信网络诈骗受害人见面劝阻), 第七十九条 (现场处置、核实人员), 第八十条(四) (整改通知、
预警建议、公安提示), 第八十四条 (治安灾害事故先期处置), and the monthly 警情通报 of 规范002 — on real incidents, with
every service on the operation log and the API answering like the pages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import OperationLog
from casework import errors, services
from casework.selectors import monthly_notice
from fengqiao.pdf import pdf_text
from tasks.models import Task, TaskKind

from .factories import at, beat_of, incident, push, resident

pytestmark = pytest.mark.django_db
STEPS = ("report", "evacuate", "rescue", "investigate", "control")


def _actions(before: int) -> list[str]:
    return [r.action for r in OperationLog.objects.order_by("id")[before:]]


def test_art84_an_accident_closes_only_with_the_five_first_response_steps(users):
    """规范001 第八十四条(一)–(五): 报告、疏散、救助、调查、控制责任人 — recorded before the accident can close."""
    officer = users["officer"]
    fire = incident(users, on=date(2025, 4, 1), kind="accident", subkind="fire", summary="电动车棚起火")
    for step in STEPS[:4]:
        services.incident_scene_record(
            acting_user=officer,
            incident=fire,
            step=step,
            note="已处置",
            done_at=at(date(2025, 4, 1), 11),
            now=at(date(2025, 4, 1), 12),
        )
    with pytest.raises(ValidationError) as exc:
        services.incident_close(
            acting_user=officer, incident=fire, closed_on=date(2025, 4, 1), result="火已扑灭", today=date(2025, 4, 1)
        )
    assert exc.value.message_dict["steps"] == [
        errors.CLOSE_ACCIDENT_STEPS.format(missing="协助发现、控制事故责任人或者肇事人")
    ]
    fire.refresh_from_db()
    assert fire.status == "open"
    services.incident_scene_record(
        acting_user=officer,
        incident=fire,
        step="control",
        note="找到车主",
        done_at=at(date(2025, 4, 1), 11),
        now=at(date(2025, 4, 1), 12),
    )
    services.incident_close(
        acting_user=officer, incident=fire, closed_on=date(2025, 4, 1), result="火已扑灭", today=date(2025, 4, 1)
    )
    fire.refresh_from_db()
    assert fire.status == "closed"
    # the accident steps are refused on a burglary
    burglary = incident(users, on=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="第八十四条"):
        services.incident_scene_record(acting_user=officer, incident=burglary, step="evacuate", note="x")


def test_art77_2_fraud_victim_gets_a_dissuasion_command_task_on_instruction(users):
    """规范001 第七十七条第二款: 根据指令对涉电信网络诈骗受害人进行见面劝阻."""
    today = timezone.localdate()
    i = push(
        users,
        by="command_centre",
        on=today - timedelta(days=1),
        subkind="fraud",
        has_scene=False,
        source="command_centre",
    )
    victim = services.incident_person_add(
        acting_user=users["officer"], incident=i, person={"name": "钱受骗", "role": "victim"}
    )
    party = services.incident_person_add(
        acting_user=users["officer"], incident=i, person={"name": "孙某", "role": "party"}
    )
    # the officer cannot instruct; only 情指中心/综合指挥室
    with pytest.raises(PermissionDenied):
        services.incident_dissuasion_instruct(acting_user=users["officer"], person=victim, due_on=today)
    with pytest.raises(ValidationError, match="见面劝阻只适用于电信网络诈骗案件的受害人"):
        services.incident_dissuasion_instruct(acting_user=users["command_centre"], person=party, due_on=today)
    services.incident_dissuasion_instruct(
        acting_user=users["command_centre"], person=victim, due_on=today + timedelta(days=2), note="见面劝阻"
    )
    task = Task.objects.get(pk=victim.dissuasion_task_id)
    assert (
        task.kind == TaskKind.COMMAND and task.assignee == users["officer"] and task.template.code == "fraud_dissuasion"
    )
    assert task.record_type == "incident" and task.record_id == str(i.pk) and "钱受骗" not in task.title
    with pytest.raises(ValidationError, match="已对该受害人下达见面劝阻指令"):
        services.incident_dissuasion_instruct(acting_user=users["command_centre"], person=victim, due_on=today)


def test_art80_4_preventable_case_notice_is_numbered_and_printed(users, settings, tmp_path):
    """规范001 第八十条(四): 可防性案件 → 整改通知、预警建议、公安提示 (the shared notice pipeline)."""
    settings.MEDIA_ROOT = tmp_path
    i = incident(users, on=date(2025, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.incident_notice_issue(
            acting_user=users["officer"], incident=i, kind="x", recipient="", facts="", advice=""
        )
    assert set(exc.value.message_dict) == {"kind", "recipient", "advice"}
    notice = services.incident_notice_issue(
        acting_user=users["officer"],
        incident=i,
        kind="prevention_rectification",
        recipient="江枫小区物业服务中心",
        facts="近一月小区连发三起入室盗窃，单元门禁损坏",
        advice="修复门禁，增设监控",
        deadline=timezone.localdate() + timedelta(days=10),
    )
    assert notice.subject_type == "incident" and notice.subject_id == str(i.pk) and "防范整改" in notice.number
    text = pdf_text(notice.pdf.read())
    assert "整改通知书" in text and "修复门禁" in text and "第八十条(四)" in text


def test_the_monthly_notice_aggregates_without_personal_data(users):
    """规范002 警务公开: 每月通报发案类别、时间段、主要部位 — no names, phones, ID numbers or house numbers."""
    beat = beat_of(users["officer"])
    i = incident(users, on=date(2025, 4, 3), hour=22)
    services.incident_person_add(
        acting_user=users["officer"], incident=i, person={"name": "周某某", "phone": "13911112222", "role": "victim"}
    )
    incident(users, on=date(2025, 4, 20), hour=9, kind="public_order", subkind="fight", summary="酒后斗殴")
    incident(users, on=date(2025, 5, 2), hour=9)  # next month
    notice = monthly_notice(unit=beat, start=date(2025, 4, 1), end=date(2025, 4, 30))
    assert notice["total"] == 2
    assert {(r["subkind"], r["count"]) for r in notice["by_kind"]} == {("入室盗窃", 1), ("打架斗殴", 1)}
    assert {r["band"]: r["count"] for r in notice["by_band"]}["夜间（18—24时）"] == 1
    text = repr(notice)
    for secret in ("周某某", "13911112222", "301室", "幸福路8号", i.summary):
        assert secret not in text


def test_every_incident_service_writes_its_operation_log_row(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = users["officer"]
    today = timezone.localdate()

    def run(action, fn):
        before = OperationLog.objects.count()
        result = fn()
        assert action in _actions(before), (action, _actions(before))
        return result

    i = run("incident_push", lambda: push(users, on=today - timedelta(days=2)))
    run("incident_record", lambda: incident(users, on=today - timedelta(days=2)))
    run(
        "incident_arrive",
        lambda: services.incident_arrive(
            acting_user=officer, incident=i, arrived_at=i.dispatched_at + timedelta(minutes=5)
        ),
    )
    p = run(
        "incident_person_add",
        lambda: services.incident_person_add(
            acting_user=officer, incident=i, person={"name": "新人", "role": "victim"}
        ),
    )
    run("incident_person_verify", lambda: services.incident_person_verify(acting_user=officer, person=p))
    run(
        "incident_person_link",
        lambda: services.incident_person_link(
            acting_user=officer, person=p, resident=resident(beat_of(officer), "新人")
        ),
    )
    run(
        "incident_scene_record",
        lambda: services.incident_scene_record(acting_user=officer, incident=i, step="protect", note="保护现场"),
    )
    run(
        "incident_file",
        lambda: services.incident_file(
            acting_user=officer, incident=i, filed_on=today - timedelta(days=1), case_number="A1"
        ),
    )
    run(
        "incident_follow_up_record",
        lambda: services.incident_follow_up_record(
            acting_user=officer,
            incident=i,
            kind="after_filing",
            visited_on=today,
            visited="受害人",
            content="回访",
            risk_level="low",
            satisfaction="satisfied",
        ),
    )
    run(
        "incident_notice_issue",
        lambda: services.incident_notice_issue(
            acting_user=officer, incident=i, kind="police_tip", recipient="物业", facts="发案", advice="加强巡查"
        ),
    )
    run(
        "incident_close",
        lambda: services.incident_close(acting_user=officer, incident=i, closed_on=today, result="结案"),
    )
    fraud = push(users, on=today - timedelta(days=1), subkind="fraud", has_scene=False)
    v = services.incident_person_add(acting_user=officer, incident=fraud, person={"name": "受骗人", "role": "victim"})
    run(
        "incident_dissuasion_instruct",
        lambda: services.incident_dissuasion_instruct(acting_user=users["command_room"], person=v, due_on=today),
    )


def test_a_refused_call_writes_nothing(users):
    i = incident(users, on=date(2025, 4, 1))
    before = OperationLog.objects.count()
    with pytest.raises(ValidationError):
        services.incident_scene_record(acting_user=users["officer"], incident=i, step="nope", note="")
    with pytest.raises(PermissionDenied):
        services.incident_arrive(acting_user=users["officer2"], incident=i, arrived_at=timezone.now())
    assert OperationLog.objects.count() == before and i.scene_entries.count() == 0


def test_api_push_detail_follow_up_and_scope(users, client, login):
    today = timezone.localdate()
    beat = beat_of(users["officer"])
    login("command_room")
    body = {
        "beat_id": beat.pk,
        "kind": "criminal",
        "subkind": "burglary",
        "source": "command_room",
        "summary": "接报入室盗窃",
        "place_text": "江枫社区幸福路1号",
        "reported_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
    }
    r = client.post("/api/v1/incidents/push", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    bad = client.post("/api/v1/incidents/push", {**body, "subkind": "fire"}, content_type="application/json")
    assert bad.status_code == 422 and "细类“火灾”不属于刑事案件" in bad.content.decode()
    login("officer")
    assert client.get("/api/v1/incidents?pushed=true").json()["count"] >= 1
    r = client.post(
        f"/api/v1/incidents/{pk}/people",
        {"name": "吴某", "phone": "13800001234", "role": "victim"},
        content_type="application/json",
    )
    assert r.status_code == 201
    detail = client.get(f"/api/v1/incidents/{pk}").json()
    assert detail["people"][0]["phone"] == "138****1234" and detail["may_write"] is True
    r = client.post(
        f"/api/v1/incidents/{pk}/file",
        {"filed_on": today.isoformat(), "case_number": "A7"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["filed_on"] == today.isoformat()
    assert [d["due_on"] for d in client.get(f"/api/v1/incidents/{pk}").json()["due"]]
    login("officer2")
    assert client.get(f"/api/v1/incidents/{pk}").status_code == 404
    r = client.post(
        f"/api/v1/incidents/{pk}/arrival", {"arrived_at": timezone.now().isoformat()}, content_type="application/json"
    )
    assert r.status_code in (403, 404)
    login("auditor")
    assert client.get("/api/v1/incidents").status_code == 403
    login("lead")
    rows = client.get("/api/v1/incidents/indicators").json()
    assert {c["code"] for c in rows[0]["indicators"]} >= {
        "art81_1_arrival_in_time_rate",
        "art30_3_pre_case_collection_rate",
    }
    notice = client.get(f"/api/v1/incidents/monthly-notice?unit_id={beat.pk}").json()
    assert notice["total"] >= 1 and "吴某" not in str(notice)
