"""fake WeCom → gateway → spool → the core's register, both apps in one test (the only place they meet: the core's
inbox reads the files the gateway wrote; neither imports the other's code outside this test). A reconcile registers
a group whose owner is one of our officers; a resident joins on the fake, the callback reaches the gateway, the
worker writes a snapshot, and the core's inbox adds the member; a member leaving is marked left."""

from urllib.parse import urlencode

from wecom.fake import CallbackDriver

from .conftest import AES_KEY, CORP_ID, TOKEN


def _callback(client, fields: dict) -> None:
    driver = CallbackDriver("unused", token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID)
    params, body = driver.envelope(fields)
    response = client.generic("POST", f"/wecom/callback?{urlencode(params)}", body, content_type="text/xml")
    assert response.content == b"success"


def _change(chat_id: str, detail: str, userids: list[str], at: int) -> dict:
    return {
        "ToUserName": CORP_ID,
        "FromUserName": "sys",
        "CreateTime": at,
        "MsgType": "event",
        "Event": "change_external_chat",
        "ChatId": chat_id,
        "ChangeType": "update",
        "UpdateDetail": detail,
        "MemChangeCnt": len(userids),
        "MemChangeList": userids,
    }


def test_fake_to_gateway_to_spool_to_core_register(gateway, client):
    from online_groups import inbox
    from online_groups.models import MemberRole, OnlineGroup
    from online_groups.services import staff_account_set
    from org.models import Staff, StaffKind
    from wecom import services

    officer = (
        Staff.objects.filter(kind=StaffKind.COMMUNITY_OFFICER, is_active=True, org_unit__kind="beat")
        .select_related("org_unit")
        .order_by("pk")
        .first()
    )
    staff_account_set(acting_user=None, staff=officer, wecom_userid="wx-e2e-officer")
    fake = gateway.fake
    fake.add_group(
        "wr-e2e-1",
        "端到端测试群",
        "wx-e2e-officer",
        [
            {"userid": "wx-e2e-officer", "type": 1, "name": officer.name,
             "group_nickname": f"{officer.org_unit.name}-{officer.name}-{officer.phone}"},
            {"userid": "wm-e2e-resident-1", "type": 2, "name": "", "group_nickname": "3栋居民"},
        ],
    )  # fmt: skip

    assert services.reconcile() == {"snapshots": 1, "not_visible": 0, "errors": 0}
    counts = inbox.run_once(spool_dir=gateway.spool)
    assert (counts.applied, counts.bad, counts.unrouted) == (1, 0, 0)
    group = OnlineGroup.objects.get(chat_id="wr-e2e-1")
    assert group.org_unit == officer.org_unit and group.name == "端到端测试群"
    ours = group.members.get(userid="wx-e2e-officer")
    assert ours.staff == officer and ours.role == MemberRole.COMMUNITY_OFFICER

    # A resident joins on WeCom; the callback reaches the gateway, the worker writes a snapshot, the core applies it.
    fake.add_member("wr-e2e-1", "wm-e2e-resident-2", type=2, name="", group_nickname="5栋居民", join_scene=3)
    _callback(client, _change("wr-e2e-1", "add_member", ["wm-e2e-resident-2"], 1))
    assert services.events_process_pending() == 1
    counts = inbox.run_once(spool_dir=gateway.spool)
    assert (counts.applied, counts.bad) == (1, 0)
    active = set(group.members.filter(left_at=None).values_list("userid", flat=True))
    assert active == {"wx-e2e-officer", "wm-e2e-resident-1", "wm-e2e-resident-2"}
    newcomer = group.members.get(userid="wm-e2e-resident-2")
    assert newcomer.role == MemberRole.RESIDENT and newcomer.nickname == "5栋居民"

    # The same callback redelivered: answered, stored once, nothing new for the core.
    _callback(client, _change("wr-e2e-1", "add_member", ["wm-e2e-resident-2"], 1))
    assert services.events_process_pending() == 0
    assert inbox.run_once(spool_dir=gateway.spool).applied == 0

    # A resident leaves: marked left, not deleted.
    fake.remove_member("wr-e2e-1", "wm-e2e-resident-1")
    _callback(client, _change("wr-e2e-1", "del_member", ["wm-e2e-resident-1"], 2))
    services.events_process_pending()
    assert inbox.run_once(spool_dir=gateway.spool).applied == 1
    assert group.members.get(userid="wm-e2e-resident-1").left_at is not None
    assert list((gateway.spool / "to_core" / "done").glob("*.json"))  # the core moved what it applied
