"""`python -m wecom demo`: the gateway against a fake WeCom, no WeCom account needed.

It starts the fake (wecom/fake.py) seeded with four groups — from ``<spool>/fake-seed.json`` when the core's demo
wrote one (the same members the core's register holds, so a snapshot changes only what the fake changed), else from
wecom/data/demo_seed.json (chat ids of its own) — then serves the callback on 127.0.0.1:<port>, verifies the URL
the way WeCom does, runs a reconcile (three snapshots, one 90501 `group_not_visible`), lets a resident join a group
and fires the callback (a `group_snapshot` in to_core within seconds), and has a resident write to the 微信客服
(a `kf_message`). Without --once it keeps serving and carries the core's broadcasts (the fake's station account
confirms each task), until Ctrl+C. The core applies to_core with ``manage.py online_groups_inbox --follow``.

While it runs, ``python -m wecom demo --add-member <chat_id> <name>`` changes a group on its fake (through the fake's
control URL, written to ``<spool>/fake-running.json``) and the fake fires the callback, as WeCom would when a person
joins: a member of the seed's ``people`` (our staff, e.g. the auxiliary a group lacks) joins with their userid and
nickname, any other name joins as a resident. ``--hints`` prints the seed's suggestions.
"""

import hashlib
import json
import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

from .conf import BASE_DIR
from .fake import CallbackDriver, FakeWeCom

DEMO_ENV = {
    "WECOM_CORP_ID": "ww-demo-corp",
    "WECOM_SECRET": "demo-secret",
    "WECOM_TOKEN": "demo-token",
    "WECOM_AES_KEY": "ZGVtby1vbmx5LWVuY29kaW5nLWFlcy1rZXktMzJieXQ",  # base64 of 32 demo bytes, 43 characters
}


def _say(text: str) -> None:
    print(f"==> {text}", flush=True)


def load_seed(spool: Path) -> tuple[dict, str]:
    own = spool / "fake-seed.json"
    path = own if own.exists() else Path(__file__).with_name("data") / "demo_seed.json"
    return json.loads(path.read_text(encoding="utf-8")), str(path)


def seed_fake(fake: FakeWeCom, seed: dict) -> None:
    for group in seed["groups"]:
        members = group.get("members") or group.get("member_list") or []
        fake.add_group(group["chat_id"], group["name"], group["owner"], notice=group.get("notice", ""))
        for m in members:
            fake.add_member(
                group["chat_id"],
                m["userid"],
                type=int(m.get("type", 2)),
                name=m.get("name", ""),
                group_nickname=m.get("group_nickname", ""),
                join_time=m.get("join_time"),
                join_scene=int(m.get("join_scene", 1)),
            )
    for group in seed.get("not_visible", []):
        fake.add_group(group["chat_id"], group["name"], group["owner"], visible=False)


def spool_path() -> Path:
    return Path(
        os.environ.get("WECOM_SPOOL") or os.environ.get("FENGQIAO_WECOM_SPOOL") or BASE_DIR / "var" / "wecom-spool"
    )


