"""The gateway's configuration, read from Django settings (wecom/settings.py fills them from the environment; tests
override them) with the defaults below. Numbers WeCom does not publish for our use are readings (解读)."""

import os
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "WECOM_CORP_ID": "",
    "WECOM_SECRET": "",
    "WECOM_TOKEN": "",
    "WECOM_AES_KEY": "",
    "WECOM_API_BASE": "https://qyapi.weixin.qq.com/cgi-bin",
    # The spool shared with the core (/work/notes/envelopes.md); the core reads FENGQIAO_WECOM_SPOOL.
    "WECOM_SPOOL": os.environ.get("FENGQIAO_WECOM_SPOOL") or str(BASE_DIR / "var" / "wecom-spool"),
    # 解读: a callback whose timestamp is further than this from our clock is refused as a replay (seconds).
    "WECOM_MAX_SKEW": 300,
    # 解读: 群发 tasks one 客户群 may receive per natural month; over it the item stays queued (queued_cap).
    "WECOM_MONTHLY_CAP": 4,
    # Chat ids reconcile asks about beyond groupchat/list (groups registered by hand, to learn they answer 90501).
    "WECOM_RECONCILE_CHAT_IDS": [],
    "WECOM_EVENT_ATTEMPTS": 5,  # a callback whose processing fails this often is marked failed (kept, logged)
    "WECOM_MAX_BODY": 64 * 1024,  # bytes a callback POST may carry
    "WECOM_HTTP_TIMEOUT": 5.0,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def spool_dir() -> Path:
    return Path(setting("WECOM_SPOOL"))
