"""The gateway as its own process (`python -m wecom serve`, its own settings and SQLite database, as deployed) against
the fake WeCom: URL verification, then a member joins a group on the fake, the fake fires the callback (answered
within 5 s, asserted by the driver) and a `group_snapshot` with the new member lands in the spool's to_core within
seconds. The test process never imports the gateway's models here."""

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import time_machine

from wecom.fake import CallbackDriver

from .conftest import AES_KEY, CORP_ID, SECRET, TOKEN

REPO = Path(__file__).resolve().parents[2]
real_time = time_machine.escape_hatch.time.time  # the gateway process runs on the real clock, not the suite's


@pytest.fixture
def gateway_process(fake, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wecom.settings",
        "WECOM_DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.sqlite3'}",
        "WECOM_SPOOL": str(tmp_path / "spool"),
        "WECOM_CORP_ID": CORP_ID,
        "WECOM_SECRET": SECRET,
        "WECOM_TOKEN": TOKEN,
        "WECOM_AES_KEY": AES_KEY,
        "WECOM_API_BASE": fake.base_url,
        "WECOM_LOG_LEVEL": "INFO",  # every log line formatted: a logging mistake fails here
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "wecom", "serve", "--port", "0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    url, seen = None, []
    deadline = time.monotonic() + 60
    while url is None and time.monotonic() < deadline and process.poll() is None:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if line.startswith("wecom gateway: "):
            url = line.split(": ", 1)[1].strip()
    assert url, f"the gateway did not start: {''.join(seen)}"
    yield url, tmp_path / "spool"
    process.terminate()
    process.wait(10)


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := predicate():
            return found
        time.sleep(0.1)
    return None


def test_member_added_on_the_fake_reaches_to_core_within_seconds(fake, gateway_process):
    url, spool = gateway_process
    fake.add_group(
        "wrOgQhDgAAcwMTB7YmDkbeBsgT_KAAAA",
        "江枫社区3号楼居民群",
        "stationacct",
        [{"userid": "stationacct", "type": 1, "name": "枫桥派出所", "group_nickname": "枫桥派出所-云格岗"}],
    )
    fake.callback = CallbackDriver(url, token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID, clock=real_time)
    fake.callback.verify_url()

    started = time.monotonic()
    answered_in = fake.add_member(
        "wrOgQhDgAAcwMTB7YmDkbeBsgT_KAAAA", "wmResident88", type=2, name="赵六", join_scene=3, fire=True
    )
    assert answered_in < 5

    def snapshot():
        for path in (spool / "to_core").glob("*.json"):
            envelope = json.loads(path.read_text())
            if envelope["kind"] == "group_snapshot":
                return envelope
        return None

    envelope = _wait_for(snapshot, 10)
    assert envelope, "no group_snapshot reached to_core"
    elapsed = time.monotonic() - started
    assert elapsed < 10
    payload = envelope["payload"]
    assert payload["cause"] == "update:add_member"
    assert {m["userid"] for m in payload["members"]} == {"stationacct", "wmResident88"}
    assert not list((spool / "to_core").glob("*.tmp"))  # written atomically
    # The same callback redelivered (WeCom's retry) is answered and produces no second envelope.
    fields = {
        "ToUserName": CORP_ID,
        "MsgType": "event",
        "Event": "change_external_chat",
        "ChatId": "wrOgQhDgAAcwMTB7YmDkbeBsgT_KAAAA",
        "ChangeType": "update",
        "UpdateDetail": "del_member",
        "CreateTime": int(real_time()),
    }
    fake.callback.post_event(fields)
    fake.callback.post_event(fields)
    assert _wait_for(lambda: len(list((spool / "to_core").glob("*.json"))) >= 2, 10)
    time.sleep(1.5)
    assert len(list((spool / "to_core").glob("*.json"))) == 2
