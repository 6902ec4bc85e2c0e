import asyncio

from asgiref.sync import async_to_sync
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from health_check.exceptions import ServiceWarning

from accounts.roles import Perm
from accounts.selectors import user_may

from .health import CHECKS


async def _run_checks():
    checks = [check() for check in CHECKS]
    return await asyncio.gather(*(check.get_result() for check in checks))


def _state(error) -> str:
    if error is None:
        return "ok"
    return "warning" if isinstance(error, ServiceWarning) else "down"


def health_detail(request):
    """系统运行状态 for administrators (督察/科信); ``?format=json`` for monitoring. 503 when a part is down."""
    if not user_may(request.user, Perm.VIEW_HEALTH):
        raise PermissionDenied(_("仅科信（系统管理）人员可查看系统运行状态"))
    results = async_to_sync(_run_checks)()
    rows = [
        {
            "label": result.check.label,
            "state": _state(result.error),
            "detail": result.error.message if result.error is not None else result.check.detail,
            "ms": round(result.time_taken * 1000),
        }
        for result in results
    ]
    status = 503 if any(row["state"] == "down" for row in rows) else 200
    if request.GET.get("format") == "json":
        return JsonResponse({"checks": rows}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "ops/health.html", {"title": "系统运行状态", "rows": rows}, status=status)
