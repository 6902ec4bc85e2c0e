"""The WeCom API facade: one access token cached until shortly before it expires, refreshed exactly once when WeCom
says it is invalid or expired (40001/40014/42001) however many threads hit that at the same time, backoff on the
frequency limits (45009/45033), and every other error raised as a typed ``WeComError``.

Only the official HTTPS API (issue 19: protocol bots get enterprise accounts banned). ``base_url`` points at
https://qyapi.weixin.qq.com/cgi-bin in production and at the local fake (wecom/fake.py) in tests and the demo.
"""

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger("wecom.client")

TOKEN_ERRORS = {40001, 40014, 42001}  # invalid credential / invalid access_token / access_token expired
RATE_ERRORS = {45009, 45033}  # api freq out of limit / api concurrent out of limit


class WeComError(Exception):
    def __init__(self, errcode: int, errmsg: str = "", path: str = ""):
        super().__init__(f"{path}: {errcode} {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg
        self.path = path


class TokenError(WeComError):
    """The token was refused again right after a refresh (wrong secret, or the app was disabled)."""


class RateLimited(WeComError):
    """Still over the frequency limit after the backoff."""


class NotVisible(WeComError):
    """90501: not a 客户群, or outside the app's visible range — register the group by hand."""


class IpNotAllowed(WeComError):
    """60020: the gateway's address is not among the app's trusted IPs."""


class TransportError(WeComError):
    """WeCom could not be reached or answered something that is not JSON."""


ERROR_TYPES = {90501: NotVisible, 60020: IpNotAllowed}


def error_for(errcode: int, errmsg: str, path: str) -> WeComError:
    if errcode in TOKEN_ERRORS:
        return TokenError(errcode, errmsg, path)
    if errcode in RATE_ERRORS:
        return RateLimited(errcode, errmsg, path)
    return ERROR_TYPES.get(errcode, WeComError)(errcode, errmsg, path)


class WeComClient:
    def __init__(
        self,
        corp_id: str,
        secret: str,
        base_url: str,
        *,
        timeout: float = 5.0,
        backoff: tuple[float, ...] = (1.0, 2.0, 4.0),
        sleep=time.sleep,
        clock=time.monotonic,
        margin: int = 300,
    ):
        self.corp_id = corp_id
        self.secret = secret
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self.margin = margin  # refresh this many seconds before WeCom's expires_in runs out
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.refreshes = 0

    # -- transport ---------------------------------------------------------------------------------------------
    def _http(self, method: str, path: str, params: dict, body: dict | None) -> dict:
        url = f"{self.base_url}/{path}?{urllib.parse.urlencode(params)}"
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json; charset=utf-8")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode())
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise TransportError(-1, str(exc), path) from exc

    # -- token -------------------------------------------------------------------------------------------------
    def _fetch_token(self) -> None:
        answer = self._http("GET", "gettoken", {"corpid": self.corp_id, "corpsecret": self.secret}, None)
        if answer.get("errcode", 0):
            raise error_for(answer["errcode"], answer.get("errmsg", ""), "gettoken")
        self._token = answer["access_token"]
        self._expires_at = self.clock() + int(answer.get("expires_in", 7200)) - self.margin
        self.refreshes += 1
        log.info("wecom token refreshed (%s in this process)", self.refreshes)

    def token(self) -> str:
        with self._lock:
            if self._token is None or self.clock() >= self._expires_at:
                self._fetch_token()
            return self._token

    def _refresh(self, stale: str) -> None:
        """Refresh unless another thread already replaced ``stale`` — so N parallel callers refresh once."""
        with self._lock:
            if self._token == stale:
                self._fetch_token()

    # -- calls -------------------------------------------------------------------------------------------------
    def call(self, path: str, body: dict | None = None, *, method: str | None = None, params: dict | None = None):
        method = method or ("GET" if body is None else "POST")
        refreshed = False
        attempt = 0
        while True:
            token = self.token()
            answer = self._http(method, path, {**(params or {}), "access_token": token}, body)
            errcode = answer.get("errcode", 0)
            if not errcode:
                return answer
            if errcode in TOKEN_ERRORS and not refreshed:
                refreshed = True
                self._refresh(token)
                continue
            if errcode in RATE_ERRORS and attempt < len(self.backoff):
                log.warning("wecom rate limited: %s %s, attempt %s", path, errcode, attempt + 1)
                self.sleep(self.backoff[attempt])
                attempt += 1
                continue
            raise error_for(errcode, answer.get("errmsg", ""), path)

    # -- the calls the gateway makes -----------------------------------------------------------------------------
    def groupchat_list(self, *, limit: int = 1000):
        """Every 客户群 the app can see, following the cursor pages."""
        cursor = ""
        while True:
            body = {"status_filter": 0, "limit": limit}
            if cursor:
                body["cursor"] = cursor
            answer = self.call("externalcontact/groupchat/list", body)
            yield from answer.get("group_chat_list", [])
            cursor = answer.get("next_cursor", "")
            if not cursor:
                return

    def groupchat_get(self, chat_id: str) -> dict:
        return self.call("externalcontact/groupchat/get", {"chat_id": chat_id, "need_name": 1})["group_chat"]

    def add_msg_template(self, *, sender: str, chat_ids: list[str], text: str) -> dict:
        body = {"chat_type": "group", "sender": sender, "chat_id_list": chat_ids, "text": {"content": text}}
        return self.call("externalcontact/add_msg_template", body)

    def groupmsg_task(self, msgid: str) -> list[dict]:
        return self.call("externalcontact/get_groupmsg_task", {"msgid": msgid, "limit": 1000}).get("task_list", [])

    def groupmsg_send_result(self, msgid: str, userid: str) -> list[dict]:
        rows, cursor = [], ""
        while True:
            body = {"msgid": msgid, "userid": userid, "limit": 1000}
            if cursor:
                body["cursor"] = cursor
            answer = self.call("externalcontact/get_groupmsg_send_result", body)
            rows.extend(answer.get("send_list", []))
            cursor = answer.get("next_cursor", "")
            if not cursor:
                return rows

    def kf_sync_msg(self, *, open_kfid: str, token: str, cursor: str) -> dict:
        body = {"open_kfid": open_kfid, "token": token, "limit": 1000}
        if cursor:
            body["cursor"] = cursor
        return self.call("kf/sync_msg", body)

    def kf_send_text(self, *, open_kfid: str, touser: str, text: str) -> dict:
        body = {"touser": touser, "open_kfid": open_kfid, "msgtype": "text", "text": {"content": text}}
        return self.call("kf/send_msg", body)

    def message_send_text(self, *, agentid: int, touser: str, text: str) -> dict:
        body = {"touser": touser, "msgtype": "text", "agentid": agentid, "text": {"content": text}}
        return self.call("message/send", body)
