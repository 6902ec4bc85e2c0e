"""State changes of unit supervision — one function each, keyword-only, one transaction, on the operation log.

An inspection (规范001 第五十八条、第五十九条、第六十九条) is recorded item by item with its assistant (第六十条、
第七十条) and completes the unit's open inspection tasks through the tasks service, so the engine schedules the
next one (ADR 0002's one path for "done"). A failed item becomes a hazard: 责令限期整改 (+ 警告) with the deadline the
officer chose and its numbered 整改通知书; the engine derives the 24-hour filing and the re-inspection at the deadline
in force (第六十一条). The unit's 书面延期整改申请 is recorded by the officer and decided by the station lead; a failed
re-inspection cannot be recorded without its report, notice or 报所 (第六十一条第二款), so 第六十二条(三) is met by
construction.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import Perm, Role
from accounts.scope import path_covered
from audit.services import operation_log_write
from fengqiao import uploads
from org.models import AUXILIARY_KINDS, POLICE_KINDS, Staff, path_prefixes
from rules.services import rules_recompute_record, rules_run
from tasks.models import Message, MessageKind, Task, TaskStatus
from tasks.services import task_feedback_submit

from . import errors
from .catalogue import CHECKLIST_BY_CODE, TRADE_TYPE_BY_CODE, checklist_for, is_trade_unit
from .models import (
    Escalation,
    ExtensionStatus,
    Hazard,
    HazardExtension,
    HazardStatus,
    Inspection,
    InspectionEvidence,
    InspectionKind,
    InspectionSetting,
    InspectionTrigger,
    Reinspection,
    ReinspectionResult,
    SupervisedBy,
    Supervision,
)
from .notices import notice_issue, station_of

UNIT_RECORD = "supervised_unit"
HAZARD_RECORD = "hazard"
MONTHLY_CODE = "local002_monthly_trade_inspection"
MAX_FILE_MB = 50
EVIDENCE_KINDS = (*uploads.PHOTOS, *uploads.RECORDINGS, uploads.PDF)
SUPERVISION_FIELDS = (
    "supervised_by",
    "trade_type",
    "licence_number",
    "licence_on",
    "filing_number",
    "filing_on",
    "key_parts",
)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _require(acting_user, perm: str, path: str) -> None:
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _log(acting_user, action: str, object_type: str, obj, summary: str, path: str, changes: dict | None = None):
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        summary=summary,
        changes=changes,
        scope_path=path,
    )


def supervision_of(organization) -> Supervision:
    """The unit's supervision facts (an unsaved default row when none was recorded: 本所, ordinary unit)."""
    try:
        return organization.supervision
    except Supervision.DoesNotExist:
        return Supervision(organization=organization)


def unit_profile(organization) -> tuple[bool, bool, Supervision]:
    """(key unit, 场所行业 unit, supervision facts) — what decides its checklist and its clocks."""
    supervision = supervision_of(organization)
    return organization.is_key_unit, is_trade_unit(organization.category, supervision.trade_type), supervision


def unit_checklist(organization):
    key, trade, _s = unit_profile(organization)
    return checklist_for(key_unit=key, trade=trade)


# ---------------------------------------------------------------- supervision facts


@transaction.atomic
def supervision_update(*, acting_user, organization, data: dict, today: date | None = None) -> Supervision:
    """Record who supervises a unit (第五十七条), its 第六十八条 type, licence/filing (第六十九条(一)) and key parts
    (第五十九条(二)). Officers (inspect_units over the unit's beat). Its inspection schedule follows at once."""
    _require(acting_user, Perm.INSPECT_UNITS, organization.org_unit.path)
    today = _today(today)
    supervision = supervision_of(organization)
    problems: dict[str, list[str]] = {}
    cleaned: dict = {}
    for name in SUPERVISION_FIELDS:
        value = data.get(name, getattr(supervision, name))
        if isinstance(value, str):
            value = value.strip()
        cleaned[name] = value if value not in (None, "") or name.endswith("_on") else ""
    if cleaned["supervised_by"] not in SupervisedBy.values:
        cleaned["supervised_by"] = SupervisedBy.STATION
    if cleaned["trade_type"] and cleaned["trade_type"] not in TRADE_TYPE_BY_CODE:
        problems["trade_type"] = [_(errors.TRADE_TYPE_UNKNOWN)]
    for name in ("licence_on", "filing_on"):
        value = cleaned[name] or None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                problems[name] = [_(errors.DATE_REQUIRED)]
        if isinstance(value, date) and value > today:
            problems[name] = [_(errors.DATE_FUTURE)]
        cleaned[name] = value
    if problems:
        raise ValidationError(problems, code="invalid")
    changes = {}
    for name, value in cleaned.items():
        old = getattr(supervision, name)
        if old != value:
            changes[name] = [str(old or ""), str(value or "")]
            setattr(supervision, name, value)
    if changes or supervision.pk is None:
        supervision.save()
        _log(
            acting_user,
            "supervision_update",
            "organization",
            organization,
            f"修改单位“{organization.name}”的监督管理信息",
            organization.org_unit.path,
            changes,
        )
        rules_recompute_record(acting_user=acting_user, record_type=UNIT_RECORD, record_id=organization.pk, as_of=today)
    return supervision


