"""Deployment checks of Fengqiao's own (``python manage.py check --deploy``; docs/adr/0005), beside Django's:
production must not run on the development secret key, and plain HTTP is said out loud."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def production_switches(app_configs=None, **kwargs):
    problems = []
    if not settings.DEBUG and settings.SECRET_KEY == getattr(settings, "DEV_SECRET_KEY", None):
        problems.append(
            checks.Error(
                "FENGQIAO_DEBUG 已关闭，但未设置 FENGQIAO_SECRET_KEY（正在使用开发用密钥）",
                hint="在环境文件中设置一个长的随机值（scripts/serve 首次运行时会生成）",
                id="fengqiao.E101",
            )
        )
    if not settings.DEBUG and not getattr(settings, "FENGQIAO_HTTPS", False):
        problems.append(
            checks.Warning(
                "FENGQIAO_PLAIN_HTTP=1：站点以明文 HTTP 提供服务，无 HTTPS 跳转、HSTS 和安全 Cookie",
                hint="仅用于本机演示与压测；生产环境请删除该设置，并由 nginx 提供 HTTPS",
                id="fengqiao.W101",
            )
        )
    return problems
