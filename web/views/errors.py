from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

READABLE = {"ensure_ascii": False}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


@login_not_required
def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限访问该页面"
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=403, json_dumps_params=READABLE)
    return render(request, "web/errors/403.html", {"message": message}, status=403)


@login_not_required
def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "未找到"}, status=404, json_dumps_params=READABLE)
    return render(request, "web/errors/404.html", status=404)


@login_not_required
def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "服务器内部错误，已记录，请稍后再试"}, status=500, json_dumps_params=READABLE)
    # Rendered without context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("web/errors/500.html").render())


@login_not_required
def health(request):
    """Health check for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
