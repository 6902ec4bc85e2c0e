"""The callback endpoint (Django's test client on the gateway's own urlconf and middleware): URL verification, every
refusal a 4xx and never a 500, duplicates stored and processed once, unknown events kept raw, and the worker's
processing of each event kind into envelopes."""

import re
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings

from wecom.fake import CallbackDriver

from .conftest import AES_KEY, CORP_ID, TOKEN

URL = "/wecom/callback"


@pytest.fixture
def driver():
    return CallbackDriver("unused", token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID)


def _post(client, params: dict, body: bytes):
    return client.generic("POST", f"{URL}?{urlencode(params)}", body, content_type="text/xml")


def _event(chat_id="wrchat1", change="update", detail="add_member", **extra):
    fields = {
        "ToUserName": CORP_ID,
        "FromUserName": "sys",
        "CreateTime": int(time.time()),
        "MsgType": "event",
        "Event": "change_external_chat",
        "ChatId": chat_id,
        "ChangeType": change,
    }
    if detail:
        fields["UpdateDetail"] = detail
    return fields | extra


@pytest.fixture
def group(gateway):
    gateway.fake.add_group(
        "wrchat1",
        "江枫社区1号楼群",
        "stationacct",
        [
            {"userid": "stationacct", "type": 1, "name": "枫桥派出所", "group_nickname": "枫桥派出所-云格岗"},
            {"userid": "wmresident1", "type": 2, "name": "张三", "group_nickname": ""},
        ],
    )
    return gateway


def test_url_verification(gateway, client, driver):
    encrypted = driver.crypt.encrypt("4523815937120497520")
    response = client.get(URL, {**driver.signed_params(encrypted), "echostr": encrypted})
    assert response.status_code == 200
    assert response.content.decode() == "4523815937120497520"
    # An echostr whose "+" reached us unencoded (read as a space) still verifies.
    encrypted = next(e for e in (driver.crypt.encrypt("echo") for _ in range(200)) if "+" in e)
    params = urlencode(driver.signed_params(encrypted))
    response = client.get(f"{URL}?{params}&echostr={encrypted}")
    assert response.status_code == 200 and response.content == b"echo"


def test_the_core_does_not_know_the_gateway():
    assert "wecom" not in settings.INSTALLED_APPS
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(URL, urlconf="fengqiao.urls")


def _bad_cases(driver):
    good_params, good_body = driver.envelope(_event())
    stale_params, stale_body = driver.envelope(_event(), timestamp=str(int(time.time()) - 301))
    other = CallbackDriver("unused", token=TOKEN, aes_key=AES_KEY, corp_id="wwanothercorp")
    wrong_corp_params, wrong_corp_body = other.envelope(_event())
    garbage = "@@@ not base64 @@@"
    not_blocks = "YWJj"  # base64 of "abc": not whole AES blocks
    # Ciphertext that decrypts (our key, our corp) to something that is not XML.
    not_xml = driver.crypt.encrypt("definitely not xml")
    entity = driver.crypt.encrypt('<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><A>&a;</A></xml>')

    def wrap(encrypted, **sign):
        body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
        return driver.signed_params(encrypted, **sign), body

    return {
        "bad signature": (403, {**good_params, "msg_signature": "0" * 40}, good_body),
        "signature of another token": (403, {**good_params, "nonce": good_params["nonce"] + "x"}, good_body),
        "wrong corp id": (403, wrong_corp_params, wrong_corp_body),
        "stale timestamp": (403, stale_params, stale_body),
        "timestamp not a number": (400, {**good_params, "timestamp": "yesterday"}, good_body),
        "missing signature": (400, {k: v for k, v in good_params.items() if k != "msg_signature"}, good_body),
        "garbage base64": (400, *wrap(garbage)),
        "not whole blocks": (400, *wrap(not_blocks)),
        "plaintext not xml": (400, *wrap(not_xml)),
        "entity in plaintext": (400, *wrap(entity)),
        "outer body not xml": (400, good_params, b"\x00\x01 not xml"),
        "outer doctype": (
            400,
            good_params,
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>',
        ),
        "no Encrypt": (400, good_params, b"<xml><ToUserName>x</ToUserName></xml>"),
        "empty body": (400, good_params, b""),
        "oversized body": (413, good_params, b"<xml><Encrypt>" + b"A" * (70 * 1024) + b"</Encrypt></xml>"),
    }


def test_every_bad_callback_is_refused_with_a_4xx_and_nothing_stored(group, client, driver):
    from wecom.models import RawEvent

    client.raise_request_exception = False
    for name, (status, params, body) in _bad_cases(driver).items():
        response = _post(client, params, body)
        assert response.status_code == status, (name, response.status_code, response.content[:200])
    # GET verification refusals too.
    encrypted = driver.crypt.encrypt("echo")
    params = driver.signed_params(encrypted)
    assert client.get(URL, {**params, "echostr": encrypted + "x"}).status_code == 403  # signature no longer fits
    assert client.get(URL, params).status_code == 400  # no echostr
    stale = driver.signed_params(encrypted, timestamp=str(int(time.time()) + 3600))
    assert client.get(URL, {**stale, "echostr": encrypted}).status_code == 403
    assert client.put(URL).status_code == 405
    assert RawEvent.objects.count() == 0


def test_an_unconfigured_gateway_answers_503_not_500(group, client, driver, settings):
    settings.WECOM_AES_KEY = ""
    params, body = driver.envelope(_event())
    assert _post(client, params, body).status_code == 503


