"""Apply the gateway's envelopes from ``<spool>/to_core/`` (the contract: ADR 0013, notes/envelopes.md).

Each ``<id>.json`` (never a ``.tmp``: still being written) is read, applied in one transaction and recorded by its
envelope id (``EnvelopeReceipt``), then moved to ``to_core/done/``. An id seen before is skipped (a redelivered
callback carries the same id) and moved too. A file that is not a well-formed envelope of a known kind, or whose
payload the core cannot apply, goes to ``to_core/bad/`` and is logged — the reader never stops on it. A valid
envelope about a group nobody of ours is in (or a 客服 message that cannot be placed) is recorded ``unrouted``
with its payload, so nothing the gateway sent is lost.

Run by ``manage.py online_groups_inbox`` (once, or ``--follow``), the ``online_groups_inbox_job`` task and a
nightly sweep on ops' schedules (``online_groups_inbox_sweep``, 0:10).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import services, spool
from .models import EnvelopeReceipt

logger = logging.getLogger(__name__)

HANDLERS = {
    "group_snapshot": services.group_snapshot_apply,
    "group_dismissed": services.group_dismissed_apply,
    "group_not_visible": services.group_not_visible_apply,
    "kf_message": services.kf_message_apply,
    "broadcast_status": services.broadcast_status_apply,
}
MAX_BYTES = 2_000_000  # a group snapshot of 2 000 members is ~300 kB; anything far larger is not ours


class BadEnvelope(ValueError):
    pass


@dataclass
class Counts:
    applied: int = 0
    unrouted: int = 0
    skipped: int = 0
    bad: int = 0
    released: int = 0

    def __str__(self):
        return (f"applied={self.applied} unrouted={self.unrouted} skipped={self.skipped} bad={self.bad} "
                f"released={self.released}")  # fmt: skip


def parse(text: str) -> dict:
    """The envelope in a file's text, or BadEnvelope saying why not."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadEnvelope(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadEnvelope("not an object")
    for key, kind in (("id", str), ("kind", str), ("payload", dict)):
        if not isinstance(data.get(key), kind) or (kind is str and not data[key].strip()):
            raise BadEnvelope(f"missing or malformed {key!r}")
    if data["kind"] not in HANDLERS:
        raise BadEnvelope(f"unknown kind {data['kind']!r}")
    return data


def _received_at(data: dict) -> datetime:
    try:
        at = datetime.fromisoformat(str(data.get("received_at") or ""))
    except ValueError:
        return timezone.now()
    return at if timezone.is_aware(at) else timezone.make_aware(at)


def apply(data: dict) -> str:
    """Apply one parsed envelope once: ``applied``, ``unrouted`` or ``skipped`` (seen before)."""
    with transaction.atomic():
        if EnvelopeReceipt.objects.filter(envelope_id=data["id"]).exists():
            return "skipped"
        at = _received_at(data)
        try:
            result = HANDLERS[data["kind"]](payload=data["payload"], at=at)
        except ValidationError as error:  # a service refused it (bad values): kept in bad/, the reader goes on
            raise BadEnvelope(f"payload refused: {'; '.join(error.messages)}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BadEnvelope(f"payload not applicable: {error}") from None
        outcome = "applied" if result is not None else "unrouted"
        EnvelopeReceipt.objects.create(
            envelope_id=data["id"][:120], kind=data["kind"], received_at=at, outcome=outcome,
            note="" if result is not None else "无法对应到已登记的群组或本所人员",
            payload=data["payload"] if result is None else {},
        )  # fmt: skip
        return outcome


def _move(path, sub: str, spool_dir) -> None:
    target = spool.folder(spool.TO_CORE, sub, spool_dir) / path.name
    os.replace(path, target)


def run_once(spool_dir=None) -> Counts:
    """Apply every waiting envelope in name order, then release 群发 held over last month's cap."""
    counts = Counts()
    inbox = spool.folder(spool.TO_CORE, spool=spool_dir)
    for path in sorted(p for p in inbox.iterdir() if p.is_file() and p.name.endswith(".json")):
        try:
            if path.stat().st_size > MAX_BYTES:
                raise BadEnvelope("too large")
            outcome = apply(parse(path.read_text(encoding="utf-8")))
        except BadEnvelope as error:
            logger.warning("online_groups inbox: %s moved to bad/: %s", path.name, error)
            _move(path, "bad", spool_dir)
            counts.bad += 1
            continue
        except FileNotFoundError:  # another reader took it
            continue
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        _move(path, "done", spool_dir)
    counts.released = services.broadcast_release_held()
    return counts
