"""State changes of tasks — one function each, one transaction, on the operation log and the task's history.

Lifecycle: created → dispatched (automatically to the beat's officer; by hand for command tasks) → accepted →
feedback submitted (validated against the 任务标准件) → closed, or returned and resubmitted; reassignment;
extension request approved by the station lead; reminders before due and escalation to the station lead when
overdue (消息中心). Handling rate: ``tasks.indicators`` (规范001 第三十条(四)).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import Perm, Role
from accounts.scope import path_covered
from audit.services import operation_log_write
from fengqiao import uploads
from org.models import OrgUnit, OrgUnitKind, path_prefixes
from rules.calendar import roll

from . import errors
from .catalogue import TEMPLATES
from .feedback import feedback_clean
from .hooks import after_task_closed
from .models import (
    Closer,
    ExtensionRequest,
    ExtensionStatus,
    Message,
    MessageKind,
    Task,
    TaskEvent,
    TaskEvidence,
    TaskKind,
    TaskStatus,
    TaskTemplate,
)

MAX_EVIDENCE_MB = 20
DEFAULT_TEMPLATE = {
    TaskKind.COMMAND: "command_feedback",
    TaskKind.PUSHED: "pushed_meet",
    TaskKind.VERIFICATION: "verification",
}
ISSUE_PERM = {
    TaskKind.COMMAND: Perm.ISSUE_COMMAND_TASKS,
    TaskKind.PUSHED: Perm.PUSH_TASKS,
    TaskKind.VERIFICATION: Perm.ISSUE_COMMAND_TASKS,
}
HANDLER_ROLES = (Role.OFFICER, Role.AUXILIARY)


def task_template_catalogue_load(*, using: str = "default") -> int:
    """Create the shipped 任务标准件 that are missing (edited rows stay as they are)."""
    existing = set(TaskTemplate.objects.using(using).values_list("code", flat=True))
    rows = [TaskTemplate(**row) for row in TEMPLATES if row["code"] not in existing]
    TaskTemplate.objects.using(using).bulk_create(rows)
    return len(rows)


def _require(acting_user, perm: str, task_or_path) -> None:
    path = task_or_path if isinstance(task_or_path, str) else task_or_path.org_unit.path
    if acting_user is not None and not path_covered(acting_user, path, perm):
        raise PermissionDenied(_(errors.NOT_PERMITTED))


def _status(task: Task, allowed, action: str) -> None:
    if task.status not in allowed:
        raise ValidationError(
            _(errors.STATUS_NOT_ALLOWED).format(status=task.get_status_display(), action=action), code="status"
        )


def _record(acting_user, task: Task, action: str, summary: str, changes: dict | None = None, note: str = ""):
    TaskEvent.objects.create(task=task, action=action, actor=acting_user, note=(note or summary)[:300])
    operation_log_write(
        acting_user=acting_user,
        action=action,
        object_type="task",
        object_id=task.pk,
        summary=summary,
        changes=changes,
        scope_path=task.org_unit.path,
    )


def _handler_unit(user, within: OrgUnit) -> OrgUnit | None:
    """The beat where ``user`` holds an officer/auxiliary role inside ``within`` (None if none)."""
    assignment = (
        RoleAssignment.objects.filter(user=user, role__in=HANDLER_ROLES, org_unit__path__startswith=within.path)
        .select_related("org_unit")
        .order_by("-org_unit__depth")
        .first()
    )
    return assignment.org_unit if assignment else None


def beat_officer(beat: OrgUnit):
    assignment = (
        RoleAssignment.objects.filter(role=Role.OFFICER, org_unit=beat, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    return assignment.user if assignment else None


@transaction.atomic
def task_issue(
    *,
    acting_user,
    kind: str,
    title: str,
    org_unit: OrgUnit,
    due_on: date,
    description: str = "",
    assignee=None,
    due_at: datetime | None = None,
    source: str = "",
    template_code: str | None = None,
    record: tuple[str, str, str] | None = None,
) -> Task:
    """Issue a 指令任务 (情指中心/综合指挥室, needs issue_command_tasks), 推送任务 (基础管控中心, push_tasks,
    规范001 第四十条(二)) or 核查任务 to a station, beat or officer, with a deadline.

    A command task to a station or beat waits to be dispatched by hand; to an officer it is dispatched at once.
    A pushed task goes to the beat's officer automatically. A standing task (规定任务) is the rules engine's, never
    issued by hand: any other kind is a field error, not a KeyError.
    """
    if kind not in ISSUE_PERM:
        choices = "、".join(str(TaskKind(k).label) for k in ISSUE_PERM)
        raise ValidationError({"kind": [_(errors.KIND_NOT_ISSUABLE).format(choices=choices)]}, code="invalid")
    _require(acting_user, ISSUE_PERM[kind], org_unit.path)
    problems = {}
    if not title.strip():
        problems["title"] = [_(errors.REASON_REQUIRED)]
    if org_unit.kind not in (OrgUnitKind.STATION, OrgUnitKind.BEAT):
        problems["org_unit"] = [_(errors.TARGET_KIND)]
    if due_on < timezone.localdate():
        problems["due_on"] = [_(errors.DUE_IN_PAST)]
    target = None
    if assignee is not None:
        target = _handler_unit(assignee, org_unit)
        if target is None:
            problems["assignee"] = [_(errors.ASSIGNEE_OUT_OF_SCOPE)]
    if problems:
        raise ValidationError(problems, code="invalid")
    if assignee is None and kind == TaskKind.PUSHED and org_unit.kind == OrgUnitKind.BEAT:
        assignee, target = beat_officer(org_unit), org_unit
    if acting_user is None and due_at is None:
        # A day the system computed ("within N days", rules.calendar.due_within) never rests on a rest day; a day a
        # person chose, and a due time (hours never move), stay as given.
        due_on = roll(due_on, not_before=timezone.localdate())
    now = timezone.now()
    task = Task.objects.create(
        kind=kind,
        title=title.strip(),
        description=description,
        template=TaskTemplate.objects.get(code=template_code or DEFAULT_TEMPLATE[kind]),
        org_unit=target or org_unit,
        assignee=assignee,
        issuer=acting_user,
        source=source,
        due_on=due_on,
        due_at=due_at,
        record_type=record[0] if record else "",
        record_id=record[1] if record else "",
        record_label=record[2][:100] if record else "",
        status=TaskStatus.DISPATCHED if assignee else TaskStatus.CREATED,
        dispatched_at=now if assignee else None,
    )
    who = f"，派发给{assignee}" if assignee else "，待派发"
    _record(acting_user, task, "task_issue", f"下发{task.get_kind_display()}“{task.title}”{who}")
    return task


def _dispatch_check(acting_user, task: Task, assignee) -> OrgUnit:
    """Permission, status and assignee of one dispatch or reassignment; the beat the task moves to."""
    if not (
        acting_user is None
        or path_covered(acting_user, task.org_unit.path, Perm.MANAGE_TASKS)
        or path_covered(acting_user, task.org_unit.path, Perm.ISSUE_COMMAND_TASKS)
    ):
        raise PermissionDenied(_(errors.NOT_PERMITTED))
    reassign = task.status != TaskStatus.CREATED
    _status(
        task,
        (TaskStatus.CREATED, TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED),
        _("改派") if reassign else _("派发"),
    )
    station = _station_of(task.org_unit)
    target = _handler_unit(assignee, station or task.org_unit)
    if target is None:
        raise ValidationError({"assignee": [_(errors.ASSIGNEE_OUT_OF_SCOPE)]}, code="assignee")
    return target


def _dispatch_write(acting_user, task: Task, assignee, target: OrgUnit, batch: str = "") -> Task:
    reassign = task.status != TaskStatus.CREATED
    old = task.assignee
    task.assignee, task.org_unit = assignee, target
    task.status, task.dispatched_at, task.accepted_at = TaskStatus.DISPATCHED, timezone.now(), None
    task.reminded_at = None
    task.save(update_fields=["assignee", "org_unit", "status", "dispatched_at", "accepted_at", "reminded_at"])
    action = "task_reassign" if reassign else "task_dispatch"
    summary = f"{'改派' if reassign else '派发'}任务“{task.title}”给{assignee}"
    changes = {"assignee": [str(old or ""), str(assignee)], **({"batch": batch} if batch else {})}
    _record(acting_user, task, action, summary, changes=changes)
    return task


@transaction.atomic
def task_dispatch(*, acting_user, task: Task, assignee) -> Task:
    """Dispatch (or reassign) a task to an officer/auxiliary inside its unit. Needs manage_tasks or
    issue_command_tasks over the task's unit; the task moves to the assignee's beat so they can see it."""
    target = _dispatch_check(acting_user, task, assignee)
    return _dispatch_write(acting_user, task, assignee, target)


def _batch(acting_user, tasks: list[Task], assignee, *, reassign: bool) -> list[Task]:
    verb = _("改派") if reassign else _("派发")
    if not tasks:
        raise ValidationError({"ids": [_(errors.BATCH_EMPTY).format(action=verb)]}, code="empty")
    problems, targets = [], {}
    for task in tasks:
        if (task.status == TaskStatus.CREATED) == reassign:
            # 批量派发 takes tasks waiting for dispatch; 批量改派 takes tasks someone already holds
            why = _(errors.STATUS_NOT_ALLOWED).format(status=task.get_status_display(), action=verb)
        else:
            try:
                targets[task.pk] = _dispatch_check(acting_user, task, assignee)
                continue
            except PermissionDenied as exc:
                why = str(exc)
            except ValidationError as exc:
                why = "；".join(exc.messages)
        problems.append(_(errors.BATCH_TASK_REFUSED).format(title=task.title, why=why))
    if problems:
        raise ValidationError({"ids": problems}, code="refused")
    batch = uuid.uuid4().hex[:12]
    for task in tasks:
        _dispatch_write(acting_user, task, assignee, targets[task.pk], batch=batch)
    shared = [p for p in path_prefixes(tasks[0].org_unit.path) if all(t.org_unit.path.startswith(p) for t in tasks)]
    operation_log_write(
        acting_user=acting_user,
        action="task_reassign_batch" if reassign else "task_dispatch_batch",
        object_type="task",
        object_id="-",
        summary=f"批量{verb}{len(tasks)}个任务给{assignee}",
        changes={"tasks": [t.pk for t in tasks], "batch": batch},
        scope_path=max(shared, key=len, default=""),
    )
    return tasks


@transaction.atomic
def task_dispatch_batch(*, acting_user, tasks: list[Task], assignee) -> list[Task]:
    """批量派发 from 本所任务: several tasks waiting for dispatch (待派发) to one officer or auxiliary. Needs
    manage_tasks over every task. Every task is checked first; one refusal refuses the batch and nothing is
    written. Each task gets its history line and its own operation-log row; one more row records the batch."""
    return _batch(acting_user, tasks, assignee, reassign=False)


@transaction.atomic
def task_reassign_batch(*, acting_user, tasks: list[Task], assignee) -> list[Task]:
    """批量改派 from 本所任务: several open tasks someone already holds to another officer or auxiliary; checked,
    written and logged like ``task_dispatch_batch``."""
    return _batch(acting_user, tasks, assignee, reassign=True)


def _station_of(unit: OrgUnit) -> OrgUnit | None:
    if unit.kind == OrgUnitKind.STATION:
        return unit
    return OrgUnit.objects.filter(path__in=path_prefixes(unit.path), kind=OrgUnitKind.STATION).first()


def _require_handler(acting_user, task: Task, action: str) -> None:
    if acting_user is None:
        return
    if not path_covered(acting_user, task.org_unit.path, Perm.HANDLE_TASKS):
        raise PermissionDenied(_(errors.NOT_ASSIGNEE).format(action=action))


@transaction.atomic
def task_accept(*, acting_user, task: Task) -> Task:
    """The assignee (or a team member with handle_tasks on the beat) confirms receipt."""
    _require_handler(acting_user, task, _("接收任务"))
    _status(task, (TaskStatus.DISPATCHED,), _("接收"))
    task.status, task.accepted_at = TaskStatus.ACCEPTED, timezone.now()
    task.save(update_fields=["status", "accepted_at"])
    _record(acting_user, task, "task_accept", f"接收任务“{task.title}”")
    return task


@transaction.atomic
def task_feedback_submit(*, acting_user, task: Task, data: dict, files=(), today: date | None = None) -> Task:
    """Submit feedback, validated against the task's 任务标准件 (required fields, choices, evidence).

    Officers/auxiliaries with handle_tasks on the task's beat (辅警 may record on the officer's behalf). A
    template closed by its assignee closes here (and the rules engine schedules the next occurrence);
    otherwise it waits for review. Nothing is written when the feedback is invalid.
    """
    _require_handler(acting_user, task, _("提交反馈"))
    _status(task, (TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED), _("提交反馈"))
    checked = uploads.check_all(files, field="evidence", kinds=uploads.EVIDENCE, max_mb=MAX_EVIDENCE_MB)
    cleaned = feedback_clean(task.template, data, evidence_count=task.evidence.count() + len(checked), today=today)
    now = timezone.now()
    for c in checked:
        TaskEvidence.objects.create(task=task, uploaded_by=acting_user, **c.facts())
    task.feedback = cleaned
    task.done_on = date.fromisoformat(cleaned["done_on"])
    task.submitted_at = now
    task.accepted_at = task.accepted_at or now
    fields = ["feedback", "done_on", "submitted_at", "accepted_at", "status"]
    if task.template.closer == Closer.ASSIGNEE:
        task.status, task.closed_at = TaskStatus.CLOSED, now
        fields.append("closed_at")
    else:
        task.status = TaskStatus.SUBMITTED
    task.save(update_fields=fields)
    summary = f"提交任务“{task.title}”的反馈" + ("并办结" if task.status == TaskStatus.CLOSED else "，待审核")
    _record(acting_user, task, "task_feedback_submit", summary)
    if task.status == TaskStatus.CLOSED:
        _closed(task)
    return task


def _closed(task: Task) -> None:
    for hook in after_task_closed:
        hook(task)


def _require_closer(acting_user, task: Task) -> None:
    if acting_user is None:
        return
    path = task.org_unit.path
    closer = task.template.closer
    if closer == Closer.STATION_LEAD and path_covered(acting_user, path, Perm.MANAGE_TASKS):
        return
    if closer == Closer.ISSUER and (
        acting_user == task.issuer
        or path_covered(acting_user, path, Perm.ISSUE_COMMAND_TASKS)
        or path_covered(acting_user, path, Perm.PUSH_TASKS)
    ):
        return
    if closer == Closer.ASSIGNEE and path_covered(acting_user, path, Perm.MANAGE_TASKS):
        return
    label = {Closer.STATION_LEAD: _("所领导"), Closer.ISSUER: _("下发单位"), Closer.ASSIGNEE: _("所领导")}[closer]
    raise PermissionDenied(_(errors.CLOSER_ONLY).format(closer=label))


@transaction.atomic
def task_review(*, acting_user, task: Task, approve: bool, note: str = "") -> Task:
    """Review submitted feedback: close it, or return it with a reason. Who may: the template's closer
    (所领导 with manage_tasks, or the issuing unit)."""
    _require_closer(acting_user, task)
    _status(task, (TaskStatus.SUBMITTED,), _("审核"))
    if not approve and not note.strip():
        raise ValidationError({"note": [_(errors.REASON_REQUIRED)]}, code="reason")
    if approve:
        task.status, task.closed_at = TaskStatus.CLOSED, timezone.now()
        task.save(update_fields=["status", "closed_at"])
        _record(acting_user, task, "task_close", f"审核办结任务“{task.title}”", note=note or "审核通过，办结")
        _closed(task)
    else:
        task.status = TaskStatus.RETURNED
        task.save(update_fields=["status"])
        _record(acting_user, task, "task_return", f"退回任务“{task.title}”", note=f"退回：{note.strip()}")
    return task


@transaction.atomic
def task_extension_request(*, acting_user, task: Task, new_due_on: date, reason: str) -> ExtensionRequest:
    """The handler asks for a later deadline; the station lead decides (task_extension_decide)."""
    _require_handler(acting_user, task, _("申请延期"))
    _status(task, (TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED), _("申请延期"))
    problems = {}
    if new_due_on <= task.due_on:
        problems["new_due_on"] = [_(errors.EXTENSION_DATE).format(due=task.due_on.isoformat())]
    if not reason.strip():
        problems["reason"] = [_(errors.REASON_REQUIRED)]
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        problems["__all__"] = [_(errors.EXTENSION_PENDING)]
    if problems:
        raise ValidationError(problems, code="invalid")
    extension = ExtensionRequest.objects.create(
        task=task, requested_by=acting_user, new_due_on=new_due_on, reason=reason.strip()
    )
    _record(acting_user, task, "task_extension_request", f"申请将任务“{task.title}”延期至{new_due_on:%Y-%m-%d}")
    return extension


@transaction.atomic
def task_extension_decide(*, acting_user, extension: ExtensionRequest, approve: bool) -> ExtensionRequest:
    """所领导 approves or refuses an extension (manage_tasks over the task's unit)."""
    task = extension.task
    _require(acting_user, Perm.MANAGE_TASKS, task)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_(errors.EXTENSION_DECIDED), code="decided")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at = acting_user, timezone.now()
    extension.save(update_fields=["status", "decided_by", "decided_at"])
    changes = None
    if approve:
        changes = {"due_on": [task.due_on.isoformat(), extension.new_due_on.isoformat()]}
        task.due_on, task.due_at = extension.new_due_on, None
        task.reminded_at = task.escalated_at = None
        task.save(update_fields=["due_on", "due_at", "reminded_at", "escalated_at"])
    verdict = "同意" if approve else "不同意"
    _record(acting_user, task, "task_extension_decide", f"{verdict}任务“{task.title}”延期", changes=changes)
    return extension