def test_add_member_callback_is_answered_at_once_and_processed_by_the_worker(group, client, driver):
    from wecom import services
    from wecom.models import RawEvent

    group.fake.add_member("wrchat1", "wmresident2", type=2, name="李四", join_scene=3)
    params, body = driver.envelope(_event(MemChangeCnt=1, MemChangeList=["wmresident2"], JoinScene=3))
    response = _post(client, params, body)
    assert response.status_code == 200 and response.content == b"success"
    assert group.envelopes() == []  # nothing done before the answer: the worker does it
    event = RawEvent.objects.get()
    assert event.status == "pending" and event.chat_id == "wrchat1" and event.fields["MemChangeList"] == ["wmresident2"]

    assert services.events_process_pending() == 1
    [snapshot] = group.envelopes("group_snapshot")
    assert snapshot["corp_id"] == CORP_ID and re.fullmatch(
        r"gw-\d{8}T\d{12}-group_snapshot-[0-9a-f]{24}", snapshot["id"]
    )
    payload = snapshot["payload"]
    assert payload["cause"] == "update:add_member" and payload["chat_id"] == "wrchat1"
    assert payload["name"] == "江枫社区1号楼群" and payload["owner"] == "stationacct"
    newcomer = next(m for m in payload["members"] if m["userid"] == "wmresident2")
    assert newcomer == {
        "userid": "wmresident2",
        "type": 2,
        "name": "李四",
        "group_nickname": "",
        "join_time": newcomer["join_time"],
        "join_scene": 3,
    }
    assert abs(newcomer["join_time"] - time.time()) < 60
    event.refresh_from_db()
    assert event.status == "done" and event.attempts == 1


def test_a_redelivered_callback_is_stored_once_and_processed_once(group, client, driver):
    from wecom import services
    from wecom.models import RawEvent

    fields = _event()
    for _ in range(3):  # WeCom's retries: the same fields, a new random prefix, nonce and signature
        params, body = driver.envelope(fields)
        assert _post(client, params, body).content == b"success"
    event = RawEvent.objects.get()
    assert event.deliveries == 3
    services.events_process_pending()
    services.events_process_pending()
    assert len(group.envelopes("group_snapshot")) == 1
    # Even a re-processing (a crash between the envelope and the row) writes the same envelope id again.
    RawEvent.objects.update(status="pending")
    services.events_process_pending()
    assert len(group.envelopes("group_snapshot")) == 1


def test_unknown_events_are_stored_raw(group, client, driver):
    from wecom import services
    from wecom.models import RawEvent

    fields = {"ToUserName": CORP_ID, "CreateTime": int(time.time()), "MsgType": "event", "Event": "change_contact"}
    params, body = driver.envelope(fields | {"ChangeType": "create_user", "UserID": "zhangsan"})
    assert _post(client, params, body).content == b"success"
    services.events_process_pending()
    event = RawEvent.objects.get()
    assert event.status == "ignored" and event.fields["UserID"] == "zhangsan" and "create_user" in event.plaintext
    assert group.envelopes() == []


def test_dismiss_and_a_group_the_api_cannot_see(group, client, driver):
    from wecom import services

    group.fake.add_group("wrpersonal", "个人微信群", "someone", visible=False)
    for fields in (_event("wrchat1", "dismiss", ""), _event("wrpersonal", "update", "change_name")):
        params, body = driver.envelope(fields)
        assert _post(client, params, body).content == b"success"
    services.events_process_pending()
    [dismissed] = group.envelopes("group_dismissed")
    assert dismissed["payload"]["chat_id"] == "wrchat1" and dismissed["payload"]["dismissed_at"] > 0
    [hidden] = group.envelopes("group_not_visible")
    assert hidden["payload"] == {"chat_id": "wrpersonal", "errcode": 90501, "errmsg": "chat is not external group chat"}


def test_a_failed_get_is_retried_later_not_lost(group, client, driver):
    from wecom import services
    from wecom.models import RawEvent

    group.fake.inject("externalcontact/groupchat/get", 60020)
    params, body = driver.envelope(_event())
    _post(client, params, body)
    assert services.events_process_pending() == 0
    event = RawEvent.objects.get()
    assert event.status == "pending" and "60020" in event.last_error and event.not_before > event.received_at
    RawEvent.objects.update(not_before=event.received_at)
    assert services.events_process_pending() == 1
    assert len(group.envelopes("group_snapshot")) == 1


def test_kf_messages_follow_the_cursor(group, client, driver):
    from wecom import services
    from wecom.models import KfCursor

    for text in ("楼道里堆了很多纸箱，有火灾隐患", "电动车在楼道充电", "谢谢"):
        group.fake.add_kf_message("wkKF001", "wmresident1", text)
    fields = {
        "ToUserName": CORP_ID,
        "CreateTime": int(time.time()),
        "MsgType": "event",
        "Event": "kf_msg_or_event",
        "Token": "ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR",
        "OpenKfId": "wkKF001",
    }
    params, body = driver.envelope(fields)
    assert _post(client, params, body).content == b"success"
    services.events_process_pending()
    messages = group.envelopes("kf_message")
    assert sorted(m["payload"]["text"] for m in messages) == sorted(
        ["楼道里堆了很多纸箱，有火灾隐患", "电动车在楼道充电", "谢谢"]
    )
    first = next(m["payload"] for m in messages if m["payload"]["text"] == "谢谢")
    assert first["open_kfid"] == "wkKF001" and first["external_userid"] == "wmresident1"
    assert first["msgtype"] == "text" and first["chat_id"] == "" and first["send_time"] > 0
    assert KfCursor.objects.get().cursor == "3"
    # A later event reads on from the cursor: only the new message.
    group.fake.add_kf_message("wkKF001", "wmresident1", "还有一件事")
    params, body = driver.envelope(fields | {"Token": "second"})
    _post(client, params, body)
    services.events_process_pending()
    assert len(group.envelopes("kf_message")) == 4