@transaction.atomic
def inspection_setting_update(*, acting_user, station, monthly_inspection: bool, today: date | None = None):
    """所领导 switches 规范002's monthly inspection of 场所行业 on or off for the station (decide_inspections)."""
    _require(acting_user, Perm.DECIDE_INSPECTIONS, station.path)
    setting, _created = InspectionSetting.objects.get_or_create(station=station)
    if setting.monthly_inspection != monthly_inspection:
        setting.monthly_inspection = monthly_inspection
        setting.save(update_fields=["monthly_inspection", "updated_at"])
        verdict = "开启" if monthly_inspection else "关闭"
        _log(
            acting_user,
            "inspection_setting_update",
            "org_unit",
            station,
            f"{verdict}{station.name}场所行业每月检查（规范002）",
            station.path,
            {"monthly_inspection": [not monthly_inspection, monthly_inspection]},
        )
        rules_run(acting_user=acting_user, as_of=_today(today), codes=[MONTHLY_CODE])
    return setting


# ---------------------------------------------------------------- evidence


def evidence_check(files) -> list[uploads.CheckedFile]:
    """Photos, recordings and PDFs, checked by content (``fengqiao.uploads``); 执法记录仪 footage over the limit is
    referred to by its number instead."""
    return uploads.check_all(files, field="files", kinds=EVIDENCE_KINDS, max_mb=MAX_FILE_MB)


def _evidence_store(acting_user, checked, **target) -> None:
    for c in checked:
        InspectionEvidence.objects.create(uploaded_by=acting_user, **target, **c.facts())


# ---------------------------------------------------------------- inspections


def _assistant_check(assistant, organization, problems: dict) -> None:
    if assistant is None:
        problems["assistant"] = [_(errors.ASSISTANT_REQUIRED)]
        return
    station = station_of(organization.org_unit)
    if (
        not isinstance(assistant, Staff)
        or not assistant.is_active
        or assistant.kind not in (*AUXILIARY_KINDS, *POLICE_KINDS)
        or not assistant.org_unit.path.startswith(station.path)
    ):
        problems["assistant"] = [_(errors.ASSISTANT_INVALID)]


def _date_check(value, today: date, field: str, problems: dict) -> None:
    if value is None:
        problems[field] = [_(errors.DATE_REQUIRED)]
    elif value > today:
        problems[field] = [_(errors.DATE_FUTURE)]


def _answers_clean(items, answers: dict, problems: dict) -> dict:
    known = {i.code for i in items}
    cleaned = {}
    for code in answers:
        if code not in known:
            problems.setdefault("answers", []).append(_(errors.ITEM_UNKNOWN).format(code=code))
    for item in items:
        answer = answers.get(item.code)
        if not isinstance(answer, dict) or answer.get("ok") not in (True, False):
            problems.setdefault("answers", []).append(_(errors.ITEM_UNANSWERED).format(label=item.label))
            continue
        note = str(answer.get("note") or "").strip()[:500]
        if not answer["ok"] and not note:
            problems.setdefault("answers", []).append(_(errors.ITEM_NOTE_REQUIRED).format(label=item.label))
        cleaned[item.code] = {"ok": answer["ok"], "note": note}
    return cleaned


def _open_unit_tasks(record_id: str, template: str, done_on: date, record_type: str) -> list[Task]:
    """Per obligation, the oldest open occurrence that had started by ``done_on`` (calendar: one per period)."""
    qs = Task.objects.filter(
        record_type=record_type,
        record_id=record_id,
        template__code=template,
        status__in=(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED),
    ).select_related("template", "org_unit")
    chosen: dict[str, Task] = {}
    for task in qs.order_by("due_on", "id"):
        if (task.start_on is None or task.start_on <= done_on) and task.obligation_code not in chosen:
            chosen[task.obligation_code] = task
    return list(chosen.values())


