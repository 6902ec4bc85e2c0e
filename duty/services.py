"""State changes of duty — one function each, keyword-only, one transaction, on the operation log.

Rosters, leave and support requests belong to the station's managers (``manage_duty``: 所领导、综合指挥室); the duty
log is filled by the system from the day's records (``work_log_fill``), completed by its officer
(``keep_duty_log``) and signed off by a manager (规范002 工作日志制度; 规范001 第一百零一条 for the time in the beat).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.scope import path_covered
from audit.services import operation_log_write
from org.models import OrgUnit, OrgUnitKind, Staff

from . import errors
from .activities import collect
from .models import (
    DutySetting,
    EntrySource,
    Equipment,
    Leave,
    LeaveKind,
    Shift,
    ShiftKind,
    SupportRequest,
    SupportStatus,
    Training,
    WorkLog,
    WorkLogEntry,
)
from .rules import SETTING_BY_CODE
from .selectors import station_of

SHIFT_UNIT_KINDS = (OrgUnitKind.STATION, OrgUnitKind.BEAT, OrgUnitKind.POLICE_POST)


def _require(acting_user, perm: str, path: str, message=errors.NOT_PERMITTED) -> None:
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(message))


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


# ---------------------------------------------------------------- roster


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


@transaction.atomic
def shift_create(
    *,
    acting_user,
    org_unit: OrgUnit,
    day: date,
    start: time,
    end: time,
    kind: str,
    staff: Staff,
    backup: Staff | None = None,
    note: str = "",
) -> Shift:
    """Put a slot on the roster: A post ``staff`` and B post ``backup`` (AB岗, 第一百零二条) at a station, beat or
    police post. Managers (``manage_duty`` over the unit). Both must belong to the unit's station; A may not hold
    another slot at the same time. An end at or before the start runs past midnight."""
    _require(acting_user, Perm.MANAGE_DUTY, org_unit.path)
    problems: dict[str, list[str]] = {}
    if org_unit.kind not in SHIFT_UNIT_KINDS:
        problems["org_unit"] = [_(errors.UNIT_KIND)]
    if kind not in ShiftKind.values:
        problems["kind"] = [_(errors.KIND_UNKNOWN)]
    station = station_of(org_unit)
    for name, person in (("staff", staff), ("backup", backup)):
        if person is not None and not person.scope_path.startswith(station.path):
            problems[name] = [_(errors.STAFF_OUTSIDE)]
    if backup is not None and staff is not None and backup.pk == staff.pk:
        problems["backup"] = [_(errors.BACKUP_SAME)]
    if staff is not None and "staff" not in problems:
        probe = Shift(day=day, start=start, end=end)
        from .roster import shift_span

        mine = shift_span(probe)
        for other in Shift.objects.filter(
            staff=staff, day__range=(day.fromordinal(day.toordinal() - 1), day.fromordinal(day.toordinal() + 1))
        ):
            if _overlaps(*mine, *shift_span(other)):
                problems["start"] = [_(errors.SHIFT_OVERLAP).format(name=staff.name, day=day.isoformat())]
                break
    if problems:
        raise ValidationError(problems, code="invalid")
    shift = Shift.objects.create(
        org_unit=org_unit,
        day=day,
        start=start,
        end=end,
        kind=kind,
        staff=staff,
        backup=backup,
        note=note.strip()[:200],
        created_by=acting_user,
    )
    b = f"，B岗{backup.name}" if backup else "，未配B岗"
    _log(
        acting_user,
        "shift_create",
        "shift",
        shift,
        f"{org_unit.name} {day:%Y-%m-%d} {start:%H:%M}–{end:%H:%M} {shift.get_kind_display()}：A岗{staff.name}{b}",
        shift.scope_path,
    )
    return shift


@transaction.atomic
def shift_cancel(*, acting_user, shift: Shift) -> None:
    """Take a slot off the roster (the operation log keeps what it was). Managers."""
    _require(acting_user, Perm.MANAGE_DUTY, shift.scope_path)
    _log(acting_user, "shift_cancel", "shift", shift, f"取消排班：{shift}", shift.scope_path)
    shift.delete()


@transaction.atomic
def leave_record(*, acting_user, staff: Staff, kind: str, starts_at: datetime, ends_at: datetime, reason: str) -> Leave:
    """Record a leave or going-out (请假/外出, 规范002 派出所日常管理制度 第七、八条), approved by the manager
    recording it. While it lasts the B post covers the staff member's slots."""
    _require(acting_user, Perm.MANAGE_DUTY, staff.scope_path)
    problems: dict[str, list[str]] = {}
    if kind not in LeaveKind.values:
        problems["kind"] = [_(errors.KIND_UNKNOWN)]
    if ends_at <= starts_at:
        problems["ends_at"] = [_(errors.LEAVE_ORDER)]
    if not (reason or "").strip():
        problems["reason"] = [_(errors.REASON_REQUIRED)]
    if problems:
        raise ValidationError(problems, code="invalid")
    leave = Leave.objects.create(
        staff=staff,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason.strip()[:200],
        approved_by=acting_user,
    )
    _log(
        acting_user,
        "leave_record",
        "leave",
        leave,
        f"{staff.name}{leave.get_kind_display()} "
        f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}至{timezone.localtime(ends_at):%Y-%m-%d %H:%M}",
        leave.scope_path,
    )
    return leave


