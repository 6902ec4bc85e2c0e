"""Tasks: 任务标准件 (templates), standing/command/pushed/verification tasks, their history, evidence,
extension requests, and the in-app message centre (reminders and escalations).

A task belongs to an org unit (the beat or station responsible) and is read through that unit's path, copied onto
the row like every scoped record's (accounts.scope). A standing task (规定任务) names the obligation and record it
came from, and the occurrence it stands for, so the rules engine can find it again instead of creating a duplicate.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel
from fengqiao.uploads import UploadFacts
from rules.calendar import is_assumed


class TaskKind(models.TextChoices):
    STANDING = "standing", _("规定任务")
    COMMAND = "command", _("指令任务")
    PUSHED = "pushed", _("推送任务")
    VERIFICATION = "verification", _("核查任务")


class TaskStatus(models.TextChoices):
    CREATED = "created", _("待派发")
    DISPATCHED = "dispatched", _("已派发")
    ACCEPTED = "accepted", _("已接收")
    SUBMITTED = "submitted", _("已反馈待审核")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已撤销")


OPEN_STATUSES = (
    TaskStatus.CREATED,
    TaskStatus.DISPATCHED,
    TaskStatus.ACCEPTED,
    TaskStatus.SUBMITTED,
    TaskStatus.RETURNED,
)


class Closer(models.TextChoices):
    """Who closes a task once feedback is in (任务标准件: 谁可以办结)."""

    ASSIGNEE = "assignee", _("承办人反馈即办结")
    STATION_LEAD = "station_lead", _("所领导审核办结")
    ISSUER = "issuer", _("下发单位审核办结")


class TaskTemplate(models.Model):
    """任务标准件: the feedback form of one type of task, as data (``fields`` is a list of field specs)."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("任务类别"), max_length=20, choices=TaskKind.choices)
    fields = models.JSONField(_("反馈字段"), default=list)
    evidence_required = models.BooleanField(_("须上传佐证材料"), default=False)
    closer = models.CharField(_("办结方式"), max_length=20, choices=Closer.choices, default=Closer.ASSIGNEE)
    source = models.CharField(_("依据"), max_length=100, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("任务标准件")
        verbose_name_plural = _("任务标准件")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Task(ScopedModel):
    kind = models.CharField(_("任务类别"), max_length=20, choices=TaskKind.choices, db_index=True)
    title = models.CharField(_("任务名称"), max_length=200)
    description = models.TextField(_("任务要求"), blank=True)
    template = models.ForeignKey(TaskTemplate, verbose_name=_("任务标准件"), on_delete=models.PROTECT)
    status = models.CharField(
        _("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.CREATED, db_index=True
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="tasks"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tasks",
    )
    issuer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issued_tasks",
    )
    source = models.CharField(_("依据"), max_length=100, blank=True)
    # Where a standing task came from: obligation + record + occurrence (one row per occurrence).
    obligation_code = models.CharField(_("规则代码"), max_length=60, blank=True, db_index=True)
    record_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    record_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    record_label = models.CharField(_("对象"), max_length=100, blank=True)
    occurrence_key = models.CharField(_("周期"), max_length=40, blank=True)
    start_on = models.DateField(_("起始日期"), null=True, blank=True)
    due_on = models.DateField(_("截止日期"), db_index=True)
    due_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    remind_before_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=1)
    escalate_after_days = models.PositiveSmallIntegerField(_("逾期上报天数"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("派发时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    feedback = models.JSONField(_("反馈内容"), default=dict, blank=True)
    close_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(_("已提醒"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("已上报"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation_code", "record_type", "record_id", "occurrence_key"],
                condition=~Q(obligation_code=""),
                name="tasks_task_one_per_occurrence",
            )
        ]
        indexes = [
            models.Index(fields=["scope_path", "due_on"], name="tasks_task_scope"),
            # Open tasks by due date: the task list and the workbench walk it without the closed years behind.
            models.Index(fields=["due_on", "id"], condition=Q(status__in=OPEN_STATUSES), name="tasks_task_open_due"),
            models.Index(fields=["obligation_code", "record_type", "record_id"], name="tasks_task_origin"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def due_assumed(self) -> bool:
        """The system computed this due date on a Monday–Friday calendar because its year's 放假安排 is not
        entered yet (``rules.calendar``); it moves once the control centre enters the year."""
        computed = self.kind in (TaskKind.STANDING, TaskKind.VERIFICATION) and self.due_at is None
        return computed and self.is_open and is_assumed(self.due_on)


class TaskEvent(models.Model):
    """One line of a task's history (创建、派发、接收、反馈、退回、办结、改派、延期、提醒、上报…)."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("任务记录")
        verbose_name_plural = _("任务记录")
        ordering = ["at", "id"]

    def __str__(self):
        return self.note


class TaskEvidence(UploadFacts):
    """佐证材料 of a task's feedback, checked and kept through ``fengqiao.uploads``."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("佐证材料"), upload_to="task_evidence/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.name


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("不同意")


class ExtensionRequest(ScopedModel):
    scope_source = "task"

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_due_on = models.DateField(_("申请延至"))
    reason = models.CharField(_("延期理由"), max_length=300)
    status = models.CharField(
        _("审批状态"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.task} → {self.new_due_on}"


class MessageKind(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    ESCALATION = "escalation", _("逾期上报")
    NOTICE = "notice", _("通知")


class Message(models.Model):
    """消息中心: a message to one user, usually about a task. ``key`` makes a reminder idempotent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="messages"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=MessageKind.choices)
    key = models.CharField(_("去重键"), max_length=80)
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="tasks_message_once")]

    def __str__(self):
        return self.text
