"""Special subjects (特定对象, 规范001 第三十六条至第四十二条): a registered resident marked in one category of
第三十七条, with the category's facts; marking and unmarking wait for the station lead (第三十九条); visits and
measures (第四十条), category records (第四十一条), transfers between beats/stations, pushed warnings (第四十条(二)),
and the auditor's bulk-read warnings (第一百零九条 违规预警).

A subject is read through its responsible beat (``org_unit``), whose path is copied onto the row like every scoped
record's; its approvals, visits and records share it (accounts.scope).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel, scoped_queryset
from fengqiao.uploads import UploadFacts

from .categories import CATEGORY_CHOICES, MEASURES, MET, RECORD_KIND_CHOICES, WAYS


class SubjectStatus(models.TextChoices):
    PENDING = "pending", _("标注待审批")
    ACTIVE = "active", _("在管")
    REJECTED = "rejected", _("标注未通过")
    UNMARKED = "unmarked", _("已撤销标注")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


LIVE_STATUSES = (SubjectStatus.PENDING, SubjectStatus.ACTIVE)


class SpecialSubject(ScopedModel):
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="special_subjects"
    )
    category = models.CharField(_("类别"), max_length=30, choices=CATEGORY_CHOICES, db_index=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("责任警务区"), on_delete=models.PROTECT, related_name="special_subjects"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=SubjectStatus.choices, default=SubjectStatus.PENDING, db_index=True
    )
    facts = models.JSONField(_("类别信息"), default=dict, blank=True)
    started_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("期满日期"), null=True, blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("风险分值"), default=0)
    risk_reasons = models.JSONField(_("赋分因素"), default=list, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("标注人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    effective_on = models.DateField(_("标注生效日期"), null=True, blank=True)
    unmarked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("特定对象")
        verbose_name_plural = _("特定对象")
        ordering = ["scope_path", "category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "category"],
                condition=Q(status__in=["pending", "active"]),
                name="subjects_one_live_marking",
            )
        ]

    def __str__(self):
        return f"{self.resident.name}（{self.get_category_display()}）"

    @property
    def fact_rows(self) -> list[tuple[str, str]]:
        """(label, value) of the category's facts, for every page that shows them."""
        from .categories import fact_rows

        return fact_rows(self.category, self.facts)

    @property
    def record_id(self) -> str:
        """The id the rules engine and its tasks know this subject by (``S`` + pk, see subjects.adapters)."""
        return f"S{self.pk}"


class ApprovalAction(models.TextChoices):
    MARK = "mark", _("标注")
    UNMARK = "unmark", _("撤销标注")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("不同意")


class SubjectApproval(ScopedModel):
    """A marking or unmarking waiting for (or decided by) the station lead — 规范001 第三十九条."""

    scope_source = "subject"

    subject = models.ForeignKey(
        SpecialSubject, verbose_name=_("特定对象"), on_delete=models.CASCADE, related_name="approvals"
    )
    action = models.CharField(_("事项"), max_length=10, choices=ApprovalAction.choices)
    status = models.CharField(
        _("审批状态"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("标注审批")
        verbose_name_plural = _("标注审批")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.subject}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACKNOWLEDGED = "acknowledged", _("已接收")


class SubjectTransfer(ScopedModel):
    """流入/流出 (第三十九条): the sending beat notifies the receiving one, which acknowledges; until then the
    subject stays with (and is visible only to) the sending unit's scope."""

    scope_source = "to_unit"

    subject = models.ForeignKey(
        SpecialSubject, verbose_name=_("特定对象"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("流出警务区"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("流入警务区"), on_delete=models.PROTECT, related_name="+")
    notice = models.CharField(_("通报内容"), max_length=500)
    status = models.CharField(_("状态"), max_length=15, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("通报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("通报时间"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("接收时间"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("特定对象流转")
        verbose_name_plural = _("特定对象流转")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.subject} {self.from_unit} → {self.to_unit}"


class Visit(ScopedModel):
    """One visit or measure of 第四十条 (调查了解、重点关注、帮教转化、核处干预)."""

    scope_source = "subject"

    subject = models.ForeignKey(
        SpecialSubject, verbose_name=_("特定对象"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    measure = models.CharField(_("工作措施"), max_length=20, choices=MEASURES)
    way = models.CharField(_("方式"), max_length=20, choices=WAYS)
    met = models.CharField(_("面见/查访对象"), max_length=20, choices=MET)
    met_names = models.CharField(_("见面人员"), max_length=200, blank=True)
    findings = models.TextField(_("了解情况"))
    recurrence_found = models.BooleanField(_("发现再次实施家庭暴力"), null=True, blank=True)
    next_steps = models.TextField(_("下一步措施"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.subject} {self.visited_on}"


class SubjectRecord(ScopedModel):
    """A category record of 第四十一条 (谈话记录、风险评估、活动报告、向决定机关反馈…); fields per kind as data."""

    scope_source = "subject"

    subject = models.ForeignKey(
        SpecialSubject, verbose_name=_("特定对象"), on_delete=models.CASCADE, related_name="records"
    )
    kind = models.CharField(_("记录类型"), max_length=30, choices=RECORD_KIND_CHOICES)
    done_on = models.DateField(_("日期"))
    data = models.JSONField(_("内容"), default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("专项记录")
        verbose_name_plural = _("专项记录")
        ordering = ["-done_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_on}"


class SubjectAttachment(UploadFacts):
    subject = models.ForeignKey(
        SpecialSubject, verbose_name=_("特定对象"), on_delete=models.CASCADE, related_name="attachments"
    )
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    record = models.ForeignKey(
        SubjectRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("附件"), upload_to="subject_files/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.name


class PushedWarning(ScopedModel):
    """预警推送 (第三十八条、第四十条(二)): the control centre warns about a person; a pushed task to meet them."""

    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+"
    )
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    content = models.CharField(_("预警内容"), max_length=500)
    limit_hours = models.PositiveIntegerField(_("面见时限（小时）"))
    task = models.ForeignKey("tasks.Task", verbose_name=_("推送任务"), on_delete=models.PROTECT, related_name="+")
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推送人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    pushed_at = models.DateTimeField(_("推送时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("预警推送")
        verbose_name_plural = _("预警推送")
        ordering = ["-pushed_at", "-id"]

    def __str__(self):
        return self.content


class BulkReadWarning(models.Model):
    """违规预警 (第一百零九条): a user read more subject records than the threshold within the window."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("登录名"), max_length=150)
    reads = models.PositiveIntegerField(_("查看次数"))
    window_minutes = models.PositiveIntegerField(_("时间窗（分钟）"))
    threshold = models.PositiveIntegerField(_("阈值"))
    window_start = models.DateTimeField(_("起始时间"))
    at = models.DateTimeField(_("预警时间"), auto_now_add=True)
    # The reader's home unit, so auditors see warnings about their own subtree.
    scope_path = models.CharField(_("范围路径"), max_length=255, blank=True, db_index=True)

    objects = scoped_queryset("scope_path").as_manager()

    class Meta:
        verbose_name = _("批量查看预警")
        verbose_name_plural = _("批量查看预警")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.reads}"
