"""The core's broadcasts: intake from to_gateway (idempotent, bad files set aside), add_msg_template under the
per-group monthly cap (over it: kept queued and reported `queued_cap`, submitted when the month turns), and the send
results polled into `broadcast_status` envelopes."""

import json
from datetime import timedelta

import time_machine
from django.utils import timezone


def _broadcast(gateway, outbound_id: str, chat_ids, text="反诈提醒：陌生来电要求转账，一律是诈骗。"):
    folder = gateway.spool / "to_gateway"
    folder.mkdir(parents=True, exist_ok=True)
    envelope = {
        "id": outbound_id,
        "kind": "broadcast",
        "received_at": timezone.localtime().isoformat(),
        "corp_id": "",
        "payload": {"sender": "stationacct", "chat_ids": list(chat_ids), "text": text, "requested_at": "x"},
    }
    (folder / f"{outbound_id}.json").write_text(json.dumps(envelope, ensure_ascii=False))


def _statuses(gateway):
    return sorted(
        (e["payload"]["outbound_id"], e["payload"]["chat_id"], e["payload"]["status"])
        for e in gateway.envelopes("broadcast_status")
    )


def _groups(gateway, n=2):
    for i in range(n):
        gateway.fake.add_group(f"wrchat{i}", f"群{i}", "stationacct")


def test_broadcast_submitted_confirmed_and_sent(gateway):
    from wecom import services
    from wecom.models import BroadcastItem

    _groups(gateway)
    _broadcast(gateway, "core-bc-1", ["wrchat0", "wrchat1"])
    result = services.outbox_run()
    assert result["intake"] == {"applied": 1, "skipped": 0, "bad": 0}
    assert result["submit"]["submitted"] == 2
    assert (gateway.spool / "to_gateway" / "done" / "core-bc-1.json").exists()
    [msgid] = set(BroadcastItem.objects.values_list("msgid", flat=True))
    task = gateway.fake.templates[msgid]
    assert task["chat_ids"] == ["wrchat0", "wrchat1"] and task["sender"] == "stationacct"
    assert _statuses(gateway) == [("core-bc-1", "wrchat0", "submitted"), ("core-bc-1", "wrchat1", "submitted")]

    assert services.outbox_poll() == {"confirmed": 0, "sent": 0, "failed": 0, "queued_cap": 0}  # not confirmed yet
    gateway.fake.confirm(msgid)  # the station account confirms the 群发 in its client
    assert services.outbox_poll()["sent"] == 2
    assert ("core-bc-1", "wrchat0", "sent") in _statuses(gateway)
    sent = next(e for e in gateway.envelopes("broadcast_status") if e["payload"]["status"] == "sent")
    assert sent["payload"]["msgid"] == msgid


def test_over_the_monthly_cap_the_item_stays_queued_and_goes_next_month(gateway, settings):
    from wecom import services
    from wecom.models import BroadcastItem

    settings.WECOM_MONTHLY_CAP = 1
    _groups(gateway)
    _broadcast(gateway, "core-bc-1", ["wrchat0"])
    services.outbox_run()
    _broadcast(gateway, "core-bc-2", ["wrchat0", "wrchat1"])
    result = services.outbox_run()
    assert result["submit"] == {"submitted": 1, "queued_cap": 1, "failed": 0, "deferred": 0}
    queued = BroadcastItem.objects.get(outbound_id="core-bc-2", chat_id="wrchat0")
    assert queued.status == "queued_cap" and queued.msgid == "" and "解读" in queued.detail
    assert ("core-bc-2", "wrchat0", "queued_cap") in _statuses(gateway)
    # Another run keeps it queued and does not report it again.
    services.outbox_run()
    assert _statuses(gateway).count(("core-bc-2", "wrchat0", "queued_cap")) == 1
    assert BroadcastItem.objects.filter(status="queued_cap").count() == 1

    first_of_next_month = (timezone.localtime().replace(day=1) + timedelta(days=32)).replace(day=1, hour=9)
    with time_machine.travel(first_of_next_month, tick=False):
        result = services.outbox_run()
    assert result["submit"]["submitted"] == 1
    queued.refresh_from_db()
    assert queued.status == "submitted" and queued.msgid
    assert ("core-bc-2", "wrchat0", "submitted") in _statuses(gateway)


def test_wecom_saying_the_group_had_its_share_requeues(gateway):
    from wecom import services
    from wecom.models import BroadcastItem

    _groups(gateway, 1)
    gateway.fake.monthly_cap = 0  # WeCom's own cap is already used up (another tool sent this month)
    _broadcast(gateway, "core-bc-1", ["wrchat0"])
    services.outbox_run()
    gateway.fake.confirm(BroadcastItem.objects.get().msgid)
    assert services.outbox_poll()["queued_cap"] == 1
    assert BroadcastItem.objects.get().status == "queued_cap"


def test_intake_is_idempotent_and_sets_bad_files_aside(gateway):
    from wecom import services
    from wecom.models import BroadcastItem

    _groups(gateway, 1)
    _broadcast(gateway, "core-bc-1", ["wrchat0"])
    assert services.outbox_intake() == {"applied": 1, "skipped": 0, "bad": 0}
    _broadcast(gateway, "core-bc-1", ["wrchat0"])  # the ferry delivered it twice
    folder = gateway.spool / "to_gateway"
    (folder / "garbage.json").write_text("{not json")
    (folder / "other.json").write_text(json.dumps({"id": "x", "kind": "group_snapshot", "payload": {}}))
    (folder / "empty.json").write_text(json.dumps({"id": "y", "kind": "broadcast", "payload": {"chat_ids": []}}))
    assert services.outbox_intake() == {"applied": 0, "skipped": 1, "bad": 3}
    assert sorted(p.name for p in (folder / "bad").iterdir()) == ["empty.json", "garbage.json", "other.json"]
    assert BroadcastItem.objects.count() == 1


def test_a_refused_template_fails_and_a_rate_limit_defers(gateway):
    from wecom import services
    from wecom.models import BroadcastItem

    _groups(gateway, 1)
    gateway.fake.add_group("wrpersonal", "居民自建群", "x", visible=False)
    _broadcast(gateway, "core-bc-1", ["wrpersonal"])
    services.outbox_run()
    assert BroadcastItem.objects.get().status == "failed"
    assert ("core-bc-1", "wrpersonal", "failed") in _statuses(gateway)

    services.client().backoff = ()  # no sleeping in the test: the first 45009 defers the item
    _broadcast(gateway, "core-bc-2", ["wrchat0"])
    gateway.fake.inject("externalcontact/add_msg_template", 45009)
    assert services.outbox_run()["submit"]["deferred"] == 1
    assert BroadcastItem.objects.get(outbound_id="core-bc-2").status == "pending"
    assert services.outbox_run()["submit"]["submitted"] == 1
