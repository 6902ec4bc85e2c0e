"""A fake WeCom for the tests and the demo: a small stdlib HTTP server in a thread, with in-memory state, answering
the calls the gateway makes the way the official API documents them — gettoken, externalcontact/groupchat/list
(cursor pages) and groupchat/get (members with type, join_time, group_nickname, name), add_msg_template,
get_groupmsg_task and get_groupmsg_send_result, message/send, kf/sync_msg and kf/send_msg — with error injection
(40014, 42001, 45009, 45033, 60020, 81017, 90501, …) and the per-group monthly cap on 群发.

``CallbackDriver`` plays WeCom's side of the callback: it encrypts and signs an event, POSTs it to the gateway's
endpoint and asserts the answer ("success") came within 5 s. ``FakeWeCom.add_member(..., fire=True)`` changes the
group and fires the matching change_external_chat callback through the attached driver.

Nothing here is used by the gateway in production; it needs no Django.
"""

import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import xmlmsg
from .crypto import MsgCrypt, signature

REPLY_WITHIN = 5.0  # seconds: WeCom retries a callback not answered in time


class FakeWeCom:
    def __init__(
        self,
        corp_id: str = "ww0000fakecorp00",
        secret: str = "fake-secret",
        *,
        monthly_cap: int = 4,
        page_size: int = 2,
        token_ttl: int = 7200,
        clock=time.time,
    ):
        self.corp_id = corp_id
        self.secret = secret
        self.monthly_cap = monthly_cap
        self.page_size = page_size
        self.token_ttl = token_ttl
        self.clock = clock
        self.lock = threading.RLock()
        self.groups: dict[str, dict] = {}
        self.invisible: set[str] = set()  # chat ids answering 90501 (not a 客户群)
        self.tokens: dict[str, float] = {}
        self.expired: set[str] = set()
        self.gettoken_calls = 0
        self.calls: list[tuple[str, dict]] = []
        self.injections: dict[str, deque] = defaultdict(deque)
        self.templates: dict[str, dict] = {}
        self.received_per_month: Counter = Counter()
        self.kf_messages: dict[str, list[dict]] = defaultdict(list)
        self.kf_sent: list[dict] = []
        self.messages_sent: list[dict] = []
        self.callback: CallbackDriver | None = None
        self._server: ThreadingHTTPServer | None = None
        self._seq = 0

    # -- life ------------------------------------------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, payload: dict, status: int = 200):
                body = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self, body: dict):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                path = url.path.removeprefix("/cgi-bin/").strip("/")
                self._answer(fake.handle(path, query, body))

            def do_GET(self):
                self._handle({})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    return self._answer({"errcode": 47001, "errmsg": "data format error"})
                if self.path.startswith("/fake/"):  # the demo's controls, not WeCom's API
                    return self._answer(fake.control(self.path.removeprefix("/fake/").strip("/"), body))
                self._handle(body)

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-wecom", daemon=True).start()
        return self.base_url

    @property
    def control_url(self) -> str:
        """Where ``python -m wecom demo --add-member`` reaches a running demo's fake (``control``)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/fake"

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/cgi-bin"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- controls --------------------------------------------------------------------------------------------------
    def add_group(self, chat_id: str, name: str, owner: str, members=(), *, notice: str = "", visible: bool = True):
        with self.lock:
            self.groups[chat_id] = {
                "chat_id": chat_id,
                "name": name,
                "owner": owner,
                "create_time": int(self.clock()) - 86400 * 30,
                "notice": notice,
                "member_list": [],
                "admin_list": [],
            }
            if not visible:
                self.invisible.add(chat_id)
        for member in members:
            self.add_member(chat_id, **member)

    def add_member(
        self,
        chat_id: str,
        userid: str,
        *,
        type: int = 2,
        name: str = "",
        group_nickname: str = "",
        join_time: int | None = None,
        join_scene: int = 1,
        unionid: str = "",
        fire: bool = False,
    ):
        member = {
            "userid": userid,
            "type": type,
            "join_time": int(join_time if join_time is not None else self.clock()),
            "join_scene": join_scene,
            "invitor": {"userid": self.groups[chat_id]["owner"]},
            "group_nickname": group_nickname,
            "name": name,
        }
        if unionid:
            member["unionid"] = unionid
        with self.lock:
            members = self.groups[chat_id]["member_list"]
            members[:] = [m for m in members if m["userid"] != userid] + [member]
        if fire:
            return self.fire_change(chat_id, "update", "add_member", [userid], join_scene=join_scene)
        return member

    def remove_member(self, chat_id: str, userid: str, *, fire: bool = False):
        with self.lock:
            members = self.groups[chat_id]["member_list"]
            members[:] = [m for m in members if m["userid"] != userid]
        if fire:
            return self.fire_change(chat_id, "update", "del_member", [userid])

    def fire_change(self, chat_id: str, change_type: str, detail: str = "", userids=(), *, join_scene: int = 0):
        """Fire change_external_chat through the attached CallbackDriver (asserts the 5 s answer)."""
        fields = {
            "ToUserName": self.corp_id,
            "FromUserName": "sys",
            "CreateTime": int(self.clock()),
            "MsgType": "event",
            "Event": "change_external_chat",
            "ChatId": chat_id,
            "ChangeType": change_type,
        }
        if detail:
            fields["UpdateDetail"] = detail
        if detail in {"add_member", "del_member"}:
            fields |= {"JoinScene" if detail == "add_member" else "QuitScene": join_scene}
            fields |= {"MemChangeCnt": len(userids), "MemChangeList": list(userids)}
        return self.callback.post_event(fields)

    def inject(self, path: str, errcode: int, times: int = 1) -> None:
        """The next ``times`` calls of ``path`` ("*" for any call but gettoken) answer ``errcode``."""
        with self.lock:
            self.injections[path].extend([errcode] * times)

    def expire_tokens(self) -> None:
        with self.lock:
            self.expired |= set(self.tokens)

    def confirm(self, msgid: str) -> None:
        """The sender confirms the 群发 task in the client: each group receives it unless over the monthly cap
        (then status 3, as WeCom reports a group that already received its share)."""
        with self.lock:
            task = self.templates[msgid]
            task["confirmed"] = True
            month = time.strftime("%Y%m", time.localtime(self.clock()))
            for chat_id in task["chat_ids"]:
                if self.received_per_month[(chat_id, month)] >= self.monthly_cap:
                    task["results"][chat_id] = 3
                else:
                    self.received_per_month[(chat_id, month)] += 1
                    task["results"][chat_id] = 1

    def add_kf_message(self, open_kfid: str, external_userid: str, text: str, *, fire: bool = False) -> dict:
        with self.lock:
            self._seq += 1
            msg = {
                "msgid": f"kfmsg{self._seq:06d}",
                "open_kfid": open_kfid,
                "external_userid": external_userid,
                "send_time": int(self.clock()),
                "origin": 3,
                "msgtype": "text",
                "text": {"content": text},
            }
            self.kf_messages[open_kfid].append(msg)
        if fire:
            fields = {
                "ToUserName": self.corp_id,
                "CreateTime": int(self.clock()),
                "MsgType": "event",
                "Event": "kf_msg_or_event",
                "Token": f"kftoken{self._seq}",
                "OpenKfId": open_kfid,
            }
            self.callback.post_event(fields)
        return msg

    def control(self, action: str, body: dict) -> dict:
        """The demo's controls over HTTP (POST /fake/add_member, /fake/remove_member): change a group as a person
        would in WeCom and fire the callback when a driver is attached."""
        chat_id, userid = str(body.get("chat_id") or ""), str(body.get("userid") or "")
        if chat_id not in self.groups or chat_id in self.invisible:
            return {"errcode": 40050, "errmsg": f"no 客户群 {chat_id!r} on the fake"}
        if not userid or action not in {"add_member", "remove_member"}:
            return {"errcode": 40058, "errmsg": "userid and an action (add_member, remove_member) required"}
        fire = self.callback is not None
        try:
            if action == "add_member":
                answered = self.add_member(chat_id, userid, type=int(body.get("type") or 2),
                                           name=str(body.get("name") or ""),
                                           group_nickname=str(body.get("group_nickname") or ""),
                                           join_scene=int(body.get("join_scene") or 1), fire=fire)  # fmt: skip
            else:
                answered = self.remove_member(chat_id, userid, fire=fire)
        except (AssertionError, OSError) as error:  # the gateway refused or did not answer the callback
            return {"errcode": 50001, "errmsg": f"callback failed: {error}"}
        return {"errcode": 0, "errmsg": "ok", "callback_seconds": answered if fire else None}

    # -- the API ---------------------------------------------------------------------------------------------------
    def handle(self, path: str, query: dict, body: dict) -> dict:
        with self.lock:
            self.calls.append((path, body))
            if path == "gettoken":
                return self._gettoken(query)
            queue = self.injections.get(path) or self.injections.get("*")
            if queue:
                code = queue.popleft()
                return {"errcode": code, "errmsg": f"injected {code}"}
            token = query.get("access_token", "")
            if token not in self.tokens:
                return {"errcode": 40014, "errmsg": "invalid access_token"}
            if token in self.expired or self.tokens[token] < self.clock():
                return {"errcode": 42001, "errmsg": "access_token expired"}
            method = getattr(self, "_api_" + path.replace("/", "_"), None)
            if method is None:
                return {"errcode": 404, "errmsg": f"fake has no {path}"}
            return method(body)

    def _gettoken(self, query):
        if query.get("corpid") != self.corp_id:
            return {"errcode": 40013, "errmsg": "invalid corpid"}
        if query.get("corpsecret") != self.secret:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        self.gettoken_calls += 1
        token = secrets.token_hex(16)
        self.tokens[token] = self.clock() + self.token_ttl
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.token_ttl}

    def _api_externalcontact_groupchat_list(self, body):
        visible = [c for c in self.groups if c not in self.invisible]
        start = int(body.get("cursor") or 0)
        limit = min(int(body.get("limit") or 1000), self.page_size)
        page = visible[start : start + limit]
        answer = {"errcode": 0, "errmsg": "ok", "group_chat_list": [{"chat_id": c, "status": 0} for c in page]}
        if start + limit < len(visible):
            answer["next_cursor"] = str(start + limit)
        return answer

    def _api_externalcontact_groupchat_get(self, body):
        chat_id = body.get("chat_id", "")
        if chat_id in self.invisible:
            return {"errcode": 90501, "errmsg": "chat is not external group chat"}
        if chat_id not in self.groups:
            return {"errcode": 40050, "errmsg": "chatid not found"}
        return {"errcode": 0, "errmsg": "ok", "group_chat": json.loads(json.dumps(self.groups[chat_id]))}

    def _api_externalcontact_add_msg_template(self, body):
        chat_ids = list(body.get("chat_id_list") or [])
        if body.get("chat_type") != "group" or not body.get("sender") or not chat_ids:
            return {"errcode": 41048, "errmsg": "missing sender or chat_id_list"}
        if bad := [c for c in chat_ids if c in self.invisible or c not in self.groups]:
            return {"errcode": 90501, "errmsg": f"not external group chat: {bad[0]}"}
        self._seq += 1
        msgid = f"msgGROUP{self._seq:06d}"
        self.templates[msgid] = {
            "sender": body["sender"],
            "chat_ids": chat_ids,
            "text": (body.get("text") or {}).get("content", ""),
            "confirmed": False,
            "results": {},
            "created": int(self.clock()),
        }
        return {"errcode": 0, "errmsg": "ok", "fail_list": [], "msgid": msgid}

    def _api_externalcontact_get_groupmsg_task(self, body):
        task = self.templates.get(body.get("msgid", ""))
        if task is None:
            return {"errcode": 41063, "errmsg": "msgid not found"}
        status = 2 if task["confirmed"] else 0  # 0 未发送, 2 已发送 (the member confirmed it)
        row = {"userid": task["sender"], "status": status}
        if task["confirmed"]:
            row["send_time"] = int(self.clock())
        return {"errcode": 0, "errmsg": "ok", "task_list": [row]}

    def _api_externalcontact_get_groupmsg_send_result(self, body):
        task = self.templates.get(body.get("msgid", ""))
        if task is None:
            return {"errcode": 41063, "errmsg": "msgid not found"}
        rows = [{"chat_id": c, "userid": task["sender"], "status": task["results"].get(c, 0)} for c in task["chat_ids"]]
        return {"errcode": 0, "errmsg": "ok", "send_list": rows}

    def _api_message_send(self, body):
        self.messages_sent.append(body)
        return {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": f"m{len(self.messages_sent)}"}

    def _api_kf_sync_msg(self, body):
        if not body.get("token") and not body.get("cursor"):
            return {"errcode": 95000, "errmsg": "token or cursor required"}
        messages = self.kf_messages.get(body.get("open_kfid", ""), [])
        start = int(body.get("cursor") or 0)
        limit = min(int(body.get("limit") or 1000), self.page_size)
        page = messages[start : start + limit]
        more = start + limit < len(messages)
        return {
            "errcode": 0,
            "errmsg": "ok",
            "next_cursor": str(start + len(page)),
            "has_more": int(more),
            "msg_list": page,
        }

    def _api_kf_send_msg(self, body):
        self.kf_sent.append(body)
        return {"errcode": 0, "errmsg": "ok", "msgid": f"kfsent{len(self.kf_sent)}"}


class CallbackDriver:
    """WeCom's side of the callback: encrypt, sign and POST an event (or GET the URL verification) and assert the
    gateway answered within 5 s."""

    def __init__(self, url: str, *, token: str, aes_key: str, corp_id: str, clock=time.time):
        self.url = url
        self.crypt = MsgCrypt(token, aes_key, corp_id)
        self.token = token
        self.corp_id = corp_id
        self.clock = clock

    def signed_params(self, encrypted: str, *, timestamp: str | None = None, nonce: str | None = None) -> dict:
        timestamp = timestamp or str(int(self.clock()))
        nonce = nonce or secrets.token_hex(5)
        return {
            "msg_signature": signature(self.token, timestamp, nonce, encrypted),
            "timestamp": timestamp,
            "nonce": nonce,
        }

    def request(self, method: str, params: dict, body: bytes | None = None) -> tuple[int, str, float]:
        url = f"{self.url}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", "text/xml; charset=utf-8")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=REPLY_WITHIN + 1) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        return status, text, time.monotonic() - started

    def verify_url(self) -> str:
        echo = secrets.token_hex(8)
        encrypted = self.crypt.encrypt(echo)
        status, text, elapsed = self.request("GET", {**self.signed_params(encrypted), "echostr": encrypted})
        assert status == 200 and text == echo, f"URL verification failed: {status} {text!r}"
        assert elapsed < REPLY_WITHIN, f"URL verification took {elapsed:.1f} s"
        return text

    def envelope(self, fields: dict, **sign) -> tuple[dict, bytes]:
        encrypted = self.crypt.encrypt(xmlmsg.build(fields))
        body = xmlmsg.build({"ToUserName": self.corp_id, "Encrypt": encrypted, "AgentID": ""}).encode()
        return self.signed_params(encrypted, **sign), body

    def post_event(self, fields: dict) -> float:
        """POST one event; asserts "success" within 5 s and returns the seconds it took."""
        params, body = self.envelope(fields)
        status, text, elapsed = self.request("POST", params, body)
        assert status == 200 and text == "success", f"callback refused: {status} {text!r}"
        assert elapsed < REPLY_WITHIN, f"callback answered after {elapsed:.1f} s (WeCom retries after 5 s)"
        return elapsed
