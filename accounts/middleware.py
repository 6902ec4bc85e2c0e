from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse
from django.shortcuts import redirect


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Deny by default: every page and API needs sign-in, except views marked ``login_not_required``.

    Pages redirect to the sign-in page; the JSON API answers 401 so clients get a clear signal.
    """

    def handle_no_permission(self, request, view_func):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "请先登录"}, status=401)
        return super().handle_no_permission(request, view_func)


class PasswordChangeRequiredMiddleware:
    """After a reset, the user must set their own password before anything else (pages only)."""

    allowed_prefixes = ("/password/", "/logout/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(self.allowed_prefixes)
            and not request.path.startswith("/api/")
        ):
            return redirect("web:password_change")
        return self.get_response(request)