@transaction.atomic
def task_cancel(*, acting_user, task: Task, reason: str) -> Task:
    """Withdraw an issued task (the issuing unit, or manage_tasks over it)."""
    if not (acting_user == task.issuer or path_covered(acting_user, task.org_unit.path, Perm.MANAGE_TASKS)):
        raise PermissionDenied(_(errors.NOT_PERMITTED))
    _status(task, (TaskStatus.CREATED, TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED), _("撤销"))
    if not reason.strip():
        raise ValidationError({"reason": [_(errors.REASON_REQUIRED)]}, code="reason")
    task.status, task.close_reason, task.closed_at = TaskStatus.CANCELLED, reason.strip()[:200], timezone.now()
    task.save(update_fields=["status", "close_reason", "closed_at"])
    _record(acting_user, task, "task_cancel", f"撤销任务“{task.title}”", note=reason)
    return task


def _deadline(task: Task) -> datetime:
    if task.due_at:
        return task.due_at
    tz = timezone.get_current_timezone()
    return datetime.combine(task.due_on + timedelta(days=1), datetime.min.time(), tzinfo=tz)


def _station_leads(task: Task) -> list:
    prefixes = path_prefixes(task.org_unit.path)
    rows = RoleAssignment.objects.filter(
        role=Role.STATION_LEAD, org_unit__path__in=prefixes, user__is_active=True
    ).select_related("user")
    return [a.user for a in rows]


