"""What the system already knows an officer did on a day, with where it took place — the sources of the duty log
(工作日志, filled automatically) and of the time in the beat (第一百零一条).

Each source is a named function ``(user_ids, start, end) -> Activity``s registered in ``SOURCES``; it names no
person (a visit says “特定对象走访”, not whom), so the log carries no personal data beyond the officer's own.
Where a record took place is its own org path (``scope_path``): an activity is in the officer's beat when that path
lies under the beat's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Activity:
    user_id: int
    day: date
    at: time | None
    source: str
    ref: str
    text: str
    place: str
    path: str


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tz), datetime.combine(end + timedelta(days=1), time(), tz)


def _local(moment: datetime) -> tuple[date, time]:
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def visits(user_ids, start: date, end: date) -> Iterable[Activity]:
    from subjects.models import Visit

    rows = Visit.objects.filter(recorded_by_id__in=user_ids, visited_on__gte=start, visited_on__lte=end)
    for v in rows.only("pk", "recorded_by_id", "visited_on", "measure", "way", "scope_path"):
        yield Activity(
            v.recorded_by_id,
            v.visited_on,
            None,
            "visit",
            str(v.pk),
            f"特定对象{v.get_measure_display()}（{v.get_way_display()}）",
            "",
            v.scope_path,
        )


def inspections(user_ids, start: date, end: date) -> Iterable[Activity]:
    from inspections.models import Inspection

    rows = Inspection.objects.filter(inspector_id__in=user_ids, inspected_on__gte=start, inspected_on__lte=end)
    for i in rows.select_related("organization").only(
        "pk", "inspector_id", "inspected_on", "scope_path", "organization__name"
    ):
        yield Activity(
            i.inspector_id,
            i.inspected_on,
            None,
            "inspection",
            str(i.pk),
            f"单位监督检查：{i.organization.name}",
            i.organization.name,
            i.scope_path,
        )


def tasks(user_ids, start: date, end: date) -> Iterable[Activity]:
    from tasks.models import Task, TaskStatus

    rows = Task.objects.filter(
        assignee_id__in=user_ids,
        done_on__gte=start,
        done_on__lte=end,
        status__in=(TaskStatus.SUBMITTED, TaskStatus.CLOSED),
    )
    for t in rows.only("pk", "assignee_id", "done_on", "title", "scope_path", "submitted_at"):
        at = _local(t.submitted_at)[1] if t.submitted_at and _local(t.submitted_at)[0] == t.done_on else None
        yield Activity(t.assignee_id, t.done_on, at, "task", str(t.pk), f"任务反馈：{t.title}"[:300], "", t.scope_path)


def disputes(user_ids, start: date, end: date) -> Iterable[Activity]:
    from casework.models import DisputeAction

    since, until = _span(start, end)
    rows = DisputeAction.objects.filter(recorded_by_id__in=user_ids, done_at__gte=since, done_at__lt=until)
    for a in rows.only("pk", "recorded_by_id", "done_at", "kind", "scope_path"):
        day, at = _local(a.done_at)
        yield Activity(
            a.recorded_by_id, day, at, "dispute", str(a.pk), f"矛盾纠纷{a.get_kind_display()}", "", a.scope_path
        )


SOURCES: dict[str, Callable[..., Iterable[Activity]]] = {
    "visit": visits,
    "inspection": inspections,
    "task": tasks,
    "dispute": disputes,
}


def register_source(name: str, source: Callable[..., Iterable[Activity]]) -> None:
    """A module above duty adds its located records (alerts, patrol check-ins …) from its AppConfig.ready."""
    SOURCES[name] = source


def collect(user_ids, start: date, end: date) -> list[Activity]:
    user_ids = [u for u in user_ids if u]
    if not user_ids:
        return []
    found = [a for source in SOURCES.values() for a in source(user_ids, start, end)]
    return sorted(found, key=lambda a: (a.user_id, a.day, a.at or time.max, a.source, a.ref))
