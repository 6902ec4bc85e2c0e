"""Where the engine reads records from: one adapter per record type, registered here.

An adapter turns its module's rows into ``RecordFacts`` — the few facts an obligation reads (beat, category,
active, the event dates, flags for predicates). The subjects, inspections and casework modules will register
their own adapters under the same record types (``special_subject``, ``supervised_unit``, ``incident`` …) and
call ``rules.services.rules_recompute_record`` when a record changes; until then ``TrackedRecordAdapter``
reads ``rules.TrackedRecord``. An adapter that still reads the stand-in says so (``reads_stand_in``); for the
others (``supervised_unit`` and ``hazard`` by ``inspections``) no stand-in record can be created any more.
``BeatAdapter`` gives one record per beat for beat-wide obligations.

Predicates (``Obligation.predicate``) are named functions of ``RecordFacts`` registered in ``PREDICATES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class RecordFacts:
    record_id: str
    label: str
    beat_id: int
    category: str = ""
    active: bool = True
    started_on: date | None = None
    started_at: datetime | None = None
    ends_on: date | None = None
    limit_hours: int | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


class Adapter(Protocol):
    record_type: str

    def facts(self, *, ids: Iterable[str] | None = None, categories: list[str] | None = None) -> Iterable[RecordFacts]:
        """The records of this type (only ``ids`` when given; only ``categories`` when non-empty)."""

    # Optional, for the nightly run to recompute only what may have changed (without them it recomputes all):
    #   changed_ids(since: datetime) -> Iterable[str]            records saved at or after ``since``
    #   ending_between(start: date, end: date) -> Iterable[str]  records whose term ends on start ≤ ends_on < end


ADAPTERS: dict[str, Adapter] = {}


def ids_of(*querysets) -> list[str]:
    """The engine ids (``str(pk)``) of the rows of ``querysets``, once each: what ``changed_ids`` and
    ``ending_between`` answer for an adapter whose engine id is the row's primary key."""
    found: set[int] = set()
    for qs in querysets:
        found.update(qs.values_list("pk", flat=True))
    return [str(pk) for pk in sorted(found)]


def local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants between which a local (Asia/Shanghai) day falls on start ≤ day < end."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, datetime.min.time(), tzinfo=tz),
        datetime.combine(end, datetime.min.time(), tzinfo=tz),
    )


def register_adapter(adapter: Adapter) -> None:
    ADAPTERS[adapter.record_type] = adapter


def adapter_for(record_type: str) -> Adapter:
    return ADAPTERS[record_type]


class TrackedRecordAdapter:
    """Reads ``rules.TrackedRecord`` rows of one record type."""

    reads_stand_in = True

    FIELDS = (
        "id",
        "label",
        "beat_id",
        "category",
        "is_active",
        "started_on",
        "started_at",
        "ends_on",
        "limit_hours",
        "is_key_unit",
    )

    def __init__(self, record_type: str):
        self.record_type = record_type

    def changed_ids(self, since):
        from .models import TrackedRecord

        rows = TrackedRecord.objects.filter(record_type=self.record_type, updated_at__gte=since)
        return [str(pk) for pk in rows.values_list("pk", flat=True)]

    def ending_between(self, start, end):
        from .models import TrackedRecord

        rows = TrackedRecord.objects.filter(record_type=self.record_type, ends_on__gte=start, ends_on__lt=end)
        return [str(pk) for pk in rows.values_list("pk", flat=True)]

    def facts(self, *, ids=None, categories=None):
        from .models import TrackedRecord

        qs = TrackedRecord.objects.filter(record_type=self.record_type)
        if ids is not None:
            qs = qs.filter(pk__in=[int(i) for i in ids])
        if categories:
            qs = qs.filter(category__in=categories)
        rows = qs.values_list(*self.FIELDS)
        for row in rows.iterator(chunk_size=5000) if ids is None else rows:
            pk, label, beat_id, category, active, started_on, started_at, ends_on, limit_hours, key_unit = row
            yield RecordFacts(
                record_id=str(pk),
                label=label,
                beat_id=beat_id,
                category=category,
                active=active,
                started_on=started_on,
                started_at=started_at,
                ends_on=ends_on,
                limit_hours=limit_hours,
                flags=frozenset({"key_unit"} if key_unit else ()),
            )


class BeatAdapter:
    """Every active beat is a record: for obligations on the beat as a whole (weekly meetings …)."""

    record_type = "beat"

    def facts(self, *, ids=None, categories=None):
        from org.models import OrgUnit, OrgUnitKind

        qs = OrgUnit.objects.filter(kind=OrgUnitKind.BEAT)
        if ids is not None:
            qs = qs.filter(pk__in=[int(i) for i in ids])
        for pk, name, active in qs.values_list("id", "name", "is_active").iterator(chunk_size=5000):
            yield RecordFacts(record_id=str(pk), label=name, beat_id=pk, active=active)


def is_key_unit(facts: RecordFacts) -> bool:
    return "key_unit" in facts.flags


def not_key_unit(facts: RecordFacts) -> bool:
    return "key_unit" not in facts.flags


def is_monthly_trade(facts: RecordFacts) -> bool:
    """规范002 monthly inspection: a 场所行业 unit (``trade``) of a station that switched it on (``monthly``)."""
    return "trade" in facts.flags and "monthly" in facts.flags


PREDICATES: dict[str, Callable[[RecordFacts], bool]] = {
    "is_key_unit": is_key_unit,
    "not_key_unit": not_key_unit,
    "is_monthly_trade": is_monthly_trade,
}


def register_predicate(name: str, predicate: Callable[[RecordFacts], bool]) -> None:
    """A module names a predicate its obligation rows use (``Obligation.predicate``), from its AppConfig.ready."""
    PREDICATES[name] = predicate


TRIGGERS = ("", "started_on", "started_at", "ends_on")


def register_builtin_adapters() -> None:
    from .models import RecordType

    for record_type in RecordType.values:
        if record_type not in ADAPTERS:
            register_adapter(TrackedRecordAdapter(record_type))
    if "beat" not in ADAPTERS:
        register_adapter(BeatAdapter())
