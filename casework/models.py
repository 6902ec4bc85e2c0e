"""Casework (规范001 第六章第二、三节, 第八十八条): 矛盾纠纷 (disputes) with their parties, cross-area units,
repeat candidates, timeline, 治安调解 agreements, the mediator pool and hand-overs (规范004), and 案事件
(incidents) with the people involved, the on-scene log and follow-up visits; plus the stations' time limits.

A dispute is read through its lead beat (事发地, ``beat``) and, read-only, through its assisting beats (现住地、
户籍地); an incident through its beat. Every child row is read through its parent (accounts.scope).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel
from fengqiao.uploads import UploadFacts

from .choices import (
    SCENE_STEP_CHOICES,
    SUBKIND_CHOICES,
    ActionKind,
    AssistRelation,
    CandidateStatus,
    DisputeDomain,
    DisputeSource,
    DisputeStatus,
    FollowUpKind,
    HandoverFileKind,
    HandoverStatus,
    IncidentKind,
    IncidentSource,
    IncidentStatus,
    MediatorKind,
    Outcome,
    PartyRole,
    PersonRole,
    RiskLevel,
    SubjectConcern,
)

USER = settings.AUTH_USER_MODEL


def _user(verbose, **extra):
    return models.ForeignKey(
        USER, verbose_name=verbose, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **extra
    )


class LocalLimit(ScopedModel):
    """A time limit a station (or the bureau/city above it) set for itself — a row of ``casework.limits``."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("时限代码"), max_length=60)
    value = models.PositiveIntegerField(_("时限"))
    set_by = _user(_("设定人"))
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("时限设置")
        verbose_name_plural = _("时限设置")
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="casework_one_limit_per_unit")]

    def __str__(self):
        return f"{self.org_unit} {self.code}={self.value}"


# ---------------------------------------------------------------- disputes


