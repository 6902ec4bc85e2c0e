"""State changes of disputes (矛盾纠纷, 规范001 第七十二条至第七十六条) — one function each, keyword-only, one
transaction, on the operation log. Officers and auxiliaries of the lead beat (事发地) write (record_disputes);
assisting beats read only (第七十四条). Every change that moves a clock calls ``rules_recompute_record``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from audit.services import personal_record_read
from fengqiao import names
from org.models import OrgUnit, OrgUnitKind
from registry.addresses import normalise_address
from registry.services import address_resolve
from rules.services import rules_recompute_record
from subjects.services import special_subject_mark
from tasks.services import standing_tasks_complete

from .. import errors
from ..choices import (
    ESCALATION_REASONS,
    MANUAL_ACTIONS,
    MEDIATION_KINDS,
    RISK_REASON_CHOICES,
    TARGETED_ACTIONS,
    ActionKind,
    AssistRelation,
    CandidateStatus,
    DisputeDomain,
    DisputeSource,
    DisputeStatus,
    Outcome,
    PartyRole,
    RiskLevel,
    SubjectConcern,
)
from ..models import (
    Dispute,
    DisputeAction,
    DisputeAssist,
    DisputeFollowUp,
    DisputeParty,
    MediationAgreement,
    RepeatCandidate,
)
from .common import limit_value, log, now_or, require, today_or

RECORD_TYPE = "dispute"
AGREEMENT_RECORD_TYPE = "mediation_agreement"
OBJECT_TYPE = "dispute"
PARTY_OBJECT_TYPE = "dispute_party"
FOLLOW_UP_OBLIGATION = "art75_dispute_follow_up"
SATISFACTION = (("satisfied", "满意"), ("neutral", "基本满意"), ("unsatisfied", "不满意"))


def _choices_text(choices) -> str:
    return "、".join(str(label) for _code, label in choices)


def require_lead_beat(acting_user, dispute: Dispute) -> None:
    """Only the lead beat writes; an assisting beat that can read it is told it is read-only."""
    if acting_user is None or path_covered(acting_user, dispute.beat.path, Perm.RECORD_DISPUTES):
        return
    raise PermissionDenied(_(errors.READ_ONLY) if _assists(acting_user, dispute) else _(errors.NOT_PERMITTED))


def _assists(user, dispute: Dispute) -> bool:
    return any(path_covered(user, a.unit.path, Perm.VIEW_DISPUTES) for a in dispute.assists.select_related("unit"))


def require_open(dispute: Dispute, action: str) -> None:
    if dispute.status != DisputeStatus.OPEN:
        raise ValidationError(_(errors.NOT_OPEN).format(action=action), code="status")


def _recompute(acting_user, dispute: Dispute, today: date | None = None) -> None:
    rules_recompute_record(
        acting_user=acting_user, record_type=RECORD_TYPE, record_id=dispute.record_id, as_of=today_or(today)
    )


def timeline_add(acting_user, dispute, kind, done_at, note="", target="", outcome="") -> DisputeAction:
    return DisputeAction.objects.create(
        dispute=dispute,
        kind=kind,
        done_at=done_at,
        note=note.strip(),
        target=target.strip()[:100],
        outcome=outcome,
        recorded_by=acting_user,
    )


def _risk_problems(risk_level: str, risk_reasons) -> dict:
    problems = {}
    if risk_level not in RiskLevel.values:
        problems["risk_level"] = [
            _(errors.CHOICE).format(label=_("风险等级"), choices=_choices_text(RiskLevel.choices))
        ]
    unknown = [r for r in risk_reasons if r not in dict(RISK_REASON_CHOICES)]
    if unknown:
        problems["risk_reasons"] = [_(errors.RISK_REASON_UNKNOWN).format(code=unknown[0])]
    return problems


def _party_problems(acting_user, parties: list[dict], offset: int = 0) -> dict:
    from registry.models import Resident

    problems: dict[str, list[str]] = {}
    for i, p in enumerate(parties, start=1 + offset):
        resident = p.get("resident")
        if resident is None and not (p.get("name") or "").strip():
            problems.setdefault("parties", []).append(_(errors.PARTY_NAME).format(n=i))
        elif (p.get("name") or "").strip():  # a name typed as free text: a person's name (fengqiao/names.py)
            try:
                p["name"] = names.person_name(p["name"])
            except ValidationError as exc:
                problems.setdefault("parties", []).append(
                    _(errors.PARTY_NAME_INVALID).format(n=i, reason=exc.messages[0])
                )
        if resident is not None and acting_user is not None:
            if not Resident.objects.visible_to(acting_user, perm=Perm.VIEW_REGISTRY).filter(pk=resident.pk).exists():
                problems.setdefault("parties", []).append(_(errors.PARTY_RESIDENT_SCOPE).format(n=i))
        if p.get("role", PartyRole.PARTY) not in PartyRole.values:
            problems.setdefault("parties", []).append(
                _(errors.CHOICE).format(label=_("身份"), choices=_choices_text(PartyRole.choices))
            )
        if p.get("subject_concern", "") not in SubjectConcern.values:
            problems.setdefault("parties", []).append(
                _(errors.CHOICE).format(label=_("应标注特定对象情形"), choices=_choices_text(SubjectConcern.choices))
            )
    return problems


def _party_create(dispute: Dispute, p: dict) -> DisputeParty:
    resident = p.get("resident")
    return DisputeParty.objects.create(
        dispute=dispute,
        resident=resident,
        name=(p.get("name") or "").strip()[:60] or resident.name,
        phone=(p.get("phone") or "").strip()[:20] or (resident.phone if resident else ""),
        role=p.get("role") or PartyRole.PARTY,
        subject_concern=p.get("subject_concern") or "",
        note=(p.get("note") or "").strip()[:200],
    )


def _assist_problems(beat: OrgUnit, assists) -> dict:
    problems: dict[str, list[str]] = {}
    seen = set()
    for unit, relation in assists:
        if unit.kind != OrgUnitKind.BEAT:
            problems.setdefault("assists", []).append(_(errors.ASSIST_KIND))
        elif unit.pk == beat.pk:
            problems.setdefault("assists", []).append(_(errors.ASSIST_SAME))
        elif unit.pk in seen:
            problems.setdefault("assists", []).append(_(errors.ASSIST_TWICE))
        if relation not in AssistRelation.values:
            problems.setdefault("assists", []).append(
                _(errors.CHOICE).format(label=_("关系"), choices=_choices_text(AssistRelation.choices))
            )
        seen.add(unit.pk)
    return problems


@transaction.atomic
def dispute_record(
    *,
    acting_user,
    beat: OrgUnit,
    domain: str,
    source: str,
    summary: str,
    place_text: str,
    reported_at: datetime | None,
    risk_level: str,
    parties: list[dict],
    occurred_at: datetime | None = None,
    risk_reasons=(),
    risk_note: str = "",
    is_police_matter: bool = True,
    is_major: bool = False,
    assists=(),
    now: datetime | None = None,
) -> Dispute:
    """录入矛盾纠纷 (第七十三条): domain, source, parties, place, times, risk grade with its reasons; for a
    cross-area dispute the assisting beats (第七十四条). Officers/auxiliaries of the lead beat (record_disputes).
    Then: repeats are proposed (第七十六条(二)), the follow-up clock starts (第七十五条) and, for a 第七十四条(三)
    risk, the report to the upper level. Nothing is written on invalid input."""
    require(acting_user, Perm.RECORD_DISPUTES, beat.path)
    now = now_or(now)
    problems: dict[str, list[str]] = {}
    if beat.kind != OrgUnitKind.BEAT:
        problems["beat"] = [_(errors.BEAT_KIND)]
    if domain not in DisputeDomain.values:
        problems["domain"] = [
            _(errors.CHOICE).format(label=_("纠纷类别"), choices=_choices_text(DisputeDomain.choices))
        ]
    if source not in DisputeSource.values:
        problems["source"] = [_(errors.CHOICE).format(label=_("来源"), choices=_choices_text(DisputeSource.choices))]
    if not summary.strip():
        problems["summary"] = [_(errors.REQUIRED).format(label=_("纠纷概要"))]
    if not place_text.strip():
        problems["place_text"] = [_(errors.REQUIRED).format(label=_("发生地点"))]
    if reported_at is None:
        problems["reported_at"] = [_(errors.REQUIRED).format(label=_("发现/接报时间"))]
    elif reported_at > now:
        problems["reported_at"] = [_(errors.DATE_FUTURE).format(label=_("发现/接报时间"))]
    if occurred_at and reported_at and occurred_at > reported_at:
        problems["occurred_at"] = [_(errors.DATE_ORDER).format(later=_("发现/接报时间"), earlier=_("发生时间"))]
    risk_reasons = list(dict.fromkeys(risk_reasons))
    problems.update(_risk_problems(risk_level, risk_reasons))
    if not parties:
        problems["parties"] = [_(errors.PARTIES_REQUIRED)]
    problems.update(_party_problems(acting_user, parties))
    problems.update(_assist_problems(beat, assists))
    if problems:
        raise ValidationError(problems, code="invalid")
    resolution = address_resolve(acting_user=None, text=place_text.strip(), default_unit=beat)
    dispute = Dispute.objects.create(
        beat=beat,
        domain=domain,
        source=source,
        summary=summary.strip(),
        address=resolution.address if not resolution.rejected else None,
        place_text=place_text.strip()[:300],
        occurred_at=occurred_at,
        reported_at=reported_at,
        risk_level=risk_level,
        risk_reasons=risk_reasons,
        risk_note=risk_note.strip()[:300],
        is_police_matter=is_police_matter,
        is_major=is_major,
        intervened_on=timezone.localdate(reported_at),
        escalation_flagged_at=now if ESCALATION_REASONS & set(risk_reasons) else None,
        recorded_by=acting_user,
    )
    for p in parties:
        _party_create(dispute, p)
    for unit, relation in assists:
        DisputeAssist.objects.create(dispute=dispute, unit=unit, relation=relation)
    log(
        acting_user,
        "dispute_record",
        OBJECT_TYPE,
        dispute.pk,
        f"录入{dispute.get_domain_display()}纠纷（{dispute.place_text[:40]}），当事人{len(parties)}人",
        beat.path,
    )
    repeat_candidates_find(dispute=dispute)
    _recompute(acting_user, dispute, timezone.localdate(now))
    return dispute


@transaction.atomic
def dispute_party_add(*, acting_user, dispute: Dispute, party: dict) -> DisputeParty:
    """Add a party (or 关系人) to a dispute; repeats are proposed again with the new party."""
    require_lead_beat(acting_user, dispute)
    require_open(dispute, _("添加当事人"))
    problems = _party_problems(acting_user, [party], offset=dispute.parties.count())
    if problems:
        raise ValidationError(problems, code="invalid")
    created = _party_create(dispute, party)
    log(acting_user, "dispute_party_add", OBJECT_TYPE, dispute.pk, f"添加纠纷当事人“{created.name}”", dispute.beat.path)
    repeat_candidates_find(dispute=dispute)
    return created


@transaction.atomic
def dispute_risk_update(
    *,
    acting_user,
    dispute: Dispute,
    risk_level: str,
    risk_reasons=(),
    risk_note: str = "",
    is_major: bool | None = None,
    now: datetime | None = None,
) -> Dispute:
    """Re-grade the risk (第七十三条); flagging a 第七十四条(三) risk starts the report to the upper level."""
    require_lead_beat(acting_user, dispute)
    require_open(dispute, _("调整风险等级"))
    now = now_or(now)
    risk_reasons = list(dict.fromkeys(risk_reasons))
    problems = _risk_problems(risk_level, risk_reasons)
    if problems:
        raise ValidationError(problems, code="invalid")
    before = {"risk_level": dispute.risk_level, "risk_reasons": dispute.risk_reasons, "is_major": dispute.is_major}
    dispute.risk_level, dispute.risk_reasons, dispute.risk_note = risk_level, risk_reasons, risk_note.strip()[:300]
    if is_major is not None:
        dispute.is_major = is_major
    if ESCALATION_REASONS & set(risk_reasons) and dispute.escalation_flagged_at is None:
        dispute.escalation_flagged_at = now
    dispute.save(
        update_fields=["risk_level", "risk_reasons", "risk_note", "is_major", "escalation_flagged_at", "updated_at"]
    )
    after = {"risk_level": dispute.risk_level, "risk_reasons": dispute.risk_reasons, "is_major": dispute.is_major}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    log(
        acting_user,
        "dispute_risk_update",
        OBJECT_TYPE,
        dispute.pk,
        f"调整纠纷风险等级为“{dispute.get_risk_level_display()}”",
        dispute.beat.path,
        changes=changes,
    )
    _recompute(acting_user, dispute, timezone.localdate(now))
    return dispute


@transaction.atomic
def dispute_assist_add(*, acting_user, dispute: Dispute, unit: OrgUnit, relation: str) -> DisputeAssist:
    """Name an assisting beat (现住地、户籍地) of a cross-area dispute (第七十四条); it may then read it."""
    require_lead_beat(acting_user, dispute)
    problems = _assist_problems(dispute.beat, [(unit, relation)])
    if dispute.assists.filter(unit=unit).exists():
        problems.setdefault("assists", []).append(_(errors.ASSIST_TWICE))
    if problems:
        raise ValidationError(problems, code="invalid")
    assist = DisputeAssist.objects.create(dispute=dispute, unit=unit, relation=relation)
    log(
        acting_user,
        "dispute_assist_add",
        OBJECT_TYPE,
        dispute.pk,
        f"请{unit.name}（{assist.get_relation_display()}）配合化解纠纷",
        dispute.beat.path,
    )
    return assist


# ---------------------------------------------------------------- repeats (第七十六条(二))


def _parties_match(new: list[DisputeParty], old: list[DisputeParty]) -> bool:
    """The same parties: the same registry resident, or (where either side is free text) the same name; two
    parties in common, or one where either dispute names only one."""

    def same(a: DisputeParty, b: DisputeParty) -> bool:
        if a.resident_id and b.resident_id:
            return a.resident_id == b.resident_id
        return a.name.strip() == b.name.strip()

    matched = sum(1 for a in new if any(same(a, b) for b in old))
    return matched >= min(2, len(new), len(old)) and matched > 0


def _same_place(new: Dispute, old: Dispute) -> bool:
    if new.address_id and old.address_id:
        return new.address_id == old.address_id
    return normalise_address(new.place_text) == normalise_address(old.place_text)


def repeat_candidates_find(*, dispute: Dispute) -> list[RepeatCandidate]:
    """Propose earlier disputes of the same station as repeats: the same parties, or the same place and domain,
    reported within the station's window (limits ``repeat_window_days``) before this one. Returns the new
    proposals; a pair proposed before (pending, confirmed or rejected) is not proposed again."""
    window = limit_value("repeat_window_days", dispute.beat)
    start = dispute.reported_at - timedelta(days=window)
    parties = list(dispute.parties.all())
    residents = [p.resident_id for p in parties if p.resident_id]
    names = [p.name.strip() for p in parties]
    earlier = Dispute.objects.filter(
        station_id=dispute.station_id,
        reported_at__gte=start,
        reported_at__lt=dispute.reported_at,
    ).exclude(pk=dispute.pk)
    earlier = earlier.filter(
        Q(domain=dispute.domain) | Q(parties__resident_id__in=residents) | Q(parties__name__in=names)
    ).distinct()
    seen = set(RepeatCandidate.objects.filter(dispute=dispute).values_list("earlier_id", flat=True))
    made = []
    for old in earlier.prefetch_related("parties").order_by("-reported_at"):
        if old.pk in seen:
            continue
        reasons = []
        if _parties_match(parties, list(old.parties.all())):
            reasons.append("same_parties")
        if old.domain == dispute.domain and _same_place(dispute, old):
            reasons.append("same_place_domain")
        if reasons:
            made.append(RepeatCandidate.objects.create(dispute=dispute, earlier=old, reasons=reasons))
    return made


@transaction.atomic
def repeat_candidate_decide(*, acting_user, candidate: RepeatCandidate, confirm: bool) -> RepeatCandidate:
    """The officer confirms (标注重复纠纷: the disputes are linked; other proposals of the dispute are settled with
    it) or rejects a proposed repeat."""
    dispute = candidate.dispute
    require_lead_beat(acting_user, dispute)
    if candidate.status != CandidateStatus.PENDING:
        raise ValidationError(_(errors.CANDIDATE_DECIDED), code="decided")
    if confirm and dispute.repeat_of_id and dispute.repeat_of_id != candidate.earlier_id:
        raise ValidationError(_(errors.REPEAT_ALREADY), code="repeat")
    candidate.status = CandidateStatus.CONFIRMED if confirm else CandidateStatus.REJECTED
    candidate.decided_by, candidate.decided_at = acting_user, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    if confirm:
        dispute.repeat_of = candidate.earlier
        dispute.save(update_fields=["repeat_of", "updated_at"])
        # The other proposals of the same dispute are the same chain of repeats: settled with this one.
        dispute.repeat_candidates.filter(status=CandidateStatus.PENDING).update(
            status=CandidateStatus.CONFIRMED, decided_by=acting_user, decided_at=candidate.decided_at
        )
    verdict = "确认为重复纠纷" if confirm else "排除重复"
    log(
        acting_user,
        "repeat_candidate_decide",
        OBJECT_TYPE,
        dispute.pk,
        f"{verdict}（此前纠纷编号{candidate.earlier_id}）",
        dispute.beat.path,
    )
    return candidate


@transaction.atomic
def dispute_repeat_mark(*, acting_user, dispute: Dispute, earlier: Dispute) -> RepeatCandidate:
    """标注重复纠纷 by hand, for a repeat the system did not propose (e.g. parties recorded differently)."""
    require_lead_beat(acting_user, dispute)
    problems = []
    if earlier.pk == dispute.pk:
        problems.append(_(errors.REPEAT_SELF))
    elif earlier.reported_at >= dispute.reported_at:
        problems.append(_(errors.REPEAT_LATER))
    elif dispute.repeat_of_id:
        problems.append(_(errors.REPEAT_ALREADY))
    if problems:
        raise ValidationError({"earlier": problems}, code="invalid")
    candidate, _created = RepeatCandidate.objects.get_or_create(
        dispute=dispute, earlier=earlier, defaults={"reasons": ["manual"]}
    )
    candidate.status, candidate.decided_by, candidate.decided_at = (
        CandidateStatus.CONFIRMED,
        acting_user,
        timezone.now(),
    )
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    dispute.repeat_of = earlier
    dispute.save(update_fields=["repeat_of", "updated_at"])
    log(
        acting_user,
        "dispute_repeat_mark",
        OBJECT_TYPE,
        dispute.pk,
        f"标注为重复纠纷（此前纠纷编号{earlier.pk}）",
        dispute.beat.path,
    )
    return candidate


# ---------------------------------------------------------------- timeline (第七十四条)


@transaction.atomic
def dispute_action_record(
    *,
    acting_user,
    dispute: Dispute,
    kind: str,
    note: str,
    done_at: datetime | None = None,
    target: str = "",
    outcome: str = "",
    now: datetime | None = None,
) -> DisputeAction:
    """Record a step of 第七十四条 on the timeline: 现场调处, 分流 to a department or the grassroots platform,
    法治教育, 人民调解, 专业调解/仲裁/诉讼, 向上级报告 (第七十四条(三)), 报所. A report to the upper level or to the
    station completes its open task."""
    require_lead_beat(acting_user, dispute)
    now = now_or(now)
    done_at = done_at or now
    problems: dict[str, list[str]] = {}
    if kind not in MANUAL_ACTIONS:
        labels = [(k, ActionKind(k).label) for k in MANUAL_ACTIONS]
        problems["kind"] = [_(errors.ACTION_KIND).format(choices=_choices_text(labels))]
    if not note.strip():
        problems["note"] = [_(errors.REQUIRED).format(label=_("情况"))]
    if kind in TARGETED_ACTIONS and not target.strip():
        problems["target"] = [_(errors.TARGET_REQUIRED)]
    if outcome and (outcome not in Outcome.values or kind not in MEDIATION_KINDS):
        problems["outcome"] = [_(errors.OUTCOME_ONLY_MEDIATION)]
    if done_at > now:
        problems["done_at"] = [_(errors.DATE_FUTURE).format(label=_("时间"))]
    if problems:
        raise ValidationError(problems, code="invalid")
    if kind not in (ActionKind.UPPER_REPORT, ActionKind.STATION_REPORT):
        require_open(dispute, _("记录处置措施"))
    action = timeline_add(acting_user, dispute, kind, done_at, note, target, outcome)
    day = timezone.localdate(done_at)
    completed = []
    if kind == ActionKind.UPPER_REPORT:
        completed = standing_tasks_complete(
            acting_user=acting_user,
            record_type=RECORD_TYPE,
            record_id=dispute.record_id,
            template="upper_report",
            values={"reported_to": target.strip(), "summary": note.strip()},
            done_on=day,
            today=timezone.localdate(now),
        )
    elif kind == ActionKind.STATION_REPORT:
        for agreement in dispute.agreements.exclude(failed_at=None):
            completed += standing_tasks_complete(
                acting_user=acting_user,
                record_type=AGREEMENT_RECORD_TYPE,
                record_id=str(agreement.pk),
                template="dispute_station_report",
                values={"summary": note.strip()},
                done_on=day,
                today=timezone.localdate(now),
            )
    action.completed_tasks = completed
    log(
        acting_user,
        "dispute_action_record",
        OBJECT_TYPE,
        dispute.pk,
        f"记录纠纷处置：{action.get_kind_display()}" + (f"（{action.target}）" if action.target else ""),
        dispute.beat.path,
    )
    return action


@transaction.atomic
def dispute_follow_up_record(
    *,
    acting_user,
    dispute: Dispute,
    visited_on: date | None,
    visited: str,
    progress: str,
    risk_level: str,
    satisfaction: str,
    today: date | None = None,
) -> DisputeFollowUp:
    """跟进回访 (第七十五条): what was learnt of the dispute's progress; it completes the open follow-up task (the
    engine schedules the next one a month on, 规则 art75_dispute_follow_up)."""
    require_lead_beat(acting_user, dispute)
    today = today_or(today)
    problems: dict[str, list[str]] = {}
    if visited_on is None:
        problems["visited_on"] = [_(errors.REQUIRED).format(label=_("回访日期"))]
    elif visited_on > today:
        problems["visited_on"] = [_(errors.DATE_FUTURE).format(label=_("回访日期"))]
    elif visited_on < dispute.intervened_on:
        problems["visited_on"] = [_(errors.DATE_ORDER).format(later=_("回访日期"), earlier=_("介入日期"))]
    for name, label, value in (("visited", _("回访对象"), visited), ("progress", _("化解进展"), progress)):
        if not value.strip():
            problems[name] = [_(errors.REQUIRED).format(label=label)]
    if risk_level not in RiskLevel.values:
        problems["risk_level"] = [
            _(errors.CHOICE).format(label=_("风险等级"), choices=_choices_text(RiskLevel.choices))
        ]
    if satisfaction not in dict(SATISFACTION):
        problems["satisfaction"] = [_(errors.CHOICE).format(label=_("满意度"), choices=_choices_text(SATISFACTION))]
    if problems:
        raise ValidationError(problems, code="invalid")
    follow_up = DisputeFollowUp.objects.create(
        dispute=dispute,
        visited_on=visited_on,
        visited=visited.strip()[:100],
        progress=progress.strip(),
        risk_level=risk_level,
        satisfaction=satisfaction,
        recorded_by=acting_user,
    )
    done_at = timezone.make_aware(datetime.combine(visited_on, datetime.min.time()).replace(hour=12))
    timeline_add(acting_user, dispute, ActionKind.FOLLOW_UP, done_at, f"回访{follow_up.visited}：{follow_up.progress}")
    follow_up.completed_tasks = standing_tasks_complete(
        acting_user=acting_user,
        record_type=RECORD_TYPE,
        record_id=dispute.record_id,
        template="follow_up",
        values={"visited": follow_up.visited, "satisfaction": satisfaction, "content": follow_up.progress[:2000]},
        done_on=visited_on,
        today=today,
        obligation=FOLLOW_UP_OBLIGATION,
    )
    if dispute.risk_level != risk_level:
        dispute.risk_level = risk_level
        dispute.save(update_fields=["risk_level", "updated_at"])
    log(
        acting_user,
        "dispute_follow_up_record",
        OBJECT_TYPE,
        dispute.pk,
        f"纠纷跟进回访（{visited_on:%Y-%m-%d}）" + ("，完成回访任务" if follow_up.completed_tasks else ""),
        dispute.beat.path,
    )
    return follow_up


@transaction.atomic
def dispute_resolve(
    *, acting_user, dispute: Dispute, resolved_on: date | None, resolution: str, today: date | None = None
) -> Dispute:
    """化解完毕: the dispute is resolved; its follow-up tasks not yet due close, overdue ones stay (the work was
    due, 第七十六条(一) counts it)."""
    require_lead_beat(acting_user, dispute)
    require_open(dispute, _("化解"))
    today = today_or(today)
    problems: dict[str, list[str]] = {}
    if resolved_on is None:
        problems["resolved_on"] = [_(errors.REQUIRED).format(label=_("化解日期"))]
    elif resolved_on > today:
        problems["resolved_on"] = [_(errors.DATE_FUTURE).format(label=_("化解日期"))]
    elif resolved_on < dispute.intervened_on:
        problems["resolved_on"] = [_(errors.DATE_ORDER).format(later=_("化解日期"), earlier=_("介入日期"))]
    if not resolution.strip():
        problems["resolution"] = [_(errors.RESOLUTION_REQUIRED)]
    if problems:
        raise ValidationError(problems, code="invalid")
    dispute.status, dispute.resolved_on, dispute.resolution = DisputeStatus.RESOLVED, resolved_on, resolution.strip()
    dispute.save(update_fields=["status", "resolved_on", "resolution", "updated_at"])
    done_at = timezone.make_aware(datetime.combine(resolved_on, datetime.min.time()).replace(hour=12))
    timeline_add(acting_user, dispute, ActionKind.RESOLVED, done_at, resolution)
    log(
        acting_user,
        "dispute_resolve",
        OBJECT_TYPE,
        dispute.pk,
        f"纠纷化解完毕（{resolved_on:%Y-%m-%d}）",
        dispute.beat.path,
    )
    _recompute(acting_user, dispute, today)
    return dispute


# ---------------------------------------------------------------- 治安调解 (第七十四条第二款)


def _agreement_failed(acting_user, agreement: MediationAgreement, now: datetime) -> None:
    agreement.failed_at = now
    agreement.save(update_fields=["failed_at"])
    rules_recompute_record(
        acting_user=acting_user,
        record_type=AGREEMENT_RECORD_TYPE,
        record_id=str(agreement.pk),
        as_of=timezone.localdate(now),
    )


@transaction.atomic
def agreement_record(
    *,
    acting_user,
    dispute: Dispute,
    reached: bool,
    parties_text: str,
    terms: str = "",
    signed_on: date | None = None,
    now: datetime | None = None,
) -> MediationAgreement:
    """治安调解: an agreement reached and signed, or not reached — then a 报所 task at once (第七十四条第二款)."""
    require_lead_beat(acting_user, dispute)
    require_open(dispute, _("记录治安调解"))
    now = now_or(now)
    problems: dict[str, list[str]] = {}
    if not parties_text.strip():
        problems["parties_text"] = [_(errors.REQUIRED).format(label=_("协议当事人"))]
    if reached and (not terms.strip() or signed_on is None):
        problems["terms"] = [_(errors.AGREEMENT_TERMS)]
    if signed_on and signed_on > timezone.localdate(now):
        problems["signed_on"] = [_(errors.DATE_FUTURE).format(label=_("签订日期"))]
    if problems:
        raise ValidationError(problems, code="invalid")
    agreement = MediationAgreement.objects.create(
        dispute=dispute,
        reached=reached,
        parties_text=parties_text.strip()[:200],
        terms=terms.strip(),
        signed_on=signed_on if reached else None,
        recorded_by=acting_user,
    )
    timeline_add(
        acting_user,
        dispute,
        ActionKind.POLICE_MEDIATION,
        now,
        agreement.terms or _("未达成调解协议"),
        outcome=Outcome.SUCCESS if reached else Outcome.FAILURE,
    )
    log(
        acting_user,
        "agreement_record",
        "mediation_agreement",
        agreement.pk,
        "治安调解达成协议" if reached else "治安调解未达成协议，生成报所任务",
        dispute.beat.path,
    )
    if not reached:
        _agreement_failed(acting_user, agreement, now)
    return agreement


@transaction.atomic
def agreement_performance_record(
    *, acting_user, agreement: MediationAgreement, performed: bool, checked_on: date | None, now: datetime | None = None
) -> MediationAgreement:
    """履行情况: performed, or not — then a 报所 task at once (第七十四条第二款)."""
    dispute = agreement.dispute
    require_lead_beat(acting_user, dispute)
    now = now_or(now)
    if not agreement.reached:
        raise ValidationError(_(errors.AGREEMENT_NOT_REACHED), code="not_reached")
    if agreement.performed is not None:
        raise ValidationError(_(errors.AGREEMENT_CHECKED), code="checked")
    if checked_on is None:
        raise ValidationError({"checked_on": [_(errors.REQUIRED).format(label=_("履行核实日期"))]}, code="invalid")
    if checked_on > timezone.localdate(now):
        raise ValidationError({"checked_on": [_(errors.DATE_FUTURE).format(label=_("履行核实日期"))]}, code="invalid")
    agreement.performed, agreement.performance_checked_on = performed, checked_on
    agreement.save(update_fields=["performed", "performance_checked_on"])
    log(
        acting_user,
        "agreement_performance_record",
        "mediation_agreement",
        agreement.pk,
        "治安调解协议已履行" if performed else "治安调解协议未履行，生成报所任务",
        dispute.beat.path,
    )
    if not performed:
        timeline_add(
            acting_user, dispute, ActionKind.POLICE_MEDIATION, now, _("调解协议未履行"), outcome=Outcome.FAILURE
        )
        _agreement_failed(acting_user, agreement, now)
    return agreement


# ---------------------------------------------------------------- special subjects (第七十五条第二款)


@transaction.atomic
def dispute_marking_request(
    *, acting_user, party: DisputeParty, category: str, facts: dict, today: date | None = None
) -> DisputeParty:
    """From a party who threatens others, is a DV perpetrator, a seriously misbehaving minor or a mentally ill
    person who caused trouble: ask, in one step, that they be marked as a special subject. The request is the
    subjects module's own (special_subject_mark): it waits in the station lead's 标注审批."""
    dispute = party.dispute
    require_lead_beat(acting_user, dispute)
    allowed = [(c, label) for c, label in SubjectConcern.choices if c]
    if category not in dict(allowed):
        raise ValidationError(
            {"category": [_(errors.MARKING_CATEGORY).format(choices=_choices_text(allowed))]}, code="category"
        )
    if party.resident_id is None:
        raise ValidationError({"resident": [_(errors.MARKING_NO_RESIDENT)]}, code="no_resident")
    if party.marking_id:
        raise ValidationError(_(errors.MARKING_DONE), code="marked")
    subject = special_subject_mark(
        acting_user=acting_user, resident=party.resident, category=category, facts=facts, today=today
    )
    party.marking = subject
    party.subject_concern = category
    party.save(update_fields=["marking", "subject_concern"])
    log(
        acting_user,
        "dispute_marking_request",
        OBJECT_TYPE,
        dispute.pk,
        f"从矛盾纠纷申请将当事人标注为“{subject.get_category_display()}”，待所领导审批",
        dispute.beat.path,
    )
    return party


# ---------------------------------------------------------------- reads on the trail


def dispute_read(*, acting_user, dispute: Dispute, unmask: bool = False, channel: str = "web") -> bool:
    """Opening a dispute shows its parties: one 访问留痕 row per party (and one per unmasked party when the user
    may unmask, 规范001 第一百零九条). Returns whether phones may be shown unmasked."""
    unmasked = False
    for party in dispute.parties.all():
        unmasked = personal_record_read(
            acting_user=acting_user,
            object_type=PARTY_OBJECT_TYPE,
            object_id=party.pk,
            object_label=f"{party.name}（纠纷{dispute.pk}）",
            scope_path=dispute.beat.path,
            unmask=unmask,
            channel=channel,
        )
    return unmasked
