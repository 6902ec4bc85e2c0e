"""The rules engine reads disputes, 治安调解 agreements, incidents and the people involved here (record types
``dispute``, ``mediation_agreement``, ``incident``, ``incident_person``), replacing the ``rules.TrackedRecord``
stand-in for disputes and incidents (ADR 0002, 0007).

A dispute is active while it is being resolved (化解中): the follow-up clock (第七十五条) starts on the day the
officer intervened (``started_on``); a 第七十四条(三) risk starts the report to the upper level
(``started_at`` = when it was flagged, predicate ``dispute_escalation_risk``). An agreement not reached or not
performed starts the 报所 clock (``started_at`` = when that was recorded).

An incident (案事件) is always active (a follow-up is owed after closing too). A case's 立案 date is
``started_on`` (第八十条: the follow-up within a week), its 结案 date ``ends_on`` (the after-closing follow-up); an
incident with no scene starts the contact follow-up at ``started_at`` = when it was reported (第七十七条第二款,
predicate ``incident_no_scene``). A person involved who is not in the registry is active until linked to a
resident (``started_on`` = the day they were added: the collection task, 实有人口采集).
"""

from __future__ import annotations

from django.utils import timezone

from rules.adapters import RecordFacts, ids_of, register_adapter, register_predicate

from .choices import CASE_KINDS, ESCALATION_REASONS, SUBKIND_LABELS, DisputeDomain, DisputeStatus

ESCALATION_FLAG = "escalation_risk"
NO_SCENE_FLAG = "no_scene"


def _ids(ids):
    return None if ids is None else [int(i) for i in ids if str(i).isdigit()]


class DisputeAdapter:
    record_type = "dispute"

    def changed_ids(self, since):
        from .models import Dispute

        return ids_of(Dispute.objects.filter(updated_at__gte=since))

    def ending_between(self, start, end):
        return []  # a dispute's clocks start, they do not end on a term: its facts never carry ``ends_on``

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

    def changed_ids(self, since):
        """An agreement has no modification time: it changes when recorded, when it fails (``failed_at``), or
        when its dispute moves to another beat (the dispute is saved)."""
        from .models import MediationAgreement

        return ids_of(
            MediationAgreement.objects.filter(created_at__gte=since),
            MediationAgreement.objects.filter(failed_at__gte=since),
            MediationAgreement.objects.filter(dispute__updated_at__gte=since),
        )

    def ending_between(self, start, end):
        return []  # the 报所 clock starts at the failure: its facts never carry ``ends_on``

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


class IncidentAdapter:
    record_type = "incident"

    def changed_ids(self, since):
        from .models import Incident

        return [str(pk) for pk in Incident.objects.filter(updated_at__gte=since).values_list("pk", flat=True)]

    def ending_between(self, start, end):
        from .models import Incident

        # ``ends_on`` is the 结案 date of a case that was filed (立案), exactly: no other incident has a term
        rows = Incident.objects.filter(
            closed_on__gte=start, closed_on__lt=end, kind__in=CASE_KINDS, filed_on__isnull=False
        )
        return [str(pk) for pk in rows.values_list("pk", flat=True)]

    def facts(self, *, ids=None, categories=None):
        from .models import Incident

        qs = Incident.objects.all()
        if (pks := _ids(ids)) is not None:
            qs = qs.filter(pk__in=pks)
        if categories:
            qs = qs.filter(kind__in=categories)
        rows = qs.values_list("id", "beat_id", "kind", "subkind", "has_scene", "reported_at", "filed_on", "closed_on")
        for pk, beat_id, kind, subkind, has_scene, reported_at, filed_on, closed_on in rows.iterator(chunk_size=5000):
            is_case = kind in CASE_KINDS
            yield RecordFacts(
                record_id=str(pk),
                label=f"{SUBKIND_LABELS.get(subkind, subkind)}（案事件编号{pk}）",
                beat_id=beat_id,
                category=kind,
                active=True,
                started_on=filed_on if is_case else None,
                started_at=None if has_scene else reported_at,
                ends_on=closed_on if is_case and filed_on else None,
                flags=frozenset(() if has_scene else {NO_SCENE_FLAG}),
            )


class IncidentPersonAdapter:
    record_type = "incident_person"

    def changed_ids(self, since):
        from .models import IncidentPerson

        return ids_of(
            IncidentPerson.objects.filter(updated_at__gte=since),
            IncidentPerson.objects.filter(incident__updated_at__gte=since),  # the incident's beat
        )

    def ending_between(self, start, end):
        return []  # a person is collected, not held for a term: its facts never carry ``ends_on``

    def facts(self, *, ids=None, categories=None):
        from .models import IncidentPerson

        qs = IncidentPerson.objects.filter(resident__isnull=True)
        if (pks := _ids(ids)) is not None:
            qs = IncidentPerson.objects.filter(pk__in=pks)
        rows = qs.values_list("id", "incident_id", "incident__beat_id", "role", "resident_id", "added_on")
        for pk, incident_id, beat_id, role, resident_id, added_on in rows.iterator(chunk_size=5000):
            yield RecordFacts(
                record_id=str(pk),
                label=f"案事件编号{incident_id}的未登记人员",
                beat_id=beat_id,
                category=role,
                active=resident_id is None,
                started_on=added_on,
            )


def incident_no_scene(facts: RecordFacts) -> bool:
    return NO_SCENE_FLAG in facts.flags


def dispute_escalation_risk(facts: RecordFacts) -> bool:
    return ESCALATION_FLAG in facts.flags


def register() -> None:
    register_adapter(DisputeAdapter())
    register_adapter(MediationAgreementAdapter())
    register_adapter(IncidentAdapter())
    register_adapter(IncidentPersonAdapter())
    register_predicate("dispute_escalation_risk", dispute_escalation_risk)
    register_predicate("incident_no_scene", incident_no_scene)