def _complete(acting_user, tasks: list[Task], data: dict, done_on: date, today: date) -> list[int]:
    done = []
    for task in tasks:
        values = {"done_on": done_on.isoformat()}
        values |= {spec["name"]: data[spec["name"]] for spec in task.template.fields if spec["name"] in data}
        task_feedback_submit(acting_user=acting_user, task=task, data=values, today=max(today, done_on))
        done.append(task.pk)
    return done


def _station_leads(path: str) -> list:
    rows = RoleAssignment.objects.filter(
        role=Role.STATION_LEAD, org_unit__path__in=path_prefixes(path), user__is_active=True
    ).select_related("user")
    return [a.user for a in rows]


@transaction.atomic
def inspection_record(
    *,
    acting_user,
    organization,
    kind: str,
    trigger: str,
    inspected_on: date | None,
    assistant,
    recorder_ref: str,
    answers: dict,
    situation: str = "",
    serious: bool = False,
    files=(),
    today: date | None = None,
) -> Inspection:
    """Record an on-site inspection item by item (第五十八条(一)–(六); + 第五十九条 for key units; + 第六十九条 for
    场所行业), with the assisting auxiliary/警务助理 or second officer (第六十条、第七十条) and the 执法记录仪
    reference. Officers (inspect_units over the unit's beat). It completes the unit's open inspection tasks; a
    治安问题突出 finding is reported to the station leads at once (第七十条). Nothing is written on invalid input."""
    _require(acting_user, Perm.INSPECT_UNITS, organization.org_unit.path)
    today = _today(today)
    key, trade, supervision = unit_profile(organization)
    problems: dict[str, list[str]] = {}
    if supervision.supervised_by != SupervisedBy.STATION:
        raise ValidationError({"__all__": [_(errors.NOT_SUPERVISED)]}, code="not_supervised")
    if not organization.is_active:
        raise ValidationError({"__all__": [_(errors.UNIT_INACTIVE)]}, code="inactive")
    if kind not in InspectionKind.values:
        problems["kind"] = [_(errors.KIND_INVALID)]
    if trigger not in InspectionTrigger.values:
        problems["trigger"] = [_(errors.TRIGGER_INVALID)]
    _date_check(inspected_on, today, "inspected_on", problems)
    _assistant_check(assistant, organization, problems)
    if not (recorder_ref or "").strip():
        problems["recorder_ref"] = [_(errors.RECORDER_REQUIRED)]
    cleaned = _answers_clean(checklist_for(key_unit=key, trade=trade), answers or {}, problems)
    try:
        files = evidence_check(files)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems, code="invalid")
    inspection = Inspection.objects.create(
        organization=organization,
        org_unit=organization.org_unit,
        kind=kind,
        trigger=trigger,
        inspected_on=inspected_on,
        inspector=acting_user,
        assistant=assistant,
        recorder_ref=recorder_ref.strip()[:100],
        key_unit=key,
        trade_unit=trade,
        answers=cleaned,
        situation=situation.strip(),
        serious=serious,
    )
    _evidence_store(acting_user, files, inspection=inspection)
    failed = inspection.failed_items
    path = organization.org_unit.path
    _log(
        acting_user,
        "inspection_record",
        "inspection",
        inspection,
        f"检查单位“{organization.name}”（{inspection.get_kind_display()}，{len(cleaned)}项，不合格{len(failed)}项）",
        path,
    )
    summary = situation.strip() or f"检查{len(cleaned)}项，不合格{len(failed)}项"
    tasks = _open_unit_tasks(str(organization.pk), "unit_inspection", inspected_on, UNIT_RECORD)
    data = {"hazard_found": "yes" if failed else "no", "situation": summary[:500]}
    inspection.completed_tasks = _complete(acting_user, tasks, data, inspected_on, today)
    if inspection.completed_tasks:
        inspection.save(update_fields=["completed_tasks"])
    if serious:
        _report_serious(acting_user, inspection)
    return inspection


def _report_serious(acting_user, inspection: Inspection) -> None:
    """治安问题突出的，应当立即报告 (第七十条): a message to every station lead over the unit, on the log."""
    text = f"【立即报告】{inspection.organization.name}治安问题突出（{inspection.inspected_on:%Y-%m-%d}检查），请阅处"
    for lead in _station_leads(inspection.org_unit.path):
        Message.objects.get_or_create(
            recipient=lead,
            key=f"inspection-serious:{inspection.pk}",
            defaults={"kind": MessageKind.NOTICE, "text": text[:300]},
        )
    _log(acting_user, "inspection_report_serious", "inspection", inspection, text, inspection.org_unit.path)


