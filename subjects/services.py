"""State changes of special subjects — one function each, keyword-only, one transaction, on the operation log.

Marking and unmarking are requests the station lead decides (规范001 第三十九条); only an approved marking is in
force: it labels the resident (``Resident.labels``) and the rules engine derives its obligations
(``rules_recompute_record``). Visits (第四十条) and category records (第四十一条) complete the subject's open
standing tasks through the tasks service, so the engine schedules the next one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from audit.models import AccessRecord
from audit.services import operation_log_write, personal_record_read
from fengqiao import uploads
from org.models import OrgUnit, OrgUnitKind
from rules.calendar import add_months
from rules.services import rules_recompute_record
from tasks.models import OPEN_STATUSES, Task, TaskKind
from tasks.services import beat_officer, standing_tasks_complete, task_dispatch, task_issue

from . import errors
from .categories import CATEGORY_BY_CODE, MEASURES, MET, RECORD_KIND_BY_CODE, VISIT_COMPLETES, WAYS, category_label
from .models import (
    ApprovalAction,
    ApprovalStatus,
    BulkReadWarning,
    PushedWarning,
    SpecialSubject,
    SubjectApproval,
    SubjectAttachment,
    SubjectRecord,
    SubjectStatus,
    SubjectTransfer,
    TransferStatus,
    Visit,
)
from .scoring import BULK_READ_THRESHOLD, RiskInput, risk_score

MAX_FILE_MB = 20
RECORD_TYPE = "special_subject"
OBJECT_TYPE = "special_subject"
# 面见时限上限：三十日（推送时限由基础管控中心确定，规范001 第四十条(二)）
MAX_LIMIT_HOURS = 720


def subject_label(category: str) -> str:
    """The resident label a marking in force carries (Resident.labels)."""
    return f"特定对象·{category_label(category)}"


def _require(acting_user, perm: str, path: str) -> None:
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _log(acting_user, subject: SpecialSubject, action: str, summary: str, changes: dict | None = None) -> None:
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=subject.pk,
        summary=summary,
        changes=changes,
        scope_path=subject.org_unit.path,
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# ---------------------------------------------------------------- facts of a category


def facts_clean(category: str, data: dict, *, today: date | None = None) -> dict:
    """Validate the category's own facts (categories.CATEGORIES); every problem on its field, in Chinese."""
    today = _today(today)
    row = CATEGORY_BY_CODE.get(category)
    if row is None:
        raise ValidationError({"category": [_(errors.CATEGORY_UNKNOWN)]}, code="category")
    problems: dict[str, list[str]] = {}
    cleaned: dict = {}
    for spec in row["facts"]:
        name, label = spec["name"], spec["label"]
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.get("required", True):
                problems[name] = [_(errors.FACT_REQUIRED).format(label=label)]
            continue
        if spec["type"] == "date":
            try:
                day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
            except ValueError:
                problems[name] = [_(errors.FACT_DATE_INVALID).format(label=label)]
                continue
            if day > today and not spec.get("future"):
                problems[name] = [_(errors.FACT_DATE_FUTURE).format(label=label)]
                continue
            cleaned[name] = day.isoformat()
        elif spec["type"] == "choice":
            values = [c[0] for c in spec["choices"]]
            if value not in values:
                names = "、".join(c[1] for c in spec["choices"])
                problems[name] = [_(errors.FACT_CHOICE_INVALID).format(label=label, choices=names)]
                continue
            cleaned[name] = value
        else:
            cleaned[name] = str(value).strip()[:200]
    if "term" in row:
        start, end = row["term"]
        if start in cleaned and end in cleaned and cleaned[end] < cleaned[start]:
            labels = {s["name"]: s["label"] for s in row["facts"]}
            problems[end] = [_(errors.TERM_ORDER).format(end=labels[end], start=labels[start])]
    if category == "released_prisoner" and "released_on" in cleaned:
        released = date.fromisoformat(cleaned["released_on"])
        if add_months(released, 60) <= today:
            problems["released_on"] = [_(errors.RELEASE_TOO_OLD).format(day=cleaned["released_on"])]
    if problems:
        raise ValidationError(problems, code="facts_invalid")
    return cleaned


