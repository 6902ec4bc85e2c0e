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
from django.utils import timezone

from rules.adapters import RecordFacts

from .catalogue import is_trade_unit


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class SupervisedUnitAdapter:
    record_type = "supervised_unit"

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
        rows = qs.values_list(
            "id",
            "name",
            "org_unit_id",
            "scope_path",
            "category",
            "is_key_unit",
            "is_active",
            "created_at",
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
                started_on=timezone.localdate(created),
                flags=frozenset(flags),
            )


class HazardAdapter:
    record_type = "hazard"

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
