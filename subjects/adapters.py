"""The rules engine reads special subjects here (record type ``special_subject``).

A subject's engine id is ``S<pk>``; ids without the prefix are the rules stand-in (``rules.TrackedRecord`` of
type ``special_subject``), still read so the engine's own tests and the tasks demo keep working until the
stand-in is retired. Only an approved (在管) subject is active; a pending marking yields nothing due, an
unmarked one stops its obligations (规范001 第三十九条).
"""

from __future__ import annotations

from rules.adapters import RecordFacts, TrackedRecordAdapter

from .categories import category_label

PREFIX = "S"


class SpecialSubjectAdapter:
    record_type = "special_subject"
    reads_stand_in = True

    def __init__(self):
        self.stand_in = TrackedRecordAdapter(self.record_type)

    def changed_ids(self, since):
        from .models import SpecialSubject

        rows = SpecialSubject.objects.filter(updated_at__gte=since).values_list("pk", flat=True)
        return [f"{PREFIX}{pk}" for pk in rows] + list(self.stand_in.changed_ids(since))

    def ending_between(self, start, end):
        from .models import SpecialSubject

        rows = SpecialSubject.objects.filter(ends_on__gte=start, ends_on__lt=end).values_list("pk", flat=True)
        return [f"{PREFIX}{pk}" for pk in rows] + list(self.stand_in.ending_between(start, end))

    def facts(self, *, ids=None, categories=None):
        from .models import SpecialSubject, SubjectStatus

        if ids is None:
            subject_ids, tracked_ids = None, None
        else:
            ids = [str(i) for i in ids]
            subject_ids = [int(i[len(PREFIX) :]) for i in ids if i.startswith(PREFIX)]
            tracked_ids = [i for i in ids if not i.startswith(PREFIX)]
        if subject_ids is None or subject_ids:
            qs = SpecialSubject.objects.exclude(status__in=[SubjectStatus.PENDING, SubjectStatus.REJECTED])
            if subject_ids is not None:
                qs = SpecialSubject.objects.filter(pk__in=subject_ids)
            if categories:
                qs = qs.filter(category__in=categories)
            rows = qs.values_list(
                "id", "resident__name", "category", "org_unit_id", "status", "started_on", "ends_on", "risk_level"
            )
            rows = rows.iterator(chunk_size=5000) if subject_ids is None else rows
            for pk, name, category, beat_id, status, started_on, ends_on, risk in rows:
                yield RecordFacts(
                    record_id=f"{PREFIX}{pk}",
                    label=f"{name}（{category_label(category)}）",
                    beat_id=beat_id,
                    category=category,
                    active=status == SubjectStatus.ACTIVE,
                    started_on=started_on if status != SubjectStatus.PENDING else None,
                    ends_on=ends_on,
                    flags=frozenset({f"risk_{risk}"} if risk else ()),
                )
        if tracked_ids is None or tracked_ids:
            yield from self.stand_in.facts(ids=tracked_ids, categories=categories)