class Dispute(ScopedModel):
    scope_source = "beat"

    beat = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("事发地警务区"), on_delete=models.PROTECT, related_name="disputes"
    )
    domain = models.CharField(_("纠纷类别"), max_length=20, choices=DisputeDomain.choices, db_index=True)
    source = models.CharField(_("来源"), max_length=20, choices=DisputeSource.choices)
    summary = models.TextField(_("纠纷概要"))
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("标准地址"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place_text = models.CharField(_("发生地点"), max_length=300)
    occurred_at = models.DateTimeField(_("发生时间"), null=True, blank=True)
    reported_at = models.DateTimeField(_("发现/接报时间"), db_index=True)
    risk_level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    risk_reasons = models.JSONField(_("风险原因"), default=list, blank=True)
    risk_note = models.CharField(_("风险说明"), max_length=300, blank=True)
    is_police_matter = models.BooleanField(_("属于警务事项"), default=True)
    is_major = models.BooleanField(_("重大矛盾纠纷"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN, db_index=True
    )
    # The day the officer intervened: the follow-up clock starts here (第七十五条).
    intervened_on = models.DateField(_("介入日期"))
    # When a 第七十四条(三) risk was first flagged: the report-to-the-upper-level clock starts here.
    escalation_flagged_at = models.DateTimeField(_("上报风险标注时间"), null=True, blank=True)
    resolved_on = models.DateField(_("化解日期"), null=True, blank=True)
    resolution = models.TextField(_("化解情况"), blank=True)
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("重复于"), null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    recorded_by = _user(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-reported_at", "-id"], name="casework_dispute_scope_list")]

    def __str__(self):
        return f"{self.get_domain_display()}纠纷 {self.place_text[:30]}（{self.reported_at:%Y-%m-%d}）"

    @property
    def record_id(self) -> str:
        """The id the rules engine and its tasks know this dispute by."""
        return str(self.pk)


class DisputeParty(ScopedModel):
    scope_source = "dispute"

    dispute = models.ForeignKey(Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="parties")
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("实有人口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    role = models.CharField(_("身份"), max_length=10, choices=PartyRole.choices, default=PartyRole.PARTY)
    subject_concern = models.CharField(
        _("应标注特定对象情形"), max_length=20, choices=SubjectConcern.choices, blank=True, default=""
    )
    marking = models.ForeignKey(
        "subjects.SpecialSubject",
        verbose_name=_("特定对象标注"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("纠纷当事人")
        verbose_name_plural = _("纠纷当事人")
        ordering = ["dispute", "id"]

    def __str__(self):
        return self.name


class DisputeAssist(models.Model):
    """An assisting unit of a cross-area dispute (第七十四条): it reads the dispute, the lead beat writes."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="assists")
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("配合警务区"), on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("关系"), max_length=12, choices=AssistRelation.choices)

    class Meta:
        verbose_name = _("配合单位")
        verbose_name_plural = _("配合单位")
        constraints = [models.UniqueConstraint(fields=["dispute", "unit"], name="casework_assist_once")]

    def __str__(self):
        return f"{self.unit}（{self.get_relation_display()}）"


class RepeatCandidate(ScopedModel):
    """重复矛盾纠纷 proposed by the system (第七十六条(二)): the officer confirms or rejects."""

    scope_source = "dispute"

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="repeat_candidates"
    )
    earlier = models.ForeignKey(Dispute, verbose_name=_("此前纠纷"), on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(_("比对依据"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING, db_index=True
    )
    decided_by = _user(_("确认人"))
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提示时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("疑似重复纠纷")
        verbose_name_plural = _("疑似重复纠纷")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["dispute", "earlier"], name="casework_candidate_once")]

    def __str__(self):
        return f"{self.dispute_id} ~ {self.earlier_id}"


class DisputeAction(ScopedModel):
    """One line of the dispute's timeline (第七十四条: 调处、分流、调解、上报、报所 …)."""

    scope_source = "dispute"

    dispute = models.ForeignKey(Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("措施"), max_length=30, choices=ActionKind.choices)
    done_at = models.DateTimeField(_("时间"))
    target = models.CharField(_("去向/承办单位"), max_length=100, blank=True)
    outcome = models.CharField(_("调解结果"), max_length=10, choices=Outcome.choices, blank=True, default="")
    note = models.TextField(_("情况"), blank=True)
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("纠纷处置记录")
        verbose_name_plural = _("纠纷处置记录")
        ordering = ["done_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_at:%Y-%m-%d}"


class MediationAgreement(ScopedModel):
    """治安调解 (第七十四条第二款): reached and signed, then performed — or not, and then 报所."""

    scope_source = "dispute"

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="agreements"
    )
    reached = models.BooleanField(_("达成协议"))
    parties_text = models.CharField(_("协议当事人"), max_length=200)
    terms = models.TextField(_("协议内容"), blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    performed = models.BooleanField(_("已履行"), null=True, blank=True)
    performance_checked_on = models.DateField(_("履行核实日期"), null=True, blank=True)
    # Not reached, or not performed: the 报所 clock starts here (rules row art74_agreement_station_report).
    failed_at = models.DateTimeField(_("未达成/未履行时间"), null=True, blank=True)
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        indexes = [models.Index(fields=["scope_path"], name="casework_agreement_scope")]
        verbose_name = _("治安调解协议")
        verbose_name_plural = _("治安调解协议")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"治安调解协议（{self.parties_text}）"


class Mediator(ScopedModel):
    """在线调解人才资源库 (规范004): who mediates, from which organisation, tagged 人、事、物、地、组织、网络."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("所属派出所"), on_delete=models.PROTECT, related_name="mediators"
    )
    name = models.CharField(_("姓名"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=MediatorKind.choices)
    organization = models.CharField(_("所属组织"), max_length=100)
    tags = models.JSONField(_("要素标签"), default=list, blank=True)
    speciality = models.CharField(_("擅长领域"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.ForeignKey(
        USER, verbose_name=_("登录账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mediators"
    )
    is_active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        ordering = ["scope_path", "name", "id"]

    def __str__(self):
        return f"{self.name}（{self.organization}）"


class MediationHandover(ScopedModel):
    """移交调解员 (规范004): with both required files; accepted within the station's limit; a result, and a
    failure goes back to the duty officer at once."""

    scope_source = "dispute"

    dispute = models.ForeignKey(Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="handovers")
    mediator = models.ForeignKey(Mediator, verbose_name=_("调解员"), on_delete=models.PROTECT, related_name="handovers")
    status = models.CharField(
        _("状态"), max_length=12, choices=HandoverStatus.choices, default=HandoverStatus.WAITING, db_index=True
    )
    note = models.TextField(_("移交说明"), blank=True)
    handed_by = _user(_("移交人"))
    handed_at = models.DateTimeField(_("移交时间"))
    # 值班民警: who is told "第一时间" when the mediation fails (until the duty module keeps rosters).
    duty_officer = _user(_("值班民警"))
    accept_due_at = models.DateTimeField(_("接收时限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    mediation_due_on = models.DateField(_("调解期限"), null=True, blank=True)
    result_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    result_note = models.TextField(_("调解情况"), blank=True)
    overdue_notified_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True)

    class Meta(ScopedModel.Meta):
        indexes = [models.Index(fields=["scope_path"], name="casework_handover_scope")]
        verbose_name = _("调解移交")
        verbose_name_plural = _("调解移交")
        ordering = ["-handed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute"], condition=Q(status__in=["waiting", "accepted"]), name="casework_one_live_handover"
            )
        ]

    def __str__(self):
        return f"移交{self.mediator.name}：{self.dispute}"


class HandoverFile(UploadFacts):
    handover = models.ForeignKey(
        MediationHandover, verbose_name=_("调解移交"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("材料类别"), max_length=10, choices=HandoverFileKind.choices)
    file = models.FileField(_("文件"), upload_to="casework/handover/%Y/%m/")
    # The facts as this table has always kept them (required, with their own labels); the rest from UploadFacts.
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("校验值"), max_length=64)
    uploaded_by = _user(_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("移交材料")
        verbose_name_plural = _("移交材料")
        ordering = ["kind", "id"]

    def __str__(self):
        return self.name


class DisputeFollowUp(ScopedModel):
    """跟进回访 of a dispute (第七十五条): what was learnt about its progress."""

    scope_source = "dispute"

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("矛盾纠纷"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    visited_on = models.DateField(_("回访日期"))
    visited = models.CharField(_("回访对象"), max_length=100)
    progress = models.TextField(_("化解进展"))
    risk_level = models.CharField(_("风险等级评估"), max_length=10, choices=RiskLevel.choices)
    satisfaction = models.CharField(_("满意度"), max_length=12)
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("纠纷回访")
        verbose_name_plural = _("纠纷回访")
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"回访 {self.visited_on}"


# ---------------------------------------------------------------- incidents (第七十七条至第八十五条、第八十八条)


class Incident(ScopedModel):
    """案事件 on a beat: pushed by 情指中心/综合指挥室 (第七十七条第三款、第一百零四条) or found by the officer.
    The case itself lives in 警综: we keep its number, the 立案/结案 dates and the community officer's own work —
    arrival, the people involved, the on-scene log, follow-ups (第七十九条、第八十条)."""

    scope_source = "beat"

    beat = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("案事件类别"), max_length=20, choices=IncidentKind.choices, db_index=True)
    subkind = models.CharField(_("细类"), max_length=30, choices=SUBKIND_CHOICES)
    source = models.CharField(_("来源"), max_length=20, choices=IncidentSource.choices)
    summary = models.TextField(_("简要案情"))
    place_text = models.CharField(_("发生地点"), max_length=300)
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("标准地址"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    has_scene = models.BooleanField(_("有现场"), default=True)
    occurred_at = models.DateTimeField(_("发生时间"), null=True, blank=True)
    reported_at = models.DateTimeField(_("接报时间"), db_index=True)
    # 推送/派警: the arrival limit counts from here (else from reported_at).
    dispatched_at = models.DateTimeField(_("推送时间"), null=True, blank=True)
    pushed_by = _user(_("推送人"))
    officer = _user(_("接收民警"))
    arrived_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    case_number = models.CharField(_("警综案件编号"), max_length=60, blank=True)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.TextField(_("办结情况"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN, db_index=True
    )
    recorded_by = _user(_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("案事件")
        verbose_name_plural = _("案事件")
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-reported_at", "-id"], name="casework_incident_scope_list")]

    def __str__(self):
        return f"{self.get_subkind_display()}（{timezone.localtime(self.reported_at):%Y-%m-%d}，编号{self.pk}）"

    @property
    def record_id(self) -> str:
        """The id the rules engine and its tasks know this incident by."""
        return str(self.pk)

    @property
    def label(self) -> str:
        """How tasks and logs name it: kind and number, never a person's name."""
        return f"{self.get_subkind_display()}（案事件编号{self.pk}）"


class IncidentPerson(ScopedModel):
    """A person involved (受害人、涉案人、当事人、关系人): linked to the registry, or a collection task for it; verified
    (第七十九条(三))."""

    scope_source = "incident"

    incident = models.ForeignKey(Incident, verbose_name=_("案事件"), on_delete=models.CASCADE, related_name="people")
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("实有人口"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    role = models.CharField(_("身份"), max_length=10, choices=PersonRole.choices)
    is_foreign = models.BooleanField(_("境外人员"), default=False)
    verified = models.BooleanField(_("基本情况已核实"), default=False)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verified_by = _user(_("核实人"))
    dissuasion_task = models.ForeignKey(
        "tasks.Task", verbose_name=_("见面劝阻任务"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    added_on = models.DateField(_("添加日期"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("涉案人员")
        verbose_name_plural = _("涉案人员")
        ordering = ["incident", "id"]
        indexes = [models.Index(fields=["scope_path"], name="casework_incperson_scope")]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return f"{self.get_role_display()}（案事件编号{self.incident_id}）"


class IncidentSceneEntry(ScopedModel):
    """现场处置记录: one step of 第七十九条(一)–(五) or, for accidents, 第八十四条(一)–(五)."""

    scope_source = "incident"

    incident = models.ForeignKey(
        Incident, verbose_name=_("案事件"), on_delete=models.CASCADE, related_name="scene_entries"
    )
    step = models.CharField(_("处置工作"), max_length=20, choices=SCENE_STEP_CHOICES)
    done_at = models.DateTimeField(_("时间"))
    note = models.TextField(_("情况"))
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("现场处置记录")
        verbose_name_plural = _("现场处置记录")
        ordering = ["done_at", "id"]
        indexes = [models.Index(fields=["scope_path"], name="casework_incscene_scope")]

    def __str__(self):
        return f"{self.get_step_display()} {self.done_at:%Y-%m-%d %H:%M}"


class IncidentFollowUp(ScopedModel):
    """回访 (第八十条): after 立案, after 结案, or the contact follow-up of a case with no scene (第七十七条第二款)."""

    scope_source = "incident"

    incident = models.ForeignKey(
        Incident, verbose_name=_("案事件"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField(_("回访类别"), max_length=20, choices=FollowUpKind.choices)
    visited_on = models.DateField(_("回访日期"))
    visited = models.CharField(_("回访对象"), max_length=100)
    items = models.JSONField(_("回访内容（第八十条）"), default=list, blank=True)
    content = models.TextField(_("回访情况"))
    risk_level = models.CharField(_("风险等级评估"), max_length=10, choices=RiskLevel.choices)
    satisfaction = models.CharField(_("满意度"), max_length=12)
    preventable = models.BooleanField(_("可防性案件"), default=False)
    recorded_by = _user(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("案事件回访")
        verbose_name_plural = _("案事件回访")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["scope_path"], name="casework_incfollowup_scope")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.visited_on}"
