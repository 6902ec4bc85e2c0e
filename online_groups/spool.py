"""The spool shared with the WeCom gateway (docs/notes contract, ADR 0013/0014): JSON envelopes in files.

``<spool>/to_core/<id>.json`` from the gateway, ``<spool>/to_gateway/<id>.json`` from the core; each written as
``<id>.json.tmp`` in the same folder, then renamed (``os.replace``), so a reader never sees half a file. The spool
is ``settings.FENGQIAO_WECOM_SPOOL`` (or the environment variable of that name), by default
``<BASE_DIR>/var/wecom-spool``. Nothing here talks to the network.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

TO_CORE, TO_GATEWAY = "to_core", "to_gateway"
SAFE_ID = re.compile(r"[^A-Za-z0-9._-]")


def spool_root(spool: str | os.PathLike | None = None) -> Path:
    configured = spool or getattr(settings, "FENGQIAO_WECOM_SPOOL", "") or os.environ.get("FENGQIAO_WECOM_SPOOL", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "wecom-spool"


def folder(direction: str, sub: str = "", spool=None) -> Path:
    path = spool_root(spool) / direction
    if sub:
        path = path / sub
    path.mkdir(parents=True, exist_ok=True)
    return path


def envelope(envelope_id: str, kind: str, payload: dict, *, corp_id: str = "") -> dict:
    return {
        "id": envelope_id,
        "kind": kind,
        "received_at": timezone.localtime().isoformat(),
        "corp_id": corp_id or getattr(settings, "FENGQIAO_WECOM_CORP_ID", "") or "",
        "payload": payload,
    }


def write(direction: str, data: dict, spool=None) -> Path:
    """Write one envelope atomically; returns its final path."""
    target = folder(direction, spool=spool) / f"{SAFE_ID.sub('_', data['id'])}.json"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)
    return target
