from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

READABLE = {"ensure_ascii": False}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return f"请求内容过大（上限 {limit:g} MB），请减少内容；上传文件请使用文件上传"


@login_not_required
def bad_request(request, exception=None):
    """A request Django itself refused (a body over the size limit, too many fields, a bad host): said in Chinese,
    as JSON on the API. Rendered without context processors: the request's own data cannot be read again."""
    if isinstance(exception, RequestDataTooBig):
        message, status = _too_big_message(), 413
    elif isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        message, status = "提交的字段或文件过多，请分批提交", 400
    else:
        message, status = "请求无法处理，请检查后重试", 400
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=status, json_dumps_params=READABLE)
    response = HttpResponseBadRequest(loader.get_template("web/errors/400.html").render({"message": message}))
    response.status_code = status
    return response


@login_not_required
def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您没有权限访问该页面")
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=403, json_dumps_params=READABLE)
    return render(request, "web/errors/403.html", {"message": message}, status=403)


@login_not_required
def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("未找到")}, status=404, json_dumps_params=READABLE)
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
