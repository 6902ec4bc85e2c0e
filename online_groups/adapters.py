"""The rules engine reads online requests here (record type ``online_request``; ADR 0002, 0013).

An open request of a group under a beat gives the beat officer a standing task due at ``received_at`` + the close
limit of its category, fixed at intake (``close_hours``, a reading: rule ``yunge_5_2_online_request_close``); closing
the request completes it (``services.online_request_close``). The first-response clock (minutes) is shown and
counted on the pages and statistics, not turned into a task: a task due in five minutes helps nobody.
"""

from __future__ import annotations

from django.utils import timezone

from rules.adapters import RecordFacts, ids_of, register_adapter


class OnlineRequestAdapter:
    record_type = "online_request"

    def changed_ids(self, since):
        from .models import OnlineRequest

        return ids_of(OnlineRequest.objects.exclude(beat=None).filter(updated_at__gte=since))

    def ending_between(self, start, end):
        return []  # its clock is a due time from ``received_at`` (``limit_hours``): the facts carry no ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from .catalogue import RequestStatus
        from .models import OnlineRequest

        qs = OnlineRequest.objects.exclude(beat=None)
        if ids is not None:
            qs = qs.filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
        else:
            qs = qs.filter(status=RequestStatus.OPEN)
        if categories:
            qs = qs.filter(category__in=categories)
        rows = qs.values_list("id", "number", "beat_id", "category", "status", "received_at", "close_hours")
        for pk, number, beat_id, category, status, received_at, hours in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"处置云格群众诉求（{number}）",
                beat_id=beat_id,
                category=category,
                active=status == RequestStatus.OPEN,
                started_on=timezone.localdate(received_at),
                started_at=received_at,
                limit_hours=hours,
            )


def register() -> None:
    register_adapter(OnlineRequestAdapter())
