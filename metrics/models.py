"""考评与指标: snapshots of the indicator catalogue, the evaluation scheme, surveys and the 社区安全指数.

Nothing here holds a figure typed in by hand except a survey's counts (安全感、满意度 are asked, not computed).
Every other value is a snapshot of a catalogue formula (``fengqiao.indicators``) for one org unit and month.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedModel


class IndicatorSnapshot(ScopedModel):
    """One catalogue value for one org unit and month, as of ``end`` (month to date while the month runs)."""

    code = models.CharField(_("指标代码"), max_length=64)
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("期间"), max_length=7)  # YYYY-MM
    start = models.DateField(_("起始日"))
    end = models.DateField(_("截至日"))
    numerator = models.DecimalField(_("分子"), max_digits=16, decimal_places=4)
    denominator = models.DecimalField(_("分母"), max_digits=16, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("值"), max_digits=16, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("目标"), max_digits=16, decimal_places=4, null=True, blank=True)
    met = models.BooleanField(_("达标"), null=True)
    taken_at = models.DateTimeField(_("快照时间"), auto_now=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        constraints = [models.UniqueConstraint(fields=["code", "org_unit", "period"], name="metrics_snapshot_once")]
        indexes = [models.Index(fields=["scope_path", "period"], name="metrics_snapshot_scope")]


class EvaluationLock(models.Model):
    """年底终评 (规范001 第一百一十五条): once a year is locked its snapshots, surveys and schemes cannot change."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(_("终评锁定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度终评锁定")
        verbose_name_plural = _("年度终评锁定")

    def __str__(self):
        return f"{self.year}"


class StationCategory(models.TextChoices):
    """派出所实际分类 (规范001 第一百一十三条第二款: 考评应当考虑派出所实际分类进行)."""

    URBAN = "urban", _("城区派出所")
    RURAL = "rural", _("农村派出所")
    MIXED = "mixed", _("城乡结合部派出所")


class StationProfile(models.Model):
    org_unit = models.OneToOneField(
        "org.OrgUnit", verbose_name=_("派出所"), on_delete=models.CASCADE, related_name="evaluation_profile"
    )
    category = models.CharField(_("派出所分类"), max_length=10, choices=StationCategory.choices)

    class Meta:
        verbose_name = _("派出所考评分类")
        verbose_name_plural = _("派出所考评分类")

    def __str__(self):
        return f"{self.org_unit} {self.get_category_display()}"


class EvaluationScheme(ScopedModel):
    """A station category's weights for a year, owned by one control centre (严禁多头考评, 第一百一十五条)."""

    org_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="evaluation_schemes"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("派出所分类"), max_length=10, choices=StationCategory.choices)
    name = models.CharField(_("方案名称"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("考评方案")
        verbose_name_plural = _("考评方案")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "category"], name="metrics_one_scheme_per_unit")
        ]

    def __str__(self):
        return self.name

    @property
    def total_weight(self) -> Decimal:
        return sum((i.weight for i in self.items.all()), Decimal(0))

    @property
    def community_weight(self) -> Decimal:
        return sum((i.weight for i in self.items.all() if i.community), Decimal(0))


class EvaluationItem(models.Model):
    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("指标代码"), max_length=64, blank=True, help_text=_("指标目录中的指标；其他工作留空"))
    name = models.CharField(_("考评项目"), max_length=100)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    community = models.BooleanField(_("社区警务工作"), default=True)

    class Meta:
        verbose_name = _("考评项目")
        verbose_name_plural = _("考评项目")
        ordering = ["id"]

    def __str__(self):
        return self.name


class SurveyKind(models.TextChoices):
    SECURITY = "security", _("群众安全感")
    SATISFACTION = "satisfaction", _("群众满意度")


class Survey(ScopedModel):
    """主观指标 (第一百一十四条): a survey of residents with its sample and result."""

    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("调查单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("调查类别"), max_length=20, choices=SurveyKind.choices)
    period = models.CharField(_("期间"), max_length=7)  # YYYY-MM
    sample = models.PositiveIntegerField(_("样本数"))
    favourable = models.PositiveIntegerField(_("满意/有安全感人数"))
    # 003's optional 群众满意度 dimensions (服务响应 20 %, 问题解决 30 %, 环境体验 25 %, 创新认可 25 %), 0–100.
    dimensions = models.JSONField(_("分项得分"), default=dict, blank=True)
    method = models.CharField(_("调查方式"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta(ScopedModel.Meta):
        verbose_name = _("群众调查")
        verbose_name_plural = _("群众调查")

    def __str__(self):
        return f"{self.period} {self.get_kind_display()} {self.favourable}/{self.sample}"


class Normalisation(models.TextChoices):
    PERCENT = "percent", _("比率×100")
    TARGET = "target", _("对照目标（达到目标为100分）")


class SafetyIndexCategory(models.Model):
    """社区安全指数的一类 (规范003: 治安防控40%、民生服务30%、环境安全30%); the weights must sum to 100 %."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("类别"), max_length=50)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    source = models.CharField(_("依据"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("安全指数类别")
        verbose_name_plural = _("安全指数类别")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class BeatBoundary(models.Model):
    """A beat's boundary as GeoJSON geometry (Polygon or MultiPolygon, lon/lat): data on the org unit, drawn by the
    dashboard's map without any tile server (the demo generates plausible polygons, ``metrics.demo``)."""

    org_unit = models.OneToOneField(
        "org.OrgUnit", verbose_name=_("警务区"), on_delete=models.CASCADE, related_name="boundary"
    )
    geometry = models.JSONField(_("边界（GeoJSON）"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("警务区边界")
        verbose_name_plural = _("警务区边界")

    def __str__(self):
        return str(self.org_unit)


class SafetyIndexItem(models.Model):
    category = models.ForeignKey(SafetyIndexCategory, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("指标代码"), max_length=64)
    weight = models.DecimalField(_("类内权重（%）"), max_digits=5, decimal_places=2)
    normalisation = models.CharField(
        _("标准化方法"), max_length=10, choices=Normalisation.choices, default=Normalisation.PERCENT
    )

    class Meta:
        verbose_name = _("安全指数指标")
        verbose_name_plural = _("安全指数指标")
        ordering = ["category", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="metrics_index_item_once")]

    def __str__(self):
        return self.code
