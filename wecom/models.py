"""The gateway's own small database (SQLite by default, PostgreSQL by WECOM_DATABASE_URL): callbacks as received,
chats it has heard of, the 微信客服 cursors, and the 群发 items it carries for the core. Nothing here is the core's
register: the core learns everything from the envelopes.

Every model names its app_label: the core's test run imports these models without installing the app (the gateway
is not in fengqiao.settings' INSTALLED_APPS); its tests create the tables inside their own transaction
(wecom/tests/conftest.py, docs/adr/0014)."""

from django.db import models
from django.utils import timezone


class RawEvent(models.Model):
    """One callback as WeCom sent it (decrypted), stored before the answer; a worker processes it afterwards."""

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        WORKING = "working", "处理中"
        DONE = "done", "已处理"
        IGNORED = "ignored", "仅存档"  # an event the gateway does not act on: kept raw
        FAILED = "failed", "失败"

    dedupe_key = models.CharField("去重键", max_length=80, unique=True)
    received_at = models.DateTimeField("收到时间", default=timezone.now)
    kind = models.CharField("事件", max_length=64, blank=True)
    change_type = models.CharField("变更类型", max_length=32, blank=True)
    chat_id = models.CharField("群ID", max_length=128, blank=True)
    fields = models.JSONField("字段", default=dict)
    plaintext = models.TextField("明文")
    deliveries = models.PositiveIntegerField("投递次数", default=1)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("处理次数", default=0)
    not_before = models.DateTimeField("下次处理", default=timezone.now)
    last_error = models.TextField("最近错误", blank=True)
    processed_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        app_label = "wecom"
        indexes = [models.Index(fields=["status", "not_before"])]

    def __str__(self):
        return f"{self.kind} {self.dedupe_key}"


class KnownChat(models.Model):
    """A chat id the gateway has heard of (callback, list, broadcast target, configuration): reconcile asks about it."""

    chat_id = models.CharField("群ID", max_length=128, unique=True)
    first_seen = models.DateTimeField("首次发现", default=timezone.now)
    visible = models.BooleanField("接口可见", null=True)
    checked_at = models.DateTimeField("最近核对", null=True, blank=True)

    class Meta:
        app_label = "wecom"

    def __str__(self):
        return self.chat_id


class KfCursor(models.Model):
    """The kf/sync_msg cursor of one 微信客服 account: messages before it were already handed to the core."""

    open_kfid = models.CharField("客服账号ID", max_length=128, unique=True)
    cursor = models.CharField("游标", max_length=256, blank=True)

    class Meta:
        app_label = "wecom"

    def __str__(self):
        return self.open_kfid


class InboundEnvelope(models.Model):
    """An envelope from the core already applied (the spool's idempotence: an id seen before is skipped)."""

    id = models.CharField(primary_key=True, max_length=128)
    kind = models.CharField(max_length=32)
    applied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "wecom"

    def __str__(self):
        return self.id


class BroadcastItem(models.Model):
    """One group of one `broadcast` envelope: queued, submitted as a 群发 task, confirmed, sent or failed."""

    class Status(models.TextChoices):
        PENDING = "pending", "待提交"
        QUEUED_CAP = "queued_cap", "超出月度上限，排队"
        SUBMITTED = "submitted", "已提交"
        CONFIRMED = "confirmed", "成员已确认"
        SENT = "sent", "已送达"
        FAILED = "failed", "失败"

    outbound_id = models.CharField("来件ID", max_length=128)
    chat_id = models.CharField("群ID", max_length=128)
    sender = models.CharField("发送成员", max_length=64)
    text = models.TextField("内容")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    msgid = models.CharField("群发ID", max_length=128, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    detail = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "wecom"
        constraints = [models.UniqueConstraint(fields=["outbound_id", "chat_id"], name="wecom_broadcast_item_once")]

    def __str__(self):
        return f"{self.outbound_id} {self.chat_id} {self.status}"