# ---------------------------------------------------------------- hazards and notices


@transaction.atomic
def hazard_raise(
    *,
    acting_user,
    inspection: Inspection,
    item_code: str,
    description: str,
    requirement: str,
    deadline: date | None,
    warning: bool = False,
    decided_at: datetime | None = None,
    legal_basis: str = "",
    interviewee: str = "",
    interview_note: str = "",
) -> Hazard:
    """责令限期整改 (并处警告) for a failed checklist item (第六十一条), with the deadline the officer chose (the
    article sets none) and the 约谈 record for 场所行业 (第七十条). Issues the numbered 整改通知书 (PDF) and derives
    the 24-hour filing and the re-inspection at the deadline. Officers (inspect_units)."""
    organization = inspection.organization
    _require(acting_user, Perm.INSPECT_UNITS, inspection.org_unit.path)
    now = timezone.now()
    decided_at = decided_at or now
    problems: dict[str, list[str]] = {}
    if item_code not in inspection.failed_items:
        problems["item_code"] = [_(errors.ITEM_NOT_FAILED)]
    else:
        existing = inspection.hazards.filter(item_code=item_code).select_related("notice").first()
        if existing is not None:
            number = existing.notice.number if existing.notice else str(existing.pk)
            problems["item_code"] = [_(errors.HAZARD_EXISTS).format(number=number)]
    if not description.strip():
        problems["description"] = [_(errors.DESCRIPTION_REQUIRED)]
    if not requirement.strip():
        problems["requirement"] = [_(errors.REQUIREMENT_REQUIRED)]
    if decided_at > now:
        problems["decided_at"] = [_(errors.DECIDED_FUTURE)]
    if deadline is None:
        problems["deadline"] = [_(errors.DEADLINE_REQUIRED)]
    elif deadline <= timezone.localdate(decided_at):
        problems["deadline"] = [_(errors.DEADLINE_TOO_EARLY)]
    if inspection.trade_unit and not interviewee.strip():
        problems["interviewee"] = [_(errors.INTERVIEW_REQUIRED)]
    if problems:
        raise ValidationError(problems, code="invalid")
    item, day = CHECKLIST_BY_CODE[item_code], inspection.inspected_on
    basis = legal_basis.strip() or f"{item.source}、规范001 第六十一条"
    hazard = Hazard.objects.create(
        inspection=inspection,
        organization=organization,
        org_unit=inspection.org_unit,
        item_code=item_code,
        description=description.strip(),
        requirement=requirement.strip(),
        legal_basis=basis[:300],
        warning=warning,
        decided_at=decided_at,
        original_deadline=deadline,
        deadline=deadline,
        interviewee=interviewee.strip()[:60],
        interview_note=interview_note.strip(),
        decided_by=acting_user,
    )
    hazard.notice = notice_issue(
        acting_user=acting_user,
        kind="rectification",
        org_unit=inspection.org_unit,
        subject=(HAZARD_RECORD, hazard.pk),
        recipient=organization.name,
        address=organization.address_text or (str(organization.address) if organization.address_id else ""),
        deadline=deadline,
        legal_basis=basis,
        dated=timezone.localdate(decided_at),
        content={
            "inspected_on": f"{day.year}年{day.month}月{day.day}日",
            "item": item.label,
            "item_source": item.source,
            "hazard": hazard.description,
            "requirement": hazard.requirement,
            "warning": warning,
        },
    )
    hazard.save(update_fields=["notice"])
    decision = "责令限期整改" + ("并处警告" if warning else "")
    _log(
        acting_user,
        "hazard_raise",
        "hazard",
        hazard,
        f"{organization.name}：{decision}，期限{deadline:%Y-%m-%d}，{hazard.notice.number}",
        inspection.org_unit.path,
    )
    rules_recompute_record(
        acting_user=acting_user, record_type=HAZARD_RECORD, record_id=hazard.pk, as_of=timezone.localdate(decided_at)
    )
    return hazard


def _open_hazard(hazard: Hazard, action: str) -> None:
    if not hazard.is_open:
        raise ValidationError(
            _(errors.HAZARD_CLOSED).format(status=hazard.get_status_display(), action=action), code="closed"
        )


