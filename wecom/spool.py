"""The envelope spool shared with the core (/work/notes/envelopes.md): ``<spool>/to_core`` and ``<spool>/to_gateway``,
each file one JSON envelope written atomically (``<id>.json.tmp`` then ``os.replace``); a reader moves what it applied
to ``done/`` and what it cannot read to ``bad/``."""

import hashlib
import json
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from django.utils import timezone

from .conf import setting, spool_dir

log = logging.getLogger("wecom.spool")

TO_CORE = "to_core"
TO_GATEWAY = "to_gateway"
SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def envelope_id(kind: str, source: str, at: datetime) -> str:
    """A stable id that sorts by time: the moment the gateway observed the change (a callback's first receipt, a
    reconcile run), then the kind and a hash of the source — the same callback redelivered gives the same id, and the
    core, reading the spool in name order, applies two snapshots of one group in the order they were taken."""
    stamp = at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"gw-{stamp}-{kind}-{hashlib.sha256(source.encode()).hexdigest()[:24]}"


def make(kind: str, payload: dict, *, source: str, received_at=None) -> dict:
    at = received_at or timezone.now()
    return {
        "id": envelope_id(kind, source, at),
        "kind": kind,
        "received_at": timezone.localtime(at).isoformat(),
        "corp_id": setting("WECOM_CORP_ID"),
        "payload": payload,
    }


def folder(direction: str, sub: str = "") -> Path:
    path = spool_dir() / direction / sub if sub else spool_dir() / direction
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(direction: str, envelope: dict) -> Path:
    target = folder(direction) / f"{SAFE.sub('_', envelope['id'])}.json"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(envelope, ensure_ascii=False, indent=1))
    os.replace(tmp, target)
    log.info("envelope %s (%s) written to %s", envelope["id"], envelope["kind"], direction)
    return target


def emit(kind: str, payload: dict, *, source: str, received_at=None) -> dict:
    envelope = make(kind, payload, source=source, received_at=received_at)
    write(TO_CORE, envelope)
    return envelope


def pending(direction: str) -> list[Path]:
    return sorted(folder(direction).glob("*.json"))


def move(path: Path, sub: str) -> None:
    os.replace(path, folder(path.parent.name, sub) / path.name)