@transaction.atomic
def task_reminders_send(*, acting_user=None, now: datetime | None = None) -> dict:
    """System job: remind assignees ``remind_before_days`` before the due date; when a task is overdue by more
    than ``escalate_after_days``, tell the station lead(s). Idempotent: each message is sent once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {"reminders": 0, "escalations": 0}
    open_tasks = Task.objects.filter(status__in=(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED))
    due_soon = open_tasks.filter(reminded_at__isnull=True, assignee__isnull=False, due_on__gte=today)
    for task in due_soon.select_related("assignee", "org_unit"):
        if today < task.due_on - timedelta(days=task.remind_before_days):
            continue
        when = f"{timezone.localtime(task.due_at):%Y-%m-%d %H:%M}" if task.due_at else f"{task.due_on:%Y-%m-%d}"
        _message, made = Message.objects.get_or_create(
            recipient=task.assignee,
            key=f"remind:{task.pk}:{task.due_on.isoformat()}",
            defaults={
                "task": task,
                "kind": MessageKind.REMINDER,
                "text": f"任务“{task.title}”将于{when}到期，请按时办理",
            },
        )
        task.reminded_at = now
        task.save(update_fields=["reminded_at"])
        sent["reminders"] += made
    overdue = Task.objects.filter(
        status__in=(TaskStatus.CREATED, TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED),
        escalated_at__isnull=True,
        due_on__lt=today + timedelta(days=1),
    )
    for task in overdue.select_related("assignee", "org_unit"):
        if now < _deadline(task) + timedelta(days=task.escalate_after_days):
            continue
        who = task.assignee or _("（未派发）")
        text = f"任务“{task.title}”已逾期（截止{task.due_on:%Y-%m-%d}，承办人：{who}），请督办"
        for lead in _station_leads(task):
            _message, made = Message.objects.get_or_create(
                recipient=lead,
                key=f"escalate:{task.pk}:{task.due_on.isoformat()}",
                defaults={"task": task, "kind": MessageKind.ESCALATION, "text": text},
            )
            sent["escalations"] += made
        task.escalated_at = now
        task.save(update_fields=["escalated_at"])
        TaskEvent.objects.create(task=task, action="task_escalate", note="逾期，已上报所领导")
    if sent["reminders"] or sent["escalations"]:
        operation_log_write(
            acting_user=acting_user,
            action="task_reminders_send",
            object_type="task",
            object_id="-",
            summary=f"发送到期提醒{sent['reminders']}条、逾期上报{sent['escalations']}条",
        )
    return sent


@transaction.atomic
def message_read(*, acting_user, message: Message) -> Message:
    """Mark one of the user's own messages read."""
    if message.recipient_id != acting_user.pk:
        raise PermissionDenied(_(errors.NOT_PERMITTED))
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
        operation_log_write(
            acting_user=acting_user,
            action="message_read",
            object_type="message",
            object_id=message.pk,
            summary="阅读消息",
        )
    return message