def _dates(subject: SpecialSubject, effective_on: date) -> tuple[date, date | None]:
    """started_on / ends_on for the engine, from the category row (trigger, ends, ends_years_after)."""
    row = CATEGORY_BY_CODE[subject.category]
    facts = subject.facts
    started = date.fromisoformat(facts[row["trigger"]]) if row.get("trigger") and facts.get(row["trigger"]) else None
    ends = None
    if row.get("ends") and facts.get(row["ends"]):
        ends = date.fromisoformat(facts[row["ends"]])
        if row.get("ends_years_after"):
            ends = add_months(ends, 12 * row["ends_years_after"])
    return started or effective_on, ends


# ---------------------------------------------------------------- marking and approval


@transaction.atomic
def special_subject_mark(*, acting_user, resident, category: str, facts: dict, today: date | None = None):
    """标注: ask that a registered resident be marked in a category of 第三十七条, with its facts.

    Officers/auxiliaries (mark_subjects over the resident's beat). The marking waits for the station lead
    (规范001 第三十九条) and has no effect until approved. Nothing is written on invalid input.
    """
    _require(acting_user, Perm.MARK_SUBJECTS, resident.org_unit.path)
    problems = {}
    if not resident.is_active:
        problems["resident"] = [_(errors.RESIDENT_INACTIVE)]
    if category not in CATEGORY_BY_CODE:
        raise ValidationError({"category": [_(errors.CATEGORY_UNKNOWN)]}, code="category")
    live = SpecialSubject.objects.filter(
        resident=resident, category=category, status__in=[SubjectStatus.PENDING, SubjectStatus.ACTIVE]
    )
    if live.exists():
        problems["category"] = [_(errors.ALREADY_MARKED).format(category=category_label(category))]
    try:
        cleaned = facts_clean(category, facts, today=today)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems, code="invalid")
    subject = SpecialSubject.objects.create(
        resident=resident, category=category, org_unit=resident.org_unit, facts=cleaned, marked_by=acting_user
    )
    SubjectApproval.objects.create(subject=subject, action=ApprovalAction.MARK, requested_by=acting_user)
    _log(
        acting_user,
        subject,
        "special_subject_mark",
        f"申请将{resident.name}标注为“{category_label(category)}”，待所领导审批",
    )
    return subject


@transaction.atomic
def special_subject_unmark(*, acting_user, subject: SpecialSubject, reason: str) -> SubjectApproval:
    """撤销标注: ask to unmark (转化完成或者条件消失, 第三十九条), with the reason; waits for the station lead."""
    _require(acting_user, Perm.MARK_SUBJECTS, subject.org_unit.path)
    if subject.status != SubjectStatus.ACTIVE:
        raise ValidationError(_(errors.NOT_ACTIVE).format(action=_("撤销标注")), code="status")
    problems = {}
    if not reason.strip():
        problems["reason"] = [_(errors.REASON_REQUIRED)]
    if subject.approvals.filter(action=ApprovalAction.UNMARK, status=ApprovalStatus.PENDING).exists():
        problems["__all__"] = [_(errors.UNMARK_PENDING)]
    if problems:
        raise ValidationError(problems, code="invalid")
    approval = SubjectApproval.objects.create(
        subject=subject, action=ApprovalAction.UNMARK, reason=reason.strip()[:300], requested_by=acting_user
    )
    _log(acting_user, subject, "special_subject_unmark", f"申请撤销{subject}的标注：{reason.strip()}")
    return approval


def _relabel(subject: SpecialSubject, add: bool) -> None:
    resident = subject.resident
    label = subject_label(subject.category)
    labels = [x for x in resident.labels if x != label] + ([label] if add else [])
    if labels != resident.labels:
        resident.labels = labels
        resident.save(update_fields=["labels", "updated_at"])


