"""The rules engine reads service requests, care recipients and care warnings here (record types
``service_request``, ``care_recipient`` and ``care_alert``; ADR 0002, 0009).

* ``service_request`` — open while being handled. Its due time was fixed at intake (``ServiceRequest.due_at``):
  a limit in 法定工作日 or days gives ``ends_on`` (flag ``by_day``, rule ``art93_1_service_request_due``), a limit
  in hours or an urgent request gives ``started_at`` + ``limit_hours`` (flag ``by_hour``, rule
  ``art93_3_service_request_due_hours``). The task is due when the request is, and escalates like any task.
* ``care_recipient`` — active while cared for, ``started_on`` = since, category = its 第九十八条 group (visit rules
  ``art99_3_care_visit_<group>``).
* ``care_alert`` — open until visited; ``started_at`` = when raised (rule ``art99_2_care_alert_visit``).
"""

from __future__ import annotations

import math

from django.utils import timezone

from rules.adapters import RecordFacts, ids_of, local_day_bounds, register_adapter, register_predicate

from .catalogue import TYPE_BY_CODE

BY_DAY, BY_HOUR = "by_day", "by_hour"


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class ServiceRequestAdapter:
    record_type = "service_request"

    def changed_ids(self, since):
        from .models import ServiceRequest

        return ids_of(ServiceRequest.objects.filter(updated_at__gte=since))

    def ending_between(self, start, end):
        """``ends_on`` is the local day of ``due_at`` for a limit in days (one due by the hour has none)."""
        from .models import ServiceRequest

        low, high = local_day_bounds(start, end)
        rows = ServiceRequest.objects.filter(due_at__gte=low, due_at__lt=high, is_urgent=False)
        return ids_of(rows.exclude(limit_unit="hours"))

    def facts(self, *, ids=None, categories=None):
        from .models import RequestStatus, ServiceRequest

        qs = ServiceRequest.objects.all()
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        else:
            qs = qs.filter(status=RequestStatus.OPEN)
        if categories:
            qs = qs.filter(service_type__in=categories)
        rows = qs.values_list(
            "id", "number", "beat_id", "service_type", "status", "received_at", "due_at", "limit_unit", "is_urgent"
        )
        for pk, number, beat_id, kind, status, received_at, due_at, unit, urgent in rows.iterator(chunk_size=5000):
            label = TYPE_BY_CODE.get(kind, {}).get("label", kind)
            by_hour = unit == "hours" or urgent
            hours = math.ceil((due_at - received_at).total_seconds() / 3600) if by_hour else None
            yield RecordFacts(
                record_id=str(pk),
                label=f"办理群众诉求：{label}（{number}）",
                beat_id=beat_id,
                category=kind,
                active=status == RequestStatus.OPEN,
                started_on=timezone.localdate(received_at),
                started_at=received_at if by_hour else None,
                ends_on=None if by_hour else timezone.localdate(due_at),
                limit_hours=hours,
                flags=frozenset({BY_HOUR if by_hour else BY_DAY}),
            )


class CareRecipientAdapter:
    record_type = "care_recipient"

    def changed_ids(self, since):
        from .models import CareRecipient

        return ids_of(
            CareRecipient.objects.filter(updated_at__gte=since),
            CareRecipient.objects.filter(resident__updated_at__gte=since),  # the resident's beat
        )

    def ending_between(self, start, end):
        return []  # care lasts until it is ended (``is_active``): its facts never carry ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from .models import CareRecipient

        qs = CareRecipient.objects.all()
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        if categories:
            qs = qs.filter(group__in=categories)
        rows = qs.values_list("id", "group", "resident__org_unit_id", "since", "is_active")
        for pk, group, beat_id, since, active in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"关爱帮扶对象走访（编号{pk}）",
                beat_id=beat_id,
                category=group,
                active=active,
                started_on=since,
            )


class CareAlertAdapter:
    record_type = "care_alert"

    def changed_ids(self, since):
        """A warning has no modification time: it changes when raised, when closed by the visit, or when its
        resident moves beat."""
        from .models import CareAlert

        return ids_of(
            CareAlert.objects.filter(raised_at__gte=since),
            CareAlert.objects.filter(closed_at__gte=since),
            CareAlert.objects.filter(recipient__resident__updated_at__gte=since),
        )

    def ending_between(self, start, end):
        return []  # a warning is open until visited: its facts never carry ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from .models import CareAlert

        qs = CareAlert.objects.all()
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        else:
            qs = qs.filter(closed_at=None)
        rows = qs.values_list("id", "recipient_id", "recipient__resident__org_unit_id", "raised_at", "closed_at")
        for pk, recipient_id, beat_id, raised_at, closed_at in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"关爱预警查访（对象编号{recipient_id}）",
                beat_id=beat_id,
                active=closed_at is None,
                started_at=raised_at,
                started_on=timezone.localdate(raised_at),
            )


def request_due_by_day(facts: RecordFacts) -> bool:
    return BY_DAY in facts.flags


def request_due_by_hour(facts: RecordFacts) -> bool:
    return BY_HOUR in facts.flags


def register() -> None:
    register_adapter(ServiceRequestAdapter())
    register_adapter(CareRecipientAdapter())
    register_adapter(CareAlertAdapter())
    register_predicate("request_due_by_day", request_due_by_day)
    register_predicate("request_due_by_hour", request_due_by_hour)
