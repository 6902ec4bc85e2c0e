"""Issue 19's "Done means" on the demo's own data, both apps as a new user runs them: the core's demo describes its
groups for the fake WeCom (`fake-seed.json`), `python -m wecom demo` (its own process, the fake inside it) reconciles
them into snapshots the core's register routes, `python -m wecom demo --add-member` lets the auxiliary the
'one auxiliary short' group lacks join on the fake (the callback fires, a snapshot lands in to_core within seconds),
the core's inbox applies it and the group becomes 1+2+2+N compliant on its page; then the officer logs a resident's
request on the phone page and its first response shows on the station's statistics (规范000 §4.1, §5.2, §7.2.1)."""

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _start_demo(spool: Path, database: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wecom.settings",
        "WECOM_DATABASE_URL": f"sqlite:///{database}",
        "WECOM_SPOOL": str(spool),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "wecom", "demo", "--port", "0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and process.poll() is None:
        try:
            seen.append(lines.get(timeout=0.5))
        except queue.Empty:
            continue
        if "持续运行" in seen[-1]:
            time.sleep(0.3)  # the hints printed after it
            while not lines.empty():
                seen.append(lines.get())
            return process, env, "".join(seen)
    process.terminate()
    raise AssertionError(f"the gateway demo did not come up: {''.join(seen)}")


def _response_row(page: str, table: str, name: str) -> tuple[str, ...]:
    section = page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    found = re.search(rf"<tr><td>{re.escape(name)}</td><td>(\d+)</td><td>(\d+)</td>\s*<td>(.+?)</td><td>(.+?)</td>"
                      rf"\s*<td>(.+?)</td></tr>", section)  # fmt: skip
    assert found, f"no row for {name} in {table}"
    return found.groups()


def test_demo_member_joins_on_the_fake_then_the_register_page_and_statistics(users, login, client, tmp_path):
    from online_groups import inbox
    from online_groups.demo import write_fake_seed
    from online_groups.models import MemberRole, OnlineGroup, OnlineRequest, StaffAccount
    from org.models import AUXILIARY_KINDS

    groups = {g.chat_id: g for g in OnlineGroup.objects.filter(chat_id__startswith="wr-demo-")}
    short = groups["wr-demo-2"]
    assert not short.composition_ok
    before = {g.chat_id: set(g.members.filter(left_at=None).values_list("userid", flat=True)) for g in groups.values()}

    # 1. The core's demo describes its WeCom-visible groups for the fake, as the register holds them.
    spool = tmp_path / "spool"
    seed = json.loads(write_fake_seed(spool).read_text(encoding="utf-8"))
    assert [g["chat_id"] for g in seed["groups"]] == ["wr-demo-1", "wr-demo-2", "wr-demo-3"]
    for g in seed["groups"]:
        assert {m["userid"] for m in g["members"]} == before[g["chat_id"]]
        assert g["owner"] == groups[g["chat_id"]].station_account  # the station's 企业微信 account owns them
    assert [g["chat_id"] for g in seed["not_visible"]] == ["wr-demo-4"]  # the hand-registered group: 90501
    for person in seed["people"]:
        assert StaffAccount.objects.filter(wecom_userid=person["userid"], staff__name=person["name"]).exists()
    [missing] = seed["suggestions"]
    assert missing["chat_id"] == "wr-demo-2"
    auxiliary = StaffAccount.objects.get(wecom_userid=missing["userid"]).staff
    assert auxiliary.kind in AUXILIARY_KINDS
    assert write_fake_seed(spool).read_text(encoding="utf-8") == json.dumps(seed, ensure_ascii=False, indent=1) + "\n"

    # 2. The gateway's demo runs against the same groups: reconcile, a resident joins, a 微信客服 message.
    process, env, out = _start_demo(spool, tmp_path / "gateway.sqlite3")
    try:
        assert "3 个群快照，1 个群接口不可见" in out and "群快照已写入 to_core" in out, out
        assert f"--add-member wr-demo-2 {auxiliary.name}" in out  # the hint names the missing auxiliary
        started = time.monotonic()
        joined = subprocess.run(
            [sys.executable, "-m", "wecom", "demo", "--add-member", "wr-demo-2", auxiliary.name],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=40,
        )  # fmt: skip
        assert joined.returncode == 0, joined.stdout + joined.stderr
        assert time.monotonic() - started < 20
    finally:
        process.terminate()
        process.wait(10)

    # 3. The core applies everything the gateway wrote: every envelope routes to the register.
    counts = inbox.run_once(spool_dir=spool)
    assert (counts.applied, counts.unrouted, counts.bad) == (7, 0, 0), str(counts)
    short.refresh_from_db()
    member = short.members.get(userid=missing["userid"], left_at=None)
    assert member.staff == auxiliary and member.role == MemberRole.AUXILIARY
    assert member.nickname == missing["group_nickname"]
    assert short.composition_ok and short.nickname_ok
    assert [f for f in short.findings if f["level"] == "violation"] == []
    newcomer = groups["wr-demo-1"].members.get(userid=seed["newcomer"]["userid"])
    assert newcomer.role == MemberRole.RESIDENT and newcomer.left_at is None
    for chat_id, userids in before.items():  # the reconcile changed nothing the fake did not change
        assert userids <= set(groups[chat_id].members.filter(left_at=None).values_list("userid", flat=True))
    hidden = OnlineGroup.objects.get(chat_id="wr-demo-4")
    assert hidden.visibility == "not_customer" and hidden.visibility_detail.startswith("90501")
    assert OnlineRequest.objects.filter(source="kf", group=groups["wr-demo-1"], acknowledged_at=None).count() == 2

    # 4. The group page shows the composition and nickname checks.
    login("officer")
    page = client.get(f"/online-groups/{short.pk}/").content.decode()
    assert 'id="composition-badge">配置齐全' in page and 'id="nickname-badge">昵称规范' in page
    assert auxiliary.name in page and "社区专职辅警仅1名" not in page

    # 5. The officer logs a resident's request from the phone page, answered 12 minutes after the resident wrote.
    now = timezone.localtime().replace(second=0, microsecond=0)
    with time_machine.travel(now, tick=False):
        response = client.post("/online-groups/intake/", {
            "group": short.pk, "category": "help", "content": "小区门口路灯不亮，晚上回家怕摔",
            "resident_name": "7栋居民", "received_at": (now - timedelta(minutes=12)).strftime("%Y-%m-%dT%H:%M"),
            "acknowledged": "on",
        })  # fmt: skip
    assert response.status_code == 302
    logged = OnlineRequest.objects.get(content="小区门口路灯不亮，晚上回家怕摔")
    assert logged.source == "sidebar" and logged.response_minutes() == 12 and logged.first_response_minutes == 10

    # 6. The station's statistics show the first response: the group's 求助 answered in 4 (the demo's) and 12 minutes.
    login("lead")
    station = short.org_unit.station
    stats = client.get(f"/online-groups/stats/?unit={station.pk}").content.decode()
    count, answered, p50, p90, share = _response_row(stats, "response-group", short.name)
    assert (count, answered, p50, p90) == ("2", "2", "4", "12")
    assert share == "50%（1/2）"
    assert _response_row(stats, "response-category", "求助")[3] != "—"