def _wait_for(spool: Path, predicate, seconds: float = 5.0, since: float = 0.0):
    """The first envelope written since ``since`` (epoch s) matching ``predicate``, in to_core or already applied by
    the core (to_core/done)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for folder in (spool / "to_core", spool / "to_core" / "done"):
            for path in sorted(folder.glob("*.json"), reverse=True):
                try:
                    if path.stat().st_mtime < since - 1:
                        continue
                    envelope = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):  # moved by the core meanwhile
                    continue
                if predicate(envelope):
                    return envelope
        time.sleep(0.1)
    return None


def hints(seed: dict) -> list[str]:
    """What to try against the running demo: the staff a group lacks, and a resident joining."""
    lines = [
        f"python -m wecom demo --add-member {s['chat_id']} {s['name']}    # {s['group']}：{s['name']}入群"
        for s in seed.get("suggestions", [])
    ]
    if seed.get("groups"):
        lines.append(f"python -m wecom demo --add-member {seed['groups'][0]['chat_id']} 6栋居民    # 一名居民入群")
    return lines


def print_hints() -> int:
    seed, path = load_seed(spool_path())
    _say(f"可在运行中的演示里试（{path}）：")
    for line in hints(seed):
        print(f"    {line}", flush=True)
    return 0


def add_member(chat_id: str, name: str, *, userid: str = "", type: int | None = None, nickname: str | None = None,
               wait: float = 10.0) -> int:  # fmt: skip
    """Add a member to a group on the running demo's fake and fire the callback; wait for the snapshot."""
    spool = spool_path()
    running = spool / "fake-running.json"
    if not running.exists():
        print(f"未发现运行中的演示（{running}）：请先运行 python -m wecom demo（或 scripts/demo）", flush=True)
        return 2
    seed, _path = load_seed(spool)
    person = next((p for p in seed.get("people", []) if name in (p.get("name"), p.get("userid"))), None)
    if person:
        body = {"userid": userid or person["userid"], "type": type or person["type"], "name": person["name"],
                "group_nickname": person["group_nickname"] if nickname is None else nickname}  # fmt: skip
    else:  # a resident: an external contact, the nickname they chose
        digest = hashlib.sha1(name.encode()).hexdigest()[:10]
        body = {"userid": userid or f"wm-demo-{digest}", "type": type or 2, "name": "",
                "group_nickname": name if nickname is None else nickname}  # fmt: skip
    body |= {"chat_id": chat_id, "join_scene": 1}
    control = json.loads(running.read_text(encoding="utf-8"))["control"]
    started = time.time()
    request = urllib.request.Request(f"{control}/add_member", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            answer = json.loads(response.read())
    except (OSError, ValueError) as error:
        print(f"模拟企业微信无应答（{control}）：{error}", flush=True)
        return 2
    if answer.get("errcode"):
        print(f"未能入群：{answer.get('errmsg')}", flush=True)
        return 1
    who = "本所人员" if person else "居民"
    _say(f"{who}“{name}”（{body['userid']}）已加入 {chat_id}；回调 {answer['callback_seconds']:.2f} 秒应答")
    found = _wait_for(
        spool,
        lambda e: e["kind"] == "group_snapshot" and e["payload"]["chat_id"] == chat_id
        and any(m["userid"] == body["userid"] for m in e["payload"]["members"]),
        wait,
        since=started,
    )  # fmt: skip
    if not found:
        print(f"{wait:.0f} 秒内未见群快照写入 to_core", flush=True)
        return 1
    _say(f"群快照已写入 to_core（{found['id']}）：核心的 online_groups_inbox --follow 数秒内应用，云格群组页面即可看到")
    return 0


def run_demo(*, port: int, once: bool) -> int:
    for name, value in DEMO_ENV.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("WECOM_DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'wecom-demo.sqlite3'}")
    spool = spool_path()
    os.environ["WECOM_SPOOL"] = str(spool)

    seed, seed_path = load_seed(spool)
    fake = FakeWeCom(os.environ["WECOM_CORP_ID"], os.environ["WECOM_SECRET"], page_size=100)
    os.environ["WECOM_API_BASE"] = fake.start()
    seed_fake(fake, seed)
    counts = f"{len(seed['groups'])} 个客户群 + {len(seed.get('not_visible', []))} 个非客户群"
    _say(f"模拟企业微信：{fake.base_url}（{counts}，{seed_path}）")

    from . import __main__ as cli

    cli._setup()
    cli._migrate()
    from . import services
    from .runtime import Worker, start_server

    server = start_server("127.0.0.1", port)
    worker = Worker(interval=0.3)
    worker.start()
    url = f"http://127.0.0.1:{server.server_port}/wecom/callback"
    fake.callback = CallbackDriver(
        url, token=os.environ["WECOM_TOKEN"], aes_key=os.environ["WECOM_AES_KEY"], corp_id=os.environ["WECOM_CORP_ID"]
    )
    fake.callback.verify_url()
    _say(f"网关回调：{url}（URL 验证通过）；信封目录：{spool}")

    hidden = [g["chat_id"] for g in seed.get("not_visible", [])]
    summary = services.reconcile(extra_chat_ids=hidden)
    _say(f"夜间核对：{summary['snapshots']} 个群快照，{summary['not_visible']} 个群接口不可见（90501）")

    newcomer = dict(seed["newcomer"])
    chat_id = newcomer.pop("chat_id")
    answered = fake.add_member(chat_id, newcomer.pop("userid"), **newcomer, fire=True)
    found = _wait_for(
        spool,
        lambda e: e["kind"] == "group_snapshot" and e["payload"]["cause"] == "update:add_member",
        since=time.time() - 5,
    )
    _say(f"新成员入群：回调 {answered:.2f} 秒应答；群快照{'已写入 to_core' if found else '未在 5 秒内写入'}")

    fake.add_kf_message(
        seed.get("kf", "wk-demo-kf"),
        seed.get("kf_resident") or "wm-gw-resident-1",
        "楼道里有人在给电动车充电，能管一下吗？",
        fire=True,
    )
    found_kf = _wait_for(spool, lambda e: e["kind"] == "kf_message", since=time.time() - 5)
    _say(f"微信客服留言：{'已写入 to_core' if found_kf else '未在 5 秒内写入'}")

    if once:
        worker.stop()
        server.shutdown()
        fake.stop()
        return 0 if found and found_kf else 1
    running = spool / "fake-running.json"
    running.write_text(json.dumps({"control": fake.control_url, "callback": url, "pid": os.getpid()}), "utf-8")
    _say("持续运行：处理回调、转交群发（模拟账号自动确认）；Ctrl+C 停止。另开终端试一试：")
    for line in hints(seed):
        print(f"    {line}", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # scripts/demo stops it with SIGTERM: clean up too
    try:
        while True:
            services.outbox_run()
            for msgid, task in list(fake.templates.items()):
                if not task["confirmed"]:
                    fake.confirm(msgid)
            time.sleep(2)
    except KeyboardInterrupt:
        pass
    finally:
        running.unlink(missing_ok=True)
        worker.stop()
        server.shutdown()
        fake.stop()
    return 0