@transaction.atomic
def subject_approval_decide(
    *, acting_user, approval: SubjectApproval, approve: bool, note: str = "", today: date | None = None
) -> SubjectApproval:
    """所领导 decides a marking or unmarking (approve_subjects over the subject's beat, 第三十九条).

    Approved marking: in force from ``today``, the resident labelled, obligations derived. Approved unmarking:
    label removed, obligations stop (open tasks not yet due close). A refusal needs a reason and changes nothing
    else.
    """
    subject = approval.subject
    _require(acting_user, Perm.APPROVE_SUBJECTS, subject.org_unit.path)
    if approval.status != ApprovalStatus.PENDING:
        raise ValidationError(_(errors.NOT_PENDING), code="decided")
    if not approve and not note.strip():
        raise ValidationError({"note": [_(errors.REASON_REQUIRED)]}, code="reason")
    today = _today(today)
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    approval.decided_by, approval.decided_at, approval.decision_note = acting_user, timezone.now(), note.strip()[:300]
    approval.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    verdict = "同意" if approve else "不同意"
    fields = []
    if approval.action == ApprovalAction.MARK:
        if approve:
            subject.status, subject.effective_on = SubjectStatus.ACTIVE, today
            subject.started_on, subject.ends_on = _dates(subject, today)
            fields = ["status", "effective_on", "started_on", "ends_on", "updated_at"]
        else:
            subject.status = SubjectStatus.REJECTED
            fields = ["status", "updated_at"]
    elif approve:
        subject.status, subject.unmarked_on = SubjectStatus.UNMARKED, today
        fields = ["status", "unmarked_on", "updated_at"]
    if fields:
        subject.save(update_fields=fields)
    if approve:
        _relabel(subject, add=approval.action == ApprovalAction.MARK)
    summary = f"{verdict}{approval.get_action_display()}：{subject}" + (f"（{note.strip()}）" if note.strip() else "")
    _log(acting_user, subject, "subject_approval_decide", summary, changes={"status": subject.status})
    if approve:
        rules_recompute_record(
            acting_user=acting_user, record_type=RECORD_TYPE, record_id=subject.record_id, as_of=today
        )
        if subject.status == SubjectStatus.ACTIVE:
            subject_risk_update(subject=subject, today=today)
    return approval


# ---------------------------------------------------------------- visits and records


def _files_check(files) -> list[uploads.CheckedFile]:
    return uploads.check_all(files, field="attachments", kinds=uploads.EVIDENCE, max_mb=MAX_FILE_MB)


def _attach(acting_user, subject, checked, **target) -> None:
    for c in checked:
        SubjectAttachment.objects.create(subject=subject, uploaded_by=acting_user, **target, **c.facts())


def _complete(acting_user, subject, template: str, values: dict, done_on: date, files, today, obligation="") -> list:
    return standing_tasks_complete(
        acting_user=acting_user,
        record_type=RECORD_TYPE,
        record_id=subject.record_id,
        template=template,
        values=values,
        done_on=done_on,
        files=[c.file for c in files],  # checked: the task's evidence gets its own copy and row
        today=today,
        obligation=obligation,
    )


