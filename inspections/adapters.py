"""The rules engine reads supervised units and hazards here (record types ``supervised_unit`` and ``hazard``),
replacing the ``rules.TrackedRecord`` stand-in for both.

* ``supervised_unit`` — every registered unit (``registry.Organization``) whose internal security the station
  supervises (第五十七条: not those managed directly by an upper level or the trade police). Engine id = the
  organisation's pk. Active while it is registered (``is_active``) and supervised by the station; ``started_on``
  is the day it was registered. Flags: ``key_unit`` (治安保卫重点单位, quarterly, 第六十二条(一)), ``trade``
  (第六十七条 场所行业) and ``monthly`` (its station switched on 规范002's monthly inspection).
* ``hazard`` — every hazard (engine id = its pk): ``started_at`` the decision time (24-hour filing, 第六十一条),
  ``ends_on`` the deadline in force (re-inspection; an approved extension moves it). Active while open.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils import timezone

from rules.adapters import RecordFacts, ids_of

from .catalogue import is_trade_unit


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class SupervisedUnitAdapter:
    record_type = "supervised_unit"

    # The nightly run asks these so that it re-reads only what may have changed, not every unit of the city.

    def changed_ids(self, since):
        """Units whose facts may differ since ``since``: the unit itself saved (beat, category, key unit, active),
        its supervision row saved (who supervises it, trade type), or its station's monthly-inspection switch
        turned (the ``monthly`` flag of every unit of that station)."""
        from registry.models import Organization

        from .models import InspectionSetting, Supervision

        querysets = [
            Organization.objects.filter(updated_at__gte=since),
            Organization.objects.filter(
                pk__in=Supervision.objects.filter(updated_at__gte=since).values("organization_id")
            ),
        ]
        for path in InspectionSetting.objects.filter(updated_at__gte=since).values_list("station__path", flat=True):
            querysets.append(Organization.objects.filter(scope_path__startswith=path))
        return ids_of(*querysets)

    def ending_between(self, start, end):
        return []  # a supervised unit has no term: its facts never carry ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from registry.models import Organization

        from .models import InspectionSetting, SupervisedBy

        qs = Organization.objects.all()
        if ids is not None:
            qs = qs.filter(pk__in=_ids(ids))
        if categories:
            qs = qs.filter(category__in=categories)
        monthly = list(
            InspectionSetting.objects.filter(monthly_inspection=True).values_list("station__path", flat=True)
        )
        # The registration day in local time, computed by the database: a Python localdate per row was a third of
        # reading 60 k units (README, rules benchmark).
        rows = qs.annotate(created_on=TruncDate("created_at")).values_list(
            "id",
            "name",
            "org_unit_id",
            "scope_path",
            "category",
            "is_key_unit",
            "is_active",
            "created_on",
            "supervision__supervised_by",
            "supervision__trade_type",
        )
        for pk, name, beat_id, path, category, key, active, created, by, trade_type in rows.iterator(chunk_size=5000):
            flags = set()
            if key:
                flags.add("key_unit")
            if is_trade_unit(category, trade_type or ""):
                flags.add("trade")
            if any(path.startswith(p) for p in monthly):
                flags.add("monthly")
            yield RecordFacts(
                record_id=str(pk),
                label=name,
                beat_id=beat_id,
                category=category,
                active=active and (by or SupervisedBy.STATION) == SupervisedBy.STATION,
                started_on=created,
                flags=frozenset(flags),
            )


class HazardAdapter:
    record_type = "hazard"

    def changed_ids(self, since):
        """A hazard changes when recorded, when an extension is decided (the deadline moves) and when it is
        re-inspected (closed); nothing else writes its facts (inspections/services.py)."""
        from .models import Hazard

        return ids_of(
            Hazard.objects.filter(created_at__gte=since),
            Hazard.objects.filter(extensions__decided_at__gte=since),
            Hazard.objects.filter(reinspections__created_at__gte=since),
        )

    def ending_between(self, start, end):
        from .models import Hazard

        return ids_of(Hazard.objects.filter(deadline__gte=start, deadline__lt=end))

    def facts(self, *, ids=None, categories=None):
        from .models import Hazard, HazardStatus

        qs = Hazard.objects.all()
        if ids is not None:
            qs = qs.filter(pk__in=_ids(ids))
        rows = qs.annotate(unit_name=F("organization__name")).values_list(
            "id", "unit_name", "org_unit_id", "decided_at", "deadline", "status"
        )
        for pk, name, beat_id, decided_at, deadline, status in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"{name}（隐患整改）",
                beat_id=beat_id,
                active=status == HazardStatus.OPEN,
                started_at=decided_at,
                started_on=timezone.localdate(decided_at),
                ends_on=deadline,
            )