@transaction.atomic
def hazard_file(*, acting_user, hazard: Hazard, today: date | None = None) -> Hazard:
    """报所属公安机关备案 within 24 hours of the decision (第六十一条): records the filing and completes the filing
    task (its due time is the decision time + 24 h). Officers (inspect_units)."""
    _require(acting_user, Perm.INSPECT_UNITS, hazard.org_unit.path)
    if hazard.filed_at is not None:
        at = f"{timezone.localtime(hazard.filed_at):%Y-%m-%d %H:%M}"
        raise ValidationError(_(errors.ALREADY_FILED).format(at=at), code="filed")
    now = timezone.now()
    hazard.filed_at = now
    hazard.save(update_fields=["filed_at"])
    today = _today(today)
    number = hazard.notice.number if hazard.notice else ""
    tasks = _open_unit_tasks(str(hazard.pk), "hazard_filing", timezone.localdate(now), HAZARD_RECORD)
    _complete(acting_user, tasks, {"decision_no": number}, timezone.localdate(now), today)
    _log(acting_user, "hazard_file", "hazard", hazard, f"隐患整改决定报所备案（{number}）", hazard.org_unit.path)
    return hazard


@transaction.atomic
def extension_record(
    *,
    acting_user,
    hazard: Hazard,
    applied_on: date | None,
    requested_deadline: date | None,
    reason: str,
    officer_opinion: str,
    today: date | None = None,
) -> HazardExtension:
    """Record the unit's 书面延期整改申请 with the officer's review (第六十一条); it waits for the station lead.
    Officers (inspect_units)."""
    _require(acting_user, Perm.INSPECT_UNITS, hazard.org_unit.path)
    _open_hazard(hazard, _("申请延期"))
    today = _today(today)
    problems: dict[str, list[str]] = {}
    _date_check(applied_on, today, "applied_on", problems)
    if applied_on is not None and applied_on > hazard.deadline:
        problems["applied_on"] = [_(errors.EXTENSION_LATE).format(deadline=hazard.deadline.isoformat())]
    if requested_deadline is None:
        problems["requested_deadline"] = [_(errors.DATE_REQUIRED)]
    elif requested_deadline <= hazard.deadline:
        problems["requested_deadline"] = [_(errors.EXTENSION_DATE).format(deadline=hazard.deadline.isoformat())]
    if not reason.strip():
        problems["reason"] = [_(errors.REASON_REQUIRED)]
    if not officer_opinion.strip():
        problems["officer_opinion"] = [_(errors.OPINION_REQUIRED)]
    if hazard.extensions.filter(status=ExtensionStatus.PENDING).exists():
        problems["__all__"] = [_(errors.EXTENSION_PENDING)]
    if problems:
        raise ValidationError(problems, code="invalid")
    extension = HazardExtension.objects.create(
        hazard=hazard,
        applied_on=applied_on,
        requested_deadline=requested_deadline,
        reason=reason.strip()[:300],
        officer_opinion=officer_opinion.strip()[:300],
        recorded_by=acting_user,
    )
    _log(
        acting_user,
        "extension_record",
        "hazard",
        hazard,
        f"登记{hazard.organization.name}书面延期整改申请：延至{requested_deadline:%Y-%m-%d}，报所领导审批",
        hazard.org_unit.path,
    )
    return extension


@transaction.atomic
def extension_decide(
    *, acting_user, extension: HazardExtension, approve: bool, note: str = "", today: date | None = None
) -> HazardExtension:
    """报所定 (第六十一条): the station lead (decide_inspections) approves — the deadline and the re-inspection move —
    or refuses with a reason — both stay. An officer cannot decide it."""
    hazard = extension.hazard
    if acting_user is not None and not path_covered(acting_user, hazard.org_unit.path, Perm.DECIDE_INSPECTIONS):
        raise PermissionDenied(_(errors.LEAD_DECIDES))
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_(errors.NOT_PENDING), code="decided")
    _open_hazard(hazard, _("审批延期"))
    if not approve and not note.strip():
        raise ValidationError({"note": [_(errors.REASON_REQUIRED)]}, code="reason")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at = acting_user, timezone.now()
    extension.decision_note = note.strip()[:300]
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    changes = None
    if approve:
        changes = {"deadline": [hazard.deadline.isoformat(), extension.requested_deadline.isoformat()]}
        hazard.deadline = extension.requested_deadline
        hazard.save(update_fields=["deadline"])
    verdict = "同意" if approve else "不同意"
    _log(
        acting_user,
        "extension_decide",
        "hazard",
        hazard,
        f"{verdict}{hazard.organization.name}延期整改至{extension.requested_deadline:%Y-%m-%d}"
        + (f"（{note.strip()}）" if note.strip() else ""),
        hazard.org_unit.path,
        changes,
    )
    if approve:
        rules_recompute_record(
            acting_user=acting_user, record_type=HAZARD_RECORD, record_id=hazard.pk, as_of=_today(today)
        )
    return extension


