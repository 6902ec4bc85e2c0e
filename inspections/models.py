"""单位监督检查、场所行业管理与隐患整改 (规范001 第五十七条至第七十一条).

* ``Supervision`` — the supervision facts of a registered unit (``registry.Organization``), beside it: who
  supervises it (第五十七条), its 第六十八条 type, licence/filing numbers (第六十九条(一)), key parts (第五十九条(二)).
  A unit without a row is supervised by the station as an ordinary unit. The key-unit flag stays on the registry
  record (``Organization.is_key_unit``), where the unit is registered.
* ``Inspection`` — one on-site inspection with its assistant (第六十条、第七十条), checklist answers item by item,
  the 执法记录仪 reference and evidence files (``InspectionEvidence``, with a checksum).
* ``Hazard`` — a failed checklist item turned into 责令限期整改 (+ 警告) with the decision time and the deadline the
  officer chose (第六十一条), the 约谈 record (第七十条) and its 整改通知书 (``Notice``).
* ``HazardExtension`` — the unit's 书面延期整改申请, recorded by the officer, decided by the station lead.
* ``Reinspection`` — at the deadline or on the unit's earlier request; a failed one carries its escalation.
* ``Notice`` — a numbered written notice rendered to PDF (整改通知书 here; 预警建议书/公安提示函 of 第八十条(四)
  for casework), pointing at what it is about by a generic reference (``subject_type`` + ``subject_id``).

Every record carries the scope columns of the beat it belongs to (``scope_path``, ``station``; ADR 0003).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel, scoped_queryset
from fengqiao.uploads import UploadFacts

from .catalogue import TRADE_TYPE_CHOICES


class SupervisedBy(models.TextChoices):
    """Who supervises the unit's internal security (规范001 第五十七条); only 本所 units are the officer's."""

    STATION = "station", _("本所（社区民警监督检查）")
    UPPER = "upper", _("上级公安机关直接管理")
    TRADE_POLICE = "trade_police", _("行业公安机关直接管理")


class Supervision(models.Model):
    organization = models.OneToOneField(
        "registry.Organization", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="supervision"
    )
    supervised_by = models.CharField(
        _("监督管理"), max_length=20, choices=SupervisedBy.choices, default=SupervisedBy.STATION
    )
    trade_type = models.CharField(_("场所行业类型"), max_length=40, choices=TRADE_TYPE_CHOICES, blank=True)
    licence_number = models.CharField(_("许可证号"), max_length=60, blank=True)
    licence_on = models.DateField(_("许可日期"), null=True, blank=True)
    filing_number = models.CharField(_("备案号"), max_length=60, blank=True)
    filing_on = models.DateField(_("备案日期"), null=True, blank=True)
    key_parts = models.TextField(_("治安保卫重要部位"), blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    # Read through its unit (one row per organisation, which carries the scope columns).
    objects = scoped_queryset("organization__scope_path").as_manager()

    class Meta:
        verbose_name = _("监督管理信息")
        verbose_name_plural = _("监督管理信息")

    def __str__(self):
        return str(self.organization)


class InspectionSetting(models.Model):
    """A station's local options. ``monthly_inspection``: 规范002 每月对娱乐服务场所、特种行业、内部单位安全检查
    (stricter than 规范001 第六十二条; off unless the station switches it on)."""

    station = models.OneToOneField(
        "org.OrgUnit", verbose_name=_("派出所"), on_delete=models.CASCADE, related_name="inspection_setting"
    )
    monthly_inspection = models.BooleanField(_("场所行业每月检查（规范002）"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = scoped_queryset("station__path").as_manager()

    class Meta:
        verbose_name = _("检查选项")
        verbose_name_plural = _("检查选项")

    def __str__(self):
        return str(self.station)


class InspectionKind(models.TextChoices):
    REGULAR = "regular", _("定期检查")
    AD_HOC = "ad_hoc", _("临时检查")
    SPECIAL = "special", _("专项检查")


class InspectionTrigger(models.TextChoices):
    STANDING = "standing", _("规定任务")
    COMMAND = "command", _("指令任务")
    PUSHED = "pushed", _("推送任务")
    NOTICE = "notice", _("上级通报")
    COMPLAINT = "complaint", _("群众反映")


class Inspection(ScopedModel):
    scope_source = "org_unit"

    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="inspections"
    )
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("检查类别"), max_length=20, choices=InspectionKind.choices)
    trigger = models.CharField(_("检查缘由"), max_length=20, choices=InspectionTrigger.choices)
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查民警"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assistant = models.ForeignKey("org.Staff", verbose_name=_("协助人员"), on_delete=models.PROTECT, related_name="+")
    recorder_ref = models.CharField(_("执法记录仪录像编号"), max_length=100)
    key_unit = models.BooleanField(_("检查时为重点单位"), default=False)
    trade_unit = models.BooleanField(_("检查时为场所行业"), default=False)
    answers = models.JSONField(_("检查项目"), default=dict)  # {item code: {"ok": bool, "note": str}}
    situation = models.TextField(_("检查情况"), blank=True)
    serious = models.BooleanField(_("治安问题突出"), default=False)
    completed_tasks = models.JSONField(_("完成的规定任务"), default=list, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("监督检查")
        verbose_name_plural = _("监督检查")
        ordering = ["scope_path", "-inspected_on", "-id"]
        indexes = [
            models.Index(fields=["scope_path", "-inspected_on", "-id"], name="inspections_inspection_scope"),
            # The list's own order, newest first, for a station or the whole city: read in date order and stop at
            # the page, the scope prefix checked in the index (issue 11; a beat still reads the scope index).
            models.Index(fields=["-inspected_on", "-id", "scope_path"], name="inspections_inspection_date"),
            # "Inspected in the period" for the indicators (issue 11): one organization's check, or the period's
            # organizations for a station or the city, read from this index alone, not from the table.
            models.Index(fields=["organization", "inspected_on"], name="inspections_inspection_org_day"),
        ]

    def __str__(self):
        return f"{self.organization} {self.inspected_on}"

    @property
    def failed_items(self) -> list[str]:
        return [code for code, answer in self.answers.items() if not answer.get("ok")]


class InspectionEvidence(UploadFacts):
    """执法记录仪 recordings and photos of an inspection or re-inspection, with their SHA-256."""

    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    reinspection = models.ForeignKey(
        "Reinspection", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to="inspection_evidence/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检查证据")
        verbose_name_plural = _("检查证据")

    def __str__(self):
        return self.name


class HazardStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    RECTIFIED = "rectified", _("已整改")
    ESCALATED = "escalated", _("未达标已报告通报")
    HANDED_OVER = "handed_over", _("逾期不整改已报所处理")


CLOSED_HAZARD_STATUSES = (HazardStatus.RECTIFIED, HazardStatus.ESCALATED, HazardStatus.HANDED_OVER)


class Hazard(ScopedModel):
    scope_source = "org_unit"

    inspection = models.ForeignKey(Inspection, verbose_name=_("检查"), on_delete=models.PROTECT, related_name="hazards")
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="hazards"
    )
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    item_code = models.CharField(_("检查项目"), max_length=20)
    description = models.TextField(_("隐患情况"))
    requirement = models.TextField(_("整改要求"))
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    warning = models.BooleanField(_("并处警告"), default=False)
    decided_at = models.DateTimeField(_("决定时间"))
    original_deadline = models.DateField(_("原整改期限"))
    deadline = models.DateField(_("整改期限"))  # in force: moved by an approved extension
    interviewee = models.CharField(_("约谈对象"), max_length=60, blank=True)
    interview_note = models.TextField(_("约谈情况"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=HazardStatus.choices, default=HazardStatus.OPEN, db_index=True
    )
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定民警"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notice = models.OneToOneField(
        "Notice", verbose_name=_("整改通知书"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("治安隐患")
        verbose_name_plural = _("治安隐患")
        ordering = ["scope_path", "deadline", "id"]
        indexes = [models.Index(fields=["scope_path", "deadline", "id"], name="inspections_hazard_scope")]

    def __str__(self):
        return f"{self.organization}：{self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status == HazardStatus.OPEN


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待所领导审批")
    APPROVED = "approved", _("同意延期")
    REJECTED = "rejected", _("不同意延期")


class HazardExtension(ScopedModel):
    """书面延期整改申请 (第六十一条): the officer records and reviews it; 报所定 — the station lead decides."""

    scope_source = "hazard"

    hazard = models.ForeignKey(Hazard, verbose_name=_("隐患"), on_delete=models.CASCADE, related_name="extensions")
    applied_on = models.DateField(_("申请日期"))
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.CharField(_("申请理由"), max_length=300)
    officer_opinion = models.CharField(_("民警审查意见"), max_length=300)
    status = models.CharField(
        _("审批状态"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记民警"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
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
        verbose_name = _("延期整改申请")
        verbose_name_plural = _("延期整改申请")
        ordering = ["scope_path", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-recorded_at", "-id"], name="inspections_extension_scope")]

    def __str__(self):
        return f"{self.hazard} → {self.requested_deadline}"


class ReinspectionResult(models.TextChoices):
    RECTIFIED = "rectified", _("已整改，达到要求")
    NOT_RECTIFIED = "not_rectified", _("整改未达到要求")


class Escalation(models.TextChoices):
    """What a failed re-inspection requires (第六十一条第二款)."""

    NONE = "", _("—")
    GOVERNMENT = "government", _("报告乡镇人民政府、街道办事处")
    PARENT = "parent", _("通报单位上一级主管部门")
    STATION = "station", _("无正当理由，报所按逾期不整改依法处理")


class Reinspection(ScopedModel):
    scope_source = "hazard"

    hazard = models.ForeignKey(Hazard, verbose_name=_("隐患"), on_delete=models.PROTECT, related_name="reinspections")
    reinspected_on = models.DateField(_("复查日期"))
    on_request = models.BooleanField(_("单位申请提前复查"), default=False)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("复查民警"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assistant = models.ForeignKey("org.Staff", verbose_name=_("协助人员"), on_delete=models.PROTECT, related_name="+")
    recorder_ref = models.CharField(_("执法记录仪录像编号"), max_length=100)
    result = models.CharField(_("复查结果"), max_length=20, choices=ReinspectionResult.choices)
    situation = models.TextField(_("复查情况"), blank=True)
    escalation = models.CharField(_("报告/通报"), max_length=20, choices=Escalation.choices, blank=True)
    escalated_to = models.CharField(_("报告/通报单位"), max_length=100, blank=True)
    escalation_note = models.TextField(_("报告/通报情况"), blank=True)
    deadline_in_force = models.DateField(_("复查时的整改期限"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("整改复查")
        verbose_name_plural = _("整改复查")
        ordering = ["scope_path", "-reinspected_on", "-id"]
        indexes = [models.Index(fields=["scope_path", "-reinspected_on", "-id"], name="inspections_reinspection_scope")]

    def __str__(self):
        return f"{self.hazard} {self.reinspected_on}"

    @property
    def on_time(self) -> bool:
        return self.reinspected_on <= self.deadline_in_force


class Notice(ScopedModel):
    """A numbered written notice, rendered to PDF once at issue and kept as issued (``pdf`` + ``sha256``).

    Another module issues one through ``inspections.notices.notice_issue`` with its own kind (``NOTICE_KINDS``) and
    a reference to what it is about (``subject_type`` + ``subject_id``, e.g. ``"incident"``, ``"42"``).
    """

    scope_source = "org_unit"

    kind = models.CharField(_("文书类别"), max_length=30)
    number = models.CharField(_("文书编号"), max_length=80, unique=True)
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    subject_type = models.CharField(_("关联对象类型"), max_length=40)
    subject_id = models.CharField(_("关联对象编号"), max_length=40)
    recipient = models.CharField(_("送达单位/人"), max_length=200)
    content = models.JSONField(_("文书内容"), default=dict)
    deadline = models.DateField(_("期限"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发民警"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("签发时间"))
    pdf = models.FileField(_("PDF"), upload_to="notices/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta(ScopedModel.Meta):
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["scope_path", "-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "year", "kind", "sequence"], name="inspections_notice_seq")
        ]
        indexes = [
            models.Index(fields=["scope_path", "-issued_at", "-id"], name="inspections_notice_scope"),
            models.Index(fields=["subject_type", "subject_id"], name="inspections_notice_subject"),
        ]

    def __str__(self):
        return self.number


class NoticeCounter(models.Model):
    """The last number given per station, year and kind (locked while a notice is numbered)."""

    station = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "year", "kind"], name="inspections_notice_counter_once")
        ]

    def __str__(self):
        return f"{self.station_id}/{self.year}/{self.kind}: {self.last}"
