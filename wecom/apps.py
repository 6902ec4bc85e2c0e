from django.apps import AppConfig


class WecomConfig(AppConfig):
    name = "wecom"
    verbose_name = "企业微信网关"
    default_auto_field = "django.db.models.BigAutoField"
