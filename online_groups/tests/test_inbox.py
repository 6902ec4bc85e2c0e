"""The gateway → core contract (ADR 0013): hand-written envelope files in a temporary spool, applied once each,
moved to done/ or bad/."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from online_groups import inbox, services
from online_groups.models import BroadcastTarget, EnvelopeReceipt, GroupMember, OnlineGroup, OnlineRequest
from org.models import OrgUnitKind, Staff, StaffKind

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def spool(tmp_path, settings):
    settings.FENGQIAO_WECOM_SPOOL = str(tmp_path)
    (tmp_path / "to_core").mkdir()
    return tmp_path


def drop(spool, envelope_id, kind, payload, received_at="2026-11-18T09:30:00+08:00", name=None):
    path = spool / "to_core" / f"{name or envelope_id}.json"
    data = {"id": envelope_id, "kind": kind, "received_at": received_at, "corp_id": "ww-test", "payload": payload}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def epoch(text):
    return int(datetime.fromisoformat(text).replace(tzinfo=TZ).timestamp())


@pytest.fixture
def beat_staff(users):
    from accounts.models import RoleAssignment

    beat = RoleAssignment.objects.get(user=users["officer"], role="officer").org_unit
    officer = Staff.objects.get(org_unit=beat, kind=StaffKind.COMMUNITY_OFFICER)
    services.staff_account_set(acting_user=None, staff=officer, wecom_userid="wx-inbox-officer")
    return beat, officer


def snapshot(members, chat_id="wr-inbox-1", cause="update:add_member", owner="wx-inbox-officer"):
    return {"chat_id": chat_id, "name": "收件测试群", "owner": owner, "notice": "",
            "create_time": epoch("2026-11-01T08:00"), "cause": cause, "members": members, "admin_list": []}  # fmt: skip


def member(userid, kind, nickname="", joined="2026-11-10T08:00"):
    return {"userid": userid, "type": kind, "name": "", "group_nickname": nickname, "join_time": epoch(joined),
            "join_scene": 3}  # fmt: skip


def files(spool, sub):
    folder = spool / "to_core" / sub
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_snapshot_registers_the_group_then_replaces_members_and_marks_the_left(spool, beat_staff):
    beat, officer = beat_staff
    drop(spool, "env-1", "group_snapshot", snapshot([
        member("wx-inbox-officer", 1, f"枫桥派出所-{officer.name}-{officer.phone}"),
        member("wm-resident-1", 2, "居民甲"), member("wm-resident-2", 2, "居民乙"),
    ]), name="0001")  # fmt: skip
    counts = inbox.run_once()
    assert (counts.applied, counts.bad) == (1, 0)
    group = OnlineGroup.objects.get(chat_id="wr-inbox-1")
    assert group.org_unit == beat and not group.is_manual and group.visibility == "ok"
    officer_row = group.members.get(userid="wx-inbox-officer")
    assert officer_row.staff == officer and officer_row.role == "community_officer"
    assert group.members.get(userid="wm-resident-1").role == "resident"
    assert officer_row.joined_at == datetime(2026, 11, 10, 8, 0, tzinfo=TZ)
    # a resident left, an unregistered colleague (type 1) joined
    drop(spool, "env-2", "group_snapshot", snapshot([
        member("wx-inbox-officer", 1, f"枫桥派出所-{officer.name}-{officer.phone}"),
        member("wm-resident-1", 2, "居民甲（改名）"), member("wx-unknown", 1, ""),
    ], cause="update:del_member"), received_at="2026-11-18T10:00:00+08:00", name="0002")  # fmt: skip
    inbox.run_once()
    left = GroupMember.objects.get(group=group, userid="wm-resident-2")
    assert left.left_at == datetime(2026, 11, 18, 10, 0, tzinfo=TZ)
    assert group.members.get(userid="wm-resident-1").nickname == "居民甲（改名）"
    assert group.members.get(userid="wx-unknown").role == ""  # one of ours, not yet matched: never a resident
    assert group.members.filter(left_at=None).count() == 3
    assert files(spool, "done") == ["0001.json", "0002.json"] and files(spool, "") == ["done"]
    group.refresh_from_db()
    assert not group.composition_ok  # one officer alone: the clause's other members are missing
    assert {"composition_auxiliary", "composition_station_police"} <= {f["code"] for f in group.findings}


def test_a_duplicate_id_is_skipped_and_garbage_goes_to_bad(spool, beat_staff):
    payload = snapshot([member("wx-inbox-officer", 1, "")])
    drop(spool, "env-dup", "group_snapshot", payload, name="a")
    drop(spool, "env-dup", "group_snapshot", payload, name="b")  # the gateway redelivered the same callback
    (spool / "to_core" / "c.json").write_text("{not json", encoding="utf-8")
    drop(spool, "env-kind", "group_exploded", {}, name="d")
    drop(spool, "env-nopayload", "group_snapshot", "text", name="e")
    drop(spool, "env-nochat", "group_snapshot", {"members": []}, name="f")
    (spool / "to_core" / "g.json.tmp").write_text("{half", encoding="utf-8")  # still being written: left alone
    counts = inbox.run_once()
    assert (counts.applied, counts.skipped, counts.bad) == (1, 1, 4)
    assert files(spool, "done") == ["a.json", "b.json"]
    assert files(spool, "bad") == ["c.json", "d.json", "e.json", "f.json"]
    assert (spool / "to_core" / "g.json.tmp").exists()
    assert EnvelopeReceipt.objects.filter(envelope_id="env-dup").count() == 1
    assert OnlineGroup.objects.filter(chat_id="wr-inbox-1").count() == 1


def test_a_group_nobody_of_ours_is_in_is_kept_unrouted(spool, beat_staff):
    drop(
        spool,
        "env-stranger",
        "group_snapshot",
        snapshot([member("wx-nobody", 1, "")], chat_id="wr-stranger", owner="wx-nobody"),
    )
    counts = inbox.run_once()
    assert counts.unrouted == 1 and not OnlineGroup.objects.filter(chat_id="wr-stranger").exists()
    receipt = EnvelopeReceipt.objects.get(envelope_id="env-stranger")
    assert receipt.outcome == "unrouted" and receipt.payload["chat_id"] == "wr-stranger"


def test_dismissed_and_not_visible(spool, beat_staff):
    drop(spool, "env-s", "group_snapshot", snapshot([member("wx-inbox-officer", 1, "")]), name="1")
    drop(spool, "env-nv", "group_not_visible", {"chat_id": "wr-inbox-1", "errcode": 90501,
                                                 "errmsg": "not external group"}, name="2")  # fmt: skip
    drop(spool, "env-d", "group_dismissed", {"chat_id": "wr-inbox-1", "dismissed_at": epoch("2026-11-18T09:00")},
         name="3")  # fmt: skip
    assert inbox.run_once().applied == 3
    group = OnlineGroup.objects.get(chat_id="wr-inbox-1")
    assert group.visibility == "not_customer" and group.visibility_detail == "90501 not external group"
    assert group.dismissed_at == datetime(2026, 11, 18, 9, 0, tzinfo=TZ)
    assert not group.members.filter(left_at=None).exists()


def test_kf_message_becomes_a_request_with_the_exact_receive_time(spool, beat_staff):
    group = services.group_register(acting_user=None, org_unit=beat_staff[0], name="客服测试群", chat_id="wr-kf",
                                    visibility="ok", kf_open_id="wk-test")  # fmt: skip
    sent = epoch("2026-11-18T09:12") + 37
    payload = {"open_kfid": "wk-test", "external_userid": "wm-9", "msgid": "kf-msg-1", "send_time": sent,
               "msgtype": "text", "text": "小区门口路灯坏了好几天", "chat_id": ""}  # fmt: skip
    drop(spool, "env-kf-1", "kf_message", payload, name="1")
    drop(spool, "env-kf-1b", "kf_message", payload, name="2")  # same message, another envelope: one request
    inbox.run_once()
    request = OnlineRequest.objects.get(kf_msgid="kf-msg-1")
    assert request.group == group and request.source == "kf" and request.resident_ref == "wm-9"
    assert request.received_at == datetime(2026, 11, 18, 9, 12, 37, tzinfo=TZ)
    assert request.respond_by == datetime(2026, 11, 18, 10, 12, 37, tzinfo=TZ)  # 咨询: 60 minutes (reading)
    assert request.content == "小区门口路灯坏了好几天" and request.acknowledged_at is None
    assert OnlineRequest.objects.filter(kf_msgid="kf-msg-1").count() == 1


def test_broadcast_status_updates_the_broadcast_and_never_moves_back(
    spool, beat_staff, django_capture_on_commit_callbacks
):
    beat = beat_staff[0]
    group = services.group_register(acting_user=None, org_unit=beat, name="宣传测试群", chat_id="wr-bc",
                                    visibility="ok", station_account="station-test")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        broadcast = services.broadcast_create(acting_user=None, groups=[group], text="防诈提醒")
    target = broadcast.targets.get()
    outbound = spool / "to_gateway" / f"{target.outbound_id}.json"
    sent = json.loads(outbound.read_text(encoding="utf-8"))
    assert sent["kind"] == "broadcast" and sent["id"] == target.outbound_id
    assert sent["payload"]["chat_ids"] == ["wr-bc"] and sent["payload"]["sender"] == "station-test"
    assert sent["payload"]["text"] == "防诈提醒"
    for n, status in enumerate(["submitted", "sent", "confirmed"]):  # a late "confirmed" after "sent"
        payload = {
            "outbound_id": target.outbound_id,
            "chat_id": "wr-bc",
            "status": status,
            "msgid": "m-1",
            "detail": "",
        }
        drop(spool, f"env-bs-{n}", "broadcast_status", payload, name=f"{n}")
    assert inbox.run_once().applied == 3
    target.refresh_from_db()
    assert target.status == "sent" and target.msgid == "m-1"


def test_the_command_runs_once(spool, beat_staff, capsys):
    drop(spool, "env-cmd", "group_snapshot", snapshot([member("wx-inbox-officer", 1, "")]))
    call_command("online_groups_inbox", spool=str(spool))
    assert "applied=1" in capsys.readouterr().out
    assert files(spool, "done") == ["env-cmd.json"]


def test_over_the_cap_a_target_is_held_then_released_next_month(spool, beat_staff, django_capture_on_commit_callbacks):
    import time_machine

    beat = beat_staff[0]
    station = beat.parent
    assert station.kind == OrgUnitKind.STATION
    services.local_number_set(acting_user=None, org_unit=station, code="broadcast_monthly_cap", value=1)
    group = services.group_register(acting_user=None, org_unit=beat, name="上限测试群", chat_id="wr-cap",
                                    visibility="ok", station_account="station-test")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.broadcast_create(acting_user=None, groups=[group], text="第一条")
        second = services.broadcast_create(acting_user=None, groups=[group], text="第二条")
    held = second.targets.get()
    assert held.status == "queued" and held.held and held.outbound_id == ""
    assert "本月群发已达上限（1次，解读）" in held.detail
    assert inbox.run_once().released == 0
    with time_machine.travel(datetime(2026, 12, 1, 8, 0, tzinfo=TZ), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert inbox.run_once().released >= 1  # ours (and the demo's, held at the same station)
    held.refresh_from_db()
    assert not held.held and held.outbound_id == f"broadcast-{second.pk}-1"
    assert (spool / "to_gateway" / f"{held.outbound_id}.json").exists()
    assert BroadcastTarget.objects.filter(group=group, held=True).count() == 0
    assert timezone.localtime(held.handed_at).date().isoformat() == "2026-12-01"
