"""Audit trails: reads of personal data (访问留痕), writes (操作日志) and sign-ins (登录日志).

The trails are append-only. The app never updates or deletes a row (``AppendOnlyModel``), and on
PostgreSQL a trigger refuses UPDATE and DELETE from anyone (migration 0002) — 规范001 第一百零九条.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(ScopedQuerySet):
    scope_path_lookup = "scope_path"

    def update(self, **kwargs):
        raise AppendOnlyError("审计记录不可修改")

    def delete(self):
        raise AppendOnlyError("审计记录不可删除")


class AppendOnlyModel(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    # Org path of what was touched (or of the actor's unit), so auditors see their own subtree.
    scope_path = models.CharField(_("范围路径"), max_length=255, blank=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录不可删除")


class AccessAction(models.TextChoices):
    VIEW = "view", _("查看详情")
    UNMASK = "unmask", _("显示完整信息")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载附件")


class AccessRecord(AppendOnlyModel):
    """One read of one person's record: who, what, when, from where."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("账号"), max_length=150)
    action = models.CharField(_("动作"), max_length=10, choices=AccessAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=50)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_label = models.CharField(_("对象"), max_length=100, blank=True)
    batch = models.CharField(_("批次"), max_length=32, blank=True, help_text=_("同一次导出的记录共用批次号"))
    channel = models.CharField(_("渠道"), max_length=10, default="web")

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("访问留痕")
        verbose_name_plural = _("访问留痕")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_access_object")]

    def __str__(self):
        return f"{self.username} {self.get_action_display()} {self.object_label}"


class OperationLog(AppendOnlyModel):
    """One state change made through a service function."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("账号"), max_length=150)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=50)
    object_id = models.CharField(_("对象编号"), max_length=64)
    summary = models.CharField(_("摘要"), max_length=300)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")

    def __str__(self):
        return f"{self.username} {self.summary}"


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    LOGOUT = "logout", _("退出")


class LoginRecord(AppendOnlyModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("登录名"), max_length=150)
    outcome = models.CharField(_("结果"), max_length=10, choices=LoginOutcome.choices)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")

    def __str__(self):
        return f"{self.username} {self.get_outcome_display()}"
