"""The rules engine reads disputes and 治安调解 agreements here (record types ``dispute`` and
``mediation_agreement``), replacing the ``rules.TrackedRecord`` stand-in for disputes (ADR 0002, 0007).

A dispute is active while it is being resolved (化解中): the follow-up clock (第七十五条) starts on the day the
officer intervened (``started_on``); a 第七十四条(三) risk starts the report to the upper level
(``started_at`` = when it was flagged, predicate ``dispute_escalation_risk``). An agreement not reached or not
performed starts the 报所 clock (``started_at`` = when that was recorded).
"""

from __future__ import annotations

from django.utils import timezone

from rules.adapters import RecordFacts, register_adapter, register_predicate

from .choices import ESCALATION_REASONS, DisputeDomain, DisputeStatus

ESCALATION_FLAG = "escalation_risk"


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class DisputeAdapter:
    record_type = "dispute"

    def facts(self, *, ids=None, categories=None):
        from .models import Dispute

        qs = Dispute.objects.all()
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        if categories:
            qs = qs.filter(domain__in=categories)
        domains = dict(DisputeDomain.choices)
        rows = qs.values_list(
            "id", "beat_id", "domain", "status", "intervened_on", "escalation_flagged_at", "risk_reasons"
        )
        for pk, beat_id, domain, status, intervened_on, flagged_at, reasons in rows.iterator(chunk_size=5000):
            escalation = bool(ESCALATION_REASONS & set(reasons or ()))
            yield RecordFacts(
                record_id=str(pk),
                label=f"{domains.get(domain, domain)}纠纷（编号{pk}）",
                beat_id=beat_id,
                category=domain,
                active=status == DisputeStatus.OPEN,
                started_on=intervened_on,
                started_at=flagged_at if escalation else None,
                flags=frozenset({ESCALATION_FLAG} if escalation else ()),
            )


class MediationAgreementAdapter:
    record_type = "mediation_agreement"

    def facts(self, *, ids=None, categories=None):
        from .models import MediationAgreement

        qs = MediationAgreement.objects.exclude(failed_at=None)
        if (pks := _ids(ids)) is not None:
            qs = MediationAgreement.objects.filter(pk__in=pks)
        rows = qs.values_list("id", "dispute_id", "dispute__beat_id", "failed_at")
        for pk, dispute_id, beat_id, failed_at in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"治安调解协议（纠纷编号{dispute_id}）",
                beat_id=beat_id,
                active=failed_at is not None,
                started_on=timezone.localdate(failed_at) if failed_at else None,
                started_at=failed_at,
            )


def dispute_escalation_risk(facts: RecordFacts) -> bool:
    return ESCALATION_FLAG in facts.flags


def register() -> None:
    register_adapter(DisputeAdapter())
    register_adapter(MediationAgreementAdapter())
    register_predicate("dispute_escalation_risk", dispute_escalation_risk)