# ---------------------------------------------------------------- helpers other modules call


def open_standing_tasks(*, record_type: str, record_id: str, template: str, done_on: date, obligation: str = ""):
    """The oldest open standing task of a record for a 任务标准件 that had started by ``done_on`` (a list of at
    most one: calendar obligations have one task per period, and only the oldest is completed by one piece of
    work)."""
    qs = Task.objects.filter(
        record_type=record_type,
        record_id=record_id,
        template__code=template,
        status__in=(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.RETURNED),
    ).select_related("template", "org_unit")
    if obligation:
        qs = qs.filter(obligation_code=obligation)
    return [t for t in qs.order_by("due_on", "id") if t.start_on is None or t.start_on <= done_on][:1]


def standing_tasks_complete(
    *,
    acting_user,
    record_type: str,
    record_id: str,
    template: str,
    values: dict,
    done_on: date,
    files=(),
    today: date | None = None,
    obligation: str = "",
) -> list[Task]:
    """A module recorded work (a visit, a follow-up, a report) that a record's open standing task asks for:
    submit it as that task's feedback (``values`` keyed by the template's field names), so the engine counts it
    and schedules the next occurrence (ADR 0002). Returns the tasks completed."""
    today = today or timezone.localdate()
    done = []
    for task in open_standing_tasks(
        record_type=record_type, record_id=record_id, template=template, done_on=done_on, obligation=obligation
    ):
        data = {"done_on": done_on.isoformat()}
        for spec in task.template.fields:
            if spec["name"] in values:
                data[spec["name"]] = values[spec["name"]]
        task_feedback_submit(acting_user=acting_user, task=task, data=data, files=files, today=max(today, done_on))
        done.append(task)
    return done


def message_send(*, recipient, text: str, key: str, task: Task | None = None) -> Message:
    """An in-app notice (消息中心) to one user at once; ``key`` makes it idempotent (sent once per key)."""
    message, _created = Message.objects.get_or_create(
        recipient=recipient, key=key[:80], defaults={"task": task, "kind": MessageKind.NOTICE, "text": text[:300]}
    )
    return message