@transaction.atomic
def reinspection_record(
    *,
    acting_user,
    hazard: Hazard,
    reinspected_on: date | None,
    assistant,
    recorder_ref: str,
    result: str,
    situation: str = "",
    on_request: bool = False,
    escalation: str = "",
    escalated_to: str = "",
    escalation_note: str = "",
    files=(),
    today: date | None = None,
) -> Reinspection:
    """复查 at the deadline or on the unit's earlier request (第六十一条). Rectified → the hazard is closed. Not
    rectified → the record must carry its report to the 乡镇人民政府/街道办事处, its notice to the unit's parent body,
    or its 报所 for 逾期不整改 handling, and the hazard closes as escalated (第六十二条(三) by construction).
    Officers (inspect_units); the re-inspection task is completed."""
    _require(acting_user, Perm.INSPECT_UNITS, hazard.org_unit.path)
    _open_hazard(hazard, _("复查"))
    today = _today(today)
    problems: dict[str, list[str]] = {}
    _date_check(reinspected_on, today, "reinspected_on", problems)
    if reinspected_on is not None and reinspected_on < hazard.deadline and not on_request:
        problems["reinspected_on"] = [_(errors.REINSPECTION_EARLY).format(deadline=hazard.deadline.isoformat())]
    _assistant_check(assistant, hazard.organization, problems)
    if not (recorder_ref or "").strip():
        problems["recorder_ref"] = [_(errors.RECORDER_REQUIRED)]
    if result not in ReinspectionResult.values:
        problems["result"] = [_(errors.RESULT_INVALID)]
    escalation = escalation or ""
    if result == ReinspectionResult.NOT_RECTIFIED:
        if escalation not in (Escalation.GOVERNMENT, Escalation.PARENT, Escalation.STATION):
            problems["escalation"] = [_(errors.ESCALATION_REQUIRED)]
        elif escalation != Escalation.STATION and not escalated_to.strip():
            problems["escalated_to"] = [_(errors.ESCALATED_TO_REQUIRED)]
        if not escalation_note.strip():
            problems["escalation_note"] = [_(errors.ESCALATION_NOTE_REQUIRED)]
    elif escalation:
        problems["escalation"] = [_(errors.ESCALATION_ONLY_ON_FAILURE)]
    try:
        files = evidence_check(files)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems, code="invalid")
    tasks = _open_unit_tasks(str(hazard.pk), "reinspection", reinspected_on, HAZARD_RECORD)
    # The deadline in force, rolled like its task when it falls on a rest day (rules row art61_hazard_reinspection).
    deadline_in_force = max([hazard.deadline, *(t.due_on for t in tasks)])
    reinspection = Reinspection.objects.create(
        hazard=hazard,
        reinspected_on=reinspected_on,
        on_request=on_request,
        inspector=acting_user,
        assistant=assistant,
        recorder_ref=recorder_ref.strip()[:100],
        result=result,
        situation=situation.strip(),
        escalation=escalation,
        escalated_to=escalated_to.strip()[:100],
        escalation_note=escalation_note.strip(),
        deadline_in_force=deadline_in_force,
    )
    _evidence_store(acting_user, files, reinspection=reinspection)
    _complete(acting_user, tasks, {"result": result}, reinspected_on, today)
    if result == ReinspectionResult.RECTIFIED:
        hazard.status = HazardStatus.RECTIFIED
    else:
        hazard.status = HazardStatus.HANDED_OVER if escalation == Escalation.STATION else HazardStatus.ESCALATED
    hazard.closed_on = reinspected_on
    hazard.save(update_fields=["status", "closed_on"])
    _log(
        acting_user,
        "reinspection_record",
        "hazard",
        hazard,
        f"复查{hazard.organization.name}：{reinspection.get_result_display()}"
        + (f"，{reinspection.get_escalation_display()}" if escalation else ""),
        hazard.org_unit.path,
    )
    rules_recompute_record(acting_user=acting_user, record_type=HAZARD_RECORD, record_id=hazard.pk, as_of=today)
    return reinspection
