"""The rules engine reads alerts here (record type ``alert``), replacing the ``rules.TrackedRecord`` stand-in.

An alert is active until it is closed (闭环). ``category`` is its colour, so the red rows (``alert_red_response``:
1 hour; ``alert_red_close``: 120 hours) and the yellow row (``alert_yellow_close``: 24 hours) each apply to their
colour only; an orange alert carries no clock (its tasks are the sampling plan's draws). ``started_at`` is when it
was raised: every alert clock is a due **time** counted from that moment (规范003 服务机制(一)).
"""

from __future__ import annotations

from django.utils import timezone

from rules.adapters import RecordFacts, register_adapter

RECORD_TYPE = "alert"


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class AlertAdapter:
    record_type = RECORD_TYPE

    def changed_ids(self, since):
        from .models import Alert

        return [str(pk) for pk in Alert.objects.filter(updated_at__gte=since).values_list("pk", flat=True)]

    def ending_between(self, start, end):
        return []  # every alert clock is a due time from ``raised_at``: its facts never carry ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from .models import Alert, AlertStatus, Colour

        qs = Alert.objects.all()
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        if categories:
            qs = qs.filter(colour__in=categories)
        colours = dict(Colour.choices)
        rows = qs.values_list("id", "beat_id", "colour", "status", "raised_at")
        for pk, beat_id, colour, status, raised_at in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"{colours.get(colour, colour)}（编号{pk}）",
                beat_id=beat_id,
                category=colour,
                active=status != AlertStatus.CLOSED,
                started_at=raised_at,
                started_on=timezone.localdate(raised_at),
            )


def register() -> None:
    register_adapter(AlertAdapter())
