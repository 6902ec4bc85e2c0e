"""The nightly reconcile heals a missed callback and flags the groups the API cannot see."""

import json
from urllib.parse import urlencode

from wecom.fake import CallbackDriver

from .conftest import AES_KEY, CORP_ID, TOKEN


def test_reconcile_after_a_missed_add_member(gateway, settings):
    from wecom import services

    fake = gateway.fake
    for n in range(3):
        fake.add_group(f"wrchat{n}", f"江枫社区{n}号楼群", "stationacct", [{"userid": "stationacct", "type": 1}])
    fake.add_group("wrpersonal", "居民自建群", "wxresident", visible=False)
    # A member joins, but WeCom's callback never reaches the gateway.
    fake.add_member("wrchat1", "wmnewcomer", type=2, name="王五", group_nickname="3栋王五", join_scene=3)
    settings.WECOM_RECONCILE_CHAT_IDS = ["wrpersonal"]  # registered by hand in the core

    summary = services.reconcile()

    assert summary == {"snapshots": 3, "not_visible": 1, "errors": 0}
    snapshots = {e["payload"]["chat_id"]: e["payload"] for e in gateway.envelopes("group_snapshot")}
    assert set(snapshots) == {"wrchat0", "wrchat1", "wrchat2"}
    healed = snapshots["wrchat1"]
    assert healed["cause"] == "reconcile"
    assert [m["userid"] for m in healed["members"]] == ["stationacct", "wmnewcomer"]
    newcomer = healed["members"][1]
    assert (newcomer["type"], newcomer["name"], newcomer["group_nickname"], newcomer["join_scene"]) == (
        2,
        "王五",
        "3栋王五",
        3,
    )
    [hidden] = gateway.envelopes("group_not_visible")
    assert hidden["payload"]["chat_id"] == "wrpersonal" and hidden["payload"]["errcode"] == 90501


def test_reconcile_asks_about_chats_it_heard_of_and_reports_each_run(gateway):
    from wecom import services
    from wecom.models import KnownChat

    gateway.fake.add_group("wrchat0", "群0", "stationacct")
    gateway.fake.add_group("wrgone", "已移出可见范围", "stationacct", visible=False)
    KnownChat.objects.create(chat_id="wrgone")  # seen in an earlier callback
    assert services.reconcile() == {"snapshots": 1, "not_visible": 1, "errors": 0}
    assert KnownChat.objects.get(chat_id="wrgone").visible is False
    assert KnownChat.objects.get(chat_id="wrchat0").visible is True
    # A later run is a new observation: new envelope ids (the core applies each; the content is the same).
    services.reconcile()
    assert len(gateway.envelopes("group_snapshot")) == 2


def test_reconcile_counts_errors_and_goes_on(gateway):
    from wecom import services

    for n in range(2):
        gateway.fake.add_group(f"wrchat{n}", f"群{n}", "stationacct")
    gateway.fake.inject("externalcontact/groupchat/get", 81017)
    assert services.reconcile() == {"snapshots": 1, "not_visible": 0, "errors": 1}


def test_envelope_names_sort_in_the_order_the_states_were_observed(gateway, client):
    """The core reads to_core in name order: a callback's snapshot taken after a reconcile must sort after it."""
    from wecom import services

    fake = gateway.fake
    fake.add_group("wrzzz", "群", "stationacct", [{"userid": "stationacct", "type": 1}])
    services.reconcile()
    fake.add_member("wrzzz", "wmlater", type=2)
    driver = CallbackDriver("unused", token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID)
    fields = {"ToUserName": CORP_ID, "MsgType": "event", "Event": "change_external_chat", "ChatId": "wrzzz"}
    params, body = driver.envelope(fields | {"ChangeType": "update", "UpdateDetail": "add_member", "CreateTime": 1})
    client.generic("POST", f"/wecom/callback?{urlencode(params)}", body, content_type="text/xml")
    services.events_process_pending()
    names = sorted(p.name for p in (gateway.spool / "to_core").glob("*.json"))
    last = json.loads((gateway.spool / "to_core" / names[-1]).read_text())
    assert last["payload"]["cause"] == "update:add_member"
    assert [m["userid"] for m in last["payload"]["members"]] == ["stationacct", "wmlater"]
