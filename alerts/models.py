"""三色预警 (规范003 服务机制(一)): red, orange and yellow alerts raised by the control centre, the command centre, the
station's command room or an officer, each on a beat; the departments a red alert links (3部门联动); an orange
alert's sampling plan (双随机) and its draws, each a task. Clocks: ``alerts.adapters`` → the rules engine.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel

USER = settings.AUTH_USER_MODEL


def _user(verbose):
    return models.ForeignKey(
        USER, verbose_name=verbose, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class Colour(models.TextChoices):
    RED = "red", _("红色预警")
    ORANGE = "orange", _("橙色预警")
    YELLOW = "yellow", _("黄色预警")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待响应")
    RESPONDED = "responded", _("处置中")
    CLOSED = "closed", _("已闭环")


class RaisedBy(models.TextChoices):
    CONTROL_CENTRE = "control_centre", _("基础管控中心")
    COMMAND_CENTRE = "command_centre", _("情指中心")
    COMMAND_ROOM = "command_room", _("综合指挥室")
    OFFICER = "officer", _("社区民警")
    STATION_LEAD = "station_lead", _("所领导")


class SourceKind(models.TextChoices):
    NONE = "", _("无")
    LEAD = "lead", _("情况线索")
    DISPUTE = "dispute", _("矛盾纠纷")
    INCIDENT = "incident", _("案事件")
    HAZARD = "hazard", _("治安隐患")
    CARE = "care", _("关爱帮扶预警")
    OTHER = "other", _("其他")


class Population(models.TextChoices):
    UNIT = "unit", _("单位")
    HOUSEHOLD = "household", _("住户（房屋）")


class Purpose(models.TextChoices):
    CHECK = "check", _("随机抽检")
    VISIT = "visit", _("随机走访")


class Alert(ScopedModel):
    scope_source = "beat"

    beat = models.ForeignKey("org.OrgUnit", verbose_name=_("警务区"), on_delete=models.PROTECT, related_name="+")
    colour = models.CharField(_("预警等级"), max_length=10, choices=Colour.choices, db_index=True)
    title = models.CharField(_("预警事项"), max_length=200)
    description = models.TextField(_("预警内容"), blank=True)
    raised_by_unit = models.CharField(_("发布单位"), max_length=20, choices=RaisedBy.choices)
    raised_by = _user(_("发布人"))
    raised_at = models.DateTimeField(_("发布时间"), db_index=True)
    source_kind = models.CharField(_("来源"), max_length=20, choices=SourceKind.choices, blank=True, default="")
    source_ref = models.CharField(_("来源编号"), max_length=40, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    responded_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    responded_by = _user(_("响应人"))
    response_note = models.TextField(_("响应情况"), blank=True)
    closed_at = models.DateTimeField(_("闭环时间"), null=True, blank=True)
    closed_by = _user(_("闭环人"))
    close_note = models.TextField(_("闭环情况"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("三色预警")
        verbose_name_plural = _("三色预警")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "-raised_at", "-id"], name="alerts_alert_scope_list")]

    def __str__(self):
        return f"{self.get_colour_display()}：{self.title}"

    @property
    def record_id(self) -> str:
        """The id the rules engine and its tasks know this alert by."""
        return str(self.pk)

    @property
    def is_open(self) -> bool:
        return self.status != AlertStatus.CLOSED


class AlertDepartment(ScopedModel):
    """A department linked to a red alert (“3部门联动”)."""

    scope_source = "alert"

    alert = models.ForeignKey(Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("联动部门"), max_length=100)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    task = models.CharField(_("承担工作"), max_length=200, blank=True)
    linked_at = models.DateTimeField(_("联动时间"))
    linked_by = _user(_("登记人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("联动部门")
        verbose_name_plural = _("联动部门")
        ordering = ["linked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["alert", "name"], name="alerts_one_department_name")]

    def __str__(self):
        return self.name


class SamplingPlan(ScopedModel):
    """An orange alert's “双随机” plan: the population, the recorded seed and the rates in force when drawn."""

    scope_source = "alert"

    # One plan per alert (the constraint below), a foreign key so the scope follows the alert (accounts.E002).
    alert = models.ForeignKey(Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="plans")
    population = models.CharField(_("抽样对象"), max_length=20, choices=Population.choices)
    population_size = models.PositiveIntegerField(_("对象总数"))
    seed = models.BigIntegerField(_("随机种子"))
    check_rate = models.DecimalField(_("抽检率"), max_digits=4, decimal_places=2)
    visit_rate = models.DecimalField(_("走访率"), max_digits=4, decimal_places=2)
    due_on = models.DateField(_("完成期限"))
    drawn_at = models.DateTimeField(_("抽取时间"))
    drawn_by = _user(_("抽取人"))

    class Meta(ScopedModel.Meta):
        verbose_name = _("双随机抽样方案")
        verbose_name_plural = _("双随机抽样方案")
        constraints = [models.UniqueConstraint(fields=["alert"], name="alerts_one_plan_per_alert")]

    def __str__(self):
        return f"{self.alert} 抽样（种子{self.seed}）"


class SamplingDraw(ScopedModel):
    scope_source = "plan"

    plan = models.ForeignKey(SamplingPlan, verbose_name=_("抽样方案"), on_delete=models.CASCADE, related_name="draws")
    purpose = models.CharField(_("用途"), max_length=10, choices=Purpose.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    label = models.CharField(_("对象"), max_length=200)
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("任务"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ScopedModel.Meta):
        verbose_name = _("抽中对象")
        verbose_name_plural = _("抽中对象")
        ordering = ["purpose", "id"]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.label}"


class AlertSetting(ScopedModel):
    """A number the text leaves to the station (``alerts.rules.SETTINGS``), set by a station lead."""

    scope_source = "org_unit"

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("设置项"), max_length=60)
    value = models.PositiveIntegerField(_("数值"))
    set_by = _user(_("设定人"))
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("预警设置")
        verbose_name_plural = _("预警设置")
        constraints = [models.UniqueConstraint(fields=["org_unit", "code"], name="alerts_one_setting_per_unit")]