@transaction.atomic
def visit_record(
    *,
    acting_user,
    subject: SpecialSubject,
    visited_on: date | None,
    measure: str,
    way: str,
    met: str,
    findings: str,
    met_names: str = "",
    recurrence_found: bool | None = None,
    next_steps: str = "",
    files=(),
    today: date | None = None,
) -> Visit:
    """Record a visit or measure (第四十条); it completes the subject's open visit tasks it counts for
    (categories.VISIT_COMPLETES) and the engine schedules the next one. Officers/auxiliaries (record_subjects).
    Nothing is written on invalid input."""
    _require(acting_user, Perm.MARK_SUBJECTS, subject.org_unit.path)
    today = _today(today)
    if subject.status != SubjectStatus.ACTIVE:
        raise ValidationError(_(errors.NOT_ACTIVE).format(action=_("记录走访")), code="status")
    problems: dict[str, list[str]] = {}
    if visited_on is None:
        problems["visited_on"] = [_(errors.VISIT_DATE_REQUIRED)]
    elif visited_on > today:
        problems["visited_on"] = [_(errors.VISIT_DATE_FUTURE)]
    elif subject.started_on and visited_on < subject.started_on:
        event = _("告诫书送达日期") if subject.category == "dv_perpetrator" else _("列管起始日期")
        problems["visited_on"] = [_(errors.VISIT_BEFORE_START).format(event=event, day=subject.started_on.isoformat())]
    if met not in dict(MET):
        problems["met"] = [_(errors.VISIT_MET_REQUIRED)]
    if measure not in dict(MEASURES):
        problems["measure"] = [
            _(errors.VISIT_CHOICE).format(label=_("工作措施"), choices="、".join(dict(MEASURES).values()))
        ]
    if way not in dict(WAYS):
        problems["way"] = [_(errors.VISIT_CHOICE).format(label=_("方式"), choices="、".join(dict(WAYS).values()))]
    if not findings.strip():
        problems["findings"] = [_(errors.VISIT_FINDINGS_REQUIRED)]
    if subject.category == "dv_perpetrator" and recurrence_found is None:
        problems["recurrence_found"] = [_(errors.VISIT_RECURRENCE_REQUIRED)]
    if problems:
        raise ValidationError(problems, code="invalid")
    files = _files_check(files)
    visit = Visit.objects.create(
        subject=subject,
        visited_on=visited_on,
        measure=measure,
        way=way,
        met=met,
        met_names=met_names.strip()[:200],
        findings=findings.strip(),
        recurrence_found=recurrence_found if subject.category == "dv_perpetrator" else None,
        next_steps=next_steps.strip(),
        recorded_by=acting_user,
    )
    _attach(acting_user, subject, files, visit=visit)
    met_label = dict(MET)[met]
    values = {
        "visited": {"subject": "perpetrator", "victim": "victim", "both": "both"}.get(met, met_label),
        "situation": visit.findings[:2000],
        "recurrence_found": "yes" if recurrence_found else "no",
    }
    completed = []
    for rule in VISIT_COMPLETES:
        if way in rule["ways"] and (not rule["met"] or met in rule["met"]):
            template = rule["template"]
            v = dict(values)
            if template == "subject_visit":
                v["visited"] = f"{met_label} {visit.met_names}".strip()
            completed += _complete(acting_user, subject, template, v, visited_on, files, today)
    visit.completed_tasks = completed
    way_label = dict(WAYS)[way]
    _log(
        acting_user,
        subject,
        "visit_record",
        f"记录{subject}的走访（{visited_on:%Y-%m-%d}，{way_label}）"
        + (f"，完成规定任务{len(completed)}项" if completed else ""),
    )
    subject_risk_update(subject=subject, today=today)
    return visit