@transaction.atomic
def leave_return(*, acting_user, leave: Leave, at: datetime | None = None) -> Leave:
    """销假: the staff member is back (the absence ends then)."""
    _require(acting_user, Perm.MANAGE_DUTY, leave.scope_path)
    if leave.returned_at:
        raise ValidationError(_(errors.ALREADY_RETURNED), code="returned")
    leave.returned_at = at or timezone.now()
    leave.save(update_fields=["returned_at"])
    _log(acting_user, "leave_return", "leave", leave, f"{leave.staff.name}销假", leave.scope_path)
    return leave


# ---------------------------------------------------------------- duty log


@transaction.atomic
def work_log_fill(*, acting_user, staff: Staff, day: date, today: date | None = None) -> WorkLog:
    """Fill (or refill) a staff member's duty log for ``day`` from the day's records (``duty.activities``): the
    automatic lines are replaced, the lines added by hand are kept, a signed log is left as it is. The system (a
    nightly job), the officer or a manager."""
    today = today or timezone.localdate()
    if acting_user is not None and not (
        path_covered(acting_user, staff.scope_path, Perm.MANAGE_DUTY)
        or (
            getattr(acting_user, "staff_id", None) == staff.pk
            and path_covered(acting_user, staff.scope_path, Perm.KEEP_DUTY_LOG)
        )
    ):
        raise PermissionDenied(_(errors.NOT_PERMITTED))
    if day > today:
        raise ValidationError({"day": [_(errors.FUTURE_LOG)]}, code="future")
    log, _created = WorkLog.objects.get_or_create(staff=staff, day=day)
    if log.signed_at:
        return log
    user = getattr(staff, "user", None)
    activities = collect([user.pk] if user else [], day, day)
    beats = {
        u.path: u
        for u in OrgUnit.objects.filter(
            kind=OrgUnitKind.BEAT, path__in={a.path[: len(staff.org_unit.path)] for a in activities}
        )
    }
    log.entries.exclude(source=EntrySource.MANUAL).delete()
    rows = []
    for a in activities:
        unit = next((b for p, b in beats.items() if a.path.startswith(p)), None)
        rows.append(
            WorkLogEntry(
                log=log,
                source=a.source,
                source_ref=a.ref,
                at=a.at,
                text=a.text[:300],
                place=(a.place or (unit.name if unit else ""))[:200],
                place_unit=unit,
                in_beat=a.path.startswith(staff.org_unit.path),
            )
        )
    WorkLogEntry.objects.bulk_create(rows)
    log.filled_at = timezone.now()
    log.save(update_fields=["filled_at", "updated_at"])
    _log(
        acting_user,
        "work_log_fill",
        "work_log",
        log,
        f"生成{staff.name} {day:%Y-%m-%d}工作日志（{len(rows)}项）",
        log.scope_path,
    )
    return log


