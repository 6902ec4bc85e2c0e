"""The gateway's tests run in the project's pytest run (fengqiao.settings), where the gateway is not installed: the
`gateway` fixture overrides the settings the callback view and the services read (WECOM_*, the gateway's own
ROOT_URLCONF and middleware) and creates the gateway's tables inside the test's transaction (PostgreSQL rolls the DDL
back with it) — the app registry is left alone. The fake WeCom runs in a thread (`fake`). The end-to-end test runs the
gateway as its own process (`python -m wecom serve`, SQLite), as production does. See docs/adr/0014."""

import base64
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from wecom.fake import FakeWeCom

CORP_ID = "ww1234567890abcdef"
SECRET = "test-secret"
TOKEN = "QDG6eK"
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")  # 43 characters


@pytest.fixture
def fake():
    server = FakeWeCom(corp_id=CORP_ID, secret=SECRET, monthly_cap=4, page_size=2)
    server.start()
    yield server
    server.stop()


@dataclass
class Gateway:
    fake: FakeWeCom
    spool: Path

    def envelopes(self, kind: str | None = None, direction: str = "to_core") -> list[dict]:
        folder = self.spool / direction
        found = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []
        return [e for e in found if kind is None or e["kind"] == kind]


@pytest.fixture
def gateway(db, fake, tmp_path):
    from wecom import models, services

    spool = tmp_path / "spool"
    settings = {
        "WECOM_CORP_ID": CORP_ID,
        "WECOM_SECRET": SECRET,
        "WECOM_TOKEN": TOKEN,
        "WECOM_AES_KEY": AES_KEY,
        "WECOM_API_BASE": fake.base_url,
        "WECOM_SPOOL": str(spool),
        "WECOM_MONTHLY_CAP": 4,
        "WECOM_HTTP_TIMEOUT": 5.0,
        "ROOT_URLCONF": "wecom.urls",
        "MIDDLEWARE": ["django.middleware.security.SecurityMiddleware"],
    }
    with override_settings(**settings):
        with connection.schema_editor() as editor:
            for model in (models.RawEvent, models.KnownChat, models.KfCursor, models.InboundEnvelope):
                editor.create_model(model)
            editor.create_model(models.BroadcastItem)
        services._clients.clear()
        yield Gateway(fake=fake, spool=spool)
        services._clients.clear()