@transaction.atomic
def subject_record_add(
    *, acting_user, subject: SpecialSubject, kind: str, done_on: date | None, data: dict, files=(), today=None
) -> SubjectRecord:
    """A category record of 第四十一条 (谈话记录、风险评估、活动报告、报所、向决定机关反馈、遵守规定检查); it
    completes the matching open task. A risk assessment updates the drug user's latest risk category."""
    _require(acting_user, Perm.MARK_SUBJECTS, subject.org_unit.path)
    today = _today(today)
    if subject.status != SubjectStatus.ACTIVE:
        raise ValidationError(_(errors.NOT_ACTIVE).format(action=_("记录")), code="status")
    row = RECORD_KIND_BY_CODE.get(kind)
    if row is None or subject.category not in row["categories"]:
        label = row["label"] if row else kind
        raise ValidationError(
            {"kind": [_(errors.RECORD_KIND_CATEGORY).format(kind=label, category=category_label(subject.category))]}
        )
    problems: dict[str, list[str]] = {}
    if done_on is None:
        problems["done_on"] = [_(errors.FACT_REQUIRED).format(label=_("日期"))]
    elif done_on > today:
        problems["done_on"] = [_(errors.RECORD_DATE_FUTURE).format(label=_("日期"))]
    cleaned = {}
    for spec in row["fields"]:
        value = data.get(spec["name"])
        if value is None or (isinstance(value, str) and not value.strip()):
            problems[spec["name"]] = [_(errors.FACT_REQUIRED).format(label=spec["label"])]
        elif spec["type"] == "choice" and value not in [c[0] for c in spec["choices"]]:
            names = "、".join(c[1] for c in spec["choices"])
            problems[spec["name"]] = [_(errors.FACT_CHOICE_INVALID).format(label=spec["label"], choices=names)]
        else:
            cleaned[spec["name"]] = str(value).strip()[:2000]
    files = list(files)
    if row.get("evidence") and not files:
        problems["attachments"] = [_(errors.ATTACHMENT_REQUIRED).format(kind=row["label"])]
    if problems:
        raise ValidationError(problems, code="invalid")
    files = _files_check(files)
    record = SubjectRecord.objects.create(
        subject=subject, kind=kind, done_on=done_on, data=cleaned, recorded_by=acting_user
    )
    _attach(acting_user, subject, files, record=record)
    values = dict(cleaned)
    if "file_created" in values:
        values["file_created"] = values["file_created"] == "yes"
    if "summary" in values:
        values.setdefault("talk_record", values["summary"])
    completed = _complete(
        acting_user, subject, row["template"], values, done_on, files, today, obligation=row.get("obligation", "")
    )
    record.completed_tasks = completed
    if row.get("updates_fact"):
        source, fact = row["updates_fact"]
        subject.facts = {**subject.facts, fact: cleaned[source]}
        subject.save(update_fields=["facts", "updated_at"])
    _log(acting_user, subject, "subject_record_add", f"记录{subject}的{row['label']}（{done_on:%Y-%m-%d}）")
    subject_risk_update(subject=subject, today=today)
    return record


# ---------------------------------------------------------------- risk


def subject_risk_update(*, subject: SpecialSubject, today: date | None = None) -> SpecialSubject:
    """Recompute the subject's risk score and level from the scoring rule (scoring.py, 第三十八条)."""
    today = _today(today)
    last_visit = subject.visits.order_by("-visited_on", "-id").first()
    last_dv = subject.visits.exclude(recurrence_found=None).order_by("-visited_on", "-id").first()
    last_check = subject.records.filter(kind="compliance_check").order_by("-done_on", "-id").first()
    overdue = Task.objects.filter(
        record_type=RECORD_TYPE, record_id=subject.record_id, status__in=OPEN_STATUSES, due_on__lt=today
    ).count()
    data = RiskInput(
        category=subject.category,
        drug_risk=subject.facts.get("risk_category", "") if subject.category == "drug_user" else "",
        recurrence_found=bool(last_dv and last_dv.recurrence_found),
        violation_found=bool(last_check and last_check.data.get("violation_found") == "yes"),
        overdue_tasks=overdue,
        days_since_visit=(today - last_visit.visited_on).days if last_visit else None,
    )
    score, level, reasons = risk_score(data)
    if (subject.risk_score, subject.risk_level, subject.risk_reasons) != (score, level, reasons):
        subject.risk_score, subject.risk_level, subject.risk_reasons = score, level, reasons
        subject.save(update_fields=["risk_score", "risk_level", "risk_reasons", "updated_at"])
    return subject


@transaction.atomic
def subject_risk_refresh(*, acting_user=None, today: date | None = None) -> int:
    """System job: rescore every subject in force (overdue work and time since the last visit move with the
    calendar). Returns how many changed."""
    changed = 0
    for subject in SpecialSubject.objects.filter(status=SubjectStatus.ACTIVE).select_related("org_unit"):
        before = (subject.risk_score, subject.risk_level)
        subject_risk_update(subject=subject, today=today)
        changed += before != (subject.risk_score, subject.risk_level)
    if changed:
        operation_log_write(
            acting_user=acting_user,
            action="subject_risk_refresh",
            object_type=OBJECT_TYPE,
            object_id="-",
            summary=f"特定对象风险赋分更新{changed}人",
        )
    return changed


# ---------------------------------------------------------------- transfer