@transaction.atomic
def work_log_entry_add(
    *, acting_user, log: WorkLog, text: str, at: time | None = None, place: str = "", in_beat: bool = False
) -> WorkLogEntry:
    """The officer completes their own duty log by hand (what the system could not know), saying whether it took
    place in their beat (it then counts toward the time in the beat). A signed log takes no more lines."""
    if getattr(acting_user, "staff_id", None) != log.staff_id or not path_covered(
        acting_user, log.scope_path, Perm.KEEP_DUTY_LOG
    ):
        raise PermissionDenied(_(errors.NOT_OWN_LOG))
    if log.signed_at:
        raise ValidationError(_(errors.ALREADY_SIGNED), code="signed")
    if not (text or "").strip():
        raise ValidationError({"text": [_(errors.TEXT_REQUIRED)]}, code="required")
    entry = WorkLogEntry.objects.create(
        log=log,
        source=EntrySource.MANUAL,
        at=at,
        text=text.strip()[:300],
        place=(place or "").strip()[:200],
        place_unit=log.staff.org_unit if in_beat else None,
        in_beat=bool(in_beat),
        recorded_by=acting_user,
    )
    _log(
        acting_user,
        "work_log_entry_add",
        "work_log",
        log,
        f"补记{log.day:%Y-%m-%d}工作日志：{entry.text[:40]}",
        log.scope_path,
    )
    return entry


@transaction.atomic
def work_log_sign(*, acting_user, log: WorkLog, note: str = "", now: datetime | None = None) -> WorkLog:
    """A manager signs off a duty log (审核); nobody signs their own."""
    _require(acting_user, Perm.MANAGE_DUTY, log.scope_path)
    if log.signed_at:
        raise ValidationError(_(errors.ALREADY_SIGNED), code="signed")
    if getattr(acting_user, "staff_id", None) == log.staff_id:
        raise PermissionDenied(_(errors.OWN_LOG_SIGN))
    log.signed_at, log.signed_by, log.sign_note = now or timezone.now(), acting_user, (note or "").strip()[:200]
    log.save(update_fields=["signed_at", "signed_by", "sign_note", "updated_at"])
    _log(
        acting_user,
        "work_log_sign",
        "work_log",
        log,
        f"审核{log.staff.name} {log.day:%Y-%m-%d}工作日志",
        log.scope_path,
    )
    return log


# ---------------------------------------------------------------- settings, support, staffing registers


@transaction.atomic
def duty_setting_set(*, acting_user, org_unit: OrgUnit, code: str, value) -> DutySetting:
    """A station lead sets a duty option or number of ``duty.rules.SETTINGS`` (local 002 rules, the blank hours)."""
    _require(acting_user, Perm.MANAGE_DUTY, org_unit.path)
    row = SETTING_BY_CODE.get(code)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = -1
    limits = {"bool": (0, 1), "hours": (0, 24 * 14), "minutes": (0, 24 * 60)}
    low, high = limits.get(row["kind"], (0, 0)) if row else (0, -1)
    if row is None or not low <= value <= high:
        raise ValidationError({"value": [_(errors.SETTING_INVALID)]}, code="invalid")
    setting, _c = DutySetting.objects.update_or_create(
        org_unit=org_unit, code=code, defaults={"value": value, "set_by": acting_user}
    )
    _log(
        acting_user,
        "duty_setting_set",
        "duty_setting",
        setting,
        f"{org_unit.name}：{row['label']}设为{value}",
        org_unit.path,
    )
    return setting


@transaction.atomic
def support_request(
    *,
    acting_user,
    org_unit: OrgUnit,
    to_unit: str,
    subject: str,
    content: str = "",
    due_at: datetime | None,
    now: datetime | None = None,
) -> SupportRequest:
    """A station asks a higher unit for support (规范001 第二十四条: support “无条件、有时限”), with a deadline."""
    _require(acting_user, Perm.MANAGE_DUTY, org_unit.path)
    now = now or timezone.now()
    problems: dict[str, list[str]] = {}
    if not (to_unit or "").strip():
        problems["to_unit"] = [_(errors.TO_UNIT_REQUIRED)]
    if not (subject or "").strip():
        problems["subject"] = [_(errors.SUBJECT_REQUIRED)]
    if due_at is None:
        problems["due_at"] = [_(errors.DUE_REQUIRED)]
    elif due_at <= now:
        problems["due_at"] = [_(errors.DUE_PAST)]
    if problems:
        raise ValidationError(problems, code="invalid")
    request = SupportRequest.objects.create(
        org_unit=org_unit,
        to_unit=to_unit.strip()[:100],
        subject=subject.strip()[:200],
        content=(content or "").strip(),
        requested_at=now,
        due_at=due_at,
        requested_by=acting_user,
    )
    _log(
        acting_user,
        "support_request",
        "support_request",
        request,
        f"向{request.to_unit}请求支援：{request.subject}",
        request.scope_path,
    )
    return request


