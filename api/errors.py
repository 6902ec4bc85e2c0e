"""One place maps errors to HTTP: validation → 422 with per-field Chinese messages, no permission → 403,
missing or out of scope → 404. A 500 is a bug."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# pydantic error types → what a user reads.
PYDANTIC_MESSAGES = {
    "missing": "此字段为必填项",
    "string_too_long": "内容过长，最多 {max_length} 个字",
    "string_too_short": "内容过短，至少 {min_length} 个字",
    "string_type": "请填写文字",
    "int_parsing": "请填写整数",
    "int_type": "请填写整数",
    "bool_parsing": "请填写 true 或 false",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
}


def _field_of(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "__all__"


def chinese_errors(errors) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        template = PYDANTIC_MESSAGES.get(error.get("type"), "取值无效")
        try:
            message = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            message = template
        fields.setdefault(_field_of(error.get("loc", ())), []).append(message)
    return fields


def install(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_request_invalid(request, exc):
        return api.create_response(request, {"detail": chinese_errors(exc.errors)}, status=422)

    @api.exception_handler(DjangoValidationError)
    def on_service_invalid(request, exc):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        return api.create_response(request, {"detail": str(exc) or "您没有权限执行此操作"}, status=403)

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing(request, exc):
        return api.create_response(request, {"detail": "未找到"}, status=404)

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return api.create_response(request, {"detail": "未找到"}, status=404)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return api.create_response(request, {"detail": "请先登录"}, status=401)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return api.create_response(request, {"detail": "请求体不是有效的 JSON"}, status=400)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
