"""The nightly reconcile heals a missed callback and flags the groups the API cannot see."""


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
