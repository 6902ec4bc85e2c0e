"""The client facade against the fake WeCom: the token cached, exactly one refresh under parallel expiry, backoff on
the frequency limits, typed errors, cursor pages."""

import threading

import pytest

from wecom.client import IpNotAllowed, NotVisible, RateLimited, TokenError, WeComClient, WeComError

from .conftest import CORP_ID, SECRET


@pytest.fixture
def groups(fake):
    for n in range(5):
        fake.add_group(f"wrchat{n}", f"群{n}", "station01", [{"userid": "u1", "type": 1, "name": "民警"}])
    fake.add_group("wrpersonal", "个人微信群", "station01", visible=False)
    return fake


def _client(fake, **kwargs):
    return WeComClient(CORP_ID, SECRET, fake.base_url, **kwargs)


def test_token_is_cached(groups):
    client = _client(groups)
    client.groupchat_get("wrchat0")
    client.groupchat_get("wrchat1")
    assert groups.gettoken_calls == 1


def test_parallel_calls_on_an_expired_token_refresh_exactly_once(groups):
    client = _client(groups)
    client.groupchat_get("wrchat0")
    assert groups.gettoken_calls == 1
    groups.expire_tokens()  # every caller's next call answers 42001
    start = threading.Barrier(8)
    results, errors = [], []

    def call(n):
        start.wait()
        try:
            results.append(client.groupchat_get(f"wrchat{n % 5}")["chat_id"])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors
    assert len(results) == 8
    assert groups.gettoken_calls == 2  # one refresh for all eight
    assert sum(1 for path, _ in groups.calls if path == "gettoken") == 2


@pytest.mark.parametrize("errcode", [40001, 40014, 42001])
def test_one_refresh_then_the_call_succeeds(groups, errcode):
    client = _client(groups)
    client.token()
    groups.inject("externalcontact/groupchat/get", errcode)
    assert client.groupchat_get("wrchat2")["name"] == "群2"
    assert groups.gettoken_calls == 2


def test_a_token_refused_twice_raises(groups):
    client = _client(groups)
    groups.inject("externalcontact/groupchat/get", 40014, times=2)
    with pytest.raises(TokenError) as err:
        client.groupchat_get("wrchat2")
    assert err.value.errcode == 40014
    assert groups.gettoken_calls == 2  # one refresh, not a loop


def test_backoff_on_frequency_limits(groups):
    slept = []
    client = _client(groups, sleep=slept.append, backoff=(1.0, 2.0, 4.0))
    groups.inject("externalcontact/groupchat/get", 45009)
    groups.inject("externalcontact/groupchat/get", 45033)
    assert client.groupchat_get("wrchat3")["chat_id"] == "wrchat3"
    assert slept == [1.0, 2.0]
    groups.inject("externalcontact/groupchat/get", 45009, times=4)
    with pytest.raises(RateLimited) as err:
        client.groupchat_get("wrchat3")
    assert err.value.errcode == 45009
    assert slept == [1.0, 2.0, 1.0, 2.0, 4.0]


def test_typed_errors(groups):
    client = _client(groups)
    with pytest.raises(NotVisible) as err:
        client.groupchat_get("wrpersonal")
    assert err.value.errcode == 90501
    groups.inject("*", 60020)
    with pytest.raises(IpNotAllowed):
        client.groupchat_get("wrchat0")
    groups.inject("kf/sync_msg", 81017)
    with pytest.raises(WeComError) as err:
        client.kf_sync_msg(open_kfid="wk1", token="t", cursor="")
    assert err.value.errcode == 81017 and type(err.value) is WeComError
    bad = WeComClient(CORP_ID, "wrong-secret", groups.base_url)
    with pytest.raises(TokenError):
        bad.token()


def test_list_follows_cursor_pages(groups):
    client = _client(groups)
    assert [row["chat_id"] for row in client.groupchat_list()] == [f"wrchat{n}" for n in range(5)]
    assert sum(1 for path, _ in groups.calls if path == "externalcontact/groupchat/list") == 3  # pages of two


def test_unreachable_wecom_is_a_transport_error():
    client = WeComClient(CORP_ID, SECRET, "http://127.0.0.1:9/cgi-bin", timeout=1)
    with pytest.raises(WeComError) as err:
        client.token()
    assert err.value.errcode == -1


def test_sends(groups):
    client = _client(groups)
    assert client.message_send_text(agentid=1000002, touser="u1", text="值班提醒")["errcode"] == 0
    assert client.kf_send_text(open_kfid="wk1", touser="wmresident", text="已收到，民警马上联系您")["msgid"]
    assert groups.messages_sent[0]["text"]["content"] == "值班提醒"
    assert groups.kf_sent[0]["touser"] == "wmresident"