@transaction.atomic
def subject_transfer_notify(*, acting_user, subject: SpecialSubject, to_unit: OrgUnit, notice: str) -> SubjectTransfer:
    """流出通报 (第三十九条): the sending beat tells the receiving beat (another beat or station) with a notice.
    The subject stays with the sender until the receiver acknowledges."""
    _require(acting_user, Perm.MARK_SUBJECTS, subject.org_unit.path)
    if subject.status != SubjectStatus.ACTIVE:
        raise ValidationError(_(errors.NOT_ACTIVE).format(action=_("流转")), code="status")
    problems = {}
    if to_unit.kind != OrgUnitKind.BEAT:
        problems["to_unit"] = [_(errors.TRANSFER_TARGET_KIND)]
    elif to_unit.pk == subject.org_unit_id:
        problems["to_unit"] = [_(errors.TRANSFER_SAME_UNIT)]
    if not notice.strip():
        problems["notice"] = [_(errors.REASON_REQUIRED)]
    if subject.transfers.filter(status=TransferStatus.PENDING).exists():
        problems["__all__"] = [_(errors.TRANSFER_PENDING)]
    if problems:
        raise ValidationError(problems, code="invalid")
    transfer = SubjectTransfer.objects.create(
        subject=subject,
        from_unit=subject.org_unit,
        to_unit=to_unit,
        notice=notice.strip()[:500],
        requested_by=acting_user,
    )
    _log(acting_user, subject, "subject_transfer_notify", f"通报{subject}流入{to_unit.name}")
    operation_log_write(
        acting_user=acting_user,
        action="subject_transfer_notify",
        object_type="subject_transfer",
        object_id=transfer.pk,
        summary=f"收到特定对象流入通报（{subject.org_unit.name} → {to_unit.name}）",
        scope_path=to_unit.path,
    )
    return transfer


@transaction.atomic
def subject_transfer_acknowledge(
    *, acting_user, transfer: SubjectTransfer, today: date | None = None
) -> SubjectTransfer:
    """The receiving beat acknowledges (mark_subjects over the receiving beat): the subject moves there and its
    obligations are recomputed there; the resident's registry record is not moved (that is the registry's
    business)."""
    _require(acting_user, Perm.MARK_SUBJECTS, transfer.to_unit.path)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(_(errors.NOT_PENDING), code="decided")
    today = _today(today)
    subject = transfer.subject
    transfer.status, transfer.acknowledged_by, transfer.acknowledged_at = (
        TransferStatus.ACKNOWLEDGED,
        acting_user,
        timezone.now(),
    )
    transfer.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    old = subject.org_unit
    subject.org_unit = transfer.to_unit
    subject.save(update_fields=["org_unit", "updated_at"])
    _log(
        acting_user,
        subject,
        "subject_transfer_acknowledge",
        f"接收{subject}（{old.name} → {transfer.to_unit.name}）",
        changes={"org_unit": [old.name, transfer.to_unit.name]},
    )
    # Open tasks follow to the receiving beat's officer where the tasks service allows it (same station);
    # across stations they stay with the sender's officer to finish or hand over (tasks moves within a station).
    officer = beat_officer(transfer.to_unit)
    if officer is not None:
        for task in Task.objects.filter(record_type=RECORD_TYPE, record_id=subject.record_id, status__in=OPEN_STATUSES):
            try:
                task_dispatch(acting_user=None, task=task, assignee=officer)
            except ValidationError:
                pass
    rules_recompute_record(acting_user=acting_user, record_type=RECORD_TYPE, record_id=subject.record_id, as_of=today)
    return transfer


# ---------------------------------------------------------------- pushed warnings


