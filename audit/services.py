"""Writes to the audit trails. Every service that changes state calls ``operation_log_write``; every
read of a person's record calls ``access_trail_write`` (规范001 第一百零九条: 基础信息采录应用追溯)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from accounts.roles import Perm
from accounts.scope import path_covered

from .context import current_origin
from .labels import require_labels
from .models import AccessAction, AccessRecord, LoginRecord, OperationLog


def _origin_fields() -> dict:
    origin = current_origin()
    return {"ip": origin.ip, "user_agent": origin.user_agent}


def access_trail_write(
    *,
    acting_user,
    action: str,
    object_type: str,
    object_id,
    object_label: str = "",
    scope_path: str = "",
    channel: str = "web",
) -> AccessRecord:
    require_labels(object_type=object_type, channel=channel)
    return AccessRecord.objects.create(
        user=acting_user,
        username=acting_user.get_username(),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:100],
        scope_path=scope_path,
        channel=channel,
        **_origin_fields(),
    )


def access_trail_write_many(
    *, acting_user, action: str, object_type: str, objects: Iterable[tuple[object, str, str]], channel: str = "web"
) -> str:
    """One row per person in an export, sharing a batch id. ``objects`` yields (id, label, scope_path)."""
    require_labels(object_type=object_type, channel=channel)
    batch = uuid.uuid4().hex
    origin = _origin_fields()
    rows = [
        AccessRecord(
            user=acting_user,
            username=acting_user.get_username(),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_label=label[:100],
            scope_path=scope_path,
            batch=batch,
            channel=channel,
            **origin,
        )
        for object_id, label, scope_path in objects
    ]
    AccessRecord.objects.bulk_create(rows, batch_size=1000)
    return batch


def operation_log_write(
    *,
    acting_user,
    action: str,
    object_type: str,
    object_id,
    summary: str,
    changes: dict | None = None,
    scope_path: str = "",
) -> OperationLog:
    require_labels(action=action, object_type=object_type)
    return OperationLog.objects.create(
        user=acting_user if acting_user is not None and acting_user.pk else None,
        username=acting_user.get_username() if acting_user is not None else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:300],
        changes=changes or {},
        scope_path=scope_path,
        **_origin_fields(),
    )


def login_log_write(*, username: str, user, outcome: str, ip: str | None, user_agent: str) -> LoginRecord:
    scope_path = ""
    if user is not None:
        first = user.role_assignments.select_related("org_unit").order_by("org_unit__path").first()
        scope_path = first.org_unit.path if first else ""
    return LoginRecord.objects.create(
        username=username[:150],
        user=user,
        outcome=outcome,
        ip=ip,
        user_agent=user_agent[:300],
        scope_path=scope_path,
    )


def personal_record_read(
    *,
    acting_user,
    object_type: str,
    object_id,
    object_label: str,
    scope_path: str,
    unmask: bool,
    channel: str = "web",
) -> bool:
    """Record that a person's record was opened; return whether it may be shown unmasked.

    Every opening writes a ``view`` row; a granted unmask writes an ``unmask`` row too. Unmasking needs
    ``unmask_personal`` over the record's unit, else the record stays masked.
    """
    access_trail_write(
        acting_user=acting_user,
        action=AccessAction.VIEW,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        scope_path=scope_path,
        channel=channel,
    )
    if unmask and path_covered(acting_user, scope_path, Perm.UNMASK_PERSONAL):
        access_trail_write(
            acting_user=acting_user,
            action=AccessAction.UNMASK,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
            scope_path=scope_path,
            channel=channel,
        )
        return True
    return False