@transaction.atomic
def support_answer(*, acting_user, request: SupportRequest, answer: str, now: datetime | None = None) -> SupportRequest:
    """Record the higher unit's answer to a support request."""
    _require(acting_user, Perm.MANAGE_DUTY, request.scope_path)
    if request.status == SupportStatus.ANSWERED:
        raise ValidationError(_(errors.ALREADY_ANSWERED), code="answered")
    if not (answer or "").strip():
        raise ValidationError({"answer": [_(errors.ANSWER_REQUIRED)]}, code="required")
    request.status, request.answered_at, request.answer = SupportStatus.ANSWERED, now or timezone.now(), answer.strip()
    request.answered_recorded_by = acting_user
    request.save(update_fields=["status", "answered_at", "answer", "answered_recorded_by"])
    late = "（逾期答复）" if request.answered_at > request.due_at else ""
    _log(
        acting_user,
        "support_answer",
        "support_request",
        request,
        f"{request.to_unit}答复支援请求“{request.subject}”{late}",
        request.scope_path,
    )
    return request


@transaction.atomic
def training_record(*, acting_user, staff: Staff, start_on: date, days: int, topic: str) -> Training:
    """Record training days (规范001 第一百一十条: 每年累计不少于十五天). Managers."""
    _require(acting_user, Perm.MANAGE_DUTY, staff.scope_path)
    problems: dict[str, list[str]] = {}
    if not isinstance(days, int) or not 1 <= days <= 365:
        problems["days"] = [_(errors.DAYS_INVALID)]
    if not (topic or "").strip():
        problems["topic"] = [_(errors.TEXT_REQUIRED)]
    if problems:
        raise ValidationError(problems, code="invalid")
    row = Training.objects.create(staff=staff, start_on=start_on, days=days, topic=topic.strip()[:200])
    _log(acting_user, "training_record", "training", row, f"{staff.name}培训{days}天：{row.topic}", row.scope_path)
    return row


@transaction.atomic
def equipment_register(
    *, acting_user, beat: OrgUnit, kind: str, number: str = "", registered_on: date | None = None
) -> Equipment:
    """Register a beat's vehicle (规范001 第一百一十二条). Managers."""
    _require(acting_user, Perm.MANAGE_DUTY, beat.path)
    from .models import EquipmentKind

    problems: dict[str, list[str]] = {}
    if beat.kind != OrgUnitKind.BEAT:
        problems["beat"] = [_(errors.UNIT_KIND)]
    if kind not in EquipmentKind.values:
        problems["kind"] = [_(errors.KIND_UNKNOWN)]
    if problems:
        raise ValidationError(problems, code="invalid")
    row = Equipment.objects.create(
        beat=beat, kind=kind, number=(number or "").strip()[:40], registered_on=registered_on
    )
    _log(acting_user, "equipment_register", "equipment", row, f"{beat.name}配备{row}", row.scope_path)
    return row


def work_logs_fill_day(*, day: date, today: date | None = None) -> int:
    """The nightly fill (``manage.py duty_logs_fill`` / ``duty.jobs.duty_logs_fill_job``): every active community
    officer and auxiliary with an account gets the day's duty log filled from the day's records (signed logs are
    left alone). Returns how many logs were filled."""
    from org.models import AUXILIARY_KINDS, StaffKind

    kinds = [StaffKind.COMMUNITY_OFFICER, *AUXILIARY_KINDS]
    staff = Staff.objects.filter(kind__in=kinds, is_active=True, user__isnull=False).select_related("org_unit", "user")
    filled = 0
    for person in staff.iterator(chunk_size=500):
        work_log_fill(acting_user=None, staff=person, day=day, today=today)
        filled += 1
    return filled