@transaction.atomic
def pushed_warning_push(*, acting_user, resident, content: str, limit_hours: int, now: datetime | None = None):
    """预警推送 (第三十八条、第四十条(二)): the control centre (push_tasks) warns about a person; the beat's officer
    gets a pushed task to meet them within ``limit_hours``."""
    _require(acting_user, Perm.PUSH_TASKS, resident.org_unit.path)
    problems = {}
    if not content.strip():
        problems["content"] = [_(errors.WARNING_CONTENT_REQUIRED)]
    if not (1 <= (limit_hours or 0) <= MAX_LIMIT_HOURS):
        problems["limit_hours"] = [_(errors.WARNING_LIMIT)]
    if resident.org_unit.kind != OrgUnitKind.BEAT:
        problems["resident"] = [_(errors.WARNING_NO_BEAT)]
    if problems:
        raise ValidationError(problems, code="invalid")
    now = now or timezone.now()
    due_at = now + timedelta(hours=limit_hours)
    task = task_issue(
        acting_user=acting_user,
        kind=TaskKind.PUSHED,
        title=f"预警推送：{limit_hours}小时内面见{resident.name}",
        description=content.strip(),
        org_unit=resident.org_unit,
        due_on=timezone.localdate(due_at),
        due_at=due_at,
        source="规范001 第四十条(二)",
        template_code="pushed_meet",
    )
    warning = PushedWarning.objects.create(
        resident=resident,
        org_unit=resident.org_unit,
        content=content.strip()[:500],
        limit_hours=limit_hours,
        task=task,
        pushed_by=acting_user,
    )
    operation_log_write(
        acting_user=acting_user,
        action="pushed_warning_push",
        object_type="pushed_warning",
        object_id=warning.pk,
        summary=f"推送预警：{limit_hours}小时内面见{resident.name}",
        scope_path=resident.org_unit.path,
    )
    return warning


# ---------------------------------------------------------------- reads on the trail


def special_subject_read(*, acting_user, subject: SpecialSubject, unmask: bool = False, channel: str = "web") -> bool:
    """Opening a subject: on the access trail (and unmask when allowed); then the bulk-read check (第一百零九条).
    Returns whether personal data may be shown unmasked."""
    unmasked = personal_record_read(
        acting_user=acting_user,
        object_type=OBJECT_TYPE,
        object_id=subject.pk,
        object_label=str(subject),
        scope_path=subject.org_unit.path,
        unmask=unmask,
        channel=channel,
    )
    bulk_read_check(acting_user=acting_user)
    return unmasked


def subject_attachment_read(*, acting_user, attachment: SubjectAttachment, channel: str = "web") -> None:
    """Downloading a subject's attachment is a read of that person's record: on the access trail, with the file's
    name (规范001 第一百零九条), and counted by the bulk-read check."""
    from audit.models import AccessAction
    from audit.services import access_trail_write

    subject = attachment.subject
    access_trail_write(
        acting_user=acting_user,
        action=AccessAction.DOWNLOAD,
        object_type=OBJECT_TYPE,
        object_id=subject.pk,
        object_label=f"{subject}：{attachment.name}",
        scope_path=subject.org_unit.path,
        channel=channel,
    )
    bulk_read_check(acting_user=acting_user)


def bulk_read_check(*, acting_user, now: datetime | None = None) -> BulkReadWarning | None:
    """违规预警: more than BULK_READ_THRESHOLD["max_reads"] subject records opened or exported within the window →
    one warning for the auditors (at most one per window per user). Unmask rows are not counted (they repeat a
    view)."""
    now = now or timezone.now()
    window = BULK_READ_THRESHOLD["window_minutes"]
    start = now - timedelta(minutes=window)
    reads = AccessRecord.objects.filter(
        user=acting_user, object_type=OBJECT_TYPE, action__in=("view", "export"), at__gte=start, at__lte=now
    ).count()
    if reads <= BULK_READ_THRESHOLD["max_reads"]:
        return None
    if BulkReadWarning.objects.filter(user=acting_user, at__gte=start).exists():
        return None
    first = acting_user.role_assignments.select_related("org_unit").order_by("org_unit__path").first()
    warning = BulkReadWarning.objects.create(
        user=acting_user,
        username=acting_user.get_username(),
        reads=reads,
        window_minutes=window,
        threshold=BULK_READ_THRESHOLD["max_reads"],
        window_start=start,
        scope_path=first.org_unit.path if first else "",
    )
    operation_log_write(
        acting_user=None,
        action="bulk_read_warning",
        object_type="bulk_read_warning",
        object_id=warning.pk,
        summary=f"违规预警：{warning.username}在{window}分钟内查看特定对象{reads}次（阈值{warning.threshold}）",
        scope_path=warning.scope_path,
    )
    return warning
