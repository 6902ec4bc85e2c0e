"""The rules engine reads residents' issues here (record type ``lead``): a lead raised by a resident about a matter
within the officer's duties starts the one-week feedback clock (规范002 工作情况反馈制度, rules row
``local002_resident_feedback_week``) on the day it was received (``started_on``); it stops once the resident is told
(``feedback_at``), or when the lead is withdrawn as false or found outside the duties (then the referral is recorded).
"""

from __future__ import annotations

from rules.adapters import RecordFacts, ids_of, register_adapter

from .choices import LeadStatus


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class LeadAdapter:
    record_type = "lead"

    def changed_ids(self, since):
        from .models import Lead

        return ids_of(Lead.objects.filter(from_resident=True, updated_at__gte=since))

    def ending_between(self, start, end):
        return []  # the feedback clock starts on receipt and stops on feedback: its facts never carry ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from .models import Lead

        qs = Lead.objects.filter(from_resident=True)
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        if categories:
            qs = qs.filter(kind__in=categories)
        rows = qs.values_list("id", "beat_id", "kind", "status", "within_duties", "received_on", "feedback_at")
        for pk, beat_id, kind, status, within, received_on, feedback_at in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"群众反映问题（线索编号XS{pk:06d}）",
                beat_id=beat_id,
                category=kind,
                active=bool(within) and feedback_at is None and status != LeadStatus.WITHDRAWN,
                started_on=received_on,
            )


def register() -> None:
    register_adapter(LeadAdapter())
