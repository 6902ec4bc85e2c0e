from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import LoginOutcome
from .services import login_log_write


def _request_meta(request):
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR") or None, request.META.get("HTTP_USER_AGENT", "")


@receiver(user_logged_in, dispatch_uid="audit_login_success")
def on_login(sender, request, user, **kwargs):
    ip, ua = _request_meta(request)
    login_log_write(username=user.get_username(), user=user, outcome=LoginOutcome.SUCCESS, ip=ip, user_agent=ua)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    ip, ua = _request_meta(request)
    login_log_write(username=user.get_username(), user=user, outcome=LoginOutcome.LOGOUT, ip=ip, user_agent=ua)


@receiver(user_login_failed, dispatch_uid="audit_login_failure")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    user = get_user_model().objects.filter(username=username).first()
    ip, ua = _request_meta(request)
    login_log_write(username=username, user=user, outcome=LoginOutcome.FAILURE, ip=ip, user_agent=ua)
